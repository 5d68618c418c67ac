import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateAudit, readAllowlist, type AllowedAdvisory } from '@complaintflow/scripts/dependency-audit';

/** The shape `npm audit --json` prints (npm 10/11): per package, the advisories it is affected by (`via`). */
const REPORT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    'some-lib': {
      name: 'some-lib',
      severity: 'high',
      via: [
        {
          source: 1099001,
          name: 'some-lib',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'high',
        },
      ],
    },
    'uses-some-lib': { name: 'uses-some-lib', severity: 'high', via: ['some-lib'] },
    'minor-lib': {
      name: 'minor-lib',
      severity: 'moderate',
      via: [
        {
          source: 2,
          name: 'minor-lib',
          title: 'ReDoS',
          url: 'https://github.com/advisories/GHSA-mmmm-nnnn-oooo',
          severity: 'moderate',
        },
      ],
    },
    'bad-lib': {
      name: 'bad-lib',
      severity: 'critical',
      via: [
        {
          source: 3,
          name: 'bad-lib',
          title: 'RCE',
          url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff',
          severity: 'critical',
        },
      ],
    },
  },
});

const allow = (id: string, pkg: string, expires = '2099-01-01'): AllowedAdvisory => ({
  id,
  package: pkg,
  reason: 'not reachable from our code',
  expires,
});

describe('dependency audit (npm audit --omit=dev at high severity, with an allow-list)', () => {
  it('fails on each high or critical advisory, once per advisory, ignoring moderate ones', () => {
    const outcome = evaluateAudit(REPORT, [], '2026-12-01');
    expect(outcome.kind).toBe('audited');
    if (outcome.kind !== 'audited') return;
    expect(outcome.failing.map((f) => `${f.package} ${f.id} ${f.severity}`).sort()).toEqual([
      'bad-lib GHSA-dddd-eeee-ffff critical',
      'some-lib GHSA-aaaa-bbbb-cccc high',
    ]);
  });

  it('an allow-listed advisory passes until its entry expires; unused entries are reported', () => {
    const list = [
      allow('GHSA-aaaa-bbbb-cccc', 'some-lib'),
      allow('GHSA-dddd-eeee-ffff', 'bad-lib', '2026-11-30'),
      allow('GHSA-zzzz', 'gone'),
    ];
    const outcome = evaluateAudit(REPORT, list, '2026-12-01');
    if (outcome.kind !== 'audited') throw new Error('expected an audit');
    expect(outcome.allowed.map((f) => f.id)).toEqual(['GHSA-aaaa-bbbb-cccc']);
    expect(outcome.failing.map((f) => f.id)).toEqual(['GHSA-dddd-eeee-ffff']);
    expect(outcome.expired.map((a) => a.id)).toEqual(['GHSA-dddd-eeee-ffff']);
    expect(outcome.unused.map((a) => a.id)).toEqual(['GHSA-zzzz']);
  });

  it('a clean report passes', () => {
    expect(evaluateAudit(JSON.stringify({ vulnerabilities: {} }), [], '2026-12-01')).toMatchObject({
      kind: 'audited',
      failing: [],
    });
  });

  it('a registry that does not serve the audit endpoint is "not run", never a clean audit (the error kept)', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(evaluateAudit(refused, [], '2026-12-01')).toEqual({
      kind: 'unavailable',
      reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(evaluateAudit('npm error network ENOTFOUND', [], '2026-12-01').kind).toBe('unavailable');
  });

  it('the allow-list file: every entry needs id, package, reason and a YYYY-MM-DD expiry; the committed one parses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
    const file = join(dir, 'a.json');
    writeFileSync(file, JSON.stringify({ advisories: [{ id: 'GHSA-x', package: 'p', expires: '2027-01-01' }] }));
    expect(() => readAllowlist(file)).toThrow(/advisories\[0\]\.reason is required/);
    writeFileSync(file, JSON.stringify({ advisories: [{ id: 'GHSA-x', package: 'p', reason: 'r', expires: 'soon' }] }));
    expect(() => readAllowlist(file)).toThrow(/expires must be a date/);
    expect(Array.isArray(readAllowlist(join(__dirname, '..', '..', '.audit-allowlist.json')))).toBe(true);
  });
});
