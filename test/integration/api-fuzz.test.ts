/**
 * Generated malformed bodies (fast-check) against intake and every action, through the real socket: each is answered
 * with a 4xx in the API error shape — never a 500 — and nothing is written (row counts and the case's last event are
 * unchanged). Every generated body is invalid by construction: a field set to a value its type or rule refuses, a
 * required field dropped, an unknown or prototype-polluting property added, a non-object body, or broken JSON.
 */
import fc from 'fast-check';
import {
  CATEGORY_IDS,
  CHANNEL_IDS,
  INADMISSIBLE_REASONS,
  REMEDY_IDS,
  ROOT_CAUSE_IDS,
  URGENCY_IDS,
} from '@complaintflow/domain/vocabulary';
import { bootApi, intakeBody, type ApiHarness } from '../support/api';

/** Bodies per target: a thousand against intake and a thousand against each action. */
const INTAKE_RUNS = 1000;
const ACTION_RUNS = 1000;

/** What the answers were, to show the bodies really vary: error codes and the fields named. */
const seen = { codes: new Set<string>(), fields: new Set<string>() };

let api: ApiHarness;
let admin: string;
let caseId: string;

beforeAll(async () => {
  api = await bootApi();
  admin = api.token('fuzz-admin', ['admin']);
  const created = await api.call<{ id: string }>('POST', '/complaints', {
    token: api.token('agent-1', ['agent']),
    body: intakeBody(),
  });
  caseId = created.body.id;
});

afterAll(async () => {
  await api?.close();
});

// ---- bad values, by kind (never `null` or `undefined`: an optional field may be null) ----

const num = fc.double({ noNaN: true, noDefaultInfinity: true });
const notString = fc.oneof(
  fc.integer(),
  num,
  fc.boolean(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);
const blank = fc.constantFrom('', ' ', '\t\n', '   ');
const badText = (max: number) => fc.oneof(notString, blank, fc.constant('字'.repeat(max + 1)));
const badEnum = (values: readonly string[]) =>
  fc.oneof(
    notString,
    fc.string({ maxLength: 20 }).filter((s) => !values.includes(s)),
  );
const badBool = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('true', 'false'),
  fc.array(fc.boolean()),
);
const badInt = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min: -1_000_000_000, max: min - 1 }),
    fc.integer({ min: max + 1, max: max + 1_000_000 }),
    num.filter((x) => !Number.isInteger(x)),
    fc.string({ maxLength: 6 }),
    fc.boolean(),
    fc.constant('1'),
  );
const badId = fc.oneof(notString, fc.constantFrom('', 'has space', 'x'.repeat(129), '张三', '<script>', 'a/b', 'a#b'));
const badOutlet = fc.oneof(notString, fc.constantFrom('', 'SH 001', 'x'.repeat(33), '上海-1', 'a/b'));
const notObject = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const badRemedies = fc.oneof(
  notObject,
  fc.constant([]),
  fc.array(
    fc.string({ maxLength: 8 }).filter((s) => !REMEDY_IDS.includes(s as never)),
    { minLength: 1, maxLength: 3 },
  ),
  fc.constant(['apology', 'apology']),
);
const badEvidence = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.constant([]),
  fc.array(fc.oneof(fc.integer(), fc.constant({}), fc.constant({ kind: '', ref: 'x' }), fc.constant({ kind: 'a' })), {
    minLength: 1,
    maxLength: 3,
  }),
);
const badStrings = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.array(fc.oneof(fc.integer(), blank), { minLength: 1, maxLength: 3 }),
);

interface Target {
  readonly path: string;
  readonly base: Record<string, unknown>;
  /** Field path → values that field refuses. */
  readonly bad: Record<string, fc.Arbitrary<unknown>>;
  readonly required: readonly string[];
  /** Object paths an unknown property may be added to ('' = the body). */
  readonly objects: readonly string[];
}

const TEXT = 2000;
const reasonOnly = (action: string): Target => ({
  path: `actions/${action}`,
  base: { reason: '等待客户补充证据' },
  bad: { reason: badText(TEXT) },
  required: ['reason'],
  objects: [''],
});

