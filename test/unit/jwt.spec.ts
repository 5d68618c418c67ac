/**
 * Bearer tokens on @nestjs/jwt keep the format and the refusals of the HS256 code they replaced: the golden token
 * below was issued by that code, and the same inputs must still give it byte for byte.
 */
import { createHmac } from 'node:crypto';
import { signJwt, verifyJwt } from '@complaintflow/api/auth/jwt';

const SECRET = 'golden-secret-0123456789abcdef0123456789';
const ISSUED = Date.UTC(2026, 11, 1, 8, 0, 0);
const CLAIMS = { sub: 'agent-1', name: '张三', roles: ['agent'], outlet: 'SH-001' };
const GOLDEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudC0xIiwibmFtZSI6IuW8oOS4iSIsInJvbGVzIjpbImFnZW50Il0sIm91dGxldC' +
  'I6IlNILTAwMSIsImlhdCI6MTc5NjExMjAwMCwiZXhwIjoxNzk2MTE1NjAwfQ.QGNFEJXcoJSEyRQ3ChK5gcLL0qEYJ6dRRSN6NzsbMCg';

const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
/** A token signed by hand (any header, any body), to reach the refusals jsonwebtoken would never issue. */
function handMade(header: unknown, body: unknown, secret = SECRET): string {
  const unsigned = `${b64(header)}.${b64(body)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('bearer tokens (@nestjs/jwt)', () => {
  it('signs exactly as before: header, claims, then iat and exp', () => {
    expect(signJwt(CLAIMS, SECRET, 3600, ISSUED)).toBe(GOLDEN);
  });

  it('verifies a token of the old code, until it expires', () => {
    expect(verifyJwt(GOLDEN, SECRET, ISSUED + 1000)).toEqual({
      ok: true,
      payload: { ...CLAIMS, iat: ISSUED / 1000, exp: ISSUED / 1000 + 3600 },
    });
    expect(verifyJwt(GOLDEN, SECRET, ISSUED + 3600_000)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('refuses with the reasons the 401 message always gave', () => {
    const now = ISSUED + 1000;
    const exp = ISSUED / 1000 + 60;
    const cases: [string, string][] = [
      [`${GOLDEN.slice(0, -4)}AAAA`, 'bad signature'],
      [signJwt(CLAIMS, 'another-secret-0123456789abcdef0123456789', 3600, ISSUED), 'bad signature'],
      [handMade({ alg: 'HS512', typ: 'JWT' }, { ...CLAIMS, exp }), 'unsupported algorithm'],
      [`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...CLAIMS, exp })}.`, 'unsupported algorithm'],
      [handMade({ alg: 'HS256', typ: 'JWT' }, CLAIMS), 'token expired'],
      ['not-a-token', 'malformed token'],
      ['abc.def.ghi', 'malformed token'],
      [handMade({ alg: 'HS256', typ: 'JWT' }, ['an', 'array']), 'malformed token'],
    ];
    for (const [token, reason] of cases)
      expect([token, verifyJwt(token, SECRET, now)]).toEqual([token, { ok: false, reason }]);
  });
});
