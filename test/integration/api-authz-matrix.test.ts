/**
 * The authorisation matrix (issue 15): every role (team_lead included) × every endpoint of the OpenAPI document
 * (`/docs-json`, so an endpoint added without a row here fails the test), against an expected allow/deny table; then
 * object-level checks on every case endpoint: a user of another outlet gets 404 (never the case), and the employee a
 * complaint is about (R-FLOW-4) gets 404 on every read and every action, whatever their role — with bodies that would
 * be accepted, so a missing check would show as a changed case.
 *
 * The role matrix sends bodies and parameters that the validation refuses ({"__matrix": true}, a month "bad-month",
 * unknown ids), so an admitted caller gets a 4xx of validation or lookup (or 200 for a read) and nothing changes,
 * while a refused one gets 403 at the door; without a token every non-public endpoint is 401.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@complaintflow/domain/vocabulary';
import { bootApi, intakeBody, type ApiHarness, type ErrorAnswer } from '../support/api';

const ROLES: Role[] = ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor', 'admin'];
const STAFF = ROLES;
const ADMIN: Role[] = ['admin'];
const REPORTS: Role[] = ['supervisor', 'manager', 'auditor', 'admin'];

/** Who may call each endpoint (docs/api.md; the team lead per v2); `public` needs no token. */
const EXPECTED: Record<string, readonly Role[] | 'public'> = {
  'GET /health': 'public',
  'POST /auth/dev-token': 'public',
  'GET /auth/dev-users': 'public', // the dev sign-in's staff list (dev mode only; no contact data)
  'GET /public/cases/{token}': 'public', // the customer page's notice: the signed token is the authority
  'POST /codec/decode': ['auditor', 'admin'], // the Temporal UI's codec endpoint (docs/adr/0017)
  'POST /codec/encode': ['admin'],
  'POST /public/cases/{token}/response': 'public',
  'POST /public/cases/{token}/survey': 'public',
  'POST /complaints': ['agent', 'admin'],
  'GET /complaints': STAFF,
  'GET /complaints/{id}': STAFF,
  'POST /complaints/{id}/public-link': ['agent', 'admin'],
  'GET /complaints/{id}/history': STAFF,
  'POST /complaints/{id}/replay': ['auditor', 'admin'],
  'GET /complaints/{id}/export': ['auditor', 'admin'],
  'GET /approvals/pending': ['team_lead', 'supervisor', 'manager'],
  'POST /complaints/{id}/actions/accept': ['agent', 'admin'],
  'POST /complaints/{id}/actions/reject-inadmissible': ['agent', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/resolve-on-the-spot': ['agent', 'admin'],
  'POST /complaints/{id}/actions/assign': ['agent', 'team_lead', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/record-findings': ['investigator', 'admin'],
  'POST /complaints/{id}/actions/propose-plan': ['agent', 'investigator', 'admin'],
  'POST /complaints/{id}/actions/decide-approval': ['team_lead', 'supervisor', 'manager', 'admin'],
  'POST /complaints/{id}/actions/contact-attempt': ['agent', 'admin'],
  'POST /complaints/{id}/actions/customer-response': ['agent', 'admin'],
  'POST /complaints/{id}/actions/execute-plan': ['agent', 'investigator', 'admin'],
  'POST /complaints/{id}/actions/regulator-reply': ['agent', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/survey': ['agent', 'admin'],
  'POST /complaints/{id}/actions/pause-sla': ['agent', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/resume-sla': ['agent', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/escalate': ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'admin'],
  'POST /complaints/{id}/actions/reopen': ['agent', 'team_lead', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/request-evidence': ['agent', 'investigator', 'admin'],
  'POST /complaints/{id}/actions/consult-hq': ['agent', 'investigator', 'admin'],
  'POST /complaints/{id}/actions/hq-answer': ['supervisor', 'manager', 'admin'],
  'POST /complaints/{id}/actions/arbitration-claim': ['agent', 'investigator', 'supervisor', 'admin'],
  'POST /complaints/{id}/actions/arbitration-ruling': ['manager', 'admin'],
  'POST /complaints/{id}/actions/sign-off-reply': ['team_lead', 'investigator', 'supervisor', 'manager', 'admin'],
  'GET /me': STAFF,
  'GET /me/notifications': STAFF,
  'GET /me/notifications/stream': STAFF,
  'POST /me/notifications/{id}/read': STAFF,
  'GET /admin/notifications': ADMIN,
  'POST /admin/notifications/{id}/retry': ADMIN,
  'GET /users': ADMIN,
  'POST /users': ADMIN,
  'PATCH /users/{id}': ADMIN,
  'GET /outlets': ADMIN,
  'POST /outlets': ADMIN,
  'GET /outlets/changes/pending': ADMIN,
  'GET /outlets/{code}': ADMIN,
  'PATCH /outlets/{code}': ADMIN,
  'GET /reports/summary': REPORTS,
  'GET /reports/assessment': REPORTS,
  'GET /reports/alerts': REPORTS,
  'GET /reports/liability-publication': REPORTS,
  'GET /reports/regulator-monthly': REPORTS,
  'POST /reports/regulator-monthly/{month}/run': ADMIN,
  'POST /reports/regulator-monthly/{month}/reconciliation': ['supervisor', 'manager', 'admin'],
  'GET /reports/regulator-monthly/{month}/reconciliation': REPORTS,
  'POST /privacy/subject-access': ADMIN,
  'POST /admin/retention/run': ADMIN,
};

/** Bodies each action accepts (for the object-level checks: a caller who must not see the case never gets to use them). */
const VALID: Record<string, unknown> = {
  accept: {},
  'reject-inadmissible': { reason: 'settled', note: '已和解' },
  'resolve-on-the-spot': { explanation: '当场致歉' },
  assign: { assignee: 'inv-1' },
  'record-findings': {
    summary: '延误',
    rootCause: 'human_error',
    companyLiable: true,
    evidence: [{ kind: 'tracking_scan', ref: 'SCAN-1' }],
  },
  'propose-plan': { remedies: ['apology'], compensationFen: 0 },
  'decide-approval': { approve: true },
  'contact-attempt': { reached: false, channel: 'phone' },
  'customer-response': { accepted: true },
  'execute-plan': {},
  'regulator-reply': { text: '经核实已妥投' },
  survey: { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 },
  'pause-sla': { reason: '等待' },
  'resume-sla': { reason: '继续' },
  escalate: { reason: '客户要求' },
  reopen: { reason: '客户不满意' },
  'request-evidence': { items: ['照片'] },
  'consult-hq': { question: '是否有责?' },
  'hq-answer': { answer: '无责' },
  'arbitration-claim': { againstOutlet: 'BJ-007', amountFen: 100 },
  'arbitration-ruling': { upheld: true, amountFen: 100 },
  'sign-off-reply': { step: 'legalReview' },
};

const PROBE = { __matrix: true };
const RUN = randomUUID().slice(0, 6).toUpperCase();

let api: ApiHarness;
let endpoints: string[];
let caseId: string;
/** The object-level case: delivered by an outlet of its own, about an employee of its own. */
let scoped: { id: string; outlet: string; subject: string; waybillNo: string };

beforeAll(async () => {
  // A retention period no test's case reaches: the admin's call of the sweep erases nothing of anyone's.
  api = await bootApi({ env: { PII_RETENTION_DAYS: '36500', PII_RETENTION_SWEEP_MINUTES: '0' } });
  const agent = api.token('matrix-agent', ['agent']);
  caseId = (await api.call<{ id: string }>('POST', '/complaints', { token: agent, body: intakeBody() })).body.id;
  const outlet = `OB${RUN}`;
  const subject = `subj-${RUN}`;
  const body = intakeBody({
    subjectEmployeeId: subject,
    shipment: {
      originOutlet: 'SH-001',
      deliveryOutlet: outlet,
      freightFen: 1800,
      chargedFen: 1800,
      insured: false,
      declaredValueFen: 0,
    },
  });
  const created = await api.call<{ id: string }>('POST', '/complaints', { token: agent, body });
  scoped = { id: created.body.id, outlet, subject, waybillNo: body.waybillNo as string };
  const doc = await api.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs-json');
  endpoints = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}, 120_000);

afterAll(async () => {
  await api?.close();
});

/** Endpoints whose body is not JSON: the probe they get (the regulator list upload takes the CSV itself). */
const RAW_PROBES: Record<string, { raw: string; contentType: string }> = {
  'POST /reports/regulator-monthly/{month}/reconciliation': { raw: '申诉编号\nX', contentType: 'text/csv' },
};

function request(
  endpoint: string,
  id: string,
  body: unknown,
): { method: string; path: string; body?: unknown; raw?: { raw: string; contentType: string } } {
  const [method, template] = endpoint.split(' ');
  const path = template
    .replace('/complaints/{id}', `/complaints/${id}`)
    .replace('{token}', 'abc.def')
    .replace('{month}', 'bad-month')
    .replace('{code}', 'NOPE-0')
    .replace('/users/{id}', '/users/matrix-nobody')
    .replace('{id}', '0');
  if (RAW_PROBES[endpoint]) return { method, path, raw: RAW_PROBES[endpoint] };
  return method === 'GET' ? { method, path } : { method, path, body };
}

/** One call through the socket; a stream (SSE) is judged by its status and closed at once. */
async function send(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  raw?: { raw: string; contentType: string },
) {
  const abort = new AbortController();
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (raw) headers['content-type'] = raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers,
    body: raw ? raw.raw : body === undefined ? undefined : JSON.stringify(body),
    signal: abort.signal,
  });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status, body: undefined as unknown as ErrorAnswer };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as ErrorAnswer };
}

