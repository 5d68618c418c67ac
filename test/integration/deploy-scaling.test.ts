/**
 * Scaling out (issue 16; README "Scaling"): two API processes and two worker processes — the images' own CMDs
 * (docker/*.Dockerfile), real node processes on the built apps — against one Temporal dev server and one PostgreSQL.
 * Cases are opened through both APIs; their activities run on both workers (the worker identity Temporal records in
 * each ActivityTaskStarted event); one worker gets SIGTERM while every case is being moved on a step, the cases whose
 * workflows it held go on on the other (their workflow tasks change worker), and every case takes that step once: one `case.assigned` each, `case_events` gap-free, every hash chain verifying.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadAuditRecords, verifyChain } from '@complaintflow/audit';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { caseWorkflowId } from '@complaintflow/contracts';
import { intakeBody } from '../support/api';
import { finalStage, runCmd, waitForHttp, type AppProcess } from '../support/deploy';
import { freePort } from '@complaintflow/temporal';
import { TEST_PAYLOAD_KEYS, testDataConverter } from '../support/payload-keys';
import { testEnv } from '../support/env';
import { createDataSource } from '@complaintflow/persistence';
import type { DataSource } from 'typeorm';

jest.setTimeout(300_000);

const CASES = 16;
const JWT_SECRET = randomBytes(32).toString('hex');
const taskQueue = `scaling-${randomUUID()}`;
const api = finalStage('api.Dockerfile');
const worker = finalStage('worker.Dockerfile');

const apis: { proc: AppProcess; base: string }[] = [];
const workers: { proc: AppProcess; health: string }[] = [];
let connection: Connection;
let client: Client;
let ds: DataSource;

function env(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    AUTH_MODE: 'jwt',
    LOG_LEVEL: 'info',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_POOL_SIZE: '4',
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_NAMESPACE: testEnv.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    JWT_SECRET,
    PII_KEY: 'ab'.repeat(32),
    PUBLIC_BASE_URL: 'https://kf.example.com',
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, // the tests' keyring, so the test's own client reads the same payloads
    RATE_LIMIT_PER_MINUTE: '1000000',
    WORKER_SHUTDOWN_GRACE_MS: '20000',
  };
}

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    apis.push({
      proc: runCmd(api.cmd!, { ...api.env, ...env(), PORT: String(port) }),
      base: `http://127.0.0.1:${port}`,
    });
    const health = await freePort();
    workers.push({
      proc: runCmd(worker.cmd!, {
        ...worker.env,
        ...env(),
        WORKER_HEALTH_PORT: String(health),
        // One host here, so each its own metrics port (in containers both keep the image's 9464).
        WORKER_METRICS_PORT: String(await freePort()),
      }),
      health: `http://127.0.0.1:${health}/health`,
    });
  }
  await Promise.all([
    ...apis.map((a) => waitForHttp(`${a.base}/health`, a.proc)),
    ...workers.map((w) => waitForHttp(w.health, w.proc)),
  ]);
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter });
  ds = createDataSource({ url: testEnv.databaseUrl, poolSize: 2, applicationName: 'complaintflow-test' });
  await ds.initialize();
});

afterAll(async () => {
  await Promise.all([...apis, ...workers].map((p) => p.proc.stop()));
  await connection?.close();
  await ds?.destroy();
});

const agent = () => signJwt({ sub: 'scale-agent', name: 'scale-agent', roles: ['agent'] }, JWT_SECRET, 3600);

async function post(
  base: string,
  path: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; body: { id?: string } }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${agent()}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { id?: string } };
}

/**
 * A step as a client sends it (docs/api.md): with an Idempotency-Key, sent again with the same key when the API
 * answers 503 ("retry with the same Idempotency-Key"), at most 3 times. `retries` counts the second sends.
 */
async function step(base: string, path: string, body: unknown, retries: { n: number; why: string[] }) {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const res = await post(base, path, body, key);
    if (res.status !== 503 || attempt === 3) return res;
    retries.n++;
    retries.why.push(JSON.stringify(res.body).slice(0, 200));
  }
}

/** The identities of the workers that started the case's activities (from its Temporal history). */
type Event = temporal.api.history.v1.IHistoryEvent;
const at = (e: Event) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
const { EventType } = temporal.api.enums.v1;

/** The case's history events of one kind, each with the identity of the worker that started it and when. */
async function started(caseId: string, kind: 'activity' | 'workflow'): Promise<{ identity: string; at: number }[]> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const type =
    kind === 'activity' ? EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED : EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
  return (history.events ?? [])
    .filter((e) => e.eventType === type)
    .map((e) => ({
      identity:
        (kind === 'activity'
          ? e.activityTaskStartedEventAttributes?.identity
          : e.workflowTaskStartedEventAttributes?.identity) ?? '',
      at: at(e),
    }));
}

