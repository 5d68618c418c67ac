/** The workflow bundle's entry point: every workflow type the worker registers. */
export { complaintCase } from './complaint-case';
export { deliverNotification, notificationSweeper } from './deliver-notification';
