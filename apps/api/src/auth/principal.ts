/** The authenticated caller, from a verified bearer token (docs/api.md Identity). */
import { ROLE_IDS, type Role } from '@complaintflow/domain/vocabulary';

export interface Principal {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Outlet of an outlet-level user: they see only cases of their outlet (origin or delivery). */
  readonly outlet?: string;
  /** Department of a department-level user (from the staff directory). */
  readonly department?: string;
}

/** What the staff directory says of a token's subject (apps/api/src/directory). */
export interface DirectoryIdentity {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly outlet: string | null;
  readonly department: string | null;
  readonly active: boolean;
}

/** Looks a token's subject up in the staff directory (null: not listed). */
export interface DirectoryLookup {
  identityOf(sub: string): Promise<DirectoryIdentity | null>;
}

/** The DirectoryLookup provider (the directory module's; absent, tokens speak for themselves). */
export const DIRECTORY_LOOKUP = Symbol('DIRECTORY_LOOKUP');

/**
 * The principal a token's subject acts as: an active directory entry decides the roles, name and scope (outlet,
 * department), whatever the token claims; no entry leaves the token's own claims; an inactive entry: null (refused).
 */
export function principalWithDirectory(token: Principal, entry: DirectoryIdentity | null): Principal | null {
  if (entry === null) return token;
  if (!entry.active) return null;
  return {
    sub: token.sub,
    name: entry.name,
    roles: [...new Set(entry.roles)],
    ...(entry.outlet !== null ? { outlet: entry.outlet } : {}),
    ...(entry.department !== null ? { department: entry.department } : {}),
  };
}

const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Reads a principal from token claims; `null` when the claims are not a valid identity. */
export function principalFromClaims(claims: Record<string, unknown>): Principal | null {
  const { sub, name, roles, outlet } = claims;
  if (typeof sub !== 'string' || !SAFE_ID.test(sub)) return null;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => ROLE_IDS.includes(r as Role))) return null;
  if (outlet !== undefined && (typeof outlet !== 'string' || !SAFE_ID.test(outlet))) return null;
  return {
    sub,
    name: typeof name === 'string' ? name.slice(0, 100) : sub,
    roles: [...new Set(roles as Role[])],
    ...(outlet ? { outlet } : {}),
  };
}
