/** Helpers for workflow scenario tests: policies scaled for real-time tests, actors, starting and acting on cases. */
import { FAST_POLICY, policyWith } from './policies';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { CaseIntake, CaseState } from '@complaintflow/domain/case';
import type { ActionInputs } from '@complaintflow/domain/case/actions';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import type { ActionName, Actor } from '@complaintflow/domain/stages';
import { COMPLAINT_CASE_WORKFLOW } from '@complaintflow/temporal';
import {
  actionUpdates,
  caseWorkflowId,
  deliveryReportedSignal,
  syncUpdate,
  type CaseWorkflowOptions,
} from '@complaintflow/contracts';
import type { Harness } from './env';
import { intake } from './fixtures';

/** Every deadline a minute or more: scenario tests walk the stages without racing a clock. */
export { FAST_POLICY, policyWith };

export const CALM_POLICY = policyWith(
  {
    classify: 60,
    forward: 60,
    department_response: 60,
    investigation_start: 60,
    evidence_request: 60,
    investigation: 60,
    plan: 60,
    approval: 60,
    reply_after_approval: 60,
    execution: 60,
    confirmation: 60,
    first_reply: 120,
    archive: 60,
    refund: 60,
    analysis: 3,
    statutory_reply: 300,
  },
  { progressNotice: { every: { amount: 600, unit: 'seconds' } } },
);

export const AGENT: Actor = { kind: 'staff', id: 'agent-1', roles: ['agent'] };
export const AGENT2: Actor = { kind: 'staff', id: 'agent-2', roles: ['agent'] };
export const INVESTIGATOR: Actor = { kind: 'staff', id: 'inv-1', roles: ['investigator'] };
export const SUPERVISOR: Actor = { kind: 'staff', id: 'sup-1', roles: ['supervisor'] };
export const MANAGER: Actor = { kind: 'staff', id: 'mgr-1', roles: ['manager'] };
/** R-APR-1: the lowest approval tier (every plan is approved by a leader under policy 2026.2). */
export const TEAM_LEAD: Actor = { kind: 'staff', id: 'lead-1', roles: ['team_lead'] };
export const CUSTOMER: Actor = { kind: 'customer' };

export async function startCase(
  h: Harness,
  policy: PolicyDocument,
  overrides: Partial<CaseIntake> = {},
  options?: CaseWorkflowOptions,
) {
  const i = intake(overrides);
  const handle = await h.client.workflow.start(COMPLAINT_CASE_WORKFLOW, {
    taskQueue: h.taskQueue,
    workflowId: caseWorkflowId(i.caseId),
    args: [{ intake: i, policy, ...(options ? { options } : {}) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await handle.executeUpdate(syncUpdate);
  return { handle, intake: i };
}

export function act<A extends ActionName>(
  handle: WorkflowHandle,
  name: A,
  actor: Actor,
  input: ActionInputs[A],
  updateId?: string,
): Promise<CaseState> {
  return handle.executeUpdate(actionUpdates[name], { args: [{ actor, input }], ...(updateId ? { updateId } : {}) });
}

/** Asserts an action is refused with `code` (and returns the refusal detail). */
export async function expectRefused(
  p: Promise<unknown>,
  code: string,
): Promise<{ reason: string; details: unknown[] }> {
  const err = await p.then(
    () => {
      throw new Error(`expected refusal ${code}, but the action succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; details?: unknown[] };
  expect(cause.type).toBe(code);
  return cause.details?.[0] as { reason: string; details: unknown[] };
}

export interface EventRow {
  seq: number;
  type: string;
  actor_id: string;
  actor_role: string;
  prev_hash: string;
  hash: string;
  at: Date;
  data: Record<string, unknown>;
  policy_version: string;
}

export async function eventsOf(h: Harness, caseId: string): Promise<EventRow[]> {
  return h.dataSource.query('SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
}

export async function outboxOf(
  h: Harness,
  caseId: string,
): Promise<{ kind: string; audience: string; channel: string }[]> {
  return h.dataSource.query('SELECT kind, audience, channel FROM notification_outbox WHERE case_id = $1 ORDER BY seq', [
    caseId,
  ]);
}

/** Polls until `check` passes or `timeoutMs` elapses (for timer-driven transitions). */
export async function eventually<T>(probe: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (check(v)) return v;
    if (Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reports a message to the customer as the notification relay does (R-CON-4): the `deliveryReported` signal with the
 * seq of its `notification.requested` event. Scenario tests without the relay use it to say the gateway accepted it.
 */
export async function reportDelivery(
  h: Harness,
  handle: WorkflowHandle,
  caseId: string,
  kind: string,
  state: 'sent' | 'delivered' | 'failed' = 'sent',
): Promise<number> {
  const [row] = await h.dataSource.query(
    `SELECT seq, channel FROM notification_outbox WHERE case_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1`,
    [caseId, kind],
  );
  if (!row) throw new Error(`no ${kind} message in the outbox of ${caseId}`);
  await handle.signal(deliveryReportedSignal, { seq: row.seq, channel: row.channel, state, at: Date.now() });
  return row.seq as number;
}
