import fc from 'fast-check';
import {
  AGENT,
  CALM_POLICY,
  CUSTOMER,
  FINDINGS,
  INVESTIGATOR,
  MANAGER,
  SECOND,
  SUPERVISOR,
  T0,
  acceptedCase,
  caseIntake,
  closedCase,
  handlingCase,
  investigatingCase,
  plannedCase,
  receivedCase,
  resolutionCase,
  reviewCase,
  walkCase,
} from '../../../../test/unit/case-builders';
import { DEFAULT_POLICY } from '../policy/default-policy';
import type { CaseEvent } from './events';
import { CaseStreamError, evolve, foldEvents, isPaused } from './state';

const SYSTEM_ACTOR = { kind: 'system' } as const;

function received(seq = 1, at = T0): CaseEvent {
  return {
    seq,
    at,
    actor: SYSTEM_ACTOR,
    data: { type: 'case.received', intake: caseIntake({ receivedAt: at }), policy: CALM_POLICY, tier: 'handler' },
  };
}

describe('receiving a case', () => {
  it('R-FLOW-1: a received case starts in acceptance, owned by whoever first received it', () => {
    const s = foldEvents([received()])!;
    expect(s).toMatchObject({
      caseId: 'case-1',
      stage: 'acceptance',
      classified: false,
      channel: 'phone',
      category: 'delay',
      urgency: 'normal',
      ownerId: 'agent-1',
      tier: 'handler',
      escalationLevel: 0,
      isAppeal: false,
      policyVersion: CALM_POLICY.version,
      floorOfferFen: null,
      reopenCount: 0,
      receivedAt: T0,
      updatedAt: T0,
      lastSeq: 1,
    });
    expect(s.policy).toBe(CALM_POLICY);
  });

  it('R-SLA-1, R-SLA-6: receipt starts the classify, first-reply and statutory clocks; only the statutory one ignores pauses', () => {
    const s = receivedCase().state;
    expect(Object.keys(s.deadlines)).toEqual(['classify', 'first_reply', 'statutory_reply']);
    expect(s.deadlines.classify).toEqual({
      kind: 'classify',
      startedAt: T0,
      duration: { amount: 600, unit: 'seconds' },
      statutory: false,
    });
    expect(s.deadlines.first_reply).toMatchObject({ startedAt: T0, statutory: false });
    expect(s.deadlines.statutory_reply).toMatchObject({ startedAt: T0, statutory: true });
  });

  it('R-SLA-1: an urgent complaint gets the urgent classify time of the policy it was received under', () => {
    const urgent = receivedCase({ policy: DEFAULT_POLICY, intake: { urgency: 'urgent' } }).state;
    expect(urgent.deadlines.classify?.duration).toEqual({ amount: 5, unit: 'minutes' });
    const normal = receivedCase({ policy: DEFAULT_POLICY }).state;
    // R-SLA-9 (policy 2026.2): the classify clock runs around the clock.
    expect(normal.deadlines.classify?.duration).toEqual({ amount: 1, unit: 'hours' });
    expect(normal.policyVersion).toBe('2026.2');
    // A case received under a 2026.1 snapshot keeps that snapshot's working-hour clock.
    const policy2026_1 = {
      ...DEFAULT_POLICY,
      version: '2026.1',
      deadlines: {
        ...DEFAULT_POLICY.deadlines,
        classify: { ...DEFAULT_POLICY.deadlines.classify, unit: 'working_hours' },
      },
    } as const;
    const older = receivedCase({ policy: policy2026_1 }).state;
    expect(older.deadlines.classify?.duration).toEqual({ amount: 1, unit: 'working_hours' });
    expect(older.policyVersion).toBe('2026.1');
    expect(
      receivedCase({ policy: policy2026_1, intake: { urgency: 'urgent' } }).state.deadlines.classify?.duration,
    ).toEqual({ amount: 5, unit: 'minutes' });
  });

  it('R-CH-2: a complaint forwarded by the regulator is an appeal; one by phone is not', () => {
    expect(receivedCase({ intake: { channel: 'regulator' } }).state.isAppeal).toBe(true);
    expect(receivedCase({ intake: { channel: 'consumer_association' } }).state.isAppeal).toBe(false);
  });

  it('R-CMP-4: a floor offer standing on the same matter is carried into the new case', () => {
    expect(receivedCase({ intake: { priorFloorOfferFen: 40_000 } }).state.floorOfferFen).toBe(40_000);
  });

  it('R-FLOW-3: the starting tier and its level come from the received event', () => {
    const s = receivedCase({ intake: { urgency: 'major', isRepeat: true } }).state;
    expect(s).toMatchObject({ tier: 'manager', escalationLevel: 3 });
  });
});

