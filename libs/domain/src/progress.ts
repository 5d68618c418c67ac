/**
 * Progress notices (R-SLA-6, R-SLA-10): while a case is open and has no solution yet, the customer is told how far
 * it has come at least as often as the policy says (`progressNotice.every`). The cadence is customer-facing, so it
 * runs around the clock (R-SLA-9). Pure: `now` is passed in.
 */
import { NOMINAL_UNIT_MS, type PolicyDocument } from './policy/types';

/** What the cadence needs to know of a case. */
export interface ProgressNoticeInput {
  /** When the complaint was received: the cadence starts there. */
  readonly receivedAt: number;
  /**
   * When the last message that told the customer how far the case has come went out (a progress notice, or a
   * first reply that did), if any: the cadence restarts there.
   */
  readonly lastNoticeAt?: number | undefined;
  /**
   * Whether a solution exists: a plan the customer agreed, a plan carried out, or the case closed. From then on the
   * customer is told the solution (R-SLA-6: 对已形成解决方案的告知客户处理意见), not the progress: no more notices.
   */
  readonly hasSolution: boolean;
  /** The instant asked about: `progressNoticeDue` needs it; `nextProgressNoticeAt` does not depend on it. */
  readonly now?: number;
}

/**
 * When the next progress notice is due (R-SLA-10): `every` after the later of receipt and the last notice. The
 * instant may be at or before `now`: a notice is then due at once (`progressNoticeDue`). `null` when a solution
 * exists, or when the case's policy snapshot sets no cadence (a 2026.1 case, started before progress notices had
 * one). A working unit in an unvalidated document is read as its calendar namesake: the cadence never stops for
 * the business calendar (R-SLA-9; `validatePolicy` refuses it).
 */
export function nextProgressNoticeAt(
  input: ProgressNoticeInput,
  policy: Pick<PolicyDocument, 'progressNotice'>,
): number | null {
  const cadence = policy.progressNotice;
  if (input.hasSolution || cadence === undefined) return null;
  const last = Math.max(input.receivedAt, input.lastNoticeAt ?? input.receivedAt);
  return last + Math.round(cadence.every.amount * NOMINAL_UNIT_MS[cadence.every.unit]);
}

/** Whether a progress notice is due at `now` (R-SLA-10): one is pending and its instant has come. */
export function progressNoticeDue(
  input: ProgressNoticeInput & { readonly now: number },
  policy: Pick<PolicyDocument, 'progressNotice'>,
): boolean {
  const next = nextProgressNoticeAt(input, policy);
  return next !== null && input.now >= next;
}
