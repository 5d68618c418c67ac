/**
 * `idempotency_keys`: one row per `(scope, key)` with the hash of the request it was first used for and, once the
 * work is done, the answer. The claim protocol on top of it is the API's `IdempotencyStore`.
 */
import type { Queryable } from './db';

export interface IdempotencyKeyRow {
  readonly requestHash: string;
  /** null while the first request is still running. */
  readonly statusCode: number | null;
  readonly response: unknown;
}

export class IdempotencyKeysRepository {
  constructor(private readonly db: Queryable) {}

  /** Records the key for `requestHash`; false when the key is already there. */
  async insertIfAbsent(scope: string, key: string, requestHash: string): Promise<boolean> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, requestHash],
    );
    return inserted.length > 0;
  }

  async find(scope: string, key: string): Promise<IdempotencyKeyRow | undefined> {
    const rows: { request_hash: string; status_code: number | null; response: unknown }[] = await this.db.query(
      `SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, statusCode: row.status_code, response: row.response } : undefined;
  }

  /** Stores the answer of the request the key was claimed for. */
  async complete(scope: string, key: string, status: number, response: unknown): Promise<void> {
    await this.db.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      status,
      JSON.stringify(response),
    ]);
  }

  /** Forgets an unanswered key (its work failed), so a retry with it runs again. */
  async releaseUnanswered(scope: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [
      scope,
      key,
    ]);
  }

  /** Removes keys older than `hours`. */
  async pruneOlderThan(hours: number): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
  }
}
