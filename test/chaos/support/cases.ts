/**
 * The chaos suite's clients and its judge. Clients act as a call centre would, over HTTP: each case is taken in
 * (`POST /complaints`), accepted and resolved on the spot, every request with an `Idempotency-Key` of its own and
 * retried with that same key when the connection fails or the API answers 502/503/504 (bounded in count and time).
 * The judge waits for every case workflow to complete and every message to settle, then counts: cases started,
 * completed, lost, duplicated, chains verified, events, and e-mails delivered once, twice or not at all.
 */
import { intakeBody } from '../../support/api';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signJwt } from '@complaintflow/api/auth/jwt';
import { loadAuditRecords, verifyChain } from '@complaintflow/audit';
import { caseWorkflowId } from '@complaintflow/contracts';
import type { CaseState } from '@complaintflow/domain/case';
import { isTerminalStage } from '@complaintflow/domain/stages';
import { DELIVERY_DONE } from '@complaintflow/persistence/repositories/notification-deliveries';
import { COMPLAINT_CASE_WORKFLOW } from '@complaintflow/temporal';
import { R_CON_3_MISSING } from '@complaintflow/activities';
import { CHAOS_DIR, sleep, waitFor, type ChaosStack } from './stack';

export interface HttpTally {
  /** How many answers of each status the clients got (`error` for a failed connection). */
  readonly statuses: Record<string, number>;
  /** Requests that needed more than one attempt. */
  retried: number;
  /**
   * Clients that gave up on a step (their budget ran out under the fault) and came back later with the same
   * Idempotency-Keys, as a real client does. A case is lost only if it is not complete after that.
   */
  cameBack: number;
}

export const newTally = (): HttpTally => ({ statuses: {}, retried: 0, cameBack: 0 });

export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly attempts: number;
}

/** What a delivery row ends in when its message went out. */
const DONE: readonly string[] = DELIVERY_DONE;

const RETRY_STATUSES = new Set([502, 503, 504]);

/**
 * One request, retried with the same Idempotency-Key while the connection fails or the API says it is unavailable;
 * gives up (throws) after `budgetMs` or 200 attempts.
 */
