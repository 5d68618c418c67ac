/**
 * The history view of a case (`GET /complaints/:id/history`): its audit rows, whether their chain verifies (with the
 * problems named), and the case as it stood at an instant — folded from the rows by the same pure `foldEvents` the
 * workflow uses, so the reconstruction cannot disagree with what the workflow decided.
 */
import { foldEvents, type CaseState } from '@complaintflow/domain/case';
import { eventFromRecord, viewFromRecord, type AuditEventView, type AuditRecord } from './records';
import { verifyChain, type ChainProblem } from './verify';

export interface CaseHistoryView {
  /** The instant the view is for (ISO). */
  readonly asOf: string;
  /** The rows recorded at or before `asOf`, in sequence order. */
  readonly events: readonly AuditEventView[];
  /** The whole stored chain verifies, and ends at the case row's `last_seq`. */
  readonly verified: boolean;
  readonly problems: readonly ChainProblem[];
  /** The case as it stood at `asOf` (`null` before it was received, or when the rows cannot be folded). */
  readonly state: CaseState | null;
  /** Why the rows could not be folded into a state, when they could not. */
  readonly stateError?: string;
  /** The stored head of the chain (seq and hash of the last row). */
  readonly head: { readonly seq: number; readonly hash: string };
}

/**
 * Builds the history view from a case's stored rows. Verification covers every stored row whatever `asOfMs`;
 * `events` and `state` stop at `asOfMs` (default: every row, the case now).
 */
export function caseHistoryView(
  caseId: string,
  records: readonly AuditRecord[],
  opts: { readonly asOfMs?: number; readonly expectedLastSeq?: number; readonly now?: number } = {},
): CaseHistoryView {
  const chain = verifyChain(caseId, records, { expectedLastSeq: opts.expectedLastSeq });
  const asOf = opts.asOfMs ?? opts.now ?? Date.now();
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const upTo = sorted.filter((r) => r.at <= asOf);
  let state: CaseState | null = null;
  let stateError: string | undefined;
  try {
    state = foldEvents(sorted.map(eventFromRecord), asOf) ?? null;
  } catch (err) {
    stateError = err instanceof Error ? err.message : String(err);
  }
  return {
    asOf: new Date(asOf).toISOString(),
    events: upTo.map(viewFromRecord),
    verified: chain.verified,
    problems: chain.problems,
    state,
    ...(stateError !== undefined ? { stateError } : {}),
    head: { seq: chain.lastSeq, hash: chain.headHash },
  };
}
