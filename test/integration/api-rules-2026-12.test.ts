/**
 * Issue 10 through the HTTP API on the real stack (createApp, Temporal, PostgreSQL): for cases started under the
 * 2026-12 rules (docs/adr/0012-rules-versions.md) and policy 2026.2 (docs/adr/0010-clocks-around-the-clock.md), one
 * test per defect of items 1, 2, 4, 6, 8 and 9. Each asserts what the code before the correction answered otherwise.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY } from '@complaintflow/domain/policy/default-policy';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { bootApi, intakeBody, newWaybill, seedCase, type ApiHarness, type ErrorAnswer } from '../support/api';
import { CALM_POLICY, eventually } from '../support/cases';
import { intake } from '../support/fixtures';

let api: ApiHarness;
let agent: string;
let investigator: string;
let teamLead: string;
let supervisor: string;
let manager: string;

const SH = 'SH-001'; // the origin outlet of intakeBody()
const BJ = 'BJ-007'; // the delivery outlet of intakeBody()

beforeAll(async () => {
  api = await bootApi();
  agent = api.token('agent-1', ['agent']);
  investigator = api.token('inv-1', ['investigator']);
  teamLead = api.token('lead-1', ['team_lead']);
  supervisor = api.token('sup-1', ['supervisor']);
  manager = api.token('mgr-1', ['manager']);
});

afterAll(async () => {
  await api?.close();
});

interface Deadline {
  dueAt: string | null;
  state: string;
  startedAt: string | null;
  metAt?: string | null;
}

interface CaseBody {
  id: string;
  stage: string;
  tier: string;
  escalationLevel: number;
  receivedAt: string;
  deadlines: Record<string, Deadline>;
  liability: {
    external: string | null;
    internal: string | null;
    companyLiable: boolean;
    ruleId: string;
    appliedRules?: string[];
    basis?: string;
    facts: Record<string, unknown>;
  } | null;
  appeal: {
    valid: boolean | null;
    fineFen: number;
    fineOutlet: string | null;
    penaltyAppealable: boolean | null;
  } | null;
  plan: { approval: string; customer: string; requiredApproval: string; compensationFen: number } | null;
  floorOffer: { fen: number } | null;
  evidenceRequests: { at: string; items: string[] }[];
  lastSeq: number;
}

type Answer = CaseBody & ErrorAnswer;

async function newCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api.call<{ id: string }>('POST', '/complaints', { token: agent, body: intakeBody(overrides) });
  if (res.status !== 201) throw new Error(`intake: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

function act(id: string, name: string, body: unknown, token: string, via: ApiHarness = api) {
  return via.call<Answer>('POST', `/complaints/${id}/actions/${name}`, { token, body });
}

async function ok(id: string, name: string, body: unknown, token: string, via: ApiHarness = api): Promise<CaseBody> {
  const res = await act(id, name, body, token, via);
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function detail(id: string, via: ApiHarness = api): Promise<CaseBody> {
  const res = await via.call<CaseBody>('GET', `/complaints/${id}`, { token: supervisor });
  if (res.status !== 200) throw new Error(`detail: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const FINDINGS = {
  summary: '核实扫描记录与派件网点说明',
  rootCause: 'human_error',
  companyLiable: true,
  evidence: [{ kind: 'tracking_scan', ref: 'SCAN-20261204-0007' }],
  partiesHeard: ['投诉人', '派件员'],
};

/** acceptance → investigation → handling, with the investigator's findings. */
async function toHandling(id: string, findings: Record<string, unknown> = FINDINGS, via: ApiHarness = api) {
  await ok(id, 'accept', {}, agent, via);
  await ok(id, 'assign', { assignee: 'inv-1' }, agent, via);
  return ok(id, 'record-findings', findings, investigator, via);
}

function appealBody(overrides: Record<string, unknown> = {}) {
  return intakeBody({ channel: 'regulator', externalRef: `YZ-${randomUUID().slice(0, 8)}`, ...overrides });
}

async function eventRows(id: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return api.h.dataSource.query('SELECT type, data FROM case_events WHERE case_id = $1 ORDER BY seq', [id]);
}

