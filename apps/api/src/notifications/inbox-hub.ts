/**
 * Live push of the in-app inbox (`GET /me/notifications/stream`, Server-Sent Events): one PostgreSQL LISTEN
 * connection per API process (`InboxListener` on `cf_inbox`) fans each announcement out to that user's open streams.
 * An announcement carries ids only; the line is read once per announcement and sent to every stream of its user.
 * Each stream sends a comment when it is live, a heartbeat comment every 15 s (so proxies keep it open), and each
 * inbox line once (`id:` is the delivery id; with `Last-Event-ID` a reconnecting browser gets what it missed).
 */
import { Inject, Injectable, type MessageEvent, type OnModuleDestroy } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';
import type { AppConfig, Logger } from '@complaintflow/config';
import {
  InboxListener,
  NotificationDeliveriesRepository,
  type InboxItem,
  type InboxSignal,
} from '@complaintflow/persistence/repositories/notification-deliveries';
import { APP_CONFIG, LOGGER } from '../tokens';
import { inboxItemView } from './notification-views';

export const HEARTBEAT_MS = 15_000;

interface Stream {
  readonly userId: string;
  readonly out: Subscriber<MessageEvent>;
  /** Delivery ids already sent on this stream (each line goes out once). */
  readonly sent: Set<number>;
}

@Injectable()
export class InboxHub implements OnModuleDestroy {
  private listener: Promise<InboxListener> | undefined;
  private readonly streams = new Map<string, Set<Stream>>();
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly deliveries: NotificationDeliveriesRepository,
  ) {}

  /** The SSE stream of `userId`'s inbox; `lastEventId` (the browser's `Last-Event-ID`): catch up after it first. */
  stream(userId: string, lastEventId?: number): Observable<MessageEvent> {
    return new Observable<MessageEvent>((out) => {
      const stream: Stream = { userId, out, sent: new Set() };
      let heartbeat: NodeJS.Timeout | undefined;
      let ended = false;
      this.add(stream);
      this.listening()
        .then(async () => {
          if (ended) return;
          out.next({ comment: 'connected' });
          heartbeat = setInterval(() => out.next({ comment: 'heartbeat' }), HEARTBEAT_MS);
          if (lastEventId !== undefined) await this.catchUp(stream, lastEventId);
        })
        .catch((err: unknown) => {
          this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbox stream: LISTEN unavailable');
          out.error(err);
        });
      return () => {
        ended = true;
        if (heartbeat) clearInterval(heartbeat);
        this.remove(stream);
      };
    });
  }

  private add(s: Stream): void {
    const set = this.streams.get(s.userId) ?? new Set<Stream>();
    set.add(s);
    this.streams.set(s.userId, set);
  }

  private remove(s: Stream): void {
    const set = this.streams.get(s.userId);
    set?.delete(s);
    if (set && set.size === 0) this.streams.delete(s.userId);
  }

  private send(s: Stream, item: InboxItem): void {
    if (s.sent.has(item.id)) return;
    s.sent.add(item.id);
    if (s.sent.size > 2000) s.sent.delete(s.sent.values().next().value as number);
    s.out.next({ type: 'notification', id: String(item.id), data: inboxItemView(item) });
  }

  /** The one LISTEN connection, opened with the first stream. */
  private listening(): Promise<InboxListener> {
    if (this.closed) return Promise.reject(new Error('the API is shutting down'));
    this.listener ??= InboxListener.start(this.config.DATABASE_URL as string, {
      onSignal: (signal) => void this.announce(signal),
      onReconnect: () => void this.resync(),
      onError: (err) =>
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbox LISTEN connection error'),
    }).catch((err: unknown) => {
      this.listener = undefined; // the next stream tries again
      throw err;
    });
    return this.listener;
  }

  private async announce(signal: InboxSignal): Promise<void> {
    const streams = this.streams.get(signal.userId);
    if (!streams || streams.size === 0) return;
    try {
      const item = await this.deliveries.inboxItem(signal.deliveryId, signal.userId);
      if (item) for (const s of streams) this.send(s, item);
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbox stream: line not read');
    }
  }

  private async catchUp(s: Stream, afterId: number): Promise<void> {
    for (const item of await this.deliveries.inbox(s.userId, { afterId, limit: 200 })) this.send(s, item);
  }

  /** After the LISTEN connection was lost: every open stream gets the recent lines it has not had. */
  private async resync(): Promise<void> {
    for (const [userId, streams] of this.streams) {
      try {
        const recent = await this.deliveries.inbox(userId, { limit: 50 });
        for (const s of streams) for (const item of [...recent].reverse()) this.send(s, item);
      } catch (err) {
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbox stream: resync failed');
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    // End every open stream, so that the HTTP server can close.
    for (const streams of this.streams.values()) for (const s of streams) s.out.complete();
    this.streams.clear();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.then((l) => l.close()).catch(() => undefined);
  }
}
