/**
 * Payload encryption end to end (issue 15, docs/adr/0017-payload-encryption.md): cases run through the real API and
 * worker (both with the codec), then the RAW histories are read from the Temporal server — the WorkflowService's
 * getWorkflowExecutionHistory, no codec — and searched for what the test submitted: the complainant's name, phone and
 * e-mail, every piece of free text, every amount. None may be there in clear, in any payload (inputs, results, Update
 * arguments and results, signals, memos, failures) or anywhere else in the history; every payload but the search
 * attributes is `binary/encrypted`. The same histories decoded with the keyring do show the free text and amounts,
 * so the search looks where the data went. Also: the codec endpoint for the Temporal UI (401, 403, decode, encode,
 * CORS), and the audit replay of an encrypted history.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { encodeErrorToFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';
import { CASE_SEARCH_ATTRIBUTES } from '@complaintflow/contracts';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '@complaintflow/temporal/codec';
import { eventually } from '../support/cases';
import { bootApi, intakeBody, newPhone, type ApiHarness } from '../support/api';
import { testDataConverter, testEnv } from '../support/env';

type History = temporal.api.history.v1.IHistory;

let api: ApiHarness;
const run = randomUUID().slice(0, 8);
const mark = (what: string) => `${what}${run}`;

// Everything personal or free the test submits, made unique to this run, and amounts no policy or default uses (six
// digits: a shorter number could turn up by chance inside the histories' ids and hex strings; within the supervisor's
// approval tier of config/policy/default.json).
const NAME = `欧阳${mark('测')}`;
const PHONE = newPhone();
const EMAIL = `kehu.${run}@mail.example.cn`;
const CLAIMED_FEN = 110_000 + randomInt(60_000);
const DECLARED_FEN = CLAIMED_FEN + 1_234;
const COMPENSATION_FEN = CLAIMED_FEN - 7;
const TEXT = {
  description: mark('快件外包装破损,里面的手机屏幕碎了-'),
  expectedOutcome: mark('按实际价值赔偿-'),
  acceptNote: mark('客户情绪激动,要求当天回电-'),
  department: mark('北京朝阳派件中心-'),
  findings: mark('派件员王小明承认摔落快件-'),
  partiesHeard: `${mark('李四')}(收件人邻居)`,
  compensationReason: mark('声明价值已核实-'),
  planNote: mark('按声明价值赔付-'),
  approvalComment: mark('同意,尽快付款-'),
  contactNote: mark('已电话告知客户方案-'),
  customerComment: mark('客户同意方案-'),
  paymentRef: `PAY-${run}-77`,
  executeNote: mark('已通过银行转账退款-'),
};

beforeAll(async () => {
  api = await bootApi();
});

afterAll(async () => {
  await api?.close();
});

async function ok(id: string, action: string, body: unknown, token: string): Promise<void> {
  const res = await api.call('POST', `/complaints/${id}/actions/${action}`, { token, body });
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The raw history of a run, straight from the server's WorkflowService (no codec, every page). */
async function rawHistory(workflowId: string, runId: string): Promise<History> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await api.h.client.workflowService.getWorkflowExecutionHistory({
      namespace: testEnv.namespace,
      execution: { workflowId, runId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

/** Every workflow run on the test's task queue (the case workflows, and the relay's notification workflows). */
async function runsOnTaskQueue(): Promise<{ workflowId: string; runId: string; type: string }[]> {
  const res = await api.h.client.workflowService.listWorkflowExecutions({
    namespace: testEnv.namespace,
    query: `TaskQueue = '${api.h.taskQueue}'`,
    pageSize: 1000,
  });
  return (res.executions ?? []).map((e) => ({
    workflowId: e.execution?.workflowId ?? '',
    runId: e.execution?.runId ?? '',
    type: e.type?.name ?? '',
  }));
}

const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

/** Each payload of a message with where it is (`…searchAttributes.indexedFields.X`, `…header.fields.X`, …). */
function payloadsOf(node: unknown, path = ''): { path: string; payload: Payload }[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return [];
  const out: { path: string; payload: Payload }[] = [];
  for (const [key, child] of Object.entries(node)) {
    if (child === null || typeof child !== 'object' || child instanceof Uint8Array) continue;
    const c = child as { metadata?: unknown; data?: unknown };
    if (c.metadata && typeof c.metadata === 'object' && !(c.metadata instanceof Uint8Array)) {
      out.push({ path: `${path}.${key}`, payload: child as Payload });
    } else out.push(...payloadsOf(child, `${path}.${key}`));
  }
  return out;
}

/** Every failure of a message (history events carry them under `failure`, `cause`, `lastFailure`, …). */
function failuresOf(node: unknown): temporal.api.failure.v1.IFailure[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return [];
  const out: temporal.api.failure.v1.IFailure[] = [];
  for (const [key, child] of Object.entries(node)) {
    if (child === null || typeof child !== 'object' || child instanceof Uint8Array) continue;
    if (/failure$|^cause$/i.test(key) && 'message' in (child as object))
      out.push(child as temporal.api.failure.v1.IFailure);
    out.push(...failuresOf(child));
  }
  return out;
}

const serialized = (h: History) => Buffer.from(temporal.api.history.v1.History.encode(h).finish());

describe('payload encryption: no personal data, free text or amount in clear in Temporal', () => {
  let caseId = '';
  const histories: { workflowId: string; type: string; raw: History }[] = [];

  beforeAll(async () => {
    const agent = api.token(`agent-${run}`, ['agent']);
    const investigator = api.token(`inv-${run}`, ['investigator']);
    const supervisor = api.token(`sup-${run}`, ['supervisor']);
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: intakeBody({
        category: 'damage',
        complainant: { name: NAME, phone: PHONE, email: EMAIL, party: 'recipient', preferredChannel: 'phone' },
        description: `${TEXT.description} 请打 ${PHONE} 或发邮件到 ${EMAIL}`,
        expectedOutcome: TEXT.expectedOutcome,
        claimedFen: CLAIMED_FEN,
        shipment: {
          originOutlet: 'SH-001',
          deliveryOutlet: 'BJ-007',
          freightFen: 1800,
          chargedFen: 1800,
          insured: true,
          declaredValueFen: DECLARED_FEN,
        },
      }),
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    await ok(caseId, 'accept', { category: 'damage', urgency: 'normal', note: TEXT.acceptNote }, agent);
    await ok(caseId, 'assign', { assignee: `inv-${run}`, department: TEXT.department }, agent);
    await ok(
      caseId,
      'record-findings',
      {
        summary: TEXT.findings,
        rootCause: 'human_error',
        companyLiable: true,
        evidence: [{ kind: 'tracking_scan', ref: `SCAN-${run}` }],
        partiesHeard: [TEXT.partiesHeard],
      },
      investigator,
    );
    await ok(
      caseId,
      'propose-plan',
      {
        remedies: ['apology', 'compensation'],
        compensationFen: COMPENSATION_FEN,
        compensationReason: TEXT.compensationReason,
        note: TEXT.planNote,
      },
      investigator,
    );
    await ok(caseId, 'decide-approval', { approve: true, comment: TEXT.approvalComment }, supervisor);
    await ok(caseId, 'contact-attempt', { reached: true, channel: 'phone', note: TEXT.contactNote }, agent);
    await ok(caseId, 'customer-response', { accepted: true, comment: TEXT.customerComment }, agent);
    await ok(caseId, 'execute-plan', { paymentRef: TEXT.paymentRef, note: TEXT.executeNote }, agent);

    // Every run on the task queue once the case's last write is in the read model (visibility lags a little).
    const runs = await eventually(
      () => runsOnTaskQueue(),
      (rs) => rs.some((r) => r.type === 'complaintCase'),
      30_000,
    );
    for (const r of runs)
      histories.push({ workflowId: r.workflowId, type: r.type, raw: await rawHistory(r.workflowId, r.runId) });
  }, 180_000);

  it('reads the runs of the case (and whatever else ran on its task queue) from the server', () => {
    expect(histories.map((h) => h.type)).toContain('complaintCase');
    expect(histories.reduce((n, h) => n + (h.raw.events?.length ?? 0), 0)).toBeGreaterThan(20);
  });

  it('finds no name, phone, e-mail, free text or amount anywhere in the raw histories', () => {
    const secrets = [
      NAME,
      PHONE,
      EMAIL,
      ...Object.values(TEXT),
      String(CLAIMED_FEN),
      String(DECLARED_FEN),
      String(COMPENSATION_FEN),
    ];
    const found = histories.flatMap((h) => {
      const bytes = serialized(h.raw);
      return secrets.filter((s) => bytes.includes(Buffer.from(s, 'utf8'))).map((s) => `${h.workflowId}: ${s}`);
    });
    expect(found).toEqual([]);
  });

  it('every payload is binary/encrypted under the current key, except the search attributes (no personal data)', () => {
    const all = histories.flatMap((h) => payloadsOf(h.raw, h.workflowId));
    expect(all.length).toBeGreaterThan(10);
    const searchAttributes = all.filter((p) => p.path.includes('.searchAttributes.indexedFields.'));
    const headers = all.filter((p) => p.path.includes('.header.fields.'));
    // The SDK core writes the marker of a `patched()` call itself, past the codec: the patch id, nothing else.
    const patchMarkers = all.filter((p) => p.path.includes('.markerRecordedEventAttributes.details.patch-data.'));
    for (const p of patchMarkers) {
      expect(Object.keys(defaultPayloadConverter.fromPayload<object>(p.payload)).sort()).toEqual(['deprecated', 'id']);
    }
    const rest = all.filter((p) => !searchAttributes.includes(p) && !headers.includes(p) && !patchMarkers.includes(p));
    const clear = rest.filter((p) => text(p.payload.metadata?.encoding) !== ENCRYPTED_ENCODING).map((p) => p.path);
    expect(clear).toEqual([]);
    expect(new Set(rest.map((p) => text(p.payload.metadata?.[KEY_ID_METADATA])))).toEqual(new Set(['test-2']));
    // Search attributes stay in clear (the server indexes them): only the case's codes, never personal data.
    const allowed = new Set<string>(CASE_SEARCH_ATTRIBUTES.map((k) => k.name));
    const names = new Set(searchAttributes.map((p) => p.path.split('.').pop() as string));
    expect([...names].filter((n) => !allowed.has(n) && !n.startsWith('Temporal'))).toEqual([]);
    for (const p of searchAttributes) {
      const value = JSON.stringify(defaultPayloadConverter.fromPayload(p.payload));
      expect(value).not.toMatch(/\d{11}|@|[\u3400-\u9fff]/); // no phone, no e-mail, no Chinese text
    }
  });

  it('every failure recorded keeps its message and stack only in the encrypted attributes', () => {
    for (const f of histories.flatMap((h) => failuresOf(h.raw))) {
      expect(f.message).toBe('Encoded failure');
      expect(f.stackTrace ?? '').toBe('');
      expect(text(f.encodedAttributes?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    }
  });

  it('the same histories decoded with the keyring show the free text and amounts (the search looked where they go)', async () => {
    const decoded = Buffer.concat(
      await Promise.all(
        histories.map(async (h) =>
          serialized(
            await decodePayloadsIn(
              temporal.api.history.v1.History.decode(serialized(h.raw)),
              testDataConverter.payloadCodecs ?? [],
            ),
          ),
        ),
      ),
    );
    const inClear = [...Object.values(TEXT), String(COMPENSATION_FEN), String(CLAIMED_FEN)].filter((s) =>
      decoded.includes(Buffer.from(s, 'utf8')),
    );
    expect(inClear).toEqual(
      expect.arrayContaining([
        TEXT.acceptNote,
        TEXT.findings,
        TEXT.partiesHeard,
        TEXT.contactNote,
        String(COMPENSATION_FEN),
      ]),
    );
  });

  it('the failure converter moves a failure message (which may quote what a user typed) into the encrypted payload', async () => {
    const converter = loadDataConverter(testDataConverter);
    const failure = await encodeErrorToFailure(
      converter,
      ApplicationFailure.nonRetryable(`备注无效:${NAME}`, 'INPUT.INVALID'),
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.applicationFailureInfo?.type).toBe('INPUT.INVALID'); // the code stays readable, the text does not
    expect(Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish()).includes(Buffer.from(NAME))).toBe(
      false,
    );
  });

  it('the audit replay decodes the encrypted history and finds the case deterministic and matching case_events', async () => {
    const auditor = api.token(`aud-${run}`, ['auditor']);
    const res = await api.call<{
      deterministic: boolean;
      auditChainVerified: boolean;
      mismatches: unknown[];
      caseEventsInHistory: number;
    }>('POST', `/complaints/${caseId}/replay`, { token: auditor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deterministic: true, auditChainVerified: true, mismatches: [] });
    expect(res.body.caseEventsInHistory).toBeGreaterThan(5);
    // And the raw encrypted history itself replays against the bundle given the codec.
    const raw = histories.find((h) => h.type === 'complaintCase')?.raw as History;
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testEnv.workflowBundle }, dataConverter: testDataConverter },
        raw,
        `encrypted-${run}`,
      ),
    ).resolves.toBeUndefined();
  });
});

