/**
 * The bearer token of a request, verified once. The rate limiter (which counts by the token's subject) runs before
 * the AuthGuard and both need the answer, so the first to ask verifies and the answer stays on the request.
 * The AuthGuard then asks `resolve`: the token's subject looked up in the staff directory, whose active entry decides
 * the roles and scope (an inactive one is refused), also once per request.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { verifyWith } from './jwt';
import {
  DIRECTORY_LOOKUP,
  principalFromClaims,
  principalWithDirectory,
  type DirectoryLookup,
  type Principal,
} from './principal';

export type Authentication =
  /** No `Authorization: Bearer …` header (or not one that could hold a token). */
  | { readonly kind: 'anonymous' }
  /** A token that is not valid, or that does not name a valid identity: the 401 message says which. */
  | { readonly kind: 'refused'; readonly message: string; readonly code?: string }
  | { readonly kind: 'authenticated'; readonly principal: Principal };

const BEARER = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/;
const AUTHENTICATION = Symbol('authentication');
const RESOLVED = Symbol('resolved');

type AuthenticatedRequest = Request & { [AUTHENTICATION]?: Authentication; [RESOLVED]?: Promise<Authentication> };

@Injectable()
export class Authenticator {
  constructor(
    private readonly jwt: JwtService,
    @Optional() @Inject(DIRECTORY_LOOKUP) private readonly directory?: DirectoryLookup,
  ) {}

  /** The request's authentication with the staff directory applied (the AuthGuard's), once per request. */
  resolve(req: Request): Promise<Authentication> {
    const r = req as AuthenticatedRequest;
    return (r[RESOLVED] ??= this.withDirectory(this.authenticate(req)));
  }

  private async withDirectory(auth: Authentication): Promise<Authentication> {
    if (auth.kind !== 'authenticated' || !this.directory) return auth;
    const principal = principalWithDirectory(auth.principal, await this.directory.identityOf(auth.principal.sub));
    if (principal) return { kind: 'authenticated', principal };
    return {
      kind: 'refused',
      code: 'AUTH.USER_INACTIVE',
      message:
        '该用户已在员工目录中停用,请联系管理员 / This user is deactivated in the staff directory; ask an administrator.',
    };
  }

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
