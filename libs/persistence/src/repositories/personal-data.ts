/**
 * Personal data over its life (issue 15, docs/adr/0019-personal-data-free-text-retention.md): which closed cases are
 * due for erasure, the erasure's own writes (the case row's state, the complainant row, the customer's delivery
 * addresses), a person's cases by their keyed hash (a data-subject access request), and `personal_data_requests`,
 * the record of every access and erasure. The audit rows' redaction is `CaseEventsRepository.redact`.
 */
import { isCaseId, type Queryable } from './db';

export interface PersonalDataRequestRow {
  readonly kind: 'access' | 'erasure';
  readonly actorId: string;
  readonly actorRole: string;
  /** The person's keyed hash (`ck_…`), never their contact data. */
  readonly subjectKey: string | null;
  readonly caseIds: readonly string[];
  readonly detail: Record<string, unknown>;
}

export class PersonalDataRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Closed cases whose closure is before `closedBefore` and that still hold personal data, oldest first: never erased,
   * or written again since their erasure (a new event: `updated_at` is the last event's time). Each half is a scan of
   * its own partial index (migration 1764910000000).
   */
  async dueForErasure(closedBefore: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `(SELECT id, closed_at FROM complaint_cases
         WHERE closed_at IS NOT NULL AND personal_data_erased_at IS NULL AND closed_at < $1
         ORDER BY closed_at, id LIMIT $2)
       UNION ALL
       (SELECT id, closed_at FROM complaint_cases
         WHERE closed_at IS NOT NULL AND personal_data_erased_at IS NOT NULL AND updated_at > personal_data_erased_at
           AND closed_at < $1
         ORDER BY closed_at, id LIMIT $2)
       ORDER BY closed_at, id LIMIT $2`,
      [closedBefore, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Locks the case row for the erasure; false when it is gone or holds nothing more to erase. */
  async lockForErasure(caseId: string): Promise<boolean> {
    if (!isCaseId(caseId)) return false;
    const rows: unknown[] = await this.db.query(
      `SELECT id FROM complaint_cases
        WHERE id = $1 AND (personal_data_erased_at IS NULL OR updated_at > personal_data_erased_at) FOR UPDATE`,
      [caseId],
    );
    return rows.length > 0;
  }

  /** The stored case state (`complaint_cases.state`). */
  async caseState(caseId: string): Promise<unknown> {
    const rows: { state: unknown }[] = await this.db.query(`SELECT state FROM complaint_cases WHERE id = $1`, [caseId]);
    return rows[0]?.state;
  }

  /**
   * Erases the case's personal data outside the audit rows: the state with its free text withheld, the complainant
   * key cut, the complainant row (name, phone, e-mail, the customer's words, the search copy) deleted, the customer's
   * masked delivery addresses cleared; marks the case erased.
   */
  async eraseCase(caseId: string, redactedState: unknown): Promise<void> {
    await this.db.query(
      `UPDATE complaint_cases SET state = $2, complainant_key = NULL,
         personal_data_erased_at = greatest(now(), updated_at) WHERE id = $1`,
      [caseId, JSON.stringify(redactedState)],
    );
    await this.db.query(`DELETE FROM case_complainants WHERE case_id = $1`, [caseId]);
    await this.db.query(
      `UPDATE notification_deliveries SET address_masked = NULL WHERE case_id = $1 AND recipient_kind = 'customer'`,
      [caseId],
    );
  }

  /** The cases of a person by their keyed hash (the case rows' and the complainant rows'), oldest first. */
  async casesOfSubject(complainantKey: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM (
         SELECT id, received_at FROM complaint_cases WHERE complainant_key = $1
         UNION SELECT p.case_id, c.received_at FROM case_complainants p
           LEFT JOIN complaint_cases c ON c.id = p.case_id WHERE p.complainant_key = $1) s
       ORDER BY received_at NULLS LAST, id`,
      [complainantKey],
    );
    return rows.map((r) => r.id);
  }

  /** Records an access or an erasure. */
  async record(r: PersonalDataRequestRow): Promise<void> {
    await this.db.query(
      `INSERT INTO personal_data_requests (kind, actor_id, actor_role, subject_key, case_ids, detail)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6)`,
      [r.kind, r.actorId, r.actorRole, r.subjectKey, [...r.caseIds], JSON.stringify(r.detail)],
    );
  }
}
