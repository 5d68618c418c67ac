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
}
