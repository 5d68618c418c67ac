/**
 * `notification_deliveries`: one row per message the relay sends for an outbox row, per (case, event seq, recipient,
 * channel) — the UNIQUE key that makes planning and sending idempotent (docs/adr/0011-notification-relay-on-temporal.md).
 * The in-app inbox is the `channel = 'inbox'` rows of staff recipients; writing one issues `pg_notify('cf_inbox', …)`
 * in the same transaction (delivered by PostgreSQL at commit, never for a rolled-back row), carrying the delivery id
 * and the user id only — no personal data. `InboxListener` is the API's one LISTEN connection.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { isCaseId, type Queryable } from './db';

export const DELIVERY_STATUSES = [
  'pending',
  'waiting',
  'sent',
  'delivered',
  'read',
  'failed',
  'parked',
  'held',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Sent, delivered or read: the message went out, a retry must not send it again. */
export const DELIVERY_DONE: readonly DeliveryStatus[] = ['sent', 'delivered', 'read'];

export type RecipientKind = 'staff' | 'customer';

/** The PostgreSQL channel the inbox is announced on. */
export const INBOX_NOTIFY_CHANNEL = 'cf_inbox';

/** A delivery as planned (before it is sent). */
export interface NewDelivery {
  readonly caseId: string;
  readonly seq: number;
  readonly recipientId: string;
  readonly recipientKind: RecipientKind;
  readonly channel: string;
  readonly addressMasked: string | null;
  readonly kind: string;
  readonly subject: string;
  readonly body: string;
  readonly language: string;
  /** `pending` (default), `waiting` until `nextAttemptAt` (quiet hours), or `parked` at once (nobody to send to). */
  readonly status?: 'pending' | 'waiting' | 'parked';
  readonly nextAttemptAt?: number | null;
  readonly lastError?: string | null;
}

export interface DeliveryRow {
  readonly id: number;
  readonly caseId: string;
  readonly seq: number;
  readonly recipientId: string;
  readonly recipientKind: RecipientKind;
  readonly channel: string;
  readonly addressMasked: string | null;
  readonly kind: string;
  readonly subject: string;
  readonly body: string;
  readonly language: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly providerMessageId: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly readAt: Date | null;
  readonly nextAttemptAt: Date | null;
}

/** One line of a user's inbox (docs/api.md `GET /me/notifications`). */
export interface InboxItem {
  readonly id: number;
  readonly kind: string;
  readonly caseId: string;
  readonly at: Date;
  readonly read: boolean;
  readonly title: string;
}

/** What `pg_notify('cf_inbox', …)` carries: ids only. */
export interface InboxSignal {
  readonly deliveryId: number;
  readonly userId: string;
}

interface DeliveryDbRow {
  id: string | number;
  case_id: string;
  seq: number;
  recipient_id: string;
  recipient_kind: RecipientKind;
  channel: string;
  address_masked: string | null;
  kind: string;
  subject: string;
  body: string;
  language: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  next_attempt_at: Date | null;
}

const COLUMNS = `id, case_id, seq, recipient_id, recipient_kind, channel, address_masked, kind, subject, body, language,
  status, attempts, last_error, provider_message_id, created_at, sent_at, delivered_at, read_at, next_attempt_at`;

function deliveryFromDb(r: DeliveryDbRow): DeliveryRow {
  return {
    id: Number(r.id),
    caseId: r.case_id,
    seq: Number(r.seq),
    recipientId: r.recipient_id,
    recipientKind: r.recipient_kind,
    channel: r.channel,
    addressMasked: r.address_masked,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    language: r.language,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    providerMessageId: r.provider_message_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
    readAt: r.read_at,
    nextAttemptAt: r.next_attempt_at,
  };
}

interface InboxDbRow {
  id: string | number;
  kind: string;
  case_id: string;
  at: Date;
  status: DeliveryStatus;
  subject: string;
}

function inboxFromDb(r: InboxDbRow): InboxItem {
  return { id: Number(r.id), kind: r.kind, caseId: r.case_id, at: r.at, read: r.status === 'read', title: r.subject };
}

/** The inbox rows a user sees: their staff inbox rows once delivered (waiting and parked ones are not there yet). */
const INBOX_OF = `channel = 'inbox' AND recipient_kind = 'staff' AND status IN ('delivered', 'read')`;

const toTimestamp = (ms: number | null | undefined) => (typeof ms === 'number' ? new Date(ms) : null);

const isId = (id: number) => Number.isSafeInteger(id) && id > 0;

/** The rows of an `UPDATE … RETURNING` (TypeORM answers a bare UPDATE with `[rows, count]`, a SELECT with the rows). */
function updatedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

