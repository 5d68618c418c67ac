/**
 * Business calendar arithmetic: which instants are working time, and how working time adds up. Pure integer
 * arithmetic on epoch milliseconds with a fixed UTC offset (mainland China has no daylight saving time), no
 * `Date`, no `Intl`: it runs unchanged inside Temporal's deterministic workflow sandbox.
 *
 * Working-time deadlines (R-SLA-1..7 with `working_hours` / `working_days` units) are computed here; calendar
 * units never touch this module. By default every clock runs around the clock (R-SLA-9, policy 2026.2): a clock
 * follows this calendar only when a network whose desk keeps service hours gives it a working unit by policy, and
 * customer-facing and statutory clocks never do (`validatePolicy`).
 */
import { HOLIDAY_SETS, type HolidaySet } from './calendar-cn-holidays';
import type { CalendarPolicy, HolidaySetId, PolicyDocument } from './policy/types';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

/**
 * A calendar ready for arithmetic, built from a policy's `calendar` section by `businessCalendar`. Plain
 * JSON-safe data (no `Set`/`Map`), so it can travel in workflow state.
 */
export interface BusinessCalendar {
  readonly id: string;
  readonly utcOffsetMinutes: number;
  /** Local minute of the day working time starts (09:00 → 540). */
  readonly workStartMinute: number;
  /** Local minute of the day working time ends, exclusive (18:00 → 1080; 24:00 → 1440). */
  readonly workEndMinute: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are working days unless a holiday says otherwise. */
  readonly workingWeekdays: readonly number[];
  readonly holidaySet: HolidaySetId;
  /** Local dates (`YYYY-MM-DD`) that override the weekday rule: `off` (holiday) or `work` (make-up day, 调休). */
  readonly days: Readonly<Record<string, 'off' | 'work'>>;
  /** Years that have a schedule in the holiday set. */
  readonly scheduledYears: readonly number[];
  /** Scheduled years whose schedule is a projection, not the published notice. */
  readonly provisionalYears: readonly number[];
  /** `MM-DD` days off in years without a schedule. */
  readonly fixedDates: readonly string[];
  /** Every instant is working time (24/7, no holidays): arithmetic short-cuts to plain addition. */
  readonly roundTheClock: boolean;
}

/**
 * Minutes after local midnight for a clock time `HH:MM` (`24:00` allowed as the end of the day), or
 * `undefined` if the text is not one. Used by `validatePolicy` for `calendar.workingHours` (R-SLA-1..7).
 */
export function parseClockTime(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  return text === '24:00' ? MINUTES_PER_DAY : undefined;
}

/**
 * Builds the arithmetic calendar for a validated `calendar` policy section and the policy's UTC offset
 * (R-SLA-1..7 working-time deadlines). Throws `RangeError` for a calendar without any working time, which
 * `validatePolicy` rejects: every loop below relies on working time eventually coming round.
 */
