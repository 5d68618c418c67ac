/**
 * The complaint case workflow on the real Temporal dev server, writing to the real PostgreSQL: one test per path of
 * issue 4. Policies are scaled to seconds (test/support/cases.ts) so every timer fires in real time.
 */
import type { Worker } from '@temporalio/worker';
import { GENESIS_HASH, eventHash } from '@complaintflow/audit';
import { deadlineView, type CaseEvent } from '@complaintflow/domain/case';
import { getCaseQuery, syncUpdate } from '@complaintflow/contracts';
import {
  AGENT,
  AGENT2,
  CALM_POLICY,
  CUSTOMER,
  INVESTIGATOR,
  MANAGER,
  SUPERVISOR,
  TEAM_LEAD,
  act,
  eventsOf,
  eventually,
  expectRefused,
  outboxOf,
  policyWith,
  reportDelivery,
  sleep,
  startCase,
} from '../support/cases';
import { openHarness, type Harness } from '../support/env';
import { maybeRecordHistory } from '../support/histories';

let h: Harness;
let worker: Worker;
let running: Promise<void>;
const historySizes: Record<string, number> = {};

beforeAll(async () => {
  h = await openHarness();
  worker = await h.newWorker();
  running = worker.run();
});

afterAll(async () => {
  worker.shutdown();
  await running;
  await h.close();
  process.stdout.write(`history events per path: ${JSON.stringify(historySizes)}\n`);
});

async function finish(handle: Parameters<typeof maybeRecordHistory>[0], name: string, terminate = true): Promise<void> {
  historySizes[name] = (await handle.fetchHistory()).events?.length ?? 0;
  await maybeRecordHistory(handle, name);
  if (terminate) await handle.terminate('test finished').catch(() => undefined);
}

const findings = {
  summary: '分拨中心滞留两天',
  rootCause: 'handoff' as const,
  companyLiable: true,
  evidence: [{ kind: 'tracking_scan', ref: 'SCAN-1' }],
  partiesHeard: ['complainant', 'BJ-007 courier'],
};

