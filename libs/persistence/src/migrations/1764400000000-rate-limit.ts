import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `rate_limit_hits`: the API's rate-limit counts, shared by every replica (libs/persistence/src/throttler-storage.ts,
 * docs/adr/0007-infrastructure-libraries.md). One row per (throttler, caller key): the hits of the current window,
 * when the window ends and until when the key is blocked; `expires_at` (the later of the two) is what pruning reads.
 * UNLOGGED: the counts are worth no WAL — a crash or a failover starts every caller afresh, which is harmless.
 * fillfactor 70 leaves room on each page for HOT updates (a hit changes no indexed column).
 */
export class RateLimit1764400000000 implements MigrationInterface {
  name = 'RateLimit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_hits (
        throttler      text NOT NULL,
        key            text NOT NULL,
        hits           integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until  timestamptz,
        expires_at     timestamptz GENERATED ALWAYS AS (GREATEST(window_ends_at, blocked_until)) STORED,
        PRIMARY KEY (throttler, key)
      ) WITH (fillfactor = 70)`);
    await q.query(`CREATE INDEX rate_limit_hits_expires_idx ON rate_limit_hits (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_hits`);
  }
}
