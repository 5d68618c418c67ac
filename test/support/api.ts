/**
 * Boots the real API (createApp: the same stack as main.ts) against the test database and Temporal, with a worker on
 * the test file's own task queue, listening on a loopback port. One per test file; requests go through a real socket.
 */
import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Worker } from '@temporalio/worker';
import { createApp } from '@complaintflow/api/app';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { createLogger, loadConfig } from '@complaintflow/config';
import { createCaseActivities } from '@complaintflow/activities/case-activities';
import { evolve, type CaseEvent, type CaseIntake, type CaseState } from '@complaintflow/domain/case';
import { startTier } from '@complaintflow/domain/escalation';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import type { Role } from '@complaintflow/domain/vocabulary';
import { caseWorkflowId } from '@complaintflow/contracts';
import { openHarness, testEnv, type Harness } from './env';

export const TEST_SECRET = 'api-test-secret-0123456789abcdef0123456789';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (for malformed JSON and odd content types). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

export interface ApiHarness {
  readonly base: string;
  readonly h: Harness;
  readonly app: INestApplication;
  /** A bearer token for a principal (signed like the dev-token endpoint does). */
  token(sub: string, roles: Role[], extra?: { outlet?: string; name?: string }): string;
  call<T = unknown>(method: string, path: string, opts?: CallOptions): Promise<ApiResponse<T>>;
  /** Counts of the rows intake and actions write (for "nothing written" checks). */
  counts(): Promise<{ cases: number; complainants: number; events: number; keys: number }>;
  close(): Promise<void>;
}

export interface BootOptions {
  /** Run a worker on the harness's task queue (default true). */
  readonly worker?: boolean;
  readonly rateLimitPerMinute?: number;
  readonly policy?: PolicyDocument;
  readonly env?: Record<string, string>;
  /** Reuse another boot's harness (database, Temporal client, task queue and worker). */
  readonly harness?: Harness;
  /**
   * The `Accept-Language` every call sends unless it sets its own. The suites written against the English wording of
   * the errors ask for English, as any client may; `null` sends none (the API's default, Simplified Chinese).
   */
  readonly acceptLanguage?: string | null;
}

export async function bootApi(opts: BootOptions = {}): Promise<ApiHarness> {
  const h = opts.harness ?? (await openHarness());
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  if (opts.worker !== false && !opts.harness) {
    worker = await h.newWorker();
    running = worker.run();
  }
  const config = loadConfig({
    DATABASE_URL: testEnv.databaseUrl,
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_NAMESPACE: testEnv.namespace,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    RATE_LIMIT_PER_MINUTE: String(opts.rateLimitPerMinute ?? 1_000_000),
    PUBLIC_BASE_URL: 'https://kf.example.com',
    ...opts.env,
  });
  const app = await createApp({
    config: { ...config, DATABASE_URL: testEnv.databaseUrl, TEMPORAL_ADDRESS: testEnv.temporalAddress },
    temporal: h.client,
    logger: createLogger('api-test', 'silent'),
    authSecret: TEST_SECRET,
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  return {
    base,
    h,
    app,
    token: (sub, roles, extra = {}) => signJwt({ sub, roles, name: extra.name ?? sub, ...extra }, TEST_SECRET, 3600),
    async call<T>(method: string, path: string, o: CallOptions = {}): Promise<ApiResponse<T>> {
      const headers: Record<string, string> = { ...o.headers };
      const language = opts.acceptLanguage === undefined ? 'en' : opts.acceptLanguage;
      if (language !== null && !Object.keys(headers).some((k) => k.toLowerCase() === 'accept-language'))
        headers['accept-language'] = language;
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      if (o.raw !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${base}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as T, headers: res.headers };
    },
    async counts() {
      const [r] = (await h.dataSource.query(
        `SELECT (SELECT count(*)::int FROM complaint_cases) AS cases,
                (SELECT count(*)::int FROM case_complainants) AS complainants,
                (SELECT count(*)::int FROM case_events) AS events,
                (SELECT count(*)::int FROM idempotency_keys) AS keys`,
      )) as { cases: number; complainants: number; events: number; keys: number }[];
      return r;
    },
    async close() {
      await app.close();
      if (worker) {
        worker.shutdown();
        await running;
      }
      if (!opts.harness) await h.close();
    },
  };
}

/** A waybill number no other test uses (R-ACC-1: 8–32 letters and digits). */
export function newWaybill(prefix = 'ZT'): string {
  return `${prefix}${Date.now().toString().slice(-8)}${randomInt(1_000_000).toString().padStart(6, '0')}`;
}

/** An invented mainland mobile number (R-ACC-1 plausible). */
export function newPhone(): string {
  return `139${randomInt(100_000_000).toString().padStart(8, '0')}`;
}

/** A complete intake body (docs/api.md); the complainant is invented. */
export function intakeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // A phone of its own per complaint, so that no test's case is taken for another's repeat (R-CAT-4).
  const phone = newPhone();
  return {
    channel: 'phone',
    waybillNo: newWaybill(),
    complainant: { name: '张三', phone, party: 'recipient', preferredChannel: 'phone' },
    category: 'delay',
    urgency: 'normal',
    description: `快件已经五天没有更新物流信息,请打 ${phone} 联系我。`,
    expectedOutcome: '尽快派送并说明原因',
    claimedFen: 0,
    shipment: {
      originOutlet: 'SH-001',
      deliveryOutlet: 'BJ-007',
      freightFen: 1800,
      chargedFen: 1800,
      insured: false,
      declaredValueFen: 0,
    },
    ...overrides,
  };
}

export interface IntakeAnswer {
  id: string;
  workflowId: string;
  stage: string;
  policyVersion: string;
  deadlines: Record<string, { dueAt: string; state: string }>;
  isRepeat: boolean;
}

export interface ErrorAnswer {
  error: { code: string; message: string; details: { field?: string; reason?: string; ruleId?: string }[] };
}

/**
 * Writes a case into the read model the way the worker does (`recordCaseEvents`), without a workflow: for read-side
 * tests that need a case received long ago (live overdue deadlines) or with a given coarse `overdue` column.
 */
export async function seedCase(
  h: Harness,
  policy: PolicyDocument,
  intake: CaseIntake,
  overdueColumn = false,
  /** `rules: 2`: the case runs under the 2026-12 rules, as the workflow's `patched()` marker records (ADR 12). */
  opts: { rules?: 2 } = {},
): Promise<CaseState> {
  const tier = startTier(intake.urgency, intake.isRepeat, policy.escalation);
  const event: CaseEvent = {
    seq: 1,
    at: intake.receivedAt,
    actor: { kind: 'system' },
    data: { type: 'case.received', intake, policy, tier, ...(opts.rules ? { rules: opts.rules } : {}) },
  };
  const state = evolve(undefined, event);
  await createCaseActivities(h.dataSource).recordCaseEvents({
    workflowId: caseWorkflowId(intake.caseId),
    events: [event],
    state,
    overdue: overdueColumn,
  });
  return state;
}
