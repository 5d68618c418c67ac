/**
 * The global guard: every route needs a valid bearer token unless marked @Public(); @Roles() then narrows who may
 * call it. 401 for no or bad token, 403 for a role that does not allow it (docs/api.md). The token is verified once per
 * request (Authenticator), shared with the rate limiter that runs before this guard; the staff directory then decides
 * the caller's roles and scope (401 `AUTH.USER_INACTIVE` for a deactivated entry).
 */
import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@complaintflow/domain/vocabulary';
import { ApiError } from '../common/api-error';
import { Authenticator } from './authentication';
import { IS_PUBLIC, ROLES } from './decorators';
import type { Principal } from './principal';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const auth = await this.authenticator.resolve(req);
    if (auth.kind === 'anonymous')
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'AUTH.UNAUTHENTICATED', 'A bearer token is required.');
    if (auth.kind === 'refused')
      throw new ApiError(HttpStatus.UNAUTHORIZED, auth.code ?? 'AUTH.INVALID_TOKEN', auth.message);
    const { principal } = auth;
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