const lastSeq = async (id: string) =>
  Number((await api.h.dataSource.query('SELECT last_seq FROM complaint_cases WHERE id = $1', [id]))[0].last_seq);

describe('authorisation matrix: every role × every endpoint of the OpenAPI document', () => {
  it('the table names exactly the endpoints the OpenAPI document lists (a new endpoint needs its row)', () => {
    expect([...endpoints].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('admits exactly the roles of the table, 403 for the rest, 401 without a token; public endpoints ignore tokens', async () => {
    const before = await api.counts();
    const seq = await lastSeq(caseId);
    const expected: Record<string, Record<string, string>> = {};
    const actual: Record<string, Record<string, string>> = {};
    for (const endpoint of endpoints) {
      const who = EXPECTED[endpoint];
      const req = request(endpoint, caseId, PROBE);
      const none = await send(req.method, req.path, undefined, req.body, req.raw);
      expected[endpoint] = { none: who === 'public' ? 'public' : '401' };
      // A public endpoint answers without a token (a bad signed link is its own 401, LINK.INVALID).
      const publicAnswer = none.status !== 401 || none.body?.error?.code === 'LINK.INVALID';
      actual[endpoint] = { none: who === 'public' ? (publicAnswer ? 'public' : '401') : String(none.status) };
      for (const role of ROLES) {
        const res = await send(req.method, req.path, api.token(`matrix-${role}`, [role]), req.body, req.raw);
        if (res.status >= 500) throw new Error(`${endpoint} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
        if (who === 'public') {
          expected[endpoint][role] = String(none.status);
          actual[endpoint][role] = String(res.status);
          continue;
        }
        expected[endpoint][role] = who.includes(role) ? 'allowed' : '403';
        actual[endpoint][role] = res.status === 401 || res.status === 403 ? String(res.status) : 'allowed';
        if (res.status === 403)
          expect([endpoint, role, res.body.error.code]).toEqual([endpoint, role, 'AUTH.ROLE_FORBIDDEN']);
      }
    }
    expect(actual).toEqual(expected);
    // Nothing the probes sent changed anything.
    expect(await api.counts()).toEqual(before);
    expect(await lastSeq(caseId)).toBe(seq);
  }, 240_000);
});

describe('object level: outlet scope and the subject employee (R-FLOW-4) on every case endpoint', () => {
  const caseEndpoints = () => endpoints.filter((e) => e.includes('/complaints/{id}'));
  const bodyFor = (endpoint: string) => {
    const action = /\/actions\/(.+)$/.exec(endpoint)?.[1];
    if (action) return VALID[action];
    return endpoint.endsWith('/public-link') ? { purpose: 'response' } : undefined;
  };

  it('every case endpoint is covered by a valid body', () => {
    for (const e of caseEndpoints().filter((x) => x.startsWith('POST') && !x.endsWith('/replay'))) {
      expect([e, bodyFor(e) !== undefined]).toEqual([e, true]);
    }
  });

  it('a user of another outlet gets 404 on every read and action of the case, whatever their role', async () => {
    const seq = await lastSeq(scoped.id);
    const results: string[] = [];
    for (const endpoint of caseEndpoints()) {
      const who = EXPECTED[endpoint] as Role[];
      // Auditors and admins see every outlet's cases (apps/api/src/common/case-access.ts).
      for (const role of who.filter((r) => r !== 'admin' && r !== 'auditor')) {
        const req = request(endpoint, scoped.id, bodyFor(endpoint));
        const token = api.token(`far-${role}`, [role], { outlet: `ZZ${RUN}` });
        const res = await send(req.method, req.path, token, req.body);
        results.push(`${endpoint} ${role}: ${res.status} ${res.body?.error?.code ?? ''}`.trim());
      }
    }
    expect(results.filter((r) => !r.endsWith(': 404 CASE.NOT_FOUND'))).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
    expect(await lastSeq(scoped.id)).toBe(seq);
  }, 240_000);

  it('R-FLOW-4: the employee complained about gets 404 on every read and action of the case, in every role', async () => {
    const seq = await lastSeq(scoped.id);
    const results: string[] = [];
    for (const endpoint of caseEndpoints()) {
      for (const role of EXPECTED[endpoint] as Role[]) {
        const req = request(endpoint, scoped.id, bodyFor(endpoint));
        const res = await send(req.method, req.path, api.token(scoped.subject, [role]), req.body);
        results.push(`${endpoint} ${role}: ${res.status} ${res.body?.error?.code ?? ''}`.trim());
      }
    }
    expect(results.filter((r) => !r.endsWith(': 404 CASE.NOT_FOUND'))).toEqual([]);
    expect(results.length).toBeGreaterThan(60);
    expect(await lastSeq(scoped.id)).toBe(seq);
  }, 240_000);

  it('the list shows the case to its own outlet and to nobody of another outlet, nor to its subject', async () => {
    const q = `/complaints?q=${scoped.waybillNo}`;
    const ids = async (token: string) =>
      (await api.call<{ items: { id: string }[] }>('GET', q, { token })).body.items.map((i) => i.id);
    expect(await ids(api.token('near-agent', ['agent'], { outlet: scoped.outlet }))).toEqual([scoped.id]);
    for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'auditor')) {
      expect([role, await ids(api.token(`far-${role}`, [role], { outlet: `ZZ${RUN}` }))]).toEqual([role, []]);
    }
    for (const role of ROLES) {
      expect([role, await ids(api.token(scoped.subject, [role]))]).toEqual([role, []]);
    }
    // The same case, opened by its own outlet's agent: 200 (the scope refuses others, not everyone).
    const own = await api.call('GET', `/complaints/${scoped.id}`, {
      token: api.token('near-agent', ['agent'], { outlet: scoped.outlet }),
    });
    expect(own.status).toBe(200);
  });
});
