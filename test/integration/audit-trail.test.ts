/**
 * Issue 6 end to end on the real servers: real cases (workflow → recordCaseEvents → PostgreSQL) verify; each kind of
 * tampering with case_events is detected and named by the history endpoint and by the replay cross-check; as-of
 * state equals the live state at the same instants; an export bundle verifies offline and a tampered one fails; the
 * audit CLI does the same from the command line.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { CaseState } from '@complaintflow/domain/case';
import {
  GENESIS_HASH,
  bundleDigest,
  eventFromRecord,
  eventHash,
  loadAuditRecords,
  loadCaseAudit,
  replayCase,
  verifyAuditBundle,
  verifyChain,
  type AuditBundle,
  type CaseHistoryView,
  type CaseReplayReport,
} from '@complaintflow/audit';
import { runAuditCli } from '@complaintflow/scripts/audit';
import { captureIo, startCase, startTestApi, tamper, tamperAndRollBack, type TestApi } from '../support/audit';
import { AGENT, CALM_POLICY, FAST_POLICY, SUPERVISOR, act, eventually, sleep } from '../support/cases';
import { openHarness, testEnv, type Harness } from '../support/env';

let h: Harness;
let worker: Worker;
let running: Promise<void>;
let api: TestApi;
let auditor: string;
/** Sees staff free text in clear (an auditor sees it withheld, ADR 0019), so states compare with the live ones. */
let reader: string;
let tmp: string;

beforeAll(async () => {
  h = await openHarness();
  worker = await h.newWorker();
  running = worker.run();
  api = await startTestApi();
  auditor = api.token('aud-1', ['auditor']);
  reader = api.token('sup-1', ['supervisor']);
  tmp = mkdtempSync(join(tmpdir(), 'cf-audit-'));
});

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const history = (caseId: string, token = reader, query = '') =>
  api.call<CaseHistoryView>('GET', `/complaints/${caseId}/history${query}`, token);
const replay = (caseId: string, token = auditor) =>
  api.call<CaseReplayReport>('POST', `/complaints/${caseId}/replay`, token);
const workflowCode = () => ({ bundlePath: testEnv.workflowBundle });

/** A case with a few events (received, classified, acknowledgement, paused), its workflow closed (terminated). */
async function closedCase(): Promise<string> {
  const { handle, intake } = await startCase(h, CALM_POLICY);
  await act(handle, 'accept', AGENT, { category: 'loss', urgency: 'normal' });
  await act(handle, 'pause-sla', SUPERVISOR, { reason: 'waiting for the delivery outlet' });
  await act(handle, 'resume-sla', SUPERVISOR, { reason: 'the outlet answered' });
  await handle.terminate('audit test: closed before tampering');
  return intake.caseId;
}

async function rows(caseId: string) {
  return loadAuditRecords(h.dataSource, caseId);
}

describe('real cases verify', () => {
  it('the chain of cases run by the workflow (timers included) verifies, and replays deterministically', async () => {
    const fast = await startCase(h, FAST_POLICY);
    await act(fast.handle, 'accept', AGENT, { category: 'delay', urgency: 'urgent' });
    // The fast policy's clocks run in seconds: wait for timer-driven events (warnings, breaches, escalations).
    await eventually(
      () => rows(fast.intake.caseId),
      (r) => r.length >= 6,
    );
    const calm = await closedCase();
    for (const caseId of [fast.intake.caseId, calm]) {
      const stored = await loadCaseAudit(h.dataSource, caseId);
      expect(stored).toBeDefined();
      const v = verifyChain(caseId, stored!.records, { expectedLastSeq: stored!.facts.lastSeq });
      expect(v.problems).toEqual([]);
      expect(v.verified).toBe(true);
      expect(stored!.records[0]).toMatchObject({ seq: 1, type: 'case.received', prevHash: GENESIS_HASH });

      const res = await history(caseId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ verified: true, problems: [] });
      expect(res.body.events.map((e) => e.seq)).toEqual(stored!.records.map((r) => r.seq));
      expect(res.body.events[1]).toEqual({
        seq: 2,
        type: stored!.records[1].type,
        at: new Date(stored!.records[1].at).toISOString(),
        actor: stored!.records[1].actor,
        data: stored!.records[1].data,
        policyVersion: stored!.records[1].policyVersion,
        hash: stored!.records[1].hash,
        prevHash: stored!.records[0].hash,
      });

      const r = await replay(caseId);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ deterministic: true, auditChainVerified: true, mismatches: [] });
      expect(r.body.eventsReplayed).toBeGreaterThan(5);
      expect(r.body.caseEventsInHistory).toBeGreaterThanOrEqual(r.body.caseEventsStored);
    }
    await fast.handle.terminate('audit test finished');
  });

  it('a case that continued as new replays every run of its chain, and its bundle carries them all', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY, {}, { continueAsNewAfterEvents: 30 });
    await act(handle, 'accept', AGENT, {});
    for (let i = 0; i < 4; i++) {
      await act(handle, 'pause-sla', AGENT, { reason: `waiting ${i}` });
      await act(handle, 'resume-sla', AGENT, { reason: `going on ${i}` });
    }
    await eventually(
      () => handle.describe(),
      (d) => d.runId !== handle.firstExecutionRunId,
    );
    await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    const caseId = intake.caseId;
    const r = await replay(caseId);
    expect(r.body).toMatchObject({ deterministic: true, auditChainVerified: true, mismatches: [] });
    expect(r.body.runs.length).toBeGreaterThanOrEqual(2);
    expect(r.body.runs[0].runId).toBe(handle.firstExecutionRunId);
    expect(r.body.caseEventsInHistory).toBe(r.body.caseEventsStored);

    // An admin's bundle is whole; an auditor's withholds the history with the free text (ADR 0019).
    const bundle = (await api.call<AuditBundle>('GET', `/complaints/${caseId}/export`, api.token('adm-1', ['admin'])))
      .body;
    expect(bundle.temporal.runs.map((x) => x.runId)).toEqual(r.body.runs.map((x) => x.runId));
    expect((await verifyAuditBundle(bundle, workflowCode())).ok).toBe(true);
    await handle.terminate('audit test finished');
  });
});

