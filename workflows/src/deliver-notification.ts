/**
 * The notification relay (docs/adr/0011-notification-relay-on-temporal.md): one `deliverNotification` run per
 * `notification_outbox` row (workflow id `notify:<caseId>:<seq>`, started with REJECT_DUPLICATE), and the sweeper that
 * starts the runs whose start was lost between the recording transaction's commit and the start.
 *
 * A run plans the row's deliveries (recipients, channels, rendered texts: one `notification_deliveries` row each),
 * then for each: waits out quiet hours on a durable timer, sends it with an exponential-backoff retry policy, and
 * parks it when the retries are exhausted or the channel refuses it for good — never dropped. What became of a
 * message to the customer is signalled to the case workflow (`deliveryReported`, R-CON-4).
 *
 * Deterministic: no I/O, time from the SDK's clock. Only ids and states pass through Temporal; addresses and texts
 * stay in PostgreSQL (R-SEC-1).
 */
import {
  ActivityFailure,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  sleep,
} from '@temporalio/workflow';
import {
  PRODUCTION_DELIVERY_RETRY,
  RELAY_HEARTBEAT,
  caseWorkflowId,
  deliveryReportedSignal,
  type DeliverNotificationInput,
  type DeliveryReportSignal,
} from '@complaintflow/contracts';

export type DeliveryStatus = 'pending' | 'waiting' | 'sent' | 'delivered' | 'read' | 'failed' | 'parked' | 'held';

export type { DeliverNotificationInput, DeliveryRetryOptions } from '@complaintflow/contracts';

export interface PlannedDelivery {
  readonly deliveryId: number;
  readonly recipientKind: 'staff' | 'customer';
  readonly channel: string;
  readonly status: DeliveryStatus;
  /** Quiet hours: not before this instant (epoch ms). */
  readonly notBefore: number | null;
}

export interface DeliveryOutcome {
  readonly deliveryId: number;
  readonly recipientKind: 'staff' | 'customer';
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly at: number | null;
  readonly providerRef?: string;
}

/** The relay's activities (implemented by `createRelayActivities` in `@complaintflow/activities`). */
export interface RelayActivities {
  planDeliveries(input: { caseId: string; seq: number; deliveryIds?: readonly number[] }): Promise<PlannedDelivery[]>;
  deliver(input: { deliveryId: number }): Promise<DeliveryOutcome>;
  park(input: { deliveryId: number }): Promise<DeliveryOutcome>;
  finishMessage(input: { caseId: string; seq: number }): Promise<void>;
  sweepOutbox(input: { olderThanMs: number }): Promise<number>;
}

const DEFAULT_RETRY = PRODUCTION_DELIVERY_RETRY;

/** Planning, parking, bookkeeping: database steps, retried until the database answers. */
const steps = proxyActivities<RelayActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: RELAY_HEARTBEAT.timeoutMs,
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const STILL_TO_SEND: readonly DeliveryStatus[] = ['pending', 'waiting'];

function reportedState(status: DeliveryStatus): DeliveryReportSignal['state'] | undefined {
  if (status === 'sent') return 'sent';
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'parked' || status === 'failed') return 'failed';
  return undefined; // held (development sink) or still pending: nothing happened the case should record
}

export async function deliverNotification(input: DeliverNotificationInput): Promise<void> {
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  const sending = proxyActivities<RelayActivities>({
    startToCloseTimeout: '2 minutes',
    // A lost attempt (the worker gone mid-task) is retried within seconds, not after two minutes.
    heartbeatTimeout: RELAY_HEARTBEAT.timeoutMs,
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      maximumInterval: retry.maximumIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      nonRetryableErrorTypes: ['PermanentChannelError', 'DeliveryMissing'],
    },
  });

  const planned = await steps.planDeliveries({
    caseId: input.caseId,
    seq: input.seq,
    ...(input.deliveryIds ? { deliveryIds: input.deliveryIds } : {}),
  });

  async function deliverOne(p: PlannedDelivery): Promise<void> {
    // Quiet hours: a durable timer; a worker restart in between changes nothing.
    if (p.notBefore !== null && p.notBefore > Date.now()) await sleep(p.notBefore - Date.now());
    let outcome: DeliveryOutcome;
    try {
      outcome = await sending.deliver({ deliveryId: p.deliveryId });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      outcome = await steps.park({ deliveryId: p.deliveryId }); // retries exhausted, or refused for good
    }
    if (outcome.recipientKind === 'customer') await report(outcome);
  }

  async function report(o: DeliveryOutcome): Promise<void> {
    const state = reportedState(o.status);
    if (state === undefined) return;
    try {
      await getExternalWorkflowHandle(caseWorkflowId(input.caseId)).signal(deliveryReportedSignal, {
        seq: input.seq,
        channel: o.channel as DeliveryReportSignal['channel'],
        state,
        at: o.at ?? Date.now(),
        ...(o.providerRef ? { providerRef: o.providerRef } : {}),
      });
    } catch {
      // The case workflow is gone or finished: there is nothing left to tell.
    }
  }

  await Promise.all(planned.filter((p) => STILL_TO_SEND.includes(p.status)).map(deliverOne));
  await steps.finishMessage({ caseId: input.caseId, seq: input.seq });
}

export interface NotificationSweeperInput {
  readonly intervalMs: number;
  /** Rows pending for longer than this had their start lost (the recording activity starts them at once). */
  readonly olderThanMs: number;
}

/** Rounds per run before continuing as new (a small history). */
const SWEEPS_PER_RUN = 200;

/** Every `intervalMs`, starts the relay of outbox rows still pending after `olderThanMs` (one per task queue). */
export async function notificationSweeper(input: NotificationSweeperInput): Promise<void> {
  const { sweepOutbox } = proxyActivities<RelayActivities>({
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: RELAY_HEARTBEAT.timeoutMs,
    retry: { maximumAttempts: 3, initialInterval: '1 second' },
  });
  for (let i = 0; i < SWEEPS_PER_RUN; i++) {
    try {
      await sweepOutbox({ olderThanMs: input.olderThanMs });
    } catch {
      // This round failed (database down); the next one tries again.
    }
    await sleep(input.intervalMs);
  }
  await continueAsNew<typeof notificationSweeper>(input);
}
