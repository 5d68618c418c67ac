/**
 * Liability (seed 000, 004): which outlet answers to the customer and the regulator (external responsibility,
 * 对外责任), which one bears the fault inside the network (internal responsibility, 对内责任), and whether the
 * company is liable at all (R-LIA-1..10). The guiding principle is "whoever picked it up is responsible"
 * (谁揽收,谁负责): the origin outlet answers for everything it picked up unless a rule says otherwise.
 */
import type { Category, PriorContactOutlet } from './vocabulary';

/** What the investigation found about the complaint itself (R-LIA-10, seed 004 §2). */
export interface LiabilityFindings {
  /** The complaint is true (内容真实). */
  readonly complaintTrue: boolean;
  /** The complaint is evidenced (证据充分). */
  readonly evidenced: boolean;
  /** The complaint concerns the company's service (与快递公司服务有关). */
  readonly relatedToService: boolean;
  /** It concerns an employee's personal conduct unrelated to the service (员工个人行为,与公司服务无关). */
  readonly personalConduct: boolean;
  /** The company caused it or erred (因公司原因 / 存在过失), e.g. delay, loss, damage, misdelivery. */
  readonly causedByCompany: boolean;
}

/** Facts about an out-of-area parcel (超区件, R-LIA-6/7). */
export interface OutOfAreaFacts {
  /** The delivery outlet notified as the rules require (规范通知). */
  readonly deliveryNotified: boolean;
  /** The delivery outlet handled it as the rules require (规范操作). */
  readonly actedByRules: boolean;
  /** The origin outlet knew the parcel was out of area. */
  readonly originKnew: boolean;
}

/** Facts about an overcharge (R-LIA-8, R-CMP-3). */
export interface OverchargeFacts {
  /** The outlet that charged wrongly (违规收费方). */
  readonly chargingOutlet: string;
  /** The outlet that took a legitimate charge without explaining it (未解释方), if any (R-CMP-3). */
  readonly unexplainedChargeOutlet?: string;
}

/** Everything `decideLiability` reads. Outlets are outlet codes such as `SH-001`. */
export interface LiabilityInput {
  readonly category: Category;
  readonly originOutlet: string;
  readonly deliveryOutlet: string;
  /** The outlet the customer contacted before complaining, and whether it handled it by the rules. */
  readonly priorContact: { readonly outlet: PriorContactOutlet; readonly handledByRules: boolean };
  /** The outlet where the fault happened (from the investigation, `record-findings.faultOutlet`). */
  readonly faultOutlet?: string;
  /** The outlet the customer names in a service-attitude complaint (R-LIA-3). */
  readonly namedParty?: string;
  /** Out-of-area facts (R-LIA-6/7); also read for a delay complaint, since delay includes out-of-area (R-CAT-1). */
  readonly outOfArea?: OutOfAreaFacts;
  /** Overcharge facts (R-LIA-8). */
  readonly overcharge?: OverchargeFacts;
  /**
   * The complaint reached the regulator (an appeal) because the customer could not reach the origin outlet
   * (R-LIA-9, R-CH-3). Set it only for an appeal.
   */
  readonly customerCouldNotReachOrigin?: boolean;
  /**
   * The customer appealed to the regulator (R-LIA-5: a wrong signature the origin was told of and did nothing about
   * is then the origin's externally). Absent: the earlier reading (the origin only also answerable).
   */
  readonly appealed?: boolean;
  /**
   * A source fault (源头问题, R-LIA-12): the origin accepted a prohibited item or fragile goods in inadequate packaging.
   * The internal responsibility is the origin's and the network does not reimburse it; the origin still pays the
   * customer per the terms agreed at pickup (R-CMP-1).
   */
  readonly sourceFault?: SourceFault;
  readonly findings: LiabilityFindings;
}