describe('issue 10 item 1: the investigator enters the facts the liability table needs (R-LIA-7, R-LIA-8)', () => {
  it('R-LIA-7: out of area, the delivery outlet did not notify and the origin did not know, fault at BJ: BJ/BJ', async () => {
    const id = await newCase({ category: 'out_of_area' });
    const outOfArea = { deliveryNotifiedByRules: false, originKnew: false };
    await toHandling(id, { ...FINDINGS, faultOutlet: BJ, outOfArea });
    const { liability } = await detail(id);
    expect(liability).toMatchObject({ external: BJ, internal: BJ, ruleId: 'R-LIA-7', companyLiable: true });
    expect(liability?.appliedRules).toContain('R-LIA-7');
    expect(liability?.facts).toMatchObject({ outOfArea });
  });

  it('R-LIA-8: a self-pickup fee charged by the delivery outlet: BJ/BJ, with the facts in the detail', async () => {
    const id = await newCase({
      category: 'overcharge',
      description: '派件网点要求我自提并收取自提费',
      shipment: { ...(intakeBody().shipment as object), chargedFen: 2_300 },
    });
    await toHandling(id, { ...FINDINGS, chargingOutlet: BJ });
    const { liability } = await detail(id);
    expect(liability).toMatchObject({ external: BJ, internal: BJ, ruleId: 'R-LIA-8' });
    expect(liability?.appliedRules).toContain('R-LIA-8');
    expect(liability?.facts).toMatchObject({ chargingOutlet: BJ });
  });
});

describe('issue 10 item 2: R-LIA-9 only when the customer could not reach the origin (R-LIA-3, R-LIA-9)', () => {
  const priorContact = { outlet: 'origin', handledByRules: false };

  it('R-LIA-3: a service-attitude appeal where the origin was contacted and failed the rules: the delivery outlet', async () => {
    const res = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: appealBody({ category: 'service_attitude', priorContact }),
    });
    expect(res.status).toBe(201);
    await toHandling(res.body.id);
    expect((await detail(res.body.id)).liability).toMatchObject({ external: BJ, ruleId: 'R-LIA-3' });
  });

  it('R-LIA-9: the same appeal where the origin could not be reached: the origin', async () => {
    const res = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: appealBody({ category: 'service_attitude', priorContact }),
    });
    await toHandling(res.body.id, { ...FINDINGS, originUnreachable: true });
    const { liability } = await detail(res.body.id);
    expect(liability).toMatchObject({ external: SH, ruleId: 'R-LIA-9' });
    expect(liability?.facts).toMatchObject({ originUnreachable: true });
  });
});

describe('issue 10 item 4: appeals — validity, fine, irrevocable, not closed without the reply (R-CH-2, R-REG-1/4)', () => {
  const priorContact = { outlet: 'delivery', handledByRules: false };

  it('R-REG-1: a valid appeal fines the external outlet 1000 CNY; a later finding after a reopen does not revoke it', async () => {
    const res = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: appealBody({ priorContact }),
    });
    const id = res.body.id;
    expect((await detail(id)).appeal).toMatchObject({ valid: null, fineFen: 0 }); // not assessed before the findings
    await toHandling(id);
    expect((await detail(id)).appeal).toMatchObject({ valid: true, fineFen: 100_000, fineOutlet: BJ });

    await ok(id, 'regulator-reply', { text: '经核实,派件网点未按规定处理,已责令整改。' }, agent);
    await ok(id, 'propose-plan', { remedies: ['apology'], compensationFen: 0 }, investigator);
    await ok(id, 'decide-approval', { approve: true }, supervisor); // an appeal's plan: a supervisor's
    await ok(id, 'customer-response', { accepted: true }, agent);
    await ok(id, 'execute-plan', {}, agent);
    await ok(id, 'customer-response', { accepted: true }, agent);
    expect((await ok(id, 'survey', { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 }, agent)).stage).toBe(
      'closed',
    );
    expect((await ok(id, 'reopen', { reason: '网点申请复核' }, agent)).stage).toBe('investigation');
    await ok(
      id,
      'record-findings',
      { ...FINDINGS, companyLiable: false, rootCause: 'customer_misunderstanding' },
      investigator,
    );
    const after = await detail(id);
    expect(after.liability?.companyLiable).toBe(false); // the new finding is recorded …
    expect(after.appeal).toMatchObject({ valid: true, fineFen: 100_000, fineOutlet: BJ }); // … the validity stands
    // The fine is charged once.
    expect((await eventRows(id)).filter((e) => e.type === 'appeal.penalised')).toHaveLength(1);
  });

  it('RULE.R-REG-4: reject-inadmissible of an appeal without a reply to the regulator is 422, nothing changed', async () => {
    const res = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: appealBody({ priorContact }),
    });
    const id = res.body.id;
    await ok(id, 'accept', {}, agent);
    const before = await detail(id);
    const refused = await act(id, 'reject-inadmissible', { reason: 'settled', note: '已和解' }, agent);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('RULE.R-REG-4');
    const unchanged = await detail(id);
    expect([unchanged.lastSeq, unchanged.stage]).toEqual([before.lastSeq, 'acceptance']);
    // Replied to the regulator (allowed in acceptance now), the same closing is taken.
    await ok(
      id,
      'regulator-reply',
      { text: '经核实,快件已按时派送。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。' },
      agent,
    );
    expect((await ok(id, 'reject-inadmissible', { reason: 'settled', note: '已和解' }, agent)).stage).toBe(
      'closed_inadmissible',
    );
  });
});

