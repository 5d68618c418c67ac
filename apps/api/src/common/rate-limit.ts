/**
 * Rate limiting: an in-memory token bucket per caller — the verified bearer token's subject, else the client address
 * (anonymous and public-link calls, bad tokens). `RATE_LIMIT_PER_MINUTE` tokens refill evenly over a minute and a full
 * bucket holds as many (bursts up to a minute's worth). Beyond: 429 `RATE.LIMITED` with `Retry-After` (seconds).
 * Health checks are not limited (monitoring must always get through). One process only: behind several replicas the
 * limit applies per replica.
 */
import type { NextFunction, Request, Response } from 'express';
import { verifyJwt } from '../auth/jwt';
import { errorBody } from './api-error';

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 100_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = capacity / 60_000;
  }

  /** Takes one token for `key`; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      b = { tokens: this.capacity, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * this.perMs);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs);
  }

  /** Drops buckets that have refilled (they hold no information), or the oldest half when none has. */
  sweep(now = this.now()): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
    if (this.buckets.size >= MAX_BUCKETS) {
      let drop = Math.floor(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/;

/** Express middleware applying the buckets (see the module comment). */
export function rateLimit(perMinute: number, secret: string) {
  const buckets = new TokenBuckets(perMinute);
  const sweeper = setInterval(() => buckets.sweep(), 60_000);
  sweeper.unref();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path === '/health') return next();
    const match = BEARER.exec(req.header('authorization') ?? '');
    let key = `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    if (match) {
      const verified = verifyJwt(match[1], secret);
      if (verified.ok && typeof verified.payload.sub === 'string') key = `sub:${verified.payload.sub}`;
    }
    const waitMs = buckets.take(key);
    if (waitMs === 0) return next();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
    res
      .status(429)
      .json(errorBody('RATE.LIMITED', `Too many requests; try again in ${Math.max(1, Math.ceil(waitMs / 1000))} s.`));
  };
}
