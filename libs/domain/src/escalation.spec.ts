import fc from 'fast-check';
import { approverTier, canApprove } from './approval';
import {
  DEFAULT_ESCALATION_POLICY,
  ESCALATION_REASON_IDS,
  ESCALATION_REASONS,
  escalateOverdueApproval,
  escalateTier,
  higherTier,
  nextTier,
  roleForTier,
  startTier,
  tierForApproval,
  tierLevel,
} from './escalation';
import type { ApprovalRequirement, EscalationPolicy } from './policy/types';
import { ESCALATION_TIER_IDS, type EscalationTier, ROLES, type Urgency } from './vocabulary';

const policy = DEFAULT_ESCALATION_POLICY;

describe('R-SLA-8: one tier at a time, handler → team lead → supervisor → manager', () => {
  it.each([
    ['handler', 'team_lead', true, false],
    ['team_lead', 'supervisor', true, false],
    ['supervisor', 'manager', true, true],
    ['manager', 'manager', false, true],
  ] as [EscalationTier, EscalationTier, boolean, boolean][])(
    'R-SLA-8: %s → %s (raised %s, at top %s)',
    (from, to, raised, atTop) => {
      expect(nextTier(from)).toEqual({ tier: to, raised, atTop });
    },
  );

  it('R-SLA-8: levels are 0..3 in order', () => {
    expect((['handler', 'team_lead', 'supervisor', 'manager'] as const).map(tierLevel)).toEqual([0, 1, 2, 3]);
    expect(higherTier('team_lead', 'supervisor')).toBe('supervisor');
    expect(higherTier('manager', 'handler')).toBe('manager');
  });
});

describe('R-FLOW-3 / R-CAT-4: where a case starts', () => {
  it.each([
    ['normal', false, 'handler'],
    ['normal', true, 'team_lead'],
    ['urgent', false, 'supervisor'],
    ['urgent', true, 'manager'],
    ['major', false, 'supervisor'],
    ['major', true, 'manager'],
  ] as [Urgency, boolean, EscalationTier][])('R-FLOW-3/R-CAT-4: %s, repeat %s → %s', (urgency, isRepeat, tier) => {
    expect(startTier(urgency, isRepeat, policy)).toBe(tier);
  });

  it('R-FLOW-3: the start tiers come from the policy', () => {
    const custom: EscalationPolicy = { normalStartTier: 'team_lead', urgentStartTier: 'manager' };
    expect(startTier('normal', false, custom)).toBe('team_lead');
    expect(startTier('urgent', true, custom)).toBe('manager');
  });
});

describe('escalateTier: escalating for a reason', () => {
  it.each([
    ['R-SLA-8', 'deadline_breached', 'handler', 'team_lead'],
    ['R-FLOW-3', 'manual', 'team_lead', 'supervisor'],
    ['R-CAT-4', 'repeat', 'handler', 'team_lead'],
    ['R-FLOW-6', 'no_authority', 'supervisor', 'manager'],
    ['R-FLOW-3', 'urgent', 'handler', 'supervisor'],
    ['R-FLOW-3', 'urgent', 'supervisor', 'manager'],
    ['R-FLOW-3', 'urgent', 'manager', 'manager'],
  ] as const)('%s: %s from %s → %s', (_rule, reason, from, to) => {
    expect(escalateTier(from, reason, policy).tier).toBe(to);
  });

  it('R-FLOW-6: a case waiting on someone without authority goes at least to the tier that has it', () => {
    expect(escalateTier('handler', 'no_authority', policy, 'manager')).toEqual({
      tier: 'manager',
      raised: true,
      atTop: true,
    });
    // atLeast never lowers the one-tier step.
    expect(escalateTier('supervisor', 'no_authority', policy, 'team_lead').tier).toBe('manager');
  });

  it('R-SLA-8: escalating at the top stays there and says so', () => {
    expect(escalateTier('manager', 'deadline_breached', policy)).toEqual({
      tier: 'manager',
      raised: false,
      atTop: true,
    });
  });

  it('every reason has labels and names its rule', () => {
    expect(ESCALATION_REASON_IDS).toEqual([
      'deadline_breached',
      'manual',
      'repeat',
      'no_authority',
      'urgent',
      'contact_failed',
      'dissatisfied',
    ]);
    for (const reason of ESCALATION_REASON_IDS) {
      expect(ESCALATION_REASONS[reason].ruleId).toMatch(/^R-(SLA|FLOW|CAT|CON|REV)-\d$/);
    }
    expect(ESCALATION_REASONS.contact_failed.ruleId).toBe('R-CON-1');
    expect(ESCALATION_REASONS.dissatisfied.ruleId).toBe('R-REV-1');
    expect(ESCALATION_REASONS.no_authority.ruleId).toBe('R-FLOW-6');
  });
});

