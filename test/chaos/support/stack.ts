/**
 * The chaos suite's own stack, per test file, so that its faults hit nothing but itself: a Temporal dev server of its
 * own on a SQLite file (killable, restartable on the same file and port), the run's PostgreSQL database reached through
 * a TCP proxy the suite can cut (the machine's PostgreSQL itself is never stopped), a real SMTP server counting what
 * arrives, and the worker and API as child processes (SIGKILL, restart) running the TypeScript sources.
 */
import { TEST_PAYLOAD_KEYS, testDataConverter } from '../../support/payload-keys';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@complaintflow/persistence';
import { freePort, startDevServer, waitForPort, type RunningDevServer } from '@complaintflow/temporal';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { testEnv, quietTemporalRuntime } from '../../support/env';

export const ROOT = resolve(__dirname, '..', '..', '..');
const REGISTER = join(__dirname, 'register.js');
export const CHAOS_DIR = join(ROOT, '.data', 'chaos');

/** The full run (`npm run chaos`) or the short form that runs in CI with `npm test`. */
export const FULL = process.env.CF_CHAOS_FULL === '1';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until `check` holds; throws with `what` after `timeoutMs` (bounded in time). */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await probe();
      error = undefined;
      if (check(last)) return last;
    } catch (err) {
      error = err;
    }
    if (Date.now() > until) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}` +
          (error ? `; error: ${String(error)}` : ''),
      );
    }
    await sleep(everyMs);
  }
}

// -----------------------------------------------------------------------------------------------------------------
// A TCP proxy in front of PostgreSQL: `cut()` drops every connection and refuses new ones; `restore()` listens again.
// -----------------------------------------------------------------------------------------------------------------

export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Upstream connections not yet established, and the slowest one so far (ms): a stalled PostgreSQL shows here. */
  pendingConnects = 0;
  slowestConnectMs = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(port = this.port): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      const opened = Date.now();
      this.pendingConnects++;
      let counted = true;
      const settle = () => {
        if (!counted) return;
        counted = false;
        this.pendingConnects--;
        this.slowestConnectMs = Math.max(this.slowestConnectMs, Date.now() - opened);
      };
      upstream.once('connect', settle);
      upstream.once('close', settle);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(port, '127.0.0.1', () => res());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  /** PostgreSQL unavailable: open connections reset, new ones refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((res) => server.close(() => res()));
  }

  async restore(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.cut();
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Child processes: the worker and the API, from the TypeScript sources.
// -----------------------------------------------------------------------------------------------------------------

export class NodeProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  starts = 0;
  kills = 0;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: () => NodeJS.ProcessEnv,
    /** Resolves when the process serves (a line on stdout, or a port). */
    private readonly ready: { line: RegExp } | { port: number },
    private readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const out = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['-r', REGISTER, this.entry], {
      cwd: ROOT,
      env: { ...process.env, ...this.env() },
      stdio: ['ignore', 'pipe', out],
    });
    closeSync(out);
    this.child = child;
    this.starts++;
    this.exited = new Promise((res) => child.once('exit', () => res()));
    let seen = '';
    const lineSeen = new Promise<void>((res) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-4000);
        if ('line' in this.ready && this.ready.line.test(seen)) res();
      });
    });
    const died = this.exited.then(() => {
      throw new Error(`${this.name} exited during start (code ${child.exitCode}); see ${this.logFile}: ${seen}`);
    });
    const up =
      'line' in this.ready ? lineSeen : waitForPort('127.0.0.1', this.ready.port, timeoutMs, () => this.running);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`${this.name} not ready after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([up, died, timeout]);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The fault: SIGKILL, no chance to clean up; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.kills++;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM, then SIGKILL after 15 s). */
  async stop(): Promise<void> {
    if (!this.running) return;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    this.child!.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }
}

// -----------------------------------------------------------------------------------------------------------------
// A real SMTP server that counts what arrives, by Message-ID (the e-mail channel derives it from the idempotency key).
// -----------------------------------------------------------------------------------------------------------------

export class SmtpSink {
  private server?: SMTPServer;
  port = 0;
  /** Message-ID → how many times a message with it arrived. */
  readonly byMessageId = new Map<string, number>();
  total = 0;

  async listen(): Promise<void> {
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const id = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? `(none ${randomUUID()})`;
          this.byMessageId.set(id, (this.byMessageId.get(id) ?? 0) + 1);
          this.total++;
          callback();
        });
      },
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
  }

  /** Messages that arrived more than once. */
  duplicates(): number {
    let n = 0;
    for (const count of this.byMessageId.values()) if (count > 1) n += count - 1;
    return n;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (s) await new Promise<void>((res) => s.close(() => res()));
  }
}