const onPid = (pid: number) => (e: { identity: string }) => e.identity.startsWith(`${pid}@`);

describe('two APIs and two workers on one Temporal and one PostgreSQL', () => {
  it('spreads cases over both workers, and survives one worker stopping mid-run with nothing lost or doubled', async () => {
    const pids = workers.map((w) => w.proc.child.pid!);
    // Cases through both APIs, half each, all at once.
    const created = await Promise.all(
      Array.from({ length: CASES }, (_, i) => post(apis[i % 2]!.base, '/complaints', intakeBody())),
    );
    expect(created.map((c) => c.status)).toEqual(Array(CASES).fill(201));
    const ids = created.map((c) => c.body.id!);
    // A first step on each (accept), again through both APIs.
    const accepted = await Promise.all(
      ids.map((id, i) => post(apis[(i + 1) % 2]!.base, `/complaints/${id}/actions/accept`, {})),
    );
    expect(accepted.map((a) => a.status)).toEqual(Array(CASES).fill(200));

    // Activities ran on both workers: Temporal records the worker identity (`pid@host`) of each activity task.
    const activities = (await Promise.all(ids.map((id) => started(id, 'activity')))).flat();
    const pidsSeen = new Set(activities.map((e) => Number(e.identity.split('@')[0])));
    expect([...pidsSeen].sort()).toEqual([...pids].sort());

    // The next step on every case, with worker 0 told to stop while the steps are under way.
    // A 503 while the worker stops is the API's answer for "the engine did not answer in time" (it waits 30 s); a
    // client retries it with its key, and the step must still be taken exactly once (checked below).
    const retries = { n: 0, why: [] as string[] };
    const stepping = ids.map((id, i) =>
      step(
        apis[i % 2]!.base,
        `/complaints/${id}/actions/assign`,
        { assignee: 'inv-1', department: '北京派件中心' },
        retries,
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    const stoppedAt = Date.now();
    workers[0]!.proc.child.kill('SIGTERM');
    const assigned = await Promise.all(stepping);
    if (retries.n > 0) {
      // What the APIs said about the steps answered 503 (their log has the Temporal error behind it).
      const said = apis.flatMap((a) =>
        a.proc
          .output()
          .split('\n')
          .filter((l) => l.includes('action failed')),
      );
      process.stdout.write(
        `scaling: ${retries.n} steps sent again after a 503: ${retries.why.join('; ')}\n${said.join('\n')}\n`,
      );
    }
    expect(assigned.map((a) => a.status)).toEqual(Array(CASES).fill(200));
    expect(await workers[0]!.proc.exited).toBe(0);
    expect(workers[0]!.proc.output()).toContain('worker stopped');
    // The other worker is still running, and took steps after the signal.
    expect((await fetch(workers[1]!.health)).status).toBe(200);
    // Cases whose workflow lived on the stopped worker went on on the other one (workflow tasks move with it).
    const tasks = await Promise.all(ids.map((id) => started(id, 'workflow')));
    const movedOver = tasks.filter(
      (t) =>
        t.some((e) => onPid(pids[0]!)(e) && e.at < stoppedAt) && t.some((e) => onPid(pids[1]!)(e) && e.at >= stoppedAt),
    ).length;
    expect(movedOver).toBeGreaterThan(0);
    const afterStop = (await Promise.all(ids.map((id) => started(id, 'activity'))))
      .flat()
      .filter((e) => e.at >= stoppedAt);
    process.stdout.write(
      `scaling: ${CASES} cases; ${movedOver} moved from the stopped worker to the other; activities after the SIGTERM: ` +
        `stopped worker ${afterStop.filter(onPid(pids[0]!)).length}, surviving ${afterStop.filter(onPid(pids[1]!)).length}\n`,
    );

    // Nothing lost, nothing doubled: per case one received, one assigned, seqs 1..last_seq, a verifying chain.
    const db = new PgClient({ connectionString: testEnv.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ case_id: string; type: string; n: number }>(
        `SELECT case_id, type, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY 1, 2`,
        [ids],
      );
      for (const id of ids) {
        const of = (type: string) => rows.find((r) => r.case_id === id && r.type === type)?.n ?? 0;
        expect([id, of('case.received'), of('case.assigned')]).toEqual([id, 1, 1]);
        const [{ last_seq }] = (await db.query('SELECT last_seq FROM complaint_cases WHERE id = $1', [id])).rows as {
          last_seq: number;
        }[];
        const records = await loadAuditRecords(ds, id);
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: last_seq }, (_, k) => k + 1));
        expect(verifyChain(id, records, { expectedLastSeq: last_seq }).problems).toEqual([]);
      }
    } finally {
      await db.end();
    }
    workers.splice(0, 1);
  });
});
