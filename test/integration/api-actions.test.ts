/**
 * Case actions over HTTP (docs/api.md Actions), the approvals inbox and the customer's signed link, on the real workflow:
 * every action's happy path, refusals mapped to 403/409/422/400 with nothing changed, and idempotent retries.
 */
import { randomUUID } from 'node:crypto';
import { signPublicLink } from '@complaintflow/integrations/public-link';
import { statusForRefusal } from '@complaintflow/api/complaints/temporal-errors';
import { eventually } from '../support/cases';
import { bootApi, intakeBody, newWaybill, TEST_SECRET, type ApiHarness, type ErrorAnswer } from '../support/api';

let api: ApiHarness;
let agent: string;
let agent2: string;
let investigator: string;
let supervisor: string;
let manager: string;
let auditor: string;
let teamLead: string;

beforeAll(async () => {
  api = await bootApi();
  agent = api.token('agent-1', ['agent']);
  agent2 = api.token('agent-2', ['agent']);
  investigator = api.token('inv-1', ['investigator']);
  supervisor = api.token('sup-1', ['supervisor']);
  manager = api.token('mgr-1', ['manager']);
  auditor = api.token('aud-1', ['auditor']);
  teamLead = api.token('lead-1', ['team_lead']);
});

afterAll(async () => {
  await api?.close();
});

interface CaseBody {
  id: string;
  stage: string;
  status: string;
  classified: boolean;
  urgency: string;
  escalationLevel: number;
  owner: { id: string; department: string | null };
  liability: { external: string | null; internal: string | null; companyLiable: boolean; ruleId: string } | null;
  suggestedCompensationFen: number | null;
  plan: { approval: string; customer: string; requiredApproval: string; proposedBy: string; proposedAt: string } | null;
  approvals: { approverId: string; approve: boolean; at: string }[];
  contactAttempts: { reached: boolean; channel: string; at: string }[];
  negotiationRounds: { proposedFen: number; response?: string }[];
  floorOffer: { fen: number } | null;
  survey: { speed: number; mean: number } | null;
  slaPaused: boolean;
  regulatorReplies: { text: string; at: string }[];
  closure: { kind: string } | null;
  lastSeq: number;
  complainant: { phone: string | null };
}

type Answer = CaseBody & ErrorAnswer;

async function newCase(overrides: Record<string, unknown> = {}, token = agent): Promise<string> {
  const res = await api.call<{ id: string }>('POST', '/complaints', { token, body: intakeBody(overrides) });
  expect(res.status).toBe(201);
  return res.body.id;
}

function act(id: string, name: string, body: unknown, token: string, headers: Record<string, string> = {}) {
  return api.call<Answer>('POST', `/complaints/${id}/actions/${name}`, { token, body, headers });
}

async function ok(id: string, name: string, body: unknown, token: string): Promise<CaseBody> {
  const res = await act(id, name, body, token);
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function eventCount(id: string): Promise<number> {
  const [r] = await api.h.dataSource.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [id]);
  return r.n;
}

const FINDINGS = {
  summary: '派件网点人手不足,延误两天,扫描记录已核实',
  rootCause: 'human_error',
  companyLiable: true,
  evidence: [{ kind: 'tracking_scan', ref: 'SCAN-20261124-0012' }],
  partiesHeard: ['投诉人', '派件员'],
};

/** acceptance → investigation → handling. */
async function toHandling(id: string, findings: Record<string, unknown> = FINDINGS): Promise<void> {
  await ok(id, 'accept', {}, agent);
  await ok(id, 'assign', { assignee: 'inv-1', department: '北京派件中心' }, agent);
  await ok(id, 'record-findings', findings, investigator);
}

