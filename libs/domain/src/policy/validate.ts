/**
 * Hand-written validation of a policy document (libs/domain imports nothing, so no schema library). Strict:
 * unknown keys are errors, because a misspelt key in a policy file would otherwise silently fall back to
 * nothing. Every error names the JSON path and the reason.
 */
import { parseClockTime } from '../calendar';
import { CATEGORY_IDS, ESCALATION_TIERS, ESCALATION_TIER_IDS, URGENCY_IDS, type EscalationTier } from '../vocabulary';
import {
  CALENDAR_DURATION_UNITS,
  CALENDAR_ONLY_DEADLINE_KINDS,
  DEADLINE_KINDS,
  DURATION_UNITS,
  HOLIDAY_SET_IDS,
  NOMINAL_UNIT_MS,
  type CurrentPolicyDocument,
  type DurationUnit,
} from './types';

/** One problem in a policy document: where (`deadlines.classify.amount`) and why. */
export interface PolicyError {
  readonly path: string;
  readonly reason: string;
}

/** A valid document is of the current schema: every deadline kind and section present (2026.2 on). */
export type PolicyValidation =
  | { readonly ok: true; readonly policy: CurrentPolicyDocument }
  | { readonly ok: false; readonly errors: readonly PolicyError[] };

type Obj = Record<string, unknown>;

const TOP_LEVEL = [
  'version',
  'name',
  'timezone',
  'calendar',
  'deadlines',
  'warningFraction',
  'progressNotice',
  'contact',
  'approval',
  'compensation',
  'repeat',
  'escalation',
] as const;
const APPROVAL_REQUIREMENTS = ['none', 'team_lead', 'supervisor', 'manager'];
/** Top-level sections a document may leave out (the old behaviour applies): `appeal` (R-REG-1, 1000 CNY a parcel). */
const OPTIONAL_TOP_LEVEL = ['appeal'] as const;
/** Why a customer-facing or statutory clock takes calendar units only (R-SLA-9). */
const CUSTOMER_CLOCK =
  'a customer-facing or statutory clock runs around the clock and never stops for the business calendar (R-SLA-9)';
/** The units a deadline may use, and why the list is restricted (if it is). */
type Units = readonly [readonly DurationUnit[], string | undefined];

class Checker {
  readonly errors: PolicyError[] = [];

  fail(path: string, reason: string): void {
    this.errors.push({ path, reason });
  }