describe('the event stream', () => {
  it('an empty stream is no case', () => {
    expect(foldEvents([])).toBeUndefined();
  });

  it('a stream not starting with case.received is corrupt', () => {
    const classified: CaseEvent = {
      seq: 1,
      at: T0,
      actor: SYSTEM_ACTOR,
      data: { type: 'case.classified', category: 'loss', urgency: 'major', tier: 'supervisor' },
    };
    expect(() => evolve(undefined, classified)).toThrow(CaseStreamError);
    expect(() => foldEvents([classified])).toThrow(/before case.received/);
  });

  it('a gap or a repeated sequence number is corrupt, never folded silently', () => {
    const s = foldEvents([received()])!;
    const next = (seq: number): CaseEvent => ({
      seq,
      at: T0,
      actor: SYSTEM_ACTOR,
      data: { type: 'sla.paused', reason: 'x' },
    });
    expect(() => evolve(s, next(3))).toThrow(CaseStreamError);
    expect(() => evolve(s, next(1))).toThrow(/gap or is out of order/);
    expect(evolve(s, next(2)).lastSeq).toBe(2);
  });

  it('as-of reconstruction stops at the instant: events after it are not folded, events at it are', () => {
    const r = acceptedCase()
      .wait(10 * SECOND)
      .act('assign', AGENT, { assignee: 'inv-1' });
    const assignedAt = r.now;
    expect(foldEvents(r.events, assignedAt - 1)).toMatchObject({ stage: 'acceptance', ownerId: 'agent-1' });
    expect(foldEvents(r.events, assignedAt)).toMatchObject({ stage: 'investigation', ownerId: 'inv-1' });
    expect(foldEvents(r.events, T0 - 1)).toBeUndefined();
    expect(foldEvents(r.events)).toEqual(r.state);
  });

  it('every event moves updatedAt and lastSeq, even one that changes nothing else (a notification to staff)', () => {
    const r = receivedCase().wait(SECOND);
    const before = r.state;
    r.emit(SYSTEM_ACTOR, [
      {
        type: 'notification.requested',
        notification: { kind: 'deadline_warning', audience: 'owner', channel: 'inbox' },
        about: 'classify',
      },
    ]);
    expect(r.state).toEqual({ ...before, updatedAt: T0 + SECOND, lastSeq: 2 });
  });

  it('R-CON-4, R-SLA-10: a message to the customer is kept by seq and kind (for its delivery reports); a progress notice also dates the last one', () => {
    const r = receivedCase().wait(SECOND);
    const before = r.state;
    r.emit(SYSTEM_ACTOR, [
      {
        type: 'notification.requested',
        notification: { kind: 'progress_notice', audience: 'customer', channel: 'sms' },
        about: 'R-SLA-6',
      },
    ]);
    expect(r.state).toEqual({
      ...before,
      updatedAt: T0 + SECOND,
      lastSeq: 2,
      customerRequests: [{ seq: 2, kind: 'progress_notice' }],
      lastProgressNoticeAt: T0 + SECOND,
    });
    r.wait(SECOND).emit(SYSTEM_ACTOR, [
      {
        type: 'notification.requested',
        notification: { kind: 'acknowledgement', audience: 'customer', channel: 'sms' },
        about: 'R-ACC-3',
      },
    ]);
    expect(r.state.customerRequests).toEqual([
      { seq: 2, kind: 'progress_notice' },
      { seq: 3, kind: 'acknowledgement' },
    ]);
    expect(r.state.lastProgressNoticeAt).toBe(T0 + SECOND);
  });

  it('folding any prefix of a valid stream never throws, and lastSeq is the prefix length', () => {
    fc.assert(
      fc.property(fc.array(fc.noBias(fc.nat(999)), { minLength: 10, maxLength: 80 }), (steps) => {
        const r = walkCase(steps);
        for (let k = 1; k <= r.events.length; k++) {
          expect(foldEvents(r.events.slice(0, k))?.lastSeq).toBe(k);
        }
        expect(foldEvents(r.events)).toEqual(r.state);
      }),
      { numRuns: 150 },
    );
  });
});

