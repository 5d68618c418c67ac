/**
 * Admissibility (R-ADM-1) and conflict of interest (R-FLOW-4): two checks made before anyone works on a case.
 */
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import { INADMISSIBLE_REASONS, type InadmissibleReason } from './vocabulary';

/** The inadmissibility reasons as a list (R-ADM-1). */
export const INADMISSIBLE_REASON_IDS = Object.keys(INADMISSIBLE_REASONS) as InadmissibleReason[];

/** Whether `value` is one of the reasons a complaint need not be accepted again (R-ADM-1). */
export function isInadmissibleReason(value: unknown): value is InadmissibleReason {
  return typeof value === 'string' && Object.hasOwn(INADMISSIBLE_REASONS, value);
}

/** An inadmissibility closure as submitted (`reject-inadmissible` body); fields are unchecked input. */
export interface InadmissibilityClosure {
  readonly reason: unknown;
  readonly note: unknown;
}

/**
 * Validates closing a case as inadmissible (R-ADM-1): the reason must be one of `INADMISSIBLE_REASONS` (settled and
 * carried out; concluded by a court, arbitration body or consumer organisation; mediated by the regulator; law
 * provides otherwise) and a note explaining it must be recorded (non-blank). Refuses with `RULE.R-ADM-1`, listing
 * every problem in `details` (`{ field, problem }`).
 */
export function checkAdmissibility(closure: InadmissibilityClosure): Decision {
  const problems: { field: 'reason' | 'note'; problem: string }[] = [];
  if (!isInadmissibleReason(closure.reason)) {
    problems.push({ field: 'reason', problem: `must be one of ${INADMISSIBLE_REASON_IDS.join(', ')}` });
  }
  if (typeof closure.note !== 'string' || closure.note.trim() === '') {
    // R-ADM-1: "the case is closed as inadmissible with the reason recorded" — the note is that record.
    problems.push({ field: 'note', problem: 'a non-blank note is required' });
  }
  if (problems.length > 0) {
    return refuse(ruleCode('R-ADM-1'), 'an inadmissibility closure needs a recognised reason and a note', problems);
  }
  return ALLOWED;
}

/**
 * R-FLOW-4 (当事人回避): the employee the complaint is about takes no part in handling it. Refuses with
 * `RULE.R-FLOW-4` when `personId` (an assignee or an acting staff member) is the subject employee. No subject
 * (undefined, null or empty) means no conflict.
 */
export function checkConflictOfInterest(personId: string, subjectEmployeeId: string | null | undefined): Decision {
  if (subjectEmployeeId != null && subjectEmployeeId !== '' && personId === subjectEmployeeId) {
    return refuse(ruleCode('R-FLOW-4'), 'the employee the complaint is about takes no part in handling it', [
      { personId },
    ]);
  }
  return ALLOWED;
}
