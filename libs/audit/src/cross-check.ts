/**
 * Cross-check of the two records of a case, pure: what the workflow handed to `recordCaseEvents` (its Temporal
 * history) against what `case_events` holds. Every event the workflow persisted must be a row with the same seq,
 * type, instant, actor and data; every row must be one the workflow decided; and the head hash each completed write
 * returned to the workflow must still be the stored hash at that seq — which catches even a rewrite of the chain with
 * every hash recomputed, because the history keeps the hashes as they were when written.
 */
import { canonicalJson } from '@complaintflow/domain/case';
import type { RecordedBatch } from './history';
import type { AuditRecord } from './records';
import { withholdFreeText } from '@complaintflow/domain/free-text';
import { actorColumns } from './hash';

export type ReplayMismatch =
  | {
      readonly kind:
        | 'missing_row'
        | 'row_not_in_history'
        | 'type_differs'
        | 'time_differs'
        | 'actor_differs'
        | 'data_differs'
        | 'policy_differs'
        | 'head_hash_differs'
        | 'history_conflict';
      readonly seq: number;
      readonly runId?: string;
      readonly message: string;
    }
  | { readonly kind: 'nondeterminism' | 'replay_failed'; readonly runId: string; readonly message: string }
  | { readonly kind: 'history_unavailable'; readonly message: string };

export interface CrossCheckResult {
  readonly mismatches: readonly ReplayMismatch[];
  /** Case events found in the history's `recordCaseEvents` inputs. */
  readonly eventsInHistory: number;
  /** Of those, events not yet written when the rows were read (a running case; not a mismatch). */
  readonly pending: number;
}

/**
 * Compares the history's recorded batches with the stored rows of the same case. `knownUpToSeq` is the case row's
 * `last_seq` in the snapshot the rows were read in: a write the history shows completed beyond it happened after the
 * snapshot (the history is read later) and counts as pending, not missing.
 */
export function crossCheckHistory(
  batches: readonly RecordedBatch[],
  records: readonly AuditRecord[],
  knownUpToSeq = Number.POSITIVE_INFINITY,
): CrossCheckResult {
  const mismatches: ReplayMismatch[] = [];
  const rowBySeq = new Map<number, AuditRecord>();
  for (const r of records) if (!rowBySeq.has(r.seq)) rowBySeq.set(r.seq, r);
  const seen = new Map<number, string>();
  let eventsInHistory = 0;
  let pending = 0;

  for (const batch of batches) {
    const policyVersion = batch.state?.policyVersion;
    for (const e of batch.events) {
      const encoded = canonicalJson(e);
      const earlier = seen.get(e.seq);
      if (earlier !== undefined) {
        if (earlier !== encoded) {
          mismatches.push({
            kind: 'history_conflict',
            seq: e.seq,
            runId: batch.runId,
            message: `the history hands seq ${e.seq} to the writer twice with different content`,
          });
        }
        continue;
      }
      seen.set(e.seq, encoded);
      eventsInHistory++;
      const row = rowBySeq.get(e.seq);
      const where = { seq: e.seq, runId: batch.runId };
      if (!row) {
        if (batch.completed && e.seq <= knownUpToSeq) {
          mismatches.push({
            kind: 'missing_row',
            ...where,
            message: `seq ${e.seq} (${e.data.type}) was recorded by the workflow but is not in case_events`,
          });
        } else {
          pending++;
        }
        continue;
      }
      if (row.type !== e.data.type) {
        mismatches.push({
          kind: 'type_differs',
          ...where,
          message: `seq ${e.seq}: the workflow recorded ${e.data.type}, case_events holds ${row.type}`,
        });
      }
      if (row.at !== e.at) {
        mismatches.push({
          kind: 'time_differs',
          ...where,
          message: `seq ${e.seq}: the workflow recorded ${new Date(e.at).toISOString()}, case_events holds ${new Date(row.at).toISOString()}`,
        });
      }
      const actor = actorColumns(e.actor);
      if (actor.id !== row.actor.id || actor.role !== row.actor.role) {
        mismatches.push({
          kind: 'actor_differs',
          ...where,
          message: `seq ${e.seq}: the workflow recorded actor ${actor.id} (${actor.role}), case_events holds ${row.actor.id} (${row.actor.role})`,
        });
      }
      // A redacted row (ADR 0019) holds the recorded data with its free text withheld.
      const recorded = row.redactionSeal !== undefined ? withholdFreeText(e.data) : e.data;
      if (canonicalJson(recorded) !== canonicalJson(row.data)) {
        mismatches.push({
          kind: 'data_differs',
          ...where,
          message: `seq ${e.seq} (${e.data.type}): the data in case_events differs from what the workflow recorded`,
        });
      }
      if (policyVersion !== undefined && row.policyVersion !== policyVersion) {
        mismatches.push({
          kind: 'policy_differs',
          ...where,
          message: `seq ${e.seq}: recorded under policy ${policyVersion}, case_events says ${row.policyVersion}`,
        });
      }
    }
    const last = batch.events[batch.events.length - 1];
    const row = last && rowBySeq.get(last.seq);
    if (batch.lastHash && row && row.hash !== batch.lastHash) {
      mismatches.push({
        kind: 'head_hash_differs',
        seq: last.seq,
        runId: batch.runId,
        message: `seq ${last.seq}: the stored hash is not the one the writer returned to the workflow (the chain was rewritten up to here)`,
      });
    }
  }

  for (const r of records) {
    if (!seen.has(r.seq)) {
      mismatches.push({
        kind: 'row_not_in_history',
        seq: r.seq,
        message: `seq ${r.seq} (${r.type}) is in case_events but the workflow never recorded it`,
      });
    }
  }
  return { mismatches, eventsInHistory, pending };
}
