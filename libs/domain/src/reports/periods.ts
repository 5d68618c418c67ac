/**
 * Report periods as calendar dates (`YYYY-MM-DD`, Beijing time, as the rollups key them): whether a string is a real
 * date or month, a month's first and last day, and how an inclusive date range splits into whole months (read from
 * month rows), whole month weeks at its edges (week rows) and the days around those (day rows), so a year's summary
 * adds a dozen rows per cell instead of 365 and a ragged range a few dozen at most instead of ~60 (R-RPT-1).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

/** Whether `s` is a calendar date `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && iso(utc(Number(m[1]), Number(m[2]), Number(m[3]))) === s;
}

/** The first and last day of a month `YYYY-MM`, or null when `s` is no month. */
export function monthDays(s: string): { readonly from: string; readonly to: string } | null {
  const m = MONTH.exec(s);
  if (m === null || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: iso(utc(y, mo, 1)), to: iso(utc(y, mo + 1, 0)) };
}

/** Which rows of the rollups an inclusive range reads; a null bound is open. */
export interface RollupRanges {
  /** Whole months: month rows with `from ≤ period < toExclusive` (absent: none). */
  readonly months?: { readonly from: string | null; readonly toExclusive: string | null };
  /** Whole month weeks (`monthWeekStart`): week rows with `from ≤ period ≤ to` (both week starts). */
  readonly weeks: readonly { readonly from: string; readonly to: string }[];
  /** Day rows with `from ≤ period ≤ to`. */
  readonly days: readonly { readonly from: string; readonly to: string }[];
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

const addDays = (date: string, n: number) => {
  const [y, m, d] = parts(date);
  return iso(utc(y, m, d + n));
};

const lastOfMonth = (date: string) => {
  const [y, m] = parts(date);
  return iso(utc(y, m + 1, 0));
};

/**
 * The first day of the month week of `date` (R-RPT-1 rollups' `week` grain): a month's weeks begin on its days 1, 8,
 * 15, 22 and 29 — seven days each, the last one the one to three days from the 29th to the month's end (none in a
 * February of 28 days). Weeks never cross a month, so a month is exactly its weeks and a week exactly its days.
 */
export function monthWeekStart(date: string): string {
  const [y, m, d] = parts(date);
  return iso(utc(y, m, d - ((d - 1) % 7)));
}

/** The last day of the month week that begins on `start`. */
function monthWeekEnd(start: string): string {
  const seventh = addDays(start, 6);
  const last = lastOfMonth(start);
  return seventh < last ? seventh : last;
}

interface Split {
  readonly weeks: { from: string; to: string }[];
  readonly days: { from: string; to: string }[];
}

/** `from`–`to` (inclusive, within one month, `from ≤ to`) as the whole weeks inside it and the days around them. */
function splitWithinMonth(from: string, to: string, into: Split): void {
  const fromWeek = monthWeekStart(from);
  const firstWeek = fromWeek === from ? from : addDays(monthWeekEnd(fromWeek), 1);
  const toWeek = monthWeekStart(to);
  const lastWeekEnd = monthWeekEnd(toWeek) === to ? to : addDays(toWeek, -1);
  if (firstWeek > lastWeekEnd) {
    into.days.push({ from, to });
    return;
  }
  if (from < firstWeek) into.days.push({ from, to: addDays(firstWeek, -1) });
  into.weeks.push({ from: firstWeek, to: monthWeekStart(lastWeekEnd) });
  if (lastWeekEnd < to) into.days.push({ from: addDays(lastWeekEnd, 1), to });
}

/**
 * Splits the inclusive range `from`–`to` (calendar dates; absent: open) into the whole months inside it, and the
 * part-months at its edges into the whole month weeks inside them and the days around those (R-RPT-1): a year's
 * summary adds about a dozen rows per outlet and category, a range with ragged edges at most 4 week and 4 day
 * ranges more (≤ 6 days and ≤ 4 weeks per edge) instead of up to 60 day rows. A range within one month, not
 * covering it whole, has no month part; one ending before it begins reads nothing.
 */
export function rollupRanges(from?: string, to?: string): RollupRanges {
  let monthFrom: string | null = null;
  if (from !== undefined) {
    const [y, m, d] = parts(from);
    monthFrom = iso(d === 1 ? utc(y, m, 1) : utc(y, m + 1, 1));
  }
  let monthTo: string | null = null;
  if (to !== undefined) {
    const [y, m, d] = parts(to);
    const lastDay = Number(iso(utc(y, m + 1, 0)).slice(8));
    monthTo = iso(d === lastDay ? utc(y, m + 1, 1) : utc(y, m, 1));
  }
  const split: Split = { weeks: [], days: [] };
  if (from !== undefined && to !== undefined) {
    if (from > to) return { weeks: [], days: [{ from, to }] };
    if (from.slice(0, 7) === to.slice(0, 7) && monthFrom! >= monthTo!) {
      splitWithinMonth(from, to, split);
      return split;
    }
  }
  // The edges: `from` up to its month's end unless the month is whole, `to`'s month start up to `to` likewise.
  if (from !== undefined && from < monthFrom!) splitWithinMonth(from, addDays(monthFrom!, -1), split);
  if (to !== undefined && monthTo! <= to) splitWithinMonth(monthTo!, to, split);
  if (monthFrom !== null && monthTo !== null && monthFrom >= monthTo) return split;
  return { months: { from: monthFrom, toExclusive: monthTo }, ...split };
}