describe('as-of reconstruction', () => {
  it('the state as of an instant is the live state the workflow reported at that instant', async () => {
    const before = Date.now();
    await sleep(5);
    const { handle, intake } = await startCase(h, CALM_POLICY);
    const caseId = intake.caseId;
    const live: { at: number; state: CaseState }[] = [];
    const snapshot = async (state: CaseState) => {
      live.push({ at: Date.now(), state });
      await sleep(5);
    };
    await snapshot(await handle.query('getCase'));
    await snapshot(await act(handle, 'accept', AGENT, { category: 'damage', urgency: 'normal', note: 'box crushed' }));
    await snapshot(await act(handle, 'pause-sla', SUPERVISOR, { reason: 'customer abroad until Monday' }));
    await snapshot(await act(handle, 'assign', SUPERVISOR, { assignee: 'inv-1', department: 'claims' }));
    await snapshot(await act(handle, 'resume-sla', SUPERVISOR, { reason: 'customer back' }));

    for (const { at, state } of live) {
      const res = await history(caseId, reader, `?asOf=${new Date(at).toISOString()}`);
      expect(res.status).toBe(200);
      expect(res.body.state).toEqual(JSON.parse(JSON.stringify(state)));
      expect(res.body.events.length).toBe(state.lastSeq);
      expect(res.body.verified).toBe(true);
    }
    const early = await history(caseId, reader, `?asOf=${new Date(before).toISOString()}`);
    expect(early.body).toMatchObject({ state: null, events: [], verified: true });

    // Now: the fold of every row is the workflow's state and the projection's.
    const now = await history(caseId);
    const [projection] = await h.dataSource.query('SELECT state FROM complaint_cases WHERE id = $1', [caseId]);
    expect(now.body.state).toEqual(JSON.parse(JSON.stringify(await handle.query('getCase'))));
    expect(now.body.state).toEqual(projection.state);
    await handle.terminate('audit test finished');
  });
});

