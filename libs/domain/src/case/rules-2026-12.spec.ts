/**
 * The 2026-12 rules (issue 10; docs/adr/0012-rules-versions.md): each defect the check against the seeds found, on
 * the deciders and the fold, for a case that runs under them (`rules: 2`). The same steps on a case started before
 * (no marker) decide as they did, which the committed histories' replay also proves.
 */
import {
  AGENT,
  CALM_POLICY_2026_2,
  CUSTOMER,
  FINDINGS,
  INVESTIGATOR,
  MANAGER,
  SUPERVISOR,
  SUPERVISOR2,
  TEAM_LEAD,
  T0,
  type CaseOptions,
  type CaseRecorder,
  acceptedCase,
  approvedIfPending,
  handlingCase,
  investigatingCase,
  receivedCase,
} from '../../../../test/unit/case-builders';
import type { Refused } from '../result';
import type { Actor } from '../stages';
import { decideAction, deliveryEvents, tierAudience, type ActionDecision, type Decided } from './decide';
import type { CaseEventData } from './events';
import { dueTimers, nextWakeAt } from './timers';

/**
 * A case under the 2026-12 rules and the shipped 2026.2 approval (R-APR-1: every plan approved by a team lead at
 * least); `CALM_POLICY`, the builders' default, keeps the 2026.1 tiers of the cases started before.
 */
const V2: CaseOptions = { rules: 2, policy: CALM_POLICY_2026_2 };
const SH = 'SH-001'; // origin
const BJ = 'BJ-007'; // delivery

function refused(d: ActionDecision): Refused {
  if (d.ok) throw new Error(`expected a refusal, got ${JSON.stringify(d.events)}`);
  return d;
}
function decided(d: ActionDecision): Decided {
  if (!d.ok) throw new Error(`expected the action to be decided, got ${d.code}: ${d.reason}`);
  return d;
}
const types = (events: readonly CaseEventData[]) => events.map((e) => e.type);
/** R-APR-2: the specs' plans above the suggestion state why. */
const REASON = '客户提供了实际损失凭证';
const LEAD2: Actor = { kind: 'staff', id: 'lead-2', roles: ['team_lead'] };

function liabilityOf(r: CaseRecorder) {
  const l = r.state.liability;
  if (!l) throw new Error('no liability');
  return l;
}

describe('1. the investigator enters the facts the liability table needs (R-LIA-3/6/7/8/9/12)', () => {
  it('R-LIA-7: an out-of-area case whose delivery outlet did not notify and the origin did not know: BJ/BJ (was SH/SH)', () => {
    const r = handlingCase(
      { ...V2, intake: { category: 'out_of_area' } },
      {
        ...FINDINGS,
        faultOutlet: BJ,
        outOfArea: { deliveryNotifiedByRules: false, originKnew: false },
      },
    );
    expect(liabilityOf(r)).toMatchObject({ external: BJ, internal: BJ, ruleId: 'R-LIA-7', appliedRules: ['R-LIA-7'] });
    expect(r.state.findings?.facts).toEqual({ outOfArea: { deliveryNotifiedByRules: false, originKnew: false } });
  });

  it('R-LIA-8: a self-pickup fee charged by BJ: BJ/BJ (was SH/SH)', () => {
    const r = handlingCase({ ...V2, intake: { category: 'overcharge' } }, { ...FINDINGS, chargingOutlet: BJ });
    expect(liabilityOf(r)).toMatchObject({ external: BJ, internal: BJ, ruleId: 'R-LIA-8' });
  });

  it('R-LIA-8 / R-CMP-3: a legitimate charge left unexplained by another outlet makes it answerable too', () => {
    const r = handlingCase(
      { ...V2, intake: { category: 'overcharge' } },
      {
        ...FINDINGS,
        chargingOutlet: BJ,
        unexplainedOutlet: SH,
      },
    );
    expect(liabilityOf(r)).toMatchObject({ external: BJ, alsoAnswerable: [SH] });
  });

  it('R-LIA-3: the party the customer named answers a service-attitude complaint', () => {
    const r = handlingCase({ ...V2, intake: { category: 'service_attitude' } }, { ...FINDINGS, namedParty: SH });
    expect(liabilityOf(r)).toMatchObject({ external: SH, internal: SH, ruleId: 'R-LIA-3' });
  });

  it("R-LIA-12: a source fault is the origin's inside the network, not reimbursed", () => {
    const r = handlingCase(
      { ...V2, intake: { category: 'damage' } },
      {
        ...FINDINGS,
        faultOutlet: BJ,
        sourceFault: 'inadequate_packaging',
      },
    );
    expect(liabilityOf(r)).toMatchObject({
      external: SH,
      internal: SH,
      ruleId: 'R-LIA-12',
      appliedRules: ['R-LIA-4', 'R-LIA-12'],
      networkReimburses: false,
    });
  });

  it('a case started before the 2026-12 rules ignores the facts (it decides as its history did)', () => {
    const r = handlingCase({ intake: { category: 'overcharge' } }, { ...FINDINGS, chargingOutlet: BJ });
    expect(liabilityOf(r)).toEqual({ external: SH, internal: SH, companyLiable: true, ruleId: 'R-LIA-8' });
  });
});

