/**
 * Regulator appeals (申诉): when an appeal is valid (有效申诉), which outlet answers for it, what it costs that
 * outlet, and the monthly valid-appeal report the regulator sends back (seed 000).
 */
import type { AppealPolicy } from './policy/types';
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import type { Label } from './vocabulary';

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

/** Why an appeal was found valid or not, each with the rule behind it (R-CH-2, R-CH-3). */
export const APPEAL_VALIDITY_REASONS = {
  could_not_reach_origin: {
    zh: '客户与发件网点联系不上,投诉至监管部门',
    en: 'The customer could not reach the origin outlet and went to the regulator',
    ruleId: 'R-CH-3',
  },
  prior_request_unsolved: {
    zh: '客户已向企业提出咨询、查询或理赔要求,未得到有效解决',
    en: 'The customer had already asked the company and got no effective solution',
    ruleId: 'R-CH-2',
  },
  no_prior_request: {
    zh: '客户此前未向企业提出要求,或已得到有效解决',
    en: 'The customer had not asked the company first, or had an effective solution',
    ruleId: 'R-CH-2',
  },
  company_liable: { zh: '经调查企业确有责任', en: 'The company was found at fault', ruleId: 'R-CH-2' },
  company_not_liable: { zh: '经调查企业无责任', en: 'The company was not found at fault', ruleId: 'R-CH-2' },
} as const satisfies Record<string, Label & { ruleId: string }>;
export type AppealValidityReason = keyof typeof APPEAL_VALIDITY_REASONS;

/** What `decideAppealValidity` reads, as recorded with the liability finding (R-REG-4). */
export interface AppealValidityInput {
  /** The customer had already asked the company (enquiry, trace, claim) and got no effective solution. */
  readonly priorRequestWithoutSolution: boolean;
  /** The company was found at fault (R-LIA-10). */
  readonly companyLiable: boolean;
  /** The customer could not reach the origin outlet (its published complaint line unanswered) (R-CH-3, R-LIA-9). */
  readonly customerCouldNotReachOrigin: boolean;
}

/** The validity finding of a regulator appeal (有效申诉), as recorded on the case (the `appeal.assessed` event). */
export interface AppealValidity {
  readonly valid: boolean;
  /** The rule the finding rests on: R-CH-3 (origin unreachable) or R-CH-2. */
  readonly ruleId: string;
  /** `AppealValidityReason` ids (labels in `APPEAL_VALIDITY_REASONS`). */
  readonly reasons: readonly string[];
  /**
   * R-CH-2 (一旦成立,不予撤消): true when a later finding said "not valid" and the validity was kept (the finding
   * itself is in the case's findings).
   */
  readonly kept?: boolean;
}

/**
 * Decides whether a regulator appeal is valid, with the reasons (R-REG-4: decided and recorded when liability is
 * found). R-CH-3 / R-LIA-9: a customer who could not reach the origin outlet makes a valid appeal, whatever else was
 * found. R-CH-2: otherwise valid when the customer had already asked the company without an effective solution and
 * the company is found at fault; the reasons name both conditions, met or not. Agrees with `isValidAppeal`.
 */
export function decideAppealValidity(input: AppealValidityInput): AppealValidity {
  const valid = isValidAppeal({
    priorRequestToCompany: input.priorRequestWithoutSolution,
    effectiveSolutionGiven: false,
    companyAtFault: input.companyLiable,
    couldNotReachOriginOutlet: input.customerCouldNotReachOrigin,
  });
  if (input.customerCouldNotReachOrigin) return { valid, ruleId: 'R-CH-3', reasons: ['could_not_reach_origin'] };
  return {
    valid,
    ruleId: 'R-CH-2',
    reasons: [
      input.priorRequestWithoutSolution ? 'prior_request_unsolved' : 'no_prior_request',
      input.companyLiable ? 'company_liable' : 'company_not_liable',
    ],
  };
}

/**
 * The validity to record after a new finding (`decided`), given the one on record (`previous`, none before the
 * first). R-CH-2: once valid, an appeal cannot be revoked — a later "not valid" leaves the valid finding as it was,
 * marked `kept: true`. Otherwise the new finding stands (an appeal not yet valid may become valid).
 */
