import fc from 'fast-check';
import {
  approvalRank,
  approverTier,
  canApprove,
  DEFAULT_APPROVAL_POLICY,
  FLOOR_OFFER_MINIMUM,
  type PlanForApproval,
  requiredApproval,
  stricterApproval,
} from './approval';
import type { ApprovalRequirement } from './policy/types';
import type { Role } from './vocabulary';

const policy = DEFAULT_APPROVAL_POLICY;
const plan = (overrides: Partial<PlanForApproval>): PlanForApproval => ({
  compensationFen: 0,
  urgency: 'normal',
  isAppeal: false,
  ...overrides,
});

describe('R-APR-2: required approval by amount and severity', () => {
  it('R-APR-2: the defaults are 500 CNY / 2000 CNY, urgent → supervisor, major → manager, appeal → supervisor', () => {
    expect(DEFAULT_APPROVAL_POLICY).toEqual({
      noApprovalUpToFen: 50_000,
      supervisorUpToFen: 200_000,
      urgentMinimum: 'supervisor',
      majorMinimum: 'manager',
      appealMinimum: 'supervisor',
    });
    expect(FLOOR_OFFER_MINIMUM).toBe('supervisor');
  });

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
  ] as [string, Partial<PlanForApproval>, ApprovalRequirement][])('R-APR-2: %s → %s', (_name, overrides, expected) => {
    expect(requiredApproval(plan(overrides), policy)).toBe(expected);
  });

  it('R-APR-1: major or special plans (major case, floor offer) need approval even with no money', () => {
    expect(requiredApproval(plan({ urgency: 'major' }), policy)).not.toBe('none');
    expect(requiredApproval(plan({ floorOffer: true }), policy)).not.toBe('none');
    expect(requiredApproval(plan({}), policy)).toBe('none');
  });

  it('R-APR-2: a policy with no severity minimums goes by amount only', () => {
    const byAmount = { ...policy, urgentMinimum: 'none', majorMinimum: 'none', appealMinimum: 'none' } as const;
    expect(requiredApproval(plan({ urgency: 'major', isAppeal: true }), byAmount)).toBe('none');
  });

  it('R-APR-2 (property): more money never needs a lower tier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('normal', 'urgent', 'major' as const),
        fc.boolean(),
        (a, b, urgency, isAppeal) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const lowTier = requiredApproval(plan({ compensationFen: low, urgency, isAppeal }), policy);
          const highTier = requiredApproval(plan({ compensationFen: high, urgency, isAppeal }), policy);
          expect(approvalRank(highTier)).toBeGreaterThanOrEqual(approvalRank(lowTier));
        },
      ),
    );
  });

  it('orders requirements none < supervisor < manager', () => {
    expect(stricterApproval('none', 'supervisor')).toBe('supervisor');
    expect(stricterApproval('manager', 'supervisor')).toBe('manager');
    expect(stricterApproval('supervisor', 'supervisor')).toBe('supervisor');
  });
});

describe('R-APR-2: who may approve', () => {
  const person = (id: string, roles: Role[]) => ({ id, roles });

  it.each([
    ['a supervisor, supervisor tier', 'supervisor', ['supervisor'], true],
    ['a manager, supervisor tier (a manager may approve what a supervisor may)', 'supervisor', ['manager'], true],
    ['a manager, manager tier', 'manager', ['manager'], true],
    ['a supervisor, manager tier', 'manager', ['supervisor'], false],
    ['an agent, supervisor tier', 'supervisor', ['agent'], false],
    ['an admin, supervisor tier (admin is no approver)', 'supervisor', ['admin'], false],
    ['an auditor, supervisor tier', 'supervisor', ['auditor'], false],
    ['an agent, plan needing no approval', 'none', ['agent'], false],
    ['a supervisor, plan needing no approval', 'none', ['supervisor'], true],
    ['an admin who is also a manager, manager tier', 'manager', ['admin', 'manager'], true],
  ] as [string, ApprovalRequirement, Role[], boolean][])('R-APR-2: %s → %s', (_name, requirement, roles, ok) => {
    const decision = canApprove(requirement, person('approver', roles), 'proposer');
    expect(decision.ok).toBe(ok);
    if (!decision.ok) expect(decision.code).toBe('RULE.R-APR-2');
  });

  it('R-APR-2: no one approves their own proposal, not even a manager', () => {
    expect(canApprove('supervisor', person('m1', ['manager']), 'm1')).toEqual({
      ok: false,
      code: 'RULE.R-APR-2',
      reason: 'no one approves their own proposal',
      details: [{ approverId: 'm1' }],
    });
  });

  it('R-APR-2: the refusal says which tier is needed', () => {
    expect(canApprove('manager', person('s1', ['supervisor']), 'a1')).toMatchObject({
      reason: 'this plan needs approval by a manager',
      details: [{ required: 'manager', approverTier: 'supervisor' }],
    });
    expect(canApprove('none', person('a2', ['agent']), 'a1')).toMatchObject({
      reason: 'this plan needs approval by a supervisor',
    });
  });

  it('approverTier: the highest approving role, admin counts for nothing', () => {
    expect(approverTier(['supervisor', 'manager'])).toBe('manager');
    expect(approverTier(['agent', 'supervisor'])).toBe('supervisor');
    expect(approverTier(['admin'])).toBe('none');
  });
});
