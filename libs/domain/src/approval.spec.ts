import fc from 'fast-check';
import {
  APPROVAL_REQUIREMENT_IDS,
  approvableRequirements,
  approvalRank,
  approverTier,
  canApprove,
  checkPlanAmount,
  DEFAULT_APPROVAL_POLICY,
  exceedsSuggestion,
  FLOOR_OFFER_MINIMUM,
  type PlanForApproval,
  requiredApproval,
  stricterApproval,
} from './approval';
import { DEFAULT_POLICY, FAST_POLICY } from './policy/default-policy';
import type { ApprovalPolicy, ApprovalRequirement } from './policy/types';
import { validatePolicy } from './policy/validate';
import type { Role } from './vocabulary';

const policy = DEFAULT_APPROVAL_POLICY;
/** The approval section of policy 2026.1, as running cases snapshotted it: no team-lead tier, no minimum. */
const POLICY_2026_1: ApprovalPolicy = {
  noApprovalUpToFen: 50_000,
  supervisorUpToFen: 200_000,
  urgentMinimum: 'supervisor',
  majorMinimum: 'manager',
  appealMinimum: 'supervisor',
};
const plan = (overrides: Partial<PlanForApproval>): PlanForApproval => ({
  compensationFen: 0,
  urgency: 'normal',
  isAppeal: false,
  ...overrides,
});
const urgencies = fc.constantFrom('normal', 'urgent', 'major' as const);
const fenAmount = fc.integer({ min: 0, max: 10_000_000 });