describe('the codec endpoint for the Temporal UI (POST /codec/decode, /codec/encode)', () => {
  const UI = 'http://127.0.0.1:8233';
  let encrypted: { metadata: Record<string, string>; data: string };
  const plain = defaultPayloadConverter.toPayload({ note: '客户要求退款' });
  const asJson = (p: Payload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  });

  beforeAll(async () => {
    const [enc] = await (testDataConverter.payloadCodecs ?? [])[0].encode([plain]);
    encrypted = asJson(enc);
  });

  it('401 without a token, 403 for a role that may not see decrypted payloads', async () => {
    const none = await api.call<{ error: { code: string } }>('POST', '/codec/decode', {
      body: { payloads: [encrypted] },
    });
    expect([none.status, none.body.error.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    for (const role of ['agent', 'investigator', 'manager'] as const) {
      const res = await api.call('POST', '/codec/decode', {
        token: api.token(`${role}-${run}`, [role]),
        body: { payloads: [encrypted] },
      });
      expect(res.status).toBe(403);
    }
    const encodeByAuditor = await api.call('POST', '/codec/encode', {
      token: api.token(`aud-${run}`, ['auditor']),
      body: { payloads: [asJson(plain)] },
    });
    expect(encodeByAuditor.status).toBe(403);
  });

  it('an auditor decodes (unencrypted payloads pass through); an admin encodes under the current key', async () => {
    const auditor = api.token(`aud-${run}`, ['auditor']);
    const res = await api.call<{ payloads: { metadata: Record<string, string>; data: string }[] }>(
      'POST',
      '/codec/decode',
      {
        token: auditor,
        headers: { 'x-namespace': testEnv.namespace },
        body: { payloads: [encrypted, asJson(plain)] },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.payloads).toEqual([asJson(plain), asJson(plain)]);

    const admin = api.token(`adm-${run}`, ['admin']);
    const enc = await api.call<{ payloads: { metadata: Record<string, string>; data: string }[] }>(
      'POST',
      '/codec/encode',
      {
        token: admin,
        body: { payloads: [asJson(plain)] },
      },
    );
    expect(enc.status).toBe(200);
    const [back] = enc.body.payloads;
    expect(Buffer.from(back.metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(back.metadata[KEY_ID_METADATA], 'base64').toString()).toBe('test-2');
    const again = await api.call<{ payloads: unknown[] }>('POST', '/codec/decode', {
      token: auditor,
      body: { payloads: [back] },
    });
    expect(again.body.payloads).toEqual([asJson(plain)]);
  });

  it('bad input is a 400 naming the field, in Chinese by default; an undecryptable payload a 400 too', async () => {
    const auditor = api.token(`aud-${run}`, ['auditor']);
    const bad = await api.call<{ error: { code: string; details: { field: string; reason: string }[] } }>(
      'POST',
      '/codec/decode',
      {
        token: auditor,
        body: { payloads: [{ metadata: { encoding: '***' }, data: 5 }] },
        headers: { 'accept-language': 'zh-CN' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'payloads[0].metadata.encoding', reason: '必须是 base64 编码' }),
        expect.objectContaining({ field: 'payloads[0].data' }),
      ]),
    );
    const missing = await api.call<{ error: { details: { field: string }[] } }>('POST', '/codec/decode', {
      token: auditor,
      body: {},
    });
    expect([missing.status, missing.body.error.details[0].field]).toEqual([400, 'payloads']);
    const tampered = { ...encrypted, data: Buffer.from('x'.repeat(40)).toString('base64') };
    const undecodable = await api.call<{ error: { code: string } }>('POST', '/codec/decode', {
      token: auditor,
      body: { payloads: [tampered] },
    });
    expect([undecodable.status, undecodable.body.error.code]).toEqual([400, 'CODEC.UNDECODABLE']);
  });

  it('answers the UI origin of CODEC_CORS_ORIGINS (preflight with credentials), and no other', async () => {
    const ui = await bootApi({ harness: api.h, env: { CODEC_CORS_ORIGINS: UI } });
    try {
      const preflight = await fetch(`${ui.base}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin: UI,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
      const other = await fetch(`${ui.base}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      // The rest of the API keeps its own CORS (CORS_ORIGINS unset: none, not even for the UI's origin).
      const elsewhere = await fetch(`${ui.base}/complaints`, {
        method: 'OPTIONS',
        headers: { origin: UI, 'access-control-request-method': 'GET' },
      });
      expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await ui.close();
    }
  });
});
