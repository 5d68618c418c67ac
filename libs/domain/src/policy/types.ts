/**
 * The policy document: every tunable number of the rules (deadlines, tiers, limits) in one versioned, validated
 * JSON document. A case keeps the version it started under. Sections used by the rule modules are declared here
 * so that every module reads the same shape.
 */
import type { Category, EscalationTier, Label, Role, Urgency } from '../vocabulary';

/** Approval tiers by amount and severity (R-APR-2). Amounts in fen (1 CNY = 100 fen). */
export interface ApprovalPolicy {
  /** Plans with compensation up to and including this amount need no approval. */
  readonly noApprovalUpToFen: number;
  /** Plans above `noApprovalUpToFen` and up to this amount need a supervisor; above it, a manager. */
  readonly supervisorUpToFen: number;
  /** The least role that must approve any plan of an urgent case ('none' = by amount only). */
  readonly urgentMinimum: ApprovalRequirement;
  /** The least role that must approve any plan of a major case. */
  readonly majorMinimum: ApprovalRequirement;
  /** The least role that must approve any plan of a regulator appeal (R-CH-2, escalated complaint). */
  readonly appealMinimum: ApprovalRequirement;
}

/** Who must approve: nobody, or the least role that may. A manager may approve what a supervisor may. */
export type ApprovalRequirement = 'none' | Extract<Role, 'supervisor' | 'manager'>;

/** Compensation limits (R-CMP-*). */
export interface CompensationPolicy {
  /** Uninsured loss/damage/shortage: actual loss capped at this multiple of the freight (Postal Law art. 47 practice). */
  readonly uninsuredFreightMultiple: number;
}

/** Repeat detection (R-CAT-4). */
export interface RepeatPolicy {
  /** A complaint by the same complainant about the same category within this many days is a repeat. */
  readonly windowDays: number;
}

/** Escalation (R-SLA-8, R-FLOW-3). */
export interface EscalationPolicy {
  /** The tier a normal case starts at. */
  readonly normalStartTier: EscalationTier;
  /** The tier urgent and major cases start at (R-FLOW-3: to a supervisor at once). */
  readonly urgentStartTier: EscalationTier;
}

/**
 * Units a policy duration may be expressed in. `seconds`…`days` are calendar time and run around the clock;
 * `working_hours` and `working_days` follow the business calendar (working hours, weekdays, public holidays
 * and make-up working days). A working day is the length of one working day of the calendar (9 h for
 * 09:00–18:00, 24 h for the round-the-clock calendar).
 */
export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days', 'working_hours', 'working_days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** Calendar-time units: they run around the clock, weekends and holidays included. */
export const CALENDAR_DURATION_UNITS: readonly DurationUnit[] = ['seconds', 'minutes', 'hours', 'days'];

/** A length of time in the policy. `amount` is a positive finite number (fractions allowed: 0.5 hours). */
/**
 * Milliseconds per duration unit read as clock time. A working hour counts as an hour and a working day as 24 hours
 * here; `durationMs` (deadlines.ts) reads working days by the business calendar instead.
 */
export const NOMINAL_UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  working_hours: 3_600_000,
  working_days: 86_400_000,
};

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

/**
 * The deadlines a case runs against (R-SLA-1..7). Each is a default of the versioned policy; see
 * `DEFAULT_POLICY` for the values and why each runs in calendar or working time.
 */
export const DEADLINE_KINDS = [
  'classify',
  'forward',
  'department_response',
  'investigation_start',
  'evidence_request',
  'investigation',
  'plan',
  'approval',
  'reply_after_approval',
  'execution',
  'confirmation',
  'first_reply',
  'archive',
  'analysis',
  'statutory_reply',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * One deadline of the policy: a default duration (the `amount`/`unit` of the rule itself), optionally
 * overridden by urgency and by category. Resolution order (`policyDeadline`): urgency override, then
 * category override, then the default; urgency wins because it is the case-specific judgement that sends a
 * case to a supervisor at once (R-FLOW-3).
 */
export interface DeadlineRule extends Duration {
  readonly byUrgency?: Readonly<Partial<Record<Urgency, Duration>>>;
  readonly byCategory?: Readonly<Partial<Record<Category, Duration>>>;
  /**
   * A statutory clock (the 7-day reply the regulator expects) rather than an internal target: computed the
   * same way, reported apart, and not stopped by internal pauses.
   */
  readonly statutory?: boolean;
}

/** Holiday sets the calendar may name (data in `calendar-cn-holidays.ts`). */
export const HOLIDAY_SET_IDS = ['cn', 'none'] as const;
export type HolidaySetId = (typeof HOLIDAY_SET_IDS)[number];

/** The business calendar working-time durations follow. Times are local (`timezone.utcOffsetMinutes`). */
export interface CalendarPolicy {
  /** A name for the calendar, e.g. `cn` (mainland office hours) or `always` (24/7, tests and demos). */
  readonly id: string;
  /** One working period per day, local `HH:MM`; `end` may be `24:00`. `start` < `end`. */
  readonly workingHours: { readonly start: string; readonly end: string };
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  readonly workingWeekdays: readonly number[];
  /** Public holidays and make-up working days (调休) to apply: `cn`, or `none`. */
  readonly holidaySet: HolidaySetId;
}

/** Contacting a customer who cannot be reached (R-CON-1). Durations are calendar time. */
export interface ContactPolicy {
  /** Retries required after the first failed attempt (R-CON-1: at least 3). */
  readonly minRetries: number;
  /** Least spacing between counted attempts (R-CON-1: at least 3 hours). */
  readonly retrySpacing: Duration;
  /** Window, from the first failed attempt, in which the retries must fall (R-CON-1: 48 hours). */
  readonly retryWindow: Duration;
}

/**
 * The whole policy document: versioned, validated (`validatePolicy`), snapshotted per case. The shipped
 * default is `config/policy/default.json` (= `DEFAULT_POLICY`); `config/policy/fast.json` makes every hour a
 * second for tests and demos.
 */
export interface PolicyDocument {
  /** Version a case records when it starts, e.g. `2026.1`. */
  readonly version: string;
  readonly name: Label;
  /** Fixed offset from UTC: mainland China has no daylight saving time (Asia/Shanghai = +480). */
  readonly timezone: { readonly utcOffsetMinutes: number };
  readonly calendar: CalendarPolicy;
  readonly deadlines: Readonly<Record<DeadlineKind, DeadlineRule>>;
  /** A deadline warns when this fraction of it has elapsed (0 < f < 1; 0.75 = at 75 %). */
  readonly warningFraction: number;
  readonly contact: ContactPolicy;
  readonly approval: ApprovalPolicy;
  readonly compensation: CompensationPolicy;
  readonly repeat: RepeatPolicy;
  readonly escalation: EscalationPolicy;
}
