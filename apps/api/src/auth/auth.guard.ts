/**
 * The global guard: every route needs a valid bearer token unless marked @Public(); @Roles() then narrows who may
 * call it. 401 for no or bad token, 403 for a role that does not allow it (API.md).
 */
import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@complaintflow/domain/vocabulary';
import { ApiError } from '../common/api-error';
import { AUTH_SECRET } from '../tokens';
import { IS_PUBLIC, ROLES } from './decorators';
import { verifyJwt } from './jwt';
import { principalFromClaims, type Principal } from './principal';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'AUTH.UNAUTHENTICATED', 'A bearer token is required.');
    const verified = verifyJwt(match[1], this.secret);
    if (!verified.ok)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'AUTH.INVALID_TOKEN', `The token is not valid: ${verified.reason}.`);
    const principal = principalFromClaims(verified.payload);
    if (!principal)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'AUTH.INVALID_TOKEN', 'The token does not name a valid identity.');
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !principal.roles.some((r) => roles.includes(r))) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'AUTH.ROLE_FORBIDDEN',
        `This needs one of the roles: ${roles.join(', ')}.`,
      );
    }
    return true;
  }
}