describe('the whole case through the API (seed 001, 004)', () => {
  it('intake → accept → assign → findings → plan → approval → contact → response → execute → customer link → survey → reopen', async () => {
    const id = await newCase({ category: 'delay' });

    const accepted = await ok(id, 'accept', { category: 'loss', urgency: 'normal', note: '客户称快件疑似丢失' }, agent);
    expect(accepted).toMatchObject({ stage: 'acceptance', classified: true });

    const assigned = await ok(id, 'assign', { assignee: 'inv-1', department: '北京派件中心' }, agent);
    expect(assigned).toMatchObject({ stage: 'investigation', owner: { id: 'inv-1', department: '北京派件中心' } });

    // R-INV-*, R-LIA-*: the liability is computed from the findings, with the rule it rests on.
    const found = await ok(id, 'record-findings', FINDINGS, investigator);
    expect(found.stage).toBe('handling');
    expect(found.liability).toMatchObject({ companyLiable: true, ruleId: expect.stringMatching(/^R-LIA-/) });
    expect(typeof found.suggestedCompensationFen).toBe('number');

    // R-APR-2: above 500 CNY a supervisor approves; above the suggestion the plan states why.
    const plan = { remedies: ['apology', 'compensation'], compensationFen: 80_000, note: '按声明价值赔付' };
    const unreasoned = await act(id, 'propose-plan', plan, investigator);
    expect([unreasoned.status, unreasoned.body.error.code]).toEqual([422, 'RULE.R-APR-2']);
    const planned = await ok(
      id,
      'propose-plan',
      { ...plan, compensationReason: '按声明价值赔付实际损失' },
      investigator,
    );
    expect(planned.plan).toMatchObject({ approval: 'pending', requiredApproval: 'supervisor', proposedBy: 'inv-1' });
    expect(planned.plan?.proposedAt).toMatch(/Z$/);
    expect(planned.negotiationRounds).toEqual([expect.objectContaining({ proposedFen: 80_000 })]);

    // The approvals inbox: supervisors and managers see it (a manager also sees supervisor-tier plans).
    const inbox = await api.call<{ items: { caseId: string; requiredApproval: string }[] }>(
      'GET',
      '/approvals/pending',
      {
        token: supervisor,
      },
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: id, requiredApproval: 'supervisor' })]),
    );
    const managerInbox = await api.call<{ items: { caseId: string }[] }>('GET', '/approvals/pending', {
      token: manager,
    });
    expect(managerInbox.body.items.map((i) => i.caseId)).toContain(id);

    // The door: an investigator may not decide approvals (403, nothing changed).
    const before = await eventCount(id);
    const refused = await act(id, 'decide-approval', { approve: true }, investigator);
    expect(refused.status).toBe(403);
    expect(await eventCount(id)).toBe(before);

    const approved = await ok(id, 'decide-approval', { approve: true, comment: '同意按方案执行' }, supervisor);
    expect(approved.plan?.approval).toBe('approved');
    expect(approved.approvals).toEqual([expect.objectContaining({ approverId: 'sup-1', approve: true })]);
    expect(approved.approvals[0].at).toMatch(/Z$/);
    const after = await api.call<{ items: { caseId: string }[] }>('GET', '/approvals/pending', { token: supervisor });
    expect(after.body.items.map((i) => i.caseId)).not.toContain(id);

    const contacted = await ok(
      id,
      'contact-attempt',
      { reached: true, channel: 'phone', note: '已电话告知方案' },
      agent,
    );
    expect(contacted.contactAttempts).toEqual([expect.objectContaining({ reached: true, channel: 'phone' })]);

    const agreed = await ok(id, 'customer-response', { accepted: true, comment: '同意' }, agent);
    expect(agreed.plan?.customer).toBe('accepted');

    // R-HDL-3: a compensation is carried out only with its payment reference (422, nothing changed).
    const beforeExecute = await eventCount(id);
    const unpaid = await act(id, 'execute-plan', { note: '已退款' }, agent);
    expect([unpaid.status, unpaid.body.error.code]).toEqual([422, 'RULE.R-HDL-3']);
    expect(await eventCount(id)).toBe(beforeExecute);
    const executed = await ok(id, 'execute-plan', { paymentRef: 'PAY-20261125-88', note: '已退款' }, agent);
    expect(executed.stage).toBe('resolution');

    // R-RES-2: the customer confirms through the signed link (single use).
    const link = await api.call<{ token: string; url: string; expiresAt: string }>(
      'POST',
      `/complaints/${id}/public-link`,
      { token: agent, body: { purpose: 'response' } },
    );
    expect(link.status).toBe(200);
    expect(link.body.url).toBe(`https://kf.example.com/public/cases/${link.body.token}/response`);
    expect(Date.parse(link.body.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const confirmed = await api.call<{ stage: string }>('POST', `/public/cases/${link.body.token}/response`, {
      body: { accepted: true, comment: '满意' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.stage).toBe('review');
    expect(JSON.stringify(confirmed.body)).not.toContain('inv-1'); // the customer sees no internals
    const reused = await api.call<ErrorAnswer>('POST', `/public/cases/${link.body.token}/response`, {
      body: { accepted: false },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('LINK.USED');

    // R-REV-1: the survey through its own link closes the case.
    const surveyLink = await api.call<{ token: string }>('POST', `/complaints/${id}/public-link`, {
      token: agent,
      body: { purpose: 'survey' },
    });
    const surveyed = await api.call<{ stage: string }>('POST', `/public/cases/${surveyLink.body.token}/survey`, {
      body: { speed: 4, effectiveness: 5, attitude: 5, transparency: 4, suggestion: '希望更早告知进度' },
    });
    expect(surveyed.status).toBe(200);
    expect(surveyed.body.stage).toBe('closed');
    const closed = await api.call<CaseBody>('GET', `/complaints/${id}`, { token: agent });
    expect(closed.body).toMatchObject({
      stage: 'closed',
      status: 'closed',
      survey: expect.objectContaining({ speed: 4 }),
    });

    const reopened = await ok(id, 'reopen', { reason: '客户反映问题仍未解决' }, agent);
    expect(reopened.stage).toBe('investigation');
  });

  it('survey by an agent, customer-response in resolution, on an apology a team lead approves (R-APR-1)', async () => {
    const id = await newCase();
    await toHandling(id);
    const planned = await ok(id, 'propose-plan', { remedies: ['apology'], compensationFen: 0 }, agent);
    // R-APR-1 (policy 2026.2): even a plan without money waits for a leader, a team lead at least.
    expect(planned.plan).toMatchObject({ approval: 'pending', requiredApproval: 'team_lead' });
    const early = await act(id, 'customer-response', { accepted: true }, agent);
    expect([early.status, early.body.error.code]).toEqual([409, 'PLAN.NOT_APPROVED']);
    const leadInbox = await api.call<{ items: { caseId: string }[] }>('GET', '/approvals/pending', { token: teamLead });
    expect(leadInbox.status).toBe(200);
    expect(leadInbox.body.items.map((i) => i.caseId)).toContain(id);
    const approved = await ok(id, 'decide-approval', { approve: true }, teamLead);
    expect(approved.approvals).toEqual([expect.objectContaining({ approverId: 'lead-1', approve: true })]);
    await ok(id, 'customer-response', { accepted: true }, agent);
    await ok(id, 'execute-plan', {}, investigator);
    const review = await ok(id, 'customer-response', { accepted: true }, agent);
    expect(review.stage).toBe('review');
    const closed = await ok(id, 'survey', { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 }, agent);
    expect(closed.stage).toBe('closed');
    expect(closed.survey).toMatchObject({ mean: 5 });
  });

  it('reject-inadmissible closes the case (R-ADM-1); an action that does not fit the stage is then 409', async () => {
    const id = await newCase();
    const rejected = await ok(id, 'reject-inadmissible', { reason: 'settled', note: '同一事项已和解并赔付' }, agent);
    expect(rejected).toMatchObject({ stage: 'closed_inadmissible', closure: { kind: 'inadmissible' } });
    const before = await eventCount(id);
    const late = await act(id, 'accept', {}, agent);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('STAGE.NOT_ALLOWED');
    expect(await eventCount(id)).toBe(before);
    // R-ADM-1: undoing a legal refusal is a supervisor's call (ROLE.* from the workflow → 403).
    const byAgent = await act(id, 'reopen', { reason: '新证据' }, agent);
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error.code).toBe('ROLE.NOT_ALLOWED');
    expect((await ok(id, 'reopen', { reason: '新证据' }, supervisor)).stage).toBe('investigation');
  });

  it('resolve-on-the-spot records and closes the case (R-FLOW-2)', async () => {
    const id = await newCase({ channel: 'onsite' });
    const done = await ok(id, 'resolve-on-the-spot', { explanation: '现场核实派送时间并致歉,客户认可' }, agent);
    expect(done).toMatchObject({ stage: 'closed_on_the_spot', status: 'closed' });
  });

  it('pause-sla / resume-sla need a reason and are audited; resuming twice is 409; escalate raises the tier', async () => {
    const id = await newCase();
    expect((await ok(id, 'pause-sla', { reason: '等待客户补充证据' }, agent)).slaPaused).toBe(true);
    const twice = await act(id, 'pause-sla', { reason: '再次暂停' }, agent);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('SLA.ALREADY_PAUSED');
    expect((await ok(id, 'resume-sla', { reason: '证据已收到' }, supervisor)).slaPaused).toBe(false);
    expect((await act(id, 'resume-sla', { reason: '再次恢复' }, agent)).body.error.code).toBe('SLA.NOT_PAUSED');
    const noReason = await act(id, 'pause-sla', {}, agent);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([{ field: 'reason', reason: 'is required' }]);
    // R-FLOW-3, R-FLOW-6: any staff may escalate; an auditor never acts.
    const escalated = await ok(id, 'escalate', { reason: '客户情绪激动,需主管介入' }, investigator);
    expect(escalated.escalationLevel).toBe(1);
    expect((await act(id, 'escalate', { reason: '审计' }, auditor)).status).toBe(403);
    const [row] = await api.h.dataSource.query(
      `SELECT actor_id, actor_role FROM case_events WHERE case_id = $1 AND type = 'sla.paused'`,
      [id],
    );
    expect(row).toEqual({ actor_id: 'agent-1', actor_role: 'agent' });
  });

  it('contact-attempt that fails requests the unreachable SMS (R-CON-1); it counts once the gateway accepts it', async () => {
    const id = await newCase();
    const res = await ok(id, 'contact-attempt', { reached: false, channel: 'phone', note: '关机' }, agent);
    // Recorded as it happened (issue 11): the SMS is requested now; the relay's delivery report records the attempt.
    expect(res.contactAttempts.map((a) => [a.reached, a.channel])).toEqual([[false, 'phone']]);
    const rows = await eventually(
      () =>
        api.h.dataSource.query(
          `SELECT kind, audience FROM notification_outbox WHERE case_id = $1 AND kind = 'unreachable_sms'`,
          [id],
        ) as Promise<{ kind: string; audience: string }[]>,
      (r) => r.length > 0,
    );
    expect(rows).toEqual([{ kind: 'unreachable_sms', audience: 'customer' }]);
  });
});

describe('refusals keep the case unchanged', () => {
  it('R-FLOW-4: assigning the case to the employee it is about is 422 RULE.R-FLOW-4', async () => {
    const id = await newCase({ subjectEmployeeId: 'courier-9' });
    await ok(id, 'accept', {}, agent);
    const before = await eventCount(id);
    const res = await act(id, 'assign', { assignee: 'courier-9' }, agent);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RULE.R-FLOW-4');
    expect(await eventCount(id)).toBe(before);
  });

  it('R-REG-2: a reply to the regulator admitting fault while not at fault is 422 with the offending phrases', async () => {
    const id = await newCase({ channel: 'regulator', externalRef: `YZ-${randomUUID().slice(0, 8)}` });
    await toHandling(id, { ...FINDINGS, companyLiable: false, rootCause: 'customer_misunderstanding' });
    const before = await eventCount(id);
    const res = await act(id, 'regulator-reply', { text: '经核实我司已道歉并已赔款,客户表示理解。' }, supervisor);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RULE.R-REG-2');
    expect(JSON.stringify(res.body.error.details)).toContain('已道歉');
    expect(JSON.stringify(res.body.error.details)).toContain('已赔款');
    expect(await eventCount(id)).toBe(before);
    const fine = await ok(
      id,
      'regulator-reply',
      { text: '经核实,快件已于11月22日妥投。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。' },
      agent,
    );
    expect(fine.regulatorReplies).toHaveLength(1);
  });

  it('R-APR-2: no one approves their own proposal; the inbox leaves out the caller’s own plans', async () => {
    const id = await newCase();
    await toHandling(id);
    const both = api.token('lead-1', ['agent', 'supervisor']);
    await ok(
      id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 60_000, compensationReason: '客户提供了损失凭证' },
      both,
    );
    const inbox = await api.call<{ items: { caseId: string }[] }>('GET', '/approvals/pending', { token: both });
    expect(inbox.body.items.map((i) => i.caseId)).not.toContain(id);
    const self = await act(id, 'decide-approval', { approve: true }, both);
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('RULE.R-APR-2');
    // A supervisor may not approve a manager-tier plan; a manager may.
    const big = await newCase();
    await toHandling(big);
    await ok(
      big,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 300_000, compensationReason: '保价金额赔付' },
      investigator,
    );
    const supInbox = await api.call<{ items: { caseId: string }[] }>('GET', '/approvals/pending', {
      token: supervisor,
    });
    expect(supInbox.body.items.map((i) => i.caseId)).not.toContain(big);
    expect((await act(big, 'decide-approval', { approve: true }, supervisor)).body.error.code).toBe('RULE.R-APR-2');
    expect((await ok(big, 'decide-approval', { approve: false, comment: '金额过高' }, manager)).plan?.approval).toBe(
      'rejected',
    );
  });

  it('R-CMP-4: a floor offer stands once made and declined; a new complaint on the same matter carries it and never raises it', async () => {
    const waybillNo = newWaybill();
    const body = intakeBody({ waybillNo });
    const created = await api.call<{ id: string }>('POST', '/complaints', { token: agent, body });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await toHandling(id);
    const reason = '客户提供了额外支出凭证';
    // The floor offer is the last word after negotiation: a first proposal declined by the customer comes before it.
    await ok(
      id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 2_000, compensationReason: reason },
      investigator,
    );
    await ok(id, 'decide-approval', { approve: true }, teamLead);
    await ok(id, 'customer-response', { accepted: false, comment: '太少' }, agent);
    const floor = await ok(
      id,
      'propose-plan',
      {
        remedies: ['compensation'],
        compensationFen: 3_000,
        floorOffer: true,
        note: '底限方案',
        compensationReason: reason,
      },
      investigator,
    );
    expect(floor.floorOffer).toBeNull(); // proposed, not yet approved nor made to the customer
    await ok(id, 'decide-approval', { approve: true }, supervisor);
    const declined = await ok(id, 'customer-response', { accepted: false }, agent);
    expect(declined.floorOffer).toEqual({ fen: 3_000 });
    // The same complainant appeals to the regulator about the same matter (same waybill and category).
    const appeal = await api.call<{ id: string; isRepeat: boolean }>('POST', '/complaints', {
      token: agent,
      body: { ...body, channel: 'regulator', externalRef: `YZ-${randomUUID().slice(0, 8)}` },
    });
    expect(appeal.body.isRepeat).toBe(true);
    const appealCase = await api.call<CaseBody>('GET', `/complaints/${appeal.body.id}`, { token: agent });
    expect(appealCase.body.floorOffer).toEqual({ fen: 3_000 });
    await toHandling(appeal.body.id);
    const higher = await act(
      appeal.body.id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 5_000, compensationReason: reason },
      agent,
    );
    expect(higher.status).toBe(422);
    expect(higher.body.error.code).toBe('RULE.R-CMP-4');
  });

  it('404 for an unknown case, 400 with field details for a bad body (nothing reaches the workflow)', async () => {
    const unknown = await act(randomUUID(), 'accept', {}, agent);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CASE.NOT_FOUND');
    const id = await newCase();
    const before = await eventCount(id);
    const bad = await act(
      id,
      'record-findings',
      { summary: '', rootCause: 'aliens', evidence: [{}], actor: 'x' },
      investigator,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(
      ['actor', 'companyLiable', 'evidence[0].kind', 'evidence[0].ref', 'rootCause', 'summary'].sort(),
    );
    const unknownAction = await act(id, 'teleport', {}, agent);
    expect(unknownAction.status).toBe(404);
    expect(await eventCount(id)).toBe(before);
  });
});

