/**
 * Who may call what (docs/api.md Identity, Actions "who"), asserted as one table: every role × every complaints endpoint;
 * rate limiting (429); the OpenAPI document; security headers and CORS.
 *
 * The matrix sends bodies the validation refuses ({"__matrix": true}), so an admitted caller gets 400 (or 200 for a
 * read) and nothing changes, while a refused one gets 403 at the door; without a token every endpoint is 401.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { bootApi, intakeBody, TEST_SECRET, type ApiHarness, type ErrorAnswer } from '../support/api';
import type { Role } from '@complaintflow/domain/vocabulary';

let api: ApiHarness;
let caseId: string;

const ROLES: Role[] = ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor', 'admin'];

/** Who may call each endpoint, from docs/api.md (admin listed where it applies; auditors only read). */
const WHO: Record<string, Role[]> = {
  'POST /complaints': ['agent', 'admin'],
  'GET /complaints': ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor', 'admin'],
  'GET /complaints/:id': ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor', 'admin'],
  'POST /complaints/:id/public-link': ['agent', 'admin'],
  // R-APR-1: the team lead is the lowest approval tier (docs/api.md v2), so it has an inbox.
  'GET /approvals/pending': ['team_lead', 'supervisor', 'manager'],
  'POST actions/accept': ['agent', 'admin'],
  'POST actions/reject-inadmissible': ['agent', 'supervisor', 'admin'],
  'POST actions/resolve-on-the-spot': ['agent', 'admin'],
  'POST actions/assign': ['agent', 'team_lead', 'supervisor', 'admin'],
  'POST actions/record-findings': ['investigator', 'admin'],
  'POST actions/propose-plan': ['agent', 'investigator', 'admin'],
  'POST actions/decide-approval': ['team_lead', 'supervisor', 'manager', 'admin'],
  'POST actions/contact-attempt': ['agent', 'admin'],
  'POST actions/customer-response': ['agent', 'admin'],
  'POST actions/execute-plan': ['agent', 'investigator', 'admin'],
  'POST actions/regulator-reply': ['agent', 'supervisor', 'admin'],
  'POST actions/survey': ['agent', 'admin'],
  'POST actions/pause-sla': ['agent', 'supervisor', 'admin'],
  'POST actions/resume-sla': ['agent', 'supervisor', 'admin'],
  'POST actions/escalate': ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'admin'],
  'POST actions/reopen': ['agent', 'team_lead', 'supervisor', 'admin'],
  // docs/api.md v2 additions (R-SLA-3, R-REG-5, R-LIA-13, R-CON-3).
  'POST actions/request-evidence': ['agent', 'investigator', 'admin'],
  'POST actions/consult-hq': ['agent', 'investigator', 'admin'],
  'POST actions/hq-answer': ['supervisor', 'manager', 'admin'],
  'POST actions/arbitration-claim': ['agent', 'investigator', 'supervisor', 'admin'],
  'POST actions/arbitration-ruling': ['manager', 'admin'],
  'POST actions/sign-off-reply': ['team_lead', 'investigator', 'supervisor', 'manager', 'admin'],
};

const PROBE = { __matrix: true };

function request(endpoint: string): { method: string; path: string; body?: unknown } {
  const [method, route] = endpoint.split(' ');
  if (route.startsWith('actions/')) return { method, path: `/complaints/${caseId}/${route}`, body: PROBE };
  const path = route.replace(':id', caseId);
  return method === 'GET' ? { method, path } : { method, path, body: PROBE };
}

beforeAll(async () => {
  api = await bootApi();
  const created = await api.call<{ id: string }>('POST', '/complaints', {
    token: api.token('agent-1', ['agent']),
    body: intakeBody(),
  });
  caseId = created.body.id;
});

afterAll(async () => {
  await api?.close();
});