describe('2. R-LIA-9 fires when the customer could not reach the origin, not when the origin failed the rules', () => {
  const appeal = {
    channel: 'regulator',
    category: 'service_attitude',
    priorContact: { outlet: 'origin', handledByRules: false },
  } as const;

  it('a service-attitude appeal after the origin failed the rules: the delivery outlet (将被处罚的也是派件网点)', () => {
    const r = handlingCase({ ...V2, intake: appeal });
    expect(liabilityOf(r)).toMatchObject({ external: BJ, ruleId: 'R-LIA-3' });
  });

  it('the same appeal where the customer could not reach the origin: the origin, R-LIA-9', () => {
    const r = handlingCase({ ...V2, intake: appeal }, { ...FINDINGS, originUnreachable: true });
    expect(liabilityOf(r)).toMatchObject({ external: SH, internal: BJ, ruleId: 'R-LIA-9' });
  });

  it('before the 2026-12 rules the old condition still decides that case (recorded histories)', () => {
    expect(liabilityOf(handlingCase({ intake: appeal }))).toMatchObject({ external: SH, ruleId: 'R-LIA-9' });
  });
});

describe('3. R-LIA-10: the reason the company is not liable is recorded', () => {
  it.each([
    ['untrue', 'complaint_untrue'],
    ['unevidenced', 'not_evidenced'],
    ['unrelated', 'unrelated_to_service'],
    ['personal_conduct', 'personal_conduct'],
  ] as const)('not liable because %s: basis %s, nobody internal', (reason, basis) => {
    const r = handlingCase(V2, { ...FINDINGS, companyLiable: false, notLiableReason: reason });
    expect(liabilityOf(r)).toMatchObject({ companyLiable: false, internal: null, basis });
    expect(r.state.findings?.notLiableReason).toBe(reason);
  });

  it('a reason with companyLiable true is refused (INPUT.INVALID naming the field), nothing recorded', () => {
    const d = refused(
      investigatingCase(V2).decide('record-findings', INVESTIGATOR, { ...FINDINGS, notLiableReason: 'untrue' }),
    );
    expect(d.code).toBe('INPUT.INVALID');
    expect(d.details).toEqual([expect.objectContaining({ field: 'notLiableReason' })]);
  });
});

describe('4. appeals: validity, fine, irrevocable, never closed at acceptance without the reply (R-CH-2, R-REG-1/3/4)', () => {
  const appeal = { channel: 'regulator', priorContact: { outlet: 'delivery', handledByRules: false } } as const;

  it('a valid appeal records its validity and a 1000 CNY fine charged to the external outlet', () => {
    const r = handlingCase({ ...V2, intake: appeal });
    expect(r.state.appeal?.assessment).toMatchObject({ valid: true });
    expect(r.state.appeal?.penalty).toMatchObject({ outlet: BJ, amountFen: 100_000, parcels: 1 });
    expect(r.state.appeal?.penalty?.ruleIds).toEqual(expect.arrayContaining(['R-REG-1']));
  });

  it('R-REG-3: the penalty of an outlet whose unclear reply caused the finding cannot be appealed internally', () => {
    const r = handlingCase({ ...V2, intake: appeal }, { ...FINDINGS, outletReplyUnclear: true });
    expect(r.state.appeal?.penalty).toMatchObject({ internalAppealAllowed: false });
    expect(r.state.appeal?.penalty?.ruleIds).toEqual(expect.arrayContaining(['R-REG-3']));
  });

  it('not at fault: not valid, no fine', () => {
    const r = handlingCase({ ...V2, intake: appeal }, { ...FINDINGS, companyLiable: false });
    expect(r.state.appeal?.assessment.valid).toBe(false);
    expect(r.state.appeal?.penalty).toBeUndefined();
  });

  it('once valid it is not revoked by a later finding, and the fine is charged once', () => {
    const r = handlingCase({ ...V2, intake: appeal })
      .act('regulator-reply', AGENT, { text: '经核实,派件网点未按规定处理,已责令整改。' })
      .act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('customer-response', AGENT, { accepted: true })
      .act('execute-plan', AGENT, {})
      .act('customer-response', CUSTOMER, { accepted: true })
      .act('survey', CUSTOMER, { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 })
      .act('reopen', AGENT, { reason: '重新核查' })
      .act('record-findings', INVESTIGATOR, { ...FINDINGS, companyLiable: false });
    expect(r.state.appeal?.assessment).toMatchObject({ valid: true, kept: true });
    expect(r.events.filter((e) => e.data.type === 'appeal.penalised')).toHaveLength(1);
  });

  it.each([
    ['reject-inadmissible', { reason: 'settled', note: '已和解' }],
    ['resolve-on-the-spot', { explanation: '当场解释' }],
  ] as const)('RULE.R-REG-4: %s of an appeal without the reply to the regulator is refused', (action, body) => {
    const r = acceptedCase({ ...V2, intake: appeal });
    expect(refused(r.decide(action, AGENT, body)).code).toBe('RULE.R-REG-4');
    const replied = r.act('regulator-reply', AGENT, { text: '经核实,快件已按时派送。' });
    expect(decided(replied.decide(action, AGENT, body)).events[0].type).toMatch(/^case\./);
  });
});

