import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case record (a projection of the workflow), the append-only, hash-chained audit trail, idempotency keys and
 * the notification outbox. `case_events` refuses UPDATE and DELETE for everyone, the app's role included: the audit
 * record is only ever appended to (issue 6).
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaint_cases (
        id               uuid PRIMARY KEY,
        workflow_id      text NOT NULL UNIQUE,
        stage            text NOT NULL,
        channel          text NOT NULL,
        category         text NOT NULL,
        urgency          text NOT NULL,
        escalation_level integer NOT NULL DEFAULT 0,
        owner_id         text,
        department       text,
        origin_outlet    text,
        delivery_outlet  text,
        waybill_no       text NOT NULL,
        external_ref     text,
        subject_employee_id text,
        complainant_key  text,
        is_repeat        boolean NOT NULL DEFAULT false,
        is_appeal        boolean NOT NULL DEFAULT false,
        overdue          boolean NOT NULL DEFAULT false,
        next_due_at      timestamptz,
        policy_version   text NOT NULL,
        last_seq         integer NOT NULL DEFAULT 0,
        state            jsonb NOT NULL,
        received_at      timestamptz NOT NULL,
        closed_at        timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX complaint_cases_stage_idx ON complaint_cases (stage, received_at DESC)`);
    await q.query(`CREATE INDEX complaint_cases_category_idx ON complaint_cases (category, received_at DESC)`);
    await q.query(`CREATE INDEX complaint_cases_urgency_idx ON complaint_cases (urgency, received_at DESC)`);
    await q.query(
      `CREATE INDEX complaint_cases_escalation_idx ON complaint_cases (escalation_level, received_at DESC)`,
    );
    await q.query(`CREATE INDEX complaint_cases_origin_idx ON complaint_cases (origin_outlet, received_at DESC)`);
    await q.query(`CREATE INDEX complaint_cases_delivery_idx ON complaint_cases (delivery_outlet, received_at DESC)`);
    await q.query(`CREATE INDEX complaint_cases_overdue_idx ON complaint_cases (next_due_at) WHERE overdue`);
    await q.query(`CREATE INDEX complaint_cases_waybill_idx ON complaint_cases (waybill_no)`);
    await q.query(
      `CREATE INDEX complaint_cases_complainant_idx ON complaint_cases (complainant_key, category, received_at DESC)`,
    );
    // R-CH-2: a regulator appeal is recorded once; the same appeal number returns the case on file.
    await q.query(
      `CREATE UNIQUE INDEX complaint_cases_appeal_ref_uq ON complaint_cases (channel, external_ref) WHERE external_ref IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE case_events (
        case_id        uuid NOT NULL REFERENCES complaint_cases (id),
        seq            integer NOT NULL CHECK (seq >= 1),
        type           text NOT NULL,
        at             timestamptz NOT NULL,
        actor_id       text NOT NULL,
        actor_role     text NOT NULL,
        data           jsonb NOT NULL,
        policy_version text NOT NULL,
        prev_hash      text NOT NULL,
        hash           text NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`
      CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        scope        text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        status_code  integer,
        response     jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    await q.query(`
      CREATE TABLE notification_outbox (
        id          bigserial PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES complaint_cases (id),
        seq         integer NOT NULL,
        kind        text NOT NULL,
        audience    text NOT NULL,
        channel     text NOT NULL,
        payload     jsonb NOT NULL,
        status      text NOT NULL DEFAULT 'pending',
        created_at  timestamptz NOT NULL DEFAULT now(),
        sent_at     timestamptz,
        UNIQUE (case_id, seq, kind, audience)
      )`);
    await q.query(
      `CREATE INDEX notification_outbox_pending_idx ON notification_outbox (created_at) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_outbox`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP FUNCTION case_events_append_only()`);
    await q.query(`DROP TABLE complaint_cases`);
  }
}