describe('authorisation matrix (every role × every endpoint)', () => {
  it('admits exactly the roles docs/api.md names, 403 for the rest, 401 without a token', async () => {
    const before = await api.counts();
    const expected: Record<string, Record<string, string>> = {};
    const actual: Record<string, Record<string, string>> = {};
    for (const endpoint of Object.keys(WHO)) {
      expected[endpoint] = { none: '401' };
      actual[endpoint] = {};
      const req = request(endpoint);
      const none = await api.call(req.method, req.path, { body: req.body });
      actual[endpoint].none = String(none.status);
      for (const role of ROLES) {
        expected[endpoint][role] = WHO[endpoint].includes(role) ? 'allowed' : '403';
        const res = await api.call<ErrorAnswer>(req.method, req.path, {
          token: api.token(`${role}-matrix`, [role]),
          body: req.body,
        });
        // Admitted: the read answers 200, the write refuses the probe body with 400.
        const admitted = req.method === 'GET' ? res.status === 200 : res.status === 400;
        actual[endpoint][role] = admitted ? 'allowed' : String(res.status);
        if (res.status === 403) expect(res.body.error.code).toBe('AUTH.ROLE_FORBIDDEN');
      }
    }
    expect(actual).toEqual(expected);
    expect(await api.counts()).toEqual(before);
  });

  it('the public link endpoints need no token (and refuse a bad link with 401 LINK.INVALID)', async () => {
    for (const path of ['/public/cases/abc.def/response', '/public/cases/abc.def/survey']) {
      const body = path.endsWith('response')
        ? { accepted: true }
        : { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 };
      const res = await api.call<ErrorAnswer>('POST', path, { body });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LINK.INVALID');
    }
  });

  it('a token for no known role, or with a bad identity, is 401', async () => {
    for (const claims of [
      { sub: 'x', roles: ['courier'] },
      { sub: 'has space', roles: ['agent'] },
      { roles: ['agent'] },
    ]) {
      const res = await api.call('GET', '/complaints', { token: signJwt(claims, TEST_SECRET, 60) });
      expect(res.status).toBe(401);
    }
  });
});

