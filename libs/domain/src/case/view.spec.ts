import fc from 'fast-check';
import {
  AGENT,
  FAST_POLICY_2026_1_APPROVAL,
  SECOND,
  T0,
  closedCase,
  receivedCase,
  walkCase,
} from '../../../../test/unit/case-builders';
import { deadlineView, isOverdue, overdueAt, viewDeadline } from './view';

/**
 * FAST_POLICY: classify 1 s, forward 2 s, first reply 48 s, statutory reply 168 s; warnings at 75 %. With the
 * 2026.1 approval tiers (a small plan needs no approval): these specs are about cases started before the 2026-12
 * rules, whose snapshots carry them (`FAST_POLICY_2026_1_APPROVAL`, test/unit/case-builders.ts).
 */
const fast = { policy: FAST_POLICY_2026_1_APPROVAL };

describe('the deadlines of a case, as the console shows them (R-SLA-*)', () => {
  it('a new case shows its three clocks, earliest due first, the statutory one marked apart', () => {
    expect(deadlineView(receivedCase(fast).state, T0)).toEqual([
      { kind: 'classify', statutory: false, startedAt: T0, dueAt: T0 + SECOND, warnAt: T0 + 750, state: 'running' },
      {
        kind: 'first_reply',
        statutory: false,
        startedAt: T0,
        dueAt: T0 + 48 * SECOND,
        warnAt: T0 + 36 * SECOND,
        state: 'running',
      },
      {
        kind: 'statutory_reply',
        statutory: true,
        startedAt: T0,
        dueAt: T0 + 168 * SECOND,
        warnAt: T0 + 126 * SECOND,
        state: 'running',
      },
    ]);
  });

  it('R-SLA-1: a deadline met in time shows as met, with when', () => {
    const s = receivedCase(fast)
      .at(T0 + 500)
      .act('accept', AGENT, {}).state;
    expect(viewDeadline(s, s.deadlines.classify!, T0 + 10 * SECOND)).toMatchObject({
      state: 'met',
      metAt: T0 + 500,
      dueAt: T0 + SECOND,
    });
    expect(deadlineView(s, T0 + 600).map((d) => [d.kind, d.state])).toEqual([
      ['classify', 'met'],
      ['forward', 'running'],
      ['first_reply', 'running'],
      ['statutory_reply', 'running'],
    ]);
  });

  it('R-SLA-8: an open deadline past its due time is breached, and the case is overdue', () => {
    const s = receivedCase(fast).state;
    expect(isOverdue(s, T0 + SECOND - 1)).toBe(false);
    expect(isOverdue(s, T0 + SECOND)).toBe(true);
    expect(deadlineView(s, T0 + SECOND)[0]).toMatchObject({ kind: 'classify', state: 'breached' });
  });

  it('R-SLA-8: a deadline met late stays breached on the record, but the case is no longer overdue for it', () => {
    const s = receivedCase(fast)
      .at(T0 + 1_500)
      .act('accept', AGENT, {}).state;
    expect(viewDeadline(s, s.deadlines.classify!, T0 + 1_600)).toMatchObject({ state: 'breached', metAt: T0 + 1_500 });
    expect(isOverdue(s, T0 + 1_600)).toBe(false);
  });

  it('a paused deadline shows as paused and its due time moves with the pause; the statutory one does not', () => {
    const r = receivedCase(fast)
      .at(T0 + 100)
      .act('pause-sla', AGENT, { reason: '等待客户照片' });
    const view = deadlineView(r.state, T0 + 600);
    expect(view.find((d) => d.kind === 'classify')).toMatchObject({ state: 'paused', dueAt: T0 + 1_500 });
    expect(view.find((d) => d.kind === 'statutory_reply')).toMatchObject({
      state: 'running',
      dueAt: T0 + 168 * SECOND,
    });
    // Paused internal targets do not make the case overdue, however long the pause.
    expect(isOverdue(r.state, T0 + 100 * SECOND)).toBe(false);
  });

  it('after a resume the deadline runs again, later by the paused time', () => {
    const r = receivedCase(fast)
      .at(T0 + 100)
      .act('pause-sla', AGENT, { reason: '等待客户照片' })
      .at(T0 + 600)
      .act('resume-sla', AGENT, { reason: '照片已收到' });
    expect(viewDeadline(r.state, r.state.deadlines.classify!, T0 + 700)).toEqual({
      kind: 'classify',
      statutory: false,
      startedAt: T0,
      dueAt: T0 + 1_500,
      warnAt: T0 + 1_250,
      state: 'running',
    });
  });

  it('R-ADM-1: closing a case cancels its open clocks; cancelled clocks never make it overdue', () => {
    const s = receivedCase(fast)
      .at(T0 + 500)
      .act('reject-inadmissible', AGENT, { reason: 'settled', note: '已和解并履行' }).state;
    const view = deadlineView(s, T0 + 10 * SECOND);
    expect(view.filter((d) => d.state === 'cancelled').map((d) => d.kind)).toEqual([
      'classify',
      'first_reply',
      'statutory_reply',
    ]);
    expect(view.find((d) => d.kind === 'analysis')).toMatchObject({ state: 'running', startedAt: T0 + 500 });
    expect(isOverdue(s, T0 + 10 * SECOND)).toBe(false);
  });

  it('a clock cancelled after it was breached still shows the breach', () => {
    const s = receivedCase(fast)
      .at(T0 + 2 * SECOND)
      .act('resolve-on-the-spot', AGENT, { explanation: '现场已补派' }).state;
    const classify = viewDeadline(s, s.deadlines.classify!, T0 + 3 * SECOND);
    expect(classify).toMatchObject({ state: 'breached', dueAt: T0 + SECOND });
    expect(classify.metAt).toBeUndefined();
  });

  it('a clock cancelled while paused is frozen as it stood at the cancellation', () => {
    const s = receivedCase(fast)
      .at(T0 + 100)
      .act('pause-sla', AGENT, { reason: '等待客户照片' })
      .at(T0 + 600)
      .act('resolve-on-the-spot', AGENT, { explanation: '现场已补派' }).state;
    expect(viewDeadline(s, s.deadlines.classify!, T0 + 100 * SECOND)).toMatchObject({
      state: 'cancelled',
      dueAt: T0 + 1_500,
    });
  });

  it('R-SLA-7: a case closed in time is not overdue while its archive analysis runs', () => {
    const s = closedCase().state;
    expect(isOverdue(s, T0 + 60 * SECOND)).toBe(false);
    expect(
      deadlineView(s, T0 + 60 * SECOND)
        .filter((d) => d.state === 'running')
        .map((d) => d.kind),
    ).toEqual(['analysis']);
  });
});