describe('issue 10 item 6: the floor offer stands only once approved and answered, for the same matter (R-CMP-4)', () => {
  const REASON = '客户提供了额外支出凭证';

  /** A first proposal the customer declined: the floor offer may follow (R-CMP-4). */
  async function declinedOnce(body: Record<string, unknown> = intakeBody()): Promise<string> {
    const res = await api.call<{ id: string }>('POST', '/complaints', { token: agent, body });
    const id = res.body.id;
    await toHandling(id);
    await ok(
      id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 2_000, compensationReason: REASON },
      investigator,
    );
    await ok(id, 'decide-approval', { approve: true }, teamLead);
    await ok(id, 'customer-response', { accepted: false, comment: '太少' }, agent);
    return id;
  }

  function floorPlan(fen: number) {
    return { remedies: ['compensation'], compensationFen: fen, floorOffer: true, compensationReason: REASON };
  }

  it('a floor offer the approver rejected does not stand: the next, higher plan is accepted', async () => {
    const id = await declinedOnce();
    await ok(id, 'propose-plan', floorPlan(1_000), investigator);
    const rejected = await ok(id, 'decide-approval', { approve: false, comment: '底限过低' }, supervisor);
    expect(rejected.plan?.approval).toBe('rejected');
    expect(rejected.floorOffer).toBeNull();
    const higher = await act(
      id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 2_500, compensationReason: REASON },
      investigator,
    );
    expect(higher.status).toBe(200);
    expect(higher.body.plan).toMatchObject({ compensationFen: 2_500, approval: 'pending' });
  });

  it('an approved floor offer stands only after the customer answered; it caps the same complainant, not another', async () => {
    const body = intakeBody({ waybillNo: newWaybill() });
    const id = await declinedOnce(body);
    await ok(id, 'propose-plan', floorPlan(3_000), investigator);
    const approved = await ok(id, 'decide-approval', { approve: true }, supervisor);
    expect(approved.plan?.approval).toBe('approved');
    expect(approved.floorOffer).toBeNull(); // approved, not yet made to the customer
    const early = await act(id, 'execute-plan', { paymentRef: 'PAY-FLOOR-1' }, agent);
    expect([early.status, early.body.error.code]).toEqual([409, 'PLAN.NOT_AGREED']);
    const answered = await ok(id, 'customer-response', { accepted: false }, agent);
    expect(answered.floorOffer).toEqual({ fen: 3_000 });
    // R-CMP-4: carried out on the floor offer, with its payment reference (R-HDL-3).
    expect((await ok(id, 'execute-plan', { paymentRef: 'PAY-FLOOR-1' }, agent)).stage).toBe('resolution');

    // Another complainant (the sender, a phone of their own) on the same waybill: a matter of their own, not capped.
    const other = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: intakeBody({
        waybillNo: body.waybillNo,
        complainant: { name: '李四', phone: '13900001111', party: 'sender' },
      }),
    });
    expect(other.status).toBe(201);
    const otherReceived = (await eventRows(other.body.id))[0];
    expect(otherReceived.data.intake).not.toHaveProperty('priorFloorOfferFen');
    expect((await detail(other.body.id)).floorOffer).toBeNull();
    await toHandling(other.body.id);
    const otherPlan = await act(
      other.body.id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 5_000, compensationReason: REASON },
      investigator,
    );
    expect(otherPlan.status).toBe(200);

    // The same complainant and category again on the same waybill: the floor offer carries over and caps it.
    const same = await api.call<{ id: string; isRepeat: boolean }>('POST', '/complaints', { token: agent, body });
    expect(same.status).toBe(201);
    expect(same.body.isRepeat).toBe(true);
    expect((await eventRows(same.body.id))[0].data.intake).toMatchObject({ priorFloorOfferFen: 3_000 });
    expect((await detail(same.body.id)).floorOffer).toEqual({ fen: 3_000 });
    await toHandling(same.body.id);
    const capped = await act(
      same.body.id,
      'propose-plan',
      { remedies: ['compensation'], compensationFen: 5_000, compensationReason: REASON },
      investigator,
    );
    expect(capped.status).toBe(422);
    expect(capped.body.error.code).toBe('RULE.R-CMP-4');
  });
});

