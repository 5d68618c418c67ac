/** The case state and the fold that builds it from events. Pure: the same events always give the same state. */
import type { Category, Channel, Stage, Urgency } from '../vocabulary';
import type { CaseEvent, CaseIntake } from './events';

export interface CaseState {
  readonly caseId: string;
  readonly stage: Stage;
  readonly classified: boolean;
  readonly channel: Channel;
  readonly category: Category;
  readonly urgency: Urgency;
  readonly intake: CaseIntake;
  readonly policyVersion: string;
  /** R-FLOW-1: the current owner (first receiver until handed over). */
  readonly ownerId: string;
  readonly escalationLevel: number;
  readonly receivedAt: number;
  readonly updatedAt: number;
  readonly lastSeq: number;
}

/** Thrown only for a corrupt event stream (a fold that starts without `case.received`); never for a business refusal. */
export class CaseStreamError extends Error {}

/** Applies one event to the state (`undefined` before the first event). */
export function evolve(state: CaseState | undefined, event: CaseEvent): CaseState {
  const d = event.data;
  if (d.type === 'case.received') {
    return {
      caseId: d.intake.caseId,
      stage: 'acceptance',
      classified: false,
      channel: d.intake.channel,
      category: d.intake.category,
      urgency: d.intake.urgency,
      intake: d.intake,
      policyVersion: d.policyVersion,
      ownerId: d.intake.receivedBy,
      escalationLevel: 0,
      receivedAt: d.intake.receivedAt,
      updatedAt: event.at,
      lastSeq: event.seq,
    };
  }
  if (!state) throw new CaseStreamError(`event ${event.seq} (${d.type}) before case.received`);
  switch (d.type) {
    case 'case.classified':
      return {
        ...state,
        classified: true,
        category: d.category,
        urgency: d.urgency,
        updatedAt: event.at,
        lastSeq: event.seq,
      };
  }
}

/** Folds a whole stream (in sequence order) into the state. */
export function foldEvents(events: readonly CaseEvent[]): CaseState | undefined {
  return events.reduce<CaseState | undefined>((s, e) => evolve(s, e), undefined);
}
