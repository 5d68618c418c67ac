/** Starts scripts/embedded-postgres as a child process and waits for its ready line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface EmbeddedPostgresProcess {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export function spawnEmbeddedPostgres(opts: {
  script: string;
  dataDir: string;
  port: number;
  database: string;
  timeoutMs?: number;
}): Promise<EmbeddedPostgresProcess> {
  const child = spawn(process.execPath, [opts.script, opts.dataDir, String(opts.port), opts.database], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`embedded PostgreSQL not ready after ${opts.timeoutMs ?? 120_000} ms: ${stderr.trim()}`));
    }, opts.timeoutMs ?? 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited (${code}): ${stderr.trim()}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; url?: string };
        if (msg.ready && msg.url) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({ url: msg.url, process: child, stop });
        }
      } catch {
        // not our line: ignore
      }
    });
  });
}
