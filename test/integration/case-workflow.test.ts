/**
 * The complaint case workflow on the real Temporal dev server, writing to the real PostgreSQL.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { acceptUpdate, caseWorkflowId, getCaseQuery } from '../../workflows/src/definitions';
import { GENESIS_HASH, eventHash } from '../../activities/src';
import type { CaseEvent } from '../../libs/domain/src/case';
import { COMPLAINT_CASE_WORKFLOW } from '../../libs/temporal/src';
import { intake } from '../support/fixtures';
import { openHarness, type Harness } from '../support/env';
import { maybeRecordHistory } from '../support/histories';

let h: Harness;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  h = await openHarness();
  worker = await h.newWorker();
  running = worker.run();
});

afterAll(async () => {
  worker.shutdown();
  await running;
  await h.close();
});

interface EventRow {
  seq: number;
  type: string;
  actor_id: string;
  actor_role: string;
  prev_hash: string;
  hash: string;
  at: Date;
  data: CaseEvent['data'];
  policy_version: string;
}

async function eventsOf(caseId: string): Promise<EventRow[]> {
  return h.dataSource.query('SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
}

function start(i = intake()) {
  return h.client.workflow.start(COMPLAINT_CASE_WORKFLOW, {
    taskQueue: h.taskQueue,
    workflowId: caseWorkflowId(i.caseId),
    args: [{ intake: i, policyVersion: 'test-1' }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

describe('complaint case workflow', () => {
  it('records the received case and an acceptance in PostgreSQL, hash-chained and in order', async () => {
    const i = intake();
    const handle = await start(i);
    const after = await handle.executeUpdate(acceptUpdate, {
      args: [
        { actor: { kind: 'staff', id: 'agent-1', role: 'agent' }, input: { category: 'loss', urgency: 'urgent' } },
      ],
    });
    expect(after.classified).toBe(true);
    expect(after.category).toBe('loss');
    expect(after.urgency).toBe('urgent');

    const rows = await eventsOf(i.caseId);
    expect(rows.map((r) => [r.seq, r.type, r.actor_id, r.actor_role])).toEqual([
      [1, 'case.received', 'system', 'system'],
      [2, 'case.classified', 'agent-1', 'agent'],
    ]);
    // The chain: each row's prev_hash is the previous row's hash, and each hash recomputes from the row.
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    for (const [index, row] of rows.entries()) {
      const event: CaseEvent = {
        seq: row.seq,
        at: row.at.getTime(),
        actor: index === 0 ? { kind: 'system' } : { kind: 'staff', id: 'agent-1', role: 'agent' },
        data: row.data,
      };
      expect(eventHash(i.caseId, row.policy_version, event, row.prev_hash)).toBe(row.hash);
    }

    const [caseRow] = await h.dataSource.query(
      'SELECT stage, category, urgency, last_seq FROM complaint_cases WHERE id = $1',
      [i.caseId],
    );
    expect(caseRow).toEqual({ stage: 'acceptance', category: 'loss', urgency: 'urgent', last_seq: 2 });
    expect((await handle.query(getCaseQuery)).lastSeq).toBe(2);

    await maybeRecordHistory(handle, 'accept-basic');
    await handle.terminate('test finished');
  });

  it('refuses an action by someone not allowed to take it, writing nothing', async () => {
    const i = intake();
    const handle = await start(i);
    const actor = { kind: 'staff' as const, id: 'agent-1', role: 'agent' as const };
    await handle.executeUpdate(acceptUpdate, { args: [{ actor, input: {} }] });
    // accept twice is fine (still acceptance); a customer may never accept.
    const refused = handle.executeUpdate(acceptUpdate, { args: [{ actor: { kind: 'customer' }, input: {} }] });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({ cause: { type: 'ROLE.NOT_ALLOWED' } });
    expect((await eventsOf(i.caseId)).length).toBe(2);
    await handle.terminate('test finished');
  });

  it('a duplicate start returns the running case instead of a second one', async () => {
    const i = intake();
    const first = await start(i);
    const second = await start(i);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await expect(first.query(getCaseQuery)).resolves.toMatchObject({ caseId: i.caseId, lastSeq: 1 });
    await first.terminate('test finished');
  });
});