/** Why the company is not liable (R-LIA-10, seed 004 §2), as the investigator records it. */
export const NOT_LIABLE_REASONS = {
  untrue: { zh: '投诉内容不真实', en: 'The complaint is untrue' },
  unevidenced: { zh: '证据不足', en: 'The complaint is not evidenced' },
  unrelated: { zh: '与公司服务无关', en: "Unrelated to the company's service" },
  personal_conduct: {
    zh: '员工个人行为,与公司服务无关',
    en: "An employee's personal conduct, unrelated to the service",
  },
} as const;
export type NotLiableReason = keyof typeof NOT_LIABLE_REASONS;
export const NOT_LIABLE_REASON_IDS = Object.keys(NOT_LIABLE_REASONS) as NotLiableReason[];

/**
 * R-LIA-10: the findings the standards read, from the investigator's verdict and reason. Liable: true, evidenced,
 * about the service, caused by the company. Not liable with a reason: that reason's finding fails. Not liable without
 * one: the complaint stands but the company did not cause it (force majeure, customer misunderstanding).
 */
export function findingsFromVerdict(companyLiable: boolean, reason?: NotLiableReason): LiabilityFindings {
  return {
    complaintTrue: companyLiable || reason !== 'untrue',
    evidenced: companyLiable || reason !== 'unevidenced',
    relatedToService: companyLiable || reason !== 'unrelated',
    personalConduct: !companyLiable && reason === 'personal_conduct',
    causedByCompany: companyLiable,
  };
}

/** Source faults (R-LIA-12, seed 000 源头问题). */
export const SOURCE_FAULTS = {
  prohibited_item: { zh: '收寄违禁品', en: 'Prohibited item accepted' },
  inadequate_packaging: { zh: '易碎品包装不当', en: 'Fragile goods inadequately packed' },
} as const;
export type SourceFault = keyof typeof SOURCE_FAULTS;
export const SOURCE_FAULT_IDS = Object.keys(SOURCE_FAULTS) as SourceFault[];

/** Why the company is or is not liable (R-LIA-10), the first reason that applies. */
export type LiabilityBasis =
  | 'company_at_fault'
  | 'complaint_untrue'
  | 'not_evidenced'
  | 'unrelated_to_service'
  | 'personal_conduct'
  | 'company_not_at_fault';

/** The liability decision recorded with the findings (docs/api.md `liability`). */
export interface LiabilityDecision {
  /** The outlet answerable to the customer and the regulator (对外责任). */
  readonly external: string | null;
  /** The outlet bearing the fault inside the network (对内责任); `null` when the company is not liable. */
  readonly internal: string | null;
  /** R-LIA-10. */
  readonly companyLiable: boolean;
  /** The allocation rule applied (`R-LIA-1`..`R-LIA-9`, `R-LIA-12`). */
  readonly ruleId: string;
  /** Every rule that shaped the decision, in the order applied (the category rule, then R-LIA-12 / R-LIA-9). */
  readonly appliedRules: string[];
  /** R-LIA-12: the network reimburses the origin internally (`false` for a source fault). */
  readonly networkReimburses: boolean;
  /** Further outlets answerable besides `external` (R-LIA-5 origin that did nothing, R-LIA-8 unexplained charge). */
  readonly alsoAnswerable?: string[];
  /** Why the company is or is not liable (R-LIA-10). */
  readonly basis: LiabilityBasis;
}

/**
 * R-LIA-10 (seed 004 §2.1–2.4): the company is liable when it caused or erred in the matter and the complaint is
 * true, evidenced and about its service. It is not liable when the complaint is untrue, not evidenced or unrelated to
 * its service, or concerns an employee's personal conduct unrelated to the service; and not when nothing the company
 * did caused it (e.g. force majeure, customer misunderstanding). The exclusions are checked first and the first that
 * applies is the basis.
 */
export function companyLiability(findings: LiabilityFindings): { companyLiable: boolean; basis: LiabilityBasis } {
  const basis: LiabilityBasis = !findings.complaintTrue
    ? 'complaint_untrue'
    : !findings.evidenced
      ? 'not_evidenced'
      : !findings.relatedToService
        ? 'unrelated_to_service'
        : findings.personalConduct
          ? 'personal_conduct'
          : findings.causedByCompany
            ? 'company_at_fault'
            : 'company_not_at_fault';
  return { companyLiable: basis === 'company_at_fault', basis };
}

