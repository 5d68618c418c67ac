/**
 * The customer's signed link (docs/api.md Identity: the customer never logs in). A token carries the case id, a purpose
 * (`response`: confirm or decline the result, R-RES-2; `survey`: the satisfaction survey, R-REV-1), a random token id
 * and an expiry, signed with HMAC-SHA256 under a key derived from the auth secret for this purpose only (a bearer
 * token can never pass as a link, nor the reverse). Pure node:crypto, in this package so that both the API (which
 * verifies the links, `POST /public/cases/:token/...`, and signs them on request) and the notification relay (which
 * signs the links of the result notice, R-RES-1, and the survey invitation, R-REV-1) use the one implementation.
 * `response` tokens are single use (`public_link_uses`, checked by the API).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const PUBLIC_LINK_PURPOSES = ['response', 'survey'] as const;
export type PublicLinkPurpose = (typeof PUBLIC_LINK_PURPOSES)[number];

/** How long a link stays valid. */
export const PUBLIC_LINK_TTL_MS = 7 * 24 * 3600_000;

export interface PublicLinkClaims {
  readonly caseId: string;
  readonly purpose: PublicLinkPurpose;
  /** Random token id (single use is recorded by it). */
  readonly tokenId: string;
  /** Expiry, epoch milliseconds. */
  readonly expiresAt: number;
}

function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('complaintflow/public-link/v1').digest();
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', linkKey(secret)).update(payload).digest('base64url');
}

export function signPublicLink(
  caseId: string,
  purpose: PublicLinkPurpose,
  secret: string,
  now = Date.now(),
  ttlMs = PUBLIC_LINK_TTL_MS,
): { token: string; claims: PublicLinkClaims } {
  const claims: PublicLinkClaims = {
    caseId,
    purpose,
    tokenId: randomBytes(12).toString('base64url'),
    expiresAt: now + ttlMs,
  };
  const payload = Buffer.from(
    JSON.stringify({ v: 1, c: claims.caseId, p: claims.purpose, j: claims.tokenId, e: claims.expiresAt }),
  ).toString('base64url');
  return { token: `${payload}.${sign(payload, secret)}`, claims };
}

export type PublicLinkCheck =
  | { readonly ok: true; readonly claims: PublicLinkClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_purpose' };

export function verifyPublicLink(
  token: string,
  purpose: PublicLinkPurpose,
  secret: string,
  now = Date.now(),
): PublicLinkCheck {
  if (typeof token !== 'string' || token.length > 512) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
    return { ok: false, reason: 'malformed' };
  }
  const [payload, sig] = parts;
  const expected = Buffer.from(sign(payload, secret), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  let body: { v?: unknown; c?: unknown; p?: unknown; j?: unknown; e?: unknown };
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    body.v !== 1 ||
    typeof body.c !== 'string' ||
    typeof body.j !== 'string' ||
    typeof body.e !== 'number' ||
    !PUBLIC_LINK_PURPOSES.includes(body.p as PublicLinkPurpose)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (body.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
  if (body.e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { caseId: body.c, purpose, tokenId: body.j, expiresAt: body.e } };
}