describe('issue 10 item 8: clocks around the clock, from receipt and from assignment (R-SLA-1/2/3/9)', () => {
  it('R-SLA-1, R-SLA-9: a case received Friday 18:05 Beijing time is due for classifying at 19:05, forwarding at 20:05', async () => {
    // Received before the test ran (the workflow takes the real time): written to the read model as the worker does,
    // with the 2026-12 marker the workflow records, and read through the API.
    const receivedAt = Date.parse('2026-12-04T18:05:00+08:00'); // a Friday, after working hours
    const seeded = intake({ receivedAt, waybillNo: newWaybill(), complainantKey: `ck_${randomUUID()}` });
    await seedCase(api.h, DEFAULT_POLICY, seeded, false, { rules: 2 });
    const { deadlines } = await detail(seeded.caseId);
    expect(deadlines.classify).toMatchObject({
      startedAt: '2026-12-04T10:05:00.000Z',
      dueAt: '2026-12-04T11:05:00.000Z', // 19:05 Beijing, not Monday 10:00
    });
    // R-SLA-2: the forward clock runs from receipt (2 hours), not from classification.
    expect(deadlines.forward).toMatchObject({
      startedAt: '2026-12-04T10:05:00.000Z',
      dueAt: '2026-12-04T12:05:00.000Z',
    });
  });

  it('R-SLA-2/3: forward runs from receipt; assign starts investigation_start and evidence_request; request-evidence meets them', async () => {
    const created = await api.call<{ id: string; deadlines: Record<string, Deadline> }>('POST', '/complaints', {
      token: agent,
      body: intakeBody(),
    });
    const { id, deadlines } = created.body;
    expect(deadlines.forward).toMatchObject({ state: 'running', startedAt: deadlines.classify.startedAt });
    expect(Date.parse(deadlines.classify.dueAt!) - Date.parse(deadlines.classify.startedAt!)).toBe(3_600_000);
    expect(deadlines).not.toHaveProperty('investigation_start');
    await ok(id, 'accept', {}, agent);
    const assigned = await ok(id, 'assign', { assignee: 'inv-1' }, agent);
    expect(assigned.deadlines.forward.state).toBe('met');
    expect(assigned.deadlines.investigation_start).toMatchObject({ state: 'running' });
    expect(assigned.deadlines.evidence_request).toMatchObject({ state: 'running' });
    const asked = await ok(
      id,
      'request-evidence',
      { items: ['破损照片', '签收记录'], note: '请客户补充' },
      investigator,
    );
    expect(asked.deadlines.evidence_request).toMatchObject({ state: 'met', metAt: expect.any(String) });
    expect(asked.deadlines.investigation_start).toMatchObject({ state: 'met', metAt: expect.any(String) });
    expect(asked.evidenceRequests).toEqual([expect.objectContaining({ items: ['破损照片', '签收记录'] })]);
  });
});

describe('issue 10 item 9: an overdue approval escalates to a tier able to approve it (R-FLOW-6, R-SLA-8)', () => {
  it('an overdue manager-tier approval escalates to a manager; no message goes to role:agent', async () => {
    // The calm test policy with a 3-second approval clock (the dev server fires timers on a ~1 s grid).
    const policy: PolicyDocument = {
      ...CALM_POLICY,
      version: 'test-approval-3',
      deadlines: { ...CALM_POLICY.deadlines, approval: { amount: 3, unit: 'seconds' } },
    };
    const short = await bootApi({ harness: api.h, policy });
    try {
      const res = await short.call<{ id: string; policyVersion: string }>('POST', '/complaints', {
        token: agent,
        body: intakeBody(),
      });
      expect(res.body.policyVersion).toBe('test-approval-3');
      const id = res.body.id;
      await toHandling(id, FINDINGS, short);
      const planned = await ok(
        id,
        'propose-plan',
        { remedies: ['compensation'], compensationFen: 300_000, compensationReason: '保价金额赔付' },
        investigator,
        short,
      );
      expect(planned.plan).toMatchObject({ requiredApproval: 'manager', approval: 'pending' });
      const rows = await eventually(
        () => eventRows(id),
        (r) =>
          r.some((e) => e.type === 'deadline.breached' && e.data.kind === 'approval') &&
          r.some((e) => e.type === 'case.escalated'),
      );
      const breach = rows.findIndex((e) => e.type === 'deadline.breached' && e.data.kind === 'approval');
      expect(breach).toBeGreaterThanOrEqual(0);
      const escalation = rows.slice(breach).find((e) => e.type === 'case.escalated');
      expect(escalation?.data).toMatchObject({ to: 'manager' });
      expect((await detail(id, short)).tier).toBe('manager');
      const outbox: { kind: string; audience: string }[] = await api.h.dataSource.query(
        'SELECT kind, audience FROM notification_outbox WHERE case_id = $1 ORDER BY seq',
        [id],
      );
      expect(outbox.filter((o) => o.kind === 'escalation').map((o) => o.audience)).toContain('role:manager');
      expect(outbox.map((o) => o.audience)).not.toContain('role:agent');
      // The manager can act on it: it is in the manager's inbox.
      const inbox = await short.call<{ items: { caseId: string }[] }>('GET', '/approvals/pending', { token: manager });
      expect(inbox.body.items.map((i) => i.caseId)).toContain(id);
    } finally {
      await short.close();
    }
  });
});