interface Allocation {
  readonly external: string;
  readonly internal: string;
  readonly ruleId: string;
  readonly alsoAnswerable?: string[];
}

/** R-LIA-1 / R-LIA-2: delay. */
function delay(input: LiabilityInput): Allocation {
  // Internal: the delivery outlet by default ("多为派送网点"), unless the investigation places the fault elsewhere.
  const internal = input.faultOutlet ?? input.deliveryOutlet;
  if (input.priorContact.outlet === 'origin' && !input.priorContact.handledByRules) {
    // R-LIA-2: the customer went to the origin first and it did not handle it by the rules.
    return { external: input.originOutlet, internal, ruleId: 'R-LIA-2' };
  }
  return { external: input.deliveryOutlet, internal, ruleId: 'R-LIA-1' }; // R-LIA-1
}

/** R-LIA-6 / R-LIA-7: out-of-area parcel. */
function outOfArea(input: LiabilityInput, facts: OutOfAreaFacts | undefined): Allocation {
  if (facts === undefined || (facts.deliveryNotified && facts.actedByRules)) {
    // R-LIA-6: the delivery outlet did its part, so the origin, which should have checked the area at pickup,
    // answers. Without facts, the seed's default applies: "大部分责任由发件网点承担".
    return { external: input.originOutlet, internal: input.originOutlet, ruleId: 'R-LIA-6' };
  }
  if (!facts.originKnew) {
    // R-LIA-7: the delivery outlet neither notified nor acted by the rules, and the origin did not know.
    return { external: input.deliveryOutlet, internal: input.deliveryOutlet, ruleId: 'R-LIA-7' };
  }
  // Not covered by the table: the delivery outlet failed the rules but the origin knew. The seed's default (most
  // out-of-area responsibility falls on the origin) and "whoever picked it up" put it on the origin externally; the
  // delivery outlet, which did not act by the rules, bears it internally.
  return { external: input.originOutlet, internal: input.deliveryOutlet, ruleId: 'R-LIA-6' };
}

/** The allocation rule for the category (before the R-LIA-9 override). */
function allocate(input: LiabilityInput): Allocation {
  switch (input.category) {
    case 'delay':
      // R-CAT-1: delay includes out-of-area; the out-of-area rules apply when those facts were recorded.
      return input.outOfArea === undefined ? delay(input) : outOfArea(input, input.outOfArea);
    case 'out_of_area':
      return outOfArea(input, input.outOfArea);
    case 'service_attitude': {
      // R-LIA-3: the delivery outlet (courier, customer service), unless the customer names another party.
      const party = input.namedParty ?? input.deliveryOutlet;
      return { external: party, internal: party, ruleId: 'R-LIA-3' };
    }
    case 'non_recipient_signature': {
      // R-LIA-5: the delivery outlet bears the risk of a signature by someone other than the addressee; an origin
      // outlet the customer told, and that did nothing, is answerable too.
      const originIgnored = input.priorContact.outlet === 'origin' && !input.priorContact.handledByRules;
      if (input.appealed !== undefined) {
        // R-LIA-5 as corrected: told, did nothing, and the customer appealed: the origin answers externally;
        // internally it stays with the delivery outlet.
        const external = originIgnored && input.appealed ? input.originOutlet : input.deliveryOutlet;
        return { external, internal: input.deliveryOutlet, ruleId: 'R-LIA-5' };
      }
      return {
        external: input.deliveryOutlet,
        internal: input.deliveryOutlet,
        ruleId: 'R-LIA-5',
        ...(originIgnored && input.originOutlet !== input.deliveryOutlet
          ? { alsoAnswerable: [input.originOutlet] }
          : {}),
      };
    }
    case 'overcharge': {
      // R-LIA-8 (R-CMP-3): the outlet that charged wrongly, and the one that took a legitimate charge without
      // explaining it. Without facts, the origin (it charged at pickup; whoever picked it up answers).
      const charging = input.overcharge?.chargingOutlet ?? input.originOutlet;
      const unexplained = input.overcharge?.unexplainedChargeOutlet;
      return {
        external: charging,
        internal: charging,
        ruleId: 'R-LIA-8',
        ...(unexplained !== undefined && unexplained !== charging ? { alsoAnswerable: [unexplained] } : {}),
      };
    }
    case 'late_compensation':
    case 'loss':
    case 'damage':
    case 'shortage':
    case 'tracking_info':
    case 'privacy':
    case 'other':
      // R-LIA-4: the origin answers to the customer for what it picked up (pay first, settle inside afterwards,
      // R-CMP-1); the outlet where the fault happened bears it internally. Applied to stalled claims (its own case)
      // and, by the same principle, to loss/damage/shortage and to the categories the table is silent on
      // (tracking information, privacy, other). Without a fault outlet the origin bears it internally as well.
      return { external: input.originOutlet, internal: input.faultOutlet ?? input.originOutlet, ruleId: 'R-LIA-4' };
  }
}