describe('rate limiting (429 RATE.LIMITED)', () => {
  it('limits each caller to RATE_LIMIT_PER_MINUTE, by token subject or else by address', async () => {
    const limited = await bootApi({ harness: api.h, rateLimitPerMinute: 5 });
    try {
      const token = limited.token('busy-1', ['auditor']);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await limited.call('GET', '/complaints?pageSize=1', { token })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const res = await limited.call<ErrorAnswer>('GET', '/complaints', { token });
      expect(res.body.error.code).toBe('RATE.LIMITED');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another caller has a bucket of their own; health checks are never limited.
      expect(
        (await limited.call('GET', '/complaints?pageSize=1', { token: limited.token('calm-1', ['auditor']) })).status,
      ).toBe(200);
      expect((await limited.call('GET', '/health')).status).toBe(200);
      const anonymous: number[] = [];
      for (let i = 0; i < 6; i++) anonymous.push((await limited.call('GET', '/complaints')).status);
      expect(anonymous).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('OpenAPI, headers, CORS', () => {
  interface OpenApi {
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
  }

  it('documents every complaints endpoint from the DTOs, with Simplified Chinese examples', async () => {
    const doc = (await api.call<OpenApi>('GET', '/docs-json')).body;
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/complaints',
      '/complaints/{id}',
      '/complaints/{id}/public-link',
      '/approvals/pending',
      '/public/cases/{token}/response',
      '/public/cases/{token}/survey',
      ...Object.keys(WHO)
        .filter((e) => e.includes('actions/'))
        .map((e) => `/complaints/{id}/${e.split(' ')[1]}`),
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.paths['/complaints'].post.responses).toHaveProperty('201');
    expect(doc.paths['/complaints'].post.responses).toHaveProperty('422');
    const intake = doc.components.schemas.IntakeDto.properties!;
    expect(String(intake.description.example)).toMatch(/[\u4e00-\u9fff]/);
    expect(intake).not.toHaveProperty('stage');
    expect(doc.components.schemas.RegulatorReplyDto.properties!.text.example).toContain('经向客户沟通解释');
    expect(doc.components.schemas.ComplainantDto.properties!.name.example).toBe('张三');
    // docs/api.md v2: the action bodies document the 2026-12 inputs (R-LIA-* facts, R-APR-2 reason, R-HDL-3 reference).
    const bodyOf = (action: string) => {
      const ref = (
        doc.paths[`/complaints/{id}/actions/${action}`].post.requestBody as {
          content: Record<string, { schema: { $ref: string } }>;
        }
      ).content['application/json'].schema.$ref;
      return Object.keys(doc.components.schemas[ref.split('/').pop()!].properties ?? {});
    };
    expect(bodyOf('record-findings')).toEqual(
      expect.arrayContaining(['namedParty', 'outOfArea', 'chargingOutlet', 'dueFen', 'originUnreachable']),
    );
    expect(bodyOf('propose-plan')).toEqual(expect.arrayContaining(['compensationReason', 'floorOffer']));
    expect(bodyOf('execute-plan')).toContain('paymentRef');
  });

  it('sends security headers, no CORS unless configured, and no stack traces in errors', async () => {
    const res = await api.call<ErrorAnswer>('GET', `/complaints/${caseId}`, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    const weird = await api.call<ErrorAnswer>('GET', '/complaints/%E0%A4%A', { token: api.token('a', ['agent']) });
    expect(weird.status).toBe(400);
    expect(JSON.stringify(weird.body)).not.toMatch(/\.ts:\d+|node_modules|at [A-Za-z]+ \(/);
  });

  it('errors are in Simplified Chinese by default and in English on request, the codes the same', async () => {
    const agent = api.token('lang-agent', ['agent']);
    const path = `/complaints/${caseId}/actions/pause-sla`;
    const zh = await api.call<ErrorAnswer>('POST', path, {
      token: agent,
      body: { reason: 7, extra: true },
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    expect(zh.status).toBe(400);
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'reason', reason: '必须是字符串' }),
        expect.objectContaining({ field: 'extra', reason: '不是允许的字段' }),
      ]),
    );
    const en = await api.call<ErrorAnswer>('POST', path, { token: agent, body: { reason: 7, extra: true } });
    expect(en.body.error.code).toBe(zh.body.error.code);
    expect(en.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'reason', reason: 'must be a string' })]),
    );
    const none = await fetch(`${api.base}${path}`, { method: 'POST' });
    const body = (await none.json()) as ErrorAnswer;
    expect([none.status, body.error.message]).toEqual([401, '未登录或令牌无效。']);
  });

  it('CORS_ORIGINS opens CORS to the listed origins only', async () => {
    const cors = await bootApi({ harness: api.h, env: { CORS_ORIGINS: 'https://console.example.com' } });
    try {
      const allowed = await cors.call('GET', '/health', { headers: { origin: 'https://console.example.com' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
      const other = await cors.call('GET', '/health', { headers: { origin: 'https://evil.example.com' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cors.close();
    }
  });

  it('a bad POLICY_FILE stops the boot with a message naming the path and each error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-policy-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ version: '', deadlines: {}, surprise: true }));
    try {
      const err = await bootApi({ harness: api.h, env: { POLICY_FILE: file } }).then(
        () => new Error('booted'),
        (e: unknown) => e as Error,
      );
      expect(err.message).toContain(`Invalid policy file ${file}:`);
      expect(err.message).toMatch(/surprise: .*not a known key/);
      expect(err.message).toMatch(/version/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('POST /auth/dev-token issues a working token when AUTH_MODE=dev', async () => {
    const res = await api.call<{ token: string }>('POST', '/auth/dev-token', {
      body: { sub: 'sup9', roles: ['supervisor'], name: '王主管' },
    });
    expect(res.status).toBe(200);
    expect((await api.call('GET', '/approvals/pending', { token: res.body.token })).status).toBe(200);
  });
});