describe('refusal codes map to statuses by family', () => {
  it('ROLE 403 · STAGE/PLAN/APPROVAL/SLA/CASE/ESCALATION/CONTACT 409 · RULE 422 · INPUT 400', () => {
    const codes = [
      'ROLE.NOT_ALLOWED',
      'STAGE.NOT_ALLOWED',
      'STAGE.NOT_CLASSIFIED',
      'PLAN.NOT_APPROVED',
      'APPROVAL.NOT_PENDING',
      'SLA.NOT_PAUSED',
      'CASE.NOT_AN_APPEAL',
      'ESCALATION.AT_TOP',
      'CONTACT.TOO_SOON',
      'RULE.R-REG-2',
      'RULE.R-FLOW-4',
      'INPUT.INVALID',
      'SOMETHING.NEW',
    ];
    expect(Object.fromEntries(codes.map((c) => [c, statusForRefusal(c)]))).toEqual({
      'ROLE.NOT_ALLOWED': 403,
      'STAGE.NOT_ALLOWED': 409,
      'STAGE.NOT_CLASSIFIED': 409,
      'PLAN.NOT_APPROVED': 409,
      'APPROVAL.NOT_PENDING': 409,
      'SLA.NOT_PAUSED': 409,
      'CASE.NOT_AN_APPEAL': 409,
      'ESCALATION.AT_TOP': 409,
      'CONTACT.TOO_SOON': 409,
      'RULE.R-REG-2': 422,
      'RULE.R-FLOW-4': 422,
      'INPUT.INVALID': 400,
      'SOMETHING.NEW': 409,
    });
  });
});

