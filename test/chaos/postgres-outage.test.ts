/**
 * Fault 3 (issue 15): PostgreSQL unavailable mid-run — 30 s in the full run, 10 s in the short form. The worker and
 * the API reach the run's database only through the suite's TCP proxy, which is cut (every connection reset, new ones
 * refused) and restored; the machine's PostgreSQL itself is never touched. During the outage `/health` answers 503
 * with PostgreSQL down, a write (an intake) gets a clear 503 `SERVICE.UNAVAILABLE`, and the recording activities retry
 * with backoff; after it, every projection catches up, every case completes and every chain verifies.
 */
import { randomUUID } from 'node:crypto';
import { FULL, openStack, sleep, waitFor, type ChaosStack } from './support/stack';
import {
  agentToken,
  chaosIntake,
  driveCase,
  driveCases,
  firstCreated,
  judge,
  newTally,
  publish,
} from './support/cases';
import { chaosPolicy } from './support/policy';

const CASES = FULL ? 40 : 8;
const OUTAGE_MS = FULL ? 30_000 : 10_000;
const run = randomUUID().slice(0, 8);
let stack: ChaosStack;

beforeAll(async () => {
  stack = await openStack({ name: 'postgres-outage', policy: chaosPolicy(5) });
  await Promise.all([stack.worker.start(), stack.api.start()]);
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

interface Health {
  status: string;
  checks: { postgres: { status: string; error?: string }; temporal: { status: string } };
}

const health = async (): Promise<{ status: number; body: Health }> => {
  const res = await fetch(`${stack.apiBase}/health`, { signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as Health };
};

it(
  `PostgreSQL unavailable for ${OUTAGE_MS / 1000} s mid-run: /health 503, writes 503, activities retry, nothing lost`,
  async () => {
    const startedAt = Date.now();
    const tally = newTally();
    expect((await health()).status).toBe(200);
    const driving = driveCases(stack, tally, run, CASES, FULL ? 12 : 6, 300_000);
    // Cut as soon as a case exists: its clocks fire during the outage, so its recording activity must retry.
    await firstCreated(tally);
    await stack.pgProxy.cut();
    const cutAt = Date.now();
    // /health: 503, PostgreSQL down, Temporal up.
    const down = await waitFor('/health to say PostgreSQL is down', health, (h) => h.status === 503, 15_000);
    expect(down.body).toMatchObject({
      status: 'degraded',
      checks: { postgres: { status: 'down' }, temporal: { status: 'up' } },
    });
    // A write: a clear 503 with the stable code, in Chinese by default, never a 500.
    const res = await fetch(`${stack.apiBase}/complaints`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${agentToken(stack)}`,
        'content-type': 'application/json',
        'idempotency-key': `chaos-${run}-${CASES}-intake`, // the key driveCase retries it with
      },
      body: JSON.stringify(chaosIntake(run, CASES)),
      signal: AbortSignal.timeout(30_000),
    });
    const refused = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(503);
    expect(refused.error.code).toBe('SERVICE.UNAVAILABLE');
    expect(refused.error.message).toMatch(/[\u4e00-\u9fff]/);
    // The recording activities fail and are retried with backoff (their pending attempts count up).
    await sleep(Math.max(0, OUTAGE_MS / 2 - (Date.now() - cutAt)));
    const attempts: number[] = [];
    for await (const wf of stack.client.workflow.list({ query: `ExecutionStatus = 'Running'`, pageSize: 100 })) {
      const d = await stack.client.workflow.getHandle(wf.workflowId).describe();
      for (const a of d.raw.pendingActivities ?? []) attempts.push(a.attempt ?? 1);
      if (attempts.length >= 50) break;
    }
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));
    await stack.pgProxy.restore();
    const outageMs = Date.now() - cutAt;

    await waitFor('/health to recover', health, (h) => h.status === 200, 60_000);
    // The refused intake, retried with its key after the outage: one case.
    const probe = await driveCase(stack, tally, run, CASES, 120_000);
    const runs = [...(await driving), probe];
    const report = await judge(stack, 'postgres-outage', runs, tally, { postgresOutages: 1 }, startedAt, {
      timeoutMs: FULL ? 240_000 : 150_000,
    });
    report.faults.outageMs = outageMs;
    report.faults.activitiesRetrying = attempts.filter((a) => a > 1).length;
    report.faults.maxAttempt = Math.max(0, ...attempts);
    publish(report);
    expect(attempts.some((a) => a > 1)).toBe(true);
    expect(report).toMatchObject({
      started: CASES + 1,
      completed: CASES + 1,
      lost: 0,
      duplicated: 0,
      chainsVerified: CASES + 1,
    });
    expect(report.notifications.smtpDuplicates).toBe(0);
    // Every customer's acknowledgement (R-ACC-3) was planned once; what was sent arrived once (above). A row left
    // unsent is counted in the report (`unsettled`), a relay defect outside this suite (docs/adr/0020-chaos-suite.md).
    expect(report.notifications.acknowledgementRows).toBe(CASES + 1);
    expect(Object.keys(tally.statuses).filter((s) => s.startsWith('5') && s !== '503')).toEqual([]);
  },
  (FULL ? 50 : 15) * 60_000,
);
