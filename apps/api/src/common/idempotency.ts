/**
 * Stripe-style idempotency keys (docs/api.md: `Idempotency-Key`, 1–255 characters), kept in `idempotency_keys` for at
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
import { IdempotencyKeysRepository } from '@complaintflow/persistence/repositories/idempotency-keys';
import { ApiError } from './api-error';

export const RETENTION_HOURS = 48;
const PRUNE_EVERY_MS = 10 * 60_000;

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly response: unknown }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_flight' };

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

/** The claim protocol over `idempotency_keys` (its SQL is `IdempotencyKeysRepository`'s). */
export class IdempotencyStore {
  private lastPrune = 0;
  private readonly keys: IdempotencyKeysRepository;

  constructor(db: DataSource) {
    this.keys = new IdempotencyKeysRepository(db);
  }

  async claim(scope: string, key: string, hash: string): Promise<Claim> {
    this.maybePrune();
    if (await this.keys.insertIfAbsent(scope, key, hash)) return { kind: 'claimed' };
    const row = await this.keys.find(scope, key);
    if (!row) return this.claim(scope, key, hash); // released between the two statements
    if (row.requestHash !== hash) return { kind: 'mismatch' };
    if (row.statusCode !== null) return { kind: 'replay', status: row.statusCode, response: row.response };
    return { kind: 'in_flight' };
  }

  async complete(scope: string, key: string, status: number, response: unknown): Promise<void> {
    await this.keys.complete(scope, key, status, response);
  }

  /** Forgets an unanswered key (the work failed), so a retry with it runs again. */
  async release(scope: string, key: string): Promise<void> {
    await this.keys.releaseUnanswered(scope, key);
  }

  private maybePrune(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.keys.pruneOlderThan(RETENTION_HOURS).catch(() => undefined);
  }
}