describe('Idempotency-Key on actions', () => {
  it('a retry returns the first answer without acting again; a different body with the key is 422', async () => {
    const id = await newCase();
    const key = `act-${randomUUID()}`;
    const first = await act(id, 'escalate', { reason: '需要主管' }, agent, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    const events = await eventCount(id);
    const retry = await act(id, 'escalate', { reason: '需要主管' }, agent, { 'Idempotency-Key': key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount(id)).toBe(events);
    const other = await act(id, 'escalate', { reason: '别的理由' }, agent, { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    // The same key from another person is not their answer to replay.
    expect((await act(id, 'escalate', { reason: '需要主管' }, agent2, { 'Idempotency-Key': key })).status).toBe(422);
  });

  it('concurrent retries while the first is running are one action (Temporal dedupes the update id)', async () => {
    const id = await newCase();
    const key = `act-${randomUUID()}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => act(id, 'escalate', { reason: '并发重试' }, agent, { 'Idempotency-Key': key })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.lastSeq)).size).toBe(1);
    const [r] = await api.h.dataSource.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'case.escalated'`,
      [id],
    );
    expect(r.n).toBe(1);
  });
});

describe('the customer link (public endpoints)', () => {
  it('refuses a forged, expired, wrong-purpose or malformed token (401), and is not open to auditors to mint', async () => {
    const id = await newCase();
    const forged = signPublicLink(id, 'response', 'another-secret-0123456789abcdef0123').token;
    const expired = signPublicLink(id, 'response', TEST_SECRET, Date.now() - 8 * 86_400_000).token;
    const survey = signPublicLink(id, 'survey', TEST_SECRET).token;
    for (const [token, code] of [
      [forged, 'LINK.INVALID'],
      [expired, 'LINK.EXPIRED'],
      [survey, 'LINK.INVALID'],
      ['not.a-token', 'LINK.INVALID'],
      [agent, 'LINK.INVALID'],
    ] as const) {
      const res = await api.call<ErrorAnswer>('POST', `/public/cases/${token}/response`, { body: { accepted: true } });
      expect([code, res.status, res.body.error.code]).toEqual([code, 401, code]);
    }
    expect(
      (await api.call('POST', `/complaints/${id}/public-link`, { token: auditor, body: { purpose: 'response' } }))
        .status,
    ).toBe(403);
    const badPurpose = await api.call<ErrorAnswer>('POST', `/complaints/${id}/public-link`, {
      token: agent,
      body: { purpose: 'payment' },
    });
    expect(badPurpose.status).toBe(400);
  });

  it('a response the case refuses (no plan yet) is 409 and leaves the link usable', async () => {
    const id = await newCase();
    const { token } = signPublicLink(id, 'response', TEST_SECRET);
    const early = await api.call<ErrorAnswer>('POST', `/public/cases/${token}/response`, { body: { accepted: true } });
    expect(early.status).toBe(409);
    const [r] = await api.h.dataSource.query('SELECT count(*)::int AS n FROM public_link_uses WHERE case_id = $1', [
      id,
    ]);
    expect(r.n).toBe(0);
  });
});
