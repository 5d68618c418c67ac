import { isCalendarDate, monthDays, rollupRanges } from './periods';

describe('report periods (R-RPT-1)', () => {
  it('knows real calendar dates and months', () => {
    expect(['2026-02-28', '2024-02-29'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', 'x'].map(isCalendarDate)).toEqual([false, false, false, false]);
    expect(monthDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect([monthDays('2026-13'), monthDays('2026-00'), monthDays('2026-1')]).toEqual([null, null, null]);
  });

  it('splits a range into whole months and the days at its edges', () => {
    expect(rollupRanges()).toEqual({ months: { from: null, toExclusive: null }, days: [] });
    expect(rollupRanges('2026-01-15', '2026-05-20')).toEqual({
      months: { from: '2026-02-01', toExclusive: '2026-05-01' },
      days: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-05-01', to: '2026-05-20' },
      ],
    });
    expect(rollupRanges('2026-03-01', '2026-03-31')).toEqual({
      months: { from: '2026-03-01', toExclusive: '2026-04-01' },
      days: [],
    });
    expect(rollupRanges('2026-03-10')).toEqual({
      months: { from: '2026-04-01', toExclusive: null },
      days: [{ from: '2026-03-10', to: '2026-03-31' }],
    });
    expect(rollupRanges(undefined, '2026-03-05')).toEqual({
      months: { from: null, toExclusive: '2026-03-01' },
      days: [{ from: '2026-03-01', to: '2026-03-05' }],
    });
  });

  it('reads a range inside one month from day rows only', () => {
    expect(rollupRanges('2026-03-06', '2026-03-19')).toEqual({ days: [{ from: '2026-03-06', to: '2026-03-19' }] });
    expect(rollupRanges('2026-03-02', '2026-03-31')).toEqual({ days: [{ from: '2026-03-02', to: '2026-03-31' }] });
  });
});