/**
 * Decides external and internal responsibility and company liability for a case (R-LIA-1..10).
 *
 * | category | rule | external | internal |
 * |---|---|---|---|
 * | delay | R-LIA-1 | delivery | fault outlet, else delivery |
 * | delay, customer went to the origin first and it did not handle it by the rules | R-LIA-2 | origin | fault outlet, else delivery |
 * | service_attitude | R-LIA-3 | named party, else delivery | same |
 * | late_compensation, loss, damage, shortage, tracking_info, privacy, other | R-LIA-4 | origin | fault outlet, else origin |
 * | non_recipient_signature | R-LIA-5 | delivery; origin if told, did nothing and the customer appealed | delivery |
 * | out_of_area (or delay with out-of-area facts), delivery notified and acted by the rules, or no facts | R-LIA-6 | origin | origin |
 * | same, delivery did not notify or act by the rules, origin did not know | R-LIA-7 | delivery | delivery |
 * | same, delivery did not act by the rules, origin knew | R-LIA-6 | origin | delivery |
 * | overcharge | R-LIA-8 | charging outlet (+ unexplained-charge outlet answerable) | charging outlet |
 * | any, source fault: prohibited item or inadequate packaging accepted | R-LIA-12 | per the category rule | origin (not reimbursed) |
 * | any, appeal because the customer could not reach the origin | R-LIA-9 | origin | per the category rule |
 *
 * R-LIA-10 decides `companyLiable`. When the company is not liable no outlet is at fault, so `internal` is `null`;
 * `external` still names the outlet that answers the customer and the regulator (it writes the truthful reply,
 * R-REG-2) and `alsoAnswerable` is dropped.
 */
export function decideLiability(input: LiabilityInput): LiabilityDecision {
  const { companyLiable, basis } = companyLiability(input.findings); // R-LIA-10
  const allocation = allocate(input);
  const appliedRules = [allocation.ruleId];
  let internal = allocation.internal;
  let ruleId = allocation.ruleId;
  // R-LIA-12: a source fault is the origin's inside the network, whatever the category rule said; the origin still
  // answers to the customer per the terms agreed at pickup (R-CMP-1), which R-LIA-4 already gives it externally.
  if (input.sourceFault !== undefined) {
    internal = input.originOutlet;
    ruleId = 'R-LIA-12';
    appliedRules.push('R-LIA-12');
  }
  // R-LIA-9 (R-CH-3): an unreachable origin makes the appeal valid against the origin; the internal side stays
  // with the underlying fault.
  const unreachable = input.customerCouldNotReachOrigin === true;
  const external = unreachable ? input.originOutlet : allocation.external;
  if (unreachable) {
    ruleId = 'R-LIA-9';
    appliedRules.push('R-LIA-9');
  }
  const networkReimburses = input.sourceFault === undefined;
  if (!companyLiable) {
    return { external, internal: null, companyLiable, ruleId, appliedRules, networkReimburses, basis };
  }
  // Under R-LIA-9 the origin may already be the external party; it is not listed twice.
  const alsoAnswerable = (allocation.alsoAnswerable ?? []).filter((outlet) => outlet !== external);
  return {
    external,
    internal,
    companyLiable,
    ruleId,
    appliedRules,
    networkReimburses,
    basis,
    ...(alsoAnswerable.length > 0 ? { alsoAnswerable } : {}),
  };
}