describe('complaint case workflow', () => {
  it('happy path: five stages to the archive, every event hash-chained, notices in the outbox', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY, { category: 'delay' });
    let s = await act(handle, 'accept', AGENT, { urgency: 'normal' });
    expect(s).toMatchObject({ stage: 'acceptance', classified: true, tier: 'handler' });
    s = await act(handle, 'assign', AGENT, { assignee: 'inv-1', department: 'BJ-ops' });
    // R-FLOW-1 explicit hand-over; R-INV-1 an owner in the responsible department is named.
    expect(s).toMatchObject({ stage: 'investigation', ownerId: 'inv-1', department: 'BJ-ops' });
    // R-INV-2: findings rest on evidence; R-INV-4: the root cause is recorded.
    await expectRefused(act(handle, 'record-findings', INVESTIGATOR, { ...findings, evidence: [] }), 'INPUT.INVALID');
    const noCause = { ...findings, rootCause: undefined } as unknown as typeof findings;
    await expectRefused(act(handle, 'record-findings', INVESTIGATOR, noCause), 'INPUT.INVALID');
    s = await act(handle, 'record-findings', INVESTIGATOR, findings);
    expect(s.stage).toBe('handling');
    // R-INV-3: every party heard, not only the complainant.
    expect(s.findings).toMatchObject({ rootCause: 'handoff', partiesHeard: ['complainant', 'BJ-007 courier'] });
    expect(s.liability).toMatchObject({
      external: 'BJ-007',
      internal: 'BJ-007',
      companyLiable: true,
      ruleId: 'R-LIA-1',
    });
    // R-HDL-1: the plan of remedies from internal consultation.
    // R-APR-2: an amount above the suggestion (a delay suggests none) states why.
    await expectRefused(
      act(handle, 'propose-plan', INVESTIGATOR, { remedies: ['apology', 'compensation'], compensationFen: 2000 }),
      'RULE.R-APR-2',
    );
    s = await act(handle, 'propose-plan', INVESTIGATOR, {
      remedies: ['apology', 'compensation'],
      compensationFen: 2000,
      compensationReason: '延误致客户额外支出',
    });
    // R-APR-1: every plan is approved by a leader (a team lead at least) before the customer is answered.
    expect(s.plan).toMatchObject({
      remedies: ['apology', 'compensation'],
      requiredApproval: 'team_lead',
      approval: 'pending',
      customer: 'pending',
    });
    await expectRefused(act(handle, 'customer-response', AGENT, { accepted: true }), 'PLAN.NOT_APPROVED');
    s = await act(handle, 'decide-approval', TEAM_LEAD, { approve: true });
    expect(s.approvals).toEqual([expect.objectContaining({ approverId: 'lead-1', role: 'team_lead', approve: true })]);
    s = await act(handle, 'customer-response', AGENT, { accepted: true });
    // R-HDL-2: the negotiation round and its answer are on record.
    expect(s.negotiationRounds).toEqual([expect.objectContaining({ proposedFen: 2000, response: 'accepted' })]);
    expect(s.plan?.customer).toBe('accepted');
    // R-HDL-3: a compensation is carried out with its payment reference.
    await expectRefused(act(handle, 'execute-plan', AGENT, {}), 'RULE.R-HDL-3');
    s = await act(handle, 'execute-plan', AGENT, { paymentRef: 'PAY-1' });
    // R-HDL-3: carried out; the result notice goes to the customer (R-RES-1).
    expect(s).toMatchObject({ stage: 'resolution', executedAt: expect.any(Number) });
    s = await act(handle, 'customer-response', CUSTOMER, { accepted: true, comment: '满意' });
    // R-RES-2: the customer's own confirmation, through the signed link.
    expect(s).toMatchObject({ stage: 'review', customerConfirmation: { accepted: true, via: 'customer' } });
    s = await act(handle, 'survey', CUSTOMER, { speed: 5, effectiveness: 4, attitude: 5, transparency: 4 });
    expect(s).toMatchObject({ stage: 'closed', closure: { kind: 'archived', reason: 'survey' } });

    const rows = await eventsOf(h, intake.caseId);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1].hash);
      const actor =
        r.actor_role === 'system' || r.actor_role === 'customer'
          ? { kind: r.actor_role as 'system' | 'customer' }
          : { kind: 'staff' as const, id: r.actor_id, role: r.actor_role as 'agent' };
      const event = { seq: r.seq, at: r.at.getTime(), actor, data: r.data } as unknown as CaseEvent;
      expect(eventHash(intake.caseId, r.policy_version, event, r.prev_hash)).toBe(r.hash);
    }
    expect(rows.find((r) => r.type === 'survey.recorded')?.actor_role).toBe('customer');
    // R-FLOW-5: the record shows who did what — every event names its actor and role.
    expect(rows.map((r) => `${r.type}:${r.actor_id}/${r.actor_role}`)).toEqual(
      expect.arrayContaining([
        'case.classified:agent-1/agent',
        'case.assigned:agent-1/agent',
        'findings.recorded:inv-1/investigator',
        'plan.executed:agent-1/agent',
      ]),
    );
    // R-CON-4: the customer's agreement is kept as evidence, with how it was given.
    expect(rows.filter((r) => r.type === 'customer.responded').map((r) => r.data.via)).toEqual(['agent', 'customer']);
    const outbox = await outboxOf(h, intake.caseId);
    // R-ACC-3, R-RES-1, R-REV-1, R-REV-3, R-SLA-10: acknowledged, told the result, invited to the survey; the survey
    // reported to leadership; the delayed parcel flagged for priority delivery.
    expect(outbox.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        'acknowledgement',
        'approval_needed',
        'result_notice',
        'survey_invitation',
        'survey_report',
        'priority_delivery',
      ]),
    );
    const [row] = await h.dataSource.query('SELECT stage, last_seq, closed_at FROM complaint_cases WHERE id = $1', [
      intake.caseId,
    ]);
    expect(row.stage).toBe('closed');
    expect(row.last_seq).toBe(rows.length);
    // R-REV-2: the archive — complainant key, complaint, handling, result and evidence — stays searchable.
    expect(row.closed_at).not.toBeNull();
    const [archived] = await h.dataSource.query(
      `SELECT id FROM complaint_cases WHERE waybill_no = $1 AND stage = 'closed' AND state->'findings'->'evidence' @> '[{"ref":"SCAN-1"}]'`,
      [intake.waybillNo],
    );
    expect(archived?.id).toBe(intake.caseId);
    // The closed case stays reopenable until the archive analysis is due (3 s here), then the workflow completes.
    await finish(handle, 'happy-path', false);
    await expect(handle.result()).resolves.toMatchObject({ stage: 'closed' });
  });

  it('R-SLA-8: every deadline breach escalates one tier, handler → team lead → supervisor → manager, each tier told', async () => {
    // The dev server fires timers on a ~1 s grid: deadlines of several seconds keep each warning (75%) before its breach.
    // R-SLA-9: the forward clock (from receipt) may not fall due after the statutory one: capped, it breaches with it.
    const policy = policyWith({ classify: 5, forward: 60, first_reply: 10, statutory_reply: 15 });
    const { handle, intake } = await startCase(h, policy);
    const state = await eventually(
      () => handle.query(getCaseQuery),
      (s) => s.tier === 'manager' && s.deadlines.statutory_reply?.breachedAt !== undefined,
      30_000,
    );
    await handle.executeUpdate(syncUpdate); // what the query saw is now in PostgreSQL too
    expect(state).toMatchObject({ tier: 'manager', escalationLevel: 3 });
    const rows = await eventsOf(h, intake.caseId);
    expect(rows.filter((r) => r.type === 'deadline.breached').map((r) => r.data.kind)).toEqual([
      'classify',
      'first_reply',
      'statutory_reply',
      'forward',
    ]);
    const breaches = rows.filter((r) => r.type === 'deadline.breached');
    expect(breaches[3].data.dueAt).toBe(breaches[2].data.dueAt); // capped at the statutory due time
    expect(rows.filter((r) => r.type === 'case.escalated').map((r) => [r.data.from, r.data.to])).toEqual([
      ['handler', 'team_lead'],
      ['team_lead', 'supervisor'],
      ['supervisor', 'manager'],
    ]);
    // Warnings at 75% came before each breach, all from the system actor.
    expect(rows.filter((r) => r.type === 'deadline.warning').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.type.startsWith('deadline.')).every((r) => r.actor_id === 'system')).toBe(true);
    const audiences = (await outboxOf(h, intake.caseId)).filter((o) => o.kind === 'escalation').map((o) => o.audience);
    // The team lead is a role of its own now (R-SLA-8); at the top, the manager is told again.
    expect(audiences).toEqual(['role:team_lead', 'role:supervisor', 'role:manager', 'role:manager']);
    await finish(handle, 'deadline-escalation');
  });

  it('R-FLOW-3: an urgent complaint starts with a supervisor; a repeat complaint one tier higher (R-CAT-4)', async () => {
    const urgent = await startCase(h, CALM_POLICY, { urgency: 'urgent' });
    expect((await urgent.handle.query(getCaseQuery)).tier).toBe('supervisor');
    const repeat = await startCase(h, CALM_POLICY, { isRepeat: true });
    expect((await repeat.handle.query(getCaseQuery)).tier).toBe('team_lead');
    // Reclassifying as major raises the tier (a repeat major complaint: one above supervisor) and tells it.
    const s = await act(repeat.handle, 'accept', AGENT, { urgency: 'major' });
    expect(s.tier).toBe('manager');
    // It never lowers it.
    expect((await act(repeat.handle, 'accept', AGENT, { urgency: 'normal' })).tier).toBe('manager');
    await urgent.handle.terminate('test finished');
    await repeat.handle.terminate('test finished');
  });

  it('R-CON-1: a failed contact sends the SMS, reminds the agent when a retry is due, and escalates if retries are not made', async () => {
    const policy = policyWith(
      {},
      {
        contact: {
          minRetries: 3,
          retrySpacing: { amount: 1, unit: 'seconds' },
          retryWindow: { amount: 4, unit: 'seconds' },
        },
      },
    );
    const { handle, intake } = await startCase(h, { ...CALM_POLICY, contact: policy.contact, version: 'test-contact' });
    await act(handle, 'accept', AGENT, {});
    let s = await act(handle, 'contact-attempt', AGENT, { reached: false, channel: 'phone', note: '关机' });
    // Recorded as it happens: the SMS is requested, and counts once the gateway accepted it (the relay reports it).
    expect(s.contactAttempts.map((a) => [a.channel, a.automatic])).toEqual([['phone', false]]);
    expect(s.smsRequestedAt).toEqual(expect.any(Number));
    await reportDelivery(h, handle, intake.caseId, 'unreachable_sms');
    s = await eventually(
      () => handle.query(getCaseQuery),
      (x) => x.contactAttempts.length === 2,
    );
    expect(s.contactAttempts.map((a) => [a.channel, a.automatic])).toEqual([
      ['phone', false],
      ['sms', true],
    ]);
    s = await eventually(
      () => handle.query(getCaseQuery),
      (x) => x.contactExhausted === 'failed',
    );
    expect(s.contactExhausted).toBe('failed');
    await handle.executeUpdate(syncUpdate);
    const rows = await eventsOf(h, intake.caseId);
    const reminders = rows.filter((r) => r.type === 'contact.reminder');
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(rows.some((r) => r.type === 'case.escalated' && r.data.reason === 'contact_failed')).toBe(true);
    const kinds = (await outboxOf(h, intake.caseId)).map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['unreachable_sms', 'contact_reminder', 'escalation']));
    await finish(handle, 'contact-failed');
  });

  it('R-CON-1: three retries at least the spacing apart satisfy the rule; in resolution the result stands by written notice', async () => {
    const contact = {
      minRetries: 3,
      retrySpacing: { amount: 1, unit: 'seconds' as const },
      retryWindow: { amount: 20, unit: 'seconds' as const },
    };
    const { handle, intake } = await startCase(h, { ...CALM_POLICY, contact, version: 'test-contact-ok' });
    await act(handle, 'accept', AGENT, {});
    await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    await act(handle, 'record-findings', INVESTIGATOR, findings);
    await act(handle, 'propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 0 });
    await act(handle, 'decide-approval', TEAM_LEAD, { approve: true });
    await act(handle, 'customer-response', AGENT, { accepted: true });
    await act(handle, 'execute-plan', AGENT, {}); // an apology: no payment to reference
    await act(handle, 'contact-attempt', AGENT, { reached: false, channel: 'phone' });
    await reportDelivery(h, handle, intake.caseId, 'unreachable_sms');
    // A retry too soon does not count: the rule wants them at least the spacing apart.
    await act(handle, 'contact-attempt', AGENT, { reached: false, channel: 'phone' });
    for (let i = 0; i < 3; i++) {
      await sleep(1100);
      await act(handle, 'contact-attempt', AGENT, { reached: false, channel: 'phone' });
    }
    const s = await eventually(
      () => handle.query(getCaseQuery),
      (x) => x.contactExhausted !== undefined,
    );
    expect(s.contactExhausted).toBe('satisfied');
    await handle.executeUpdate(syncUpdate);
    expect(s.stage).toBe('review');
    expect(s.customerConfirmation).toMatchObject({ accepted: false, via: 'unreachable' });
    expect((await outboxOf(h, intake.caseId)).filter((o) => o.kind === 'unreachable_sms')).toHaveLength(1);
    expect((await outboxOf(h, intake.caseId)).map((o) => o.kind)).toContain('written_notice');
    await finish(handle, 'contact-satisfied');
  });

  it('R-APR-1/2: a large plan waits for a manager; the wrong role and the proposer are refused; rejection returns to planning', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY, { category: 'loss' });
    await act(handle, 'accept', AGENT, {});
    await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    await act(handle, 'record-findings', INVESTIGATOR, { ...findings, actualLossFen: 500_000 });
    const proposer = { kind: 'staff' as const, id: 'mgr-2', roles: ['agent' as const, 'manager' as const] };
    let s = await act(handle, 'propose-plan', proposer, {
      remedies: ['compensation'],
      compensationFen: 300_000,
      compensationReason: '保价金额赔付',
    });
    expect(s.plan).toMatchObject({ requiredApproval: 'manager', approval: 'pending' });
    // The plan cannot go to the customer or be carried out before approval.
    await expectRefused(act(handle, 'execute-plan', AGENT, {}), 'PLAN.NOT_APPROVED');
    await expectRefused(act(handle, 'decide-approval', SUPERVISOR, { approve: true }), 'RULE.R-APR-2');
    await expectRefused(act(handle, 'decide-approval', proposer, { approve: true }), 'RULE.R-APR-2');
    await expectRefused(act(handle, 'decide-approval', AGENT, { approve: true }), 'ROLE.NOT_ALLOWED');
    s = await act(handle, 'decide-approval', MANAGER, { approve: false, comment: '金额过高' });
    expect(s.plan?.approval).toBe('rejected');
    expect(s.deadlines.plan?.metAt).toBeUndefined(); // back to planning: the plan clock runs again (R-SLA-4)
    s = await act(handle, 'propose-plan', proposer, {
      remedies: ['compensation'],
      compensationFen: 250_000,
      compensationReason: '保价金额赔付',
    });
    expect(s.plan).toMatchObject({ approval: 'pending', compensationFen: 250_000 });
    s = await act(handle, 'decide-approval', MANAGER, { approve: true, comment: '同意' });
    expect(s.plan?.approval).toBe('approved');
    expect(s.approvals.map((a) => [a.approverId, a.approve])).toEqual([
      ['mgr-1', false],
      ['mgr-1', true],
    ]);
    const outbox = await outboxOf(h, intake.caseId);
    expect(outbox.filter((o) => o.kind === 'approval_needed').map((o) => o.audience)).toEqual([
      'role:manager',
      'role:manager',
    ]);
    await finish(handle, 'approval');
  });

  it('R-CMP-4, R-RES-3: once a floor offer stands, a higher proposal is refused — also after a reopen', async () => {
    const { handle } = await startCase(h, CALM_POLICY, { category: 'damage' });
    await act(handle, 'accept', AGENT, {});
    await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    await act(handle, 'record-findings', INVESTIGATOR, { ...findings, actualLossFen: 60_000 });
    // R-CMP-4: the floor offer is the last word after negotiation: not the first proposal.
    await expectRefused(
      act(handle, 'propose-plan', INVESTIGATOR, {
        remedies: ['compensation'],
        compensationFen: 30_000,
        floorOffer: true,
      }),
      'RULE.R-CMP-4',
    );
    const reason = '保价物品实际损失';
    await act(handle, 'propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 30_000,
      compensationReason: reason,
    });
    await act(handle, 'decide-approval', TEAM_LEAD, { approve: true });
    await act(handle, 'customer-response', AGENT, { accepted: false, comment: '太少' });
    let s = await act(handle, 'propose-plan', INVESTIGATOR, {
      remedies: ['compensation'],
      compensationFen: 40_000,
      floorOffer: true,
      compensationReason: reason,
    });
    // Proposed, not yet approved nor made to the customer: it does not stand yet.
    expect(s.floorOfferFen).toBeNull();
    expect(s.plan).toMatchObject({ requiredApproval: 'supervisor', approval: 'pending' }); // the last word is approved
    s = await act(handle, 'decide-approval', SUPERVISOR, { approve: true });
    expect(s.floorOfferFen).toBeNull();
    await expectRefused(act(handle, 'execute-plan', AGENT, { paymentRef: 'PAY-9' }), 'PLAN.NOT_AGREED');
    s = await act(handle, 'customer-response', AGENT, { accepted: false });
    // Made to the customer and refused: it stands now.
    expect(s.floorOfferFen).toBe(40_000);
    expect(s.negotiationRounds.map((r) => [r.proposedFen, r.response ?? null])).toEqual([
      [30_000, 'declined'],
      [40_000, 'declined'],
    ]);
    await expectRefused(
      act(handle, 'propose-plan', INVESTIGATOR, {
        remedies: ['compensation'],
        compensationFen: 45_000,
        compensationReason: '客户坚持',
      }),
      'RULE.R-CMP-4',
    );
    s = await act(handle, 'execute-plan', AGENT, { paymentRef: 'PAY-9' }); // proceeds on the floor offer
    expect(s.stage).toBe('resolution');
    s = await act(handle, 'customer-response', AGENT, { accepted: false });
    // R-RES-3: still unhappy, no better remedy (the floor offer stands): explain, apologise and move on.
    expect(s.stage).toBe('review');
    s = await act(handle, 'survey', AGENT, { speed: 1, effectiveness: 1, attitude: 2, transparency: 1 });
    // R-REV-1: a dissatisfied result reopens the review of how the case was handled: the next tier is told.
    expect(s.survey).toMatchObject({ reopenReview: true });
    expect(s.tier).toBe('team_lead');
    // R-RES-4: a dissatisfied customer is a key case: thanks and a follow-up visit.
    expect(s.followUpReasons).toEqual(['dissatisfied']);
    s = await act(handle, 'reopen', SUPERVISOR, { reason: '客户再次投诉' });
    expect(s).toMatchObject({ stage: 'investigation', reopenCount: 1, floorOfferFen: 40_000 });
    await act(handle, 'record-findings', INVESTIGATOR, findings);
    await expectRefused(
      act(handle, 'propose-plan', INVESTIGATOR, {
        remedies: ['compensation'],
        compensationFen: 40_001,
        compensationReason: '客户坚持',
      }),
      'RULE.R-CMP-4',
    );
    await finish(handle, 'floor-offer-reopen');
  });

  it('R-FLOW-2: a complaint resolved on the spot is recorded as a closed case, and can be reopened', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY);
    await act(handle, 'resolve-on-the-spot', AGENT, { explanation: '现场已补派' });
    const s = await act(handle, 'reopen', AGENT, { reason: '客户反映未补派' });
    expect(s).toMatchObject({ stage: 'investigation', reopenCount: 1 });
    // R-RES-1: the customer is told the result of every closed case.
    expect((await eventsOf(h, intake.caseId)).map((r) => r.type)).toEqual([
      'case.received',
      'case.resolved_on_the_spot',
      'notification.requested',
      'case.reopened',
    ]);
    await finish(handle, 'on-the-spot-reopen');
  });

  it('R-ADM-1: an inadmissible complaint is closed with its reason; nothing else may happen to it', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY);
    await expectRefused(act(handle, 'reject-inadmissible', AGENT, { reason: 'settled', note: '' }), 'RULE.R-ADM-1');
    const s = await act(handle, 'reject-inadmissible', AGENT, { reason: 'court_or_arbitration', note: '法院已判决' });
    expect(s).toMatchObject({
      stage: 'closed_inadmissible',
      closure: { kind: 'inadmissible', reason: 'court_or_arbitration' },
    });
    await expectRefused(act(handle, 'accept', AGENT, {}), 'STAGE.NOT_ALLOWED');
    await expectRefused(act(handle, 'reopen', AGENT, { reason: 'x' }), 'ROLE.NOT_ALLOWED'); // only a supervisor reopens these
    expect(
      Object.values(s.deadlines).every(
        (d) => d?.metAt !== undefined || d?.cancelledAt !== undefined || d?.kind === 'analysis',
      ),
    ).toBe(true);
    // The closing and the result notice to the customer (R-RES-1).
    expect((await eventsOf(h, intake.caseId)).map((r) => r.type)).toEqual([
      'case.received',
      'case.closed_inadmissible',
      'notification.requested',
    ]);
    await finish(handle, 'inadmissible');
  });

  it('pausing needs a reason, is audited, and the paused time is excluded from the deadline', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY);
    let s = await act(handle, 'accept', AGENT, {});
    const before = deadlineView(s, Date.now()).find((d) => d.kind === 'forward')!;
    await expectRefused(act(handle, 'pause-sla', AGENT, { reason: '' }), 'INPUT.INVALID');
    await expectRefused(act(handle, 'resume-sla', AGENT, { reason: 'x' }), 'SLA.NOT_PAUSED');
    s = await act(handle, 'pause-sla', AGENT, { reason: '等待客户提供照片' });
    expect(deadlineView(s, Date.now()).find((d) => d.kind === 'forward')!.state).toBe('paused');
    await sleep(1500);
    s = await act(handle, 'resume-sla', AGENT, { reason: '照片已收到' });
    const pause = s.pauses[0];
    const after = deadlineView(s, Date.now()).find((d) => d.kind === 'forward')!;
    expect(after.state).toBe('running');
    expect(after.dueAt - before.dueAt).toBe(pause.to! - pause.from);
    expect(pause.to! - pause.from).toBeGreaterThanOrEqual(1400);
    // The statutory clock does not stop for internal pauses.
    const statutory = deadlineView(s, Date.now()).find((d) => d.kind === 'statutory_reply')!;
    expect(statutory.dueAt).toBe(statutory.startedAt + 300_000);
    const rows = await eventsOf(h, intake.caseId);
    expect(rows.filter((r) => r.type.startsWith('sla.')).map((r) => [r.type, r.actor_id, r.data.reason])).toEqual([
      ['sla.paused', 'agent-1', '等待客户提供照片'],
      ['sla.resumed', 'agent-1', '照片已收到'],
    ]);
    await finish(handle, 'pause-resume');
  });

  it('R-REG-2: a reply to the regulator that admits fault is refused, naming the phrases, when the company is not liable', async () => {
    const { handle } = await startCase(h, CALM_POLICY, {
      channel: 'regulator',
      externalRef: 'YZ-2026-0001',
      priorContact: { outlet: 'origin', handledByRules: true },
    });
    await act(handle, 'accept', AGENT, {});
    await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    await act(handle, 'record-findings', INVESTIGATOR, {
      ...findings,
      rootCause: 'customer_misunderstanding',
      companyLiable: false,
    });
    const refused = await expectRefused(
      act(handle, 'regulator-reply', AGENT, { text: '我司已道歉并已退运费。' }),
      'RULE.R-REG-2',
    );
    expect(JSON.stringify(refused.details)).toContain('已道歉');
    const s = await act(handle, 'regulator-reply', AGENT, {
      text: '经核实,快件已按时派送。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。',
    });
    expect(s.regulatorReplies).toHaveLength(1);
    await finish(handle, 'regulator-reply');
  });

  it('R-CH-2, R-REG-1/3/4, R-LIA-9: an appeal against an unreachable origin is valid, fined once, and never closed without its reply', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY, {
      channel: 'regulator',
      externalRef: 'YZ-2026-0042',
      category: 'service_attitude',
      priorContact: { outlet: 'origin', handledByRules: false },
    });
    await act(handle, 'accept', AGENT, {});
    // R-REG-4: not closed as inadmissible (or on the spot) before the reply to the regulator.
    await expectRefused(
      act(handle, 'reject-inadmissible', AGENT, { reason: 'settled', note: '已和解' }),
      'RULE.R-REG-4',
    );
    await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    let s = await act(handle, 'record-findings', INVESTIGATOR, {
      ...findings,
      originUnreachable: true,
      outletReplyUnclear: true,
    });
    // R-LIA-9: the customer could not reach the origin: the origin answers; the fine is charged to it (R-REG-1).
    expect(s.liability).toMatchObject({ external: 'SH-001', ruleId: 'R-LIA-9', appliedRules: ['R-LIA-3', 'R-LIA-9'] });
    expect(s.appeal?.assessment).toMatchObject({ valid: true });
    expect(s.appeal?.penalty).toMatchObject({ outlet: 'SH-001', amountFen: 100_000, internalAppealAllowed: false });
    s = await act(handle, 'regulator-reply', AGENT, { text: '经核实,发件网点投诉电话未能接通,已责令整改。' });
    expect(s.regulatorReplies).toHaveLength(1);
    const rows = await eventsOf(h, intake.caseId);
    expect(rows.filter((r) => r.type === 'appeal.penalised')).toHaveLength(1);
    await finish(handle, 'appeal-valid');
  });

  it('R-SLA-3, R-REG-5, R-LIA-13: evidence asked for, headquarters consulted, and the outlet that paid first claims internally', async () => {
    const { handle } = await startCase(h, CALM_POLICY, { category: 'loss' });
    await act(handle, 'accept', AGENT, {});
    let s = await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    expect(s.deadlines.evidence_request?.metAt).toBeUndefined();
    s = await act(handle, 'request-evidence', INVESTIGATOR, { items: ['购物凭证', '外包装照片'] });
    expect(s.deadlines.evidence_request?.metAt).toEqual(expect.any(Number));
    s = await act(handle, 'consult-hq', INVESTIGATOR, { question: '快件在转运中心丢失,是否由发件网点先行赔付?' });
    expect(s.hqConsultations).toEqual([expect.objectContaining({ question: expect.stringContaining('先行赔付') })]);
    s = await act(handle, 'hq-answer', SUPERVISOR, { answer: '由发件网点先行赔付,再向转运中心申请仲裁' });
    expect(s.hqConsultations).toEqual([expect.objectContaining({ answer: '由发件网点先行赔付,再向转运中心申请仲裁' })]);
    await act(handle, 'record-findings', INVESTIGATOR, { ...findings, faultOutlet: 'HZ-003', actualLossFen: 3_000 });
    await act(handle, 'propose-plan', INVESTIGATOR, { remedies: ['apology', 'compensation'], compensationFen: 3_000 });
    await act(handle, 'decide-approval', TEAM_LEAD, { approve: true });
    await act(handle, 'customer-response', AGENT, { accepted: true });
    await act(handle, 'execute-plan', AGENT, { paymentRef: 'PAY-LOSS-1' });
    await act(handle, 'arbitration-claim', SUPERVISOR, { againstOutlet: 'HZ-003', amountFen: 3_000 });
    s = await act(handle, 'arbitration-ruling', MANAGER, { upheld: true, amountFen: 3_000 });
    expect(s.arbitration).toEqual([
      expect.objectContaining({
        byOutlet: 'SH-001',
        againstOutlet: 'HZ-003',
        ruling: expect.objectContaining({ upheld: true }),
      }),
    ]);
    await finish(handle, 'evidence-hq-arbitration');
  });

  it('R-FLOW-4: the employee complained about takes no part, not even as assignee', async () => {
    const { handle } = await startCase(h, CALM_POLICY, { category: 'service_attitude', subjectEmployeeId: 'agent-2' });
    await expectRefused(act(handle, 'accept', AGENT2, {}), 'RULE.R-FLOW-4');
    await act(handle, 'accept', AGENT, {});
    await expectRefused(act(handle, 'assign', AGENT, { assignee: 'agent-2' }), 'RULE.R-FLOW-4');
    await handle.terminate('test finished');
  });

  it('a retried action with the same update id is a no-op that returns the first answer', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY);
    const first = await act(handle, 'accept', AGENT, { urgency: 'urgent' }, 'retry-1');
    const again = await act(handle, 'accept', AGENT, { urgency: 'major' }, 'retry-1');
    expect(again.urgency).toBe('urgent');
    expect(again.lastSeq).toBe(first.lastSeq);
    expect((await eventsOf(h, intake.caseId)).filter((r) => r.type === 'case.classified')).toHaveLength(1);
    await handle.terminate('test finished');
  });

  it('a duplicate start returns the running case instead of a second one', async () => {
    const first = await startCase(h, CALM_POLICY);
    const second = await startCase(h, CALM_POLICY, { caseId: first.intake.caseId });
    expect(second.handle.firstExecutionRunId).toBe(first.handle.firstExecutionRunId);
    expect((await eventsOf(h, first.intake.caseId)).filter((r) => r.type === 'case.received')).toHaveLength(1);
    await first.handle.terminate('test finished');
  });

  it('a long case continues as new with its state carried over: same case, contiguous events, actions still work', async () => {
    const { handle, intake } = await startCase(h, CALM_POLICY, {}, { continueAsNewAfterEvents: 30 });
    await act(handle, 'accept', AGENT, {});
    for (let i = 0; i < 4; i++) {
      await act(handle, 'pause-sla', AGENT, { reason: `等待 ${i}` });
      await act(handle, 'resume-sla', AGENT, { reason: `继续 ${i}` });
    }
    const described = await eventually(
      () => handle.describe(),
      (d) => d.runId !== handle.firstExecutionRunId,
    );
    expect(described.runId).not.toBe(handle.firstExecutionRunId);
    const s = await act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    expect(s).toMatchObject({ stage: 'investigation', classified: true, ownerId: 'inv-1' });
    expect(s.pauses).toHaveLength(4);
    const rows = await eventsOf(h, intake.caseId);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[rows.length - 1].seq).toBe(s.lastSeq);
    await finish(handle, 'continued-as-new'); // the carried-over run's history joins the determinism gate
  });

  it('a worker stopped mid-case and a new one started: the case goes on, nothing duplicated in case_events', async () => {
    // This test's own worker, so the shared one does not pick the case up.
    const own = await openHarness();
    const w1 = await own.newWorker();
    const run1 = w1.run();
    const { handle, intake } = await startCase(own, CALM_POLICY);
    await act(handle, 'accept', AGENT, {});
    w1.shutdown();
    await run1;
    // With no worker, the action waits; a new worker picks the case up from its history.
    const pendingAction = act(handle, 'assign', AGENT, { assignee: 'inv-1' });
    await sleep(500);
    const w2 = await own.newWorker();
    const s = await w2.runUntil(pendingAction);
    expect(s.stage).toBe('investigation');
    const rows = await eventsOf(own, intake.caseId);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.type === 'case.received')).toHaveLength(1);
    expect(rows.filter((r) => r.type === 'case.classified')).toHaveLength(1);
    await handle.terminate('test finished');
    await own.close();
  });
});
