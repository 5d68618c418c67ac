/**
 * Public holidays and make-up working days (调休) as data, one entry per year. Each year's schedule is
 * published by the General Office of the State Council (国务院办公厅关于 YYYY 年部分节假日安排的通知),
 * usually in November of the year before; add the new year here when it appears (R-SLA-1..7 working-time
 * deadlines depend on it). Years not listed fall back to the fixed-date statutory holidays only.
 */
import type { HolidaySetId } from './policy/types';
import type { Label } from './vocabulary';

/** The statutory holidays of mainland China (全国年节及纪念日放假办法, as amended with effect from 2025). */
export const CN_HOLIDAY_NAMES = {
  new_year: { zh: '元旦', en: "New Year's Day" },
  spring_festival: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labour_day: { zh: '劳动节', en: 'Labour Day' },
  dragon_boat: { zh: '端午节', en: 'Dragon Boat Festival' },
  mid_autumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  national_day: { zh: '国庆节', en: 'National Day' },
} as const satisfies Record<string, Label>;
export type CnHoliday = keyof typeof CN_HOLIDAY_NAMES;

/** Days off from `from` to `to` inclusive (local dates `YYYY-MM-DD`), weekends inside the range included. */
export interface HolidayPeriod {
  readonly holiday: CnHoliday;
  readonly from: string;
  readonly to: string;
}

/** A weekend day that is a working day (调休上班). */
export interface MakeUpWorkday {
  readonly date: string;
  readonly holiday: CnHoliday;
}

/** One year's published (or, if `provisional`, projected) schedule. */
export interface HolidayYear {
  readonly year: number;
  /** True while the State Council's notice for the year is not yet confirmed: the dates are a projection. */
  readonly provisional: boolean;
  readonly source: string;
  readonly holidays: readonly HolidayPeriod[];
  readonly makeUpWorkdays: readonly MakeUpWorkday[];
}

/** A named set of holiday schedules a calendar policy refers to (`calendar.holidaySet`). */
export interface HolidaySet {
  readonly id: HolidaySetId;
  readonly name: Label;
  /**
   * Fixed-date statutory holidays (`MM-DD`) applied in years that have no schedule here, so that an
   * unlisted year still keeps New Year, Labour Day and National Day off. Lunar holidays cannot be derived
   * without the notice, so they are missing for unlisted years.
   */
  readonly fixedDates: readonly string[];
  readonly years: readonly HolidayYear[];
}

/** Mainland China: 2026 as published, 2027 projected (provisional). */
export const CN_HOLIDAYS: HolidaySet = {
  id: 'cn',
  name: { zh: '中国大陆法定节假日', en: 'Mainland China public holidays' },
  // 元旦 1 Jan; 劳动节 1–2 May; 国庆节 1–3 Oct (the statutory days that do not move with the lunar calendar).
  fixedDates: ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'],
  years: [
    {
      year: 2026,
      provisional: false,
      // 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04,
      // https://www.gov.cn/zhengce/content/202511/content_7047090.htm
      source: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)',
      holidays: [
        { holiday: 'new_year', from: '2026-01-01', to: '2026-01-03' },
        { holiday: 'spring_festival', from: '2026-02-15', to: '2026-02-23' },
        { holiday: 'qingming', from: '2026-04-04', to: '2026-04-06' },
        { holiday: 'labour_day', from: '2026-05-01', to: '2026-05-05' },
        { holiday: 'dragon_boat', from: '2026-06-19', to: '2026-06-21' },
        { holiday: 'mid_autumn', from: '2026-09-25', to: '2026-09-27' },
        { holiday: 'national_day', from: '2026-10-01', to: '2026-10-07' },
      ],
      makeUpWorkdays: [
        { date: '2026-01-04', holiday: 'new_year' },
        { date: '2026-02-14', holiday: 'spring_festival' },
        { date: '2026-02-28', holiday: 'spring_festival' },
        { date: '2026-05-09', holiday: 'labour_day' },
        { date: '2026-09-20', holiday: 'national_day' },
        { date: '2026-10-10', holiday: 'national_day' },
      ],
    },
    {
      year: 2027,
      // PROVISIONAL: the 2027 notice could not be confirmed when this was written. Festival dates are
      // astronomical/lunar facts (除夕 5 Feb, 清明 5 Apr, 端午 9 Jun, 中秋 15 Sep 2027); the day-off ranges and
      // make-up days are projected from the 2025–2026 pattern (Spring Festival from 除夕 through 初七 joined
      // to the adjacent weekend; at most six working days in a row; weekend statutory days compensated on
      // weekdays; a mid-week single festival day stands alone). Replace with the published notice and set
      // `provisional: false`.
      provisional: true,
      source: 'Projection (not the State Council notice): lunar dates plus the 2025–2026 scheduling pattern',
      holidays: [
        { holiday: 'new_year', from: '2027-01-01', to: '2027-01-03' },
        { holiday: 'spring_festival', from: '2027-02-05', to: '2027-02-14' },
        { holiday: 'qingming', from: '2027-04-03', to: '2027-04-05' },
        { holiday: 'labour_day', from: '2027-05-01', to: '2027-05-05' },
        { holiday: 'dragon_boat', from: '2027-06-09', to: '2027-06-09' },
        { holiday: 'mid_autumn', from: '2027-09-15', to: '2027-09-15' },
        { holiday: 'national_day', from: '2027-10-01', to: '2027-10-07' },
      ],
      makeUpWorkdays: [
        { date: '2027-01-31', holiday: 'spring_festival' },
        { date: '2027-02-20', holiday: 'spring_festival' },
        { date: '2027-05-08', holiday: 'labour_day' },
        { date: '2027-09-26', holiday: 'national_day' },
        { date: '2027-10-09', holiday: 'national_day' },
      ],
    },
  ],
};

/** No holidays at all: the round-the-clock calendar of the fast test policy. */
export const NO_HOLIDAYS: HolidaySet = {
  id: 'none',
  name: { zh: '无节假日', en: 'No holidays' },
  fixedDates: [],
  years: [],
};

/** Holiday sets by the id a calendar policy names. */
export const HOLIDAY_SETS: Readonly<Record<HolidaySetId, HolidaySet>> = { cn: CN_HOLIDAYS, none: NO_HOLIDAYS };
