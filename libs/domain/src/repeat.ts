/**
 * Repeat complaints (R-CAT-4): the same waybill, or the same complainant about the same matter, again. A repeat is
 * flagged and escalates (R-FLOW-3; see `startTier` in escalation.ts).
 */
import type { RepeatPolicy } from './policy/types';
import type { Category } from './vocabulary';

/** Repeat defaults: the same complainant about the same category within 30 days is a repeat. */
export const DEFAULT_REPEAT_POLICY: RepeatPolicy = { windowDays: 30 };

const DAY_MS = 86_400_000;

/** A complaint as repeat detection sees it. `complainantKey` is a pseudonymous key, never the phone (R-SEC-1). */
export interface RepeatCandidate {
  /** The candidate's own case id, if it is already stored, so that it never matches itself. */
  readonly caseId?: string;
  readonly waybillNo: string;
  readonly complainantKey: string;
  readonly category: Category;
  /** Epoch milliseconds (UTC). */
  readonly receivedAt: number;
}

/** An earlier case. */
export interface PriorComplaint {
  readonly caseId: string;
  readonly waybillNo: string;
  readonly complainantKey: string;
  readonly category: Category;
  readonly receivedAt: number;
}

export type RepeatReason = 'same_waybill' | 'same_complainant_category';

export interface RepeatResult {
  readonly repeat: boolean;
  /** The matching earlier cases, oldest first. */
  readonly matches: string[];
  /** `same_waybill` when any match is on the waybill, else `same_complainant_category`; absent when no repeat. */
  readonly reason?: RepeatReason;
}

/** Waybill numbers compare without surrounding blanks and case (`zt123` is `ZT123`). */
function normaliseWaybill(waybillNo: string): string {
  return waybillNo.trim().toUpperCase();
}

/**
 * R-CAT-4: whether `candidate` repeats an earlier complaint in `prior`.
 * - Same waybill, at any earlier time: a waybill is one shipment, so a second complaint about it is about the same
 *   matter however long after (and a floor offer on it still stands, R-CMP-4). The category may differ.
 * - Same complainant key and same category within `policy.windowDays` days before (inclusive): the same person about
 *   the same matter; across different waybills only a recent pattern counts.
 * Only complaints received at or before the candidate count (a replay sees the same answer); the candidate's own case
 * id never matches; blank waybills or keys never match.
 */
export function isRepeatComplaint(
  candidate: RepeatCandidate,
  prior: readonly PriorComplaint[],
  policy: RepeatPolicy,
): RepeatResult {
  const waybill = normaliseWaybill(candidate.waybillNo);
  const windowMs = policy.windowDays * DAY_MS;
  let sameWaybill = false;
  const matched: PriorComplaint[] = [];
  for (const earlier of prior) {
    if (earlier.caseId === candidate.caseId || earlier.receivedAt > candidate.receivedAt) continue;
    const byWaybill = waybill !== '' && normaliseWaybill(earlier.waybillNo) === waybill;
    const byComplainant =
      candidate.complainantKey !== '' &&
      earlier.complainantKey === candidate.complainantKey &&
      earlier.category === candidate.category &&
      candidate.receivedAt - earlier.receivedAt <= windowMs;
    if (byWaybill) sameWaybill = true;
    if (byWaybill || byComplainant) matched.push(earlier);
  }
  if (matched.length === 0) return { repeat: false, matches: [] };
  // Plain code-unit order for ties, not localeCompare: the answer must not depend on the runtime's locale.
  const ordered = [...matched].sort((a, b) => a.receivedAt - b.receivedAt || (a.caseId < b.caseId ? -1 : 1));
  const matches = [...new Set(ordered.map((c) => c.caseId))];
  return { repeat: true, matches, reason: sameWaybill ? 'same_waybill' : 'same_complainant_category' };
}