function actionTargets(): Target[] {
  return [
    {
      path: 'actions/accept',
      base: {},
      bad: { category: badEnum(CATEGORY_IDS), urgency: badEnum(URGENCY_IDS), note: badText(TEXT) },
      required: [],
      objects: [''],
    },
    {
      path: 'actions/reject-inadmissible',
      base: { reason: 'settled', note: '同一事项已和解' },
      bad: { reason: badEnum(Object.keys(INADMISSIBLE_REASONS)), note: badText(TEXT) },
      required: ['reason', 'note'],
      objects: [''],
    },
    {
      path: 'actions/resolve-on-the-spot',
      base: { explanation: '当场致歉,客户认可' },
      bad: { explanation: badText(TEXT) },
      required: ['explanation'],
      objects: [''],
    },
    {
      path: 'actions/assign',
      base: { assignee: 'inv-1', department: '北京派件中心' },
      bad: { assignee: badId, department: badText(64) },
      required: ['assignee'],
      objects: [''],
    },
    {
      path: 'actions/record-findings',
      base: {
        summary: '延误两天',
        rootCause: 'human_error',
        companyLiable: true,
        evidence: [{ kind: 'tracking_scan', ref: 'SCAN-1' }],
        faultOutlet: 'BJ-007',
        partiesHeard: ['投诉人'],
        actualLossFen: 100,
      },
      bad: {
        summary: badText(4000),
        rootCause: badEnum(ROOT_CAUSE_IDS),
        companyLiable: badBool,
        evidence: badEvidence,
        'evidence.0.kind': badText(64),
        'evidence.0.ref': badText(500),
        faultOutlet: badOutlet,
        partiesHeard: badStrings,
        actualLossFen: badInt(0, 1_000_000_000),
        // docs/api.md v2: the liability facts (R-LIA-3/8/9, R-CMP-2).
        namedParty: badOutlet,
        chargingOutlet: badOutlet,
        dueFen: badInt(0, 1_000_000_000),
        originUnreachable: badBool,
      },
      required: ['summary', 'rootCause', 'companyLiable', 'evidence', 'evidence.0.kind', 'evidence.0.ref'],
      objects: ['', 'evidence.0'],
    },
    {
      path: 'actions/propose-plan',
      base: { remedies: ['apology'], compensationFen: 0, floorOffer: false, note: '致歉' },
      bad: {
        remedies: badRemedies,
        compensationFen: badInt(0, 1_000_000_000),
        floorOffer: badBool,
        note: badText(TEXT),
        compensationReason: badText(TEXT), // R-APR-2
      },
      required: ['remedies', 'compensationFen'],
      objects: [''],
    },
    {
      path: 'actions/decide-approval',
      base: { approve: true, comment: '同意' },
      bad: { approve: badBool, comment: badText(TEXT) },
      required: ['approve'],
      objects: [''],
    },
    {
      path: 'actions/contact-attempt',
      base: { reached: false, channel: 'phone', note: '关机' },
      bad: { reached: badBool, channel: badEnum(['phone', 'sms', 'email']), note: badText(TEXT) },
      required: ['reached', 'channel'],
      objects: [''],
    },
    {
      path: 'actions/customer-response',
      base: { accepted: true, comment: '同意' },
      bad: { accepted: badBool, comment: badText(TEXT) },
      required: ['accepted'],
      objects: [''],
    },
    {
      path: 'actions/execute-plan',
      base: { paymentRef: 'PAY-1', note: '已付款' },
      bad: { paymentRef: badText(128), note: badText(TEXT) },
      required: [],
      objects: [''],
    },
    {
      path: 'actions/regulator-reply',
      base: { text: '经核实,快件已妥投。' },
      bad: { text: badText(10_000) },
      required: ['text'],
      objects: [''],
    },
    {
      path: 'actions/survey',
      base: { speed: 5, effectiveness: 4, attitude: 5, transparency: 3, suggestion: '无' },
      bad: {
        speed: badInt(1, 5),
        effectiveness: badInt(1, 5),
        attitude: badInt(1, 5),
        transparency: badInt(1, 5),
        suggestion: fc.oneof(notString, fc.constant('x'.repeat(2001))),
      },
      required: ['speed', 'effectiveness', 'attitude', 'transparency'],
      objects: [''],
    },
    reasonOnly('pause-sla'),
    reasonOnly('resume-sla'),
    reasonOnly('escalate'),
    reasonOnly('reopen'),
    // docs/api.md v2 actions (R-SLA-3, R-REG-5).
    {
      path: 'actions/request-evidence',
      base: { items: ['破损外包装照片'], note: '请于三日内提供' },
      bad: { items: badStrings, note: badText(TEXT) },
      required: ['items'],
      objects: [''],
    },
    {
      path: 'actions/consult-hq',
      base: { question: '签收争议是否属公司责任?' },
      bad: { question: badText(TEXT) },
      required: ['question'],
      objects: [''],
    },
    {
      path: 'actions/hq-answer',
      base: { answer: '不属公司责任,请如实答复' },
      bad: { answer: badText(TEXT) },
      required: ['answer'],
      objects: [''],
    },
  ];
}