// -----------------------------------------------------------------------------------------------------------------
// The stack of one chaos test file.
// -----------------------------------------------------------------------------------------------------------------

export interface StackOptions {
  /** Name of the fault (file names, task queue). */
  readonly name: string;
  readonly policy: PolicyDocument;
}

export interface ChaosStack {
  readonly name: string;
  readonly taskQueue: string;
  readonly apiPort: number;
  readonly apiBase: string;
  readonly jwtSecret: string;
  /** The proxy in front of PostgreSQL that the worker and the API use. */
  readonly pgProxy: TcpProxy;
  /** A direct connection (not through the proxy) for the suite's own checks. */
  readonly db: DataSource;
  readonly smtp: SmtpSink;
  readonly worker: NodeProcess;
  readonly api: NodeProcess;
  /** The Temporal client of the suite's checks (reconnects by itself after a server restart). */
  client: Client;
  temporal: RunningDevServer;
  readonly temporalPort: number;
  killTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  close(): Promise<void>;
}

export async function openStack(opts: StackOptions): Promise<ChaosStack> {
  quietTemporalRuntime();
  const run = `${opts.name}-${process.pid}-${Date.now().toString(36)}`;
  const dir = join(CHAOS_DIR, run);
  mkdirSync(dir, { recursive: true });
  const taskQueue = `chaos-${run}`;

  // PostgreSQL: the run's database (test/global-setup.ts), through a proxy of our own.
  const direct = new URL(testEnv.databaseUrl);
  const pgProxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
  await pgProxy.listen();
  const proxied = new URL(testEnv.databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(pgProxy.port);
  const db = createDataSource({ url: testEnv.databaseUrl, poolSize: 4, applicationName: `chaos-check-${opts.name}` });
  await db.initialize();

  // Temporal: a dev server of our own, on a SQLite file, so it can be killed and restarted on the same file.
  const temporalPort = await freePort();
  const dbFilename = join(dir, 'temporal.sqlite');
  const startServer = () =>
    startDevServer({
      root: ROOT,
      port: temporalPort,
      namespace: 'default',
      dbFilename,
      logFile: join(dir, 'temporal.log'),
    });
  let temporal = await startServer();
  let connection = await Connection.connect({ address: temporal.address });
  let client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter });

  const smtp = new SmtpSink();
  await smtp.listen();

  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(opts.policy, null, 2));
  const jwtSecret = randomBytes(24).toString('hex');
  const piiKey = randomBytes(32).toString('hex');
  const common = (): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    DATABASE_URL: proxied.toString(),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    PII_KEY: piiKey,
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, // the judge reads the payloads with the same keyring
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
  });
  const bundle = process.env.CF_TEST_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('CF_TEST_WORKFLOW_BUNDLE is not set: run the chaos suite through jest');
  const worker = new NodeProcess(
    'worker',
    join(__dirname, 'worker-process.ts'),
    () => ({
      ...common(),
      CF_CHAOS_BUNDLE: bundle,
      DATABASE_POOL_SIZE: process.env.CF_CHAOS_WORKER_POOL ?? '10',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: '客户投诉部 <noreply@kf.example.com>',
    }),
    { line: /^ready /m },
    join(dir, 'worker.log'),
  );
  const apiPort = await freePort();
  const api = new NodeProcess(
    'api',
    join(ROOT, 'apps', 'api', 'src', 'main.ts'),
    () => ({
      ...common(),
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      AUTH_MODE: 'jwt',
      POLICY_FILE: policyFile,
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATABASE_POOL_SIZE: '10',
    }),
    { port: apiPort },
    join(dir, 'api.log'),
  );

  const stack: ChaosStack = {
    name: opts.name,
    taskQueue,
    apiPort,
    apiBase: `http://127.0.0.1:${apiPort}`,
    jwtSecret,
    pgProxy,
    db,
    smtp,
    worker,
    api,
    client,
    temporal,
    temporalPort,
    async killTemporal() {
      const child = stack.temporal.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((res) => child.once('exit', res));
      child.kill('SIGKILL');
      await gone;
    },
    async startTemporal() {
      temporal = await startServer();
      stack.temporal = temporal;
      // The suite's own client: a fresh connection (the SDK's would reconnect too; this keeps the checks quick).
      await connection.close().catch(() => undefined);
      connection = await Connection.connect({ address: temporal.address });
      client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter });
      stack.client = client;
    },
    async close() {
      await api.stop().catch(() => undefined);
      await worker.stop().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await stack.temporal.stop().catch(() => undefined);
      await smtp.close().catch(() => undefined);
      await pgProxy.close().catch(() => undefined);
      await db.destroy().catch(() => undefined);
    },
  };
  return stack;
}
