/**
 * Approval of handling plans (R-APR-1, R-APR-2): which tier must approve, and whether a given person may.
 */
import type { ApprovalPolicy, ApprovalRequirement } from './policy/types';
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import type { Role, Urgency } from './vocabulary';

/**
 * Approval defaults (R-APR-2; the seeds name the structure, not the numbers):
 * - compensation up to 500 CNY (50 000 fen): no approval;
 * - above that, up to 2 000 CNY (200 000 fen): a supervisor;
 * - above 2 000 CNY: a manager;
 * - whatever the amount: urgent cases need at least a supervisor, major cases a manager, regulator appeals a
 *   supervisor (an appeal is an escalated complaint, R-CH-2).
 */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  noApprovalUpToFen: 50_000,
  supervisorUpToFen: 200_000,
  urgentMinimum: 'supervisor',
  majorMinimum: 'manager',
  appealMinimum: 'supervisor',
};

/**
 * The least requirement for a floor offer (R-CMP-4): the company's final offer binds it for good, so it is a
 * "special" plan (R-APR-1) that a supervisor approves at least. Fixed here: the policy document has no field for it.
 */
export const FLOOR_OFFER_MINIMUM: ApprovalRequirement = 'supervisor';

const RANK: Readonly<Record<ApprovalRequirement, number>> = { none: 0, supervisor: 1, manager: 2 };

/** Orders requirements: none < supervisor < manager. */
export function approvalRank(requirement: ApprovalRequirement): number {
  return RANK[requirement];
}

/** The stricter of two requirements. */
export function stricterApproval(a: ApprovalRequirement, b: ApprovalRequirement): ApprovalRequirement {
  return RANK[a] >= RANK[b] ? a : b;
}

/** What `requiredApproval` reads about a plan and its case. */
export interface PlanForApproval {
  /** The plan's compensation in fen. */
  readonly compensationFen: number;
  readonly urgency: Urgency;
  /** The case is a regulator appeal (R-CH-2). */
  readonly isAppeal: boolean;
  /** The plan is the company's floor offer (R-CMP-4). */
  readonly floorOffer?: boolean;
}

/**
 * R-APR-1/R-APR-2: who must approve a plan before it is carried out — the stricter of the amount tier
 * (`noApprovalUpToFen`, `supervisorUpToFen`, above: manager) and the severity minimums (urgent, major, appeal,
 * floor offer). `'none'` means the plan may be carried out without approval.
 */
export function requiredApproval(plan: PlanForApproval, policy: ApprovalPolicy): ApprovalRequirement {
  const byAmount: ApprovalRequirement =
    plan.compensationFen <= policy.noApprovalUpToFen
      ? 'none'
      : plan.compensationFen <= policy.supervisorUpToFen
        ? 'supervisor'
        : 'manager';
  let required = byAmount;
  if (plan.urgency === 'urgent') required = stricterApproval(required, policy.urgentMinimum);
  if (plan.urgency === 'major') required = stricterApproval(required, policy.majorMinimum);
  if (plan.isAppeal) required = stricterApproval(required, policy.appealMinimum);
  if (plan.floorOffer === true) required = stricterApproval(required, FLOOR_OFFER_MINIMUM);
  return required;
}

/** The highest approval tier a person's roles give: manager, supervisor, or none. `admin` gives none. */
export function approverTier(roles: readonly Role[]): ApprovalRequirement {
  if (roles.includes('manager')) return 'manager';
  if (roles.includes('supervisor')) return 'supervisor';
  return 'none';
}

/**
 * R-APR-2: whether `approver` may approve a plan needing `requirement`. Refused with `RULE.R-APR-2` when the approver
 * proposed the plan (no one approves their own proposal), or holds no approving role (supervisor or manager; `admin`
 * does not count), or a lower one than required (a manager may approve a supervisor-tier plan, not the reverse).
 * A plan needing no approval may still be approved by any supervisor or manager other than the proposer.
 */
export function canApprove(
  requirement: ApprovalRequirement,
  approver: { readonly id: string; readonly roles: readonly Role[] },
  proposerId: string,
): Decision {
  if (approver.id === proposerId) {
    return refuse(ruleCode('R-APR-2'), 'no one approves their own proposal', [{ approverId: approver.id }]);
  }
  const tier = approverTier(approver.roles);
  if (tier === 'none' || RANK[tier] < RANK[requirement]) {
    return refuse(
      ruleCode('R-APR-2'),
      `this plan needs approval by a ${requirement === 'none' ? 'supervisor' : requirement}`,
      [{ required: requirement, approverTier: tier }],
    );
  }
  return ALLOWED;
}