describe('6. the floor offer stands only once approved and made to the customer (R-CMP-4)', () => {
  function declinedOnce(options: CaseOptions = V2) {
    return handlingCase(options)
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 2_000,
        compensationReason: REASON,
      })
      .act('decide-approval', TEAM_LEAD, { approve: true })
      .act('customer-response', AGENT, { accepted: false });
  }

  it('a floor offer needs an earlier proposal the customer declined', () => {
    const r = handlingCase(V2);
    const d = refused(
      r.decide('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0, floorOffer: true }),
    );
    expect(d.code).toBe('RULE.R-CMP-4');
  });

  it('a rejected floor offer does not stand: the next plan may offer more', () => {
    const r = declinedOnce()
      .act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: false });
    expect(r.state.floorOfferFen).toBeNull();
    expect(
      decided(
        r.decide('propose-plan', INVESTIGATOR, {
          remedies: ['apology', 'compensation'],
          compensationFen: 2_000,
          compensationReason: REASON,
        }),
      ).ok,
    ).toBe(true);
  });

  it('approved but not yet made to the customer: not standing, not executable', () => {
    const r = declinedOnce()
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 1_500,
        floorOffer: true,
        compensationReason: REASON,
      })
      .act('decide-approval', SUPERVISOR, { approve: true });
    expect(r.state.floorOfferFen).toBeNull();
    expect(refused(r.decide('execute-plan', AGENT, { paymentRef: 'PAY-1' })).code).toBe('PLAN.NOT_AGREED');
  });

  it('made to the customer and refused: it stands, it is carried out, and it caps later proposals', () => {
    const r = declinedOnce()
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 1_500,
        floorOffer: true,
        compensationReason: REASON,
      })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('customer-response', AGENT, { accepted: false });
    expect(r.state.floorOfferFen).toBe(1_500);
    expect(r.state.deadlines.execution?.startedAt).toBe(r.now);
    expect(decided(r.decide('execute-plan', AGENT, { paymentRef: 'PAY-9' })).events[0].type).toBe('plan.executed');
  });
});

describe('7 and 11. money controls (R-CMP-2, R-APR-1/2, R-HDL-3)', () => {
  it('R-CMP-2: a plan below twice the overcharge is refused once what was due is known', () => {
    // The fixture's shipment charged 1 800 fen against a freight of 1 200 (test/support/fixtures.ts).
    const r = handlingCase(
      { ...V2, intake: { category: 'overcharge' } },
      { ...FINDINGS, chargingOutlet: BJ, dueFen: 1_000 },
    );
    const charged = r.state.intake.shipment.chargedFen;
    const required = 2 * (charged - 1_000);
    expect(
      refused(r.decide('propose-plan', INVESTIGATOR, { remedies: ['freight_refund'], compensationFen: required - 1 }))
        .code,
    ).toBe('RULE.R-CMP-2');
    expect(
      decided(r.decide('propose-plan', INVESTIGATOR, { remedies: ['freight_refund'], compensationFen: required })).ok,
    ).toBe(true);
  });

  it('R-APR-1: every plan waits for a leader (a team lead at least), even a small one', () => {
    const r = handlingCase(V2).act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 });
    expect(r.state.plan).toMatchObject({ requiredApproval: 'team_lead', approval: 'pending' });
    expect(refused(r.decide('customer-response', AGENT, { accepted: true })).code).toBe('PLAN.NOT_APPROVED');
    const approved = r.act('decide-approval', TEAM_LEAD, { approve: true });
    expect(approved.state.approvals[0]).toMatchObject({ role: 'team_lead', approve: true });
  });

  it('R-APR-2: 5.5 times the suggestion needs a stated reason', () => {
    const r = handlingCase(V2);
    const suggested = r.state.suggestedCompensationFen ?? 0;
    const amount = Math.round(suggested * 5.5) || 10_000;
    const d = refused(r.decide('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: amount }));
    expect(d.code).toMatch(/^RULE\./);
    const withReason = decided(
      r.decide('propose-plan', INVESTIGATOR, {
        remedies: ['compensation'],
        compensationFen: amount,
        compensationReason: '客户提供了实际损失凭证',
      }),
    );
    expect(withReason.events[0]).toMatchObject({
      type: 'plan.proposed',
      plan: { compensationReason: '客户提供了实际损失凭证' },
    });
  });

  it('R-HDL-3: a compensation is not carried out without its payment reference', () => {
    const r = handlingCase(V2)
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 2_000,
        compensationReason: REASON,
      })
      .act('decide-approval', TEAM_LEAD, { approve: true })
      .act('customer-response', AGENT, { accepted: true });
    const d = refused(r.decide('execute-plan', AGENT, {}));
    expect(d).toMatchObject({ code: 'RULE.R-HDL-3', details: [expect.objectContaining({ field: 'paymentRef' })] });
    expect(decided(r.decide('execute-plan', AGENT, { paymentRef: 'PAY-7' })).ok).toBe(true);
  });

  it('R-CMP-2: an agreed refund runs its own clock until it is paid', () => {
    const found = handlingCase(
      { ...V2, intake: { category: 'overcharge' } },
      { ...FINDINGS, chargingOutlet: BJ, dueFen: 1_000 },
    );
    const refund = 2 * (found.state.intake.shipment.chargedFen - 1_000);
    const r = found
      .act('propose-plan', INVESTIGATOR, { remedies: ['freight_refund'], compensationFen: refund })
      .act('decide-approval', TEAM_LEAD, { approve: true })
      .act('customer-response', AGENT, { accepted: true });
    expect(r.state.deadlines.refund).toMatchObject({ startedAt: r.now });
    const paid = r.act('execute-plan', AGENT, { paymentRef: 'REFUND-1' });
    expect(paid.state.deadlines.refund?.metAt).toBe(paid.now);
  });
});