describe('R-APR-1/R-APR-2: required approval by amount and severity', () => {
  it('R-APR-1/R-APR-2: the defaults: a team lead at least, up to 500 CNY a team lead, 2000 CNY a supervisor', () => {
    expect(DEFAULT_APPROVAL_POLICY).toEqual({
      noApprovalUpToFen: 50_000,
      teamLeadUpToFen: 50_000,
      supervisorUpToFen: 200_000,
      minimum: 'team_lead',
      urgentMinimum: 'supervisor',
      majorMinimum: 'manager',
      appealMinimum: 'supervisor',
    });
    expect(FLOOR_OFFER_MINIMUM).toBe('supervisor');
  });

  it.each([
    ['nothing to pay, normal: still a leader', {}, 'team_lead'],
    ['500 CNY exactly, normal', { compensationFen: 50_000 }, 'team_lead'],
    ['500.01 CNY, normal', { compensationFen: 50_001 }, 'supervisor'],
    ['2000 CNY exactly, normal', { compensationFen: 200_000 }, 'supervisor'],
    ['2000.01 CNY, normal', { compensationFen: 200_001 }, 'manager'],
    ['small amount, urgent', { urgency: 'urgent' }, 'supervisor'],
    ['large amount, urgent: the amount is stricter', { urgency: 'urgent', compensationFen: 300_000 }, 'manager'],
    ['small amount, major', { urgency: 'major' }, 'manager'],
    ['small amount, regulator appeal', { isAppeal: true }, 'supervisor'],
    ['large amount, regulator appeal', { isAppeal: true, compensationFen: 300_000 }, 'manager'],
    ['small amount, floor offer (R-CMP-4)', { floorOffer: true }, 'supervisor'],
    ['small amount, not a floor offer', { floorOffer: false }, 'team_lead'],
    ['major appeal with a floor offer', { urgency: 'major', isAppeal: true, floorOffer: true }, 'manager'],
  ] as [string, Partial<PlanForApproval>, ApprovalRequirement][])(
    'R-APR-1/R-APR-2: %s → %s',
    (_name, overrides, expected) => {
      expect(requiredApproval(plan(overrides), policy)).toBe(expected);
    },
  );

  it('R-APR-1 (property): under the shipped policy no plan goes to the customer without a leader', () => {
    fc.assert(
      fc.property(
        fenAmount,
        urgencies,
        fc.boolean(),
        fc.boolean(),
        (compensationFen, urgency, isAppeal, floorOffer) => {
          const tier = requiredApproval(plan({ compensationFen, urgency, isAppeal, floorOffer }), policy);
          expect(approvalRank(tier)).toBeGreaterThanOrEqual(approvalRank('team_lead'));
        },
      ),
    );
  });

  describe('old snapshots (policy 2026.1: no minimum, no team-lead tier) keep their tiers', () => {
    it.each([
      ['nothing to pay, normal', {}, 'none'],
      ['500 CNY exactly, normal', { compensationFen: 50_000 }, 'none'],
      ['500.01 CNY, normal', { compensationFen: 50_001 }, 'supervisor'],
      ['2000 CNY exactly, normal', { compensationFen: 200_000 }, 'supervisor'],
      ['2000.01 CNY, normal', { compensationFen: 200_001 }, 'manager'],
      ['small amount, urgent', { urgency: 'urgent' }, 'supervisor'],
      ['large amount, urgent: the amount is stricter', { urgency: 'urgent', compensationFen: 300_000 }, 'manager'],
      ['small amount, major', { urgency: 'major' }, 'manager'],
      ['small amount, regulator appeal', { isAppeal: true }, 'supervisor'],
      ['large amount, regulator appeal', { isAppeal: true, compensationFen: 300_000 }, 'manager'],
      ['small amount, floor offer (R-CMP-4)', { floorOffer: true }, 'supervisor'],
      ['small amount, not a floor offer', { floorOffer: false }, 'none'],
      ['major appeal with a floor offer', { urgency: 'major', isAppeal: true, floorOffer: true }, 'manager'],
    ] as [string, Partial<PlanForApproval>, ApprovalRequirement][])(
      'R-APR-2 (2026.1): %s → %s',
      (_name, overrides, expected) => {
        expect(requiredApproval(plan(overrides), POLICY_2026_1)).toBe(expected);
      },
    );

    it('R-APR-2 (2026.1, property): never a team lead, and exactly the old amount bands', () => {
      fc.assert(
        fc.property(
          fenAmount,
          urgencies,
          fc.boolean(),
          fc.boolean(),
          (compensationFen, urgency, isAppeal, floorOffer) => {
            const tier = requiredApproval(plan({ compensationFen, urgency, isAppeal, floorOffer }), POLICY_2026_1);
            expect(tier).not.toBe('team_lead');
            if (urgency === 'normal' && !isAppeal && !floorOffer) {
              expect(tier).toBe(
                compensationFen <= 50_000 ? 'none' : compensationFen <= 200_000 ? 'supervisor' : 'manager',
              );
            }
          },
        ),
      );
    });

    it('R-APR-1: major or special plans (major case, floor offer) need approval even with no money', () => {
      expect(requiredApproval(plan({ urgency: 'major' }), POLICY_2026_1)).not.toBe('none');
      expect(requiredApproval(plan({ floorOffer: true }), POLICY_2026_1)).not.toBe('none');
      expect(requiredApproval(plan({}), POLICY_2026_1)).toBe('none');
    });
  });

  it.each([
    ['no approval up to 100 CNY', 10_000, 'none'],
    ['a team lead above 100 CNY', 10_001, 'team_lead'],
    ['a team lead up to 500 CNY', 50_000, 'team_lead'],
    ['a supervisor above 500 CNY', 50_001, 'supervisor'],
  ] as [string, number, ApprovalRequirement][])(
    'R-APR-2: a team-lead band of its own (100..500 CNY), no minimum: %s',
    (_name, compensationFen, expected) => {
      const banded: ApprovalPolicy = { ...POLICY_2026_1, noApprovalUpToFen: 10_000, teamLeadUpToFen: 50_000 };
      expect(requiredApproval(plan({ compensationFen }), banded)).toBe(expected);
    },
  );

  it('R-APR-1: a minimum without a team-lead band raises the no-approval band to the minimum', () => {
    const withMinimum: ApprovalPolicy = { ...POLICY_2026_1, minimum: 'team_lead' };
    expect(requiredApproval(plan({ compensationFen: 0 }), withMinimum)).toBe('team_lead');
    expect(requiredApproval(plan({ compensationFen: 50_001 }), withMinimum)).toBe('supervisor');
    const supervisorAtLeast: ApprovalPolicy = { ...policy, minimum: 'supervisor' };
    expect(requiredApproval(plan({ compensationFen: 100 }), supervisorAtLeast)).toBe('supervisor');
    expect(requiredApproval(plan({ compensationFen: 300_000 }), supervisorAtLeast)).toBe('manager');
  });

  it('R-APR-2: a policy with no severity minimums goes by amount and the minimum only', () => {
    const byAmount = { ...policy, urgentMinimum: 'none', majorMinimum: 'none', appealMinimum: 'none' } as const;
    expect(requiredApproval(plan({ urgency: 'major', isAppeal: true }), byAmount)).toBe('team_lead');
    const oldByAmount = {
      ...POLICY_2026_1,
      urgentMinimum: 'none',
      majorMinimum: 'none',
      appealMinimum: 'none',
    } as const;
    expect(requiredApproval(plan({ urgency: 'major', isAppeal: true }), oldByAmount)).toBe('none');
  });

  it('R-APR-2 (property): more money never needs a lower tier, old and new policy', () => {
    fc.assert(
      fc.property(
        fenAmount,
        fenAmount,
        urgencies,
        fc.boolean(),
        fc.constantFrom(policy, POLICY_2026_1),
        (a, b, urgency, isAppeal, approvalPolicy) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const lowTier = requiredApproval(plan({ compensationFen: low, urgency, isAppeal }), approvalPolicy);
          const highTier = requiredApproval(plan({ compensationFen: high, urgency, isAppeal }), approvalPolicy);
          expect(approvalRank(highTier)).toBeGreaterThanOrEqual(approvalRank(lowTier));
        },
      ),
    );
  });

  it('orders requirements none < team_lead < supervisor < manager', () => {
    expect(APPROVAL_REQUIREMENT_IDS.map(approvalRank)).toEqual([0, 1, 2, 3]);
    expect(stricterApproval('none', 'team_lead')).toBe('team_lead');
    expect(stricterApproval('team_lead', 'supervisor')).toBe('supervisor');
    expect(stricterApproval('none', 'supervisor')).toBe('supervisor');
    expect(stricterApproval('manager', 'supervisor')).toBe('manager');
    expect(stricterApproval('supervisor', 'supervisor')).toBe('supervisor');
  });
});

