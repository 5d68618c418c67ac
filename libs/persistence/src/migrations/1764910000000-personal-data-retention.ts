import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data retention and subject requests (issue 15, docs/adr/0019-personal-data-free-text-retention.md):
 *
 * - `case_events.redaction_seal`: set when the retention erasure replaced a row's free text (`data`) with its redacted
 *   form. The append-only trigger is replaced by one that still refuses DELETE and every UPDATE except exactly that:
 *   `data` and `redaction_seal` on a row not yet redacted, every other column (hash, prev_hash, seq, type, at, actor,
 *   policy version, recorded_at) unchanged. TRUNCATE stays refused.
 * - `complaint_cases.personal_data_erased_at`: when the case's personal data was erased (null: not yet), with a partial
 *   index over the closed cases still holding it, and one over the cases written again since (a reopen): what the
 *   retention sweep scans.
 * - `personal_data_requests`: the record of every access to or erasure of a person's data (a data-subject access
 *   export, a retention run): who, when, which cases; the person only by their keyed hash, never in clear.
 */
export class PersonalDataRetention1764910000000 implements MigrationInterface {
  name = 'PersonalDataRetention1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN redaction_seal text`);
    await q.query(`
      CREATE FUNCTION case_events_append_or_redact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.redaction_seal IS NULL AND NEW.redaction_seal IS NOT NULL
           AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq AND NEW.type = OLD.type AND NEW.at = OLD.at
           AND NEW.actor_id = OLD.actor_id AND NEW.actor_role = OLD.actor_role
           AND NEW.policy_version = OLD.policy_version AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
           AND NEW.recorded_at = OLD.recorded_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TRIGGER case_events_no_update_delete ON case_events`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_or_redact()`);

    await q.query(`ALTER TABLE complaint_cases ADD COLUMN personal_data_erased_at timestamptz`);
    await q.query(`
      CREATE INDEX complaint_cases_retention_idx ON complaint_cases (closed_at)
      WHERE closed_at IS NOT NULL AND personal_data_erased_at IS NULL`);
    // Cases written again after their erasure (a reopen): the sweep erases what the new events brought.
    await q.query(`
      CREATE INDEX complaint_cases_rewritten_idx ON complaint_cases (closed_at)
      WHERE closed_at IS NOT NULL AND personal_data_erased_at IS NOT NULL AND updated_at > personal_data_erased_at`);

    await q.query(`
      CREATE TABLE personal_data_requests (
        id          bigserial PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('access', 'erasure')),
        at          timestamptz NOT NULL DEFAULT now(),
        actor_id    text NOT NULL,
        actor_role  text NOT NULL,
        subject_key text,
        case_ids    uuid[] NOT NULL,
        detail      jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX personal_data_requests_at_idx ON personal_data_requests (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE personal_data_requests`);
    await q.query(`DROP INDEX complaint_cases_rewritten_idx`);
    await q.query(`DROP INDEX complaint_cases_retention_idx`);
    await q.query(`ALTER TABLE complaint_cases DROP COLUMN personal_data_erased_at`);
    await q.query(`DROP TRIGGER case_events_no_update_delete ON case_events`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`DROP FUNCTION case_events_append_or_redact()`);
    await q.query(`ALTER TABLE case_events DROP COLUMN redaction_seal`);
  }
}