export function nextAppealValidity(previous: AppealValidity | undefined, decided: AppealValidity): AppealValidity {
  if (previous?.valid === true && !decided.valid) {
    return { valid: true, ruleId: previous.ruleId, reasons: previous.reasons, kept: true };
  }
  return decided;
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

/** R-REG-1: the fine per parcel of a policy snapshot; 1000 CNY when the snapshot has no `appeal` section. */
export function appealFinePerParcelFen(policy: { readonly appeal?: AppealPolicy }): number {
  return policy.appeal?.finePerParcelFen ?? APPEAL_FINE_PER_PARCEL_FEN;
}

/** What `appealPenalty` reads. */
export interface AppealPenaltyInput {
  /** The appeal's validity (R-CH-2). */
  readonly valid: boolean;
  /** Parcels (waybills) the appeal concerns (元/票). */
  readonly parcels: number;
  /** The outlet with the external responsibility (R-LIA-*, or the origin under R-CH-3: `appealResponsibleOutlet`). */
  readonly externalOutlet: string;
  /** From the policy (`appealFinePerParcelFen`); 1000 CNY when absent. */
  readonly perParcelFen?: number;
  /** The outlet's reply to the regulator was unclear and caused the valid finding (R-REG-3). */
  readonly replyWasUnclear: boolean;
}

/** The fine a valid appeal costs an outlet (R-REG-1, R-REG-4). */
export interface AppealPenalty {
  readonly outlet: string;
  readonly amountFen: number;
  readonly perParcelFen: number;
  readonly parcels: number;
  /** R-REG-1 (the fine), R-REG-4 (charged to the outlet with the external responsibility), R-REG-3 when it applies. */
  readonly ruleIds: readonly string[];
  /** R-REG-3: false when the outlet's unclear reply caused the valid finding (no internal appeal of the penalty). */
  readonly internalAppealAllowed: boolean;
}

/**
 * The penalty of a decided appeal: `null` when it is not valid or concerns no parcel; otherwise `perParcelFen` (1000
 * CNY by default) per parcel, charged to the outlet with the external responsibility (R-REG-1, R-REG-4). R-REG-3: an
 * outlet whose unclear reply caused the valid finding may not appeal the penalty internally. Throws a RangeError for
 * a parcel count or amount that is not a non-negative integer (`appealFineFen`).
 */
export function appealPenalty(input: AppealPenaltyInput): AppealPenalty | null {
  const perParcelFen = input.perParcelFen ?? APPEAL_FINE_PER_PARCEL_FEN;
  const amountFen = appealFineFen(input.parcels, perParcelFen);
  if (!input.valid || input.parcels === 0) return null;
  return {
    outlet: input.externalOutlet,
    amountFen,
    perParcelFen,
    parcels: input.parcels,
    ruleIds: ['R-REG-1', 'R-REG-4', ...(input.replyWasUnclear ? ['R-REG-3'] : [])],
    internalAppealAllowed: canAppealPenaltyInternally({ replyWasUnclear: input.replyWasUnclear }).ok,
  };
}

/** Closures that skip the regulator reply: inadmissible (R-ADM-1) and resolved on the spot (R-FLOW-2). */
export type AppealSensitiveClosing = 'inadmissible' | 'on_the_spot';

/**
 * R-REG-4: a regulator appeal is never closed without the reply to the regulator (总部回复处理结果) — not as
 * inadmissible, not as resolved on the spot. Refused with `RULE.R-REG-4` until the reply is on record; other cases
 * may close so.
 */
export function canCloseAppeal(input: {
  readonly isAppeal: boolean;
  readonly regulatorReplied: boolean;
  readonly closing: AppealSensitiveClosing;
}): Decision {
  if (!input.isAppeal || input.regulatorReplied) return ALLOWED;
  return refuse(
    ruleCode('R-REG-4'),
    input.closing === 'inadmissible'
      ? '监管部门转来的申诉须先回复监管部门,不得以不予受理结案'
      : '监管部门转来的申诉须先回复监管部门,不得以现场解决结案',
    [{ closing: input.closing, en: 'a regulator appeal is not closed before the reply to the regulator' }],
  );
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
