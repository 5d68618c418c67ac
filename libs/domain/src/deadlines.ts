/**
 * Deadline arithmetic (zammad's escalation shape): each deadline is a start, a policy duration and the
 * business calendar; pauses stop the clock; a deadline warns at a fraction of its length and is breached at
 * its end; the case's next timer is the earliest future warning or breach of all its deadlines. The workflow
 * sleeps until `nextDeadlineEvent`, wakes, recomputes with `deadlineState`, and escalates on a breach
 * (R-SLA-8). Pure: `now` is always passed in.
 */
import {
  addWorkingTime,
  type BusinessCalendar,
  businessCalendarFor,
  workingDayMs,
  workingTimeBetween,
} from './calendar';
import { type DeadlineContext, hasPolicyDeadline, isStatutoryDeadline, policyDeadline } from './policy/resolve';
import {
  DEADLINE_KINDS,
  NOMINAL_UNIT_MS,
  type DeadlineKind,
  type Duration,
  type DurationUnit,
  type PolicyDocument,
} from './policy/types';

/** Whether a duration runs around the clock (`calendar`) or only in working time (`working`). */
export type UnitKind = 'calendar' | 'working';

/** A stretch during which a deadline's clock stood still. An open pause (`to` absent) lasts until now. */
export interface Pause {
  readonly from: number;
  readonly to?: number;
}

/** `working` for `working_hours`/`working_days`, `calendar` otherwise (R-SLA-1..7: how each deadline runs). */
export function unitKind(unit: DurationUnit): UnitKind {
  return unit === 'working_hours' || unit === 'working_days' ? 'working' : 'calendar';
}

/**
 * A duration in milliseconds of its own kind of time (R-SLA-1..7): calendar milliseconds for calendar units,
 * working milliseconds for working units, where a working day is the calendar's working-day length (9 h for
 * 09:00–18:00). Rounded to whole milliseconds.
 */
export function durationMs(duration: Duration, calendar: BusinessCalendar): number {
  const unitMs = duration.unit === 'working_days' ? workingDayMs(calendar) : NOMINAL_UNIT_MS[duration.unit];
  return Math.round(duration.amount * unitMs);
}

/**
 * When a deadline of `duration` started at `start` falls due (R-SLA-1..7), with the clock stopped during the
 * closed `pauses` (a pause moves the deadline later by the paused time of its kind). Open pauses are ignored
 * here because their end is unknown; `deadlineState` counts them up to `now`. Working-time durations follow
 * the calendar; calendar durations run around the clock.
 */
export function dueAt(
  start: number,
  duration: Duration,
  calendar: BusinessCalendar,
  pauses: readonly Pause[] = [],
): number {
  return consume(
    start,
    durationMs(duration, calendar),
    mergePauses(start, pauses, start),
    calendar,
    unitKind(duration.unit),
  );
}

/**
 * Time counted against a deadline between `start` and `end` (R-SLA-1..7), in milliseconds of `kind` time,
 * excluding paused time. An open pause runs to `end`. 0 when `end <= start`.
 */
export function elapsed(
  start: number,
  end: number,
  pauses: readonly Pause[],
  calendar: BusinessCalendar,
  kind: UnitKind,
): number {
  if (end <= start) return 0;
  let total = measure(start, end, calendar, kind);
  for (const [from, to] of mergePauses(start, pauses, end)) {
    total -= measure(from, Math.min(to, end), calendar, kind);
  }
  return total;
}

/** What a deadline needs to be evaluated. */
export interface DeadlineInput {
  /** Which deadline (carried through to the status and to `nextDeadlineEvent`). */
  readonly kind?: DeadlineKind;
  readonly startedAt: number;
  readonly duration: Duration;
  readonly pauses?: readonly Pause[];
  /** When the awaited action happened; absent while the deadline is open. */
  readonly metAt?: number;
  readonly now: number;
  /**
   * The statutory clock (the 7-day reply): computed the same way, reported apart, and internal pauses do not
   * stop it (the law's clock does not stop because the team paused its own targets).
   */
  readonly statutory?: boolean;
  /**
   * The statutory cap (R-SLA-9), epoch ms: the clock falls due at the earlier of its own due instant and this,
   * pauses never push it later, and its warning comes at `warningFraction` of the capped span. The caller passes
   * `statutoryDueAt` for an internal clock while the statutory clock is open.
   */
  readonly notAfter?: number;
}