export async function callRetrying<T>(
  stack: Pick<ChaosStack, 'apiBase'>,
  tally: HttpTally,
  token: string,
  method: string,
  path: string,
  body: unknown,
  key: string,
  budgetMs: number,
): Promise<Answer<T>> {
  const until = Date.now() + budgetMs;
  let lastError = '';
  for (let attempt = 1; attempt <= 200; attempt++) {
    if (attempt === 2) tally.retried++;
    let status: number | undefined;
    try {
      const res = await fetch(`${stack.apiBase}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
          'accept-language': 'en',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(45_000),
      });
      status = res.status;
      const text = await res.text();
      tally.statuses[String(status)] = (tally.statuses[String(status)] ?? 0) + 1;
      if (!RETRY_STATUSES.has(status)) {
        return { status, body: (text ? JSON.parse(text) : undefined) as T, attempts: attempt };
      }
      lastError = `${status} ${text.slice(0, 200)}`;
    } catch (err) {
      tally.statuses.error = (tally.statuses.error ?? 0) + 1;
      lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    if (Date.now() > until) break;
    await sleep(Math.min(250 * attempt, 2_000) + randomInt(250));
  }
  throw new Error(`${method} ${path} (key ${key}) gave up: ${lastError}`);
}

export function agentToken(stack: Pick<ChaosStack, 'jwtSecret'>, sub = 'chaos-agent'): string {
  return signJwt({ sub, roles: ['agent'], name: sub }, stack.jwtSecret, 4 * 3600);
}

/** The waybill numbers of one run's cases start with this (R-ACC-1: letters and digits). */
export const waybillPrefix = (run: string) => `CH${run.toUpperCase()}`;

/** An intake body (docs/api.md) with an invented complainant who wants answers by e-mail. */
export function chaosIntake(run: string, index: number): Record<string, unknown> {
  // Deterministic per (run, index): a client retrying sends the very same body with its key.
  const digits =
    BigInt(`0x${createHash('sha256').update(`${run}:${index}`).digest('hex').slice(0, 12)}`) % 100_000_000n;
  const phone = `139${digits.toString().padStart(8, '0')}`;
  const tag = `c${index}-${run}`;
  const base = intakeBody();
  return {
    ...base,
    waybillNo: `${waybillPrefix(run)}${String(index).padStart(6, '0')}`,
    complainant: { name: '张三', phone, email: `${tag}@example.test`, party: 'recipient', preferredChannel: 'email' },
    description: '快件已经五天没有更新物流信息。',
  };
}

export interface CaseRun {
  readonly index: number;
  readonly waybillNo: string;
  caseId?: string;
  /** The case ids the intake answers named (one, however often the client retried). */
  readonly intakeIds: Set<string>;
  done: boolean;
  error?: string;
}

/**
 * A client's case: intake, accept (R-ACC-3 tells the customer), resolve on the spot (R-FLOW-2: closed, the customer
 * told the result). Each step is retried with its own key until it is answered.
 */
export async function driveCase(
  stack: Pick<ChaosStack, 'apiBase' | 'jwtSecret'>,
  tally: HttpTally,
  run: string,
  index: number,
  budgetMs: number,
  steps: 'intake' | 'all' = 'all',
): Promise<CaseRun> {
  const body = chaosIntake(run, index);
  const c: CaseRun = { index, waybillNo: String(body.waybillNo), intakeIds: new Set(), done: false };
  const token = agentToken(stack);
  const key = (step: string) => `chaos-${run}-${index}-${step}`;
  try {
    const intake = await callRetrying<{ id: string }>(
      stack,
      tally,
      token,
      'POST',
      '/complaints',
      body,
      key('intake'),
      budgetMs,
    );
    if (intake.status !== 201 && intake.status !== 200) throw new Error(`intake ${intake.status}`);
    c.caseId = intake.body.id;
    c.intakeIds.add(intake.body.id);
    if (steps === 'all') {
      for (const [action, input] of [
        ['accept', {}],
        ['resolve-on-the-spot', { explanation: '现场核实派送时间并致歉,客户认可' }],
      ] as const) {
        const a = await callRetrying(
          stack,
          tally,
          token,
          'POST',
          `/complaints/${c.caseId}/actions/${action}`,
          input,
          key(action),
          budgetMs,
        );
        if (a.status !== 200) throw new Error(`${action} ${a.status} ${JSON.stringify(a.body)}`);
      }
    }
    c.done = true;
  } catch (err) {
    c.error = err instanceof Error ? err.message : String(err);
  }
  return c;
}

/** How many of a run's cases are in `stage` in the read model now. */
export async function casesInStage(stack: Pick<ChaosStack, 'db'>, run: string, stage: string): Promise<number> {
  const [row] = (await stack.db.query(
    `SELECT count(*)::int AS n FROM complaint_cases WHERE waybill_no LIKE $1 AND stage = $2`,
    [`${waybillPrefix(run)}%`, stage],
  )) as { n: number }[];
  return row.n;
}

/** The ids of a run's cases in `stage` in the read model now. */
export async function casesInStageIds(stack: Pick<ChaosStack, 'db'>, run: string, stage: string): Promise<string[]> {
  const rows = (await stack.db.query(`SELECT id FROM complaint_cases WHERE waybill_no LIKE $1 AND stage = $2`, [
    `${waybillPrefix(run)}%`,
    stage,
  ])) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Runs `count` clients, `concurrency` at a time; `onProgress` sees how many cases have been started so far. */
export async function driveCases(
  stack: Pick<ChaosStack, 'apiBase' | 'jwtSecret'>,
  tally: HttpTally,
  run: string,
  count: number,
  concurrency: number,
  budgetMs: number,
  steps: 'intake' | 'all' = 'all',
): Promise<CaseRun[]> {
  const runs: CaseRun[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        runs.push(await driveCase(stack, tally, run, i, budgetMs, steps));
      }
    }),
  );
  // A client that gave up comes back once the others are done, with the same keys: the API must answer it with the
  // case it already took in (never a second one) and take each remaining step once.
  for (const [k, r] of runs.entries()) {
    if (r.done) continue;
    tally.cameBack++;
    const again = await driveCase(stack, tally, run, r.index, budgetMs, steps);
    for (const id of r.intakeIds) again.intakeIds.add(id);
    runs[k] = { ...again, error: again.done ? `gave up once (${r.error}), came back and finished` : again.error };
  }
  return runs.sort((a, b) => a.index - b.index);
}

export interface ChaosReport {
  readonly fault: string;
  readonly mode: 'full' | 'short';
  /** Cases whose intake a client sent. */
  started: number;
  /** Case workflows completed, with every event recorded. */
  completed: number;
  /** Cases taken in (or sent) and not completed with all their events: must be 0. */
  lost: number;
  /** Extra cases for one intake, events recorded twice, e-mails delivered twice: must be 0. */
  duplicated: number;
  /** Audit chains verified against the projection's last seq and the workflow's own. */
  chainsVerified: number;
  events: number;
  notifications: {
    /** Delivery rows of the cases (inbox and e-mail). */
    rows: number;
    emailsSent: number;
    /** Distinct e-mails that arrived at the SMTP server, and how many arrived more than once. */
    smtpDistinct: number;
    smtpDuplicates: number;
    /** E-mail rows `sent` whose message never arrived. */
    emailsMissing: number;
    /** Customers' acknowledgements (R-ACC-3): in the outbox (one per case accepted), and sent by e-mail. */
    acknowledgementRows: number;
    acknowledgements: number;
    /**
     * Rows parked by design: a role nobody holds (the worker's default recipients are the owner only) and written
     * replies without their R-CON-3 sign-offs (a case resolved on the spot has none).
     */
    parkedByDesign: number;
    /** Rows neither done nor parked by design after the wait (the known kill-mid-delivery defect would show here). */
    unsettled: number;
    /** Outbox rows whose relay had not finished after the wait (no delivery row planned yet, or one unsettled). */
    outboxOpen: number;
  };
  http: HttpTally;
  faults: Record<string, number>;
  /** How long the judge waited for each phase (completion, messages settling). */
  phasesMs: Record<string, number>;
  /** When messages did not settle: the worker's PostgreSQL sessions by state. */
  stuckWorkerSessions?: { state: string; wait_event_type: string | null; n: number }[];
  durationMs: number;
  notes: string[];
}

interface DeliveryCheckRow {
  id: string;
  case_id: string;
  kind: string;
  channel: string;
  status: string;
  recipient_id: string;
  last_error: string | null;
  provider_message_id: string | null;
}

interface EventCountRow {
  case_id: string;
  type: string;
  n: number;
}

/**
 * Waits (bounded) until every case workflow has completed and every message of theirs has settled, then judges.
 * `expectEmails`: the acknowledgement and the result notice of every driven case go out by e-mail.
 */
export async function judge(
  stack: ChaosStack,
  fault: string,
  runs: CaseRun[],
  tally: HttpTally,
  faults: Record<string, number>,
  startedAt: number,
  opts: { timeoutMs: number; steps?: 'intake' | 'all' },
): Promise<ChaosReport> {
  const steps = opts.steps ?? 'all';
  const notes: string[] = [];
  const ids = runs.filter((r) => r.caseId).map((r) => r.caseId!);
  const report: ChaosReport = {
    fault,
    mode: process.env.CF_CHAOS_FULL === '1' ? 'full' : 'short',
    started: runs.length,
    completed: 0,
    lost: 0,
    duplicated: 0,
    chainsVerified: 0,
    events: 0,
    notifications: {
      rows: 0,
      emailsSent: 0,
      smtpDistinct: 0,
      smtpDuplicates: 0,
      emailsMissing: 0,
      acknowledgementRows: 0,
      acknowledgements: 0,
      parkedByDesign: 0,
      unsettled: 0,
      outboxOpen: 0,
    },
    phasesMs: {},
    http: tally,
    faults,
    durationMs: 0,
    notes,
  };
  for (const r of runs) if (r.error) notes.push(`client ${r.index}: ${r.error}`);

  report.phasesMs.clients = Date.now() - startedAt;
  let phase = Date.now();
  // Every case workflow completes (the analysis deadline after closure ends it), unless only taken in.
  const finalStates = new Map<string, CaseState>();
  if (steps === 'all') {
    const query = `WorkflowType = '${COMPLAINT_CASE_WORKFLOW}' AND ExecutionStatus = 'Running'`;
    await waitFor(
      'every case workflow to complete',
      async () => (await stack.client.workflow.count(query)).count,
      (n) => n === 0,
      opts.timeoutMs,
      2_000,
    ).catch((err: unknown) => notes.push(String(err)));
    for (const id of ids) {
      const handle = stack.client.workflow.getHandle(caseWorkflowId(id));
      const d = await handle.describe().catch(() => undefined);
      if (d?.status.name === 'COMPLETED') finalStates.set(id, (await handle.result()) as CaseState);
    }
  }

  report.phasesMs.completion = Date.now() - phase;
  // The read model: one case per intake, every event once and in order, the chain intact.
  const waybills = runs.map((r) => r.waybillNo);
  const perWaybill: { waybill_no: string; n: number }[] = await stack.db.query(
    `SELECT waybill_no, count(*)::int AS n FROM complaint_cases WHERE waybill_no = ANY($1) GROUP BY waybill_no`,
    [waybills],
  );
  const casesOf = new Map(perWaybill.map((r) => [r.waybill_no, r.n]));
  const counts: EventCountRow[] = await stack.db.query(
    `SELECT case_id, type, count(*)::int AS n FROM case_events WHERE case_id = ANY($1) GROUP BY case_id, type`,
    [ids],
  );
  const once = ['case.received', ...(steps === 'all' ? ['case.classified', 'case.resolved_on_the_spot'] : [])];
  for (const r of runs) {
    const n = casesOf.get(r.waybillNo) ?? 0;
    if (n > 1 || r.intakeIds.size > 1) {
      report.duplicated += Math.max(n - 1, r.intakeIds.size - 1);
      notes.push(`waybill ${r.waybillNo}: ${n} cases, intake answered ${[...r.intakeIds].join(', ')}`);
    }
    if (!r.caseId) {
      report.lost++;
      continue;
    }
    const types = counts.filter((c) => c.case_id === r.caseId);
    for (const t of once) {
      const k = types.find((c) => c.type === t)?.n ?? 0;
      if (k > 1) {
        report.duplicated += k - 1;
        notes.push(`case ${r.caseId}: ${t} recorded ${k} times`);
      }
    }
    const [row] = (await stack.db.query(`SELECT last_seq FROM complaint_cases WHERE id = $1`, [r.caseId])) as {
      last_seq: number;
    }[];
    const final = finalStates.get(r.caseId);
    const expectedLastSeq = final?.lastSeq ?? row?.last_seq;
    const chain = verifyChain(r.caseId, await loadAuditRecords(stack.db, r.caseId), {
      ...(expectedLastSeq !== undefined ? { expectedLastSeq } : {}),
    });
    report.events += chain.eventCount;
    const complete =
      chain.verified &&
      row !== undefined &&
      row.last_seq === chain.lastSeq &&
      once.every((t) => types.some((c) => c.type === t)) &&
      (steps === 'intake' || (final !== undefined && final.lastSeq === chain.lastSeq && isTerminalStage(final.stage)));
    if (chain.verified) report.chainsVerified++;
    if (complete) report.completed++;
    else {
      report.lost++;
      notes.push(
        `case ${r.caseId}: not complete (workflow ${final ? `completed at seq ${final.lastSeq}` : 'not completed'}, ` +
          `row last_seq ${row?.last_seq}, chain ${chain.lastSeq} ${chain.problems.map((p) => p.kind).join(',')})`,
      );
    }
  }

  // The messages: every delivery row settles; each e-mail sent arrived once.
  phase = Date.now();
  if (ids.length > 0) {
    const settled = (rows: { status: string }[]) => rows.every((r) => !['pending', 'waiting'].includes(r.status));
    const deliveries = (): Promise<DeliveryCheckRow[]> =>
      stack.db.query(
        `SELECT id, case_id, kind, channel, status, recipient_id, last_error, provider_message_id
           FROM notification_deliveries WHERE case_id = ANY($1)`,
        [ids],
      );
    const outboxOpen = async () =>
      (
        (await stack.db.query(
          `SELECT count(*)::int AS n FROM notification_outbox WHERE case_id = ANY($1) AND status <> 'done'`,
          [ids],
        )) as { n: number }[]
      )[0].n;
    await waitFor(
      'every message to settle',
      async () => ({ open: await outboxOpen(), rows: await deliveries() }),
      (v) => v.open === 0 && settled(v.rows),
      process.env.CF_CHAOS_FULL === '1' ? 150_000 : 20_000,
      2_000,
    ).catch(async (err: unknown) => {
      notes.push(String(err).slice(0, 300));
      // What the worker's connections are doing (a relay stuck on the pool shows as sessions idle in transaction).
      const sessions = (await stack.db.query(
        `SELECT state, wait_event_type, count(*)::int AS n FROM pg_stat_activity
          WHERE application_name = 'chaos-worker' GROUP BY state, wait_event_type`,
      )) as { state: string; wait_event_type: string | null; n: number }[];
      notes.push(
        `worker sessions: ${JSON.stringify(sessions)}; proxy: ${stack.pgProxy.pendingConnects} connects pending, ` +
          `slowest ${stack.pgProxy.slowestConnectMs} ms`,
      );
      report.stuckWorkerSessions = sessions;
    });
    const rows = await deliveries();
    report.notifications.rows = rows.length;
    const emails = rows.filter((r) => r.channel === 'email');
    const sent = emails.filter((r) => DONE.includes(r.status));
    report.notifications.emailsSent = sent.length;
    const [ack] = (await stack.db.query(
      `SELECT count(*)::int AS n FROM notification_outbox WHERE case_id = ANY($1) AND kind = 'acknowledgement'`,
      [ids],
    )) as { n: number }[];
    report.notifications.acknowledgementRows = ack.n;
    report.notifications.acknowledgements = sent.filter((r) => r.kind === 'acknowledgement').length;
    const byDesign = (r: DeliveryCheckRow) =>
      r.status === 'parked' && (r.recipient_id.startsWith('nobody:') || r.last_error === R_CON_3_MISSING);
    report.notifications.parkedByDesign = rows.filter(byDesign).length;
    const unsettled = rows.filter((r) => !DONE.includes(r.status) && !byDesign(r));
    report.notifications.unsettled = unsettled.length;
    report.notifications.outboxOpen = await outboxOpen();
    for (const r of unsettled)
      notes.push(`delivery ${r.id} (${r.kind}, ${r.channel}) of case ${r.case_id}: ${r.status} ${r.last_error ?? ''}`);
    report.notifications.smtpDistinct = stack.smtp.byMessageId.size;
    report.notifications.smtpDuplicates = stack.smtp.duplicates();
    report.notifications.emailsMissing = sent.filter(
      (r) => !r.provider_message_id || !stack.smtp.byMessageId.has(r.provider_message_id),
    ).length;
    report.duplicated += report.notifications.smtpDuplicates;
  }
  report.phasesMs.settle = Date.now() - phase;
  report.durationMs = Date.now() - startedAt;
  return report;
}

/** Prints the report and keeps it under .data/chaos/ (the README's Reliability figures come from these). */
export function publish(report: ChaosReport): void {
  const line =
    `chaos ${report.fault} (${report.mode}): started ${report.started}, completed ${report.completed}, ` +
    `lost ${report.lost}, duplicated ${report.duplicated}, chains verified ${report.chainsVerified}; ` +
    `events ${report.events}; e-mails sent ${report.notifications.emailsSent}, arrived ${report.notifications.smtpDistinct}` +
    ` (twice ${report.notifications.smtpDuplicates}, missing ${report.notifications.emailsMissing}), ` +
    `acknowledgements ${report.notifications.acknowledgements}, parked by design ${report.notifications.parkedByDesign}, ` +
    `rows unsettled ${report.notifications.unsettled}, outbox open ${report.notifications.outboxOpen}; faults ${JSON.stringify(report.faults)}; ` +
    `http ${JSON.stringify(report.http.statuses)} (retried ${report.http.retried}, clients came back ${report.http.cameBack}); ${Math.round(report.durationMs / 1000)} s ${JSON.stringify(report.phasesMs)}`;
  process.stdout.write(`\n${line}\n${report.notes.slice(0, 20).join('\n')}\n`);
  writeFileSync(
    join(CHAOS_DIR, `report-${report.fault}-${report.mode}-${randomUUID().slice(0, 6)}.json`),
    JSON.stringify(report, null, 2),
  );
}

/**
 * Waits (bounded) until some client got a 201: the moment to strike. Requests of the other clients are in flight then,
 * and the case just created is in acceptance with its clocks about to fire (a recording activity soon runs), whatever
 * the machine's speed — a fixed delay struck after every case had finished on a quiet machine.
 */
export async function firstCreated(tally: HttpTally, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((tally.statuses['201'] ?? 0) === 0) {
    if (Date.now() > until) throw new Error('no case was created in time');
    await sleep(20);
  }
}
