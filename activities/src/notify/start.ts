/**
 * Starting the relay's workflows (docs/adr/0011-notification-relay-on-temporal.md): one `deliverNotification` per
 * outbox row, id `notify:<caseId>:<seq>`, started with REJECT_DUPLICATE — so starting twice (the recording activity
 * after its commit, the sweeper, a retried activity) is a no-op, even after the first run has finished. An admin's
 * retry of a parked delivery is a run of its own, `notify:<caseId>:<seq>:retry:<deliveryId>:<attempts>`.
 * Ids and inputs carry case ids, sequence numbers and delivery ids only (R-SEC-1).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { DeliverNotificationInput, DeliveryRetryOptions } from '@complaintflow/contracts';
import { NotificationOutboxRepository } from '@complaintflow/persistence/repositories/notification-outbox';

/** The workflow types (the names `workflows/src/deliver-notification.ts` exports). */
export const DELIVER_NOTIFICATION_WORKFLOW = 'deliverNotification';
export const NOTIFICATION_SWEEPER_WORKFLOW = 'notificationSweeper';

export type { DeliveryRetryOptions } from '@complaintflow/contracts';
/** `deliverNotification`'s input (libs/contracts). */
export type DeliverNotificationArgs = DeliverNotificationInput;

/** What the relay's starters need: a client, the task queue the worker serves, and the send retry policy. */
export interface RelayStarter {
  readonly client: Client;
  readonly taskQueue: string;
  readonly retry?: DeliveryRetryOptions;
}

/** The workflow id of an outbox row's relay. */
export function notifyWorkflowId(caseId: string, seq: number): string {
  return `notify:${caseId}:${seq}`;
}

/** The workflow id of an admin's retry of one delivery (its attempts so far make each retry a run of its own). */
export function retryWorkflowId(caseId: string, seq: number, deliveryId: number, attempts: number): string {
  return `${notifyWorkflowId(caseId, seq)}:retry:${deliveryId}:${attempts}`;
}

/**
 * Starts a relay run; `already` when a run with that id exists or existed (nothing is started twice). Other errors
 * (Temporal unreachable) are thrown: the caller decides (the recording activity leaves the row to the sweeper).
 */
export async function startRelay(
  starter: RelayStarter,
  args: Omit<DeliverNotificationArgs, 'retry'>,
  workflowId = notifyWorkflowId(args.caseId, args.seq),
): Promise<'started' | 'already'> {
  try {
    await starter.client.workflow.start(DELIVER_NOTIFICATION_WORKFLOW, {
      taskQueue: starter.taskQueue,
      workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ ...args, ...(starter.retry ? { retry: starter.retry } : {}) } satisfies DeliverNotificationArgs],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already';
    throw err;
  }
}

/**
 * Starts the relay of each outbox row and marks it `started` (a row whose run already exists is marked too); a row
 * whose start fails stays `pending` for the sweeper. Returns how many runs were started.
 */
export async function markStartedRelays(
  starter: RelayStarter,
  ds: DataSource,
  rows: readonly { readonly caseId: string; readonly seq: number }[],
): Promise<number> {
  const outbox = new NotificationOutboxRepository(ds);
  // In parallel, each bounded: an unreachable Temporal must not hold up the recording activity that calls this.
  const deadline = Date.now() + START_DEADLINE_MS;
  const results = await Promise.all(
    rows.map(async ({ caseId, seq }) => {
      try {
        const how = await starter.client.withDeadline(deadline, () => startRelay(starter, { caseId, seq }));
        await outbox.markStarted(caseId, seq);
        return how === 'started';
      } catch {
        return false; // the row stays pending; the sweeper starts it later
      }
    }),
  );
  return results.filter(Boolean).length;
}

/** How long the starts after a commit may take before the rows are left to the sweeper. */
export const START_DEADLINE_MS = 5_000;
