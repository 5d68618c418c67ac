/**
 * Input fuzzing of every endpoint of the OpenAPI document (issue 15), through the real socket, with fast-check: for
 * each endpoint, generated hostile requests — bodies of the wrong type, with the endpoint's own fields set to
 * hostile values (SQL and script injection, oversized and odd Unicode strings, wrong types), unknown and prototype
 * keys (`__proto__`, `constructor`), deep JSON, oversized bodies, other content types, hostile path parameters and
 * query strings. Never a 5xx; every error in the API's error shape; no prototype polluted (the API runs in this
 * process). Then injection strings that are valid text are stored and come back byte for byte, inert: the SQL did
 * not run (the tables are there, a search for it finds nothing), the markup is returned as JSON data.
 *
 * The caller holds every staff role, so the role door admits every request and the body is what is tested (the
 * authorisation matrix is api-authz-matrix.test.ts). Runs are few per endpoint (`RUNS`) to keep the file well under
 * 90 s; each run's seed is printed by fast-check on a failure.
 */
import fc from 'fast-check';
import type { Role } from '@complaintflow/domain/vocabulary';
import { NO_NUL } from '@complaintflow/domain/case/actions';
import { bootApi, intakeBody, type ApiHarness, type ErrorAnswer } from '../support/api';

const RUNS = 15;
const ALL_ROLES: Role[] = ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor', 'admin'];

/** Strings that must be stored and returned as data, never run. */
const INJECTIONS = [
  "'; DROP TABLE complaint_cases; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5)--',
  "Robert'); DELETE FROM case_events WHERE ('1'='1",
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '=HYPERLINK("http://evil.example","x")',
  '../../../../etc/passwd',
  '\u0000\u0001\u202e\ufeff',
  '𠀀𪚥👩‍👩‍👧 ',
] as const;

let api: ApiHarness;
let token: string;
let caseId: string;
let endpoints: { method: string; path: string; fields: string[]; query: string[] }[];

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

function fieldsOf(schema: Schema | undefined, components: Record<string, Schema>, depth = 0): string[] {
  if (!schema || depth > 3) return [];
  if (schema.$ref) return fieldsOf(components[schema.$ref.split('/').pop()!], components, depth + 1);
  const nested = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  return [...Object.keys(schema.properties ?? {}), ...nested.flatMap((s) => fieldsOf(s, components, depth + 1))];
}

beforeAll(async () => {
  api = await bootApi({ env: { PII_RETENTION_DAYS: '36500', PII_RETENTION_SWEEP_MINUTES: '0' } });
  token = api.token('fuzz-all', ALL_ROLES);
  caseId = (await api.call<{ id: string }>('POST', '/complaints', { token, body: intakeBody() })).body.id;
  const doc = await api.call<{
    paths: Record<string, Record<string, OpenApiOperation>>;
    components?: { schemas?: Record<string, Schema> };
  }>('GET', '/docs-json');
  const components = doc.body.components?.schemas ?? {};
  endpoints = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => ({
        method: m.toUpperCase(),
        path,
        fields: [...new Set(fieldsOf(op.requestBody?.content?.['application/json']?.schema, components))],
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
  );
}, 120_000);

afterAll(async () => {
  await api?.close();
});

// ---- hostile values ----

const hostileString = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('字'.repeat(20_000)),
  fc.constant(''),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 3 }),
);

/** A JSON text nested `depth` levels deep. */
const deep = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

type Sent = { readonly raw: string; readonly contentType?: string };