describe("from when a case is overdue (the read model's next_due_at, R-SLA-8)", () => {
  it('a new case is overdue from its earliest open deadline on', () => {
    const s = receivedCase(fast).state;
    expect(overdueAt(s, T0)).toBe(T0 + SECOND);
    expect(overdueAt(s, T0 + 5 * SECOND)).toBe(T0 + SECOND); // a breached clock stays the answer
  });

  it('met clocks no longer count; the next open one does', () => {
    const s = receivedCase(fast)
      .at(T0 + 500)
      .act('accept', AGENT, {}).state;
    expect(overdueAt(s, T0 + 500)).toBe(viewDeadline(s, s.deadlines.forward!, T0 + 500).dueAt);
  });

  it('paused clocks cannot breach while the pause lasts: only the statutory clock counts then', () => {
    const r = receivedCase(fast)
      .at(T0 + 100)
      .act('pause-sla', AGENT, { reason: '等待客户照片' });
    expect(overdueAt(r.state, T0 + 100)).toBe(T0 + 168 * SECOND);
  });

  it('a closed case is never overdue (cancelled clocks and the archive analysis do not count)', () => {
    expect(overdueAt(closedCase().state, T0 + 60 * SECOND)).toBeNull();
  });

  it('agrees with isOverdue at every later instant until the next event, whatever happened before (property)', () => {
    const walks = fc.array(fc.noBias(fc.nat(999)), { minLength: 5, maxLength: 60 });
    fc.assert(
      fc.property(walks, fc.array(fc.nat(400 * SECOND), { maxLength: 6 }), (steps, later) => {
        const r = walkCase(steps);
        const s = r.state;
        const due = overdueAt(s, s.updatedAt);
        expect(overdueAt(s, r.now)).toBe(due);
        const probes = [s.updatedAt, r.now, ...later.map((ms) => r.now + ms)];
        if (due !== null) probes.push(...[due - 1, due, due + 1].filter((t) => t >= s.updatedAt));
        for (const t of probes) expect([t, isOverdue(s, t)]).toEqual([t, due !== null && t >= due]);
      }),
      { numRuns: 300 },
    );
  });
});
