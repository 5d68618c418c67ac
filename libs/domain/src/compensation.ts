/**
 * Compensation and remedies (R-CMP-1..5). All amounts are integer fen (1 CNY = 100 fen).
 */
import type { CompensationPolicy } from './policy/types';
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import type { Category, Remedy } from './vocabulary';

/** Compensation defaults: uninsured loss capped at 3 × freight (Postal Law art. 47 practice; a policy value). */
export const DEFAULT_COMPENSATION_POLICY: CompensationPolicy = { uninsuredFreightMultiple: 3 };

/**
 * R-CMP-2 (收费误差,双倍返还): the refund of an overcharge is twice the positive difference between what was charged
 * and what was due; nothing when nothing was overcharged. `dueFen` includes legitimate charges such as packaging or
 * a third delivery attempt (R-CMP-3): those are not overcharges, even when unexplained (the unexplained charge is a
 * liability matter, R-LIA-8).
 */
export function overchargeRefundFen(chargedFen: number, dueFen: number): number {
  return 2 * Math.max(0, chargedFen - dueFen);
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
}

/**
 * What the rules give for a case (docs/api.md `suggestedCompensationFen`); a suggestion for the plan, not a cap:
 * - not liable (R-LIA-10): 0;
 * - overcharge: twice the overcharge (R-CMP-2), charged against `dueFen` or the freight;
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
 * Amounts above the suggestion are allowed: the approval tier (R-APR-2) is the control on generous plans.
 */
export function checkProposedCompensation(proposedFen: number, floorOfferFen: number | null): Decision {
  if (!Number.isSafeInteger(proposedFen) || proposedFen < 0) {
    return refuse('COMPENSATION.INVALID_AMOUNT', 'compensation must be a non-negative whole number of fen', [
      { proposedFen },
    ]);
  }
  return checkProposalAgainstFloor(proposedFen, floorOfferFen); // R-CMP-4
}
