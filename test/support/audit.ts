/**
 * Helpers for the audit tests: the API on a real socket with signed tokens, tampering with `case_events` past its
 * append-only trigger, and a deliberately non-deterministic variant of the case workflow for the determinism gate.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflows } from '@complaintflow/workflows/code';
import type { DataSource, EntityManager } from 'typeorm';
import { createLogger, loadConfig } from '@complaintflow/config';
import type { CaseIntake } from '@complaintflow/domain/case';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { syncUpdate, type CaseWorkflowOptions } from '@complaintflow/contracts';
import type { Role } from '@complaintflow/domain/vocabulary';
import { createApp } from '@complaintflow/api/app';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { startCase as startWorkflowCase } from './cases';
import { TEST_PAYLOAD_KEYS, testDataConverter, testEnv, type Harness } from './env';

const root = resolve(__dirname, '..', '..');
const AUTH_SECRET = 'audit-test-secret-0123456789abcdef0123456789';

export interface TestApi {
  readonly base: string;
  /** A bearer token for `sub` with `roles` (and an outlet, for an outlet-level user). */
  token(sub: string, roles: Role[], outlet?: string): string;
  /** GET/POST with a token; the parsed JSON body and the status. */
  call<T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    token?: string,
  ): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/** Boots the real Nest application (createApp) on a free port, on the test database and Temporal. */
export async function startTestApi(): Promise<TestApi> {
  const config = loadConfig({
    DATABASE_URL: testEnv.databaseUrl,
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_NAMESPACE: testEnv.namespace,
    NODE_ENV: 'test',
  });
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const temporal = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter });
  const app: INestApplication = await createApp({
    config: { ...config, DATABASE_URL: testEnv.databaseUrl, TEMPORAL_ADDRESS: testEnv.temporalAddress },
    temporal,
    logger: createLogger('api-test', 'silent'),
    authSecret: AUTH_SECRET,
  });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  return {
    base,
    token: (sub, roles, outlet) => signJwt({ sub, name: sub, roles, ...(outlet ? { outlet } : {}) }, AUTH_SECRET, 3600),
    call: async <T>(method: 'GET' | 'POST', path: string, token?: string) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: res.status, body: (await res.json()) as T, headers: res.headers };
    },
    close: async () => {
      await app.close();
      await connection.close();
    },
  };
}

/**
 * Starts a case (test/support/cases.ts) and makes sure its first events are recorded before returning: a `sync`
 * Update delivered in the workflow's first task can run before the workflow has decided `case.received` (its handler
 * is registered, and the buffered Update dispatched, before the first event is emitted), so one more `sync` is sent.
 */
export async function startCase(
  h: Harness,
  policy: PolicyDocument,
  overrides: Partial<CaseIntake> = {},
  options?: CaseWorkflowOptions,
) {
  const started = await startWorkflowCase(h, policy, overrides, options);
  await started.handle.executeUpdate(syncUpdate);
  return started;
}

/**
 * Changes `case_events` the way only someone with the table owner's rights could: the append-only trigger is
 * disabled inside one transaction, the statements run, the trigger is enabled again, and the change is committed.
 */
export async function tamper(ds: DataSource, statements: readonly [string, unknown[]][]): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('ALTER TABLE case_events DISABLE TRIGGER USER');
    for (const [sql, params] of statements) await m.query(sql, params);
    await m.query('ALTER TABLE case_events ENABLE TRIGGER USER');
  });
}

class Rollback extends Error {}

/** Like {@link tamper}, but `inspect` sees the change inside the transaction, which is then rolled back. */
export async function tamperAndRollBack<T>(
  ds: DataSource,
  statements: readonly [string, unknown[]][],
  inspect: (m: EntityManager) => Promise<T>,
): Promise<T> {
  let out: T | undefined;
  await ds
    .transaction(async (m) => {
      await m.query('ALTER TABLE case_events DISABLE TRIGGER USER');
      for (const [sql, params] of statements) await m.query(sql, params);
      out = await inspect(m);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return out as T;
}

/**
 * Bundles a deliberately non-deterministic variant of the deployed workflow: the same `complaintCase`, but it sleeps
 * before doing anything, so its first command is a timer where every recorded history has the first
 * `recordCaseEvents` activity. Replaying any real history against it must fail with a DeterminismViolationError.
 * Returns the bundle file's path (the caller removes it).
 */
export async function bundleNondeterministicVariant(): Promise<string> {
  const dir = join(root, '.data', 'test');
  mkdirSync(dir, { recursive: true });
  const module = join(dir, `audit-nondeterministic-${process.pid}.ts`);
  const deployed = relative(dir, join(root, 'workflows', 'src', 'complaint-case'))
    .split('\\')
    .join('/');
  writeFileSync(
    module,
    [
      `import { sleep } from '@temporalio/workflow';`,
      `import { complaintCase as deployed } from '${deployed}';`,
      `// The deployed workflow with one extra timer before it starts: a changed command sequence.`,
      `export async function complaintCase(...args: Parameters<typeof deployed>): ReturnType<typeof deployed> {`,
      `  await sleep('1 second');`,
      `  return deployed(...args);`,
      `}`,
      ``,
    ].join('\n'),
  );
  const noop = () => undefined;
  const code = await bundleWorkflows(module, {
    log: noop,
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: console.error,
  }).finally(() => rmSync(module, { force: true }));
  const bundle = join(dir, `audit-nondeterministic-${process.pid}.js`);
  writeFileSync(bundle, code);
  return bundle;
}

/** Captures what the audit CLI writes. */
export function captureIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      stderrIsTTY: false,
      env: {
        DATABASE_URL: testEnv.databaseUrl,
        TEMPORAL_ADDRESS: testEnv.temporalAddress,
        TEMPORAL_NAMESPACE: testEnv.namespace,
        TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, // the CLI decodes the encrypted histories with the service's keyring
        ...env,
      },
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
