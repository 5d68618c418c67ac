/**
 * The staff directory as authentication reads it (`DIRECTORY_LOOKUP` of auth/principal.ts): what the directory says
 * of a token's subject, cached for `TTL_MS` so that a request does not pay a query — a caller's burst of requests
 * costs one. Entries written through this API replica are forgotten at once (`forget`), so an admin's change applies
 * to the next request here; other replicas see it within `TTL_MS` (a deactivated user keeps access for at most that
 * long). Misses are cached too (most dev tokens are not listed), and concurrent lookups of one subject share a query.
 */
import { Injectable } from '@nestjs/common';
import { StaffDirectoryRepository, type StaffIdentity } from '@complaintflow/persistence/repositories/staff-directory';
import type { DirectoryLookup } from '../auth/principal';

/** How long a lookup is trusted. */
export const TTL_MS = 5_000;
/** The most subjects kept; past it the oldest lookup is dropped. */
export const MAX_ENTRIES = 10_000;

interface Cached {
  readonly until: number;
  readonly identity: Promise<StaffIdentity | null>;
}

@Injectable()
export class PrincipalDirectory implements DirectoryLookup {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly users: StaffDirectoryRepository) {}

  identityOf(sub: string): Promise<StaffIdentity | null> {
    const now = Date.now();
    const hit = this.cache.get(sub);
    if (hit && hit.until > now) return hit.identity;
    this.cache.delete(sub);
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    const identity = this.users.identityOf(sub);
    const entry: Cached = { until: now + TTL_MS, identity };
    this.cache.set(sub, entry);
    // A failed lookup (database unavailable) is not remembered: the next request asks again.
    identity.catch(() => {
      if (this.cache.get(sub) === entry) this.cache.delete(sub);
    });
    return identity;
  }

  /** Drops what is cached of `sub` (its entry was just written). */
  forget(sub: string): void {
    this.cache.delete(sub);
  }
}