export function businessCalendar(
  policy: CalendarPolicy,
  utcOffsetMinutes: number,
  sets: Readonly<Record<HolidaySetId, HolidaySet>> = HOLIDAY_SETS,
): BusinessCalendar {
  const workStartMinute = parseClockTime(policy.workingHours.start) ?? Number.NaN;
  const workEndMinute = parseClockTime(policy.workingHours.end) ?? Number.NaN;
  const weekdays = [...new Set(policy.workingWeekdays)].sort((a, b) => a - b);
  if (!(workStartMinute < workEndMinute) || !weekdays.some((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    throw new RangeError(`calendar ${policy.id} has no working time`);
  }
  const set = sets[policy.holidaySet];
  const days: Record<string, 'off' | 'work'> = {};
  for (const year of set.years) {
    for (const period of year.holidays) {
      for (let z = dayNumber(period.from); z <= dayNumber(period.to); z++) days[dateKey(z)] = 'off';
    }
    for (const makeUp of year.makeUpWorkdays) days[makeUp.date] = 'work';
  }
  const scheduledYears = set.years.map((y) => y.year);
  return {
    id: policy.id,
    utcOffsetMinutes,
    workStartMinute,
    workEndMinute,
    workingWeekdays: weekdays,
    holidaySet: set.id,
    days,
    scheduledYears,
    provisionalYears: set.years.filter((y) => y.provisional).map((y) => y.year),
    fixedDates: [...set.fixedDates],
    roundTheClock:
      workStartMinute === 0 &&
      workEndMinute === MINUTES_PER_DAY &&
      weekdays.length === 7 &&
      scheduledYears.length === 0 &&
      set.fixedDates.length === 0,
  };
}

/**
 * The calendars built so far, by calendar section and offset, oldest first: building one expands every holiday period
 * of every scheduled year into dated strings, and the deadline and overdue functions ask for it several times per
 * workflow task and per API read (issue 14: about a sixth of the worker's CPU). Equal input, equal calendar, so
 * reusing one is as deterministic as building it again. A few policy versions are in force at once; the bound only
 * keeps a process that sees many from growing.
 */
const BUILT = new Map<string, BusinessCalendar>();
const BUILT_LIMIT = 16;

/** The business calendar of a policy document (its `calendar` section in its `timezone`). R-SLA-1..7. */
export function businessCalendarFor(policy: Pick<PolicyDocument, 'calendar' | 'timezone'>): BusinessCalendar {
  const key = `${policy.timezone.utcOffsetMinutes}|${JSON.stringify(policy.calendar)}`;
  const built = BUILT.get(key);
  if (built) return built;
  const calendar = businessCalendar(policy.calendar, policy.timezone.utcOffsetMinutes);
  if (BUILT.size >= BUILT_LIMIT) BUILT.delete(BUILT.keys().next().value as string);
  BUILT.set(key, calendar);
  return calendar;
}

/** 24/7 with no holidays (calendar id `always`): the calendar of the fast test policy, where every instant works. */
export const ALWAYS_CALENDAR: BusinessCalendar = businessCalendar(
  {
    id: 'always',
    workingHours: { start: '00:00', end: '24:00' },
    workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
    holidaySet: 'none',
  },
  480,
);

/** The length of one working day in milliseconds (9 h for 09:00–18:00): the unit of `working_days`. R-SLA-1..7. */
export function workingDayMs(cal: BusinessCalendar): number {
  return (cal.workEndMinute - cal.workStartMinute) * MINUTE_MS;
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in the calendar's time zone. */
export function localDate(cal: BusinessCalendar, t: number): string {
  return dateKey(localDay(cal, t));
}

/**
 * Whether a local date (`YYYY-MM-DD`) is a working day: a listed holiday is not, a make-up day (调休) is,
 * otherwise the weekday decides; in years without a schedule the fixed-date holidays are still off.
 * Supports the working-time deadlines of R-SLA-1..7.
 */
export function isWorkingDate(cal: BusinessCalendar, date: string): boolean {
  return isWorkingDay(cal, dayNumber(date));
}

/**
 * Whether instant `t` is working time: a working day, inside the working hours (start inclusive, end
 * exclusive). Working-time deadlines (R-SLA-1..7) only run while this is true.
 */
export function isWorkingInstant(cal: BusinessCalendar, t: number): boolean {
  assertFinite(t);
  if (cal.roundTheClock) return true;
  const z = localDay(cal, t);
  if (!isWorkingDay(cal, z)) return false;
  const [start, end] = workWindow(cal, z);
  return t >= start && t < end;
}

/**
 * The instant at which `ms` of working time has passed since `start` (R-SLA-1..7 working-time deadlines):
 * the least `t` with `workingTimeBetween(cal, start, t) === ms`. For `ms > 0` the result is never inside a
 * holiday or outside working hours: the instant just before it is working time (a deadline consumed exactly
 * at 18:00 is due at 18:00, not at 09:00 the next working day). `ms <= 0` returns `start`.
 */
export function addWorkingTime(cal: BusinessCalendar, start: number, ms: number): number {
  assertFinite(start, ms);
  if (ms <= 0) return start;
  if (cal.roundTheClock) return start + ms;
  let remaining = ms;
  let reached = start;
  // Terminates: businessCalendar guarantees working weekdays and a non-empty working period, and holidays are
  // finite, so every few days some working time comes round.
  for (let z = localDay(cal, start); remaining > 0; z++) {
    if (!isWorkingDay(cal, z)) continue;
    const [windowStart, windowEnd] = workWindow(cal, z);
    const from = Math.max(windowStart, start);
    const used = Math.min(remaining, Math.max(0, windowEnd - from));
    if (used > 0) {
      remaining -= used;
      reached = from + used;
    }
  }
  return reached;
}

/**
 * Working time in milliseconds between `a` and `b` (R-SLA-1..7: how much of a working-time deadline has been
 * used). 0 when `b <= a`.
 */
export function workingTimeBetween(cal: BusinessCalendar, a: number, b: number): number {
  assertFinite(a, b);
  if (b <= a) return 0;
  if (cal.roundTheClock) return b - a;
  let total = 0;
  const last = localDay(cal, b);
  for (let z = localDay(cal, a); z <= last; z++) {
    if (!isWorkingDay(cal, z)) continue;
    const [windowStart, windowEnd] = workWindow(cal, z);
    const from = Math.max(windowStart, a);
    const to = Math.min(windowEnd, b);
    if (to > from) total += to - from;
  }
  return total;
}

/**
 * Where the holiday data for the year of instant `t` comes from: `published` (the State Council notice),
 * `provisional` (a projection, see `calendar-cn-holidays.ts`), `fixed_dates_only` (no schedule for the year:
 * lunar holidays unknown), or `not_applicable` (a calendar without holidays). Lets the API flag deadlines
 * computed on uncertain data.
 */
export function holidayDataStatus(
  cal: BusinessCalendar,
  t: number,
): 'published' | 'provisional' | 'fixed_dates_only' | 'not_applicable' {
  if (cal.holidaySet === 'none') return 'not_applicable';
  const year = civilFromDays(localDay(cal, t))[0];
  if (cal.provisionalYears.includes(year)) return 'provisional';
  return cal.scheduledYears.includes(year) ? 'published' : 'fixed_dates_only';
}

function assertFinite(...instants: number[]): void {
  if (!instants.every(Number.isFinite)) throw new RangeError('calendar arithmetic needs finite instants');
}

function localDay(cal: BusinessCalendar, t: number): number {
  return Math.floor((t + cal.utcOffsetMinutes * MINUTE_MS) / DAY_MS);
}

/** The UTC instants [start, end) of the working hours of local day `z`. */
function workWindow(cal: BusinessCalendar, z: number): [number, number] {
  const midnight = z * DAY_MS - cal.utcOffsetMinutes * MINUTE_MS;
  return [midnight + cal.workStartMinute * MINUTE_MS, midnight + cal.workEndMinute * MINUTE_MS];
}

function isWorkingDay(cal: BusinessCalendar, z: number): boolean {
  const key = dateKey(z);
  const override = cal.days[key];
  if (override !== undefined) return override === 'work';
  const year = Number(key.slice(0, 4));
  if (!cal.scheduledYears.includes(year) && cal.fixedDates.includes(key.slice(5))) return false;
  return cal.workingWeekdays.includes(isoWeekday(z));
}

/** ISO weekday of day number `z` (days since 1970-01-01, a Thursday). */
function isoWeekday(z: number): number {
  return ((((z + 3) % 7) + 7) % 7) + 1;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian; H. Hinnant's days_from_civil). */
function dayNumber(date: string): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const year = Number(date.slice(0, 4)) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** [year, month, day] of day number `z` (H. Hinnant's civil_from_days). */
function civilFromDays(z: number): [number, number, number] {
  const shifted = z + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function dateKey(z: number): string {
  const [year, month, day] = civilFromDays(z);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
