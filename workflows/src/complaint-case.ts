/**
 * One durable workflow per complaint (seed 001, 004). Human actions arrive as Updates; each is decided by the pure
 * domain (`decideAction`) — refused in the validator without writing anything, or turned into events — and time is
 * decided the same way (`dueTimers`). Events are folded into the state with `evolve` and handed, in order, to one
 * writer that records them in PostgreSQL; an Update answers once its events are recorded.
 * Deterministic: no Node built-ins, no I/O, time only from the SDK's clock. No personal data (R-SEC-1).
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '@complaintflow/contracts';
import {
  caseFinished,
  decideAction,
  deliveryEvents,
  dueTimers,
  evolve,
  isOverdue,
  nextWakeAt,
  type CaseEvent,
  type CaseEventData,
  type CaseState,
  type EventActor,
} from '@complaintflow/domain/case';
import { startTier } from '@complaintflow/domain/escalation';
import type { Refused } from '@complaintflow/domain/result';
import { ACTION_NAMES, type ActionName } from '@complaintflow/domain/stages';
import {
  CASE_CATEGORY,
  CASE_CHANNEL,
  CASE_DELIVERY_OUTLET,
  CASE_ESCALATION_LEVEL,
  CASE_ORIGIN_OUTLET,
  CASE_OVERDUE,
  CASE_POLICY_VERSION,
  CASE_STAGE,
  CASE_URGENCY,
} from '@complaintflow/contracts';
import {
  actionUpdates,
  deliveryReportedSignal,
  getCaseQuery,
  RULES_2026_12_PATCH,
  syncUpdate,
  type ActionUpdate,
  type CaseWorkflowInput,
  type RefusalDetail,
} from '@complaintflow/contracts';
import type { ActionEnvelope } from '@complaintflow/domain/case/actions';

const { recordCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['CaseStreamError'] },
});

const SYSTEM: EventActor = { kind: 'system' };

function refusal(r: Refused): ApplicationFailure {
  const detail: RefusalDetail = { reason: r.reason, details: r.details ?? [] };
  return ApplicationFailure.create({ type: r.code, message: r.reason, nonRetryable: true, details: [detail] });
}

function decide(state: CaseState, name: ActionName, envelope: unknown) {
  const env = envelope as { actor?: unknown; input?: unknown } | undefined;
  const actor = env?.actor as { kind?: unknown } | undefined;
  if (!actor || (actor.kind !== 'staff' && actor.kind !== 'customer' && actor.kind !== 'system')) {
    return { ok: false as const, code: 'INPUT.INVALID', reason: 'the action names no actor' };
  }
  return decideAction(state, name, env?.input, env!.actor as Parameters<typeof decideAction>[3], Date.now());
}

export async function complaintCase(input: CaseWorkflowInput): Promise<CaseState> {
  const pending: CaseEvent[] = [];
  let state: CaseState | undefined;
  let nextSeq = 1;
  let persistedSeq = 0;
  let lastAttributes = '';

  if ('carried' in input) {
    state = input.carried.state;
    nextSeq = input.carried.nextSeq;
    persistedSeq = nextSeq - 1;
  }

  function current(): CaseState {
    if (!state) throw ApplicationFailure.nonRetryable('case not initialised', 'CASE.NOT_READY');
    return state;
  }

  // R-FLOW-5: every event carries the actor who caused it (staff id and role, the customer, or the system).
  function emit(actor: EventActor, events: readonly CaseEventData[]): number {
    for (const data of events) {
      const event: CaseEvent = { seq: nextSeq++, at: Date.now(), actor, data };
      state = evolve(state, event);
      pending.push(event);
    }
    return nextSeq - 1;
  }

  // Every handler is registered before the first await, so no early Update or query is lost.
  setHandler(getCaseQuery, current);
  setHandler(syncUpdate, async () => {
    // Evaluated inside the condition: with update-with-start this handler may run before `case.received` is
    // emitted, and must not answer until the case exists and everything decided so far is recorded.
    await condition(() => state !== undefined && pending.length === 0 && persistedSeq === nextSeq - 1);
    return current();
  });
  for (const name of ACTION_NAMES) {
    setHandler(
      actionUpdates[name] as ActionUpdate,
      async (envelope: ActionEnvelope) => {
        const decided = decide(current(), name, envelope);
        if (!decided.ok) throw refusal(decided);
        const seq = emit(decided.actor, decided.events);
        await condition(() => persistedSeq >= seq);
        return current();
      },
      {
        // A refused action is rejected here: nothing enters the history, nothing is written.
        validator: (envelope) => {
          const decided = decide(current(), name, envelope);
          if (!decided.ok) throw refusal(decided);
        },
      },
    );
  }

  // R-CON-4: the relay reports what became of a message to the customer; the case records it (once).
  setHandler(deliveryReportedSignal, (report) => {
    if (state === undefined || typeof report !== 'object' || report === null) return;
    const events = deliveryEvents(state, report);
    if (events.length > 0) emit(SYSTEM, events);
  });

  if (!('carried' in input)) {
    const { intake, policy } = input;
    // R-FLOW-3, R-CAT-4: urgent and major cases start with a supervisor; a repeat complaint one tier higher.
    const tier = startTier(intake.urgency, intake.isRepeat, policy.escalation);
    // Cases started since the 2026-12 rules record the marker and decide under them; a replayed older history has no
    // marker, so it decides as it did (docs/adr/0012-rules-versions.md).
    const rules = patched(RULES_2026_12_PATCH) ? ({ rules: 2 } as const) : {};
    emit(SYSTEM, [{ type: 'case.received', intake, policy, tier, ...rules }]);
  }

  // The single ordered writer and the clock: events reach PostgreSQL in sequence, each batch with its state.
  for (;;) {
    if (pending.length > 0) {
      const batch = pending.splice(0, pending.length);
      const snapshot = current();
      await recordCaseEvents({
        workflowId: workflowInfo().workflowId,
        events: batch,
        state: snapshot,
        overdue: isOverdue(snapshot, Date.now()),
      });
      persistedSeq = batch[batch.length - 1].seq;
      updateSearchAttributes(snapshot);
      continue;
    }
    const s = current();
    const now = Date.now();
    const due = dueTimers(s, now);
    if (due.length > 0) {
      emit(SYSTEM, due);
      continue;
    }
    if (caseFinished(s, now)) {
      await condition(allHandlersFinished);
      if (pending.length === 0) return current();
      continue;
    }
    const info = workflowInfo();
    const limit = input.options?.continueAsNewAfterEvents;
    if (info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit)) {
      // Long cases keep a small history: carry the state over once every handler has finished.
      await condition(allHandlersFinished);
      if (pending.length === 0) {
        return continueAsNew<typeof complaintCase>({ carried: { state: current(), nextSeq }, options: input.options });
      }
      continue;
    }
    const wake = nextWakeAt(s, now);
    const seqBefore = nextSeq;
    const woken = () => pending.length > 0 || nextSeq !== seqBefore;
    // The same commands as one condition() with an optional timeout: no timer when nothing is due.
    if (wake === null) await condition(woken);
    else await condition(woken, Math.max(1, wake - now));
  }

  function updateSearchAttributes(s: CaseState): void {
    const overdue = isOverdue(s, Date.now());
    const key = [s.stage, s.category, s.urgency, s.escalationLevel, overdue].join('|');
    if (key === lastAttributes) return;
    lastAttributes = key;
    upsertSearchAttributes([
      { key: CASE_STAGE, value: s.stage },
      { key: CASE_CATEGORY, value: s.category },
      { key: CASE_CHANNEL, value: s.channel },
      { key: CASE_URGENCY, value: s.urgency },
      { key: CASE_ESCALATION_LEVEL, value: s.escalationLevel },
      { key: CASE_ORIGIN_OUTLET, value: s.intake.shipment.originOutlet },
      { key: CASE_DELIVERY_OUTLET, value: s.intake.shipment.deliveryOutlet },
      { key: CASE_OVERDUE, value: overdue },
      { key: CASE_POLICY_VERSION, value: s.policyVersion },
    ]);
  }
}
