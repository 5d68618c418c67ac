/**
 * The images' entry commands, proved without a Docker engine (issue 16): the exact CMD of docker/api.Dockerfile and
 * docker/worker.Dockerfile (parsed from the files) runs as a real process with the image's ENV plus what
 * docker/compose.yaml passes (NODE_ENV=production, JWT auth, secrets, real SMTP and SMPP servers), against the test
 * stack; `/health` answers on both, `/metrics` is scraped on both (the worker's from the Temporal SDK's exporter), and
 * a request in flight when the API gets SIGTERM still completes — with its database write — before the API exits.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { intakeBody } from '../support/api';
import { finalStage, runCmd, waitForHttp, type AppProcess } from '../support/deploy';
import { freePort } from '@complaintflow/temporal';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { testEnv } from '../support/env';
import { LocalSmsc, SMSC_PASSWORD, SMSC_SYSTEM_ID } from '../support/smsc';

jest.setTimeout(180_000);

const JWT_SECRET = randomBytes(32).toString('hex');
const api = finalStage('api.Dockerfile');
const worker = finalStage('worker.Dockerfile');

let smtp: SMTPServer;
let smsc: LocalSmsc;
let apiProc: AppProcess | undefined;
let workerProc: AppProcess | undefined;
let apiPort: number;
let healthPort: number;
let metricsPort: number;
const taskQueue = `deploy-${randomUUID()}`;

/** What docker/compose.yaml's x-app-env gives every app container, pointed at the test stack. */
function composeEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    AUTH_MODE: 'jwt',
    LOG_LEVEL: 'info',
    DATABASE_URL: testEnv.databaseUrl,
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_NAMESPACE: testEnv.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    JWT_SECRET,
    PII_KEY: randomBytes(32).toString('hex'),
    PUBLIC_BASE_URL: 'https://kf.example.com',
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, // the tests' keyring, so the test's own client reads the same payloads
  };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData: (s, _x, cb) => s.resume().on('end', cb),
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  smsc = new LocalSmsc();
  const smscPort = await smsc.listen();
  [apiPort, healthPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const env = composeEnv();
  apiProc = runCmd(api.cmd!, { ...api.env, ...env, PORT: String(apiPort) });
  workerProc = runCmd(worker.cmd!, {
    ...worker.env,
    ...env,
    WORKER_HEALTH_PORT: String(healthPort),
    WORKER_METRICS_PORT: String(metricsPort),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: '客户投诉部 <kf@example.com>',
    SMPP_URL: `smpp://${SMSC_SYSTEM_ID}:${SMSC_PASSWORD}@127.0.0.1:${smscPort}`,
    SMS_SOURCE_ADDR: '95500',
  });
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${apiPort}/health`, apiProc),
    waitForHttp(`http://127.0.0.1:${healthPort}/health`, workerProc),
  ]);
});

afterAll(async () => {
  await Promise.all([apiProc?.stop(), workerProc?.stop()]);
  await smsc?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const token = () => signJwt({ sub: 'deploy-agent', name: 'deploy-agent', roles: ['agent'] }, JWT_SECRET, 600);

describe("the images' entry commands against the local stack", () => {
  it('run the API and the worker in production mode: /health answers on both', async () => {
    const apiHealth = await fetch(`http://127.0.0.1:${apiPort}/health`);
    expect(apiHealth.status).toBe(200);
    expect(await apiHealth.json()).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' } } });
    const workerHealth = await fetch(`http://127.0.0.1:${healthPort}/health`);
    expect(await workerHealth.json()).toEqual({ status: 'ok', worker: 'RUNNING' });
    expect((await fetch(`http://127.0.0.1:${healthPort}/other`)).status).toBe(404);
    // Production refuses the development token endpoint (AUTH_MODE=jwt).
    expect(
      (await fetch(`http://127.0.0.1:${apiPort}/auth/dev-token`, { method: 'POST' })).status,
    ).toBeGreaterThanOrEqual(400);
  });

  it('/metrics is scraped on both: HTTP timings and the record on the API, the SDK metrics on the worker', async () => {
    const body = intakeBody();
    const created = await fetch(`http://127.0.0.1:${apiPort}/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const scrape = await fetch(`http://127.0.0.1:${apiPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    expect(text).toMatch(
      /complaintflow_http_request_duration_seconds_count\{method="POST",route="\/complaints",status="201"\} [1-9]/,
    );
    expect(text).toMatch(/complaintflow_cases_open\{stage="\w+"\} [1-9]/);
    expect(text).toMatch(/^complaintflow_cases_overdue \d+$/m);
    expect(text).toMatch(/complaintflow_notification_outbox_backlog\{status="pending"\} \d+/);
    expect(text).toMatch(/complaintflow_notification_deliveries_unsent\{status="parked"\} \d+/);
    expect(text).toContain('complaintflow_api_process_resident_memory_bytes');
    // No personal data and no ids in the labels: not the phone, not the name, not the case id.
    const phone = (body.complainant as { phone: string }).phone;
    for (const secret of [phone, '张三', id]) expect(text).not.toContain(secret);

    // The worker's Temporal SDK metrics (Runtime telemetry, Prometheus exporter on WORKER_METRICS_PORT).
    const workerText = await waitForText(`http://127.0.0.1:${metricsPort}/metrics`, /temporal_\w+\{[^}]*task_queue="/);
    expect(workerText).toContain(`task_queue="${taskQueue}"`);
    expect(workerText).not.toContain(phone);
  });

  it('on SIGTERM the API stops accepting, finishes the request in flight (database write included), and exits 0', async () => {
    const body = Buffer.from(JSON.stringify(intakeBody()));
    const half = Math.floor(body.length / 2);
    // A request in flight: the headers and half the body sent, the rest after the signal.
    const answer = new Promise<{ status: number; text: string; connection: string | undefined }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: apiPort,
          method: 'POST',
          path: '/complaints',
          headers: {
            authorization: `Bearer ${token()}`,
            'content-type': 'application/json',
            'content-length': String(body.length),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, half));
      (globalThis as { __inflight?: typeof req }).__inflight = req;
    });
    await new Promise((r) => setTimeout(r, 300));
    const proc = apiProc!;
    proc.child.kill('SIGTERM');
    await eventually(() => proc.output().includes('api shutting down'), 20_000);
    // No new connections are taken while the one in flight finishes.
    await expect(fetch(`http://127.0.0.1:${apiPort}/health`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
    const req = (globalThis as { __inflight?: import('node:http').ClientRequest }).__inflight!;
    req.end(body.subarray(half));
    const res = await answer;
    expect(res.status).toBe(201);
    const { id } = JSON.parse(res.text) as { id: string };
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('api stopped');
    apiProc = undefined;
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query('SELECT id FROM complaint_cases WHERE id = $1', [id]);
      expect(rows.rowCount).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('on SIGTERM the worker drains and exits 0', async () => {
    const proc = workerProc!;
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('worker stopped');
    workerProc = undefined;
  });
});

async function eventually(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForText(url: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await (await fetch(url)).text();
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} never matched ${pattern}:\n${text.slice(0, 2000)}`);
}
