/**
 * `case_events`: the append-only, hash-chained audit trail (the table refuses UPDATE, DELETE and TRUNCATE). Rows are
 * appended by `recordCaseEvents` in the transaction that upserts the case row; their hashes are computed by the
 * caller with the audit library (`eventHash`), never here: this layer stores and reads the chain, it does not make it.
 */
import type { CaseEventData } from '@complaintflow/domain/case/events';
import type { Queryable } from './db';

/** A `case_events` row (the columns, `seq` as a number and `at` as a `Date`). */
export interface CaseEventRow {
  readonly case_id: string;
  readonly seq: number;
  readonly type: string;
  readonly at: Date;
  readonly actor_id: string;
  readonly actor_role: string;
  readonly data: CaseEventData;
  readonly policy_version: string;
  readonly prev_hash: string;
  readonly hash: string;
  /** Set once the row's free text was erased (retention, ADR 0019); see `redactionSeal` in @complaintflow/audit. */
  readonly redaction_seal?: string | null;
}

/** A row to append (`at` in epoch milliseconds; `prevHash` and `hash` as the caller chained them). */
export interface NewCaseEventRow {
  readonly caseId: string;
  readonly seq: number;
  readonly at: number;
  readonly actorId: string;
  readonly actorRole: string;
  readonly data: CaseEventData;
  readonly policyVersion: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The last row of a case's chain. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

function eventFromDb(row: CaseEventRow): CaseEventRow {
  return { ...row, seq: Number(row.seq) };
}

export class CaseEventsRepository {
  constructor(private readonly db: Queryable) {}

  /** The case's last row, or `undefined` before its first. */
  async head(caseId: string): Promise<ChainHead | undefined> {
    const last: { seq: number; hash: string }[] = await this.db.query(
      'SELECT seq, hash FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [caseId],
    );
    return last[0] ? { seq: Number(last[0].seq), hash: last[0].hash } : undefined;
  }

  /** Appends one row (the type column is the event's `data.type`). */
  async append(e: NewCaseEventRow): Promise<void> {
    await this.db.query(
      `INSERT INTO case_events (case_id, seq, type, at, actor_id, actor_role, data, policy_version, prev_hash, hash)
       VALUES ($1,$2,$3,to_timestamp($4/1000.0),$5,$6,$7,$8,$9,$10)`,
      [
        e.caseId,
        e.seq,
        e.data.type,
        e.at,
        e.actorId,
        e.actorRole,
        JSON.stringify(e.data),
        e.policyVersion,
        e.prevHash,
        e.hash,
      ],
    );
  }

  /** Every row of a case, in sequence order. */
  async byCase(caseId: string): Promise<CaseEventRow[]> {
    const rows: CaseEventRow[] = await this.db.query(
      `SELECT case_id, seq, type, at, actor_id, actor_role, data, policy_version, prev_hash, hash, redaction_seal
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    return rows.map(eventFromDb);
  }

  /**
   * Replaces a row's data with its redacted form and stores the seal over it (the retention erasure, ADR 0019). The
   * table's trigger admits exactly this update: `data` and `redaction_seal` on a row not yet redacted, every other
   * column unchanged (migration 1764910000000).
   */
  async redact(caseId: string, seq: number, data: CaseEventData, seal: string): Promise<void> {
    await this.db.query(
      `UPDATE case_events SET data = $3, redaction_seal = $4
        WHERE case_id = $1 AND seq = $2 AND redaction_seal IS NULL`,
      [caseId, seq, JSON.stringify(data), seal],
    );
  }
}
