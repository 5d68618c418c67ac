/**
 * Starts the real Temporal dev server (`temporal server start-dev`) as a child process: file-backed when a
 * `dbFilename` is given, loopback only, with the case search attributes registered. Used by `npm start` and by the
 * jest global setup; never a stand-in: it is the Temporal server itself, embedded.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { searchAttributeCliArgs } from '@complaintflow/contracts';

export interface DevServerOptions {
  /** Project root (where `scripts/temporal-cli` lives). */
  readonly root: string;
  readonly port: number;
  /** Web UI port; omit for a headless server. */
  readonly uiPort?: number;
  readonly namespace: string;
  /** SQLite file for persistence across restarts; omit for in-memory. */
  readonly dbFilename?: string;
  /** Where the server's output goes. */
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningDevServer {
  readonly address: string;
  readonly uiUrl?: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Path of a working `temporal` binary, from `scripts/temporal-cli` (which builds the pinned version if needed). */
export function resolveTemporalCli(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync('bash', [join(root, 'scripts', 'temporal-cli')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** A loopback port free right now (the OS picks it), for a server this process is about to start. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/** Resolves when a TCP connection to host:port succeeds, or rejects after `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs: number, isAlive = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (!isAlive()) throw new Error(`the process meant to listen on ${host}:${port} exited`);
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts the dev server and waits until its frontend accepts connections. */
export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const cli = resolveTemporalCli(opts.root, opts.env);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
    '--log-level',
    'warn',
    // Eager activity dispatch: a workflow task that schedules an activity gets the activity task back in its own
    // completion when the worker has a free slot, instead of the worker polling for it (the server's default is off).
    // Every case action records through an activity, so this takes one matching round trip out of each.
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
    ...searchAttributeCliArgs(),
  ];
  if (opts.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFilename) {
    mkdirSync(dirname(opts.dbFilename), { recursive: true });
    args.push('--db-filename', opts.dbFilename);
  }
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const out = openSync(opts.logFile, 'a');
  const child = spawn(cli, args, { stdio: ['ignore', out, out], env: opts.env ?? process.env });
  closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    await waitForPort('127.0.0.1', opts.port, 60_000, () => !exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`Temporal dev server did not start (${(err as Error).message}); see ${opts.logFile}`, {
      cause: err,
    });
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort === undefined ? undefined : `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
