/**
 * Compensation and remedies (R-CMP-1..5). All amounts are integer fen (1 CNY = 100 fen).
 */
import type { CompensationPolicy } from './policy/types';
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import type { Category, Label, Remedy } from './vocabulary';

/** Compensation defaults: uninsured loss capped at 3 × freight (Postal Law art. 47 practice; a policy value). */
export const DEFAULT_COMPENSATION_POLICY: CompensationPolicy = { uninsuredFreightMultiple: 3 };

/**
 * R-CMP-2 (收费误差,双倍返还): the refund of an overcharge is twice the positive difference between what was charged
 * and what was due; nothing when nothing was overcharged. `dueFen` includes legitimate charges such as packaging or
 * a third delivery attempt (R-CMP-3): those are not overcharges, even when unexplained (the unexplained charge is a
 * liability matter, R-LIA-8). With the charges captured as facts: `overchargeRefundFen(f.chargedFen,
 * overchargeDueFen(f))`, or `assessOvercharge(f).refundFen`.
 */
export function overchargeRefundFen(chargedFen: number, dueFen: number): number {
  return 2 * Math.max(0, chargedFen - dueFen);
}

/**
 * Charges that are not overcharges (R-CMP-3, R-LIA-8; seed 000 多收费: 不属于违规收费的包装费、免费派送两次后第三次派送的费用):
 * part of what was due, provided they were explained to the customer when collected.
 */
export const LEGITIMATE_FEE_KINDS = {
  packaging: { zh: '包装费', en: 'Packaging fee' },
  third_delivery: { zh: '免费派送两次后的第三次派送费', en: 'Third delivery after two free ones' },
} as const satisfies Record<string, Label>;
export type LegitimateFeeKind = keyof typeof LEGITIMATE_FEE_KINDS;
export const LEGITIMATE_FEE_KIND_IDS = Object.keys(LEGITIMATE_FEE_KINDS) as LegitimateFeeKind[];

/** R-CMP-3: delivery attempts that are free (免费派送两次); a delivery fee is due from the next one on. */
export const FREE_DELIVERY_ATTEMPTS = 2;

/** A charge collected on top of the normal service fee that the collector says was legitimate. */
export interface LegitimateFee {
  readonly kind: LegitimateFeeKind;
  readonly amountFen: number;
  /** It was explained to the customer when collected (R-CMP-3: 在收取的时候,应向客户说明清楚收费的原因). */
  readonly explained: boolean;
  /** The outlet that collected it (the one that failed to explain, 未解释方); the charging outlet when absent. */
  readonly outlet?: string;
  /**
   * For `third_delivery`: the delivery attempt it was charged for (1 = the first). A fee for one of the free
   * attempts is not due (it is an overcharge). Absent: taken as charged after the free ones.
   */
  readonly deliveryAttempt?: number;
}

/** What an overcharge investigation verified (R-CMP-2: 先查证后退费): what was charged and what was due. */
export interface ChargeFacts {
  /** What the customer paid in all. */
  readonly chargedFen: number;
  /** The normal service fee (the freight at the published rates). */
  readonly normalFeeFen: number;
  /** Fees collected on top of it as legitimate; each is checked (`isFeeDue`). */
  readonly legitimateFees: readonly LegitimateFee[];
  /** The outlet that charged the customer (违规收费方 when it charged too much). */
  readonly chargingOutlet?: string;
}

/** Whether a fee listed as legitimate was due: a third-delivery fee only from the attempt after the free ones. */
export function isFeeDue(fee: LegitimateFee): boolean {
  if (fee.kind === 'third_delivery' && fee.deliveryAttempt !== undefined) {
    return fee.deliveryAttempt > FREE_DELIVERY_ATTEMPTS;
  }
  return true;
}

/**
 * R-CMP-2 / R-CMP-3: what was due — the normal service fee plus every legitimate fee that was due, explained or not
 * (an unexplained legitimate fee is still due; it makes its outlet answerable, `assessOvercharge`). Negative amounts
 * count as nothing.
 */
