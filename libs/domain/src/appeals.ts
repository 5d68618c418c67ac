/**
 * Regulator appeals (申诉): when an appeal is valid (有效申诉), which outlet answers for it, what it costs that
 * outlet, and the monthly valid-appeal report the regulator sends back (seed 000).
 */
import { ALLOWED, type Decision, refuse, ruleCode } from './result';

/** R-REG-1: every valid appeal costs the responsible outlet 1000 CNY per parcel (1000元/票). */
export const APPEAL_FINE_PER_PARCEL_FEN = 100_000;

/** R-REG-1: the regulator sends the valid-appeal data on this day of the following month (次月25号). */
export const REGULATOR_DATA_DAY_OF_MONTH = 25;

/** Default offset of China Standard Time from UTC, in minutes (UTC+8, no daylight saving). */
export const CHINA_OFFSET_MINUTES = 480;

/** What the investigation established about an appeal (R-CH-2, R-CH-3). */
export interface AppealFacts {
  /** The customer had already asked the company (enquiry, trace, claim) before going to the regulator. */
  readonly priorRequestToCompany: boolean;
  /** The company gave an effective solution to that earlier request. */
  readonly effectiveSolutionGiven: boolean;
  /** The investigation found the company at fault. */
  readonly companyAtFault: boolean;
  /** The customer could not reach the origin outlet (published complaint line not answered) (R-CH-3). */
  readonly couldNotReachOriginOutlet?: boolean;
}

/**
 * Whether a regulator appeal is valid (有效申诉).
 *
 * R-CH-2: valid when the customer had already asked the company without an effective solution and the company is
 * found at fault. R-CH-3: a customer who could not reach the origin outlet and went to the regulator makes a valid
 * appeal too — the unanswered published line is itself the outlet's failing.
 */
export function isValidAppeal(facts: AppealFacts): boolean {
  // R-CH-3: 客户因与发件网点联系不上,导致投诉至监管部门的,同样算做是有效的申诉.
  if (facts.couldNotReachOriginOutlet === true) return true;
  // R-CH-2: asked before, no effective solution, and the company is at fault.
  return facts.priorRequestToCompany && !facts.effectiveSolutionGiven && facts.companyAtFault;
}

/**
 * Whether the validity finding of an appeal may be withdrawn.
 *
 * R-CH-2: once an appeal is valid it cannot be revoked (一旦成立,不予撤消). An appeal not (yet) found valid has no
 * finding to revoke, so changing it is allowed.
 */
export function canRevokeValidity(current: { readonly valid: boolean }): Decision {
  if (current.valid) {
    return refuse(ruleCode('R-CH-2'), 'A valid regulator appeal cannot be revoked once established.');
  }
  return ALLOWED;
}

/** Who answers to the regulator for an appeal, and why. */
export interface AppealResponsibility {
  readonly outlet: string;
  /** The rule the answer rests on: R-CH-3 when the origin outlet could not be reached, else R-LIA-*. */
  readonly ruleId: string;
}

/**
 * The outlet an appeal is counted against (the one fined under R-REG-1).
 *
 * R-CH-3 / R-LIA-9: when the customer could not reach the origin outlet, the appeal is against the origin outlet
 * ("谁揽收,谁负责"). Otherwise it is the outlet that bears the external responsibility, as decided by the
 * liability rules (R-LIA-1..8), passed in with the id of the rule that decided it.
 */
export function appealResponsibleOutlet(input: {
  readonly originOutlet: string;
  readonly couldNotReachOriginOutlet: boolean;
  readonly externalOutlet: string;
  readonly externalRuleId: string;
}): AppealResponsibility {
  if (input.couldNotReachOriginOutlet) return { outlet: input.originOutlet, ruleId: 'R-CH-3' };
  return { outlet: input.externalOutlet, ruleId: input.externalRuleId };
}

/**
 * The fine for a number of valid appeals (distinct parcels), in fen.
 *
 * R-REG-1: 1000 CNY per parcel (有效申诉 1000元/票). The amount per parcel may be overridden by policy.
 * Throws a RangeError for a count or amount that is not a non-negative integer (a programming error, not a
 * business refusal).
 */
export function appealFineFen(validAppealsCount: number, perParcelFen: number = APPEAL_FINE_PER_PARCEL_FEN): number {
  if (!Number.isSafeInteger(validAppealsCount) || validAppealsCount < 0) {
    throw new RangeError(`validAppealsCount must be a non-negative integer, got ${validAppealsCount}`);
  }
  if (!Number.isSafeInteger(perParcelFen) || perParcelFen < 0) {
    throw new RangeError(`perParcelFen must be a non-negative integer, got ${perParcelFen}`);
  }
  return validAppealsCount * perParcelFen;
}

/** One decided regulator appeal, as the monthly report reads it. */
export interface AppealRecord {
  readonly caseId: string;
  readonly waybillNo: string;
  readonly responsibleOutlet: string;
  readonly valid: boolean;
  /** When the validity was decided (epoch milliseconds, UTC). */
  readonly decidedAt: number;
}

