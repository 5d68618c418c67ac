import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@complaintflow/domain/vocabulary';
import type { Principal } from './principal';

export const IS_PUBLIC = 'cf:isPublic';
export const ROLES = 'cf:roles';

/** No bearer token needed (health, docs, the customer's signed-link endpoints, dev tokens). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles (403 otherwise). `admin` is not implied: list it where it applies. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The verified caller (set by AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