/** Hostile bodies for an endpoint whose body has `fields`. */
function hostileBody(fields: readonly string[]): fc.Arbitrary<Sent> {
  const json = (v: unknown): Sent => ({ raw: JSON.stringify(v) });
  const known = fields.length
    ? fc
        .array(fc.tuple(fc.constantFrom(...fields), hostileValue), { minLength: 1, maxLength: fields.length + 1 })
        .map((pairs) => json(Object.fromEntries(pairs)))
    : fc.constant(json({}));
  return fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'),
          fc.constantFrom('{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '1', 'null'),
        )
        .map(([k, v]) => ({
          raw: `{${JSON.stringify(k)}:${v}${fields[0] ? `,${JSON.stringify(fields[0])}:"x"` : ''}}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(50, 1_000, 10_000, 30_000)
        .chain((d) => fc.constantFrom<Sent>({ raw: deep(d) }, { raw: deepObject(Math.min(d, 10_000)) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Sent>(
        { raw: JSON.stringify({ [fields[0] ?? 'x']: 'x'.repeat(70_000) }) }, // over the 64 KiB limit: 413
        { raw: `[${'1,'.repeat(400_000)}1]` },
        { raw: '{"a":1', contentType: 'application/json' },
        { raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
        { raw: '<x/>', contentType: 'text/xml' },
        { raw: '', contentType: 'application/json' },
        { raw: '\u0000\u0000', contentType: 'application/json' },
      ),
    },
  );
}

const hostileSegment = fc.oneof(
  fc.constantFrom(
    "1' OR '1'='1",
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%E4%B8%AD',
    'x'.repeat(2_000),
    '00000000-0000-0000-0000-000000000000',
    '-1',
    '9'.repeat(30),
    '%3Cscript%3E',
    '__proto__',
  ),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

function pathFor(template: string, segment: string | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    segment !== undefined ? segment : name === 'id' && template.startsWith('/complaints/') ? caseId : 'x',
  );
}

const hostileQuery = (names: readonly string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...(names.length ? names : ['q'])), fc.oneof(hostileString, fc.constant('1'))), {
      maxLength: 4,
    })
    .map((pairs) => {
      const qs = new URLSearchParams();
      for (const [k, v] of pairs) qs.append(k, v.slice(0, 3_000));
      // Repeated parameters and bracket syntax (arrays and objects to the query parser).
      if (pairs.length > 1) qs.append(`${pairs[0][0]}[a]`, '1');
      return qs.toString();
    });

async function send(method: string, path: string, sent?: Sent) {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
  if (sent) headers['content-type'] = sent.contentType ?? 'application/json';
  const res = await fetch(`${api.base}${path}`, { method, headers, body: sent?.raw, signal: abort.signal });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status, type, body: undefined };
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV, XLSX, HTML or plain text
  }
  return { status: res.status, type, body };
}

function judge(label: string, res: { status: number; type: string; body: unknown }) {
  if (res.status >= 500) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  // 431 comes from Node's HTTP parser (a URL over its 16 KiB header limit), before the app sees the request.
  if (res.status >= 400 && res.status !== 431) {
    const code = (res.body as { error?: { code?: unknown } })?.error?.code;
    if (typeof code !== 'string')
      throw new Error(`${label}: ${res.status} without the error shape: ${String(res.body).slice(0, 200)}`);
  }
  if ((Object.prototype as Record<string, unknown>).polluted !== undefined)
    throw new Error(`${label}: prototype polluted`);
}

describe('every endpoint of the OpenAPI document, hostile input: never a 5xx', () => {
  it('covers every endpoint the document lists', () => {
    expect(endpoints.length).toBeGreaterThan(50);
  });

  it(`bodies, path parameters and query strings (${RUNS} runs of each per endpoint)`, async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    for (const e of endpoints) {
      const label = `${e.method} ${e.path}`;
      if (e.method !== 'GET') {
        await fc.assert(
          fc.asyncProperty(hostileBody(e.fields), async (sent) => {
            const res = await send(e.method, pathFor(e.path, undefined), sent);
            count(res.status);
            judge(label, res);
          }),
          { numRuns: RUNS },
        );
      }
      if (e.path.includes('{')) {
        await fc.assert(
          fc.asyncProperty(hostileSegment, async (segment) => {
            const res = await send(e.method, pathFor(e.path, segment), e.method === 'GET' ? undefined : { raw: '{}' });
            count(res.status);
            judge(`${label} (path ${segment.slice(0, 40)})`, res);
          }),
          { numRuns: Math.ceil(RUNS / 2) },
        );
      }
      if (e.method === 'GET') {
        await fc.assert(
          fc.asyncProperty(hostileQuery(e.query), async (qs) => {
            const res = await send('GET', `${pathFor(e.path, undefined)}?${qs}`);
            count(res.status);
            judge(`${label}?${qs.slice(0, 80)}`, res);
          }),
          { numRuns: RUNS },
        );
      }
    }
    // Printed for the record: how the answers spread and how long the file takes.
    console.log(
      `fuzzed ${endpoints.length} endpoints in ${Date.now() - started} ms:`,
      JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]))),
    );
    expect(statuses.has(413)).toBe(true);
    expect(statuses.has(400)).toBe(true);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 180_000);
});

describe('injection strings are stored and returned inert', () => {
  it('in the complainant, the customer’s words and staff free text: back byte for byte, the SQL never ran', async () => {
    const [sql, , , deleteRows, script, img] = INJECTIONS;
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token,
      body: intakeBody({
        complainant: { name: script, phone: '13912345670', party: 'sender' },
        description: `${sql} ${img}`,
        expectedOutcome: deleteRows,
      }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const agent = api.token('fuzz-agent', ['agent']);
    // A NUL character is refused, naming the field (PostgreSQL could never store it); everything else is text.
    const nul = await api.call<ErrorAnswer>('POST', `/complaints/${id}/actions/accept`, {
      token: agent,
      body: { note: 'a\u0000b' },
    });
    expect(nul.status).toBe(400);
    expect(nul.body.error.details).toEqual([{ field: 'note', reason: NO_NUL }]);
    const note = INJECTIONS.filter((x) => !x.includes('\u0000')).join(' | ');
    const accepted = await api.call('POST', `/complaints/${id}/actions/accept`, { token: agent, body: { note } });
    expect(accepted.status).toBe(200);

    const view = await api.call<Record<string, unknown>>('GET', `/complaints/${id}`, { token });
    expect(view.headers.get('content-type')).toMatch(/^application\/json/);
    expect(view.headers.get('x-content-type-options')).toBe('nosniff');
    expect(view.body).toMatchObject({
      complainant: { name: script },
      description: `${sql} ${img}`,
      expectedOutcome: deleteRows,
    });
    const history = await api.call<{ verified: boolean; events: { type: string; data: { note?: string } }[] }>(
      'GET',
      `/complaints/${id}/history`,
      { token },
    );
    expect(history.body.verified).toBe(true);
    expect(history.body.events.find((e) => e.type === 'case.classified')?.data.note).toBe(note);

    // The tables the SQL named are there and whole; a search for the injection finds only what holds it.
    const [{ n }] = await api.h.dataSource.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [id]);
    expect(n).toBeGreaterThanOrEqual(2);
    const search = await api.call<{ items: { id: string }[]; total: number }>(
      'GET',
      `/complaints?q=${encodeURIComponent("' OR '1'='1")}`,
      { token },
    );
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);
    const found = await api.call<{ items: { id: string }[] }>(
      'GET',
      `/complaints?q=${encodeURIComponent('DROP TABLE complaint_cases')}`,
      { token },
    );
    expect(found.body.items.map((i) => i.id)).toContain(id);
  });

  it('in the directory: an outlet named with markup is listed as that text', async () => {
    const code = `FZ-${Date.now().toString(36).toUpperCase()}`;
    const [, , , , script] = INJECTIONS;
    const created = await api.call('POST', '/outlets', {
      token,
      body: { code, name: script, complaintPhone: '021-58881234', complaintHandler: INJECTIONS[0] },
    });
    expect(created.status).toBe(201);
    const got = await api.call<{ name: string; complaintHandler: string }>('GET', `/outlets/${code}`, { token });
    expect(got.body).toMatchObject({ name: script, complaintHandler: INJECTIONS[0] });
  });
});
