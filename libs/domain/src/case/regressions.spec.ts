/**
 * Regressions found by the unit specs of the case decider (each was a real defect of the fold or the views).
 */
import {
  AGENT,
  CUSTOMER,
  INVESTIGATOR,
  SECOND,
  SUPERVISOR,
  acceptedCase,
  caseIntake,
  closedCase,
  handlingCase,
  receivedCase,
} from '../../../../test/unit/case-builders';
import { CALM_POLICY } from '../../../../test/unit/case-builders';
import { CaseStreamError, evolve } from './state';
import { caseFinished, nextWakeAt } from './timers';
import { deadlineView, isOverdue } from './view';

describe('the case fold and views: regressions', () => {
  it('a second case.received is corrupt, never a silent reset of the case', () => {
    const c = acceptedCase();
    const again = {
      type: 'case.received' as const,
      intake: caseIntake({ caseId: 'other' }),
      policy: CALM_POLICY,
      tier: 'handler' as const,
    };
    expect(() =>
      evolve(c.state, { seq: c.state.lastSeq + 1, at: c.now, actor: { kind: 'system' }, data: again }),
    ).toThrow(/a second case.received/);
    expect(() => evolve(c.state, { seq: 99, at: c.now, actor: { kind: 'system' }, data: again })).toThrow(
      CaseStreamError,
    );
  });

  it('R-FLOW-6: a case closed while its deadlines are paused still finishes when its analysis falls due', () => {
    const c = acceptedCase().act('pause-sla', AGENT, { reason: '等待材料' }).wait(SECOND);
    c.act('reject-inadmissible', AGENT, { reason: 'settled', note: '已和解' });
    expect(c.state.pauses.every((p) => p.to !== undefined)).toBe(true);
    const analysisDue = deadlineView(c.state, c.now).find((d) => d.kind === 'analysis')!.dueAt;
    expect(caseFinished(c.state, analysisDue - 1)).toBe(false);
    expect(caseFinished(c.state, analysisDue)).toBe(true);
    expect(nextWakeAt(c.state, c.now)).toBe(analysisDue);
  });

  it('a closed case is never overdue for its archive analysis; a reopen stops that clock', () => {
    const c = closedCase();
    const late = c.now + 10 * 3600 * SECOND;
    expect(isOverdue(c.state, late)).toBe(false);
    c.at(c.now + 60 * SECOND).act('reopen', SUPERVISOR, { reason: '客户再次投诉' });
    expect(c.state.deadlines.analysis?.cancelledAt).toBe(c.now);
    expect(deadlineView(c.state, late).find((d) => d.kind === 'analysis')?.state).toBe('cancelled');
  });

  it('a clock stopped after it was breached no longer makes the case overdue', () => {
    const c = receivedCase(); // classify: 600 s
    c.wait(601 * SECOND).timers();
    expect(isOverdue(c.state, c.now)).toBe(true);
    c.act('resolve-on-the-spot', AGENT, { explanation: '现场解决' });
    expect(deadlineView(c.state, c.now).find((d) => d.kind === 'classify')?.state).toBe('breached');
    expect(isOverdue(c.state, c.now)).toBe(false);
  });

  it('R-HDL-3, R-RES-2, R-FLOW-6: an agreed plan has an execution clock, and a result awaiting confirmation has its own', () => {
    const c = handlingCase().act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 });
    expect(c.state.deadlines.execution).toBeUndefined();
    c.act('customer-response', AGENT, { accepted: true });
    expect(c.state.deadlines.execution).toMatchObject({ startedAt: c.now });
    c.wait(SECOND).act('execute-plan', AGENT, {});
    expect(c.state.deadlines.execution?.metAt).toBe(c.now);
    expect(c.state.deadlines.confirmation).toMatchObject({ startedAt: c.now });
    expect(nextWakeAt(c.state, c.now)).not.toBeNull(); // resolution never waits without a clock
    c.wait(SECOND).act('customer-response', CUSTOMER, { accepted: true });
    expect(c.state.deadlines.confirmation?.metAt).toBe(c.now);
  });

  it('R-CMP-4: an approved floor offer may be carried out, so its execution clock starts at approval and survives a refusal', () => {
    const c = handlingCase().act('propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 10_000,
      floorOffer: true,
    });
    c.act('decide-approval', SUPERVISOR, { approve: true });
    expect(c.state.deadlines.execution).toMatchObject({ startedAt: c.now });
    c.act('customer-response', AGENT, { accepted: false });
    expect(c.state.deadlines.execution?.metAt).toBeUndefined();
    expect(c.state.deadlines.execution?.cancelledAt).toBeUndefined();
    // A new proposal stops the old plan's execution clock.
    c.act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 9_000, floorOffer: true });
    expect(c.state.deadlines.execution?.cancelledAt).toBe(c.now);
  });

  it('a policy snapshot from before a deadline kind existed runs without that clock', () => {
    const { execution: _e, confirmation: _c, ...older } = CALM_POLICY.deadlines;
    const c = handlingCase({ policy: { ...CALM_POLICY, deadlines: older as typeof CALM_POLICY.deadlines } });
    c.act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 }).act('customer-response', AGENT, {
      accepted: true,
    });
    expect(c.state.deadlines.execution).toBeUndefined();
  });
});
