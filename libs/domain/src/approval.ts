/**
 * Approval of handling plans (R-APR-1, R-APR-2): which tier must approve, whether a given person may, and what a
 * plan above the suggested compensation needs.
 */
import type { ApprovalPolicy, ApprovalRequirement } from './policy/types';
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import type { Role, Urgency } from './vocabulary';

/**
 * Approval defaults (R-APR-1 as corrected: every plan is approved by a leader; R-APR-2: the amounts are policy, the
 * seeds name the structure, not the numbers):
 * - any plan: a team lead at least (`minimum`);
 * - compensation up to 500 CNY (50 000 fen): a team lead;
 * - above that, up to 2 000 CNY (200 000 fen): a supervisor;
 * - above 2 000 CNY: a manager;
 * - whatever the amount: urgent cases need at least a supervisor, major cases a manager, regulator appeals a
 *   supervisor (an appeal is an escalated complaint, R-CH-2).
 * `noApprovalUpToFen` stays in the document (it is required by the 2026.1 schema) but `minimum` overrides it.
 */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  noApprovalUpToFen: 50_000,
  teamLeadUpToFen: 50_000,
  supervisorUpToFen: 200_000,
  minimum: 'team_lead',
  urgentMinimum: 'supervisor',
  majorMinimum: 'manager',
  appealMinimum: 'supervisor',
};

/**
 * The least requirement for a floor offer (R-CMP-4): the company's final offer binds it for good, so it is a
 * "special" plan (R-APR-1) that a supervisor approves at least. Fixed here: the policy document has no field for it.
 */
export const FLOOR_OFFER_MINIMUM: ApprovalRequirement = 'supervisor';

/** Every requirement, lowest first: none < team_lead < supervisor < manager. */
export const APPROVAL_REQUIREMENT_IDS: readonly ApprovalRequirement[] = ['none', 'team_lead', 'supervisor', 'manager'];

const RANK: Readonly<Record<ApprovalRequirement, number>> = { none: 0, team_lead: 1, supervisor: 2, manager: 3 };

/** How a refusal names a tier. */
const TIER_NAME: Readonly<Record<Exclude<ApprovalRequirement, 'none'>, string>> = {
  team_lead: 'team lead',
  supervisor: 'supervisor',
  manager: 'manager',
};

/** Orders requirements: none < team_lead < supervisor < manager. */
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
 * R-APR-1/R-APR-2: who must approve a plan before the customer is answered — the stricter of
 * - the amount tier: up to `noApprovalUpToFen` none, up to `teamLeadUpToFen` a team lead, up to `supervisorUpToFen`
 *   a supervisor, above a manager;
 * - the policy's `minimum` (R-APR-1: every plan goes to a leader; `team_lead` in the shipped policy);
 * - the severity minimums (urgent, major, appeal) and the floor-offer minimum (R-CMP-4).
 * A plan above the suggested compensation needs the tier of its own amount, like any plan, and a stated reason
 * (`checkPlanAmount`).
 *
 * Old snapshots (2026.1: no `minimum`, no `teamLeadUpToFen`) get exactly the tiers they were started with: none up
 * to `noApprovalUpToFen`, then supervisor, then manager. `'none'` means the plan may be put to the customer without
 * approval, which only such a snapshot can give.
 */
export function requiredApproval(plan: PlanForApproval, policy: ApprovalPolicy): ApprovalRequirement {
  // Without a team-lead amount tier (old snapshots) the team-lead band is empty.
  const teamLeadUpToFen = policy.teamLeadUpToFen ?? policy.noApprovalUpToFen;
  const byAmount: ApprovalRequirement =
    plan.compensationFen <= policy.noApprovalUpToFen
      ? 'none'
      : plan.compensationFen <= teamLeadUpToFen
        ? 'team_lead'
        : plan.compensationFen <= policy.supervisorUpToFen
          ? 'supervisor'
          : 'manager';
  let required = stricterApproval(byAmount, policy.minimum ?? 'none'); // R-APR-1
  if (plan.urgency === 'urgent') required = stricterApproval(required, policy.urgentMinimum);
  if (plan.urgency === 'major') required = stricterApproval(required, policy.majorMinimum);
  if (plan.isAppeal) required = stricterApproval(required, policy.appealMinimum);
  if (plan.floorOffer === true) required = stricterApproval(required, FLOOR_OFFER_MINIMUM);
  return required;
}

