import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The complaints API (issue 5):
 * - `case_complainants`: each case's complainant and the customer's own words, AES-256-GCM encrypted by the API
 *   (R-SEC-1), with the pseudonymous complainant key, the intake's channel reference (one case per
 *   `(channel, external_ref)`: a regulator appeal already on file returns that case, R-CH-2) and `search_text`, the
 *   description normalised with phone numbers and e-mail addresses blanked out, for full-text search. No name, phone
 *   or e-mail is ever stored in clear.
 * - trigram indexes (pg_trgm, when the server has it) for `q` over waybill, external ref and description; indexes for
 *   sorting and for the approvals inbox.
 * - `public_link_uses`: the ids of single-use customer link tokens already spent.
 */
export class ComplaintsApi1764200000000 implements MigrationInterface {
  name = 'ComplaintsApi1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_complainants (
        case_id         uuid PRIMARY KEY,
        channel         text NOT NULL,
        external_ref    text,
        waybill_no      text NOT NULL,
        complainant_key text NOT NULL,
        sealed          text NOT NULL,
        key_id          text NOT NULL,
        search_text     text NOT NULL,
        received_by     text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX case_complainants_external_ref_uq ON case_complainants (channel, external_ref)
       WHERE external_ref IS NOT NULL`,
    );
    await q.query(`CREATE INDEX case_complainants_key_idx ON case_complainants (complainant_key)`);

    // pg_trgm is optional: without it `q` still works (ILIKE), just without an index.
    await q.query(`SAVEPOINT pg_trgm_try`);
    try {
      await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
      await q.query(`RELEASE SAVEPOINT pg_trgm_try`);
    } catch {
      await q.query(`ROLLBACK TO SAVEPOINT pg_trgm_try`);
    }
    const trgm: { n: number }[] = await q.query(
      `SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`,
    );
    if (trgm[0]?.n) {
      await q.query(
        `CREATE INDEX case_complainants_search_trgm ON case_complainants USING gin (search_text gin_trgm_ops)`,
      );
      await q.query(`CREATE INDEX complaint_cases_waybill_trgm ON complaint_cases USING gin (waybill_no gin_trgm_ops)`);
      await q.query(
        `CREATE INDEX complaint_cases_external_ref_trgm ON complaint_cases USING gin (external_ref gin_trgm_ops)`,
      );
    }

    await q.query(`CREATE INDEX complaint_cases_received_idx ON complaint_cases (received_at DESC, id)`);
    await q.query(`CREATE INDEX complaint_cases_updated_idx ON complaint_cases (updated_at DESC, id)`);
    await q.query(
      `CREATE INDEX complaint_cases_pending_approval_idx ON complaint_cases ((state->'plan'->>'requiredApproval'), updated_at)
       WHERE state->'plan'->>'approval' = 'pending'`,
    );

    await q.query(`
      CREATE TABLE public_link_uses (
        token_id   text PRIMARY KEY,
        case_id    uuid NOT NULL,
        purpose    text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX public_link_uses_expires_idx ON public_link_uses (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_link_uses`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_pending_approval_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_updated_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_received_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_external_ref_trgm`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_waybill_trgm`);
    await q.query(`DROP TABLE case_complainants`);
  }
}