describe('R-APR-2: who may approve', () => {
  const person = (id: string, roles: Role[]) => ({ id, roles });

  it.each([
    ['a team lead, team-lead tier', 'team_lead', ['team_lead'], true],
    ['a team lead, supervisor tier (above a team lead)', 'supervisor', ['team_lead'], false],
    ['a team lead, manager tier', 'manager', ['team_lead'], false],
    ['a supervisor, team-lead tier (a supervisor may approve what a team lead may)', 'team_lead', ['supervisor'], true],
    ['a manager, team-lead tier', 'team_lead', ['manager'], true],
    ['an agent, team-lead tier', 'team_lead', ['agent'], false],
    ['an admin, team-lead tier (admin is no approver)', 'team_lead', ['admin'], false],
    ['a supervisor, supervisor tier', 'supervisor', ['supervisor'], true],
    ['a manager, supervisor tier (a manager may approve what a supervisor may)', 'supervisor', ['manager'], true],
    ['a manager, manager tier', 'manager', ['manager'], true],
    ['a supervisor, manager tier', 'manager', ['supervisor'], false],
    ['an agent, supervisor tier', 'supervisor', ['agent'], false],
    ['an admin, supervisor tier (admin is no approver)', 'supervisor', ['admin'], false],
    ['an auditor, supervisor tier', 'supervisor', ['auditor'], false],
    ['an agent, plan needing no approval (2026.1)', 'none', ['agent'], false],
    ['a team lead, plan needing no approval (2026.1)', 'none', ['team_lead'], true],
    ['a supervisor, plan needing no approval (2026.1)', 'none', ['supervisor'], true],
    ['an admin who is also a manager, manager tier', 'manager', ['admin', 'manager'], true],
    ['an admin who is also a team lead, team-lead tier', 'team_lead', ['admin', 'team_lead'], true],
  ] as [string, ApprovalRequirement, Role[], boolean][])('R-APR-2: %s → %s', (_name, requirement, roles, ok) => {
    const decision = canApprove(requirement, person('approver', roles), 'proposer');
    expect(decision.ok).toBe(ok);
    if (!decision.ok) expect(decision.code).toBe('RULE.R-APR-2');
  });

  it('R-APR-2: no one approves their own proposal, not even a manager, nor a team lead a team-lead plan', () => {
    expect(canApprove('supervisor', person('m1', ['manager']), 'm1')).toEqual({
      ok: false,
      code: 'RULE.R-APR-2',
      reason: 'no one approves their own proposal',
      details: [{ approverId: 'm1' }],
    });
    expect(canApprove('team_lead', person('t1', ['team_lead']), 't1')).toMatchObject({
      ok: false,
      code: 'RULE.R-APR-2',
      details: [{ approverId: 't1' }],
    });
  });

  it('R-APR-2: the refusal says which tier is needed', () => {
    expect(canApprove('manager', person('s1', ['supervisor']), 'a1')).toMatchObject({
      reason: 'this plan needs approval by a manager',
      details: [{ required: 'manager', approverTier: 'supervisor' }],
    });
    expect(canApprove('supervisor', person('t1', ['team_lead']), 'a1')).toMatchObject({
      reason: 'this plan needs approval by a supervisor',
      details: [{ required: 'supervisor', approverTier: 'team_lead' }],
    });
    expect(canApprove('team_lead', person('a2', ['agent']), 'a1')).toMatchObject({
      reason: 'this plan needs approval by a team lead',
      details: [{ required: 'team_lead', approverTier: 'none' }],
    });
    expect(canApprove('none', person('a2', ['agent']), 'a1')).toMatchObject({
      reason: 'this plan needs approval by a team lead',
    });
  });

  it('approverTier: the highest approving role, team lead counts, admin counts for nothing', () => {
    expect(approverTier(['supervisor', 'manager'])).toBe('manager');
    expect(approverTier(['agent', 'supervisor'])).toBe('supervisor');
    expect(approverTier(['team_lead', 'supervisor'])).toBe('supervisor');
    expect(approverTier(['agent', 'team_lead'])).toBe('team_lead');
    expect(approverTier(['admin'])).toBe('none');
    expect(approverTier(['agent'])).toBe('none');
  });

  it.each([
    [['team_lead'], ['team_lead']],
    [['supervisor'], ['team_lead', 'supervisor']],
    [
      ['manager', 'agent'],
      ['team_lead', 'supervisor', 'manager'],
    ],
    [['agent'], []],
    [['admin'], []],
  ] as [Role[], ApprovalRequirement[]][])('R-APR-2: %j may approve plans needing %j', (roles, tiers) => {
    expect(approvableRequirements(roles)).toEqual(tiers);
  });

  it('R-APR-2 (property): approvableRequirements lists exactly the tiers canApprove allows', () => {
    const roles = fc.subarray(['agent', 'team_lead', 'investigator', 'supervisor', 'manager', 'admin'] as Role[]);
    fc.assert(
      fc.property(roles, (held) => {
        const listed = approvableRequirements(held);
        for (const requirement of APPROVAL_REQUIREMENT_IDS.filter((r) => r !== 'none')) {
          expect(listed.includes(requirement)).toBe(canApprove(requirement, person('x', held), 'y').ok);
        }
      }),
    );
  });
});

