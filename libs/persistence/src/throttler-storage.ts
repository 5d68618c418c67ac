/**
 * Rate-limit counts in PostgreSQL, shared by every API replica on the database: @nestjs/throttler's storage contract
 * (`increment(key, ttl, limit, blockDuration, throttlerName)`) on the `rate_limit_hits` table (migration
 * 1764400000000), one atomic `INSERT … ON CONFLICT … DO UPDATE … RETURNING` per hit, on the database's clock.
 *
 * A fixed window per (throttler, key): the first hit opens a window of `ttl` ms; each hit counts until the count
 * passes `limit`, which blocks the key for `blockDuration` ms (or, when that is 0 or less, until the window ends).
 * Hits while blocked are not counted; the first hit after the block opens a new window. Expired rows are pruned by
 * a periodic `DELETE` on the `expires_at` index (see `prune`).
 *
 * `now()` is each transaction's start: a hit whose statement began just before the one that opened the window, and
 * waited on its row lock, sees the window end more than `ttl` ahead (a CI run under load answered 61 s for a 60 s
 * window), so the times returned are capped at the window's (and the block's) own length.
 */
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

/** What `increment` answers (throttler does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const MS = `* interval '1 millisecond'`;
const WINDOW_END = `now() + $3::float8 ${MS}`;
const BLOCKED = `r.blocked_until > now()`;
/** The window has run out, or a block has (the first hit after a block starts afresh). */
const NEW_WINDOW = `(r.window_ends_at <= now() OR r.blocked_until IS NOT NULL)`;
const blockEnd = (windowEnd: string) => `CASE WHEN $5::float8 > 0 THEN now() + $5::float8 ${MS} ELSE ${windowEnd} END`;

/** $1 throttler, $2 key, $3 ttl (ms), $4 limit, $5 block duration (ms). */
export const INCREMENT_SQL = `
  INSERT INTO rate_limit_hits AS r (throttler, key, hits, window_ends_at, blocked_until)
  VALUES ($1, $2, 1, ${WINDOW_END}, CASE WHEN 1 > $4::int THEN ${blockEnd(WINDOW_END)} END)
  ON CONFLICT (throttler, key) DO UPDATE SET
    hits = CASE WHEN ${BLOCKED} THEN r.hits WHEN ${NEW_WINDOW} THEN 1 ELSE r.hits + 1 END,
    window_ends_at = CASE WHEN ${BLOCKED} THEN r.window_ends_at
                          WHEN ${NEW_WINDOW} THEN EXCLUDED.window_ends_at
                          ELSE r.window_ends_at END,
    blocked_until = CASE WHEN ${BLOCKED} THEN r.blocked_until
                         WHEN ${NEW_WINDOW} THEN EXCLUDED.blocked_until
                         WHEN r.hits + 1 > $4::int THEN ${blockEnd('r.window_ends_at')} END
  RETURNING r.hits AS hits,
            LEAST(GREATEST(ceil(extract(epoch FROM r.window_ends_at - now())), 0), ceil($3::float8 / 1000))::int
              AS time_to_expire,
            COALESCE(r.blocked_until > now(), false) AS blocked,
            CASE WHEN r.blocked_until > now()
                 THEN LEAST(ceil(extract(epoch FROM r.blocked_until - now())), ceil(GREATEST($3::float8, $5::float8) / 1000))::int
                 ELSE 0 END AS time_to_block_expire`;

interface IncrementRow {
  hits: number;
  time_to_expire: number;
  blocked: boolean;
  time_to_block_expire: number;
}

export interface PostgresThrottlerStorageOptions {
  /** How often expired rows are deleted (ms; default 60 s; 0 turns pruning off). */
  readonly pruneEveryMs?: number;
}

export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly pruneEveryMs: number;
  private pruner: NodeJS.Timeout | undefined;
  private pruning: Promise<unknown> | undefined;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    options: PostgresThrottlerStorageOptions = {},
  ) {
    this.pruneEveryMs = options.pruneEveryMs ?? 60_000;
  }

  /** Counts one hit for `key` (ttl and blockDuration in ms; the times returned in whole seconds, as throttler's). */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.startPruning();
    const rows: IncrementRow[] = await this.dataSource.query(INCREMENT_SQL, [
      throttlerName,
      key,
      ttl,
      limit,
      blockDuration,
    ]);
    const row = rows[0];
    return {
      totalHits: row.hits,
      timeToExpire: row.time_to_expire,
      isBlocked: row.blocked,
      timeToBlockExpire: row.time_to_block_expire,
    };
  }

  /** Deletes the rows whose window and block are both over; returns how many. */
  async prune(): Promise<number> {
    const [, count] = (await this.dataSource.query(`DELETE FROM rate_limit_hits WHERE expires_at < now()`)) as [
      unknown,
      number,
    ];
    return count;
  }

  /** Stops pruning and waits for a prune under way (Nest calls it before the data source closes). */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.pruner) clearInterval(this.pruner);
    this.pruner = undefined;
    await this.pruning;
  }

  private startPruning(): void {
    if (this.pruner || this.closed || this.pruneEveryMs <= 0) return;
    this.pruner = setInterval(() => {
      if (this.pruning || !this.dataSource.isInitialized) return;
      // A failed prune (database restarting) is retried on the next tick; the rows only cost space meanwhile.
      this.pruning = this.prune()
        .catch(() => undefined)
        .finally(() => (this.pruning = undefined));
    }, this.pruneEveryMs);
    this.pruner.unref();
  }
}