describe('8. clocks (R-SLA-2/3/9)', () => {
  it('R-SLA-2: the forward clock runs from receipt', () => {
    expect(receivedCase(V2).state.deadlines.forward?.startedAt).toBe(T0);
    expect(receivedCase().state.deadlines.forward).toBeUndefined();
  });

  it('R-SLA-2/3: assigning starts the investigation-start and evidence-request clocks; asking for evidence meets both', () => {
    const r = investigatingCase(V2);
    expect(r.state.deadlines.investigation_start).toBeDefined();
    expect(r.state.deadlines.evidence_request).toBeDefined();
    const asked = r.wait(1_000).act('request-evidence', INVESTIGATOR, { items: ['破损照片'] });
    expect(asked.state.deadlines.evidence_request?.metAt).toBe(asked.now);
    expect(asked.state.deadlines.investigation_start?.metAt).toBe(asked.now);
    expect(asked.state.evidenceRequests).toEqual([{ at: asked.now, items: ['破损照片'] }]);
  });

  it('R-SLA-9: no internal clock falls due after the statutory one', () => {
    const r = investigatingCase(V2);
    const statutoryDue = r.state.deadlines.statutory_reply!.startedAt + 3_600_000 * 24 * 365; // an upper bound
    const wake = nextWakeAt(r.state, r.now);
    expect(wake).not.toBeNull();
    expect(wake!).toBeLessThan(statutoryDue);
  });
});

describe('9. authority (R-FLOW-6, R-SLA-8)', () => {
  it("an overdue manager-tier approval escalates to a manager, never into an agent's inbox", () => {
    const r = handlingCase(V2).act('propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 500_000,
      compensationReason: '保价金额赔付',
    });
    expect(r.state.plan?.requiredApproval).toBe('manager');
    const due = r.state.deadlines.approval!;
    r.at(due.startedAt + 3_600_000 * 24 * 30);
    const events = dueTimers(r.state, r.now);
    const breach = events.findIndex((e) => e.type === 'deadline.breached' && e.kind === 'approval');
    expect(breach).toBeGreaterThanOrEqual(0);
    const escalated = events.slice(breach).find((e) => e.type === 'case.escalated');
    expect(escalated).toMatchObject({ to: 'manager' });
    const told = events.filter((e) => e.type === 'notification.requested' && e.notification.kind === 'escalation');
    expect(told.map((e) => (e.type === 'notification.requested' ? e.notification.audience : ''))).not.toContain(
      'role:agent',
    );
  });

  it("the team-lead tier tells the team leads (cases started before told the agents' queue)", () => {
    expect(tierAudience({ rules: 2 }, 'team_lead')).toBe('role:team_lead');
    expect(tierAudience({}, 'team_lead')).toBe('role:agent');
    expect(tierAudience({ rules: 2 }, 'manager')).toBe('role:manager');
  });
});

describe('10. remedies and the result notice (R-HDL-1, R-RES-1)', () => {
  it('a not-liable case explains (remedy `explanation`) without pretending to apologise', () => {
    const r = handlingCase(V2, { ...FINDINGS, companyLiable: false, notLiableReason: 'unrelated' });
    expect(decided(r.decide('propose-plan', INVESTIGATOR, { remedies: ['explanation'], compensationFen: 0 })).ok).toBe(
      true,
    );
  });

  it.each([
    ['reject-inadmissible', { reason: 'settled', note: '已和解' }],
    ['resolve-on-the-spot', { explanation: '当场解释' }],
  ] as const)('R-RES-1: %s tells the customer the result', (action, body) => {
    const d = decided(receivedCase(V2).decide(action, AGENT, body));
    expect(d.events[1]).toMatchObject({
      type: 'notification.requested',
      notification: { kind: 'result_notice', audience: 'customer' },
    });
  });
});

