/**
 * Stripe-style idempotency keys (API.md: `Idempotency-Key`, 1–255 characters), kept in `idempotency_keys` for at
 * least 24 hours (rows older than `RETENTION_HOURS` are pruned now and then).
 *
 * `claim` records the key with a hash of the request before the work starts:
 * - `claimed`   — first use: do the work, then `complete` (or `release` when it failed, so a retry may run again);
 * - `replay`    — the same request already answered: return the stored answer;
 * - `mismatch`  — the key was used for a different request: 422 `IDEMPOTENCY.KEY_REUSED`;
 * - `in_flight` — the same request is still running: the caller redoes the work deterministically (the same case
 *   id, the same Temporal update id), which converges on the first attempt's result.
 */
import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '@complaintflow/domain/case/canonical';
import { ApiError } from './api-error';
import { invalid } from './validation';

export const RETENTION_HOURS = 48;
const PRUNE_EVERY_MS = 10 * 60_000;

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly response: unknown }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_flight' };

/** Reads the header: absent → undefined; present → 1–255 visible ASCII characters, else 400. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw invalid([{ field: 'Idempotency-Key', reason: 'must be 1–255 visible ASCII characters (no spaces)' }]);
  }
  return key;
}

/** SHA-256 over the canonical JSON of the request (key order does not matter). */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function keyReused(): ApiError {
  return new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'IDEMPOTENCY.KEY_REUSED',
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  );
}

export class IdempotencyStore {
  private lastPrune = 0;

  constructor(private readonly ds: DataSource) {}

  async claim(scope: string, key: string, hash: string): Promise<Claim> {
    this.maybePrune();
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const rows: { request_hash: string; status_code: number | null; response: unknown }[] = await this.ds.query(
      `SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) return this.claim(scope, key, hash); // released between the two statements
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.status_code !== null) return { kind: 'replay', status: row.status_code, response: row.response };
    return { kind: 'in_flight' };
  }

  async complete(scope: string, key: string, status: number, response: unknown): Promise<void> {
    await this.ds.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      status,
      JSON.stringify(response),
    ]);
  }

  /** Forgets an unanswered key (the work failed), so a retry with it runs again. */
  async release(scope: string, key: string): Promise<void> {
    await this.ds.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [
      scope,
      key,
    ]);
  }

  private maybePrune(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.ds
      .query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [RETENTION_HOURS])
      .catch(() => undefined);
  }
}