export class NotificationDeliveriesRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts the planned deliveries; a delivery already planned (same case, seq, recipient, channel) is kept as is. */
  async insertPlanned(rows: readonly NewDelivery[]): Promise<void> {
    for (const d of rows) {
      await this.db.query(
        `INSERT INTO notification_deliveries (case_id, seq, recipient_id, recipient_kind, channel, address_masked, kind,
           subject, body, language, status, next_attempt_at, last_error)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
         ON CONFLICT (case_id, seq, recipient_id, channel) DO NOTHING`,
        [
          d.caseId,
          d.seq,
          d.recipientId,
          d.recipientKind,
          d.channel,
          d.addressMasked,
          d.kind,
          d.subject,
          d.body,
          d.language,
          d.status ?? 'pending',
          toTimestamp(d.nextAttemptAt),
          d.lastError ?? null,
        ],
      );
    }
  }

  /** Every delivery of one outbox row, in the order planned. */
  async forMessage(caseId: string, seq: number): Promise<DeliveryRow[]> {
    const rows: DeliveryDbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notification_deliveries WHERE case_id = $1 AND seq = $2 ORDER BY id`,
      [caseId, seq],
    );
    return rows.map(deliveryFromDb);
  }

  async byId(id: number): Promise<DeliveryRow | undefined> {
    if (!isId(id)) return undefined;
    const rows: DeliveryDbRow[] = await this.db.query(`SELECT ${COLUMNS} FROM notification_deliveries WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? deliveryFromDb(rows[0]) : undefined;
  }

  /** The row, locked until the transaction ends (one sender at a time; run inside `inDeliveryTransaction`). */
  async lock(id: number): Promise<DeliveryRow | undefined> {
    const rows: DeliveryDbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notification_deliveries WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? deliveryFromDb(rows[0]) : undefined;
  }

  /** The channel accepted it: `sent` (or `delivered`, for the inbox) with the provider's id; counts the attempt. */
  async markSent(id: number, status: 'sent' | 'delivered', providerMessageId: string): Promise<DeliveryRow> {
    const rows = updatedRows<DeliveryDbRow>(
      await this.db.query(
        `UPDATE notification_deliveries SET status = $2, provider_message_id = $3, attempts = attempts + 1,
         sent_at = now(), delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
         next_attempt_at = NULL
       WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, status, providerMessageId],
      ),
    );
    return deliveryFromDb(rows[0]);
  }

  /** A failed attempt: counted, with its error (the caller masks personal data out of it). */
  async recordFailure(id: number, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_deliveries SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status IN ('pending', 'waiting')`,
      [id, error],
    );
  }

  /**
   * Sets an end state that is not a send: `parked` (retries exhausted, a permanent error, a rule that forbids it) or
   * `held` (the channel is not configured: the development sink), with the reason; `failed` for a placeholder row that
   * was planned again. A message already sent is never changed. Returns the row when it changed.
   */
  async settle(
    id: number,
    status: 'parked' | 'held' | 'failed',
    reason: string | null,
  ): Promise<DeliveryRow | undefined> {
    const rows = updatedRows<DeliveryDbRow>(
      await this.db.query(
        `UPDATE notification_deliveries SET status = $2, last_error = COALESCE($3, last_error), next_attempt_at = NULL
         WHERE id = $1 AND status NOT IN ('sent', 'delivered', 'read') RETURNING ${COLUMNS}`,
        [id, status, reason],
      ),
    );
    return rows[0] ? deliveryFromDb(rows[0]) : undefined;
  }

  /** Announces an inbox row to the API processes (at commit: run in the transaction that wrote it). */
  async notifyInbox(signal: InboxSignal): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, $2)`, [
      INBOX_NOTIFY_CHANNEL,
      JSON.stringify({ d: signal.deliveryId, u: signal.userId }),
    ]);
  }

  /** A user's inbox, newest first (`afterId`: only rows newer than it, oldest first, for a stream catching up). */
  async inbox(userId: string, opts: { limit?: number; afterId?: number } = {}): Promise<InboxItem[]> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    const rows: InboxDbRow[] =
      opts.afterId === undefined
        ? await this.db.query(
            `SELECT id, kind, case_id, COALESCE(delivered_at, created_at) AS at, status, subject
             FROM notification_deliveries WHERE recipient_id = $1 AND ${INBOX_OF} ORDER BY id DESC LIMIT $2`,
            [userId, limit],
          )
        : await this.db.query(
            `SELECT id, kind, case_id, COALESCE(delivered_at, created_at) AS at, status, subject
             FROM notification_deliveries WHERE recipient_id = $1 AND ${INBOX_OF} AND id > $2 ORDER BY id LIMIT $3`,
            [userId, opts.afterId, limit],
          );
    return rows.map(inboxFromDb);
  }

  async unreadCount(userId: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM notification_deliveries
       WHERE recipient_id = $1 AND channel = 'inbox' AND recipient_kind = 'staff' AND status = 'delivered'`,
      [userId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** One inbox row of `userId` (what the stream sends when it is announced). */
  async inboxItem(id: number, userId: string): Promise<InboxItem | undefined> {
    if (!isId(id)) return undefined;
    const rows: InboxDbRow[] = await this.db.query(
      `SELECT id, kind, case_id, COALESCE(delivered_at, created_at) AS at, status, subject
       FROM notification_deliveries WHERE id = $1 AND recipient_id = $2 AND ${INBOX_OF}`,
      [id, userId],
    );
    return rows[0] ? inboxFromDb(rows[0]) : undefined;
  }

  /** Marks one of `userId`'s own inbox rows read; false when there is no such row of theirs. */
  async markRead(id: number, userId: string): Promise<boolean> {
    if (!isId(id)) return false;
    const rows = updatedRows<{ id: string }>(
      await this.db.query(
        `UPDATE notification_deliveries SET status = 'read', read_at = COALESCE(read_at, now())
         WHERE id = $1 AND recipient_id = $2 AND ${INBOX_OF} RETURNING id`,
        [id, userId],
      ),
    );
    return rows.length > 0;
  }

  /** Deliveries in one state, newest first (the admin's parked list, the development page's held messages). */
  async withStatus(status: DeliveryStatus, limit = 100): Promise<DeliveryRow[]> {
    const rows: DeliveryDbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notification_deliveries WHERE status = $1 ORDER BY id DESC LIMIT $2`,
      [status, Math.min(Math.max(limit, 1), 500)],
    );
    return rows.map(deliveryFromDb);
  }

  /** Every delivery of a case (the case view's `notifications`), in order. */
  async forCase(caseId: string): Promise<DeliveryRow[]> {
    if (!isCaseId(caseId)) return [];
    const rows: DeliveryDbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notification_deliveries WHERE case_id = $1 ORDER BY seq, id`,
      [caseId],
    );
    return rows.map(deliveryFromDb);
  }

  /**
   * An admin's retry: a parked (or failed, or held) delivery goes back to `pending` for a new attempt. Returns the row,
   * or undefined when it is not in a state to retry.
   */
  async reopenForRetry(id: number): Promise<DeliveryRow | undefined> {
    if (!isId(id)) return undefined;
    const rows = updatedRows<DeliveryDbRow>(
      await this.db.query(
        `UPDATE notification_deliveries SET status = 'pending', next_attempt_at = NULL
         WHERE id = $1 AND status IN ('parked', 'failed', 'held') RETURNING ${COLUMNS}`,
        [id],
      ),
    );
    return rows[0] ? deliveryFromDb(rows[0]) : undefined;
  }

  /**
   * A delivery report from the provider (SMS receipt): `delivered` or `failed` on the row with that provider id, once.
   * Returns the row when it changed.
   */
  async applyReport(
    channel: string,
    providerMessageId: string,
    state: 'delivered' | 'failed',
    at: number,
    detail: string | null,
  ): Promise<DeliveryRow | undefined> {
    const rows = updatedRows<DeliveryDbRow>(
      await this.db.query(
        `UPDATE notification_deliveries SET status = $3,
         delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz ELSE delivered_at END,
         last_error = CASE WHEN $3 = 'failed' THEN COALESCE($5, 'delivery report: failed') ELSE last_error END
       WHERE channel = $1 AND provider_message_id = $2 AND status = 'sent' RETURNING ${COLUMNS}`,
        [channel, providerMessageId, state, new Date(at), detail],
      ),
    );
    return rows[0] ? deliveryFromDb(rows[0]) : undefined;
  }
}