const intakeTarget: Target = {
  path: '',
  base: { ...intakeBody(), priorContact: { outlet: 'none', handledByRules: false } },
  bad: {
    channel: badEnum(CHANNEL_IDS),
    externalRef: fc.oneof(notString, fc.constantFrom('', 'has space', 'x'.repeat(65), '编号1')),
    waybillNo: fc.oneof(notString, fc.constantFrom('', 'AB', 'ABCDEFGHIJ', '有中文123456', 'x'.repeat(65))),
    complainant: fc.oneof(notObject, fc.constant({})),
    'complainant.name': fc.oneof(notString, blank, fc.constant('名'.repeat(101))),
    'complainant.phone': fc.oneof(notString, fc.constantFrom('', 'abc', '12', '1'.repeat(41))),
    'complainant.email': fc.oneof(notString, fc.constantFrom('not-an-email', 'a@b', 'x'.repeat(255))),
    'complainant.preferredChannel': badEnum(['phone', 'sms', 'email']),
    'complainant.party': badEnum(['sender', 'recipient']),
    category: badEnum(CATEGORY_IDS),
    urgency: badEnum(URGENCY_IDS),
    description: fc.oneof(notString, blank, fc.constant('字'.repeat(5001))),
    expectedOutcome: fc.oneof(notString, blank, fc.constant('字'.repeat(1001))),
    claimedFen: badInt(0, 1_000_000_000),
    shipment: fc.oneof(notObject, fc.constant({})),
    'shipment.originOutlet': badOutlet,
    'shipment.deliveryOutlet': badOutlet,
    'shipment.freightFen': badInt(0, 1_000_000_000),
    'shipment.chargedFen': badInt(0, 1_000_000_000),
    'shipment.insured': badBool,
    'shipment.declaredValueFen': badInt(0, 1_000_000_000),
    subjectEmployeeId: badId,
    priorContact: fc.oneof(notObject, fc.constant({})),
    'priorContact.outlet': badEnum(['origin', 'delivery', 'none']),
    'priorContact.handledByRules': badBool,
  },
  required: [
    'channel',
    'waybillNo',
    'complainant',
    'complainant.name',
    'complainant.party',
    'category',
    'description',
    'expectedOutcome',
    'shipment',
    'shipment.originOutlet',
    'shipment.deliveryOutlet',
    'shipment.freightFen',
    'shipment.chargedFen',
    'shipment.insured',
    'shipment.declaredValueFen',
  ],
  objects: ['', 'complainant', 'shipment', 'priorContact'],
};

// ---- mutations ----

type Mutation =
  | { readonly kind: 'set'; readonly path: string; readonly value: unknown }
  | { readonly kind: 'drop'; readonly path: string }
  | { readonly kind: 'unknown'; readonly path: string; readonly key: string; readonly value: unknown };

/** What is sent: a body (JSON-encoded) or raw text. */
type Sent = { readonly body: unknown } | { readonly raw: string };

function parentOf(
  root: Record<string, unknown>,
  path: string,
): [Record<string, unknown> | unknown[], string] | undefined {
  const parts = path.split('.');
  let node: unknown = root;
  for (const p of parts.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[p];
  }
  if (typeof node !== 'object' || node === null) return undefined;
  return [node as Record<string, unknown>, parts[parts.length - 1]];
}