/** One outlet's line in the monthly regulator report (R-REG-1). */
export interface RegulatorReportRow {
  readonly outlet: string;
  /** Valid appeals counted per parcel: distinct waybill numbers. */
  readonly validAppeals: number;
  readonly fineFen: number;
  /** The waybills counted, sorted. */
  readonly waybillNos: readonly string[];
  /** The cases behind them, sorted. */
  readonly caseIds: readonly string[];
}

/** The monthly valid-appeal report (R-REG-1). */
export interface RegulatorMonthlyReport {
  readonly month: string;
  /** The day the regulator sends the month's valid-appeal data ('YYYY-MM-DD'). */
  readonly dataDueDate: string;
  /** One row per responsible outlet with at least one valid appeal, sorted by outlet. */
  readonly rows: readonly RegulatorReportRow[];
  readonly totalValidAppeals: number;
  readonly totalFineFen: number;
}

/**
 * The monthly regulator report: per responsible outlet, the valid appeals decided in `month` (local time at
 * `offsetMinutes`, China Standard Time by default) counted per parcel, and the fine.
 *
 * R-REG-1: 1000 CNY per valid appeal per parcel; two cases about the same waybill against the same outlet in one
 * month count once (the fine is 元/票). Invalid appeals are not counted. Throws a RangeError for a malformed month.
 */
export function monthlyRegulatorReport(
  appeals: readonly AppealRecord[],
  month: string,
  offsetMinutes: number = CHINA_OFFSET_MINUTES,
  perParcelFen: number = APPEAL_FINE_PER_PARCEL_FEN,
): RegulatorMonthlyReport {
  const dataDueDate = regulatorDataDueDate(month);
  const byOutlet = new Map<string, { waybills: Set<string>; cases: Set<string> }>();
  for (const appeal of appeals) {
    if (!appeal.valid || localMonthOf(appeal.decidedAt, offsetMinutes) !== month) continue;
    let entry = byOutlet.get(appeal.responsibleOutlet);
    if (entry === undefined) {
      entry = { waybills: new Set(), cases: new Set() };
      byOutlet.set(appeal.responsibleOutlet, entry);
    }
    entry.waybills.add(appeal.waybillNo);
    entry.cases.add(appeal.caseId);
  }
  // Default sort compares UTF-16 code units: deterministic and locale-free (no Intl in the domain).
  const rows = [...byOutlet.keys()].sort().map((outlet): RegulatorReportRow => {
    const entry = byOutlet.get(outlet)!;
    const validAppeals = entry.waybills.size;
    return {
      outlet,
      validAppeals,
      fineFen: appealFineFen(validAppeals, perParcelFen),
      waybillNos: [...entry.waybills].sort(),
      caseIds: [...entry.cases].sort(),
    };
  });
  return {
    month,
    dataDueDate,
    rows,
    totalValidAppeals: rows.reduce((sum, row) => sum + row.validAppeals, 0),
    totalFineFen: rows.reduce((sum, row) => sum + row.fineFen, 0),
  };
}

/**
 * The day the regulator sends the valid-appeal data for `month`: the 25th of the following month, as 'YYYY-MM-DD'
 * (R-REG-1, 次月25号). Throws a RangeError for a malformed month.
 */
export function regulatorDataDueDate(month: string): string {
  const { year, monthIndex } = parseMonth(month);
  const nextYear = monthIndex === 11 ? year + 1 : year;
  const nextMonth = monthIndex === 11 ? 1 : monthIndex + 2;
  return `${pad(nextYear, 4)}-${pad(nextMonth, 2)}-${REGULATOR_DATA_DAY_OF_MONTH}`;
}

/**
 * Whether a penalised outlet may appeal the penalty inside the network.
 *
 * R-REG-3: an outlet whose unclear reply caused the regulator's valid finding cannot appeal the penalty internally
 * (因未描述清楚导致监管部门按有效申诉处理的,网点被处罚后,总部一律不受理网点申诉报告和电话申诉).
 */
export function canAppealPenaltyInternally(input: { readonly replyWasUnclear: boolean }): Decision {
  if (input.replyWasUnclear) {
    return refuse(
      ruleCode('R-REG-3'),
      "The outlet's unclear reply caused the valid finding: headquarters accepts no internal appeal of the penalty.",
    );
  }
  return ALLOWED;
}

/** The 'YYYY-MM' month an instant falls in, at a fixed offset from UTC in minutes (R-REG-1 monthly counting). */
export function localMonthOf(instant: number, offsetMinutes: number = CHINA_OFFSET_MINUTES): string {
  const local = new Date(instant + offsetMinutes * 60_000);
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}`;
}

function parseMonth(month: string): { year: number; monthIndex: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) throw new RangeError(`month must be 'YYYY-MM', got '${month}'`);
  return { year: Number(match[1]), monthIndex: Number(match[2]) - 1 };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
