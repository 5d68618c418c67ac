/**
 * One durable workflow per complaint (seed 001, 004): it decides events from human actions and timers, folds them
 * into the case state with the pure domain functions, and hands them, in order, to one writer that persists them.
 * Deterministic: no Node built-ins, no I/O, time only from the SDK's clock.
 */
import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  evolve,
  type CaseEvent,
  type CaseEventData,
  type CaseState,
  type EventActor,
} from '../../libs/domain/src/case';
import { CASE_CATEGORY, CASE_STAGE, CASE_URGENCY } from '../../libs/temporal/src/search-attributes';
import type { CaseActivities } from '../../activities/src/case-activities';
import { acceptUpdate, getCaseQuery, type StartCaseInput } from './definitions';

const { recordCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['CaseStreamError'] },
});

const SYSTEM: EventActor = { kind: 'system' };

export async function complaintCase(input: StartCaseInput): Promise<CaseState> {
  const pending: CaseEvent[] = [];
  let state: CaseState | undefined;
  let nextSeq = 1;
  let persistedSeq = 0;

  function emit(actor: EventActor, data: CaseEventData): number {
    const event: CaseEvent = { seq: nextSeq++, at: Date.now(), actor, data };
    state = evolve(state, event);
    pending.push(event);
    return event.seq;
  }

  function current(): CaseState {
    if (!state) throw ApplicationFailure.nonRetryable('case not initialised', 'CASE.NOT_READY');
    return state;
  }

  // Handlers are registered before the first await, so no early update or query is lost.
  setHandler(getCaseQuery, current);
  setHandler(
    acceptUpdate,
    async ({ actor, input: action }) => {
      const s = current();
      const seq = emit(actor, {
        type: 'case.classified',
        category: action.category ?? s.category,
        urgency: action.urgency ?? s.urgency,
        note: action.note,
      });
      await condition(() => persistedSeq >= seq);
      return current();
    },
    {
      validator: ({ actor }) => {
        const s = current();
        if (s.stage !== 'acceptance') {
          throw ApplicationFailure.nonRetryable(`accept is not allowed in stage ${s.stage}`, 'STAGE.NOT_ALLOWED');
        }
        if (actor.kind !== 'staff') throw ApplicationFailure.nonRetryable('only staff may accept', 'ROLE.NOT_ALLOWED');
      },
    },
  );

  emit(SYSTEM, { type: 'case.received', intake: input.intake, policyVersion: input.policyVersion });

  // The single ordered writer: events reach PostgreSQL in sequence, each batch with the state it produced.
  for (;;) {
    await condition(() => pending.length > 0);
    const batch = pending.splice(0, pending.length);
    const snapshot = current();
    await recordCaseEvents({ workflowId: workflowInfo().workflowId, events: batch, state: snapshot });
    persistedSeq = batch[batch.length - 1].seq;
    upsertSearchAttributes([
      { key: CASE_STAGE, value: snapshot.stage },
      { key: CASE_CATEGORY, value: snapshot.category },
      { key: CASE_URGENCY, value: snapshot.urgency },
    ]);
  }
}