function apply(base: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const body = structuredClone(base);
  for (const m of mutations) {
    if (m.kind === 'unknown') {
      const target = m.path === '' ? body : parentOf(body, `${m.path}.x`)?.[0];
      if (target && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
      continue;
    }
    const at = parentOf(body, m.path);
    if (!at) continue; // the parent was itself replaced by a bad value: still invalid
    const [parent, key] = at;
    if (m.kind === 'drop') delete (parent as Record<string, unknown>)[key];
    else (parent as Record<string, unknown>)[key] = m.value;
  }
  return body;
}

function malformed(t: Target): fc.Arbitrary<Sent> {
  const known = new Set(Object.keys(t.bad).map((p) => p.split('.').pop()!));
  const set = fc
    .constantFrom(...Object.keys(t.bad))
    .chain((path) => t.bad[path].map((value): Mutation => ({ kind: 'set', path, value })));
  const mutations: fc.Arbitrary<Mutation>[] = [
    set,
    fc.record({
      kind: fc.constant('unknown' as const),
      path: fc.constantFrom(...t.objects),
      key: fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((k) => !known.has(k) && !['__proto__', 'constructor', 'prototype'].includes(k)),
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
  ];
  if (t.required.length > 0) {
    mutations.push(fc.constantFrom(...t.required).map((path): Mutation => ({ kind: 'drop', path })));
  }
  const mutated = fc
    .array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 })
    .map((ms): Sent => ({ body: apply(t.base, ms) }));
  const baseJson = JSON.stringify(t.base);
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    // Not an object at all.
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
          fc.string(),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
        )
        .map((v): Sent => ({ raw: JSON.stringify(v) })),
    },
    // Broken JSON: a proper prefix of the object, or trailing garbage.
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.integer({ min: 1, max: baseJson.length - 1 }).map((n): Sent => ({ raw: baseJson.slice(0, n) })),
        fc.constantFrom('x', ',', '}', ']]', "'").map((g): Sent => ({ raw: `${baseJson}${g}` })),
        fc.constant<Sent>({ raw: baseJson.includes('"') ? baseJson.replace(/"/g, "'") : "{'a':1}" }),
      ),
    },
    // Prototype pollution attempts.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 1 }))
        .map(([k, v]): Sent => ({ raw: `{${JSON.stringify(k)}:${JSON.stringify(v)},${baseJson.slice(1)}` })),
    },
  );
}

type Answer = { error?: { code?: unknown; details?: unknown[] } };

async function send(path: string, sent: Sent) {
  const url = path === '' ? '/complaints' : `/complaints/${caseId}/${path}`;
  return 'raw' in sent
    ? api.call<Answer>('POST', url, { token: admin, raw: sent.raw })
    : api.call<Answer>('POST', url, { token: admin, body: sent.body });
}

async function lastSeq(): Promise<number> {
  const [r] = await api.h.dataSource.query('SELECT last_seq FROM complaint_cases WHERE id = $1', [caseId]);
  return r.last_seq;
}

function check(path: string) {
  return async (sent: Sent) => {
    const res = await send(path, sent);
    if (res.status < 400 || res.status >= 500 || typeof res.body?.error?.code !== 'string') {
      throw new Error(`${path || 'intake'}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    seen.codes.add(`${res.status} ${String(res.body.error.code)}`);
    for (const d of (res.body.error.details ?? []) as { field?: string }[]) seen.fields.add(`${path}:${d.field}`);
  };
}

describe('generated malformed bodies: only 4xx, nothing written', () => {
  it(`intake: ${INTAKE_RUNS} bodies`, async () => {
    const before = await api.counts();
    await fc.assert(fc.asyncProperty(malformed(intakeTarget), check(intakeTarget.path)), { numRuns: INTAKE_RUNS });
    expect(await api.counts()).toEqual(before);
  }, 120_000);

  it(`every action: ${ACTION_RUNS} bodies each (${ACTION_RUNS * actionTargets().length} in all)`, async () => {
    const before = await api.counts();
    const seq = await lastSeq();
    for (const t of actionTargets()) {
      await fc.assert(fc.asyncProperty(malformed(t), check(t.path)), { numRuns: ACTION_RUNS });
    }
    expect(await api.counts()).toEqual(before);
    expect(await lastSeq()).toBe(seq);
    // Bounded by count, not time: 19,000 requests take about a minute here, more on a loaded machine.
  }, 400_000);

  it('the generated bodies covered malformed JSON, non-objects and every kind of field problem', () => {
    expect([...seen.codes].sort()).toEqual(['400 REQUEST.INVALID', '400 REQUEST.MALFORMED_JSON']);
    // Every field of every target was named as a problem at least once.
    for (const t of [intakeTarget, ...actionTargets()]) {
      for (const field of Object.keys(t.bad)) {
        const named = field.replace(/\.(\d+)\./g, '[$1].');
        expect([t.path, field, seen.fields.has(`${t.path}:${named}`)]).toEqual([t.path, field, true]);
      }
    }
  });
});
