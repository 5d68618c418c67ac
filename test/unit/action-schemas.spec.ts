/**
 * The API and the workflow accept and refuse exactly the same action inputs (docs/adr/0006-action-schemas.md): for
 * generated bodies — valid ones (drawn from each action's OpenAPI schema, itself generated from the domain schema),
 * near-valid ones (one field changed, dropped, added, or a prototype name added) and junk — the API's body validation
 * (`validateAction`) and the workflow's `checkInput` agree on every action, and an accepted body reaches the workflow
 * unchanged. The committed workflow histories' inputs are all still accepted as they were recorded.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_SCHEMAS } from '@complaintflow/domain/case/actions';
import { checkInput } from '@complaintflow/domain/case/decide';
import { ACTION_NAMES, type ActionName } from '@complaintflow/domain/stages';
import { validateAction } from '@complaintflow/api/common/validation';
import { actionBodyName, actionBodySchema, withActionBodies } from '@complaintflow/api/complaints/openapi';

/** The part of an OpenAPI 3.0 schema the action bodies use. */
interface Schema {
  type?: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  example?: unknown;
  description?: string;
}

const RUNS = 400;

/** Values the schema accepts (by construction; uniqueness of remedies is left to chance: a near-valid case). */
function valid(s: Schema): fc.Arbitrary<unknown> {
  const base = ((): fc.Arbitrary<unknown> => {
    switch (s.type) {
      case 'string': {
        if (s.enum) return fc.constantFrom(...s.enum);
        if (s.pattern && s.pattern !== '\\S') return fc.stringMatching(new RegExp(s.pattern));
        const max = s.maxLength ?? 100;
        const text = fc.oneof(
          fc.string({ maxLength: Math.min(max, 30) }),
          fc.string({ unit: 'grapheme', maxLength: Math.min(max, 10) }),
          fc.constantFrom('字'.repeat(max), '😀'.repeat(max), ` ${'x'.repeat(max - 2)} `),
        );
        return s.pattern ? text.filter((t) => /\S/.test(t)) : text;
      }
      case 'integer':
        return fc.oneof(
          fc.integer({ min: s.minimum, max: s.maximum }),
          fc.constantFrom(s.minimum ?? 0, s.maximum ?? 0),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valid(s.items!), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 5, Math.max(s.minItems ?? 0, 5)),
        });
      case 'object': {
        const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, valid(v)]));
        return fc.record(props, { requiredKeys: s.required ?? [] });
      }
      default:
        throw new Error(`no generator for ${JSON.stringify(s)}`);
    }
  })();
  return s.nullable ? fc.option(base, { nil: null }) : base;
}

/** Values no field of an action accepts, or only by chance. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, '', ' ', '\t\n', 'true', '1', 1.5, -1, 2 ** 53, 1e9 + 1, 0, 6, [], {}, [''], [{}]),
  fc.constantFrom('字'.repeat(65), '字'.repeat(2001), 'x'.repeat(4001), '😀'.repeat(1001), 'has space', 'x'.repeat(33)),
);

/** Every key in `body` and below it, as [container, key]. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out)));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'unknown'; key: string; value: unknown }
  | { kind: 'prototype'; key: string; value: unknown };

const PROTOTYPE_NAMES = ['__proto__', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: junk }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('unknown' as const), key: fc.string({ minLength: 1, maxLength: 8 }), value: junk }),
  fc.record({ kind: fc.constant('prototype' as const), key: fc.constantFrom(...PROTOTYPE_NAMES), value: junk }),
);

/** A valid body with one thing changed (sent as JSON, so `__proto__` arrives as an own key, as from a client). */
function mutate(body: unknown, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  if (m.kind === 'prototype' || m.kind === 'unknown') {
    const json = JSON.stringify(copy);
    const rest = json === '{}' ? '}' : `,${json.slice(1)}`;
    return JSON.parse(`{${JSON.stringify(m.key)}:${JSON.stringify(m.value)}${rest}`);
  }
  const all = slots(copy);
  if (all.length === 0) return m.kind === 'set' ? m.value : copy;
  const [container, key] = all[m.at % all.length];
  if (m.kind === 'drop') {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key as string];
  } else (container as Record<string | number, unknown>)[key] = m.value;
  return copy;
}

