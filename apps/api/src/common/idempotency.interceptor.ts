/**
 * The HTTP side of Stripe-style idempotency (API.md: `Idempotency-Key`, 1–255 characters), for the routes that
 * take the header (intake, the actions): the interceptor reads and checks the header before the handler runs (400
 * when it is malformed) and hands it on through `@IdempotencyKey()`; the handler answers an `IdempotentAnswer`, and
 * the interceptor sends its body with its status, adding `Idempotent-Replayed: true` to a replayed answer. What a key
 * means (claim, replay, reuse with another request) stays with the services and `IdempotencyStore` (idempotency.ts).
 */
import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { invalid } from './validation';

/** What a handler behind the interceptor answers. */
export interface IdempotentAnswer<T = unknown> {
  readonly body: T;
  /** The stored answer of an earlier request with the same key (sent with `Idempotent-Replayed: true`). */
  readonly replayed: boolean;
  /** The status to answer with, when not the route's own. */
  readonly status?: number;
}

type KeyedRequest = Request & { idempotencyKey?: string };

/** Reads the header: absent → undefined; present → 1–255 visible ASCII characters, else 400. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw invalid([{ field: 'Idempotency-Key', reason: 'must be 1–255 visible ASCII characters (no spaces)' }]);
  }
  return key;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor<IdempotentAnswer, unknown> {
  intercept(ctx: ExecutionContext, next: CallHandler<IdempotentAnswer>): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<KeyedRequest>();
    req.idempotencyKey = idempotencyKeyFrom(req.headers['idempotency-key']);
    return next.handle().pipe(
      map((answer) => {
        const res = http.getResponse<Response>();
        if (answer.status !== undefined) res.status(answer.status);
        if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
        return answer.body;
      }),
    );
  }
}

/** The request's `Idempotency-Key` as the interceptor read it (undefined when none was sent). */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    ctx.switchToHttp().getRequest<KeyedRequest>().idempotencyKey,
);
