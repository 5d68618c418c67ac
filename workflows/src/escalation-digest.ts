/**
 * The daily digest of open escalations to each manager (issue 11 "Quiet hours for staff"), started by a Temporal
 * Schedule at 09:00 Beijing time (`escalation-digest:<task queue>`, created by each worker at start; visible under
 * Schedules in the Temporal UI), or directly. It plans one message per manager for the day — the inbox, and e-mail when
 * they want it — listing the open cases escalated to the manager tier that they cover (R-SLA-8, R-FLOW-6 scope), then
 * sends each with the relay's retry policy: quiet hours on a durable timer, backoff, parked (never dropped) when the
 * retries are exhausted or the channel refuses it for good. Planning is idempotent per day: a second run sends nothing
 * again.
 *
 * Deterministic: the day comes from the workflow clock; only delivery ids and states pass through Temporal (R-SEC-1).
 */
import { ActivityFailure, proxyActivities, sleep } from '@temporalio/workflow';
import { PRODUCTION_DELIVERY_RETRY, type DeliveryRetryOptions } from '@complaintflow/contracts';
import type { DeliveryStatus } from './deliver-notification';

export interface EscalationDigestInput {
  /** The instant whose Beijing day the digest is for (epoch ms); default: when the run starts. */
  readonly at?: number;
  /** The send retry policy (default: 8 attempts from 30 s, doubling, at most 30 min apart). */
  readonly retry?: DeliveryRetryOptions;
}

export interface EscalationDigestResult {
  /** The digest deliveries of the day (inbox and e-mail rows), and how each ended. */
  readonly deliveries: readonly { readonly deliveryId: number; readonly channel: string; readonly status: string }[];
}

interface PlannedDigest {
  readonly deliveryId: number;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly notBefore: number | null;
}

interface DigestOutcome {
  readonly deliveryId: number;
  readonly channel: string;
  readonly status: DeliveryStatus;
}

/** The digest's activities (`createDigestActivities` in `@complaintflow/activities`, and the relay's `park`). */
export interface EscalationDigestActivities {
  planEscalationDigests(input: { at: number }): Promise<PlannedDigest[]>;
  deliverDigest(input: { deliveryId: number }): Promise<DigestOutcome>;
  park(input: { deliveryId: number }): Promise<{ deliveryId: number; channel: string; status: DeliveryStatus }>;
}

const DEFAULT_RETRY = PRODUCTION_DELIVERY_RETRY;

const steps = proxyActivities<EscalationDigestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

const STILL_TO_SEND: readonly DeliveryStatus[] = ['pending', 'waiting'];

export async function escalationDigest(input: EscalationDigestInput = {}): Promise<EscalationDigestResult> {
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  const sending = proxyActivities<EscalationDigestActivities>({
    startToCloseTimeout: '2 minutes',
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      maximumInterval: retry.maximumIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      nonRetryableErrorTypes: ['PermanentChannelError', 'DeliveryMissing'],
    },
  });
  const planned = await steps.planEscalationDigests({ at: input.at ?? Date.now() });

  async function deliverOne(p: PlannedDigest): Promise<DigestOutcome> {
    if (!STILL_TO_SEND.includes(p.status)) return p;
    // A manager's quiet hours: a durable timer (issue 11).
    if (p.notBefore !== null && p.notBefore > Date.now()) await sleep(p.notBefore - Date.now());
    try {
      return await sending.deliverDigest({ deliveryId: p.deliveryId });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      return steps.park({ deliveryId: p.deliveryId }); // retries exhausted, or refused for good: parked, never dropped
    }
  }

  const outcomes = await Promise.all(planned.map(deliverOne));
  return { deliveries: outcomes.map((o) => ({ deliveryId: o.deliveryId, channel: o.channel, status: o.status })) };
}
