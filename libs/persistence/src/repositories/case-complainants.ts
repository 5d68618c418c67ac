/**
 * `case_complainants`: each case's complainant and the customer's own words, sealed (AES-256-GCM) by the API before
 * they get here (R-SEC-1), with the pseudonymous complainant key, the channel reference (one case per
 * `(channel, external_ref)`, R-CH-2) and the blanked `search_text`. Written at intake, before the workflow starts.
 */
import { isCaseId, type Queryable } from './db';

export interface ComplainantRow {
  readonly caseId: string;
  readonly channel: string;
  readonly externalRef: string | null;
  readonly waybillNo: string;
  readonly complainantKey: string;
  readonly sealed: string;
  readonly keyId: string;
  readonly searchText: string;
  readonly receivedBy: string;
}

export type ComplainantInsert = { readonly inserted: true } | { readonly inserted: false; readonly caseId: string };

export class CaseComplainantsRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Inserts the complainant row. `inserted` when new; otherwise the case it collided with — the same case id (a
   * retried intake) or another case with the same `(channel, external_ref)` (an appeal already on file).
   */
  async insert(row: ComplainantRow): Promise<ComplainantInsert> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO case_complainants (case_id, channel, external_ref, waybill_no, complainant_key, sealed, key_id,
         search_text, received_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING RETURNING case_id`,
      [
        row.caseId,
        row.channel,
        row.externalRef,
        row.waybillNo,
        row.complainantKey,
        row.sealed,
        row.keyId,
        row.searchText,
        row.receivedBy,
      ],
    );
    if (inserted.length > 0) return { inserted: true };
    const same: { case_id: string }[] = await this.db.query(
      `SELECT case_id FROM case_complainants WHERE case_id = $1`,
      [row.caseId],
    );
    if (same.length > 0) return { inserted: false, caseId: row.caseId };
    const existing = row.externalRef ? await this.caseIdByExternalRef(row.channel, row.externalRef) : undefined;
    if (existing) return { inserted: false, caseId: existing };
    throw new Error('complainant row neither inserted nor found');
  }

  async delete(caseId: string): Promise<void> {
    await this.db.query(`DELETE FROM case_complainants WHERE case_id = $1`, [caseId]);
  }

  /** Ids of complainant rows older than `olderThanMs` with no case row (candidates for the orphan sweep), oldest first. */
  async orphans(olderThanMs: number): Promise<string[]> {
    const rows: { case_id: string }[] = await this.db.query(
      `SELECT p.case_id FROM case_complainants p
       WHERE p.created_at < now() - make_interval(secs => $1 / 1000.0)
         AND NOT EXISTS (SELECT 1 FROM complaint_cases c WHERE c.id = p.case_id)
       ORDER BY p.created_at LIMIT 100`,
      [olderThanMs],
    );
    return rows.map((r) => r.case_id);
  }

  /** The case already on file for a channel reference (its complainant row, or its case row). */
  async caseIdByExternalRef(channel: string, externalRef: string): Promise<string | undefined> {
    const rows: { case_id: string }[] = await this.db.query(
      `SELECT case_id FROM case_complainants WHERE channel = $1 AND external_ref = $2
       UNION ALL SELECT id FROM complaint_cases WHERE channel = $1 AND external_ref = $2 LIMIT 1`,
      [channel, externalRef],
    );
    return rows[0]?.case_id;
  }

  /** The sealed complainant of a case. */
  async sealed(caseId: string): Promise<{ sealed: string } | undefined> {
    if (!isCaseId(caseId)) return undefined;
    const rows: { sealed: string }[] = await this.db.query(`SELECT sealed FROM case_complainants WHERE case_id = $1`, [
      caseId,
    ]);
    return rows[0] ? { sealed: rows[0].sealed } : undefined;
  }
}
