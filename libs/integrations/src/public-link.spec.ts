import { createHmac } from 'node:crypto';
import { PUBLIC_LINK_PURPOSES, PUBLIC_LINK_TTL_MS, signPublicLink, verifyPublicLink } from './public-link';

const SECRET = 'api-test-secret-0123456789abcdef0123456789';
const CASE = '3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const NOW = Date.parse('2026-12-01T00:00:00Z');

/**
 * Tokens signed by the implementation as it stood in apps/api/src/complaints/public-link.ts (before the move), at NOW
 * with the default time to live: links already in customers' mailboxes must keep verifying.
 */
const SIGNED_BEFORE = {
  response:
    'eyJ2IjoxLCJjIjoiM2YyYTFjOWUtOGI3ZC00ZTZmLWE1YjQtYzNkMmUxZjBhOWI4IiwicCI6InJlc3BvbnNlIiwiaiI6ImFDNm80NGhWSTNkTGRpZHYiLCJlIjoxNzk2Njg4MDAwMDAwfQ.FrVHTMP1bgqdb-rSBmGA7uxqgYzxWXGb__wOJ2wZGvk',
  survey:
    'eyJ2IjoxLCJjIjoiM2YyYTFjOWUtOGI3ZC00ZTZmLWE1YjQtYzNkMmUxZjBhOWI4IiwicCI6InN1cnZleSIsImoiOiI1ejlibDdGQmJHTFRaMzd2IiwiZSI6MTc5NjY4ODAwMDAwMH0.-6YdELmkiMOXRK6BrxaZXld8Qw4FjYV0LkQc1Cj2AMM',
} as const;

/** A token with the given body, signed as the module signs (for the malformed-body cases). */
function forged(body: unknown, secret = SECRET): string {
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)).toString('base64url');
  const key = createHmac('sha256', secret).update('complaintflow/public-link/v1').digest();
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

describe('the customer signed link (R-RES-2 response, R-REV-1 survey)', () => {
  it('tokens signed before the move to @complaintflow/integrations still verify, with the same claims', () => {
    expect(verifyPublicLink(SIGNED_BEFORE.response, 'response', SECRET, NOW + 1000)).toEqual({
      ok: true,
      claims: { caseId: CASE, purpose: 'response', tokenId: 'aC6o44hVI3dLdidv', expiresAt: NOW + PUBLIC_LINK_TTL_MS },
    });
    expect(verifyPublicLink(SIGNED_BEFORE.survey, 'survey', SECRET, NOW + 1000)).toEqual({
      ok: true,
      claims: { caseId: CASE, purpose: 'survey', tokenId: '5z9bl7FBbGLTZ37v', expiresAt: NOW + PUBLIC_LINK_TTL_MS },
    });
  });

  it('signs what it verifies: the case, the purpose, a random token id and the expiry', () => {
    for (const purpose of PUBLIC_LINK_PURPOSES) {
      const { token, claims } = signPublicLink(CASE, purpose, SECRET, NOW);
      expect(claims).toMatchObject({ caseId: CASE, purpose, expiresAt: NOW + PUBLIC_LINK_TTL_MS });
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(verifyPublicLink(token, purpose, SECRET, NOW)).toEqual({ ok: true, claims });
    }
    const a = signPublicLink(CASE, 'response', SECRET, NOW);
    const b = signPublicLink(CASE, 'response', SECRET, NOW);
    expect(a.claims.tokenId).not.toBe(b.claims.tokenId);
    expect(signPublicLink(CASE, 'survey', SECRET, NOW, 60_000).claims.expiresAt).toBe(NOW + 60_000);
  });

  it('refuses an expired link, one for the other purpose, and one signed under another secret', () => {
    const { token } = signPublicLink(CASE, 'response', SECRET, NOW, 60_000);
    expect(verifyPublicLink(token, 'response', SECRET, NOW + 59_999).ok).toBe(true);
    expect(verifyPublicLink(token, 'response', SECRET, NOW + 60_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyPublicLink(token, 'survey', SECRET, NOW)).toEqual({ ok: false, reason: 'wrong_purpose' });
    expect(verifyPublicLink(token, 'response', `${SECRET}x`, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    const [payload, sig] = token.split('.');
    const tampered = `${payload.slice(0, -2)}${payload.endsWith('A') ? 'B' : 'A'}${payload.slice(-1)}.${sig}`;
    expect(verifyPublicLink(tampered, 'response', SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyPublicLink(`${payload}.${sig.slice(0, -4)}`, 'response', SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses what is not a token at all, and a correctly signed body that is not a link', () => {
    for (const bad of ['', 'abc', 'a.b.c', 'a b.c', 'x'.repeat(513), 42 as unknown as string]) {
      expect(verifyPublicLink(bad, 'response', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
    const good = { v: 1, c: CASE, p: 'response', j: 'tid', e: NOW + 1000 };
    for (const body of [
      'not json',
      { ...good, v: 2 },
      { ...good, c: 7 },
      { ...good, j: null },
      { ...good, e: 'soon' },
      { ...good, p: 'login' },
    ]) {
      expect(verifyPublicLink(forged(body), 'response', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyPublicLink(forged(good), 'response', SECRET, NOW)).toMatchObject({ ok: true });
  });
});