describe('12. new rules: R-REG-5, R-LIA-13, R-CON-3, R-SLA-10, R-REV-3, R-RES-4', () => {
  it('R-REG-5: a question to headquarters and its answer are part of the case', () => {
    const r = investigatingCase(V2)
      .act('consult-hq', INVESTIGATOR, { question: '签收争议是否属公司责任?' })
      .act('hq-answer', SUPERVISOR, { answer: '不属公司责任,如实答复' });
    expect(r.state.hqConsultations).toEqual([
      expect.objectContaining({ question: '签收争议是否属公司责任?', answer: '不属公司责任,如实答复' }),
    ]);
    expect(refused(r.decide('hq-answer', SUPERVISOR, { answer: '再答' })).code).toBe('CASE.NO_QUESTION');
  });

  it('R-LIA-13: after paying first, the origin claims against the outlet at fault; a manager rules', () => {
    const paid = handlingCase({ ...V2, intake: { category: 'loss' } }, { ...FINDINGS, faultOutlet: BJ })
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['compensation'],
        compensationFen: 3_600,
        compensationReason: REASON,
      })
      .act('decide-approval', TEAM_LEAD, { approve: true })
      .act('customer-response', AGENT, { accepted: true });
    expect(refused(paid.decide('arbitration-claim', SUPERVISOR, { againstOutlet: BJ, amountFen: 3_600 })).code).toBe(
      'STAGE.NOT_ALLOWED',
    );
    const r = paid.act('execute-plan', AGENT, { paymentRef: 'PAY-2' });
    expect(refused(r.decide('arbitration-claim', SUPERVISOR, { againstOutlet: SH, amountFen: 3_600 })).code).toBe(
      'RULE.R-LIA-13',
    );
    const ruled = r
      .act('arbitration-claim', SUPERVISOR, { againstOutlet: BJ, amountFen: 3_600 })
      .act('arbitration-ruling', MANAGER, { upheld: true, amountFen: 3_600 });
    expect(ruled.state.arbitration).toEqual([
      expect.objectContaining({
        byOutlet: SH,
        againstOutlet: BJ,
        amountFen: 3_600,
        ruling: expect.objectContaining({ upheld: true }),
      }),
    ]);
  });

  it('R-CON-3: a written reply is signed off by others than its author, the approval by a manager', () => {
    const r = handlingCase(V2);
    expect(refused(r.decide('sign-off-reply', SUPERVISOR, { step: 'managerApproval' })).code).toBe('RULE.R-CON-3');
    const signed = r
      .act('sign-off-reply', SUPERVISOR, { step: 'departmentReview' })
      .act('sign-off-reply', SUPERVISOR2, { step: 'legalReview' })
      .act('sign-off-reply', MANAGER, { step: 'managerApproval' });
    expect(Object.keys(signed.state.replySignOffs ?? {}).sort()).toEqual([
      'departmentReview',
      'legalReview',
      'managerApproval',
    ]);
    const own = handlingCase(V2).act('assign', AGENT, { assignee: 'sup-1' });
    expect(refused(own.decide('sign-off-reply', SUPERVISOR, { step: 'legalReview' })).code).toBe('RULE.R-CON-3');
  });

  it('R-SLA-10: a delayed parcel is flagged to its delivery outlet for priority delivery, once', () => {
    const r = acceptedCase(V2);
    expect(r.state.priorityDeliveryOutlet).toBe(BJ);
    expect(types(decided(r.decide('accept', AGENT, {})).events)).not.toContain('delivery.prioritised');
  });

  it('R-REV-3 / R-RES-4: the survey is reported to leadership and a key case is flagged for a follow-up visit', () => {
    const r = handlingCase({ ...V2, intake: { urgency: 'urgent' } })
      .act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('customer-response', AGENT, { accepted: true })
      .act('execute-plan', AGENT, {})
      .act('customer-response', CUSTOMER, { accepted: true });
    const d = decided(r.decide('survey', CUSTOMER, { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 }));
    expect(d.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'notification.requested',
          notification: expect.objectContaining({ kind: 'survey_report', audience: 'role:manager' }),
        }),
        expect.objectContaining({ type: 'followup.flagged', reasons: ['urgent'] }),
      ]),
    );
  });
});