  /** The object at `path`, with its keys checked against `required` and `optional`; undefined if not an object. */
  object(
    value: unknown,
    path: string,
    required: readonly string[],
    optional: readonly string[] = [],
    unknownReason = 'is not a known key',
  ): Obj | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path === '' ? '$' : path, 'must be an object');
      return undefined;
    }
    const obj = value as Obj;
    for (const key of required) if (!(key in obj)) this.fail(join(path, key), 'is required');
    for (const key of Object.keys(obj)) {
      if (!required.includes(key) && !optional.includes(key)) this.fail(join(path, key), unknownReason);
    }
    return obj;
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.fail(path, 'must be a non-empty string');
    return undefined;
  }

  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.fail(path, `must be an integer from ${min} to ${max}`);
    return undefined;
  }

  /** `why`, when given, follows the list of allowed values in the reason. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], why?: string): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(path, `must be one of ${allowed.join(', ')}${why === undefined ? '' : `: ${why}`}`);
    return undefined;
  }

  /**
   * A duration; returns its length in ms (working units counted as their calendar namesakes) when valid. `why`
   * explains a restriction of `units` in the reason.
   */
  duration(
    value: unknown,
    path: string,
    extra: readonly string[] = [],
    units: readonly DurationUnit[] = DURATION_UNITS,
    why?: string,
  ): number | undefined {
    const obj = this.object(value, path, ['amount', 'unit'], extra);
    if (obj === undefined) return undefined;
    const amount = obj.amount;
    const amountOk = typeof amount === 'number' && Number.isFinite(amount) && amount > 0;
    if (!amountOk && 'amount' in obj) this.fail(join(path, 'amount'), 'must be a positive finite number');
    const unit = 'unit' in obj ? this.oneOf(obj.unit, join(path, 'unit'), units, why) : undefined;
    return amountOk && unit !== undefined ? amount * NOMINAL_UNIT_MS[unit] : undefined;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Validates a policy document (R-SLA-1..8 deadlines and calendar, R-CON-1 contact retries, R-APR-2 approval
 * tiers, R-CMP-* caps, R-CAT-4 repeat window, R-FLOW-3 escalation tiers) and returns it typed, or every error
 * found with its JSON path. Checks include: all deadline kinds present and no unknown ones; positive finite
 * amounts; known units; `warningFraction` strictly between 0 and 1; working hours `HH:MM` with start before
 * end; working weekdays 1–7, unique, not empty; `supervisorUpToFen >= noApprovalUpToFen`; urgent cases not
 * starting below normal ones; the contact retries fitting their window; the statutory reply marked statutory;
 * calendar units only for the customer-facing and statutory clocks (`CALENDAR_ONLY_DEADLINE_KINDS`, overrides
 * included) and for the progress-notice cadence (R-SLA-9, R-SLA-10). It validates a NEW document: the fields
 * added in 2026.2 (`deadlines.refund`, `progressNotice`) are required, although a 2026.1 case snapshot lacks them.
 */
export function validatePolicy(doc: unknown): PolicyValidation {
  const c = new Checker();
  const root = c.object(doc, '', TOP_LEVEL, OPTIONAL_TOP_LEVEL);
  if (root === undefined) return { ok: false, errors: c.errors };

  if ('version' in root) c.string(root.version, 'version');
  if ('name' in root) {
    const name = c.object(root.name, 'name', ['zh', 'en']);
    if (name !== undefined)
      for (const key of ['zh', 'en'] as const) if (key in name) c.string(name[key], `name.${key}`);
  }
  if ('timezone' in root) {
    const tz = c.object(root.timezone, 'timezone', ['utcOffsetMinutes']);
    if (tz !== undefined && 'utcOffsetMinutes' in tz)
      c.integer(tz.utcOffsetMinutes, 'timezone.utcOffsetMinutes', -720, 840);
  }
  if ('calendar' in root) checkCalendar(c, root.calendar);
  if ('deadlines' in root) checkDeadlines(c, root.deadlines);
  if ('warningFraction' in root) {
    const f = root.warningFraction;
    if (!(typeof f === 'number' && f > 0 && f < 1))
      c.fail('warningFraction', 'must be a number strictly between 0 and 1');
  }
  if ('progressNotice' in root) {
    // R-SLA-10: progress notices go to the customer, so their cadence never stops for the business calendar.
    const notice = c.object(root.progressNotice, 'progressNotice', ['every']);
    if (notice !== undefined && 'every' in notice)
      c.duration(notice.every, 'progressNotice.every', [], CALENDAR_DURATION_UNITS, CUSTOMER_CLOCK);
  }
  if ('contact' in root) checkContact(c, root.contact);
  if ('approval' in root) checkApproval(c, root.approval);
  if ('compensation' in root) {
    const comp = c.object(root.compensation, 'compensation', ['uninsuredFreightMultiple']);
    const m = comp?.uninsuredFreightMultiple;
    if (
      comp !== undefined &&
      'uninsuredFreightMultiple' in comp &&
      !(typeof m === 'number' && Number.isFinite(m) && m > 0)
    ) {
      c.fail('compensation.uninsuredFreightMultiple', 'must be a positive finite number');
    }
  }
  if ('appeal' in root) {
    const appeal = c.object(root.appeal, 'appeal', ['finePerParcelFen']);
    if (appeal !== undefined && 'finePerParcelFen' in appeal)
      c.integer(appeal.finePerParcelFen, 'appeal.finePerParcelFen', 0); // R-REG-1
  }
  if ('repeat' in root) {
    const repeat = c.object(root.repeat, 'repeat', ['windowDays']);
    if (repeat !== undefined && 'windowDays' in repeat) c.integer(repeat.windowDays, 'repeat.windowDays', 1);
  }
  if ('escalation' in root) checkEscalation(c, root.escalation);

  return c.errors.length === 0 ? { ok: true, policy: doc as CurrentPolicyDocument } : { ok: false, errors: c.errors };
}

function checkCalendar(c: Checker, value: unknown): void {
  const cal = c.object(value, 'calendar', ['id', 'workingHours', 'workingWeekdays', 'holidaySet']);
  if (cal === undefined) return;
  if ('id' in cal) c.string(cal.id, 'calendar.id');
  if ('workingHours' in cal) {
    const hours = c.object(cal.workingHours, 'calendar.workingHours', ['start', 'end']);
    if (hours !== undefined) {
      const clock = (key: 'start' | 'end'): number | undefined => {
        if (!(key in hours)) return undefined;
        const text = hours[key];
        const minutes = typeof text === 'string' ? parseClockTime(text) : undefined;
        if (minutes === undefined)
          c.fail(`calendar.workingHours.${key}`, 'must be a local time HH:MM (00:00 to 24:00)');
        return minutes;
      };
      const start = clock('start');
      const end = clock('end');
      if (start !== undefined && end !== undefined && start >= end) {
        c.fail('calendar.workingHours', 'start must be before end (one working period per day)');
      }
    }
  }
  if ('workingWeekdays' in cal) {
    const days = cal.workingWeekdays;
    if (!Array.isArray(days) || days.length === 0) {
      c.fail('calendar.workingWeekdays', 'must be a non-empty array of ISO weekdays (1 = Monday … 7 = Sunday)');
    } else {
      days.forEach((day: unknown, i) => {
        const path = `calendar.workingWeekdays[${i}]`;
        if (c.integer(day, path, 1, 7) !== undefined && days.indexOf(day) !== i) c.fail(path, 'is listed twice');
      });
    }
  }
  if ('holidaySet' in cal) c.oneOf(cal.holidaySet, 'calendar.holidaySet', HOLIDAY_SET_IDS);
}

function checkDeadlines(c: Checker, value: unknown): void {
  const deadlines = c.object(
    value,
    'deadlines',
    DEADLINE_KINDS,
    [],
    `is not a deadline kind (${DEADLINE_KINDS.join(', ')})`,
  );
  if (deadlines === undefined) return;
  for (const kind of DEADLINE_KINDS) {
    if (!(kind in deadlines)) continue;
    const path = `deadlines.${kind}`;
    const rule = deadlines[kind];
    // R-SLA-9: customer-facing and statutory clocks run around the clock, overrides included.
    const units: Units = CALENDAR_ONLY_DEADLINE_KINDS.includes(kind)
      ? [CALENDAR_DURATION_UNITS, CUSTOMER_CLOCK]
      : [DURATION_UNITS, undefined];
    c.duration(rule, path, ['byUrgency', 'byCategory', 'statutory'], ...units);
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) continue;
    const r = rule as Obj;
    if ('byUrgency' in r) checkOverrides(c, r.byUrgency, `${path}.byUrgency`, URGENCY_IDS, units);
    if ('byCategory' in r) checkOverrides(c, r.byCategory, `${path}.byCategory`, CATEGORY_IDS, units);
    if ('statutory' in r && typeof r.statutory !== 'boolean') c.fail(`${path}.statutory`, 'must be true or false');
    if (kind === 'statutory_reply' && r.statutory !== true) {
      c.fail(`${path}.statutory`, 'must be true: the statutory reply clock is reported apart and never paused');
    }
  }
}