describe('acceptance', () => {
  it('R-SLA-2: classifying meets the classify clock and starts forwarding to the department', () => {
    const r = receivedCase()
      .wait(5 * SECOND)
      .act('accept', AGENT, { category: 'loss', urgency: 'urgent' });
    const s = r.state;
    expect(s).toMatchObject({ classified: true, category: 'loss', urgency: 'urgent', tier: 'supervisor' });
    expect(s.escalationLevel).toBe(2);
    expect(s.deadlines.classify?.metAt).toBe(T0 + 5 * SECOND);
    expect(s.deadlines.forward).toMatchObject({ startedAt: T0 + 5 * SECOND, statutory: false });
    expect(s.deadlines.forward?.metAt).toBeUndefined();
  });

  it('reclassifying changes category and urgency but does not restart the forwarding clock', () => {
    const r = acceptedCase()
      .wait(5 * SECOND)
      .act('accept', AGENT, { category: 'damage' });
    expect(r.state.category).toBe('damage');
    expect(r.state.deadlines.forward?.startedAt).toBe(T0);
    expect(r.state.deadlines.classify?.metAt).toBe(T0);
  });

  it('R-FLOW-1: assigning hands the case over, moves it to investigation and starts the department clocks (R-SLA-2)', () => {
    const r = acceptedCase().wait(SECOND).act('assign', AGENT, { assignee: 'inv-1', department: 'BJ-ops' });
    const s = r.state;
    expect(s).toMatchObject({ stage: 'investigation', ownerId: 'inv-1', department: 'BJ-ops' });
    expect(s.deadlines.forward?.metAt).toBe(T0 + SECOND);
    expect(s.deadlines.department_response).toMatchObject({ startedAt: T0 + SECOND });
    expect(s.deadlines.investigation).toMatchObject({ startedAt: T0 + SECOND });
  });

  it('R-FLOW-1: reassigning later hands over again, keeps the department when none is named, and restarts no clock', () => {
    const r = investigatingCase().wait(SECOND).act('assign', SUPERVISOR, { assignee: 'inv-2' });
    expect(r.state).toMatchObject({ stage: 'investigation', ownerId: 'inv-2', department: 'BJ-ops' });
    expect(r.state.deadlines.investigation?.startedAt).toBe(T0);
  });

  it('R-ADM-1: closing as inadmissible records the reason, cancels every open clock and starts the analysis (R-SLA-7)', () => {
    const r = acceptedCase()
      .wait(SECOND)
      .act('reject-inadmissible', AGENT, { reason: 'court_or_arbitration', note: '法院已判决' });
    const s = r.state;
    const at = T0 + SECOND;
    expect(s).toMatchObject({
      stage: 'closed_inadmissible',
      closure: { kind: 'inadmissible', reason: 'court_or_arbitration', at },
    });
    expect(s.deadlines.classify).toMatchObject({ metAt: T0 });
    expect(s.deadlines.classify?.cancelledAt).toBeUndefined();
    for (const kind of ['forward', 'first_reply', 'statutory_reply'] as const) {
      expect(s.deadlines[kind]).toMatchObject({ cancelledAt: at });
    }
    expect(s.deadlines.analysis).toMatchObject({ startedAt: at, duration: { amount: 1_800, unit: 'seconds' } });
    expect(s.deadlines.analysis?.cancelledAt).toBeUndefined();
  });

  it('R-FLOW-2: a complaint resolved on the spot is recorded as closed with the explanation given', () => {
    const s = receivedCase().wait(SECOND).act('resolve-on-the-spot', AGENT, { explanation: '现场已补派' }).state;
    expect(s).toMatchObject({
      stage: 'closed_on_the_spot',
      closure: { kind: 'on_the_spot', reason: '现场已补派', at: T0 + SECOND },
    });
    expect(s.deadlines.classify).toMatchObject({ cancelledAt: T0 + SECOND });
    expect(s.deadlines.analysis).toMatchObject({ startedAt: T0 + SECOND });
  });
});

