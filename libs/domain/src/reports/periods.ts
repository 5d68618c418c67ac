/**
 * Report periods as calendar dates (`YYYY-MM-DD`, Beijing time, as the rollups key them): whether a string is a real
 * date or month, a month's first and last day, and how an inclusive date range splits into whole months (read from
 * month rows) and the days at its edges (read from day rows), so a year's summary adds a dozen rows per cell instead
 * of 365 (R-RPT-1).
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
  /** Day rows with `from ≤ period ≤ to`. */
  readonly days: readonly { readonly from: string | null; readonly to: string | null }[];
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/**
 * Splits the inclusive range `from`–`to` (calendar dates; absent: open) into the whole months inside it and the days
 * before and after them. A range within one month, not covering it whole, is read from day rows only.
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
  if (from !== undefined && to !== undefined && monthFrom! >= monthTo!) {
    return { days: [{ from, to }] };
  }
  const days: { from: string | null; to: string | null }[] = [];
  if (from !== undefined && from < monthFrom!) {
    const [y, m, d] = parts(monthFrom!);
    days.push({ from, to: iso(utc(y, m, d - 1)) });
  }
  if (to !== undefined && monthTo! <= to) days.push({ from: monthTo, to });
  return { months: { from: monthFrom, toExclusive: monthTo }, days };
}