describe('R-APR-2: a plan above the suggested compensation', () => {
  it('R-APR-2: a plan at 5.5 × the suggestion needs a stated reason and a leader (it passed unapproved before)', () => {
    // Uninsured loss: the suggestion is 3 × freight = 54.00 CNY; the plan offers 297.00 CNY.
    const suggestedFen = 5_400;
    const compensationFen = 29_700;
    expect(checkPlanAmount({ compensationFen, suggestedFen })).toEqual({
      ok: false,
      code: 'RULE.R-APR-2',
      reason: '方案赔偿金额高于建议赔偿金额,须说明理由',
      details: [
        {
          field: 'compensationReason',
          compensationFen,
          suggestedFen,
          en: 'a plan above the suggested compensation needs a stated reason',
        },
      ],
    });
    expect(checkPlanAmount({ compensationFen, suggestedFen, reason: '客户为老客户,另补偿误工' })).toEqual({ ok: true });
    // The reason does not replace the approval: the tier of the amount, a team lead at least.
    expect(requiredApproval(plan({ compensationFen }), policy)).toBe('team_lead');
    expect(requiredApproval(plan({ compensationFen: 5.5 * 40_000 }), policy)).toBe('manager');
  });

  it.each([
    ['a blank reason is no reason', 10_001, 10_000, '   ', false],
    ['an empty reason is no reason', 10_001, 10_000, '', false],
    ['one fen above the suggestion needs a reason', 10_001, 10_000, undefined, false],
    ['at the suggestion: no reason needed', 10_000, 10_000, undefined, true],
    ['below the suggestion: no reason needed', 0, 10_000, undefined, true],
    ['above a suggestion of nothing (no money by rule) needs a reason', 5_000, 0, undefined, false],
    ['no suggestion on record: nothing to compare with', 5_000, undefined, undefined, true],
  ] as [string, number, number | undefined, string | undefined, boolean][])(
    'R-APR-2: %s',
    (_name, compensationFen, suggestedFen, reason, ok) => {
      const decision = checkPlanAmount({ compensationFen, suggestedFen, ...(reason === undefined ? {} : { reason }) });
      expect(decision.ok).toBe(ok);
      if (!decision.ok) expect(decision.details).toEqual([expect.objectContaining({ field: 'compensationReason' })]);
    },
  );

  it('R-APR-2 (property): refused exactly when above the suggestion without a reason', () => {
    fc.assert(
      fc.property(
        fenAmount,
        fenAmount,
        fc.option(fc.string(), { nil: undefined }),
        (compensationFen, suggestedFen, reason) => {
          const hasReason = reason !== undefined && reason.trim() !== '';
          expect(exceedsSuggestion(compensationFen, suggestedFen)).toBe(compensationFen > suggestedFen);
          expect(checkPlanAmount({ compensationFen, suggestedFen, reason }).ok).toBe(
            compensationFen <= suggestedFen || hasReason,
          );
        },
      ),
    );
  });
});