describe('investigation and handling', () => {
  it('R-SLA-4: findings move the case to handling, meet the investigation clocks and start the plan clock', () => {
    const r = investigatingCase().wait(SECOND).act('record-findings', INVESTIGATOR, FINDINGS);
    const s = r.state;
    expect(s.stage).toBe('handling');
    expect(s.findings).toMatchObject({ summary: FINDINGS.summary, rootCause: 'handoff' });
    expect(s.liability).toMatchObject({ external: 'BJ-007', companyLiable: true, ruleId: 'R-LIA-1' });
    expect(s.suggestedCompensationFen).toBe(0);
    expect(s.deadlines.investigation?.metAt).toBe(T0 + SECOND);
    expect(s.deadlines.department_response?.metAt).toBe(T0 + SECOND);
    expect(s.deadlines.plan).toMatchObject({ startedAt: T0 + SECOND });
  });

  it('R-SLA-5: a plan needing no approval is put to the customer with the reply clock running', () => {
    const r = handlingCase()
      .wait(SECOND)
      .act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 });
    const s = r.state;
    const at = T0 + SECOND;
    expect(s.plan).toMatchObject({
      seq: r.events.length,
      proposedBy: 'inv-1',
      proposedAt: at,
      requiredApproval: 'none',
      approval: 'not_required',
      customer: 'pending',
      floorOffer: false,
    });
    expect(s.deadlines.plan?.metAt).toBe(at);
    expect(s.deadlines.reply_after_approval).toMatchObject({ startedAt: at });
    expect(s.deadlines.approval).toBeUndefined();
    expect(s.negotiationRounds).toEqual([{ planSeq: r.events.length, proposedFen: 0, floorOffer: false }]);
  });

  it('R-APR-1: a plan needing approval waits for it, with its own clock', () => {
    const r = handlingCase().act('propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 300_000,
    });
    expect(r.state.plan).toMatchObject({ requiredApproval: 'manager', approval: 'pending' });
    expect(r.state.deadlines.approval).toMatchObject({ startedAt: T0 });
    expect(r.state.deadlines.reply_after_approval).toBeUndefined();
  });

  it('R-APR-1: a new proposal cancels the clock still waiting on the previous plan', () => {
    const r = handlingCase()
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 300_000 })
      .wait(SECOND)
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 20_000 });
    expect(r.state.deadlines.approval).toMatchObject({ cancelledAt: T0 + SECOND });
    expect(r.state.deadlines.reply_after_approval).toMatchObject({ startedAt: T0 + SECOND });
    expect(r.state.plan).toMatchObject({ compensationFen: 20_000, approval: 'not_required' });
    expect(r.state.negotiationRounds.map((n) => n.proposedFen)).toEqual([300_000, 20_000]);
  });

  it('R-CMP-4: the floor offer on record only ever goes down', () => {
    const r = handlingCase({ intake: { priorFloorOfferFen: 50_000 } })
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 40_000, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: true });
    expect(r.state.floorOfferFen).toBe(40_000);
    // A plan that is no floor offer leaves the floor where it is.
    r.act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 10_000 });
    expect(r.state.floorOfferFen).toBe(40_000);
    expect(r.state.negotiationRounds.map((n) => n.floorOffer)).toEqual([true, false]);
  });

  it('R-CMP-4: the first floor offer of a case sets the floor', () => {
    const r = handlingCase().act('propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 30_000,
      floorOffer: true,
    });
    expect(r.state.floorOfferFen).toBe(30_000);
  });

  it('R-APR-1: an approval is recorded against its plan, meets the approval clock and starts the reply clock (R-SLA-5)', () => {
    const r = plannedCase({}, { compensationFen: 100_000 })
      .wait(SECOND)
      .act('decide-approval', SUPERVISOR, { approve: true, comment: '同意' });
    const planSeq = r.state.plan!.seq;
    expect(r.state.plan?.approval).toBe('approved');
    expect(r.state.approvals).toEqual([
      { planSeq, approverId: 'sup-1', role: 'supervisor', approve: true, comment: '同意', at: T0 + SECOND },
    ]);
    expect(r.state.deadlines.approval?.metAt).toBe(T0 + SECOND);
    expect(r.state.deadlines.reply_after_approval).toMatchObject({ startedAt: T0 + SECOND });
  });

  it('R-SLA-4: a rejected plan sends the case back to planning, the plan clock running again', () => {
    const r = plannedCase({}, { compensationFen: 300_000 })
      .wait(SECOND)
      .act('decide-approval', MANAGER, { approve: false });
    expect(r.state.plan?.approval).toBe('rejected');
    expect(r.state.deadlines.plan).toMatchObject({ startedAt: T0 + SECOND });
    expect(r.state.deadlines.plan?.metAt).toBeUndefined();
    expect(r.state.deadlines.reply_after_approval).toBeUndefined();
  });

  it('an approval in a stream with no plan on the case (an older stream) is kept, against no plan', () => {
    const r = handlingCase().emit({ kind: 'staff', id: 'sup-1', role: 'supervisor' }, [
      { type: 'approval.decided', approve: true, approverId: 'sup-1', role: 'supervisor' },
    ]);
    expect(r.state.plan).toBeUndefined();
    expect(r.state.approvals).toMatchObject([{ planSeq: 0, approverId: 'sup-1', approve: true }]);
  });

  it('R-HDL-2: the customer accepting a proposal answers the round and meets the reply clocks', () => {
    const r = plannedCase().wait(SECOND).act('customer-response', AGENT, { accepted: true });
    expect(r.state.plan?.customer).toBe('accepted');
    expect(r.state.negotiationRounds).toMatchObject([{ response: 'accepted', respondedAt: T0 + SECOND }]);
    expect(r.state.deadlines.reply_after_approval?.metAt).toBe(T0 + SECOND);
    expect(r.state.deadlines.first_reply?.metAt).toBe(T0 + SECOND);
    expect(r.state.stage).toBe('handling');
  });

  it('R-HDL-2: the customer declining a proposal sends the case back to planning for another round', () => {
    const r = plannedCase().wait(SECOND).act('customer-response', AGENT, { accepted: false });
    expect(r.state.plan?.customer).toBe('declined');
    expect(r.state.negotiationRounds).toMatchObject([{ response: 'declined', respondedAt: T0 + SECOND }]);
    expect(r.state.deadlines.plan).toMatchObject({ startedAt: T0 + SECOND });
    expect(r.state.deadlines.plan?.metAt).toBeUndefined();
  });

  it('a customer response in a stream with no plan on the case touches no plan and no round', () => {
    const r = handlingCase().emit({ kind: 'customer' }, [
      { type: 'customer.responded', accepted: true, via: 'customer' },
    ]);
    expect(r.state.plan).toBeUndefined();
    expect(r.state.negotiationRounds).toEqual([]);
  });

  it('R-HDL-3: carrying out the plan moves the case to resolution; the result notice is the reply the clocks wait for', () => {
    // A floor offer may be carried out before the customer answers (R-CMP-4): no reply has met any clock yet.
    const r = plannedCase({}, { compensationFen: 10_000, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('contact-attempt', AGENT, { reached: false, channel: 'phone' })
      .wait(SECOND)
      .act('execute-plan', AGENT, { paymentRef: 'PAY-1' });
    const s = r.state;
    const at = T0 + SECOND;
    expect(s).toMatchObject({ stage: 'resolution', executedAt: at });
    expect(s.deadlines.first_reply?.metAt).toBe(at);
    expect(s.deadlines.statutory_reply?.metAt).toBe(at);
    expect(s.deadlines.reply_after_approval?.metAt).toBe(at);
  });
});

