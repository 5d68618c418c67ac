/**
 * Rate limiting with @nestjs/throttler: `RATE_LIMIT_PER_MINUTE` requests per caller in a fixed one-minute window,
 * counted in PostgreSQL (`@complaintflow/persistence/throttler-storage`) so that every replica shares the count.
 * The caller is the verified bearer token's subject, else the client address (anonymous and public-link calls, bad
 * tokens). Beyond the limit: 429 `RATE.LIMITED` in the API error shape, with `Retry-After` (seconds) until the window
 * ends. Health checks are not limited (monitoring must always get through: @SkipThrottle on the controller).
 *
 * Runs as the first global guard, before the AuthGuard, so refused calls (401, 403) count too; the token is verified
 * once for both (Authenticator).
 */
import { createHash } from 'node:crypto';
import { type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { Authenticator } from '../auth/authentication';
import { ApiError } from './api-error';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/** The throttler options of the API (the storage is the shared PostgreSQL one). */
export function rateLimitOptions(perMinute: number, storage: ThrottlerStorage): ThrottlerModuleOptions {
  return {
    // blockDuration 0: over the limit, a caller waits for the window to end (no extra penalty block).
    throttlers: [{ name: 'default', ttl: RATE_LIMIT_WINDOW_MS, limit: perMinute, blockDuration: 0 }],
    storage,
    // No X-RateLimit-* headers (the API never sent them); Retry-After is set with the 429 below.
    setHeaders: false,
  };
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {
    super(options, storage, reflector);
  }

  /** The token's subject when it verifies, else the client address (IPv6 by /64, as throttler does). */
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const auth = this.authenticator.authenticate(request);
    if (auth.kind === 'authenticated') return `sub:${auth.principal.sub}`;
    const address = (await super.getTracker(req)) ?? request.socket?.remoteAddress;
    return `ip:${address ?? 'unknown'}`;
  }

  /**
   * One count per caller across every route (throttler's default key is per handler), kept apart per rule: replicas
   * with the same limit share a count, and a changed limit starts afresh rather than judging old counts by it.
   */
  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const rule = `${props.limit}/${props.ttl}ms`;
    return super.handleRequest({
      ...props,
      generateKey: (_context, tracker) => createHash('sha256').update(`${rule}|${tracker}`).digest('base64url'),
    });
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context
      .switchToHttp()
      .getResponse<{ setHeader(name: string, value: string): void }>()
      .setHeader('Retry-After', String(seconds));
    throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'RATE.LIMITED', `Too many requests; try again in ${seconds} s.`);
  }
}
