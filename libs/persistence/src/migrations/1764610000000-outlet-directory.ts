import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outlet directory (R-CH-4): each outlet's published complaint line and complaint handler on record, and every
 * change to them reported to headquarters (网络管理中心 / 服务质量中心) at once, so customers are not sent to a dead line.
 * - `outlets`: the current record, one row per outlet code.
 * - `outlet_changes`: the append-only history, one row per field changed (the outlet's creation included, with `old`
 *   null). `reported` is the headquarters report of the change: false while it waits for the relay, true once
 *   delivered (`reported_at`); null for a field headquarters is not told about (the outlet's name). A trigger keeps the
 *   history append-only: no row is deleted and only `reported`/`reported_at` ever change.
 * - `outlet_changes_pending_idx`: the reports waiting for the relay, oldest first.
 */
export class OutletDirectory1764610000000 implements MigrationInterface {
  name = 'OutletDirectory1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outlets (
        code              text PRIMARY KEY CONSTRAINT outlets_code_check CHECK (code ~ '^[A-Za-z0-9._-]{1,32}$'),
        name              text NOT NULL CONSTRAINT outlets_name_check CHECK (char_length(name) BETWEEN 1 AND 100),
        complaint_phone   text NOT NULL,
        complaint_handler text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE outlet_changes (
        id          bigserial PRIMARY KEY,
        code        text NOT NULL REFERENCES outlets (code),
        changed_at  timestamptz NOT NULL DEFAULT now(),
        changed_by  text NOT NULL,
        field       text NOT NULL
                    CONSTRAINT outlet_changes_field_check CHECK (field IN ('name', 'complaint_phone', 'complaint_handler')),
        old         text,
        new         text NOT NULL,
        reported    boolean,
        reported_at timestamptz,
        CONSTRAINT outlet_changes_reported_check CHECK (
          (field = 'name') = (reported IS NULL) AND (reported_at IS NOT NULL) = coalesce(reported, false)
        )
      )`);
    await q.query(`CREATE INDEX outlet_changes_code_idx ON outlet_changes (code, id)`);
    await q.query(`CREATE INDEX outlet_changes_pending_idx ON outlet_changes (id) WHERE reported = false`);
    await q.query(`
      CREATE FUNCTION outlet_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'outlet_changes is append-only (R-CH-4)';
        END IF;
        IF (NEW.id, NEW.code, NEW.changed_at, NEW.changed_by, NEW.field, NEW.old, NEW.new)
           IS DISTINCT FROM (OLD.id, OLD.code, OLD.changed_at, OLD.changed_by, OLD.field, OLD.old, OLD.new) THEN
          RAISE EXCEPTION 'outlet_changes is append-only: only reported and reported_at may change (R-CH-4)';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER outlet_changes_append_only BEFORE UPDATE OR DELETE ON outlet_changes
      FOR EACH ROW EXECUTE FUNCTION outlet_changes_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outlet_changes`);
    await q.query(`DROP FUNCTION outlet_changes_append_only()`);
    await q.query(`DROP TABLE outlets`);
  }
}
