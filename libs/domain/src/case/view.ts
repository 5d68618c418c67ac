/** Read-side views of a case computed at an instant (live deadline states for the API and the console). */
import { businessCalendarFor } from '../calendar';
import { deadlineState } from '../deadlines';
import type { DeadlineKind } from '../policy/types';
import type { CaseState, DeadlineRecord } from './state';

export interface DeadlineView {
  readonly kind: DeadlineKind;
  readonly statutory: boolean;
  readonly startedAt: number;
  readonly dueAt: number;
  readonly warnAt: number;
  readonly state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  readonly metAt?: number;
  readonly cancelledAt?: number;
}

/** The state of one deadline record at `now` (R-SLA-*; pauses shift internal targets, never the statutory clock). */
export function viewDeadline(state: CaseState, record: DeadlineRecord, now: number): DeadlineView {
  const calendar = businessCalendarFor(state.policy);
  const until = record.cancelledAt ?? now;
  const status = deadlineState(
    {
      kind: record.kind,
      startedAt: record.startedAt,
      duration: record.duration,
      pauses: state.pauses,
      metAt: record.metAt,
      now: until,
      statutory: record.statutory,
    },
    calendar,
    state.policy.warningFraction,
  );
  const base = {
    kind: record.kind,
    statutory: record.statutory,
    startedAt: record.startedAt,
    dueAt: status.dueAt,
    warnAt: status.warnAt,
  };
  if (record.cancelledAt !== undefined) {
    return { ...base, state: status.state === 'breached' ? 'breached' : 'cancelled', cancelledAt: record.cancelledAt };
  }
  return record.metAt === undefined
    ? { ...base, state: status.state }
    : { ...base, state: status.state, metAt: record.metAt };
}

/** Every deadline of the case at `now`, earliest due first. */
export function deadlineView(state: CaseState, now: number): DeadlineView[] {
  return Object.values(state.deadlines)
    .filter((d): d is DeadlineRecord => d !== undefined)
    .map((d) => viewDeadline(state, d, now))
    .sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * Whether an open deadline of the case is breached (the `overdue` filter and search attribute): not met, not
 * stopped. The archive analysis of a closed case is not a handling deadline and never makes a case overdue.
 */
export function isOverdue(state: CaseState, now: number): boolean {
  return deadlineView(state, now).some(
    (d) => d.state === 'breached' && d.metAt === undefined && d.cancelledAt === undefined && d.kind !== 'analysis',
  );
}