/** `running`: open, in time; `paused`: open, clock stopped; `met`: done in time; `breached`: overdue, or done late. */
export type DeadlineStateName = 'running' | 'paused' | 'met' | 'breached';

/** A deadline evaluated at an instant. */
export interface DeadlineStatus {
  readonly kind?: DeadlineKind;
  readonly statutory: boolean;
  /**
   * When it falls due, moved later by pauses, never after `notAfter`. While paused this is a lower bound that
   * grows with the pause (up to `notAfter`).
   */
  readonly dueAt: number;
  /** When `warningFraction` of it (of the capped span, if capped) has elapsed (same pauses). */
  readonly warnAt: number;
  /** Whether `notAfter` cut it short (its own due instant would have been later). */
  readonly capped: boolean;
  readonly state: DeadlineStateName;
  /** Whether the warning point had been reached (by `metAt` if met, else by `now`). */
  readonly warned: boolean;
  /**
   * Time left, in the deadline's own kind of time (working milliseconds for working-time durations), as of
   * `metAt` if met, else `now`, until `dueAt`. Negative when overdue: how much. A capped working-time clock may
   * show 0 while running in the non-working time just before its cap.
   */
  readonly remainingMs: number;
  /** Whether the awaited action has happened (`metAt` given), in time (`met`) or late (`breached`). */
  readonly completed: boolean;
}

/**
 * Evaluates one deadline at `now` (R-SLA-1..7; a `breached` state is what R-SLA-8 escalates on). The due
 * instant is `startedAt` plus the duration in its kind of time, shifted later by pauses (open pauses count up
 * to `now`, or to `metAt` when met), and never after `notAfter` (R-SLA-9: no internal clock falls due after the
 * statutory one; the warning then comes at `warningFraction` of the time the clock counts up to `notAfter`).
 * Breached from the due instant on (`now >= dueAt`); met when `metAt <= dueAt`. Statutory deadlines ignore
 * pauses.
 */
export function deadlineState(
  input: DeadlineInput,
  calendar: BusinessCalendar,
  warningFraction: number,
): DeadlineStatus {
  const statutory = input.statutory === true;
  const kind = unitKind(input.duration.unit);
  const horizon = input.metAt ?? input.now;
  const pauses = statutory ? [] : mergePauses(input.startedAt, input.pauses ?? [], horizon);
  const own = durationMs(input.duration, calendar);
  const uncapped = consume(input.startedAt, own, pauses, calendar, kind);
  const capped = input.notAfter !== undefined && input.notAfter < uncapped;
  const due = capped ? (input.notAfter as number) : uncapped;
  // The span the clock counts: its own length, or what it can count (its kind of time, less pauses) until the cap.
  const total = capped ? countedBetween(input.startedAt, due, pauses, calendar, kind) : own;
  const warnAt = Math.min(due, consume(input.startedAt, Math.round(total * warningFraction), pauses, calendar, kind));
  const used = elapsed(input.startedAt, horizon, statutory ? [] : (input.pauses ?? []), calendar, kind);
  const completed = input.metAt !== undefined;
  const open = !statutory && (input.pauses ?? []).some((p) => p.to === undefined && p.from <= horizon);
  let state: DeadlineStateName;
  if (completed) state = horizon <= due ? 'met' : 'breached';
  else if (horizon >= due) state = 'breached';
  else state = open ? 'paused' : 'running';
  return {
    ...(input.kind === undefined ? {} : { kind: input.kind }),
    statutory,
    dueAt: due,
    warnAt,
    capped,
    state,
    warned: horizon >= warnAt,
    remainingMs: total - used,
    completed,
  };
}

/** One timer event of a case. */
export interface DeadlineEvent {
  readonly kind?: DeadlineKind;
  readonly event: 'warning' | 'breach';
  readonly statutory: boolean;
}

/** The next instant the workflow must wake at, with every event that falls on it. */
export interface NextDeadlineEvent {
  readonly at: number;
  readonly events: readonly DeadlineEvent[];
}