/** The repository of one delivery transaction (row lock, send, state, inbox announcement commit together). */
export function inDeliveryTransaction<T>(
  ds: DataSource,
  work: (deliveries: NotificationDeliveriesRepository) => Promise<T>,
): Promise<T> {
  return ds.transaction((m) => work(new NotificationDeliveriesRepository(m)));
}

/** Parses a `cf_inbox` payload; undefined for anything else. */
export function parseInboxSignal(payload: string | undefined): InboxSignal | undefined {
  try {
    const p = JSON.parse(payload ?? '') as { d?: unknown; u?: unknown };
    return typeof p.d === 'number' && typeof p.u === 'string' ? { deliveryId: p.d, userId: p.u } : undefined;
  } catch {
    return undefined;
  }
}

export interface InboxListenerHandlers {
  onSignal(signal: InboxSignal): void;
  /** The connection was lost and is back: announcements in between were missed (catch up from the table). */
  onReconnect?(): void;
  onError?(err: unknown): void;
}

/**
 * One LISTEN connection on `cf_inbox` (per API process), reconnecting with backoff when it drops. The API fans the
 * announcements out to its connected users.
 */
export class InboxListener {
  private client: Client | undefined;
  private closed = false;
  private retryMs = 500;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly handlers: InboxListenerHandlers,
  ) {}

  static async start(url: string, handlers: InboxListenerHandlers): Promise<InboxListener> {
    const listener = new InboxListener(url, handlers);
    await listener.connect(false);
    return listener;
  }

  private async connect(reconnecting: boolean): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'complaintflow-inbox' });
    client.on('notification', (msg) => {
      if (msg.channel !== INBOX_NOTIFY_CHANNEL) return;
      const signal = parseInboxSignal(msg.payload);
      if (signal) this.handlers.onSignal(signal);
    });
    client.on('error', (err) => {
      this.handlers.onError?.(err);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${INBOX_NOTIFY_CHANNEL}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 500;
    if (reconnecting) this.handlers.onReconnect?.();
  }

  private lost(client: Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect(true).catch((err: unknown) => {
        this.handlers.onError?.(err);
        this.retryMs = Math.min(this.retryMs * 2, 10_000);
        this.schedule();
      });
    }, this.retryMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