describe('GET /complaints/:id/history access and input', () => {
  let caseId: string;
  beforeAll(async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY, { subjectEmployeeId: 'emp-9' });
    caseId = intake.caseId;
    await handle.terminate('audit test: read only');
  });

  it('is open to every staff role; replay and export only to auditors and admins', async () => {
    for (const role of ['agent', 'investigator', 'supervisor', 'manager', 'auditor', 'admin'] as const) {
      const res = await history(caseId, api.token(`${role}-1`, [role]));
      expect([role, res.status]).toEqual([role, 200]);
    }
    for (const role of ['agent', 'supervisor', 'manager'] as const) {
      const t = api.token(`${role}-1`, [role]);
      const r = await replay(caseId, t);
      expect(r.status).toBe(403);
      expect((await api.call('GET', `/complaints/${caseId}/export`, t)).status).toBe(403);
    }
    expect((await api.call('GET', `/complaints/${caseId}/history`)).status).toBe(401);
  });

  it('hides the case (404) from the employee it is about and from users of other outlets', async () => {
    const subject = await history(caseId, api.token('emp-9', ['auditor']));
    expect(subject.status).toBe(404);
    expect(subject.body).toMatchObject({ error: { code: 'CASE.NOT_FOUND' } });
    expect((await replay(caseId, api.token('emp-9', ['auditor']))).status).toBe(404);
    expect((await history(caseId, api.token('sup-2', ['supervisor'], 'GZ-003'))).status).toBe(404);
    expect((await history(caseId, api.token('sup-3', ['supervisor'], 'BJ-007'))).status).toBe(200);
  });

  it('answers 404 for an unknown case and 400 naming asOf for a bad instant', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-case']) {
      const res = await history(id);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'CASE.NOT_FOUND' } });
      expect((await replay(id)).status).toBe(404);
      expect((await api.call('GET', `/complaints/${id}/export`, auditor)).status).toBe(404);
    }
    for (const bad of ['yesterday', '2026-13-45T00:00:00Z', '1764000000000', '2026-11-24T02:00:00Z&asOf=x']) {
      const res = await history(caseId, auditor, `?asOf=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'REQUEST.INVALID', details: [expect.objectContaining({ field: 'asOf' })] },
      });
    }
    const twice = await history(caseId, auditor, '?asOf=2026-11-24T02:00:00Z&asOf=2026-11-25T02:00:00Z');
    expect(twice.status).toBe(400);
  });
});

describe('tampering is detected and named', () => {
  const problemsOf = async (caseId: string) => {
    const res = await history(caseId);
    expect(res.status).toBe(200);
    expect(res.body.verified).toBe(false);
    return res.body.problems;
  };

  it('a changed row: hash mismatch at its seq; the replay sees the data differ from what the workflow recorded', async () => {
    const caseId = await closedCase();
    await tamper(h.dataSource, [
      [
        `UPDATE case_events SET data = jsonb_set(data, '{category}', '"other"') WHERE case_id = $1 AND seq = 2`,
        [caseId],
      ],
    ]);
    expect(await problemsOf(caseId)).toEqual([
      expect.objectContaining({ kind: 'hash_mismatch', seq: 2, message: expect.stringContaining('seq 2') }),
    ]);
    const r = await replay(caseId);
    expect(r.body).toMatchObject({ deterministic: true, auditChainVerified: false });
    expect(r.body.mismatches).toEqual([expect.objectContaining({ kind: 'data_differs', seq: 2 })]);
  });

  it('a deleted row: a gap after the seq before it; the replay names the missing row', async () => {
    const caseId = await closedCase();
    await tamper(h.dataSource, [['DELETE FROM case_events WHERE case_id = $1 AND seq = 2', [caseId]]]);
    const problems = await problemsOf(caseId);
    expect(problems).toEqual([expect.objectContaining({ kind: 'gap', afterSeq: 1, nextSeq: 3 })]);
    const view = (await history(caseId)).body;
    expect(view.state).toBeNull(); // the fold refuses a stream with a hole, and says why
    expect(view.stateError).toContain('gap');
    const r = await replay(caseId);
    expect(r.body.mismatches).toEqual([expect.objectContaining({ kind: 'missing_row', seq: 2 })]);
  });

  it('reordered rows: prev_hash points to another row', async () => {
    const caseId = await closedCase();
    await tamper(h.dataSource, [
      ['UPDATE case_events SET seq = 1000 WHERE case_id = $1 AND seq = 2', [caseId]],
      ['UPDATE case_events SET seq = 2 WHERE case_id = $1 AND seq = 3', [caseId]],
      ['UPDATE case_events SET seq = 3 WHERE case_id = $1 AND seq = 1000', [caseId]],
    ]);
    const problems = await problemsOf(caseId);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'reordered', seq: 2, pointsToSeq: 3 }),
        expect.objectContaining({ kind: 'reordered', seq: 3, pointsToSeq: 1 }),
        expect.objectContaining({ kind: 'hash_mismatch', seq: 2 }),
        expect.objectContaining({ kind: 'hash_mismatch', seq: 3 }),
      ]),
    );
    const r = await replay(caseId);
    expect(r.body.mismatches.map((m) => m.kind)).toEqual(expect.arrayContaining(['type_differs', 'data_differs']));
  });

  it('a truncated tail: invisible to the chain alone, caught by the case row last_seq and by the history', async () => {
    const caseId = await closedCase();
    const before = await rows(caseId);
    const last = before[before.length - 1].seq;
    await tamper(h.dataSource, [['DELETE FROM case_events WHERE case_id = $1 AND seq = $2', [caseId, last]]]);
    expect(verifyChain(caseId, await rows(caseId)).verified).toBe(true);
    expect(await problemsOf(caseId)).toEqual([
      expect.objectContaining({ kind: 'truncated', lastSeq: last - 1, expectedLastSeq: last }),
    ]);
    const r = await replay(caseId);
    expect(r.body.mismatches).toEqual([expect.objectContaining({ kind: 'missing_row', seq: last })]);
  });

  it('a rewrite with every hash recomputed passes the chain, but not the history witness', async () => {
    const caseId = await closedCase();
    const stored = await rows(caseId);
    // Change seq 2 and recompute the hashes from there on: a consistent, forged chain.
    const forged = stored.map((r) => (r.seq === 2 ? { ...r, data: { ...r.data, note: 'forged' } } : r));
    let prevHash = GENESIS_HASH;
    const statements: [string, unknown[]][] = [];
    for (const r of forged) {
      const hash = eventHash(caseId, r.policyVersion, eventFromRecord(r), prevHash);
      statements.push([
        'UPDATE case_events SET data = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2',
        [caseId, r.seq, JSON.stringify(r.data), prevHash, hash],
      ]);
      prevHash = hash;
    }
    await tamper(h.dataSource, statements);
    expect((await history(caseId)).body).toMatchObject({ verified: true, problems: [] });
    const r = await replay(caseId);
    expect(r.body.auditChainVerified).toBe(true);
    expect(r.body.mismatches.map((m) => m.kind)).toEqual(expect.arrayContaining(['data_differs', 'head_hash_differs']));
  });

  it('tampering seen inside a transaction is named, and gone once it rolls back', async () => {
    const caseId = await closedCase();
    const seen = await tamperAndRollBack(
      h.dataSource,
      [['UPDATE case_events SET actor_id = $2 WHERE case_id = $1 AND seq = 2', [caseId, 'agent-2']]],
      async (m) => verifyChain(caseId, await loadAuditRecords(m, caseId)).problems,
    );
    expect(seen).toEqual([expect.objectContaining({ kind: 'hash_mismatch', seq: 2 })]);
    expect((await history(caseId)).body.verified).toBe(true);
  });
});

describe('export bundle', () => {
  let caseId: string;
  let bundle: AuditBundle;
  let file: string;

  beforeAll(async () => {
    caseId = await closedCase();
    const res = await api.call<AuditBundle>('GET', `/complaints/${caseId}/export`, api.token('adm-1', ['admin']));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="case-${caseId}-audit.json"`);
    bundle = res.body;
    file = join(tmp, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle, null, 2));
  });

  it('is self-contained: case row, events with hashes, Temporal history, policy, version, digest', () => {
    expect(bundle).toMatchObject({
      format: 'complaintflow.audit-bundle',
      version: 1,
      caseId,
      case: { id: caseId, last_seq: bundle.events.length },
      policy: { version: CALM_POLICY.version },
      digest: { algorithm: 'sha256', value: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(bundle.events[0]).toMatchObject({ seq: 1, type: 'case.received', prevHash: GENESIS_HASH });
    expect(bundle.temporal.runs).toHaveLength(1);
    expect(JSON.stringify(bundle.temporal.runs[0].history)).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  });

  it('verifies offline: chain, digest, policy, history and replay against the local workflow code', async () => {
    const v = await verifyAuditBundle(JSON.parse(readFileSync(file, 'utf8')), workflowCode());
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.checks.map((c) => c.name)).toEqual(['format', 'digest', 'chain', 'policy', 'history', 'replay']);
    expect(v.ok).toBe(true);

    const cli = captureIo();
    expect(await runAuditCli(['verify', file], cli.io)).toBe(0);
    expect(cli.stdout()).toContain('OK');
  });

  it('fails when tampered, and says what failed', async () => {
    const edited = JSON.parse(JSON.stringify(bundle)) as AuditBundle & { events: { data: { note?: string } }[] };
    edited.events[1].data.note = 'edited';
    const v = await verifyAuditBundle(edited, workflowCode());
    expect(v.ok).toBe(false);
    const failed = Object.fromEntries(v.checks.filter((c) => !c.ok).map((c) => [c.name, c.details.join(' | ')]));
    expect(Object.keys(failed).sort()).toEqual(['chain', 'digest', 'history']);
    expect(failed.digest).toContain('altered');
    expect(failed.chain).toContain('hash mismatch at seq 2');
    expect(failed.history).toContain('seq 2');

    // A different policy document, with the digest recomputed to match: the hashed case.received event disagrees.
    const repoliced = { ...bundle, policy: { ...bundle.policy, version: 'lenient-9' } } as AuditBundle;
    const resealed = { ...repoliced, digest: { algorithm: 'sha256' as const, value: bundleDigest(repoliced) } };
    const v2 = await verifyAuditBundle(resealed, workflowCode());
    expect(v2.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['policy']);

    const tamperedFile = join(tmp, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(edited));
    const cli = captureIo();
    expect(await runAuditCli(['verify', tamperedFile], cli.io)).toBe(1);
    expect(cli.stdout()).toMatch(/✗ digest/);
    expect(cli.stdout()).toContain('hash mismatch at seq 2');
    expect(cli.stdout()).toContain('FAILED');

    const garbage = join(tmp, 'garbage.json');
    writeFileSync(garbage, '{"format":"something else"}');
    const g = captureIo();
    expect(await runAuditCli(['verify', garbage], g.io)).toBe(1);
    expect(g.stdout()).toContain('format');
  });
});