function checkOverrides(c: Checker, value: unknown, path: string, keys: readonly string[], units: Units): void {
  const overrides = c.object(value, path, [], keys, `is not one of ${keys.join(', ')}`);
  if (overrides === undefined) return;
  for (const key of Object.keys(overrides)) {
    if (keys.includes(key)) c.duration(overrides[key], `${path}.${key}`, [], ...units);
  }
}

function checkContact(c: Checker, value: unknown): void {
  const contact = c.object(value, 'contact', ['minRetries', 'retrySpacing', 'retryWindow']);
  if (contact === undefined) return;
  const retries = 'minRetries' in contact ? c.integer(contact.minRetries, 'contact.minRetries', 1) : undefined;
  // R-CON-1 counts hours around the clock: contact timing takes calendar units only.
  const spacing =
    'retrySpacing' in contact
      ? c.duration(contact.retrySpacing, 'contact.retrySpacing', [], CALENDAR_DURATION_UNITS)
      : undefined;
  const window =
    'retryWindow' in contact
      ? c.duration(contact.retryWindow, 'contact.retryWindow', [], CALENDAR_DURATION_UNITS)
      : undefined;
  if (retries !== undefined && spacing !== undefined && window !== undefined && retries * spacing > window) {
    c.fail('contact.retryWindow', `must fit ${retries} retries spaced by contact.retrySpacing after the first failure`);
  }
}

