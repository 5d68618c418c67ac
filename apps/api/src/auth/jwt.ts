/**
 * Bearer tokens: HS256 JSON Web Tokens through @nestjs/jwt (jsonwebtoken underneath). The token format is the one
 * the API always issued — header `{"alg":"HS256","typ":"JWT"}`, the claims, then `iat` and `exp` — and the checks
 * are the same: `alg` pinned to HS256 (no `none`, no key confusion), signature compared in constant time, `exp`
 * required and checked. A refusal carries a short reason for the 401 message.
 */
import { createSecretKey } from 'node:crypto';
import { JsonWebTokenError, JwtService, type JwtModuleOptions, NotBeforeError, TokenExpiredError } from '@nestjs/jwt';

const ALGORITHM = 'HS256';

/**
 * JwtModule options for the API: the auth secret, HS256 only, for signing and verifying alike. The secret goes in as
 * a secret `KeyObject`, built once: given a string, jsonwebtoken first tries to parse it as a public key on every
 * call (`createPublicKey`, about 6 % of the API's CPU in the benchmark's profile; bench/results/).
 */
export function jwtModuleOptions(secret: string): JwtModuleOptions {
  return {
    secret: createSecretKey(Buffer.from(secret, 'utf8')),
    signOptions: { algorithm: ALGORITHM },
    verifyOptions: { algorithms: [ALGORITHM] },
  };
}

/** Signs `payload` for `ttlSeconds` from `nowMs` (claims first, then `iat` and `exp`, as ever). */
export function signWith(
  jwt: JwtService,
  payload: Record<string, unknown>,
  ttlSeconds: number,
  nowMs = Date.now(),
): string {
  const claims: Record<string, unknown> = { ...payload, iat: Math.floor(nowMs / 1000) };
  delete claims.exp; // set from ttlSeconds (jsonwebtoken refuses both)
  return jwt.sign(claims, { algorithm: ALGORITHM, expiresIn: ttlSeconds });
}

/** A token for `payload` signed with `secret` (what the dev-token endpoint issues; the tests sign with it too). */
export function signJwt(
  payload: Record<string, unknown>,
  secret: string,
  ttlSeconds: number,
  nowMs = Date.now(),
): string {
  return signWith(new JwtService(jwtModuleOptions(secret)), payload, ttlSeconds, nowMs);
}

export type JwtResult = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string };

/** Verifies a token with the module's secret; never throws. */
export function verifyWith(jwt: JwtService, token: string, nowMs = Date.now()): JwtResult {
  let payload: unknown;
  try {
    payload = jwt.verify(token, { algorithms: [ALGORITHM], clockTimestamp: Math.floor(nowMs / 1000) });
  } catch (err) {
    return { ok: false, reason: refusal(err) };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { ok: false, reason: 'malformed token' };
  // jsonwebtoken accepts a token without `exp`; ours always carry one.
  if (typeof (payload as { exp?: unknown }).exp !== 'number') return { ok: false, reason: 'token expired' };
  return { ok: true, payload: payload as Record<string, unknown> };
}

/** Verifies a token signed with `secret`. */
export function verifyJwt(token: string, secret: string, nowMs = Date.now()): JwtResult {
  return verifyWith(new JwtService(jwtModuleOptions(secret)), token, nowMs);
}

/** The reasons the API always gave (they appear in the 401 message). */
function refusal(err: unknown): string {
  if (err instanceof TokenExpiredError) return 'token expired';
  if (err instanceof NotBeforeError) return 'token not yet valid';
  if (err instanceof JsonWebTokenError) {
    if (err.message === 'invalid signature') return 'bad signature';
    if (err.message === 'invalid algorithm' || err.message === 'jwt signature is required')
      return 'unsupported algorithm';
  }
  return 'malformed token';
}