describe('resolution and review', () => {
  it('R-RES-2: a confirmed result moves the case to review and starts the archive clock (R-SLA-7)', () => {
    const r = resolutionCase().wait(SECOND).act('customer-response', CUSTOMER, { accepted: true });
    expect(r.state).toMatchObject({
      stage: 'review',
      customerConfirmation: { accepted: true, via: 'customer', at: T0 + SECOND },
    });
    expect(r.state.deadlines.archive).toMatchObject({ startedAt: T0 + SECOND });
    // The round was answered in handling; the confirmation does not rewrite it.
    expect(r.state.negotiationRounds).toMatchObject([{ response: 'accepted', respondedAt: T0 }]);
  });

  it('R-RES-3: a declined result with no floor offer goes back to handling for a better remedy', () => {
    const r = resolutionCase().wait(SECOND).act('customer-response', AGENT, { accepted: false });
    expect(r.state).toMatchObject({
      stage: 'handling',
      customerConfirmation: { accepted: false, via: 'agent', at: T0 + SECOND },
    });
    expect(r.state.plan).toBeUndefined();
    expect(r.state.deadlines.plan).toMatchObject({ startedAt: T0 + SECOND });
    expect(r.state.deadlines.archive).toBeUndefined();
  });

  it('R-CMP-4: a declined result stands when it was the floor offer: the case moves on to review', () => {
    const r = handlingCase()
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 10_000, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('execute-plan', AGENT, {})
      .act('customer-response', AGENT, { accepted: false });
    expect(r.state).toMatchObject({ stage: 'review', customerConfirmation: { accepted: false } });
    expect(r.state.deadlines.archive).toBeDefined();
  });

  it('R-REV-1: the survey closes the case: archive met, analysis of the archive started (R-SLA-7)', () => {
    const r = reviewCase()
      .wait(SECOND)
      .act('survey', CUSTOMER, { speed: 5, effectiveness: 4, attitude: 5, transparency: 4 });
    const at = T0 + SECOND;
    expect(r.state).toMatchObject({
      stage: 'closed',
      survey: { speed: 5, effectiveness: 4, attitude: 5, transparency: 4, mean: 4.5, reopenReview: false },
      closure: { kind: 'archived', reason: 'survey', at },
    });
    expect(r.state.deadlines.archive?.metAt).toBe(at);
    expect(r.state.deadlines.analysis).toMatchObject({ startedAt: at });
  });

  it('R-SLA-7: archiving without a survey closes the case and says so', () => {
    const r = reviewCase()
      .wait(SECOND)
      .emit(SYSTEM_ACTOR, [{ type: 'case.archived', withSurvey: false }]);
    expect(r.state).toMatchObject({ stage: 'closed', closure: { kind: 'archived', reason: 'no_survey' } });
    expect(r.state.deadlines.archive?.metAt).toBe(T0 + SECOND);
    const withSurvey = reviewCase().emit(SYSTEM_ACTOR, [{ type: 'case.archived', withSurvey: true }]);
    expect(withSurvey.state.closure?.reason).toBe('survey');
  });

  it('R-CMP-4: a reopened case goes back to investigation with its floor offer still on record', () => {
    const r = handlingCase()
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 10_000, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('execute-plan', AGENT, {})
      .act('customer-response', AGENT, { accepted: false })
      .act('survey', CUSTOMER, { speed: 1, effectiveness: 1, attitude: 1, transparency: 1 })
      .wait(SECOND)
      .act('reopen', SUPERVISOR, { reason: '客户再次投诉' });
    expect(r.state).toMatchObject({ stage: 'investigation', reopenCount: 1, floorOfferFen: 10_000 });
    expect(r.state.closure).toBeUndefined();
    expect(r.state.plan).toBeUndefined();
    expect(r.state.deadlines.investigation).toMatchObject({ startedAt: T0 + SECOND });
    expect(r.state.deadlines.investigation?.metAt).toBeUndefined();
  });
});

