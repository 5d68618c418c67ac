import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The regulator's month and the early warning (issue 12; docs/adr/0014-early-warning.md):
 *
 * - `regulator_reports`: one stored monthly valid-appeal report per month (R-REG-1), written by the
 *   `regulatorMonthlyReport` workflow (a Temporal Schedule on the 1st, Beijing time) and rewritten identically when the
 *   month is run again. `rows` holds one entry per valid appeal (case id, external reference, waybill, the outlet with
 *   the external responsibility, parcels, fine, whether the penalty may be appealed internally — R-REG-3), `outlets`
 *   the fines per outlet.
 * - `regulator_reconciliations`: each import of the regulator's own valid-appeal list for a month (CSV or XLSX): its
 *   per-row errors and the differences both ways against the stored report.
 * - `report_alerts`: early warnings (R-RPT-2, R-CAT-3), one per outlet × category × window (UNIQUE: never twice for
 *   the same window); `raised_at` is set once every manager in scope has the inbox row.
 */
export class RegulatorReports1764810000000 implements MigrationInterface {
  name = 'RegulatorReports1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regulator_reports (
        month               text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        data_due_date       text NOT NULL,
        generated_at        timestamptz NOT NULL,
        generated_by        text NOT NULL,
        total_valid_appeals integer NOT NULL,
        total_parcels       integer NOT NULL,
        total_fine_fen      bigint NOT NULL,
        rows                jsonb NOT NULL,
        outlets             jsonb NOT NULL,
        content_hash        text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE regulator_reconciliations (
        id            bigserial PRIMARY KEY,
        month         text NOT NULL,
        status        text NOT NULL CHECK (status IN ('done', 'rejected')),
        file_type     text NOT NULL CHECK (file_type IN ('csv', 'xlsx')),
        file_bytes    integer NOT NULL,
        total_rows    integer NOT NULL,
        error_rows    integer NOT NULL,
        uploaded_by   text NOT NULL,
        errors        jsonb NOT NULL,
        result        jsonb,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX regulator_reconciliations_month_idx ON regulator_reconciliations (month, id DESC)`);
    // The month's valid appeals: regulator cases only (a small share of all cases).
    await q.query(`CREATE INDEX complaint_cases_appeal_ref_idx ON complaint_cases (external_ref) WHERE is_appeal`);
    await q.query(`CREATE INDEX complaint_cases_appeal_waybill_idx ON complaint_cases (waybill_no) WHERE is_appeal`);
    await q.query(`
      CREATE TABLE report_alerts (
        id              bigserial PRIMARY KEY,
        outlet          text NOT NULL,
        category        text NOT NULL,
        window_start    timestamptz NOT NULL,
        window_end      timestamptz NOT NULL,
        count           integer NOT NULL,
        baseline_mean   double precision NOT NULL,
        rate            double precision NOT NULL,
        threshold       integer NOT NULL,
        p_value         double precision NOT NULL,
        watched         boolean NOT NULL,
        rule_ids        text[] NOT NULL,
        message_zh      text NOT NULL,
        message_en      text NOT NULL,
        sample_case_id  uuid NOT NULL REFERENCES complaint_cases (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        raised_at       timestamptz,
        UNIQUE (outlet, category, window_start)
      )`);
    await q.query(`CREATE INDEX report_alerts_created_idx ON report_alerts (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX report_alerts_unraised_idx ON report_alerts (id) WHERE raised_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_alerts`);
    await q.query(`DROP INDEX complaint_cases_appeal_waybill_idx`);
    await q.query(`DROP INDEX complaint_cases_appeal_ref_idx`);
    await q.query(`DROP TABLE regulator_reconciliations`);
    await q.query(`DROP TABLE regulator_reports`);
  }
}
