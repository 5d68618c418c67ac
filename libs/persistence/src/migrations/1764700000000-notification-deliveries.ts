import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notification_deliveries` (issue 11, docs/adr/0011-notification-relay-on-temporal.md): one row per message the
 * relay sends for an outbox row — per (case, event seq, recipient, channel), the UNIQUE key that makes delivering
 * idempotent — with the rendered message, its state and the attempts. The in-app inbox is the `channel = 'inbox'` rows
 * of staff recipients. No address in clear: `address_masked` only; the relay reads the address when it sends.
 *
 * Outbox rows pending from before the relay existed and older than two days are marked `expired` (kept, not sent):
 * a two-day-old deadline warning or acknowledgement sent today would mislead.
 */
export class NotificationDeliveries1764700000000 implements MigrationInterface {
  name = 'NotificationDeliveries1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_deliveries (
        id                  bigserial PRIMARY KEY,
        case_id             uuid NOT NULL REFERENCES complaint_cases (id),
        seq                 integer NOT NULL,
        recipient_id        text NOT NULL,
        recipient_kind      text NOT NULL CHECK (recipient_kind IN ('staff', 'customer')),
        channel             text NOT NULL,
        address_masked      text,
        kind                text NOT NULL,
        subject             text NOT NULL,
        body                text NOT NULL,
        language            text NOT NULL,
        status              text NOT NULL DEFAULT 'pending' CHECK (status IN
                              ('pending', 'waiting', 'sent', 'delivered', 'read', 'failed', 'parked', 'held')),
        attempts            integer NOT NULL DEFAULT 0,
        last_error          text,
        provider_message_id text,
        created_at          timestamptz NOT NULL DEFAULT now(),
        sent_at             timestamptz,
        delivered_at        timestamptz,
        read_at             timestamptz,
        next_attempt_at     timestamptz,
        UNIQUE (case_id, seq, recipient_id, channel)
      )`);
    // The inbox of one user, newest first, and its unread count.
    await q.query(
      `CREATE INDEX notification_deliveries_inbox_idx ON notification_deliveries (recipient_id, id DESC)
       WHERE channel = 'inbox' AND recipient_kind = 'staff'`,
    );
    // The admin's lists (parked, held, failed) and the development page.
    await q.query(
      `CREATE INDEX notification_deliveries_attention_idx ON notification_deliveries (status, id DESC)
       WHERE status IN ('parked', 'held', 'failed', 'waiting')`,
    );
    // Delivery reports find their row by the provider's message id.
    await q.query(
      `CREATE INDEX notification_deliveries_provider_idx ON notification_deliveries (channel, provider_message_id)
       WHERE provider_message_id IS NOT NULL`,
    );
    await q.query(
      `UPDATE notification_outbox SET status = 'expired'
       WHERE status = 'pending' AND created_at < now() - interval '2 days'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`UPDATE notification_outbox SET status = 'pending' WHERE status IN ('expired', 'started', 'done')`);
  }
}
