/**
 * What the notification relay's workflows (workflows/src/deliver-notification.ts, escalation-digest.ts) and the
 * activities that start them share (docs/adr/0011-notification-relay-on-temporal.md): the input of a delivery and the
 * retry policy of one send.
 */

/** The retry policy of one send (exponential backoff); small in tests, minutes in production. */
export interface DeliveryRetryOptions {
  readonly maximumAttempts: number;
  readonly initialIntervalMs: number;
  readonly maximumIntervalMs: number;
  readonly backoffCoefficient?: number;
}

/** Exponential backoff of one send in production: 30 s, 1 min, 2 min, … up to 30 min, 8 attempts (about 2 h). */
export const PRODUCTION_DELIVERY_RETRY: Required<DeliveryRetryOptions> = {
  maximumAttempts: 8,
  initialIntervalMs: 30_000,
  maximumIntervalMs: 30 * 60_000,
  backoffCoefficient: 2,
};

/**
 * The relay's activities heartbeat every `everyMs` while they run, and the workflow gives each attempt a heartbeat
 * timeout of `timeoutMs`: an attempt lost with a worker (a task in transit when it shut down, or a process killed) is
 * retried after `timeoutMs` instead of after its start-to-close timeout (minutes). docs/adr/0011.
 */
export const RELAY_HEARTBEAT = { everyMs: 2_000, timeoutMs: 10_000 } as const;

/** `deliverNotification`'s input: one outbox row of a case. */
export interface DeliverNotificationInput {
  readonly caseId: string;
  /** The seq of the case's `notification.requested` event (the outbox row). */
  readonly seq: number;
  /** Only these deliveries, already planned (an admin's retry of a parked one). */
  readonly deliveryIds?: readonly number[];
  /** The send retry policy (default `PRODUCTION_DELIVERY_RETRY`). */
  readonly retry?: DeliveryRetryOptions;
}
