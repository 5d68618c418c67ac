/**
 * The bearer token of a request, verified once. The rate limiter (which counts by the token's subject) runs before
 * the AuthGuard and both need the answer, so the first to ask verifies and the answer stays on the request.
 */
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { verifyWith } from './jwt';
import { principalFromClaims, type Principal } from './principal';

export type Authentication =
  /** No `Authorization: Bearer …` header (or not one that could hold a token). */
  | { readonly kind: 'anonymous' }
  /** A token that is not valid, or that does not name a valid identity: the 401 message says which. */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'authenticated'; readonly principal: Principal };

const BEARER = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/;
const AUTHENTICATION = Symbol('authentication');

type AuthenticatedRequest = Request & { [AUTHENTICATION]?: Authentication };

@Injectable()
export class Authenticator {
  constructor(private readonly jwt: JwtService) {}

  /** The request's authentication, verified on the first call and remembered on the request. */
  authenticate(req: Request): Authentication {
    const r = req as AuthenticatedRequest;
    return (r[AUTHENTICATION] ??= this.verify(req.header('authorization')));
  }

  private verify(header: string | undefined): Authentication {
    const match = BEARER.exec(header ?? '');
    if (!match) return { kind: 'anonymous' };
    const verified = verifyWith(this.jwt, match[1]);
    if (!verified.ok) return { kind: 'refused', message: `The token is not valid: ${verified.reason}.` };
    const principal = principalFromClaims(verified.payload);
    if (!principal) return { kind: 'refused', message: 'The token does not name a valid identity.' };
    return { kind: 'authenticated', principal };
  }
}
