/** Policies for tests: the shipped fast policy (every hour a second) with chosen deadlines replaced. */
import { FAST_POLICY } from '@complaintflow/domain/policy/default-policy';
import type { DeadlineKind, DeadlineRule, PolicyDocument } from '@complaintflow/domain/policy/types';

export { FAST_POLICY };

/** The fast policy with some deadlines replaced (seconds); overrides by urgency/category dropped for those. */
export function policyWith(
  seconds: Partial<Record<DeadlineKind, number>>,
  extra: Partial<PolicyDocument> = {},
): PolicyDocument {
  const deadlines = { ...FAST_POLICY.deadlines };
  for (const [kind, amount] of Object.entries(seconds) as [DeadlineKind, number][]) {
    const rule: DeadlineRule = { amount, unit: 'seconds', ...(deadlines[kind].statutory ? { statutory: true } : {}) };
    deadlines[kind] = rule;
  }
  return { ...FAST_POLICY, ...extra, version: `test-${Object.keys(seconds).join('-') || 'fast'}`, deadlines };
}