/**
 * R-APR-1/R-APR-2: the amount tiers rise (no approval ≤ team lead ≤ supervisor) and every minimum is a known tier.
 * `teamLeadUpToFen` and `minimum` are optional: a document without them keeps the tiers of 2026.1.
 */
function checkApproval(c: Checker, value: unknown): void {
  const keys = ['noApprovalUpToFen', 'supervisorUpToFen', 'urgentMinimum', 'majorMinimum', 'appealMinimum'];
  const approval = c.object(value, 'approval', keys, ['teamLeadUpToFen', 'minimum']);
  if (approval === undefined) return;
  const amount = (key: string): number | undefined =>
    key in approval ? c.integer(approval[key], `approval.${key}`, 0) : undefined;
  const low = amount('noApprovalUpToFen');
  const teamLead = amount('teamLeadUpToFen');
  const high = amount('supervisorUpToFen');
  if (low !== undefined && high !== undefined && high < low) {
    c.fail(
      'approval.supervisorUpToFen',
      'must not be below approval.noApprovalUpToFen (R-APR-2 tiers rise with the amount)',
    );
  }
  if (teamLead !== undefined && low !== undefined && teamLead < low) {
    c.fail(
      'approval.teamLeadUpToFen',
      'must not be below approval.noApprovalUpToFen (R-APR-2 tiers rise with the amount)',
    );
  }
  if (teamLead !== undefined && high !== undefined && high < teamLead) {
    c.fail(
      'approval.supervisorUpToFen',
      'must not be below approval.teamLeadUpToFen (R-APR-2 tiers rise with the amount)',
    );
  }
  for (const key of ['minimum', 'urgentMinimum', 'majorMinimum', 'appealMinimum']) {
    if (key in approval) c.oneOf(approval[key], `approval.${key}`, APPROVAL_REQUIREMENTS);
  }
}

function checkEscalation(c: Checker, value: unknown): void {
  const escalation = c.object(value, 'escalation', ['normalStartTier', 'urgentStartTier']);
  if (escalation === undefined) return;
  const tier = (key: string): EscalationTier | undefined =>
    key in escalation ? c.oneOf(escalation[key], `escalation.${key}`, ESCALATION_TIER_IDS) : undefined;
  const normal = tier('normalStartTier');
  const urgent = tier('urgentStartTier');
  if (normal !== undefined && urgent !== undefined && ESCALATION_TIERS[urgent].level < ESCALATION_TIERS[normal].level) {
    c.fail('escalation.urgentStartTier', 'must not be below escalation.normalStartTier (R-FLOW-3)');
  }
}
