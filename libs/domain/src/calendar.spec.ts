import fc from 'fast-check';
import {
  addWorkingTime,
  ALWAYS_CALENDAR,
  businessCalendar,
  businessCalendarFor,
  holidayDataStatus,
  isWorkingDate,
  isWorkingInstant,
  localDate,
  parseClockTime,
  workingDayMs,
  workingTimeBetween,
} from './calendar';
import { CN_HOLIDAYS, type HolidayYear } from './calendar-cn-holidays';
import { DEFAULT_POLICY, FAST_POLICY } from './policy/default-policy';

/** Beijing local time `YYYY-MM-DDTHH:MM` as epoch ms. */
const bj = (text: string): number => Date.parse(`${text}:00+08:00`);
const HOUR = 3_600_000;
const cn = businessCalendarFor(DEFAULT_POLICY);

/** Every date of a holiday year's periods. */
function daysOff(year: HolidayYear): string[] {
  const dates: string[] = [];
  for (const period of year.holidays) {
    for (let t = Date.parse(`${period.from}T00:00:00Z`); t <= Date.parse(`${period.to}T00:00:00Z`); t += 86_400_000) {
      dates.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  return dates;
}
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const year = (y: number): HolidayYear => CN_HOLIDAYS.years.find((entry) => entry.year === y) as HolidayYear;

describe('holiday data (calendar-cn-holidays)', () => {
  it('R-SLA-1..7: 2026 follows the State Council notice: 33 days off in seven holidays, six make-up Saturdays/Sundays', () => {
    const y2026 = year(2026);
    expect(y2026.provisional).toBe(false);
    expect(daysOff(y2026)).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(y2026.holidays.map((h) => [h.holiday, h.from, h.to])).toEqual([
      ['new_year', '2026-01-01', '2026-01-03'],
      ['spring_festival', '2026-02-15', '2026-02-23'],
      ['qingming', '2026-04-04', '2026-04-06'],
      ['labour_day', '2026-05-01', '2026-05-05'],
      ['dragon_boat', '2026-06-19', '2026-06-21'],
      ['mid_autumn', '2026-09-25', '2026-09-27'],
      ['national_day', '2026-10-01', '2026-10-07'],
    ]);
    expect(y2026.makeUpWorkdays.map((m) => m.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('2027 is shipped as a provisional projection', () => {
    expect(year(2027).provisional).toBe(true);
    expect(year(2027).source).toMatch(/Projection/);
  });

  it.each(CN_HOLIDAYS.years.map((y) => [y.year, y] as const))(
    'every %i make-up working day (调休) is a weekend day, and no date is both off and working',
    (y, data) => {
      const off = daysOff(data);
      for (const makeUp of data.makeUpWorkdays) {
        expect([0, 6]).toContain(weekday(makeUp.date));
        expect(off).not.toContain(makeUp.date);
        expect(makeUp.date.startsWith(String(y))).toBe(true);
      }
      for (const date of off) expect(date.startsWith(String(y))).toBe(true);
      expect(new Set(off).size).toBe(off.length);
    },
  );
});

describe('parseClockTime', () => {
  it('reads HH:MM as minutes after midnight, 24:00 as the end of the day, and nothing else', () => {
    expect(parseClockTime('09:00')).toBe(540);
    expect(parseClockTime('18:30')).toBe(1110);
    expect(parseClockTime('00:00')).toBe(0);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(parseClockTime('24:01')).toBeUndefined();
    expect(parseClockTime('9:00')).toBeUndefined();
    expect(parseClockTime('12:60')).toBeUndefined();
  });
});

describe('businessCalendar', () => {
  it('builds the default office calendar: 09:00–18:00 Beijing time, Monday to Friday, Chinese holidays', () => {
    expect(cn).toMatchObject({
      id: 'cn',
      utcOffsetMinutes: 480,
      workStartMinute: 540,
      workEndMinute: 1080,
      workingWeekdays: [1, 2, 3, 4, 5],
      holidaySet: 'cn',
      roundTheClock: false,
      scheduledYears: [2026, 2027],
      provisionalYears: [2027],
    });
    expect(cn.days['2026-02-16']).toBe('off');
    expect(cn.days['2026-02-14']).toBe('work');
    expect(workingDayMs(cn)).toBe(9 * HOUR);
  });

  it('builds the fast policy calendar "always" as round the clock, and it equals ALWAYS_CALENDAR', () => {
    const always = businessCalendarFor(FAST_POLICY);
    expect(always.roundTheClock).toBe(true);
    expect(always).toEqual(ALWAYS_CALENDAR);
    expect(workingDayMs(always)).toBe(24 * HOUR);
  });

  it('refuses a calendar without working time (the policy validator rejects these first)', () => {
    const base = DEFAULT_POLICY.calendar;
    expect(() => businessCalendar({ ...base, workingHours: { start: '18:00', end: '09:00' } }, 480)).toThrow(
      RangeError,
    );
    expect(() => businessCalendar({ ...base, workingHours: { start: 'nine', end: '18:00' } }, 480)).toThrow(RangeError);
    expect(() => businessCalendar({ ...base, workingHours: { start: '09:00', end: 'late' } }, 480)).toThrow(RangeError);
    expect(() => businessCalendar({ ...base, workingWeekdays: [] }, 480)).toThrow(RangeError);
    expect(() => businessCalendar({ ...base, workingWeekdays: [0, 8] }, 480)).toThrow(RangeError);
  });

  it('a 24-hour calendar that keeps holidays is not round the clock', () => {
    const cal = businessCalendar(
      {
        id: 'cn-24x7',
        workingHours: { start: '00:00', end: '24:00' },
        workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
        holidaySet: 'cn',
      },
      480,
    );
    expect(cal.roundTheClock).toBe(false);
    expect(isWorkingInstant(cal, bj('2026-03-07T03:00'))).toBe(true); // an ordinary Saturday night
    expect(isWorkingInstant(cal, bj('2026-02-17T12:00'))).toBe(false); // 春节
    // Short-hours variants are not round the clock either.
    for (const variant of [
      { start: '00:00', end: '23:00' },
      { start: '01:00', end: '24:00' },
    ]) {
      expect(businessCalendar({ ...FAST_POLICY.calendar, workingHours: variant }, 480).roundTheClock).toBe(false);
    }
    expect(businessCalendar({ ...FAST_POLICY.calendar, workingWeekdays: [1, 2, 3, 4, 5, 6] }, 480).roundTheClock).toBe(
      false,
    );
    const fixedOnly = businessCalendar(FAST_POLICY.calendar, 480, {
      cn: CN_HOLIDAYS,
      none: { ...CN_HOLIDAYS, id: 'none', years: [] },
    });
    expect(fixedOnly.roundTheClock).toBe(false);
  });
});

describe('businessCalendarFor reuses what it built (issue 14)', () => {
  it('answers an equal calendar section and offset with the calendar built before, equal to a fresh build', () => {
    const copy = JSON.parse(JSON.stringify(DEFAULT_POLICY)) as typeof DEFAULT_POLICY;
    expect(businessCalendarFor(copy)).toBe(businessCalendarFor(DEFAULT_POLICY));
    expect(businessCalendarFor(copy)).toEqual(businessCalendar(DEFAULT_POLICY.calendar, 480));
  });

  it('builds anew for another offset or calendar, and keeps only the latest few', () => {
    const at = (utcOffsetMinutes: number) => ({ calendar: DEFAULT_POLICY.calendar, timezone: { utcOffsetMinutes } });
    const first = businessCalendarFor(at(0));
    expect(first.utcOffsetMinutes).toBe(0);
    expect(businessCalendarFor(at(60))).not.toBe(first);
    expect(businessCalendarFor(at(0))).toBe(first);
    for (let i = 1; i <= 20; i++) businessCalendarFor(at(i));
    const rebuilt = businessCalendarFor(at(0));
    expect(rebuilt).not.toBe(first);
    expect(rebuilt).toEqual(first);
  });
});

describe('isWorkingDate and isWorkingInstant', () => {
  it('weekdays work, weekends do not, public holidays do not, make-up days (调休) do', () => {
    expect(isWorkingDate(cn, '2026-03-09')).toBe(true); // Monday
    expect(isWorkingDate(cn, '2026-03-07')).toBe(false); // Saturday
    expect(isWorkingDate(cn, '2026-02-16')).toBe(false); // Monday in 春节
    expect(isWorkingDate(cn, '2026-02-14')).toBe(true); // Saturday make-up day
    expect(isWorkingDate(cn, '2026-10-10')).toBe(true); // Saturday make-up day after 国庆
    expect(isWorkingDate(cn, '2027-02-08')).toBe(false); // provisional 2027 春节
  });

  it('years without a schedule keep the fixed-date statutory holidays only', () => {
    expect(isWorkingDate(cn, '2028-05-01')).toBe(false); // Monday, 劳动节
    expect(isWorkingDate(cn, '2028-05-02')).toBe(false); // Tuesday, 劳动节
    expect(isWorkingDate(cn, '2028-10-02')).toBe(false); // Monday, 国庆节
    expect(isWorkingDate(cn, '2028-05-03')).toBe(true); // unknown extension days stay working days
  });

  it('working hours are start-inclusive, end-exclusive, in Beijing time', () => {
    expect(isWorkingInstant(cn, bj('2026-03-09T09:00') - 1)).toBe(false);
    expect(isWorkingInstant(cn, bj('2026-03-09T09:00'))).toBe(true);
    expect(isWorkingInstant(cn, bj('2026-03-09T18:00') - 1)).toBe(true);
    expect(isWorkingInstant(cn, bj('2026-03-09T18:00'))).toBe(false);
    expect(isWorkingInstant(cn, bj('2026-02-16T10:00'))).toBe(false);
    expect(isWorkingInstant(ALWAYS_CALENDAR, bj('2026-02-16T03:00'))).toBe(true);
  });

  it('localDate is the Beijing date, not the UTC one', () => {
    expect(localDate(cn, bj('2026-02-17T00:30'))).toBe('2026-02-17');
    expect(new Date(bj('2026-02-17T00:30')).toISOString().slice(0, 10)).toBe('2026-02-16');
  });

  it('rejects non-finite instants as programming errors', () => {
    expect(() => isWorkingInstant(cn, Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingTime(cn, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => workingTimeBetween(cn, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('addWorkingTime and workingTimeBetween', () => {
  it('carries working time over the weekend: Friday 17:00 + 2 working hours is Monday 10:00', () => {
    expect(addWorkingTime(cn, bj('2026-03-06T17:00'), 2 * HOUR)).toBe(bj('2026-03-09T10:00'));
    expect(workingTimeBetween(cn, bj('2026-03-06T17:00'), bj('2026-03-09T10:00'))).toBe(2 * HOUR);
  });

  it('skips 春节 and works the make-up Saturday (调休): Friday 13 Feb 17:00 + 2 h is Saturday 14 Feb 10:00', () => {
    expect(addWorkingTime(cn, bj('2026-02-13T17:00'), 2 * HOUR)).toBe(bj('2026-02-14T10:00'));
    expect(addWorkingTime(cn, bj('2026-02-14T17:00'), 2 * HOUR)).toBe(bj('2026-02-24T10:00'));
  });

  it('skips 国庆: 30 Sep 17:00 + 2 h is 8 Oct 10:00', () => {
    expect(addWorkingTime(cn, bj('2026-09-30T17:00'), 2 * HOUR)).toBe(bj('2026-10-08T10:00'));
  });

  it('a deadline consumed exactly at closing time is due at closing time, not next morning', () => {
    expect(addWorkingTime(cn, bj('2026-03-09T09:00'), 9 * HOUR)).toBe(bj('2026-03-09T18:00'));
  });

  it('time started outside working hours starts counting at the next opening', () => {
    expect(addWorkingTime(cn, bj('2026-03-09T20:00'), HOUR)).toBe(bj('2026-03-10T10:00'));
    expect(addWorkingTime(cn, bj('2026-03-09T07:00'), HOUR)).toBe(bj('2026-03-09T10:00'));
  });

  it('adds nothing for zero or negative time, and measures nothing backwards', () => {
    expect(addWorkingTime(cn, bj('2026-03-07T12:00'), 0)).toBe(bj('2026-03-07T12:00'));
    expect(addWorkingTime(cn, bj('2026-03-07T12:00'), -5)).toBe(bj('2026-03-07T12:00'));
    expect(workingTimeBetween(cn, bj('2026-03-10T12:00'), bj('2026-03-09T12:00'))).toBe(0);
  });

  it('the round-the-clock calendar is plain clock arithmetic', () => {
    expect(addWorkingTime(ALWAYS_CALENDAR, 1_000, 5_000)).toBe(6_000);
    expect(workingTimeBetween(ALWAYS_CALENDAR, 1_000, 6_000)).toBe(5_000);
    expect(workingTimeBetween(ALWAYS_CALENDAR, 6_000, 1_000)).toBe(0);
  });
});

describe('holidayDataStatus', () => {
  it('tells published, provisional, unscheduled and holiday-free years apart', () => {
    expect(holidayDataStatus(cn, bj('2026-06-01T10:00'))).toBe('published');
    expect(holidayDataStatus(cn, bj('2027-06-01T10:00'))).toBe('provisional');
    expect(holidayDataStatus(cn, bj('2028-06-01T10:00'))).toBe('fixed_dates_only');
    expect(holidayDataStatus(ALWAYS_CALENDAR, bj('2026-06-01T10:00'))).toBe('not_applicable');
  });
});

describe('calendar arithmetic properties (fast-check)', () => {
  const instant = fc.integer({ min: bj('2025-06-01T00:00'), max: bj('2028-06-30T00:00') });
  const workingMs = fc.integer({ min: 1, max: 200 * HOUR });
  const calendars = fc.constantFrom(cn, ALWAYS_CALENDAR);

  it('R-SLA-1..7: adding working time then measuring it gives the same working time back', () => {
    fc.assert(
      fc.property(calendars, instant, workingMs, (cal, start, ms) => {
        const due = addWorkingTime(cal, start, ms);
        expect(due).toBeGreaterThan(start);
        expect(workingTimeBetween(cal, start, due)).toBe(ms);
        // Minimal: one millisecond earlier is one millisecond short.
        expect(workingTimeBetween(cal, start, due - 1)).toBe(ms - 1);
      }),
    );
  });

  it('a working-time result never lands inside a holiday or outside working hours', () => {
    fc.assert(
      fc.property(instant, workingMs, (start, ms) => {
        const due = addWorkingTime(cn, start, ms);
        expect(isWorkingInstant(cn, due - 1)).toBe(true);
        expect(isWorkingDate(cn, localDate(cn, due - 1))).toBe(true);
      }),
    );
  });

  it('more working time never gives an earlier instant', () => {
    fc.assert(
      fc.property(instant, workingMs, workingMs, (start, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(addWorkingTime(cn, start, small)).toBeLessThanOrEqual(addWorkingTime(cn, start, large));
      }),
    );
  });

  it('working time is additive over adjacent intervals and never exceeds clock time', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        expect(workingTimeBetween(cn, a, c)).toBe(workingTimeBetween(cn, a, b) + workingTimeBetween(cn, b, c));
        expect(workingTimeBetween(cn, a, c)).toBeLessThanOrEqual(c - a);
      }),
      { numRuns: 50 },
    );
  });
});