describe('R-APR-1/R-APR-2: the approval section of the policy document', () => {
  const withApproval = (approval: Record<string, unknown>): unknown => ({ ...DEFAULT_POLICY, approval });
  const errorsOf = (doc: unknown) => {
    const result = validatePolicy(doc);
    return result.ok ? [] : result.errors.filter((e) => e.path.startsWith('approval'));
  };

  it('R-APR-1: the shipped policies have a team lead at least and a team-lead band up to 500 CNY', () => {
    for (const shipped of [DEFAULT_POLICY, FAST_POLICY]) {
      expect(shipped.approval).toEqual(DEFAULT_APPROVAL_POLICY);
      expect(errorsOf(shipped)).toEqual([]);
    }
  });

  it('R-APR-2: a document without the team-lead fields (the 2026.1 approval section) is still valid', () => {
    expect(errorsOf(withApproval({ ...POLICY_2026_1 }))).toEqual([]);
  });

  it.each([
    [
      'a team-lead band below the no-approval band',
      { teamLeadUpToFen: 40_000 },
      [{ path: 'approval.teamLeadUpToFen', reason: expect.stringMatching(/noApprovalUpToFen/) }],
    ],
    [
      'a supervisor band below the team-lead band',
      { teamLeadUpToFen: 300_000 },
      [{ path: 'approval.supervisorUpToFen', reason: expect.stringMatching(/teamLeadUpToFen/) }],
    ],
    [
      'a team-lead amount that is not a whole number of fen',
      { teamLeadUpToFen: 500.5 },
      [{ path: 'approval.teamLeadUpToFen', reason: expect.stringMatching(/integer/) }],
    ],
    [
      'an unknown minimum tier',
      { minimum: 'boss' },
      [{ path: 'approval.minimum', reason: 'must be one of none, team_lead, supervisor, manager' }],
    ],
    [
      'a misspelt optional key',
      { teamLeadUpTo: 50_000 },
      [{ path: 'approval.teamLeadUpTo', reason: 'is not a known key' }],
    ],
  ])('R-APR-2: refuses %s', (_name, patch, errors) => {
    expect(errorsOf(withApproval({ ...DEFAULT_APPROVAL_POLICY, ...patch }))).toEqual(errors);
  });

  it('R-APR-2: a team-lead band with the amounts around it missing reports only the missing amounts', () => {
    const { noApprovalUpToFen: _low, supervisorUpToFen: _high, ...rest } = DEFAULT_APPROVAL_POLICY;
    expect(errorsOf(withApproval(rest))).toEqual([
      { path: 'approval.noApprovalUpToFen', reason: 'is required' },
      { path: 'approval.supervisorUpToFen', reason: 'is required' },
    ]);
  });

  it.each(['team_lead', 'supervisor', 'manager', 'none'])(
    'R-APR-2: accepts %s as a severity minimum or minimum',
    (tier) => {
      expect(errorsOf(withApproval({ ...DEFAULT_APPROVAL_POLICY, minimum: tier, urgentMinimum: tier }))).toEqual([]);
    },
  );
});