export function overchargeDueFen(facts: ChargeFacts): number {
  const fees = facts.legitimateFees.filter(isFeeDue).reduce((sum, fee) => sum + Math.max(0, fee.amountFen), 0);
  return Math.max(0, facts.normalFeeFen) + fees;
}

/** The verified overcharge and what follows from it. */
export interface OverchargeAssessment {
  /** What was due (`overchargeDueFen`). */
  readonly dueFen: number;
  /** Charged minus due, never negative. */
  readonly overchargedFen: number;
  /** R-CMP-2: twice the overcharge; a plan refunding less does not meet the rule (`checkOverchargePlan`). */
  readonly refundFen: number;
  /** R-CMP-3: legitimate fees that were due but not explained when collected. */
  readonly unexplainedFees: readonly LegitimateFee[];
  /** Fees listed as legitimate that were not due (a fee for a free delivery): part of the overcharge. */
  readonly feesNotDue: readonly LegitimateFee[];
  /**
   * R-LIA-8 (违规收费方和未解释方): the charging outlet when it overcharged, and the outlet of every unexplained fee
   * (R-CMP-3), each once, in that order. Outlets not given in the facts are left out.
   */
  readonly answerableOutlets: readonly string[];
  /** The rules applied: R-CMP-2 always, R-CMP-3 with an unexplained fee, R-LIA-8 when an outlet is answerable. */
  readonly ruleIds: readonly string[];
}

/**
 * R-CMP-2, R-CMP-3, R-LIA-8: the overcharge verified from the charges — what was due, the double refund, and who
 * answers: whoever charged beyond what was due, and whoever collected a legitimate fee without explaining it (the fee
 * stays due, so it adds nothing to the refund).
 */
export function assessOvercharge(facts: ChargeFacts): OverchargeAssessment {
  const dueFen = overchargeDueFen(facts);
  const overchargedFen = Math.max(0, facts.chargedFen - dueFen);
  const unexplainedFees = facts.legitimateFees.filter((fee) => isFeeDue(fee) && !fee.explained);
  const feesNotDue = facts.legitimateFees.filter((fee) => !isFeeDue(fee));
  const outlets: string[] = [];
  const answerable = (outlet: string | undefined): void => {
    if (outlet !== undefined && !outlets.includes(outlet)) outlets.push(outlet);
  };
  if (overchargedFen > 0) answerable(facts.chargingOutlet); // R-LIA-8: 违规收费方
  for (const fee of unexplainedFees) answerable(fee.outlet ?? facts.chargingOutlet); // R-CMP-3: 未解释方
  return {
    dueFen,
    overchargedFen,
    refundFen: overchargeRefundFen(facts.chargedFen, dueFen),
    unexplainedFees,
    feesNotDue,
    answerableOutlets: outlets,
    ruleIds: [
      'R-CMP-2',
      ...(unexplainedFees.length > 0 ? ['R-CMP-3'] : []),
      ...(outlets.length > 0 ? ['R-LIA-8'] : []),
    ],
  };
}

/**
 * R-CMP-2: a plan for an overcharge refunds at least twice the overcharge (`requiredRefundFen`, from
 * `assessOvercharge` or `suggestedCompensationFen`); refused with `RULE.R-CMP-2` below it. More is allowed (a
 * plan above the suggestion then needs a reason, `checkPlanAmount`).
 */
export function checkOverchargePlan(planRefundFen: number, requiredRefundFen: number): Decision {
  if (planRefundFen < requiredRefundFen) {
    return refuse(ruleCode('R-CMP-2'), '多收费须双倍返还差额,方案退款低于应退金额', [
      {
        planRefundFen,
        requiredRefundFen,
        en: 'an overcharge is refunded twice the difference; the plan refunds less',
      },
    ]);
  }
  return ALLOWED;
}

