/**
 * Starts what the integration tests need, once per run: the real Temporal dev server (via scripts/temporal-cli,
 * in-memory, headless, loopback) unless TEMPORAL_ADDRESS is set, and a fresh database on DATABASE_URL's server or
 * the local PostgreSQL (127.0.0.1:5432), else an embedded PostgreSQL. Also bundles the workflow code once.
 * What it starts, global-teardown stops; the fresh database is dropped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations, spawnEmbeddedPostgres } from '@complaintflow/persistence';
import { freePort, startDevServer } from '@complaintflow/temporal';
import { bundleWorkflows } from '@complaintflow/workflows/code';
import { ensureConsoleBuilt } from './support/browser';

const root = resolve(__dirname, '..');
const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestGlobals {
  stops: (() => Promise<void>)[];
}

async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function globalSetup(): Promise<void> {
  const g = globalThis as unknown as { __cf?: TestGlobals };
  // Once per jest run: the integration and chaos projects share this setup, in whichever order jest runs them (a
  // second call would start a second set of servers and lose the first's stops, leaving a server that keeps jest up).
  if (g.__cf) return;
  g.__cf = { stops: [] };
  const dataDir = join(root, '.data', 'test');
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();

  // PostgreSQL: a fresh database per run.
  let adminUrl = process.env.DATABASE_URL ?? LOCAL_PG;
  if (!(await reachable(adminUrl))) {
    if (process.env.DATABASE_URL)
      throw new Error(`DATABASE_URL is set but not reachable: ${adminUrl.replace(/:[^:@/]+@/, ':***@')}`);
    const script = join(root, 'scripts', 'dist', 'embedded-postgres.js');
    if (!existsSync(script)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    const pg = await spawnEmbeddedPostgres({ script, dataDir, port: await freePort(), database: 'postgres' });
    g.__cf.stops.push(() => pg.stop());
    adminUrl = pg.url;
  }
  const database = `cf_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const testUrl = withDatabase(adminUrl, database);
  g.__cf.stops.push(async () => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.end();
  });
  await runMigrations(testUrl);
  process.env.CF_TEST_DATABASE_URL = testUrl;
  process.env.CF_TEST_ADMIN_DATABASE_URL = adminUrl;

  // Temporal: the real dev server.
  if (process.env.TEMPORAL_ADDRESS) {
    process.env.CF_TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
  } else {
    const server = await startDevServer({
      root,
      port: await freePort(),
      namespace: 'default',
      logFile: join(dataDir, 'temporal.log'),
    });
    g.__cf.stops.push(() => server.stop());
    process.env.CF_TEST_TEMPORAL_ADDRESS = server.address;
  }
  process.env.CF_TEST_TEMPORAL_NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';

  // One workflow bundle for every test worker and replay.
  const code = await bundleWorkflows(undefined, quietLogger);
  const bundlePath = join(dataDir, `workflow-bundle-${process.pid}.js`);
  writeFileSync(bundlePath, code);
  process.env.CF_TEST_WORKFLOW_BUNDLE = bundlePath;
  // The console the API serves to the browser tests (built once here, before the test files run in parallel).
  ensureConsoleBuilt();
  process.stdout.write(
    `\nintegration setup: PostgreSQL database ${database}, Temporal ${process.env.CF_TEST_TEMPORAL_ADDRESS}, ` +
      `ready in ${Date.now() - started} ms\n`,
  );
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
