/**
 * The web console in a real browser (issue 13): Debian's chromium driven by playwright-core against the real API
 * (serving the built console on its own origin), a worker with the staff directory's recipients, the run's Temporal
 * and PostgreSQL. Staff sign in through the development sign-in (picking themselves from the directory); a case goes
 * from intake to archive through the screens; a supervisor approves in the inbox; the customer answers and takes the
 * survey through the signed link on a phone viewport; a manager sees an escalation arrive live; an auditor checks
 * the history and replays it. Screenshots go to test-artifacts/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { directoryRecipients } from '@complaintflow/activities';
import { createCaseWorker } from '@complaintflow/worker/worker';
import { bootApi, newPhone, newWaybill, type ApiHarness } from '../support/api';
import { launchChromium, screenshot } from '../support/browser';
import { CALM_POLICY, eventually } from '../support/cases';
import { testEnv } from '../support/env';
import { testDataConverter } from '../support/payload-keys';

jest.setTimeout(240_000);

const run = randomUUID().slice(0, 6);
const OUTLET = `CON${run}`;
const NEVER_QUIET = { start: '00:00', end: '00:00' };

interface Staff {
  id: string;
  name: string;
  roles: string[];
  /** The role's label in the console (Chinese). */
  label: string;
  /** A menu entry only this kind of user sees. */
  menu: string;
}
const STAFF: Record<string, Staff> = {
  agent: { id: `agent-${run}`, name: '张客服', roles: ['agent'], label: '客服专员', menu: '登记投诉' },
  // Also a team lead: their own proposal is in their inbox, not theirs to decide (R-APR-2).
  investigator: {
    id: `inv-${run}`,
    name: '李调查',
    roles: ['investigator', 'team_lead'],
    label: '调查员',
    menu: '工单列表',
  },
  lead: { id: `lead-${run}`, name: '赵组长', roles: ['team_lead'], label: '组长', menu: '审批待办' },
  supervisor: { id: `sup-${run}`, name: '王主管', roles: ['supervisor'], label: '主管', menu: '数据看板' },
  manager: { id: `mgr-${run}`, name: '刘经理', roles: ['manager'], label: '经理', menu: '升级工单' },
  auditor: { id: `aud-${run}`, name: '陈审计', roles: ['auditor'], label: '审计员', menu: '审计' },
  admin: { id: `adm-${run}`, name: '周管理员', roles: ['admin'], label: '管理员', menu: '登记投诉' },
};