describe('roleForTier: who is notified', () => {
  it.each([
    ['handler', 'agent'],
    ['team_lead', 'team_lead'],
    ['supervisor', 'supervisor'],
    ['manager', 'manager'],
  ] as const)('R-SLA-8/R-FLOW-6: %s → %s', (tier, role) => {
    expect(roleForTier(tier)).toBe(role);
  });

  it("R-FLOW-6: a team-lead escalation lands with the team lead (组长), not in an agent's inbox", () => {
    expect(roleForTier('team_lead')).not.toBe('agent');
    expect(ROLES[roleForTier('team_lead')].zh).toBe('组长');
  });
});

describe('R-SLA-8/R-FLOW-6: an overdue approval escalates to someone with the authority', () => {
  it.each([
    ['none', 'handler'],
    ['team_lead', 'team_lead'],
    ['supervisor', 'supervisor'],
    ['manager', 'manager'],
  ] as [ApprovalRequirement, EscalationTier][])(
    'R-FLOW-6: an approval needing %s is held by the %s tier',
    (req, tier) => {
      expect(tierForApproval(req)).toBe(tier);
    },
  );

  it('R-SLA-8/R-FLOW-6: an overdue manager-tier approval on a handler-tier case escalates to the manager', () => {
    const step = escalateOverdueApproval('handler', 'manager', policy);
    expect(step).toEqual({ tier: 'manager', raised: true, atTop: true, reason: 'no_authority' });
    expect(step.tier).not.toBe('team_lead');
    expect(roleForTier(step.tier)).toBe('manager');
    expect(roleForTier(step.tier)).not.toBe('agent');
  });

  it.each([
    ['handler', 'team_lead', 'team_lead', 'deadline_breached'],
    ['handler', 'supervisor', 'supervisor', 'no_authority'],
    ['team_lead', 'supervisor', 'supervisor', 'deadline_breached'],
    ['team_lead', 'manager', 'manager', 'no_authority'],
    ['supervisor', 'team_lead', 'manager', 'deadline_breached'],
    ['handler', 'none', 'team_lead', 'deadline_breached'],
    ['manager', 'manager', 'manager', 'deadline_breached'],
  ] as [EscalationTier, ApprovalRequirement, EscalationTier, string][])(
    'R-SLA-8/R-FLOW-6: from %s, an overdue %s-tier approval → %s (%s)',
    (from, requirement, to, reason) => {
      expect(escalateOverdueApproval(from, requirement, policy)).toMatchObject({ tier: to, reason });
    },
  );

  it('R-FLOW-6 (property): the notified role may approve the plan, and the tier never goes down', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ESCALATION_TIER_IDS),
        fc.constantFrom('team_lead', 'supervisor', 'manager' as const),
        (from, requirement) => {
          const step = escalateOverdueApproval(from, requirement, policy);
          expect(tierLevel(step.tier)).toBeGreaterThanOrEqual(tierLevel(from));
          const notified = roleForTier(step.tier);
          expect(approverTier([notified])).not.toBe('none');
          expect(canApprove(requirement, { id: 'notified', roles: [notified] }, 'proposer').ok).toBe(true);
        },
      ),
    );
  });
});
