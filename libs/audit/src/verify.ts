/**
 * Verification of a case's audit chain (issue 6), pure: it takes the stored rows and names every problem it finds.
 *
 * What the chain proves: each row's `hash` is SHA-256 over the previous row's hash and the canonical encoding of the
 * row (case id, seq, type, instant, actor, data, policy version), so
 * - a **changed row** no longer matches its hash (`hash_mismatch` at seq n), or, if its hash was recomputed too, the
 *   next row's `prev_hash` no longer matches it (`broken_link` at seq n+1);
 * - a **deleted row** leaves a hole in the sequence (`gap` after seq n; the next row's `prev_hash` dangles);
 * - **reordered rows** carry a `prev_hash` that names another stored row than their predecessor (`reordered`), and
 *   since `seq` is hashed, their hashes no longer match either;
 * - a row whose `type` column disagrees with the hashed `data.type` is named (`type_mismatch`): the column itself is
 *   not covered by the hash.
 *
 * A row whose free text was withheld (the retention erasure or an auditor's export, ADR 0019) carries a
 * `redactionSeal`: its content is checked against the seal instead of the hash, and its links as any other row's.
 *
 * What the chain alone cannot prove: that nothing is missing **at the end**. Deleting the last rows (a truncated tail)
 * leaves a shorter chain that is perfectly valid. Pass the projection's `complaint_cases.last_seq` as
 * `expectedLastSeq` to cross-check it (`truncated`); the Temporal history's `recordCaseEvents` inputs and results are
 * a second, independent witness (see `crossCheckHistory`). Nor can it detect a rewrite that recomputes every hash from
 * the change onwards: only a copy of the head hash kept elsewhere (the Temporal history, an export bundle) can.
 */
import type { CaseEventData } from '@complaintflow/domain/case';
import { eventFromRecord, type AuditRecord } from './records';
import { GENESIS_HASH, eventHash, redactionSeal } from './hash';

export type ChainProblem =
  | { readonly kind: 'hash_mismatch'; readonly seq: number; readonly message: string }
  | { readonly kind: 'type_mismatch'; readonly seq: number; readonly message: string }
  | { readonly kind: 'gap'; readonly afterSeq: number; readonly nextSeq: number; readonly message: string }
  | { readonly kind: 'reordered'; readonly seq: number; readonly pointsToSeq: number; readonly message: string }
  | { readonly kind: 'broken_link'; readonly seq: number; readonly message: string }
  | { readonly kind: 'bad_genesis'; readonly seq: number; readonly message: string }
  | { readonly kind: 'duplicate_seq'; readonly seq: number; readonly message: string }
  | { readonly kind: 'unreadable'; readonly seq: number; readonly message: string }
  | {
      readonly kind: 'truncated';
      readonly lastSeq: number;
      readonly expectedLastSeq: number;
      readonly message: string;
    }
  | {
      readonly kind: 'beyond_projection';
      readonly lastSeq: number;
      readonly expectedLastSeq: number;
      readonly message: string;
    };

export type ChainProblemKind = ChainProblem['kind'];

export interface ChainVerification {
  /** No problem found (and, when `expectedLastSeq` was given, the chain ends where the case row says). */
  readonly verified: boolean;
  readonly problems: readonly ChainProblem[];
  readonly eventCount: number;
  /** The highest stored seq (0 when there are none). */
  readonly lastSeq: number;
  /** The stored hash of the last row ({@link GENESIS_HASH} when there are none). */
  readonly headHash: string;
}

export interface VerifyChainOptions {
  /**
   * The projection's `complaint_cases.last_seq`: the chain must end there. Without it a truncated tail (the last rows
   * deleted) cannot be detected.
   */
  readonly expectedLastSeq?: number;
}