/** What happened to the goods. */
export type LossKind = 'loss' | 'damage' | 'shortage';

/** The facts `lossCompensationFen` reads. */
export interface LossFacts {
  readonly kind: LossKind;
  /** The shipment was insured (保价) for `declaredValueFen`. */
  readonly insured: boolean;
  readonly declaredValueFen: number;
  /** The actual loss established by the investigation (or the customer's claim when nothing better is known). */
  readonly actualLossFen: number;
  readonly freightFen: number;
  /** The lost share of the goods for partial damage or shortage, 0..1 (clamped). */
  readonly lossFraction?: number;
}

function clampFraction(fraction: number): number {
  return Math.min(1, Math.max(0, fraction));
}

/**
 * Compensation for loss, damage or shortage (R-CMP-5 "compensation for loss"; R-CMP-1 the origin pays first):
 * - insured, loss: the declared value;
 * - insured, damage or shortage: the declared value × `lossFraction` (rounded to the fen), or without a fraction the
 *   actual loss, never above the declared value;
 * - uninsured: the actual loss, capped at `policy.uninsuredFreightMultiple` × freight.
 * Never negative.
 */
export function lossCompensationFen(facts: LossFacts, policy: CompensationPolicy): number {
  const declared = Math.max(0, facts.declaredValueFen);
  const actual = Math.max(0, facts.actualLossFen);
  if (facts.insured) {
    if (facts.kind === 'loss') return declared;
    return facts.lossFraction === undefined
      ? Math.min(actual, declared)
      : Math.round(declared * clampFraction(facts.lossFraction));
  }
  return Math.min(actual, Math.max(0, policy.uninsuredFreightMultiple * facts.freightFen));
}

/** The shipment as recorded at intake (docs/api.md `shipment`). */
export interface ShipmentMoney {
  readonly freightFen: number;
  /** What the customer was charged (overcharge complaints). */
  readonly chargedFen?: number;
  /** What was due, including legitimate extra charges (R-CMP-3); the freight when absent. */
  readonly dueFen?: number;
  readonly insured: boolean;
  readonly declaredValueFen: number;
}

/** What `suggestedCompensationFen` reads. */
export interface CompensationCase {
  readonly category: Category;
  /** R-LIA-10, from the liability decision. */
  readonly companyLiable: boolean;
  readonly shipment: ShipmentMoney;
  /** The actual loss found (loss, damage, shortage and the claims behind late compensation or a wrong signature). */
  readonly actualLossFen?: number;
  readonly lossFraction?: number;
  /**
   * For `late_compensation` and `non_recipient_signature`: what happened to the goods. Without it these categories
   * suggest 0 (the rules give nothing until the loss is known).
   */
  readonly lossKind?: LossKind;
  /**
   * For `overcharge`: the charges the investigation verified (R-CMP-2). When given, what was due is computed from
   * them (`overchargeDueFen`) instead of the shipment's `dueFen`/freight.
   */
  readonly charges?: ChargeFacts;
}

/**
 * What the rules give for a case (docs/api.md `suggestedCompensationFen`); a suggestion for the plan, not a cap:
 * - not liable (R-LIA-10): 0;
 * - overcharge: twice the overcharge (R-CMP-2), charged against what was due: from the verified `charges` when
 *   given (the normal fee plus the legitimate fees due, R-CMP-3), else the shipment's `dueFen` or the freight;
 * - loss, damage, shortage: `lossCompensationFen`; late compensation and a wrong signature likewise when
 *   `lossKind` says what happened (the claim that stalled, R-LIA-4; the loss the signature led to, R-LIA-5);
 * - delay, service attitude, out of area, tracking information, privacy, other: 0 — the remedies are non-monetary
 *   or negotiated (apology, freight waiver, improvement; R-CMP-5).
 * R-CMP-1: the amount does not depend on which outlet bears it internally; the company pays first.
 */