describe('R-CON-1 recorded as it happened (issue 11): the SMS counts when the gateway accepts it', () => {
  it('a failed attempt requests the SMS once and records no SMS attempt; the delivery report records it', () => {
    const r = acceptedCase(V2).act('contact-attempt', AGENT, { reached: false, channel: 'phone' });
    expect(r.state.contactAttempts.map((a) => a.channel)).toEqual(['phone']);
    expect(r.state.smsRequestedAt).toBe(r.now);
    const again = r.wait(1_000).act('contact-attempt', AGENT, { reached: false, channel: 'phone' });
    expect(
      again.events.filter(
        (e) => e.data.type === 'notification.requested' && e.data.notification.kind === 'unreachable_sms',
      ),
    ).toHaveLength(1);
    const seq = again.state.customerRequests?.find((c) => c.kind === 'unreachable_sms')?.seq;
    const report = deliveryEvents(again.state, { seq, channel: 'sms', state: 'sent', providerRef: 'smsc-1' });
    expect(report).toEqual([
      {
        type: 'notification.delivery',
        requestSeq: seq,
        kind: 'unreachable_sms',
        channel: 'sms',
        state: 'sent',
        providerRef: 'smsc-1',
      },
    ]);
    const recorded = again.emit({ kind: 'system' }, report);
    expect(recorded.state.contactAttempts.map((a) => [a.channel, a.automatic])).toEqual([
      ['phone', false],
      ['phone', false],
      ['sms', true],
    ]);
    // A retried report appends nothing twice; a report about no customer message is ignored.
    expect(deliveryEvents(recorded.state, { seq, channel: 'sms', state: 'sent' })).toEqual([]);
    expect(deliveryEvents(recorded.state, { seq: 1, channel: 'sms', state: 'sent' })).toEqual([]);
    expect(deliveryEvents(recorded.state, { seq, channel: 'fax', state: 'sent' })).toEqual([]);
  });

  it('a case started before keeps recording the automatic SMS attempt as it did', () => {
    const r = acceptedCase().act('contact-attempt', AGENT, { reached: false, channel: 'phone' });
    expect(r.state.contactAttempts.map((a) => a.channel)).toEqual(['phone', 'sms']);
  });
});

describe('the decider refuses a second team lead nothing the first could not do', () => {
  it('a team lead may not approve a supervisor-tier plan', () => {
    const r = handlingCase(V2).act('propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 100_000,
      compensationReason: '保价赔付',
    });
    expect(r.state.plan?.requiredApproval).toBe('supervisor');
    expect(refused(decideAction(r.state, 'decide-approval', { approve: true }, LEAD2, r.now)).code).toBe(
      'RULE.R-APR-2',
    );
  });
});

/** The plan (an apology) approved as the policy asks, agreed and carried out: in resolution, under the 2026-12 rules. */
function paidCase(options: CaseOptions = V2): CaseRecorder {
  return approvedIfPending(
    handlingCase(options).act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 }),
  )
    .act('customer-response', AGENT, { accepted: true })
    .act('execute-plan', AGENT, {});
}

const SYSTEM_ACTOR = { kind: 'system' } as const;

