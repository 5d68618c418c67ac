/**
 * HS256 JSON Web Tokens with node:crypto: signature compared in constant time, `alg` pinned (no `none`, no key
 * confusion), `exp` required and checked. Small on purpose: the API only ever issues and verifies its own tokens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signJwt(
  payload: Record<string, unknown>,
  secret: string,
  ttlSeconds: number,
  nowMs = Date.now(),
): string {
  const iat = Math.floor(nowMs / 1000);
  const body = b64url(JSON.stringify({ ...payload, iat, exp: iat + ttlSeconds }));
  const sig = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest('base64url');
  return `${HEADER}.${body}.${sig}`;
}

export type JwtResult = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string };

export function verifyJwt(token: string, secret: string, nowMs = Date.now()): JwtResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [header, body, sig] = parts;
  let head: unknown;
  let payload: unknown;
  try {
    head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (typeof head !== 'object' || head === null || (head as { alg?: unknown }).alg !== 'HS256') {
    return { ok: false, reason: 'unsupported algorithm' };
  }
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad signature' };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { ok: false, reason: 'malformed token' };
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp !== 'number' || exp * 1000 <= nowMs) return { ok: false, reason: 'token expired' };
  return { ok: true, payload: payload as Record<string, unknown> };
}
