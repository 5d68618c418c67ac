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

/** What the deadline views read of a case: its policy snapshot (calendar, warning point), pauses and deadlines. */
export type DeadlineFacts = Pick<CaseState, 'policy' | 'pauses' | 'deadlines'>;

/** The state of one deadline record at `now` (R-SLA-*; pauses shift internal targets, never the statutory clock). */
export function viewDeadline(state: DeadlineFacts, record: DeadlineRecord, now: number): DeadlineView {
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
export function deadlineView(state: DeadlineFacts, now: number): DeadlineView[] {
  return Object.values(state.deadlines)
    .filter((d): d is DeadlineRecord => d !== undefined)
    .map((d) => viewDeadline(state, d, now))
    .sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * Whether an open deadline of the case is breached (the `overdue` filter and search attribute): not met, not
 * stopped. The archive analysis of a closed case is not a handling deadline and never makes a case overdue.
 */
export function isOverdue(state: DeadlineFacts, now: number): boolean {
  return deadlineView(state, now).some(
    (d) => d.state === 'breached' && d.metAt === undefined && d.cancelledAt === undefined && d.kind !== 'analysis',
  );
}

/**
 * From when the case is overdue (`isOverdue`, R-SLA-8) if nothing more happens to it, seen at `now` (any instant from
 * its last event on): the earliest due time of an open deadline (not met, not cancelled, not the archive analysis)
 * whose clock is not stopped, or null. A running or breached clock's due time no longer moves; a paused one cannot
 * breach while its pause lasts, and the pause ends only with an event (which records the case anew). So for every
 * `t >= now` until the next event, `isOverdue(state, t)` is exactly `overdueAt(state, now) <= t`: the read model
 * stores it as `complaint_cases.next_due_at` and lists overdue cases by an index range.
 */
export function overdueAt(state: DeadlineFacts, now: number): number | null {
  const open = deadlineView(state, now).find(
    (d) => d.metAt === undefined && d.cancelledAt === undefined && d.kind !== 'analysis' && d.state !== 'paused',
  );
  return open === undefined ? null : open.dueAt;
}