describe('13. the remaining 2026-12 paths, one by one', () => {
  it('R-LIA-8: a charge only an outlet could not explain is that outlet’s, outside and inside (no charging outlet given)', () => {
    const r = handlingCase({ ...V2, intake: { category: 'overcharge' } }, { ...FINDINGS, unexplainedOutlet: BJ });
    expect(liabilityOf(r)).toMatchObject({ external: BJ, internal: BJ, ruleId: 'R-LIA-8' });
    expect(liabilityOf(r).alsoAnswerable).toBeUndefined();
    expect(r.state.findings?.facts).toEqual({ unexplainedOutlet: BJ });
  });

  it('R-CMP-2: an overcharge case’s compensation is a refund with its own clock; an apology alone or another category’s compensation is not', () => {
    const agreed = (
      category: 'overcharge' | 'delay',
      plan: { remedies: ('apology' | 'compensation')[]; fen: number },
    ) =>
      approvedIfPending(
        handlingCase({ ...V2, intake: { category } }).act('propose-plan', INVESTIGATOR, {
          remedies: plan.remedies,
          compensationFen: plan.fen,
          compensationReason: REASON,
        }),
      ).act('customer-response', AGENT, { accepted: true });
    const refund = agreed('overcharge', { remedies: ['compensation'], fen: 600 });
    expect(refund.state.deadlines.refund).toMatchObject({ kind: 'refund', startedAt: refund.now });
    expect(refund.state.deadlines.execution).toMatchObject({ startedAt: refund.now });
    expect(agreed('overcharge', { remedies: ['apology'], fen: 0 }).state.deadlines.refund).toBeUndefined();
    expect(agreed('delay', { remedies: ['apology', 'compensation'], fen: 600 }).state.deadlines.refund).toBeUndefined();
  });

  it('R-RES-3 / R-REV-1: a result the customer declines sends the case back to handling, with no survey invitation', () => {
    const r = paidCase();
    const d = decided(r.decide('customer-response', CUSTOMER, { accepted: false }));
    expect(types(d.events)).toEqual(['customer.responded']);
    const back = r.emit(d.actor, d.events);
    expect(back.state).toMatchObject({ stage: 'handling', customerConfirmation: { accepted: false, via: 'customer' } });
    expect(back.state.plan).toBeUndefined();
    expect(back.state.deadlines.plan).toMatchObject({ startedAt: back.now });
  });

  it('R-CMP-4 / R-REV-1: a standing floor offer whose result the customer declines goes to review, and the survey invitation goes out', () => {
    const r = handlingCase(V2)
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 2_000,
        compensationReason: REASON,
      })
      .act('decide-approval', TEAM_LEAD, { approve: true })
      .act('customer-response', AGENT, { accepted: false })
      .act('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 1_500,
        floorOffer: true,
        compensationReason: REASON,
      })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('customer-response', AGENT, { accepted: false })
      .act('execute-plan', AGENT, { paymentRef: 'PAY-3' });
    const d = decided(r.decide('customer-response', CUSTOMER, { accepted: false }));
    expect(d.events[1]).toEqual({
      type: 'notification.requested',
      notification: { kind: 'survey_invitation', audience: 'customer', channel: 'phone' },
      about: 'R-REV-1',
    });
    expect(r.emit(d.actor, d.events).state.stage).toBe('review');
  });

  it('R-SLA-3: an evidence request keeps its note, and the customer is told what is asked of them', () => {
    const d = decided(
      investigatingCase(V2).decide('request-evidence', INVESTIGATOR, { items: ['破损照片'], note: '请于三日内提供' }),
    );
    expect(d.events).toEqual([
      { type: 'evidence.requested', items: ['破损照片'], note: '请于三日内提供' },
      {
        type: 'notification.requested',
        notification: { kind: 'progress_notice', audience: 'customer', channel: 'phone' },
        about: 'R-SLA-3',
      },
    ]);
  });

  it('R-REG-5: headquarters cannot answer a case that never asked it anything', () => {
    const r = investigatingCase(V2);
    expect(r.state.hqConsultations).toBeUndefined();
    expect(refused(r.decide('hq-answer', SUPERVISOR, { answer: '不属公司责任' }))).toMatchObject({
      code: 'CASE.NO_QUESTION',
    });
  });

  it('R-LIA-13: a ruling needs an open claim, never exceeds it, and a claim not upheld awards nothing', () => {
    const paid = paidCase({ ...V2, intake: { category: 'loss' } });
    expect(paid.state.arbitration).toBeUndefined();
    expect(refused(paid.decide('arbitration-ruling', MANAGER, { upheld: true, amountFen: 100 })).code).toBe(
      'CASE.NO_CLAIM',
    );
    const claimed = paid.act('arbitration-claim', SUPERVISOR, {
      againstOutlet: BJ,
      amountFen: 3_000,
      note: '已先行赔付',
    });
    expect(claimed.events.at(-2)?.data).toEqual({
      type: 'arbitration.claimed',
      byOutlet: SH,
      againstOutlet: BJ,
      amountFen: 3_000,
      note: '已先行赔付',
    });
    expect(refused(claimed.decide('arbitration-ruling', MANAGER, { upheld: true, amountFen: 3_001 }))).toMatchObject({
      code: 'RULE.R-LIA-13',
      details: [{ field: 'amountFen', reason: 'must not be greater than the claim (3000)' }],
    });
    const d = decided(
      claimed.decide('arbitration-ruling', MANAGER, { upheld: false, amountFen: 3_000, note: '证据不足' }),
    );
    expect(d.events).toEqual([{ type: 'arbitration.ruled', upheld: false, amountFen: 0, note: '证据不足' }]);
    expect(claimed.emit(d.actor, d.events).state.arbitration?.[0].ruling).toEqual({
      upheld: false,
      amountFen: 0,
      at: claimed.now,
    });
  });

  it('R-CON-3: a sign-off keeps its note', () => {
    const d = decided(handlingCase(V2).decide('sign-off-reply', SUPERVISOR, { step: 'legalReview', note: '措辞已核' }));
    expect(d.events).toEqual([{ type: 'reply.signed_off', step: 'legalReview', note: '措辞已核' }]);
  });

  it('R-CON-4: delivery reports: none for a case without customer messages; the provider reference only when it is one', () => {
    expect(receivedCase(V2).state.customerRequests).toBeUndefined();
    expect(deliveryEvents(receivedCase(V2).state, { seq: 1, channel: 'sms', state: 'sent' })).toEqual([]);
    const r = acceptedCase(V2);
    const seq = r.state.customerRequests?.find((c) => c.kind === 'acknowledgement')?.seq;
    expect(seq).toBeDefined();
    const delivered = { type: 'notification.delivery', requestSeq: seq, kind: 'acknowledgement', channel: 'phone' };
    expect(deliveryEvents(r.state, { seq, channel: 'phone', state: 'delivered' })).toEqual([
      { ...delivered, state: 'delivered' },
    ]);
    expect(deliveryEvents(r.state, { seq, channel: 'phone', state: 'sent', providerRef: 'x'.repeat(201) })).toEqual([
      { ...delivered, state: 'sent' },
    ]);
    expect(deliveryEvents(r.state, { seq, channel: 'phone', state: 'sent', providerRef: 42 })).toEqual([
      { ...delivered, state: 'sent' },
    ]);
    expect(deliveryEvents(r.state, { seq, channel: 'phone', state: 'sent', providerRef: 'x'.repeat(200) })).toEqual([
      { ...delivered, state: 'sent', providerRef: 'x'.repeat(200) },
    ]);
  });

  it('R-CON-1 / R-CON-4: a delivery report is kept; only an accepted R-CON-1 SMS of a 2026-12 case counts as a contact attempt', () => {
    const r = acceptedCase(V2);
    const seq = r.state.customerRequests![0].seq;
    const attempts = r.state.contactAttempts;
    r.emit(SYSTEM_ACTOR, deliveryEvents(r.state, { seq, channel: 'phone', state: 'delivered' }));
    expect(r.state.deliveries).toEqual([
      { requestSeq: seq, kind: 'acknowledgement', channel: 'phone', state: 'delivered', at: r.now },
    ]);
    expect(r.state.contactAttempts).toBe(attempts);
    // A case started before recorded its SMS attempt when it asked for the SMS: the gateway's report adds none.
    const old = acceptedCase().act('contact-attempt', AGENT, { reached: false, channel: 'phone' });
    const sms = old.state.customerRequests!.find((c) => c.kind === 'unreachable_sms')!.seq;
    old.emit(SYSTEM_ACTOR, deliveryEvents(old.state, { seq: sms, channel: 'sms', state: 'sent' }));
    expect(old.state.deliveries).toHaveLength(1);
    expect(old.state.contactAttempts.map((a) => a.channel)).toEqual(['phone', 'sms']);
  });

  it('R-SLA-7 / R-RES-4: archiving a key case without a survey flags it for a follow-up visit; an ordinary one is only archived', () => {
    const inReview = (options: CaseOptions) => paidCase(options).act('customer-response', CUSTOMER, { accepted: true });
    const urgent = inReview({ ...V2, intake: { urgency: 'urgent' } });
    const archive = urgent.state.deadlines.archive!;
    urgent.at(archive.startedAt + 600_000);
    expect(dueTimers(urgent.state, urgent.now)).toEqual([
      { type: 'case.archived', withSurvey: false },
      { type: 'followup.flagged', reasons: ['urgent'] },
      {
        type: 'notification.requested',
        notification: { kind: 'followup_visit', audience: 'owner', channel: 'inbox' },
        about: 'R-RES-4',
      },
    ]);
    const ordinary = inReview(V2);
    ordinary.at(ordinary.state.deadlines.archive!.startedAt + 600_000);
    expect(dueTimers(ordinary.state, ordinary.now)).toEqual([{ type: 'case.archived', withSurvey: false }]);
  });

  it('R-REV-3 / R-RES-4: a satisfied survey of an ordinary case is reported to leadership, and flags no follow-up', () => {
    const r = paidCase().act('customer-response', CUSTOMER, { accepted: true });
    const d = decided(r.decide('survey', CUSTOMER, { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 }));
    expect(types(d.events)).toEqual(['survey.recorded', 'notification.requested']);
    expect(d.events[1]).toMatchObject({ notification: { kind: 'survey_report', audience: 'role:manager' } });
  });
});

