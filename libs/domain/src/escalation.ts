/**
 * Escalation tiers (R-SLA-8, R-FLOW-3, R-FLOW-6, R-CAT-4): where a case starts, and where it goes when it escalates.
 * Tiers, lowest first: handler → team lead → supervisor → manager (`ESCALATION_TIERS` in vocabulary.ts).
 */
import type { ApprovalRequirement, EscalationPolicy } from './policy/types';
import {
  ESCALATION_TIER_IDS,
  ESCALATION_TIERS,
  type EscalationTier,
  type Label,
  type Role,
  type Urgency,
} from './vocabulary';

/**
 * Escalation defaults: a normal case starts with its handler; urgent and major cases go to a supervisor at once
 * (R-FLOW-3: "对紧急、重大投诉应立即升级至上级主管").
 */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  normalStartTier: 'handler',
  urgentStartTier: 'supervisor',
};

/** Why a case escalated, each with the rule behind it. */
export const ESCALATION_REASONS = {
  deadline_breached: { zh: '超出处理时限', en: 'Deadline breached', ruleId: 'R-SLA-8' },
  manual: { zh: '人工升级', en: 'Escalated by staff', ruleId: 'R-FLOW-3' },
  repeat: { zh: '重复投诉', en: 'Repeat complaint', ruleId: 'R-CAT-4' },
  no_authority: { zh: '经办人无权限', en: 'Waiting on someone without authority', ruleId: 'R-FLOW-6' },
  urgent: { zh: '紧急或重大投诉', en: 'Urgent or major complaint', ruleId: 'R-FLOW-3' },
  contact_failed: { zh: '未按规定重试联系客户', en: 'Contact retries not made in time', ruleId: 'R-CON-1' },
  dissatisfied: { zh: '客户不满意,复核处理过程', en: 'Customer dissatisfied: review the handling', ruleId: 'R-REV-1' },
} as const satisfies Record<string, Label & { ruleId: string }>;
export type EscalationReason = keyof typeof ESCALATION_REASONS;
export const ESCALATION_REASON_IDS = Object.keys(ESCALATION_REASONS) as EscalationReason[];

const TOP_TIER: EscalationTier = 'manager';

/** The tier's level: handler 0, team lead 1, supervisor 2, manager 3 (R-SLA-8). */
export function tierLevel(tier: EscalationTier): number {
  return ESCALATION_TIERS[tier].level;
}

/** The higher of two tiers. */
export function higherTier(a: EscalationTier, b: EscalationTier): EscalationTier {
  return tierLevel(a) >= tierLevel(b) ? a : b;
}

/** The result of moving up: the new tier, whether it changed, and whether it is the top (manager). */
export interface TierStep {
  readonly tier: EscalationTier;
  /** The tier went up (false only when it was already the top). */
  readonly raised: boolean;
  /** The resulting tier is the top tier: nothing higher to escalate to. */
  readonly atTop: boolean;
}

function step(from: EscalationTier, to: EscalationTier): TierStep {
  return { tier: to, raised: tierLevel(to) > tierLevel(from), atTop: to === TOP_TIER };
}

/** R-SLA-8 / R-FLOW-3: one tier up, level by level (逐级上升); the manager stays the manager. */
export function nextTier(tier: EscalationTier): TierStep {
  const next = ESCALATION_TIER_IDS[tierLevel(tier) + 1] ?? TOP_TIER;
  return step(tier, next);
}

/**
 * The tier a new case starts at: the policy's normal start tier (default handler) or, for urgent and major cases,
 * its urgent start tier (default supervisor, R-FLOW-3). A repeat complaint starts one tier higher (R-CAT-4 → R-FLOW-3).
 */
export function startTier(urgency: Urgency, isRepeat: boolean, policy: EscalationPolicy): EscalationTier {
  const base = urgency === 'normal' ? policy.normalStartTier : policy.urgentStartTier;
  return isRepeat ? nextTier(base).tier : base;
}

/**
 * Where a case goes when it escalates for `reason` from `current` (never down):
 * - `deadline_breached` (R-SLA-8), `manual` (R-FLOW-3), `repeat` (R-CAT-4), `no_authority` (R-FLOW-6): one tier up;
 * - `urgent` (the case became urgent or major, R-FLOW-3): straight to the policy's urgent start tier, or one tier up
 *   if it is already there or above.
 * `atLeast` raises the result further, e.g. to the tier able to approve a plan that waits on someone without
 * authority (R-FLOW-6).
 */
export function escalateTier(
  current: EscalationTier,
  reason: EscalationReason,
  policy: EscalationPolicy,
  atLeast?: EscalationTier,
): TierStep {
  const oneUp = nextTier(current).tier;
  let target =
    reason === 'urgent' && tierLevel(policy.urgentStartTier) > tierLevel(current) ? policy.urgentStartTier : oneUp;
  if (atLeast !== undefined) target = higherTier(target, atLeast);
  return step(current, target);
}

/**
 * The role notified when a case reaches a tier: the handler is an agent; the team lead (组长), the supervisor and the
 * manager have roles of their own, so an escalation reaches someone who holds that tier's authority (R-FLOW-6), not
 * the agents' queue. Cases started before the 2026-12 rules keep telling `role:agent` for the team-lead tier, as
 * their recorded histories did (`tierAudience` in case/decide.ts).
 */
export function roleForTier(tier: EscalationTier): Extract<Role, 'agent' | 'team_lead' | 'supervisor' | 'manager'> {
  switch (tier) {
    case 'handler':
      return 'agent';
    case 'team_lead':
      return 'team_lead';
    case 'supervisor':
      return 'supervisor';
    case 'manager':
      return 'manager';
  }
}

/**
 * R-SLA-8 / R-FLOW-6: the escalation tier that holds the authority an approval needs — team lead, supervisor,
 * manager; a plan needing no approval (old snapshots) needs no authority beyond the handler.
 */
export function tierForApproval(requirement: ApprovalRequirement): EscalationTier {
  switch (requirement) {
    case 'none':
      return 'handler';
    case 'team_lead':
      return 'team_lead';
    case 'supervisor':
      return 'supervisor';
    case 'manager':
      return 'manager';
  }
}

/** Where an overdue approval escalates to, and why. */
export interface ApprovalEscalation extends TierStep {
  /**
   * `deadline_breached` (R-SLA-8) when the one-tier step already reaches the authority the approval needs;
   * `no_authority` (R-FLOW-6) when the case had to jump to it.
   */
  readonly reason: Extract<EscalationReason, 'deadline_breached' | 'no_authority'>;
}

/**
 * R-SLA-8 / R-FLOW-6: an overdue approval (the `approval` deadline breached) escalates one tier, and at least to the
 * tier that may approve the plan (`tierForApproval`) — never to someone without that authority, never down. A
 * manager-tier plan on a handler-tier case goes straight to the manager, not to a team lead.
 */
export function escalateOverdueApproval(
  current: EscalationTier,
  requirement: ApprovalRequirement,
  policy: EscalationPolicy,
): ApprovalEscalation {
  const authority = tierForApproval(requirement);
  const oneUp = escalateTier(current, 'deadline_breached', policy);
  if (tierLevel(oneUp.tier) >= tierLevel(authority)) return { ...oneUp, reason: 'deadline_breached' };
  return { ...escalateTier(current, 'no_authority', policy, authority), reason: 'no_authority' };
}