let api: ApiHarness;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  api = await bootApi({ worker: false, policy: CALM_POLICY, acceptLanguage: null });
  native = await NativeConnection.connect({ address: testEnv.temporalAddress });
  worker = await createCaseWorker({
    connection: native,
    namespace: testEnv.namespace,
    taskQueue: api.h.taskQueue,
    dataSource: api.h.dataSource,
    workflowBundlePath: testEnv.workflowBundle,
    dataConverter: testDataConverter,
    notify: {
      resolveRecipients: directoryRecipients(api.h.dataSource),
      customerQuietHours: null,
      retry: { maximumAttempts: 2, initialIntervalMs: 200, maximumIntervalMs: 400, backoffCoefficient: 2 },
      sweep: { intervalMs: 1000, olderThanMs: 1500 },
      digest: false,
    },
  });
  running = worker.run();
  const admin = api.token(`root-${run}`, ['admin']);
  for (const s of Object.values(STAFF)) {
    const res = await api.call('POST', '/users', {
      token: admin,
      body: {
        id: s.id,
        name: s.name,
        roles: s.roles,
        // Everyone of the run's own outlet: no other test file's case is theirs to be told about.
        outlet: OUTLET,
        language: 'zh-CN',
        preferences: { quietHours: NEVER_QUIET },
      },
    });
    if (res.status !== 201) throw new Error(`POST /users ${s.id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  worker?.shutdown();
  await running;
  await native?.close();
  await api?.close();
});

// The last state of every page of a test, kept as an artefact (what a failing test saw).
let testNo = 0;
afterEach(async () => {
  testNo++;
  let n = 0;
  for (const c of contexts)
    for (const p of c.pages()) await screenshot(p, `last-test${testNo}-page${n++}`).catch(() => undefined);
});

/** A browser of its own for one person (its own localStorage: the session), at 1366×768 unless told. */
async function newPage(viewport = { width: 1366, height: 768 }, mobile = false): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  // helmet's Content-Security-Policy must allow the app: any violation is collected (and asserted on below).
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

async function textOf(l: Locator): Promise<string> {
  return ((await l.textContent()) ?? '').trim();
}

async function waitForText(l: Locator, want: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const matches = (t: string) => (typeof want === 'string' ? t === want : want.test(t));
  const seen = await eventually(() => textOf(l).catch(() => ''), matches, timeoutMs);
  if (!matches(seen)) throw new Error(`expected ${String(want)}, the page shows ${JSON.stringify(seen)}`);
  return seen;
}

/** The development sign-in: pick the person from the directory (the form fills in), then sign in. */
async function signIn(page: Page, who: Staff): Promise<void> {
  await page.goto(`${api.base}/console/`);
  await page.locator('#pick-user').click();
  await page.keyboard.type(who.id);
  await page.keyboard.press('Enter');
  expect(await page.getByLabel('员工编号').inputValue()).toBe(who.id);
  await page.locator('form[id="dev-sign-in"] button[type="submit"]').click();
  await page.getByTestId('whoami').waitFor();
}

async function openCase(page: Page, caseId: string): Promise<void> {
  await page.goto(`${api.base}/console/cases/${caseId}`);
  await page.getByTestId('stage').waitFor();
}

/** Opens an action of the case page, lets `fill` fill its form, submits, and waits for the answer. */
async function act(page: Page, action: string, fill: (form: Locator) => Promise<void> = async () => undefined) {
  await page.locator(`[data-action="${action}"]`).click();
  const form = page.locator(`[data-form="${action}"]`);
  await form.waitFor();
  await fill(form);
  await form.getByRole('button', { name: '提交' }).click();
}

async function stageIs(page: Page, stage: string): Promise<void> {
  const seen = await waitForText(page.getByTestId('stage'), stage);
  expect(seen).toBe(stage);
}

describe('the console in a browser', () => {
  it('each role signs in (development sign-in from the directory; a pasted bearer token) and sees its own screens, in Chinese', async () => {
    const page = await newPage();
    for (const s of Object.values(STAFF)) {
      await signIn(page, s);
      const who = await textOf(page.getByTestId('whoami'));
      expect(who).toContain(s.name);
      expect(who).toContain(s.label);
      await page.getByRole('menuitem', { name: s.menu }).waitFor();
      await page.getByRole('button', { name: '退出' }).click();
    }
    // Team leads, supervisors and managers see the approval inbox; agents and auditors do not.
    await signIn(page, STAFF.auditor);
    expect(await page.getByRole('menuitem', { name: '审批待办' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '审计' }).count()).toBe(1);
    await page.getByRole('button', { name: '退出' }).click();
    // Production: the identity provider's bearer token pasted in.
    await page.getByLabel('访问令牌(统一身份认证签发)').fill(api.token(STAFF.supervisor.id, ['supervisor']));
    await page.locator('form[id="token-sign-in"] button[type="submit"]').click();
    expect(await textOf(page.getByTestId('whoami'))).toContain('主管');
    // The English switch, persisted.
    await page.getByRole('button', { name: 'language / 语言' }).click();
    await page.getByRole('menuitem', { name: 'Approval inbox' }).waitFor();
    await page.reload();
    await page.getByRole('menuitem', { name: 'Approval inbox' }).waitFor();
    await page.getByRole('button', { name: 'language / 语言' }).click();
    await page.getByRole('menuitem', { name: '审批待办' }).waitFor();
  });

  it('a case goes from intake to archive through the screens: the supervisor approves in the inbox, the customer answers and takes the survey through the signed link on a phone, the auditor checks the history', async () => {
    const agent = await newPage();
    await signIn(agent, STAFF.agent);

    // Intake: a field the API refuses is shown with the API's own reason, in Chinese.
    await agent.getByRole('menuitem', { name: '登记投诉' }).click();
    const waybill = newWaybill('CN');
    await agent.getByLabel('运单号').fill('坏');
    await agent.getByLabel('投诉人姓名').fill('王小明');
    const complainantPhone = newPhone();
    await agent.getByLabel('电话', { exact: true }).fill(complainantPhone);
    await agent.getByLabel('投诉内容').fill('快件五天没有更新物流信息。');
    await agent.getByLabel('诉求').fill('尽快派送并说明原因');
    await agent.getByLabel('寄件网点').fill(OUTLET);
    await agent.getByLabel('派件网点').fill(OUTLET);
    await agent.locator('form[id="intake"] button[type="submit"]').click();
    const refusal = await waitForText(agent.getByRole('alert').first(), /waybillNo/);
    expect(refusal).toMatch(/[\u4e00-\u9fff]/); // the API's reason, in Chinese
    await agent.getByLabel('运单号').fill(waybill);
    await agent.locator('form[id="intake"] button[type="submit"]').click();
    await agent.getByTestId('stage').waitFor();
    const caseId = decodeURIComponent(agent.url().split('/cases/')[1]);
    await stageIs(agent, '受理');
    expect(await textOf(agent.locator('h1'))).toContain(waybill);

    // The case list finds it by waybill (search), with its deadline countdown.
    await agent.getByRole('menuitem', { name: '工单列表' }).click();
    await agent.getByPlaceholder('搜索(运单号、电话、邮箱、姓名)').fill(waybill);
    await agent.locator('form[id="case-filter"] button[type="submit"]').click();
    await waitForText(agent.getByTestId('case-total'), '1');
    const row = agent.locator(`[data-case="${caseId}"]`);
    expect(await textOf(row.getByTestId('countdown'))).toMatch(/^剩余 /);
    await row.getByRole('link', { name: waybill }).click();
    await stageIs(agent, '受理');

    // Acceptance, then assignment to the investigator.
    await act(agent, 'accept');
    await waitForText(agent.locator('[data-action="assign"]'), '分派');
    await act(agent, 'assign', (f) => f.getByLabel('分派给(员工编号)').fill(STAFF.investigator.id));
    await stageIs(agent, '调查');
    await screenshot(agent, 'case-investigation');

    // The investigator records the findings and proposes the plan.
    const investigator = await newPage();
    await signIn(investigator, STAFF.investigator);
    await openCase(investigator, caseId);
    await act(investigator, 'record-findings', async (f) => {
      await f.getByLabel('调查结论').fill('核实扫描记录与派件网点说明,快件在派件网点滞留三天');
      await f.getByLabel('human_error').check();
      await f.getByRole('switch', { name: '公司有责' }).click();
      await f.getByLabel('证据(JSON)').fill(JSON.stringify([{ kind: 'tracking_scan', ref: `SCAN-${run}` }]));
    });
    await stageIs(investigator, '处理');
    await act(investigator, 'propose-plan', async (f) => {
      await f.getByLabel('apology').check();
      await f.getByLabel('compensation').check();
      await f.getByLabel('赔偿金额(分)').fill('1800');
      // R-APR-2: above the suggested compensation, the reason is required (the API says so, in the form).
      await f.getByLabel('赔偿理由').fill('客户提供了额外支出凭证');
    });
    await waitForText(investigator.getByTestId('plan-approval'), 'pending');
    // R-APR-2: in the proposer's own inbox the plan is shown, marked as theirs, with nothing to decide.
    await investigator.getByRole('menuitem', { name: '审批待办' }).click();
    const own = investigator.locator(`[data-approval="${caseId}"]`);
    await own.waitFor();
    expect(await textOf(own.getByTestId('own-proposal'))).toBe('本人提出的方案,不能自行审批(R-APR-2)');
    expect(await own.getByRole('button', { name: '同意' }).count()).toBe(0);

    // The supervisor approves in the inbox (R-APR-1: every plan is approved by a leader); the item leaves the inbox.
    const supervisor = await newPage();
    await signIn(supervisor, STAFF.supervisor);
    await supervisor.getByRole('menuitem', { name: '审批待办' }).click();
    const item = supervisor.locator(`[data-approval="${caseId}"]`);
    await item.waitFor();
    expect(await textOf(item)).toContain('¥18.00');
    expect(await textOf(item)).toContain('公司有责');
    await item.getByLabel('审批意见').fill('同意按方案执行');
    await screenshot(supervisor, 'approval-inbox');
    await item.getByRole('button', { name: '同意' }).click();
    await item.waitFor({ state: 'detached' });
    expect(await supervisor.locator(`[data-approval="${caseId}"]`).count()).toBe(0);

    // The agent records the customer's agreement to the plan and carries it out.
    await openCase(agent, caseId);
    await waitForText(agent.getByTestId('plan-approval'), 'approved');
    await act(agent, 'customer-response', (f) => f.getByRole('switch', { name: '客户接受' }).click());
    await agent.locator('[data-action="execute-plan"]').waitFor();
    await act(agent, 'execute-plan', (f) => f.getByLabel('付款流水号').fill(`PAY-${run}`));
    await stageIs(agent, '解决');
    await screenshot(agent, 'case-resolution');

    // The customer opens the signed link on a phone: the result, then accepts it.
    await agent.getByRole('button', { name: '生成客户链接 (response)' }).click();
    const responseUrl = await textOf(agent.getByTestId('customer-link'));
    const token = /\/public\/cases\/([^/]+)\/response$/.exec(responseUrl)?.[1];
    expect(token).toBeDefined();
    const phone = await newPage({ width: 390, height: 844 }, true);
    await phone.goto(`${api.base}/public/cases/${token}/response`);
    await waitForText(phone.getByTestId('customer-stage'), '解决');
    expect(await textOf(phone.locator('main, body').first())).toContain('核实扫描记录');
    await screenshot(phone, 'customer-result');
    // What the page reads by the token: the notice, and none of the complainant's personal data.
    const notice = await fetch(`${api.base}/public/cases/${token}`);
    expect(notice.status).toBe(200);
    const noticeText = await notice.text();
    expect(JSON.parse(noticeText)).toMatchObject({ purpose: 'response', stage: 'resolution', answered: false });
    expect(noticeText).not.toContain('王小明');
    expect(noticeText).not.toContain(complainantPhone);
    await phone.getByRole('button', { name: '接受处理结果' }).click();
    expect(await waitForText(phone.getByTestId('customer-done'), /感谢您的答复/)).toMatch(/感谢您的答复/);
    await openCase(agent, caseId);
    await stageIs(agent, '总结与改进');

    // The survey through its own link closes the case.
    await agent.getByRole('button', { name: '生成客户链接 (survey)' }).click();
    const surveyUrl = await textOf(agent.getByTestId('customer-link'));
    const surveyToken = /\/public\/cases\/([^/]+)\/survey$/.exec(surveyUrl)?.[1];
    await phone.goto(`${api.base}/public/cases/${surveyToken}/survey`);
    for (const [dimension, score] of [
      ['speed', '5'],
      ['effectiveness', '4'],
      ['attitude', '5'],
      ['transparency', '4'],
    ]) {
      await phone.locator(`[data-dimension="${dimension}"]`).getByText(score, { exact: true }).click();
    }
    await phone.getByLabel('意见建议(可选)').fill('希望能更早告知处理进度');
    await screenshot(phone, 'customer-survey');
    await phone.getByRole('button', { name: '提交' }).click();
    expect(await waitForText(phone.getByTestId('customer-done'), /满意度调查/)).toMatch(/感谢您参与满意度调查/);
    await openCase(agent, caseId);
    await stageIs(agent, '已归档');
    expect(await textOf(agent.locator('.ant-alert-success'))).toContain('已归档');
    const timeline = (await agent.getByTestId('timeline-event').allTextContents()).join('\n');
    expect(timeline).toContain('登记投诉');
    expect(timeline).toContain('满意度调查');
    await screenshot(agent, 'case-closed');

    // The auditor: the history with its chain verified, the case as of an earlier instant, the replay.
    const auditor = await newPage();
    await signIn(auditor, STAFF.auditor);
    await auditor.goto(`${api.base}/console/audit/${caseId}`);
    expect(await waitForText(auditor.getByTestId('chain-state'), '审计链校验通过')).toBe('审计链校验通过');
    await waitForText(auditor.getByTestId('as-of-stage'), '已归档');
    const slider = auditor.getByRole('slider');
    await slider.focus();
    await auditor.keyboard.press('Home');
    expect(await waitForText(auditor.getByTestId('as-of-stage'), '受理')).toBe('受理');
    await auditor.getByRole('button', { name: '重放校验' }).click();
    const replay = await waitForText(auditor.getByTestId('replay-result'), /true/, 60_000);
    expect(replay).toContain('确定性');
    expect(replay).not.toContain('false');
    await screenshot(auditor, 'auditor');
  });

  it('a manager sees an escalation arrive live', async () => {
    const manager = await newPage();
    await signIn(manager, STAFF.manager);
    await manager.getByRole('menuitem', { name: '升级工单' }).click();
    await waitForText(manager.getByTestId('sse-state'), '实时');

    // An urgent case starts at the supervisor tier; one escalation takes it to the manager.
    const agent = api.token(STAFF.agent.id, ['agent']);
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: {
        channel: 'phone',
        waybillNo: newWaybill('ES'),
        complainant: { name: '赵六', phone: newPhone(), party: 'recipient', preferredChannel: 'phone' },
        category: 'loss',
        urgency: 'urgent',
        description: '快件显示签收但本人未收到。',
        expectedOutcome: '查找快件',
        claimedFen: 0,
        shipment: {
          originOutlet: OUTLET,
          deliveryOutlet: OUTLET,
          freightFen: 1800,
          chargedFen: 1800,
          insured: false,
          declaredValueFen: 0,
        },
      },
    });
    expect(created.status).toBe(201);
    const esc = await api.call<{ tier: string }>('POST', `/complaints/${created.body.id}/actions/escalate`, {
      token: agent,
      body: { reason: '客户情绪激动,要求经理处理' },
    });
    expect(esc.status).toBe(200);
    expect(esc.body.tier).toBe('manager');
    const live = manager.locator(`[data-testid="escalation-item"] a[href="/console/cases/${created.body.id}"]`);
    await live.waitFor({ timeout: 60_000 });
    await screenshot(manager, 'escalations-live');
    await live.click();
    await manager.getByTestId('stage').waitFor();
    expect(await textOf(manager.locator('h1'))).toContain('ES');
  });

  it("my work lists a team lead's notifications (live stream connected); the dashboard charts the summary report; a bad link says so; no page broke the CSP", async () => {
    const lead = await newPage();
    await signIn(lead, STAFF.lead);
    await waitForText(lead.getByTestId('sse-state'), '实时');
    // The approval request and the priority-delivery notice of the case above reached the team lead's inbox.
    const inbox = lead.getByTestId('inbox-item');
    await inbox.first().waitFor();
    expect(await inbox.count()).toBeGreaterThanOrEqual(1);
    await screenshot(lead, 'my-work');

    const supervisor = await newPage();
    await signIn(supervisor, STAFF.supervisor);
    await supervisor.getByRole('menuitem', { name: '数据看板' }).click();
    await supervisor.getByRole('figure', { name: '投诉类别占比' }).locator('canvas').waitFor();
    await supervisor.getByRole('figure', { name: '各网点工单数' }).locator('canvas').waitFor();
    await supervisor.getByRole('figure', { name: '时限达成率' }).locator('canvas').waitFor();
    const total = await eventually(
      async () => {
        await supervisor.reload();
        await supervisor.getByRole('figure', { name: '投诉类别占比' }).waitFor();
        return Number(await textOf(supervisor.locator('.ant-statistic-content-value').first()));
      },
      (n) => n >= 2,
      30_000,
    );
    // The supervisor of the run's outlet: its two cases (the archived one and the escalated one).
    expect(total).toBeGreaterThanOrEqual(2);
    await screenshot(supervisor, 'dashboard');

    const phone = await newPage({ width: 390, height: 844 }, true);
    await phone.goto(`${api.base}/public/cases/not.a-token/response`);
    expect(await waitForText(phone.locator('.ant-result-title'), '链接无法使用')).toBe('链接无法使用');
    expect(await textOf(phone.locator('.ant-result-subtitle'))).toContain('链接无效');

    expect(cspViolations).toEqual([]);
  });
});