describe('audit CLI', () => {
  const SINCE = '2030-01-01T00:00:00Z';
  let good: string[];

  beforeAll(async () => {
    good = [];
    for (let i = 0; i < 3; i++) {
      const { handle, intake } = await startCase(h, CALM_POLICY, { receivedAt: Date.parse(SINCE) + i * 1000 });
      await act(handle, 'accept', AGENT, {});
      good.push(intake.caseId);
    }
  });

  it('replay <caseId> prints the report and exits 0 when all is well', async () => {
    const cli = captureIo();
    expect(await runAuditCli(['replay', good[0]], cli.io)).toBe(0);
    expect(cli.stdout()).toContain(`case ${good[0]}`);
    expect(cli.stdout()).toMatch(/deterministic\s+yes/);
    expect(cli.stdout()).toMatch(/audit chain\s+verified/);
    expect(cli.stdout().trim().endsWith('OK')).toBe(true);

    const json = captureIo();
    expect(await runAuditCli(['replay', good[1], '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({ caseId: good[1], deterministic: true, mismatches: [] });
  });

  it('replay <caseId> of a tampered case exits 1 and names the problem', async () => {
    const caseId = await closedCase();
    await tamper(h.dataSource, [['DELETE FROM case_events WHERE case_id = $1 AND seq = 3', [caseId]]]);
    const cli = captureIo();
    expect(await runAuditCli(['replay', caseId], cli.io)).toBe(1);
    expect(cli.stdout()).toContain('gap after seq 2');
    expect(cli.stdout()).toContain('missing_row');
  });

  it('replay --all --since replays every case received since, with progress on stderr', async () => {
    const cli = captureIo();
    expect(await runAuditCli(['replay', '--all', '--since', SINCE], cli.io)).toBe(0);
    expect(cli.stderr()).toContain(`replaying ${good.length} case(s)`);
    expect(cli.stderr()).toContain(`replayed ${good.length}/${good.length}`);
    expect(cli.stdout()).toContain(`${good.length} case(s) replayed, 0 failed`);
  });

  it('refuses bad usage with exit status 2 and the usage text', async () => {
    for (const argv of [[], ['replay'], ['replay', 'a', 'b'], ['replay', '--all', 'x'], ['verify'], ['frobnicate']]) {
      const cli = captureIo();
      expect(await runAuditCli(argv, cli.io)).toBe(2);
      expect(cli.stdout() + cli.stderr()).toContain('npm run build');
    }
    const cli = captureIo();
    expect(await runAuditCli(['replay', '--all', '--since', 'last tuesday'], cli.io)).toBe(2);
    expect(cli.stderr()).toContain('--since');
  });
});

it('a case whose workflow history Temporal no longer has: not deterministic, and says why', async () => {
  const caseId = randomUUID();
  await h.dataSource.query(
    `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, waybill_no, policy_version,
       last_seq, state, received_at)
     VALUES ($1, $2, 'closed', 'phone', 'delay', 'normal', 'ZT1', 'fast-1', 0, '{}', now())`,
    [caseId, `complaint-${caseId}`],
  );
  const r = await replay(caseId);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ deterministic: false, eventsReplayed: 0, auditChainVerified: true });
  expect(r.body.mismatches).toEqual([expect.objectContaining({ kind: 'history_unavailable' })]);
});

it('replayCase of an unknown case is undefined', async () => {
  const deps = { dataSource: h.dataSource, client: h.client, workflowCode: workflowCode() };
  await expect(replayCase(deps, '00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
});
