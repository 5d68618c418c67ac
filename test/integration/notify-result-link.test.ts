/**
 * The customer's result notice (R-RES-1) and survey invitation (R-REV-1) carry a working signed link, on the real
 * stack: the API (createApp) and a worker whose relay signs the links with the API's auth secret and sends by e-mail
 * through a real SMTP server started here (smtp-server; what arrives is parsed with mailparser). The case goes to
 * `execute-plan` through the HTTP API under the 2026-12 rules; the link in the mail confirms the result (R-RES-2,
 * single use), the survey link records the survey; the token never reaches a Temporal history (R-SEC-1, ADR 11).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { caseNumberOf, piiRootKey, renderNotification, resultContentOf } from '@complaintflow/activities';
import { CASE_STAGE, caseWorkflowId } from '@complaintflow/contracts';
import type { CaseState } from '@complaintflow/domain/case';
import { createEmailChannel, verifyPublicLink } from '@complaintflow/integrations';
import { ComplaintCasesRepository } from '@complaintflow/persistence/repositories/complaint-cases';
import { createCaseWorker } from '@complaintflow/worker/worker';
import { TEST_SECRET, bootApi, intakeBody, newPhone, type ApiHarness } from '../support/api';
import { eventually } from '../support/cases';
import { testDataConverter, testEnv } from '../support/env';

const run = randomUUID().slice(0, 8);
const CUSTOMER = `wang.${run}@example.net`;
const FAST_RETRY = { maximumAttempts: 3, initialIntervalMs: 200, maximumIntervalMs: 400, backoffCoefficient: 2 };

interface Mail {
  readonly rcptTo: string[];
  readonly parsed: ParsedMail;
}

let api: ApiHarness;
let native: NativeConnection;
let smtp: SMTPServer;
let worker: Worker;
let running: Promise<void>;
const mailbox: Mail[] = [];
/** The case the first test takes through to the survey (the second renders its state). */
let resolvedCaseId: string | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'pass') return callback(null, { user: 'mailer' });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            mailbox.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), parsed });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;

  api = await bootApi({ worker: false });
  native = await NativeConnection.connect({ address: testEnv.temporalAddress });
  // The worker as apps/worker/src/main.ts builds it (the link secret is the API's auth secret), with the e-mail
  // channel on the test's SMTP server and the links pointing at this API.
  worker = await createCaseWorker({
    connection: native,
    namespace: testEnv.namespace,
    taskQueue: api.h.taskQueue,
    dataSource: api.h.dataSource,
    dataConverter: testDataConverter,
    workflowBundlePath: testEnv.workflowBundle,
    notify: {
      channels: {
        email: createEmailChannel({
          host: '127.0.0.1',
          port,
          secure: false,
          auth: { user: 'mailer', pass: 'pass' },
          from: '客户投诉部 <noreply@kf.example.com>',
          connectionTimeoutMs: 3000,
        }),
      },
      piiRootKey: piiRootKey(undefined, TEST_SECRET),
      linkSecret: TEST_SECRET,
      publicBaseUrl: api.base,
      customerQuietHours: null,
      retry: FAST_RETRY,
      sweep: { intervalMs: 1000, olderThanMs: 1500 },
    },
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await api?.close();
  await native?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function act(id: string, name: string, body: unknown, token: string) {
  return api.call<{ stage: string; plan?: { requiredApproval: string } }>('POST', `/complaints/${id}/actions/${name}`, {
    token,
    body,
  });
}

async function ok(id: string, name: string, body: unknown, token: string) {
  const res = await act(id, name, body, token);
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The customer's mail of a kind about a case (the relay's X-Complaintflow-* headers say which). */
function mailOf(caseId: string, kind: string): Mail[] {
  return mailbox.filter(
    (m) =>
      m.parsed.headers.get('x-complaintflow-case') === caseId && m.parsed.headers.get('x-complaintflow-kind') === kind,
  );
}

async function waitForMail(caseId: string, kind: string): Promise<Mail> {
  const found = await eventually(
    async () => mailOf(caseId, kind),
    (m) => m.length > 0,
    30_000,
  );
  if (found.length !== 1) throw new Error(`expected one ${kind} mail for ${caseId}, got ${found.length}`);
  return found[0];
}

/** A POST to a link taken from a mail, as the customer's browser would send it (no token of staff). */
async function postLink(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Every payload of a workflow's history, decrypted with the tests' keyring (docs/adr/0017) and decoded (they are base64
 * in the JSON), with the JSON itself: the tokens are not in Temporal even once the payloads are opened.
 */
async function historyText(workflowId: string): Promise<string> {
  const history = await api.h.client.workflow.getHandle(workflowId).fetchHistory();
  const raw = historyToJSON(await decodePayloadsIn(history, testDataConverter.payloadCodecs ?? []));
  const decoded = [...raw.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) =>
    Buffer.from(m[1], 'base64').toString('utf8'),
  );
  return [raw, ...decoded].join('\n');
}

interface DeliveryRow {
  id: string;
  seq: number;
  kind: string;
  channel: string;
  status: string;
  body: string;
}

describe('the result notice and the survey invitation carry a working signed link (R-RES-1, R-RES-2, R-REV-1)', () => {
  it('R-RES-1: the result notice by e-mail states every part in Chinese with a response link that moves the case to review, once; R-REV-1: the survey link records the survey; no token in Temporal', async () => {
    const agent = api.token('agent-1', ['agent']);
    const investigator = api.token('inv-1', ['investigator']);
    const legal = api.token('inv-2', ['investigator']);
    const supervisor = api.token('sup-1', ['supervisor']);
    const manager = api.token('mgr-1', ['manager']);
    const approvers: Record<string, string> = {
      team_lead: api.token('lead-1', ['team_lead']),
      supervisor,
      manager,
    };

    // R-CON-2: the customer asked to be answered by e-mail.
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: intakeBody({
        complainant: {
          name: '王五',
          phone: newPhone(),
          email: CUSTOMER,
          party: 'recipient',
          preferredChannel: 'email',
        },
        claimedFen: 5_000,
      }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    resolvedCaseId = id;

    await ok(id, 'accept', {}, agent);
    await ok(id, 'assign', { assignee: 'inv-1' }, agent);
    await ok(
      id,
      'record-findings',
      {
        summary: '核实扫描记录与派件网点说明,快件在派件网点滞留三天',
        rootCause: 'human_error',
        companyLiable: true,
        evidence: [{ kind: 'tracking_scan', ref: `SCAN-${run}` }],
        partiesHeard: ['投诉人', '派件员'],
      },
      investigator,
    );
    const proposed = await ok(
      id,
      'propose-plan',
      { remedies: ['apology', 'compensation'], compensationFen: 5_000, compensationReason: '客户提供了额外支出凭证' },
      investigator,
    );
    // R-APR-1 (2026-12 rules): every plan is approved by a leader, at least a team lead.
    const approver = approvers[proposed.plan?.requiredApproval ?? 'team_lead'] ?? approvers.team_lead;
    await ok(id, 'decide-approval', { approve: true }, approver);
    await ok(id, 'customer-response', { accepted: true }, agent);
    // R-CON-3: the written reply is reviewed by the department and legal and approved by a manager, not its author.
    await ok(id, 'sign-off-reply', { step: 'departmentReview' }, supervisor);
    await ok(id, 'sign-off-reply', { step: 'legalReview' }, legal);
    await ok(id, 'sign-off-reply', { step: 'managerApproval' }, manager);
    // R-HDL-3: the compensation is paid with its reference; R-RES-1: the result notice is requested.
    expect((await ok(id, 'execute-plan', { paymentRef: `PAY-${run}` }, agent)).stage).toBe('resolution');

    const notice = await waitForMail(id, 'result_notice');
    expect(notice.rcptTo).toEqual([CUSTOMER]);
    const n = caseNumberOf(id);
    expect(notice.parsed.subject).toBe(`投诉处理结果通知(编号:${n})`);
    const text = notice.parsed.text ?? '';
    // Every part R-RES-1 requires, from the case: the complaint, the steps and their reasons, the result, the basis,
    // further help — in Chinese.
    expect(text).toContain('尊敬的客户:');
    expect(text).toMatch(/一、投诉事项:.*延误/);
    expect(text).toContain('二、处理过程及原因:');
    expect(text).toContain('调查核实:核实扫描记录与派件网点说明,快件在派件网点滞留三天');
    expect(text).toContain('人为失误');
    expect(text).toMatch(/处理方案经.+审批同意/);
    expect(text).toContain('三、处理结果:已为您办理:道歉、赔偿(金额50.00元)。');
    expect(text).toMatch(/四、处理依据:责任认定标准:.*R-LIA-10/);
    expect(text).toContain('五、后续帮助:');
    expect(text).toContain(`访问${api.base}联系我们`); // how to reach us: the public origin given to the relay
    expect(text).not.toContain('王五'); // R-SEC-1: never the complainant's name
    expect(text).not.toContain(CUSTOMER);
    const links = [...text.matchAll(/https?:\/\/\S+\/public\/cases\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\/response/g)];
    expect(links).toHaveLength(1);
    const [responseUrl, responseToken] = [links[0][0], links[0][1]];
    expect(responseUrl.startsWith(`${api.base}/public/cases/`)).toBe(true);
    expect(verifyPublicLink(responseToken, 'response', TEST_SECRET)).toMatchObject({
      ok: true,
      claims: { caseId: id, purpose: 'response' },
    });

    // R-RES-2: the customer confirms through the link: 200, the case moves to review.
    const confirmed = await postLink(responseUrl, { accepted: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.stage).toBe('review');
    const detail = await api.call<{ stage: string }>('GET', `/complaints/${id}`, { token: supervisor });
    expect(detail.body.stage).toBe('review');
    // Single use: the same link again is refused.
    const again = await postLink(responseUrl, { accepted: true });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'LINK.USED' } });

    // R-REV-1: the survey invitation follows the confirmation, with its own link.
    const invitation = await waitForMail(id, 'survey_invitation');
    expect(invitation.rcptTo).toEqual([CUSTOMER]);
    expect(invitation.parsed.subject).toBe(`邀请您评价本次投诉处理(编号:${n})`);
    const surveyLinks = [
      ...(invitation.parsed.text ?? '').matchAll(
        /https?:\/\/\S+\/public\/cases\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\/survey/g,
      ),
    ];
    expect(surveyLinks).toHaveLength(1);
    const [surveyUrl, surveyToken] = [surveyLinks[0][0], surveyLinks[0][1]];
    expect(surveyToken).not.toBe(responseToken);
    // The response link is no survey link (a purpose of its own).
    expect(
      (
        await postLink(`${api.base}/public/cases/${responseToken}/survey`, {
          speed: 5,
          effectiveness: 5,
          attitude: 5,
          transparency: 5,
        })
      ).status,
    ).toBe(401);
    const surveyed = await postLink(surveyUrl, {
      speed: 5,
      effectiveness: 4,
      attitude: 5,
      transparency: 4,
      suggestion: '希望能更早告知处理进度',
    });
    expect(surveyed.status).toBe(200);
    expect(surveyed.body.stage).toBe('closed');
    // How a case ends: the survey closes it (archived, by the survey) and its workflow keeps running for the reopen
    // and analysis window (R-SLA-7), with `CaseStage` = closed in the Temporal UI.
    const closedView = await api.call<{ stage: string; closure: Record<string, unknown> | null }>(
      'GET',
      `/complaints/${id}`,
      { token: supervisor },
    );
    expect(closedView.body.stage).toBe('closed');
    expect(closedView.body.closure).toMatchObject({ kind: 'archived', reason: 'survey' });
    const reopenableUntil = Date.parse(String(closedView.body.closure?.reopenableUntil));
    expect(reopenableUntil).toBeGreaterThan(Date.parse(String(closedView.body.closure?.at)));
    const described = await eventually(
      () => api.h.client.workflow.getHandle(caseWorkflowId(id)).describe(),
      (d) => d.typedSearchAttributes.get(CASE_STAGE) === 'closed',
    );
    expect(described.status.name).toBe('RUNNING');
    expect(described.typedSearchAttributes.get(CASE_STAGE)).toBe('closed');

    // The links live in the delivery rows (PostgreSQL), and in no Temporal history: the delivery workflows carry
    // delivery ids and states only, the case workflow the token id at most (the Update id), never the token.
    const rows: DeliveryRow[] = await api.h.dataSource.query(
      `SELECT id, seq, kind, channel, status, body FROM notification_deliveries
        WHERE case_id = $1 AND kind IN ('result_notice', 'survey_invitation') ORDER BY seq`,
      [id],
    );
    expect(rows.map((r) => [r.kind, r.channel, r.status])).toEqual([
      ['result_notice', 'email', 'sent'],
      ['survey_invitation', 'email', 'sent'],
    ]);
    expect(rows[0].body).toContain(responseToken);
    expect(rows[1].body).toContain(surveyToken);
    for (const row of rows) {
      const history = await historyText(`notify:${id}:${row.seq}`);
      expect(history).toContain(`"deliveryId":${row.id}`); // the payloads were decoded: the check reads them
      for (const token of [responseToken, surveyToken]) {
        expect(history).not.toContain(token);
        expect(history).not.toContain(token.split('.')[1]); // not even the signature
      }
    }
    const caseHistory = await historyText(caseWorkflowId(id));
    expect(caseHistory).toContain('customer-response');
    for (const token of [responseToken, surveyToken]) expect(caseHistory).not.toContain(token);
  }, 180_000);

  it('R-RES-1: the notice is composed from the case in English too; without a signed link (no link secret) the generic notice, with no link', async () => {
    expect(resolvedCaseId).toBeDefined();
    const state = (await new ComplaintCasesRepository(api.h.dataSource).accessRow(resolvedCaseId!))!.state;
    expect(state.executedAt).toBeDefined();
    const request = {
      kind: 'result_notice',
      channel: 'email',
      audience: 'customer',
      about: 'R-RES-1',
      state,
      now: Date.now(),
      contact: { hotline: '95311' },
    };
    const url = 'https://kf.example.com/public/cases/x.y/response';
    const en = renderNotification({ ...request, language: 'en', signedUrl: url });
    expect(en.subject).toBe(`Result of your complaint ${caseNumberOf(state.caseId)}`);
    expect(en.text).toContain(`1. Your complaint: Delay (waybill ${state.intake.waybillNo}), claiming CNY 50.00.`);
    expect(en.text).toContain('2. What we did and why:');
    expect(en.text).toMatch(/3\. Result: we have carried out: apology, compensation \(CNY 50\.00\)/);
    expect(en.text).toMatch(/4\. Basis: the standards of liability: .*R-LIA-10/);
    expect(en.text).toContain(url);
    expect(resultContentOf(state, 'zh-CN')?.steps.length).toBeGreaterThanOrEqual(4);

    // No link secret on the worker: the result notice and the survey invitation are the generic notice.
    for (const kind of ['result_notice', 'survey_invitation']) {
      const generic = renderNotification({ ...request, kind, language: 'zh-CN' });
      expect(generic.text).toContain(`编号:${caseNumberOf(state.caseId)}`);
      expect(generic.text).toContain('95311');
      expect(generic.text).not.toContain('/public/cases/');
      expect(generic.text).not.toContain('处理依据');
    }
    // A case with neither a plan nor a closing has no result to report: the generic notice, even with a link.
    const { plan: _plan, closure: _closure, ...planless } = state;
    expect(resultContentOf(planless as CaseState, 'zh-CN')).toBeUndefined();
    expect(
      renderNotification({ ...request, state: planless as CaseState, language: 'zh-CN', signedUrl: url }).text,
    ).not.toContain(url);
  });
});
