/**
 * `notification_outbox`: the transactional outbox. A message is enqueued in the transaction that appends its
 * `notification.requested` event, so it exists if and only if the event does; enqueueing twice is a no-op.
 */
import type { Queryable } from './db';

export interface OutboxMessage {
  readonly caseId: string;
  /** The seq of the `notification.requested` event. */
  readonly seq: number;
  readonly kind: string;
  readonly audience: string;
  readonly channel: string;
  readonly payload: unknown;
}

export class NotificationOutboxRepository {
  constructor(private readonly db: Queryable) {}

  async enqueue(m: OutboxMessage): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_outbox (case_id, seq, kind, audience, channel, payload)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
      [m.caseId, m.seq, m.kind, m.audience, m.channel, JSON.stringify(m.payload)],
    );
  }

  /** One outbox row by its event (the relay plans from it). */
  async find(caseId: string, seq: number): Promise<OutboxRow | undefined> {
    const rows: OutboxDbRow[] = await this.db.query(
      `SELECT case_id, seq, kind, audience, channel, payload, status, created_at FROM notification_outbox
       WHERE case_id = $1 AND seq = $2 LIMIT 1`,
      [caseId, seq],
    );
    return rows[0] ? outboxFromDb(rows[0]) : undefined;
  }

  /**
   * The relay's workflow for the row exists (`pending` → `started`; docs/adr/0011-notification-relay-on-temporal.md).
   * Rows already further along are left as they are.
   */
  async markStarted(caseId: string, seq: number): Promise<void> {
    await this.db.query(
      `UPDATE notification_outbox SET status = 'started' WHERE case_id = $1 AND seq = $2 AND status = 'pending'`,
      [caseId, seq],
    );
  }

  /** Every delivery of the row reached an end state (sent, held or parked): `done`, with when. */
  async markDone(caseId: string, seq: number): Promise<void> {
    await this.db.query(
      `UPDATE notification_outbox SET status = 'done', sent_at = COALESCE(sent_at, now())
       WHERE case_id = $1 AND seq = $2 AND status IN ('pending', 'started')`,
      [caseId, seq],
    );
  }

  /** `pending` rows older than `olderThanMs` (their relay workflow may never have started), oldest first. */
  async unstarted(olderThanMs: number, limit = 100): Promise<{ caseId: string; seq: number }[]> {
    const rows: { case_id: string; seq: number }[] = await this.db.query(
      `SELECT case_id, seq FROM notification_outbox
       WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1 / 1000.0)
       ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
    return rows.map((r) => ({ caseId: r.case_id, seq: Number(r.seq) }));
  }
}

/** An outbox row as the relay reads it. */
export interface OutboxRow extends OutboxMessage {
  /** `pending` (no relay workflow yet), `started`, `done`, or `expired` (older than the relay; never sent). */
  readonly status: string;
  readonly createdAt: Date;
}

interface OutboxDbRow {
  case_id: string;
  seq: number;
  kind: string;
  audience: string;
  channel: string;
  payload: unknown;
  status: string;
  created_at: Date;
}

function outboxFromDb(r: OutboxDbRow): OutboxRow {
  return {
    caseId: r.case_id,
    seq: Number(r.seq),
    kind: r.kind,
    audience: r.audience,
    channel: r.channel,
    payload: r.payload,
    status: r.status,
    createdAt: r.created_at,
  };
}
