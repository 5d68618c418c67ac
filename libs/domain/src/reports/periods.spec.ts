import fc from 'fast-check';
import { isCalendarDate, monthDays, monthWeekStart, rollupRanges } from './periods';

describe('report periods (R-RPT-1)', () => {
  it('knows real calendar dates and months', () => {
    expect(['2026-02-28', '2024-02-29'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', 'x'].map(isCalendarDate)).toEqual([false, false, false, false]);
    expect(monthDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect([monthDays('2026-13'), monthDays('2026-00'), monthDays('2026-1')]).toEqual([null, null, null]);
  });

  it('R-RPT-1: month weeks begin on days 1, 8, 15, 22 and 29 and never cross a month', () => {
    expect(
      ['2026-03-01', '2026-03-07', '2026-03-08', '2026-03-21', '2026-03-22', '2026-03-29', '2026-03-31'].map(
        monthWeekStart,
      ),
    ).toEqual(['2026-03-01', '2026-03-01', '2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29', '2026-03-29']);
    expect(['2026-02-28', '2024-02-29', '2026-12-31'].map(monthWeekStart)).toEqual([
      '2026-02-22',
      '2024-02-29',
      '2026-12-29',
    ]);
  });

  it('R-RPT-1: splits a range into whole months, the whole weeks of its edges and the days around them', () => {
    expect(rollupRanges()).toEqual({ months: { from: null, toExclusive: null }, weeks: [], days: [] });
    // The benchmark's range: Jan 15–31 is three whole weeks (15, 22, 29–31); May 1–20 two weeks and six days.
    expect(rollupRanges('2026-01-15', '2026-05-20')).toEqual({
      months: { from: '2026-02-01', toExclusive: '2026-05-01' },
      weeks: [
        { from: '2026-01-15', to: '2026-01-29' },
        { from: '2026-05-01', to: '2026-05-08' },
      ],
      days: [{ from: '2026-05-15', to: '2026-05-20' }],
    });
    expect(rollupRanges('2026-01-12', '2026-05-30')).toEqual({
      months: { from: '2026-02-01', toExclusive: '2026-05-01' },
      weeks: [
        { from: '2026-01-15', to: '2026-01-29' },
        { from: '2026-05-01', to: '2026-05-22' },
      ],
      days: [
        { from: '2026-01-12', to: '2026-01-14' },
        { from: '2026-05-29', to: '2026-05-30' },
      ],
    });
    expect(rollupRanges('2026-03-01', '2026-03-31')).toEqual({
      months: { from: '2026-03-01', toExclusive: '2026-04-01' },
      weeks: [],
      days: [],
    });
    expect(rollupRanges('2026-03-10')).toEqual({
      months: { from: '2026-04-01', toExclusive: null },
      weeks: [{ from: '2026-03-15', to: '2026-03-29' }],
      days: [{ from: '2026-03-10', to: '2026-03-14' }],
    });
    expect(rollupRanges(undefined, '2026-03-05')).toEqual({
      months: { from: null, toExclusive: '2026-03-01' },
      weeks: [],
      days: [{ from: '2026-03-01', to: '2026-03-05' }],
    });
    // February of 28 days: its last week is 22–28.
    expect(rollupRanges('2026-02-22', '2026-04-30')).toEqual({
      months: { from: '2026-03-01', toExclusive: '2026-05-01' },
      weeks: [{ from: '2026-02-22', to: '2026-02-22' }],
      days: [],
    });
  });

  it('R-RPT-1: reads a range inside one month, or over two part-months, from week and day rows only', () => {
    expect(rollupRanges('2026-03-06', '2026-03-19')).toEqual({
      weeks: [{ from: '2026-03-08', to: '2026-03-08' }],
      days: [
        { from: '2026-03-06', to: '2026-03-07' },
        { from: '2026-03-15', to: '2026-03-19' },
      ],
    });
    expect(rollupRanges('2026-03-02', '2026-03-31')).toEqual({
      weeks: [{ from: '2026-03-08', to: '2026-03-29' }],
      days: [{ from: '2026-03-02', to: '2026-03-07' }],
    });
    expect(rollupRanges('2026-03-01', '2026-03-20')).toEqual({
      weeks: [{ from: '2026-03-01', to: '2026-03-08' }],
      days: [{ from: '2026-03-15', to: '2026-03-20' }],
    });
    expect(rollupRanges('2026-03-09', '2026-03-13')).toEqual({
      weeks: [],
      days: [{ from: '2026-03-09', to: '2026-03-13' }],
    });
    expect(rollupRanges('2026-03-30', '2026-04-03')).toEqual({
      weeks: [],
      days: [
        { from: '2026-03-30', to: '2026-03-31' },
        { from: '2026-04-01', to: '2026-04-03' },
      ],
    });
    expect(rollupRanges('2026-03-29', '2026-04-07')).toEqual({
      weeks: [
        { from: '2026-03-29', to: '2026-03-29' },
        { from: '2026-04-01', to: '2026-04-01' },
      ],
      days: [],
    });
  });

  it('R-RPT-1: a range ending before it begins reads nothing', () => {
    expect(rollupRanges('2026-05-10', '2026-03-05')).toEqual({
      weeks: [],
      days: [{ from: '2026-05-10', to: '2026-03-05' }],
    });
  });

  it('R-RPT-1: the months, weeks and days of any range cover each of its days exactly once', () => {
    const DAY = 86_400_000;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const base = Date.UTC(2023, 11, 1);
    /** Every day from `a` to `b` inclusive that `keep` accepts. */
    const daysOf = (a: string, b: string, keep: (d: string) => boolean = () => true) => {
      const out: string[] = [];
      for (let t = Date.parse(a); t <= Date.parse(b); t += DAY) if (keep(day(t))) out.push(day(t));
      return out;
    };
    fc.assert(
      fc.property(fc.option(fc.nat(800)), fc.option(fc.nat(800)), (a, b) => {
        const from = a === null ? undefined : day(base + a * DAY);
        const to = b === null ? undefined : day(base + (b + (a ?? 0)) * DAY);
        const lo = from ?? day(base - 400 * DAY);
        const hi = to ?? day(base + 2000 * DAY);
        const r = rollupRanges(from, to);
        const covered: string[] = [];
        if (r.months) {
          const end = r.months.toExclusive === null ? hi : day(Date.parse(r.months.toExclusive) - DAY);
          covered.push(...daysOf(r.months.from ?? lo, end).filter((d) => d >= lo && d <= hi));
        }
        for (const w of r.weeks)
          covered.push(...daysOf(w.from, w.to).flatMap((s) => (monthWeekStart(s) === s ? weekDays(s) : [])));
        for (const d of r.days) covered.push(...daysOf(d.from, d.to));
        expect(covered.sort()).toEqual(daysOf(lo, hi));
        expect(r.days.reduce((n, d) => n + daysOf(d.from, d.to).length, 0)).toBeLessThanOrEqual(12);
      }),
    );
    /** The days of the month week beginning `s`. */
    function weekDays(s: string): string[] {
      return daysOf(s, day(Date.parse(s) + 6 * DAY), (d) => monthWeekStart(d) === s);
    }
  });
});