describe('contacting the customer', () => {
  it('R-CON-1: every attempt is recorded; a failed one replies to nobody, so the reply clocks keep running', () => {
    const r = acceptedCase().act('contact-attempt', AGENT, { reached: false, channel: 'phone', note: '关机' });
    expect(r.state.contactAttempts).toEqual([
      { at: T0, reached: false, channel: 'phone', automatic: false, note: '关机' },
      { at: T0, reached: false, channel: 'sms', automatic: true, note: 'R-CON-1 unreachable notice' },
    ]);
    expect(r.state.deadlines.first_reply?.metAt).toBeUndefined();
  });

  it('R-SLA-6: reaching the customer is the first reply', () => {
    const r = acceptedCase().wait(SECOND).act('contact-attempt', AGENT, { reached: true, channel: 'phone' });
    expect(r.state.deadlines.first_reply?.metAt).toBe(T0 + SECOND);
  });

  it('an automatic message that reached the customer is no reply by staff: the clocks keep running', () => {
    const r = acceptedCase().emit(SYSTEM_ACTOR, [
      { type: 'contact.attempted', reached: true, channel: 'sms', automatic: true },
    ]);
    expect(r.state.deadlines.first_reply?.metAt).toBeUndefined();
  });

  it('R-CON-1: the reminder for a retry is remembered, so it is sent once', () => {
    const r = acceptedCase().emit(SYSTEM_ACTOR, [{ type: 'contact.reminder', nextAttemptAt: T0 + 3 * SECOND }]);
    expect(r.state.contactReminderFor).toBe(T0 + 3 * SECOND);
  });

  it('R-CON-1: unreachable after the retries in resolution, the result stands by written notice and the case moves to review', () => {
    const r = resolutionCase()
      .wait(SECOND)
      .emit(SYSTEM_ACTOR, [{ type: 'contact.exhausted', outcome: 'satisfied' }]);
    expect(r.state).toMatchObject({
      stage: 'review',
      contactExhausted: 'satisfied',
      customerConfirmation: { accepted: false, via: 'unreachable', at: T0 + SECOND },
    });
    expect(r.state.deadlines.archive).toMatchObject({ startedAt: T0 + SECOND });
  });

  it('R-CON-1: a round ending before resolution is only recorded; the stage stays', () => {
    const satisfied = handlingCase().emit(SYSTEM_ACTOR, [{ type: 'contact.exhausted', outcome: 'satisfied' }]);
    expect(satisfied.state).toMatchObject({ stage: 'handling', contactExhausted: 'satisfied' });
    const failed = resolutionCase().emit(SYSTEM_ACTOR, [{ type: 'contact.exhausted', outcome: 'failed' }]);
    expect(failed.state).toMatchObject({ stage: 'resolution', contactExhausted: 'failed' });
  });

  it('R-CON-1: reaching the customer ends the round; another failure does not', () => {
    const r = acceptedCase().emit(SYSTEM_ACTOR, [{ type: 'contact.exhausted', outcome: 'failed' }]);
    r.act('contact-attempt', AGENT, { reached: false, channel: 'phone' });
    expect(r.state.contactExhausted).toBe('failed');
    r.act('contact-attempt', AGENT, { reached: true, channel: 'phone' });
    expect(r.state.contactExhausted).toBeUndefined();
  });
});

