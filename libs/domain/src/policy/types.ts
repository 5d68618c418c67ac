/**
 * The policy document: every tunable number of the rules (deadlines, tiers, limits) in one versioned, validated
 * JSON document. A case keeps the version it started under. Sections used by the rule modules are declared here
 * so that every module reads the same shape.
 */
import type { Category, EscalationTier, Label, Role, Urgency } from '../vocabulary';

/**
 * Approval tiers by amount and severity (R-APR-1, R-APR-2). Amounts in fen (1 CNY = 100 fen). By amount:
 * up to `noApprovalUpToFen` none, up to `teamLeadUpToFen` a team lead, up to `supervisorUpToFen` a supervisor,
 * above a manager; then raised to `minimum` and the severity minimums. `minimum` and `teamLeadUpToFen` are absent
 * from snapshots taken before the team-lead tier existed (2026.1): such a case keeps the old tiers (none,
 * supervisor, manager).
 */
export interface ApprovalPolicy {
  /** Plans with compensation up to and including this amount need no approval by amount (see `minimum`). */
  readonly noApprovalUpToFen: number;
  /**
   * Plans above `noApprovalUpToFen` and up to this amount need a team lead (R-APR-2: a team lead for small
   * plans). Absent: no team-lead amount tier (old snapshots).
   */
  readonly teamLeadUpToFen?: number;
  /** Plans above the team-lead (or no-approval) tier and up to this amount need a supervisor; above, a manager. */
  readonly supervisorUpToFen: number;
  /**
   * The least tier that approves any plan (R-APR-1: every plan goes to a leader): `team_lead` in the shipped
   * policy. Absent: `none` (old snapshots, where small plans needed no approval).
   */
  readonly minimum?: ApprovalRequirement;
  /** The least role that must approve any plan of an urgent case ('none' = by amount only). */
  readonly urgentMinimum: ApprovalRequirement;
  /** The least role that must approve any plan of a major case. */
  readonly majorMinimum: ApprovalRequirement;
  /** The least role that must approve any plan of a regulator appeal (R-CH-2, escalated complaint). */
  readonly appealMinimum: ApprovalRequirement;
}

/**
 * Who must approve: the least role that may (none < team_lead < supervisor < manager). A higher tier may approve
 * what a lower one may. `'none'` survives only in snapshots of policies without `minimum` (2026.1).
 */
export type ApprovalRequirement = 'none' | Extract<Role, 'team_lead' | 'supervisor' | 'manager'>;

/** Compensation limits (R-CMP-*). */
export interface CompensationPolicy {
  /** Uninsured loss/damage/shortage: actual loss capped at this multiple of the freight (Postal Law art. 47 practice). */
  readonly uninsuredFreightMultiple: number;
}

/** Regulator appeals (R-REG-1). Amounts in fen. */
export interface AppealPolicy {
  /** A valid appeal costs the responsible outlet this much per parcel (1000 CNY = 100 000 fen, 1000元/票). */
  readonly finePerParcelFen: number;
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
 * The deadlines a case runs against (R-SLA-1..7, R-CMP-2 `refund`). Each is a default of the versioned policy;
 * see `DEFAULT_POLICY` for the values and why each runs around the clock (R-SLA-9). Kinds are only ever added.
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
  'refund',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * Deadline kinds added in policy version 2026.2: a case snapshot taken under 2026.1 has none of them, so
 * `PolicyDocument.deadlines` declares them optional and the case runs without such a clock.
 */
export const DEADLINE_KINDS_SINCE_2026_2 = ['refund'] as const;
export type DeadlineKindSince2026_2 = (typeof DEADLINE_KINDS_SINCE_2026_2)[number];

/**
 * Customer-facing and statutory clocks (R-SLA-9): they never stop for a business calendar, so `validatePolicy`
 * accepts only calendar units (`CALENDAR_DURATION_UNITS`) for them, overrides included.
 */
export const CALENDAR_ONLY_DEADLINE_KINDS: readonly DeadlineKind[] = [
  'first_reply',
  'reply_after_approval',
  'confirmation',
  'statutory_reply',
  'refund',
];

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
 * How often a customer whose case has no solution yet is told how far it has come (R-SLA-6, R-SLA-10).
 * Customer-facing, so calendar units only (R-SLA-9).
 */
export interface ProgressNoticePolicy {
  /** At most this long after receipt, and after each progress notice, the next one goes out. */
  readonly every: Duration;
}

/**
 * The deadlines of a policy document. The kinds added in 2026.2 (`DEADLINE_KINDS_SINCE_2026_2`) are optional
 * because a case that started under 2026.1 keeps its snapshot, which has none of them; `validatePolicy`
 * requires every kind of a new document.
 */
export type PolicyDeadlines = Readonly<
  Record<Exclude<DeadlineKind, DeadlineKindSince2026_2>, DeadlineRule> &
    Partial<Record<DeadlineKindSince2026_2, DeadlineRule>>
>;

/**
 * The whole policy document: versioned, validated (`validatePolicy`), snapshotted per case. The shipped
 * default is `config/policy/default.json` (= `DEFAULT_POLICY`); `config/policy/fast.json` makes every hour a
 * second for tests and demos. The type describes every version a running case may carry (2026.1 on): fields
 * added later are optional here and required of a new document (`CurrentPolicyDocument`, `validatePolicy`).
 */
export interface PolicyDocument {
  /** Version a case records when it starts, e.g. `2026.2`. */
  readonly version: string;
  readonly name: Label;
  /** Fixed offset from UTC: mainland China has no daylight saving time (Asia/Shanghai = +480). */
  readonly timezone: { readonly utcOffsetMinutes: number };
  /** The business calendar a clock follows when its unit is `working_hours`/`working_days` (R-SLA-9). */
  readonly calendar: CalendarPolicy;
  readonly deadlines: PolicyDeadlines;
  /** A deadline warns when this fraction of it has elapsed (0 < f < 1; 0.75 = at 75 %). */
  readonly warningFraction: number;
  /** Progress notices (R-SLA-10); since 2026.2, absent from a 2026.1 snapshot. */
  readonly progressNotice?: ProgressNoticePolicy;
  readonly contact: ContactPolicy;
  readonly approval: ApprovalPolicy;
  readonly compensation: CompensationPolicy;
  readonly repeat: RepeatPolicy;
  readonly escalation: EscalationPolicy;
  /** Regulator appeal fines (R-REG-1); absent from older snapshots: 1000 CNY per parcel (`APPEAL_FINE_PER_PARCEL_FEN`). */
  readonly appeal?: AppealPolicy;
}

/**
 * A policy document of the current schema (2026.2 on): every deadline kind and every section present. The
 * shipped documents are of this type and `validatePolicy` accepts nothing less.
 */
export type CurrentPolicyDocument = PolicyDocument & {
  readonly deadlines: Readonly<Record<DeadlineKind, DeadlineRule>>;
  readonly progressNotice: ProgressNoticePolicy;
};