/**
 * The highest approval tier a person's roles give: manager, supervisor, team lead, or none. `admin` gives none
 * (administration is no approving authority).
 */
export function approverTier(roles: readonly Role[]): ApprovalRequirement {
  if (roles.includes('manager')) return 'manager';
  if (roles.includes('supervisor')) return 'supervisor';
  if (roles.includes('team_lead')) return 'team_lead';
  return 'none';
}

/**
 * R-APR-2: the requirements of the plans a person may approve, lowest first — every tier from team lead up to
 * their own (a manager approves what a supervisor or a team lead may). Empty for someone with no approving role.
 * For an approvals inbox: `'none'` is left out, a plan needing no approval never waits for one.
 */
export function approvableRequirements(roles: readonly Role[]): ApprovalRequirement[] {
  const rank = RANK[approverTier(roles)];
  return APPROVAL_REQUIREMENT_IDS.filter((requirement) => RANK[requirement] >= 1 && RANK[requirement] <= rank);
}

/**
 * R-APR-2: whether `approver` may approve a plan needing `requirement`. Refused with `RULE.R-APR-2` when the approver
 * proposed the plan (no one approves their own proposal), or holds no approving role (team lead, supervisor or
 * manager; `admin` does not count), or a lower one than required (a supervisor may approve a team-lead plan, a team
 * lead not a supervisor-tier one). A plan needing no approval (old snapshots) may still be approved by anyone with
 * an approving role other than the proposer.
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
      `this plan needs approval by a ${TIER_NAME[requirement === 'none' ? 'team_lead' : requirement]}`,
      [{ required: requirement, approverTier: tier }],
    );
  }
  return ALLOWED;
}

/** What `checkPlanAmount` reads: the proposed amount, the suggestion on record, and the handler's reason. */
export interface PlanAmount {
  /** The plan's compensation in fen. */
  readonly compensationFen: number;
  /**
   * What the rules give for the findings (`suggestedCompensationFen`, recorded with the findings). `undefined`
   * when no suggestion is on record: there is nothing to compare with.
   */
  readonly suggestedFen: number | undefined;
  /** Why the plan gives more than the suggestion (the propose-plan field `compensationReason`). */
  readonly reason?: string;
}

/** Whether a plan gives more than the suggested compensation (no suggestion on record: no). */
export function exceedsSuggestion(compensationFen: number, suggestedFen: number | undefined): boolean {
  return suggestedFen !== undefined && compensationFen > suggestedFen;
}

/**
 * R-APR-2 (amounts above the suggestion): a plan whose compensation exceeds the suggested compensation needs a
 * stated reason, for the approver to weigh; refused with `RULE.R-APR-2` and the field `compensationReason`
 * otherwise. A blank reason is no reason. The reason does not lower the approval: the plan still needs the tier of
 * its own amount (`requiredApproval`). A plan at or below the suggestion needs no reason.
 */
export function checkPlanAmount(plan: PlanAmount): Decision {
  if (!exceedsSuggestion(plan.compensationFen, plan.suggestedFen)) return ALLOWED;
  if (plan.reason !== undefined && plan.reason.trim() !== '') return ALLOWED;
  return refuse(ruleCode('R-APR-2'), '方案赔偿金额高于建议赔偿金额,须说明理由', [
    {
      field: 'compensationReason',
      compensationFen: plan.compensationFen,
      suggestedFen: plan.suggestedFen,
      en: 'a plan above the suggested compensation needs a stated reason',
    },
  ]);
}
