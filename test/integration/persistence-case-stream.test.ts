/**
 * A gap in the event stream (issue 9): `recordCaseEvents` refuses a batch that would leave a hole after the stored
 * head, writes nothing of it (one transaction), and fails with the type the workflow names in
 * `nonRetryableErrorTypes` — `CaseStreamError` — as the Temporal worker reports an activity's error.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultFailureConverter, defaultPayloadConverter, ensureApplicationFailure } from '@temporalio/common';
import { createCaseActivities } from '@complaintflow/activities/case-activities';
import { caseWorkflowId } from '@complaintflow/contracts';
import { CaseStreamError, foldEvents } from '@complaintflow/domain/case/state';
import { CaseEventsRepository } from '@complaintflow/persistence/repositories/case-events';
import { AGENT, CaseRecorder, FINDINGS, INVESTIGATOR } from '../unit/case-builders';
import { openHarness, type Harness } from '../support/env';
import { FAST_POLICY } from '../support/policies';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The failure type the workflow's activity retry policy does not retry (read from the committed workflow). */
function nonRetryableTypes(): string[] {
  const source = readFileSync(join(__dirname, '..', '..', 'workflows', 'src', 'complaint-case.ts'), 'utf8');
  const list = /nonRetryableErrorTypes:\s*\[([^\]]*)\]/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

describe('recordCaseEvents and a gap in the stream', () => {
  it('fails with CaseStreamError, the non-retryable type of the workflow, and writes nothing', async () => {
    const r = new CaseRecorder(FAST_POLICY, { caseId: randomUUID() }, Date.now())
      .wait(100)
      .act('accept', AGENT, {})
      .act('assign', AGENT, { assignee: 'inv-1' })
      .act('record-findings', INVESTIGATOR, FINDINGS);
    expect(r.events.length).toBeGreaterThanOrEqual(3);
    const record = createCaseActivities(h.dataSource);
    const workflowId = caseWorkflowId(r.state.caseId);
    const first = r.events.slice(0, 1);
    await record.recordCaseEvents({ workflowId, events: first, state: foldEvents(first)! });

    // Events 3… after a stored head of 1: event 2 is missing.
    const err: unknown = await record.recordCaseEvents({ workflowId, events: r.events.slice(2), state: r.state }).then(
      () => new Error('expected a CaseStreamError'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CaseStreamError);
    expect((err as Error).message).toMatch(/event 3 would leave a gap after 1/);
    // What the worker reports for it (`ensureApplicationFailure`, then the failure converter), and what the workflow
    // does not retry.
    const failure = ensureApplicationFailure(err);
    expect(failure.type).toBe('CaseStreamError');
    const proto = new DefaultFailureConverter().errorToFailure(failure, defaultPayloadConverter);
    expect(proto.applicationFailureInfo?.type).toBe('CaseStreamError');
    expect(nonRetryableTypes()).toContain(failure.type);

    // One transaction: neither the case row nor the chain moved.
    const [row] = await h.dataSource.query('SELECT last_seq FROM complaint_cases WHERE id = $1', [r.state.caseId]);
    expect(row).toEqual({ last_seq: 1 });
    expect((await new CaseEventsRepository(h.dataSource).byCase(r.state.caseId)).map((e) => e.seq)).toEqual([1]);

    // Without the gap the same batch goes in, chained on the stored head.
    const done = await record.recordCaseEvents({ workflowId, events: r.events.slice(1), state: r.state });
    expect(done.written).toBe(r.events.length - 1);
    const stored = await new CaseEventsRepository(h.dataSource).byCase(r.state.caseId);
    expect(stored.map((e) => e.seq)).toEqual(r.events.map((e) => e.seq));
    expect(stored[stored.length - 1].hash).toBe(done.lastHash);
  });
});