export function suggestedCompensationFen(input: CompensationCase, policy: CompensationPolicy): number {
  if (!input.companyLiable) return 0;
  const { shipment } = input;
  const lossFacts = (kind: LossKind): LossFacts => ({
    kind,
    insured: shipment.insured,
    declaredValueFen: shipment.declaredValueFen,
    actualLossFen: input.actualLossFen ?? 0,
    freightFen: shipment.freightFen,
    ...(input.lossFraction === undefined ? {} : { lossFraction: input.lossFraction }),
  });
  switch (input.category) {
    case 'overcharge':
      if (input.charges !== undefined) return assessOvercharge(input.charges).refundFen; // R-CMP-2, verified charges
      return overchargeRefundFen(shipment.chargedFen ?? shipment.freightFen, shipment.dueFen ?? shipment.freightFen);
    case 'loss':
    case 'damage':
    case 'shortage':
      return lossCompensationFen(lossFacts(input.category), policy);
    case 'late_compensation':
    case 'non_recipient_signature':
      return input.lossKind === undefined ? 0 : lossCompensationFen(lossFacts(input.lossKind), policy);
    case 'delay':
    case 'service_attitude':
    case 'out_of_area':
    case 'tracking_info':
    case 'privacy':
    case 'other':
      return 0;
  }
}

/**
 * Remedies a plan would usually contain for the category (R-CMP-5, R-HDL-1): a starting point the handler edits.
 * Not liable: an explanation needs no remedy, so none (R-REG-2: nothing that reads as an admission).
 */
export function suggestedRemedies(category: Category, companyLiable: boolean): Remedy[] {
  if (!companyLiable) return [];
  switch (category) {
    case 'delay':
    case 'out_of_area':
      return ['apology', 'search', 'reship', 'freight_refund'];
    case 'service_attitude':
    case 'tracking_info':
    case 'privacy':
    case 'other':
      return ['apology', 'improvement'];
    case 'overcharge':
      return ['apology', 'freight_refund'];
    case 'loss':
    case 'non_recipient_signature':
      return ['apology', 'search', 'compensation'];
    case 'damage':
    case 'shortage':
    case 'late_compensation':
      return ['apology', 'compensation'];
  }
}

/**
 * R-CMP-4 (底限方案): once a floor offer is on record, later proposals never exceed it — further complaints or appeals
 * do not raise the compensation. Refuses with `RULE.R-CMP-4` when `proposedFen` is above `floorOfferFen`; no floor
 * offer (`null`) means no limit.
 */
export function checkProposalAgainstFloor(proposedFen: number, floorOfferFen: number | null): Decision {
  if (floorOfferFen !== null && proposedFen > floorOfferFen) {
    return refuse(ruleCode('R-CMP-4'), 'a floor offer is on record; a later proposal may not exceed it', [
      { proposedFen, floorOfferFen },
    ]);
  }
  return ALLOWED;
}

/**
 * Checks a proposed compensation amount (`propose-plan.compensationFen`): it must be a non-negative safe integer of
 * fen (`COMPENSATION.INVALID_AMOUNT` otherwise), and may not exceed a floor offer on record (`RULE.R-CMP-4`).
 * Amounts above the suggestion are allowed: the approval tier (R-APR-2) and a stated reason (`checkPlanAmount` in
 * approval.ts) are the control on generous plans; an overcharge plan below the double refund is `checkOverchargePlan`'s.
 */
export function checkProposedCompensation(proposedFen: number, floorOfferFen: number | null): Decision {
  if (!Number.isSafeInteger(proposedFen) || proposedFen < 0) {
    return refuse('COMPENSATION.INVALID_AMOUNT', 'compensation must be a non-negative whole number of fen', [
      { proposedFen },
    ]);
  }
  return checkProposalAgainstFloor(proposedFen, floorOfferFen); // R-CMP-4
}
