/** The chaos suite's policy: the shipped fast policy (config/policy/fast.json: every hour a second). */
import { policyWith } from '../../support/policies';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';

/**
 * The fast policy with the archive analysis (R-SLA-7) due `analysisSeconds` after closure, so that a case resolved on
 * the spot completes its workflow then; every other deadline of the fast policy keeps running (breaches, escalations).
 */
export function chaosPolicy(analysisSeconds: number): PolicyDocument {
  return { ...policyWith({ analysis: analysisSeconds }), version: `chaos-fast-${analysisSeconds}s` };
}
