/** The intake completeness rules (libs/domain/src/intake.ts) as request field problems. */
import { checkIntakeCompleteness } from '@complaintflow/domain/intake';
import type { FieldProblem } from '../common/validation';

/**
 * R-ACC-1, R-ACC-2, R-CH-1: the completeness rules of libs/domain/src/intake.ts as field problems (each with its rule
 * id), for the fields the DTO check did not already report.
 */
export function intakeRuleProblems(body: unknown, alreadyReported: readonly FieldProblem[] = []): FieldProblem[] {
  const draft = (typeof body === 'object' && body !== null ? body : {}) as Parameters<
    typeof checkIntakeCompleteness
  >[0];
  const safe = {
    channel: typeof draft.channel === 'string' ? draft.channel : undefined,
    waybillNo: typeof draft.waybillNo === 'string' ? draft.waybillNo : undefined,
    category: typeof draft.category === 'string' ? draft.category : undefined,
    description: typeof draft.description === 'string' ? draft.description : undefined,
    expectedOutcome: typeof draft.expectedOutcome === 'string' ? draft.expectedOutcome : undefined,
    complainant:
      typeof draft.complainant === 'object' && draft.complainant !== null
        ? {
            name: typeof draft.complainant.name === 'string' ? draft.complainant.name : undefined,
            phone: typeof draft.complainant.phone === 'string' ? draft.complainant.phone : undefined,
            email: typeof draft.complainant.email === 'string' ? draft.complainant.email : undefined,
            party: typeof draft.complainant.party === 'string' ? draft.complainant.party : undefined,
          }
        : undefined,
  };
  const reported = new Set(alreadyReported.map((p) => p.field));
  return checkIntakeCompleteness(safe)
    .issues.filter((i) => !reported.has(i.field))
    .map((i) => ({ field: i.field, reason: i.reason, ruleId: i.ruleId }));
}