function bodies(action: ActionName): fc.Arbitrary<unknown> {
  const ok = valid(actionBodySchema(action) as Schema);
  return fc.oneof(
    { weight: 3, arbitrary: ok },
    { weight: 4, arbitrary: fc.tuple(ok, mutation).map(([b, m]) => mutate(b, m)) },
    { weight: 1, arbitrary: junk },
  );
}

describe('the API and the workflow agree on every action input', () => {
  it.each(ACTION_NAMES)('%s', (action) => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(bodies(action), (body) => {
        const api = validateAction(action, body);
        const workflow = checkInput(action, body);
        expect({ body, api: api.ok, workflow: workflow === undefined }).toEqual({
          body,
          api: workflow === undefined,
          workflow: api.ok,
        });
        if (api.ok) {
          seen.accepted++;
          // What the API hands the workflow is the body itself (nothing trimmed, stripped or defaulted).
          expect(JSON.stringify(api.value)).toBe(JSON.stringify(body));
        } else {
          seen.refused++;
          expect(api.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
    expect(seen.accepted).toBeGreaterThan(RUNS / 10);
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
  });
});

describe('the committed workflow histories (replay)', () => {
  const dir = join(__dirname, '..', '..', 'workflows', 'histories');
  type Payload = { data: string };
  type Event = {
    workflowExecutionUpdateAcceptedEventAttributes?: {
      acceptedRequest: { input: { name: string; args?: { payloads?: Payload[] } } };
    };
  };
  const inputs: [string, ActionName, unknown][] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json')) {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Event[] };
    for (const e of history.events) {
      const input = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest.input;
      const payload = input?.args?.payloads?.[0];
      if (!input || !payload || !(ACTION_NAMES as string[]).includes(input.name)) continue;
      const envelope = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { input: unknown };
      inputs.push([file, input.name as ActionName, envelope.input]);
    }
  }

  it('hold action inputs', () => {
    expect(inputs.length).toBeGreaterThan(40);
  });

  it.each(inputs)('%s: %s %j is still accepted as recorded', (_file, action, input) => {
    expect(checkInput(action, input)).toBeUndefined();
    const api = validateAction(action, input);
    expect(api).toEqual({ ok: true, value: input });
  });
});

describe('the OpenAPI body of every action comes from its schema', () => {
  it('one component per schema, named as the DTO classes were, with the Chinese examples', () => {
    const doc = withActionBodies({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {} });
    const schemas = doc.components!.schemas as Record<string, Schema>;
    expect(Object.keys(schemas).sort()).toEqual(
      [
        'AcceptDto',
        'ArbitrationClaimDto',
        'ArbitrationRulingDto',
        'AssignDto',
        'ConsultHqDto',
        'ContactAttemptDto',
        'CustomerResponseDto',
        'DecideApprovalDto',
        'ExecutePlanDto',
        'HqAnswerDto',
        'ProposePlanDto',
        'ReasonDto',
        'RecordFindingsDto',
        'RegulatorReplyDto',
        'RejectInadmissibleDto',
        'RequestEvidenceDto',
        'ResolveOnTheSpotDto',
        'SignOffReplyDto',
        'SurveyDto',
      ].sort(),
    );
    for (const action of ACTION_NAMES) {
      const schema = schemas[actionBodyName(action)];
      expect(Object.keys(schema.properties!)).toEqual(Object.keys(ACTION_SCHEMAS[action].shape));
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    }
    expect(schemas.RegulatorReplyDto.properties!.text.example).toContain('经向客户沟通解释');
    expect(schemas.AssignDto.properties!.department).toMatchObject({ maxLength: 64, example: '北京派件中心' });
    expect(schemas.RecordFindingsDto.required).toEqual(['summary', 'rootCause', 'companyLiable', 'evidence']);
  });
});
