/** The workflow bundle's entry point: every workflow type the worker registers. */
export { complaintCase } from './complaint-case';
export { deliverNotification, notificationSweeper } from './deliver-notification';
export { escalationDigest } from './escalation-digest';
export { earlyWarningDetector } from './reports/early-warning-detector';
export { regulatorMonthlyReport } from './reports/regulator-monthly-report';