/** A row's content check: its hash, or for a redacted row (ADR 0019) its seal chained to that hash. */
function recompute(caseId: string, r: AuditRecord): string | Error {
  try {
    return r.redactionSeal !== undefined
      ? redactionSeal(caseId, r.policyVersion, eventFromRecord(r), r.hash)
      : eventHash(caseId, r.policyVersion, eventFromRecord(r), r.prevHash);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function dataType(data: CaseEventData | null | undefined): unknown {
  return typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
}

/**
 * Verifies the audit chain of one case from its stored rows (any order; the chain order is `seq`). Every problem is
 * named with the seq it concerns; `verified` is true only when there is none.
 */
export function verifyChain(
  caseId: string,
  records: readonly AuditRecord[],
  opts: VerifyChainOptions = {},
): ChainVerification {
  const problems: ChainProblem[] = [];
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const seqOfHash = new Map<string, number>();
  for (const r of sorted) if (!seqOfHash.has(r.hash)) seqOfHash.set(r.hash, r.seq);

  let prev: AuditRecord | undefined;
  for (const r of sorted) {
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (prev && r.seq === prev.seq) {
      problems.push({ kind: 'duplicate_seq', seq: r.seq, message: `seq ${r.seq} is stored more than once` });
      continue;
    }
    if (r.seq !== expectedSeq) {
      const missing = expectedSeq === r.seq - 1 ? `seq ${expectedSeq} is` : `seqs ${expectedSeq}–${r.seq - 1} are`;
      problems.push({
        kind: 'gap',
        afterSeq: expectedSeq - 1,
        nextSeq: r.seq,
        message:
          expectedSeq === 1
            ? `the chain does not start at seq 1: ${missing} missing before seq ${r.seq} (rows deleted)`
            : `gap after seq ${expectedSeq - 1}: ${missing} missing (rows deleted)`,
      });
    }

    const computed = recompute(caseId, r);
    if (computed instanceof Error) {
      problems.push({ kind: 'unreadable', seq: r.seq, message: `seq ${r.seq} cannot be hashed: ${computed.message}` });
    } else if (computed !== (r.redactionSeal ?? r.hash)) {
      problems.push({
        kind: 'hash_mismatch',
        seq: r.seq,
        message:
          r.redactionSeal !== undefined
            ? `hash mismatch at seq ${r.seq}: the redacted row's content does not match its seal (the row was changed)`
            : `hash mismatch at seq ${r.seq}: the row's content does not match its stored hash (the row was changed)`,
      });
    }
    if (r.type !== dataType(r.data)) {
      problems.push({
        kind: 'type_mismatch',
        seq: r.seq,
        message: `seq ${r.seq}: the type column says ${JSON.stringify(r.type)} but the hashed data says ${JSON.stringify(dataType(r.data))} (the column was changed)`,
      });
    }

    // The link to the predecessor; after a gap the predecessor is gone, but a link to another row is still named.
    const predecessor = r.seq === 1 ? GENESIS_HASH : prev && prev.seq === r.seq - 1 ? prev.hash : undefined;
    if (r.prevHash !== predecessor) {
      const pointsTo = seqOfHash.get(r.prevHash);
      if (pointsTo !== undefined && pointsTo !== r.seq - 1) {
        problems.push({
          kind: 'reordered',
          seq: r.seq,
          pointsToSeq: pointsTo,
          message: `seq ${r.seq}: prev_hash points to the row at seq ${pointsTo}, not seq ${r.seq - 1} (rows reordered)`,
        });
      } else if (r.seq === 1) {
        problems.push({
          kind: 'bad_genesis',
          seq: 1,
          message: `seq 1: prev_hash is not the genesis hash (the start of the chain was replaced)`,
        });
      } else if (predecessor !== undefined) {
        problems.push({
          kind: 'broken_link',
          seq: r.seq,
          message: `seq ${r.seq}: prev_hash does not match the hash of seq ${r.seq - 1} (seq ${r.seq - 1} was rewritten with a recomputed hash, or seq ${r.seq} was changed)`,
        });
      }
      // predecessor undefined and pointing nowhere: a dangling prev_hash, already named by the gap.
    }
    prev = r;
  }

  const lastSeq = sorted.length ? sorted[sorted.length - 1].seq : 0;
  const expected = opts.expectedLastSeq;
  if (expected !== undefined && lastSeq < expected) {
    problems.push({
      kind: 'truncated',
      lastSeq,
      expectedLastSeq: expected,
      message: `truncated tail: the chain ends at seq ${lastSeq} but the case row records seq ${expected} (the last rows were deleted)`,
    });
  } else if (expected !== undefined && lastSeq > expected) {
    problems.push({
      kind: 'beyond_projection',
      lastSeq,
      expectedLastSeq: expected,
      message: `the chain runs to seq ${lastSeq} but the case row records only seq ${expected} (rows appended outside the writer, or the case row was changed)`,
    });
  }

  return {
    verified: problems.length === 0,
    problems,
    eventCount: sorted.length,
    lastSeq,
    headHash: sorted.length ? sorted[sorted.length - 1].hash : GENESIS_HASH,
  };
}