/**
 * The earliest future (strictly after `now`) warning or breach among running deadlines, with all events at
 * that instant (R-SLA-8: the workflow sleeps until it, then escalates on a breach; zammad-style: the case's
 * next escalation is the earliest). Paused, met and already-breached deadlines contribute nothing: a pause
 * ends by a signal, which recomputes. `null` when nothing is pending.
 */
export function nextDeadlineEvent(
  deadlines: readonly Pick<DeadlineStatus, 'kind' | 'statutory' | 'dueAt' | 'warnAt' | 'state'>[],
  now: number,
): NextDeadlineEvent | null {
  let at = Number.POSITIVE_INFINITY;
  let events: DeadlineEvent[] = [];
  const offer = (instant: number, event: DeadlineEvent): void => {
    if (instant <= now || instant > at) return;
    if (instant < at) {
      at = instant;
      events = [];
    }
    events.push(event);
  };
  for (const d of deadlines) {
    if (d.state !== 'running') continue;
    const base = { ...(d.kind === undefined ? {} : { kind: d.kind }), statutory: d.statutory };
    offer(d.warnAt, { ...base, event: 'warning' });
    offer(d.dueAt, { ...base, event: 'breach' });
  }
  return events.length === 0 ? null : { at, events };
}

/**
 * The statutory cap of a case received at `receivedAt` (R-SLA-9, R-CH-2): the earliest due instant of the
 * policy's statutory clocks (the 7-day reply), which start at receipt and which pauses never stop; `null` when
 * the policy has none. Pass it as `notAfter` for every internal clock while the statutory clock is open.
 */
export function statutoryDueAt(
  policy: PolicyDocument,
  receivedAt: number,
  context: DeadlineContext = {},
  calendar: BusinessCalendar = businessCalendarFor(policy),
): number | null {
  let earliest: number | null = null;
  for (const kind of DEADLINE_KINDS) {
    if (!hasPolicyDeadline(policy, kind) || !isStatutoryDeadline(policy, kind)) continue;
    const due = dueAt(receivedAt, policyDeadline(policy, kind, context), calendar);
    if (earliest === null || due < earliest) earliest = due;
  }
  return earliest;
}

/** Time between a and b of the given kind. */
function measure(a: number, b: number, calendar: BusinessCalendar, kind: UnitKind): number {
  if (kind === 'working') return workingTimeBetween(calendar, a, b);
  return Math.max(0, b - a);
}

/** Time of `kind` between `a` and `b`, less the (merged) pauses in between. */
function countedBetween(
  a: number,
  b: number,
  pauses: readonly (readonly [number, number])[],
  calendar: BusinessCalendar,
  kind: UnitKind,
): number {
  let total = measure(a, b, calendar, kind);
  for (const [from, to] of pauses) if (from < b) total -= measure(from, Math.min(to, b), calendar, kind);
  return total;
}

/**
 * Pauses as sorted, non-overlapping [from, to) intervals from `start` on; open pauses end at `openUntil`,
 * empty and reversed ones are dropped.
 */
function mergePauses(start: number, pauses: readonly Pause[], openUntil: number): (readonly [number, number])[] {
  const intervals = pauses
    .map((p) => [Math.max(p.from, start), p.to ?? openUntil] as const)
    .filter(([from, to]) => to > from)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The instant at which `amount` ms of `kind` time has passed since `start`, skipping `pauses` (merged). */
function consume(
  start: number,
  amount: number,
  pauses: readonly (readonly [number, number])[],
  calendar: BusinessCalendar,
  kind: UnitKind,
): number {
  const add = (from: number, ms: number): number =>
    kind === 'working' ? addWorkingTime(calendar, from, ms) : from + ms;
  if (amount <= 0) return start;
  let cursor = start;
  let remaining = amount;
  // Merged pauses are sorted, disjoint and start at or after `start`, so each one ends after the cursor.
  for (const [from, to] of pauses) {
    if (from > cursor) {
      const available = measure(cursor, from, calendar, kind);
      if (available >= remaining) return add(cursor, remaining);
      remaining -= available;
    }
    cursor = to;
  }
  return add(cursor, remaining);
}