describe('14. the fold of the 2026-12 events is total: an event without its counterpart records nothing false', () => {
  const emitted = (data: CaseEventData, actor: Parameters<CaseRecorder['emit']>[0] = SYSTEM_ACTOR) => {
    const r = investigatingCase(V2);
    const before = r.state;
    return { before, after: r.emit(actor, [data]).state };
  };

  it('R-REG-5: an answer with no question asked records no answer', () => {
    const { after } = emitted({ type: 'hq.answered', answer: '不属公司责任' });
    expect(after.hqConsultations).toEqual([]);
  });

  it('R-LIA-13: a ruling with no claim records no ruling', () => {
    const { after } = emitted({ type: 'arbitration.ruled', upheld: true, amountFen: 100 });
    expect(after.arbitration).toEqual([]);
  });

  it('R-CON-3: a sign-off not by a member of staff signs nothing', () => {
    const { before, after } = emitted({ type: 'reply.signed_off', step: 'legalReview' });
    expect(after).toEqual({ ...before, updatedAt: after.updatedAt, lastSeq: before.lastSeq + 1 });
    expect(after.replySignOffs).toBeUndefined();
  });

  it('R-CMP-2: an answer in handling with no plan on record starts no refund clock (the decider refuses it: PLAN.NONE)', () => {
    const r = handlingCase({ ...V2, intake: { category: 'overcharge' } });
    expect(r.state.plan).toBeUndefined();
    expect(refused(r.decide('customer-response', AGENT, { accepted: true })).code).toBe('PLAN.NONE');
    r.emit(SYSTEM_ACTOR, [{ type: 'customer.responded', accepted: true, via: 'agent' }]);
    expect(r.state.deadlines.refund).toBeUndefined();
    expect(r.state.deadlines.execution).toMatchObject({ startedAt: r.now });
  });

  it('R-REG-1: a fine without the appeal’s assessment is not recorded', () => {
    const penalty = {
      outlet: BJ,
      amountFen: 100_000,
      perParcelFen: 100_000,
      parcels: 1,
      ruleIds: ['R-REG-1'],
      internalAppealAllowed: true,
    };
    const { before, after } = emitted({ type: 'appeal.penalised', penalty });
    expect(after.appeal).toBeUndefined();
    expect(after).toEqual({ ...before, updatedAt: after.updatedAt, lastSeq: before.lastSeq + 1 });
  });
});