describe('pauses, warnings, breaches and escalation', () => {
  it('pausing and resuming are recorded with their reasons; a resume closes the open pause', () => {
    const r = acceptedCase().act('pause-sla', AGENT, { reason: '等待照片' });
    expect(isPaused(r.state)).toBe(true);
    r.wait(5 * SECOND).act('resume-sla', AGENT, { reason: '照片已收到' });
    expect(isPaused(r.state)).toBe(false);
    r.wait(SECOND).act('pause-sla', AGENT, { reason: '再次等待' });
    expect(r.state.pauses).toEqual([
      { from: T0, to: T0 + 5 * SECOND, reason: '等待照片' },
      { from: T0 + 6 * SECOND, reason: '再次等待' },
    ]);
    expect(isPaused(r.state)).toBe(true);
  });

  it('R-SLA-8: a warning and a breach are marked on their deadline', () => {
    const r = receivedCase()
      .wait(SECOND)
      .emit(SYSTEM_ACTOR, [{ type: 'deadline.warning', kind: 'classify', dueAt: T0 + 600 * SECOND }])
      .wait(SECOND)
      .emit(SYSTEM_ACTOR, [{ type: 'deadline.breached', kind: 'classify', dueAt: T0 + 600 * SECOND }]);
    expect(r.state.deadlines.classify).toMatchObject({ warnedAt: T0 + SECOND, breachedAt: T0 + 2 * SECOND });
  });

  it('a warning or breach for a deadline the case does not run changes no deadline', () => {
    const r = receivedCase();
    const before = r.state.deadlines;
    r.emit(SYSTEM_ACTOR, [
      { type: 'deadline.warning', kind: 'archive', dueAt: T0 },
      { type: 'deadline.breached', kind: 'archive', dueAt: T0 },
    ]);
    expect(r.state.deadlines).toEqual(before);
  });

  it('R-SLA-8: an escalation moves the case to the new tier and level', () => {
    const r = receivedCase().emit(SYSTEM_ACTOR, [
      { type: 'case.escalated', from: 'handler', to: 'team_lead', reason: 'deadline_breached', note: 'classify' },
    ]);
    expect(r.state).toMatchObject({ tier: 'team_lead', escalationLevel: 1 });
  });

  it('R-REG-1: replies to the regulator are kept in order', () => {
    const r = investigatingCase({ intake: { channel: 'regulator' } })
      .act('regulator-reply', AGENT, { text: '经核实,快件已按时派送。' })
      .wait(SECOND)
      .act('regulator-reply', AGENT, { text: '补充说明。' });
    expect(r.state.regulatorReplies).toEqual([
      { at: T0, text: '经核实,快件已按时派送。' },
      { at: T0 + SECOND, text: '补充说明。' },
    ]);
  });
});

describe('a whole case', () => {
  it('the five stages in order, every event folded into one state (seed 001, 004)', () => {
    const r = closedCase();
    expect(r.events.map((e) => e.data.type)).toEqual([
      'case.received',
      'case.classified',
      'notification.requested',
      'case.assigned',
      'findings.recorded',
      'plan.proposed',
      'customer.responded',
      'plan.executed',
      'notification.requested',
      'customer.responded',
      'survey.recorded',
    ]);
    expect(r.state.stage).toBe('closed');
  });
});
