/** The authenticated caller, from a verified bearer token (docs/api.md Identity). */
import { ROLE_IDS, type Role } from '@complaintflow/domain/vocabulary';

export interface Principal {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Outlet of an outlet-level user: they see only cases of their outlet (origin or delivery). */
  readonly outlet?: string;
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
