/**
 * Complaints over HTTP (docs/api.md Complaints) through a real socket, on the real PostgreSQL and Temporal: intake
 * (validation, idempotency, regulator dedup, repeats, personal data), the read side (filters, live overdue, masking,
 * object-level access) and the hardening around them (401, 413, 415, malformed JSON).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { loadPolicyFile } from '@complaintflow/api/complaints/policy-file';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { WITHHELD } from '@complaintflow/domain/free-text';
import {
  bootApi,
  intakeBody,
  newPhone,
  newWaybill,
  seedCase,
  TEST_SECRET,
  type ApiHarness,
  type ErrorAnswer,
  type IntakeAnswer,
} from '../support/api';
import { testDataConverter, testEnv } from '../support/env';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';
import { intake as intakeFixture } from '../support/fixtures';

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

let api: ApiHarness;
let policy: PolicyDocument;
let agent: string;
let agent2: string;
let auditor: string;
let admin: string;
let supervisor: string;

beforeAll(async () => {
  api = await bootApi();
  policy = loadPolicyFile(undefined);
  agent = api.token('agent-1', ['agent']);
  agent2 = api.token('agent-2', ['agent']);
  auditor = api.token('aud-1', ['auditor']);
  admin = api.token('adm-1', ['admin']);
  supervisor = api.token('sup-1', ['supervisor']);
});

afterAll(async () => {
  await api?.close();
});

const post = (body: unknown, token = agent, headers: Record<string, string> = {}) =>
  api.call<IntakeAnswer & ErrorAnswer>('POST', '/complaints', { token, body, headers });

interface CaseBody {
  id: string;
  stage: string;
  status: string;
  complainant: { name: string | null; phone: string | null; email: string | null; party: string };
  description: string | null;
  deadlines: Record<string, { dueAt: string; state: string; statutory: boolean }>;
  overdue: boolean;
  isRepeat: boolean;
  floorOffer: { fen: number } | null;
  receivedAt: string;
  updatedAt: string;
  owner: { id: string };
  actions: string[];
}

interface ListBody {
  items: { id: string; stage: string; overdue: boolean; waybillNo: string; receivedAt: string }[];
  total: number;
}

describe('POST /complaints (intake)', () => {
  it('creates a case: 201 with id, workflowId, stage, policyVersion and live deadlines (R-SLA-1, R-SLA-6)', async () => {
    const res = await post(intakeBody());
    expect(res.status).toBe(201);
    const b = res.body;
    expect(b.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.workflowId).toBe(`complaint-${b.id}`);
    expect(b.stage).toBe('acceptance');
    expect(b.policyVersion).toBe(policy.version);
    expect(b.deadlines.classify).toMatchObject({ state: 'running' });
    expect(new Date(b.deadlines.classify.dueAt).toISOString()).toBe(b.deadlines.classify.dueAt);
    expect(b.deadlines.statutory_reply).toMatchObject({ state: 'running', statutory: true });
    // The answer comes once the case row and its first event are in PostgreSQL (update-with-start on sync).
    const [row] = await api.h.dataSource.query('SELECT stage, last_seq FROM complaint_cases WHERE id = $1', [b.id]);
    expect(row).toEqual({ stage: 'acceptance', last_seq: 1 });
  });

  it('a customer may ask to be messaged at night too (complainant.contactAtNight); a non-boolean is 400 and writes nothing', async () => {
    const body = intakeBody();
    const yes = await post({ ...body, complainant: { ...(body.complainant as object), contactAtNight: true } });
    expect(yes.status).toBe(201);
    const view = (id: string) =>
      api.call<{ complainant: { contactAtNight: boolean } }>('GET', `/complaints/${id}`, { token: agent });
    expect((await view(yes.body.id)).body.complainant.contactAtNight).toBe(true);
    const no = await post(intakeBody());
    expect((await view(no.body.id)).body.complainant.contactAtNight).toBe(false);
    const before = await api.counts();
    const other = intakeBody();
    const bad = await post({ ...other, complainant: { ...(other.complainant as object), contactAtNight: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual(['complainant.contactAtNight']);
    expect(await api.counts()).toEqual(before);
  });

  it('R-SEC-1: personal data is stored only encrypted, and never reaches the workflow, its id, attributes or events', async () => {
    const name = '欧阳测试';
    const phone = '13900001111';
    const email = 'ouyang.test@example.com';
    const res = await post(
      intakeBody({
        complainant: { name, phone, email, party: 'sender' },
        description: `包裹破损,请回电 ${phone} 或发邮件 ${email},谢谢`,
      }),
    );
    expect(res.status).toBe(201);
    const id = res.body.id;
    const dump = async (sql: string) => JSON.stringify(await api.h.dataSource.query(sql, [id]));
    const complainantRow = await dump('SELECT * FROM case_complainants WHERE case_id = $1');
    for (const secret of [name, phone, email]) expect(complainantRow).not.toContain(secret);
    const [stored] = await api.h.dataSource.query(
      'SELECT sealed, search_text, complainant_key FROM case_complainants WHERE case_id = $1',
      [id],
    );
    expect(stored.sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(stored.search_text).toContain('包裹破损');
    expect(stored.search_text).toContain('▒');
    expect(stored.complainant_key).toMatch(/^ck_[0-9a-f]{32}$/);

    const caseRow = await dump('SELECT * FROM complaint_cases WHERE id = $1');
    const events = await dump('SELECT * FROM case_events WHERE case_id = $1');
    const handle = api.h.client.workflow.getHandle(res.body.workflowId);
    // Decrypted with the tests' keyring (docs/adr/0017), then every base64 payload decoded: even opened, the
    // workflow's payloads hold no personal data (the raw encrypted history: test/integration/payload-encryption.test.ts).
    const opened = await decodePayloadsIn(await handle.fetchHistory(), testDataConverter.payloadCodecs ?? []);
    const raw = JSON.stringify(opened.events);
    const history = [raw, ...[...raw.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => b64(m[1]))].join('\n');
    const description = await handle.describe();
    const attributes = JSON.stringify(description.typedSearchAttributes);
    for (const text of [caseRow, events, history, attributes, res.body.workflowId]) {
      for (const secret of [name, phone, email, '包裹破损']) expect(text).not.toContain(secret);
    }
    expect(history).toContain(stored.complainant_key);

    // Staff who handle cases read it back in clear.
    const detail = await api.call<CaseBody>('GET', `/complaints/${id}`, { token: agent });
    expect(detail.body.complainant).toMatchObject({ name, phone, email, party: 'sender' });
    expect(detail.body.description).toContain(phone);
  });

  it('400 REQUEST.INVALID lists every bad field with its reason (R-ACC-1, R-ACC-2, R-CH-1)', async () => {
    const before = await api.counts();
    const res = await post(
      intakeBody({
        channel: 'carrier_pigeon',
        waybillNo: 'AB',
        complainant: { name: '  ', party: 'neighbour' },
        description: '   ',
        claimedFen: '100',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.INVALID');
    const byField = Object.fromEntries(res.body.error.details.map((d) => [d.field, d]));
    expect(Object.keys(byField).sort()).toEqual(
      [
        'channel',
        'claimedFen',
        'complainant.name',
        'complainant.party',
        'complainant.phone',
        'description',
        'waybillNo',
      ].sort(),
    );
    expect(byField['complainant.phone']).toMatchObject({ ruleId: 'R-ACC-1' });
    expect(byField['waybillNo']).toMatchObject({ ruleId: 'R-ACC-1' });
    expect(byField['description'].reason).toMatch(/own words/);
    expect(await api.counts()).toEqual(before);
  });

  it('refuses unknown properties: no mass assignment of stage, owner or liability', async () => {
    const res = await post(
      intakeBody({
        stage: 'closed',
        ownerId: 'me',
        liability: { companyLiable: false },
        shipment: { extra: 1 },
        // Names Object.prototype carries pass class-validator's whitelist unless refused first (found by api-fuzz).
        toString: 'x',
        complainant: { name: '张三', phone: '13812345678', party: 'sender', valueOf: 1 },
      }),
    );
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['stage', 'ownerId', 'liability', 'shipment.extra']));
    const proto = await post({ ...intakeBody(), toString: 'x', hasOwnProperty: 1 });
    expect(proto.status).toBe(400);
    expect(proto.body.error.details.map((d) => d.field).sort()).toEqual(['hasOwnProperty', 'toString']);
    expect(res.body.error.details.find((d) => d.field === 'stage')?.reason).toBe('is not an allowed property');
  });

  it('malformed JSON is 400, a non-JSON body 415, a body over 64 KiB 413 — all in the API error shape', async () => {
    const malformed = await api.call<ErrorAnswer>('POST', '/complaints', { token: agent, raw: '{"channel": "phone",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('REQUEST.MALFORMED_JSON');

    const deep = await api.call<ErrorAnswer>('POST', '/complaints', {
      token: agent,
      raw: `{"a":${'['.repeat(30_000)}`,
    });
    expect(deep.status).toBe(400);
    const nested = await post({ ...intakeBody(), x: JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`) });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details[0].reason).toMatch(/nested deeper/);

    const text = await api.call<ErrorAnswer>('POST', '/complaints', {
      token: agent,
      raw: 'channel=phone',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');

    const big = await post(intakeBody({ description: '很'.repeat(30_000) }));
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({ code: 'REQUEST.TOO_LARGE', message: expect.any(String), details: [] });
  });

  it('401 without a token, with a bad one, or an expired one', async () => {
    const none = await api.call<ErrorAnswer>('POST', '/complaints', { body: intakeBody() });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await post(intakeBody(), `${agent.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('AUTH.INVALID_TOKEN');
    const expired = signJwt({ sub: 'agent-1', roles: ['agent'] }, TEST_SECRET, 60, Date.now() - 3600_000);
    expect((await post(intakeBody(), expired)).status).toBe(401);
  });

  it('403 for a role that does not take complaints (auditor, investigator)', async () => {
    const res = await post(intakeBody(), auditor);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH.ROLE_FORBIDDEN');
    expect((await post(intakeBody(), api.token('inv-1', ['investigator']))).status).toBe(403);
    expect((await post(intakeBody(), admin)).status).toBe(201);
  });

  describe('Idempotency-Key', () => {
    it('the same key and body return the same case (200, Idempotent-Replayed); nothing new is written', async () => {
      const body = intakeBody();
      const key = `intake-${randomUUID()}`;
      const first = await post(body, agent, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const before = await api.counts();
      const again = await post(body, agent, { 'Idempotency-Key': key });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(again.body).toEqual(first.body);
      expect(await api.counts()).toEqual(before);
    });

    it('the same key with a different body is 422 IDEMPOTENCY.KEY_REUSED', async () => {
      const key = `intake-${randomUUID()}`;
      expect((await post(intakeBody(), agent, { 'Idempotency-Key': key })).status).toBe(201);
      const before = await api.counts();
      const reused = await post(intakeBody(), agent, { 'Idempotency-Key': key });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
      expect(await api.counts()).toEqual(before);
    });

    it('concurrent retries with one key converge on one case', async () => {
      const body = intakeBody();
      const key = `intake-${randomUUID()}`;
      const answers = await Promise.all([1, 2, 3].map(() => post(body, agent, { 'Idempotency-Key': key })));
      const ids = new Set(answers.map((a) => a.body.id));
      expect(ids.size).toBe(1);
      expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
      const [n] = await api.h.dataSource.query('SELECT count(*)::int AS n FROM complaint_cases WHERE waybill_no = $1', [
        body.waybillNo,
      ]);
      expect(n.n).toBe(1);
    });

    it('keys are per caller, and a bad key is 400', async () => {
      const body = intakeBody();
      const key = `intake-${randomUUID()}`;
      const mine = await post(body, agent, { 'Idempotency-Key': key });
      const theirs = await post(body, agent2, { 'Idempotency-Key': key });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      const bad = await post(intakeBody(), agent, { 'Idempotency-Key': 'x'.repeat(256) });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('Idempotency-Key');
    });
  });

  it('R-CH-2: a regulator appeal whose externalRef is on file returns that case (200), nothing new', async () => {
    const externalRef = `YZ-${randomUUID().slice(0, 8)}`;
    const first = await post(intakeBody({ channel: 'regulator', externalRef }));
    expect(first.status).toBe(201);
    const before = await api.counts();
    const again = await post(intakeBody({ channel: 'regulator', externalRef, description: '再次申诉' }), agent2);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await api.counts()).toEqual(before);
  });

  it('R-CAT-4: a repeat by waybill, or by the same complainant about the same category (phone written differently)', async () => {
    const waybillNo = newWaybill();
    const phone = `137${String(Date.now()).slice(-8)}`;
    const first = await post(intakeBody({ waybillNo, complainant: { name: '李四', phone, party: 'recipient' } }));
    expect(first.body.isRepeat).toBe(false);
    const sameWaybill = await post(intakeBody({ waybillNo: waybillNo.toLowerCase(), category: 'damage' }));
    expect(sameWaybill.status).toBe(201);
    expect(sameWaybill.body.isRepeat).toBe(true);
    const formatted = `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    const sameComplainant = await post(
      intakeBody({ complainant: { name: '李四', phone: formatted, party: 'sender' } }),
    );
    expect(sameComplainant.body.isRepeat).toBe(true);
    const otherMatter = await post(
      intakeBody({ category: 'overcharge', complainant: { name: '李四', phone, party: 'sender' } }),
    );
    expect(otherMatter.body.isRepeat).toBe(false);
    const [row] = await api.h.dataSource.query(
      'SELECT is_repeat, escalation_level FROM complaint_cases WHERE id = $1',
      [sameWaybill.body.id],
    );
    expect(row.is_repeat).toBe(true);
  });

  it('a start that fails leaves no complainant row behind (503, never one without the other)', async () => {
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    const broken = await bootApi({
      harness: { ...api.h, client: new Client({ connection, namespace: 'no-such-namespace' }) },
    });
    try {
      const before = await api.counts();
      const res = await broken.call<ErrorAnswer>('POST', '/complaints', { token: agent, body: intakeBody() });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('SERVICE.UNAVAILABLE');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
      expect(await api.counts()).toEqual(before);
    } finally {
      await broken.close();
      await connection.close();
    }
  });
});

describe('GET /complaints (list and search)', () => {
  const outlet = `T${randomUUID().slice(0, 6).toUpperCase()}`;
  const ids: Record<string, string> = {};
  const waybills: Record<string, string> = {};
  const phoneA = newPhone();

  beforeAll(async () => {
    const mk = async (name: string, overrides: Record<string, unknown>) => {
      waybills[name] = newWaybill('LT');
      const res = await post(
        intakeBody({
          waybillNo: waybills[name],
          shipment: {
            originOutlet: name === 'b' ? 'OTHER-1' : outlet,
            deliveryOutlet: name === 'b' ? outlet : 'BJ-007',
            freightFen: 1800,
            chargedFen: 1800,
            insured: false,
            declaredValueFen: 0,
          },
          ...overrides,
        }),
      );
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    };
    await mk('a', {
      category: 'delay',
      complainant: { name: '王五', phone: phoneA, party: 'sender' },
      description: `派送员态度恶劣并且延误,电话 ${phoneA}`,
    });
    await mk('b', { category: 'damage', externalRef: `REF-${outlet}` });
    await mk('c', { category: 'loss', urgency: 'urgent' });
    // c goes to investigation (stage filter), a is escalated one level by hand (escalationLevel filter).
    const c = ids.c;
    expect((await api.call('POST', `/complaints/${c}/actions/accept`, { token: agent, body: {} })).status).toBe(200);
    expect(
      (await api.call('POST', `/complaints/${c}/actions/assign`, { token: agent, body: { assignee: 'inv-1' } })).status,
    ).toBe(200);
  });

  const list = (query: string, token = agent) =>
    api.call<ListBody & ErrorAnswer>('GET', `/complaints?${query}`, { token });
  const idsOf = (b: ListBody) => b.items.map((i) => i.id).sort();

  it('filters by outlet (origin or delivery), category, stage, urgency and escalation level', async () => {
    expect(idsOf((await list(`outlet=${outlet}`)).body)).toEqual([ids.a, ids.b, ids.c].sort());
    expect(idsOf((await list(`outlet=${outlet}&category=damage`)).body)).toEqual([ids.b]);
    expect(idsOf((await list(`outlet=${outlet}&stage=investigation`)).body)).toEqual([ids.c]);
    expect(idsOf((await list(`outlet=${outlet}&urgency=urgent`)).body)).toEqual([ids.c]);
    // R-FLOW-3: urgent starts with a supervisor (level 2).
    expect(idsOf((await list(`outlet=${outlet}&escalationLevel=2`)).body)).toEqual([ids.c]);
    expect(idsOf((await list(`outlet=${outlet}&escalationLevel=0`)).body)).toEqual([ids.a, ids.b].sort());
  });

  it('q searches waybill, external ref and description; a phone number finds its complainant by the keyed hash', async () => {
    expect(idsOf((await list(`q=${waybills.a.slice(-9)}`)).body)).toEqual([ids.a]);
    expect(idsOf((await list(`q=${encodeURIComponent(`ref-${outlet.toLowerCase()}`)}`)).body)).toEqual([ids.b]);
    expect(idsOf((await list(`outlet=${outlet}&q=${encodeURIComponent('态度恶劣')}`)).body)).toEqual([ids.a]);
    // Exact search by phone through the complainant key (never by contact data in clear; the description's copy of
    // the number is blanked): the same number however it is written, nobody else's.
    expect(idsOf((await list(`q=${phoneA}`)).body)).toEqual([ids.a]);
    expect(idsOf((await list(`q=${encodeURIComponent(`+86 ${phoneA.slice(0, 3)}-${phoneA.slice(3)}`)}`)).body)).toEqual(
      [ids.a],
    );
    const another = `${phoneA.slice(0, 10)}${phoneA.endsWith('9') ? '8' : '9'}`; // one digit off, never phoneA itself
    expect((await list(`q=${another}`)).body.items.map((i) => i.id)).not.toContain(ids.a);
    const [stored] = await api.h.dataSource.query(
      `SELECT count(*)::int AS n FROM case_complainants WHERE search_text LIKE '%' || $1 || '%'`,
      [phoneA],
    );
    expect(stored.n).toBe(0);
    expect((await list(`q=${encodeURIComponent('%')}&outlet=${outlet}`)).body.total).toBe(0);
  });

  it('pages, totals and sorts', async () => {
    const page1 = (await list(`outlet=${outlet}&pageSize=2&page=1&sort=receivedAt`)).body;
    const page2 = (await list(`outlet=${outlet}&pageSize=2&page=2&sort=receivedAt`)).body;
    expect(page1.total).toBe(3);
    expect(page1.items.map((i) => i.id)).toEqual([ids.a, ids.b]);
    expect(page2.items.map((i) => i.id)).toEqual([ids.c]);
    const desc = (await list(`outlet=${outlet}&sort=-receivedAt`)).body;
    expect(desc.items.map((i) => i.id)).toEqual([ids.c, ids.b, ids.a]);
    expect(desc.items[0].receivedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('400 for a bad query: pageSize over 200, page 0, unknown stage, unknown parameter', async () => {
    for (const q of ['pageSize=201', 'page=0', 'stage=limbo', 'escalationLevel=x', 'overdue=yes', 'owner=me']) {
      const res = await list(q);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body.error.code).toBe('REQUEST.INVALID');
    }
    expect((await list('pageSize=200')).status).toBe(200);
  });

  it('overdue=true follows live deadlines (R-SLA-*), not the coarse overdue column', async () => {
    const seedOutlet = `OV${randomUUID().slice(0, 6).toUpperCase()}`;
    const shipment = { ...intakeFixture().shipment, originOutlet: seedOutlet };
    const old = intakeFixture({ shipment, receivedAt: Date.now() - 10 * 86_400_000, waybillNo: newWaybill('OV') });
    const fresh = intakeFixture({ shipment, receivedAt: Date.now(), waybillNo: newWaybill('OV') });
    await seedCase(api.h, policy, old, false); // breached long ago, column says not overdue
    await seedCase(api.h, policy, fresh, true); // column says overdue, deadlines are fine
    const overdue = (await list(`outlet=${seedOutlet}&overdue=true`)).body;
    expect(overdue.items.map((i) => i.id)).toEqual([old.caseId]);
    expect(overdue.total).toBe(1);
    expect(overdue.items[0].overdue).toBe(true);
    const notOverdue = (await list(`outlet=${seedOutlet}&overdue=false`)).body;
    expect(notOverdue.items.map((i) => i.id)).toEqual([fresh.caseId]);
    const detail = await api.call<CaseBody>('GET', `/complaints/${old.caseId}`, { token: agent });
    expect(detail.body.overdue).toBe(true);
    expect(detail.body.deadlines.classify.state).toBe('breached');
  });
});

describe('GET /complaints/:id', () => {
  it('returns the case with live deadlines, ISO times and the actions the caller may take', async () => {
    const created = await post(intakeBody());
    const res = await api.call<CaseBody>('GET', `/complaints/${created.body.id}`, { token: agent });
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b).toMatchObject({ id: created.body.id, stage: 'acceptance', status: 'open', owner: { id: 'agent-1' } });
    expect(b.deadlines.classify.state).toBe('running');
    expect(b.receivedAt).toMatch(/Z$/);
    expect(b.actions).toContain('accept');
    expect(b.actions).not.toContain('assign'); // not before it is classified
    expect(b).toHaveProperty('liability', null);
    expect(b).toHaveProperty('plan', null);
    expect(b).toHaveProperty('negotiationRounds', []);
    expect(b).toHaveProperty('floorOffer', null);
    expect(b).toHaveProperty('survey', null);
    expect(b).not.toHaveProperty('policy');
  });

  it('lists exactly what the case accepts now: resume-sla only while paused, pause-sla only while running', async () => {
    const created = await post(intakeBody());
    const path = `/complaints/${created.body.id}`;
    const before = await api.call<CaseBody>('GET', path, { token: agent });
    expect(before.body.actions).toContain('pause-sla');
    expect(before.body.actions).not.toContain('resume-sla');
    const paused = await api.call<CaseBody>('POST', `${path}/actions/pause-sla`, {
      token: agent,
      body: { reason: '等待客户提供照片' },
    });
    expect(paused.status).toBe(200);
    expect(paused.body.actions).toContain('resume-sla');
    expect(paused.body.actions).not.toContain('pause-sla');
    // What the list leaves out, the case refuses.
    const again = await api.call('POST', `${path}/actions/pause-sla`, { token: agent, body: { reason: '再次暂停' } });
    expect(again.status).toBe(409);
  });

  it('R-SEC-1: an auditor sees personal data masked (138****5678), the description withheld (ADR 0019)', async () => {
    const created = await post(
      intakeBody({
        complainant: { name: '张三丰', phone: '13812345678', email: 'zhang@example.com', party: 'sender' },
        description: '请打 13812345678 或写信到 zhang@example.com',
      }),
    );
    const res = await api.call<CaseBody>('GET', `/complaints/${created.body.id}`, { token: auditor });
    expect(res.status).toBe(200);
    expect(res.body.complainant).toMatchObject({ name: '张**', phone: '138****5678', email: 'z***@example.com' });
    // The customer's own words may name anyone: withheld from an auditor (libs/domain/src/free-text.ts).
    expect(res.body.description).toBe(WITHHELD);
    expect(res.body.actions).toEqual([]);
    const forSupervisor = await api.call<CaseBody>('GET', `/complaints/${created.body.id}`, { token: supervisor });
    expect(forSupervisor.body.complainant.phone).toBe('13812345678');
  });

  it('outlet users see only their outlets’ cases: 404 outside, and the list is scoped', async () => {
    const outlet = `SC${randomUUID().slice(0, 6).toUpperCase()}`;
    const mine = await post(
      intakeBody({ shipment: { ...intakeFixture().shipment, deliveryOutlet: outlet, originOutlet: 'SH-001' } }),
    );
    const other = await post(intakeBody());
    const outletUser = api.token('out-1', ['agent'], { outlet });
    expect((await api.call('GET', `/complaints/${mine.body.id}`, { token: outletUser })).status).toBe(200);
    const hidden = await api.call<ErrorAnswer>('GET', `/complaints/${other.body.id}`, { token: outletUser });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('CASE.NOT_FOUND');
    const listed = await api.call<ListBody>('GET', '/complaints?pageSize=200', { token: outletUser });
    expect(listed.body.items.map((i) => i.id)).toEqual([mine.body.id]);
    // Acting on a case outside reach is 404 too.
    const act = await api.call('POST', `/complaints/${other.body.id}/actions/accept`, { token: outletUser, body: {} });
    expect(act.status).toBe(404);
  });

  it('R-FLOW-4: the employee a complaint is about cannot open it or find it', async () => {
    const created = await post(intakeBody({ subjectEmployeeId: 'courier-9' }));
    const subject = api.token('courier-9', ['agent']);
    expect((await api.call('GET', `/complaints/${created.body.id}`, { token: subject })).status).toBe(404);
    const listed = await api.call<ListBody>('GET', '/complaints?pageSize=200', { token: subject });
    expect(listed.body.total).toBeGreaterThan(0);
    expect(listed.body.items.map((i) => i.id)).not.toContain(created.body.id);
    expect((await api.call('GET', `/complaints/${created.body.id}`, { token: agent })).status).toBe(200);
  });

  it('404 for an unknown or malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', "1' OR '1'='1"]) {
      const res = await api.call<ErrorAnswer>('GET', `/complaints/${encodeURIComponent(id)}`, { token: agent });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CASE.NOT_FOUND');
    }
  });
});
