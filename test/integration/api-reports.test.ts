/**
 * The reports on the real stack (issue 12): cases recorded by the worker's own `recordCaseEvents` (the upsert whose
 * trigger fills `report_rollups`), then read through the real API — the summary (R-RPT-1, R-CAT-2) with known
 * counts, shares, compliance, p90, satisfaction and rates; a case moving stage moves its count; filters; the
 * liability publication (R-LIA-11) without personal data; the assessment (R-RPT-3, R-REV-3); CSV and XLSX exports
 * with Chinese headers; bad queries → 400.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { createCaseActivities } from '@complaintflow/activities/case-activities';
import { caseWorkflowId } from '@complaintflow/contracts';
import { evolve, type CaseEvent, type CaseState } from '@complaintflow/domain/case';
import { startTier } from '@complaintflow/domain/escalation';
import { bucketIndex } from '@complaintflow/domain/reports/summary';
import { REPORT_HANDLING_BOUNDS_MS } from '@complaintflow/persistence/repositories/report-rollups';
import { bootApi, type ApiHarness, type ErrorAnswer } from '../support/api';
import { intake } from '../support/fixtures';
import { FAST_POLICY } from '../support/policies';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const OUTLET = `RPT-${randomUUID().slice(0, 8)}`;
/** 2020-03-05 10:00 Beijing. */
const MARCH_5 = Date.UTC(2020, 2, 5, 2);
const MARCH_20 = Date.UTC(2020, 2, 20, 2);
const PII = { name: '李报表', phone: '13987654321', email: 'li.baobiao@example.com' };

let api: ApiHarness;
let supervisor: string;

/** Records `state` as the worker does, with one more event (so the row's `last_seq` grows). */
async function record(state: CaseState, data: CaseEvent['data']): Promise<CaseState> {
  const next: CaseState = { ...state, lastSeq: state.lastSeq + 1 };
  const event: CaseEvent = { seq: next.lastSeq, at: next.updatedAt, actor: { kind: 'system' }, data };
  await createCaseActivities(api.h.dataSource).recordCaseEvents({
    workflowId: caseWorkflowId(state.caseId),
    events: [event],
    state: next,
  });
  return next;
}

/** A received case (seq 1, through `recordCaseEvents`). */
async function receive(o: {
  category: CaseState['category'];
  channel: CaseState['channel'];
  at: number;
  owner: string;
  repeat?: boolean;
}) {
  const i = intake({
    category: o.category,
    channel: o.channel,
    receivedAt: o.at,
    receivedBy: o.owner,
    isRepeat: o.repeat ?? false,
    shipment: { ...intake().shipment, originOutlet: OUTLET, deliveryOutlet: 'BJ-007' },
  });
  const event: CaseEvent = {
    seq: 1,
    at: o.at,
    actor: { kind: 'system' },
    data: {
      type: 'case.received',
      intake: i,
      policy: FAST_POLICY,
      tier: startTier(i.urgency, i.isRepeat, FAST_POLICY.escalation),
    },
  };
  const state = evolve(undefined, event);
  await createCaseActivities(api.h.dataSource).recordCaseEvents({
    workflowId: caseWorkflowId(i.caseId),
    events: [event],
    state,
  });
  return state;
}

const clock = (kind: string, at: number, how: 'metAt' | 'breachedAt', statutory = false) => ({
  kind,
  startedAt: at,
  duration: { amount: 1, unit: 'hours' },
  statutory,
  [how]: at + HOUR,
});

/** Closed after `hours`, with the given clocks, survey, findings and plan (the PII planted in free text). */
async function close(
  s: CaseState,
  o: {
    hours: number;
    deadlines: Record<string, unknown>;
    survey?: { speed: number; effectiveness: number; attitude: number; transparency: number; dissatisfied: boolean };
    cause: string;
    liable: boolean;
    ruleId: string;
    remedies: string[];
    reopenCount?: number;
  },
) {
  const at = s.receivedAt + o.hours * HOUR;
  const survey = o.survey
    ? {
        speed: o.survey.speed,
        effectiveness: o.survey.effectiveness,
        attitude: o.survey.attitude,
        transparency: o.survey.transparency,
        suggestion: `${PII.name} ${PII.phone}`,
        mean: (o.survey.speed + o.survey.effectiveness + o.survey.attitude + o.survey.transparency) / 4,
        reopenReview: o.survey.dissatisfied,
      }
    : undefined;
  const closed = {
    ...s,
    stage: 'closed',
    updatedAt: at,
    deadlines: o.deadlines,
    closure: { kind: 'archived', reason: 'survey', at },
    reopenCount: o.reopenCount ?? 0,
    findings: {
      summary: `投诉人${PII.name},电话 ${PII.phone},邮箱 ${PII.email}`,
      rootCause: o.cause,
      companyLiable: o.liable,
      evidence: [],
      partiesHeard: [PII.name],
    },
    liability: { external: OUTLET, internal: null, companyLiable: o.liable, ruleId: o.ruleId },
    plan: { remedies: o.remedies, compensationFen: 0, floorOffer: false, note: PII.email },
    ...(survey ? { survey } : {}),
  } as unknown as CaseState;
  return record(closed, { type: 'case.archived', withSurvey: survey !== undefined });
}

interface Line {
  key: string;
  count: number;
  share: number | null;
  label?: { zh: string; en: string };
}
interface Summary {
  cases: number;
  closed: number;
  byCategory: Line[];
  byGroup: Line[];
  byChannel: Line[];
  byStage: Line[];
  byOutlet: Line[];
  deadlineCompliance: {
    met: number;
    breached: number;
    compliance: number | null;
    byClock: { clock: string; met: number; breached: number; compliance: number | null }[];
  };
  handlingTime: { closed: number; meanMs: number | null; p90Ms: number | null };
  satisfaction: {
    surveyed: number;
    means: Record<string, number | null>;
    overall: number | null;
    dissatisfied: number;
  };
  reopenRate: number | null;
  repeatRate: number | null;
}

const byKey = (lines: Line[]) => Object.fromEntries(lines.map((l) => [l.key, [l.count, l.share]]));

async function summary(query: string): Promise<Summary> {
  const res = await api.call<Summary>('GET', `/reports/summary?outlet=${OUTLET}${query}`, { token: supervisor });
  expect(res.status).toBe(200);
  return res.body;
}

let open: CaseState;

beforeAll(async () => {
  api = await bootApi({ worker: false });
  supervisor = api.token('sup-rpt', ['supervisor']);
  // A: delay by phone, closed after 10 h; classify met, first reply breached; satisfied survey.
  const a = await receive({ category: 'delay', channel: 'phone', at: MARCH_5, owner: 'agent-a' });
  await close(a, {
    hours: 10,
    deadlines: {
      classify: clock('classify', MARCH_5, 'metAt'),
      first_reply: clock('first_reply', MARCH_5, 'breachedAt'),
    },
    survey: { speed: 5, effectiveness: 5, attitude: 4, transparency: 4, dissatisfied: false },
    cause: 'human_error',
    liable: true,
    ruleId: 'R-LIA-1',
    remedies: ['apology', 'compensation'],
  });
  // B: delay by app, closed after 30 h, reopened once; statutory reply breached; dissatisfied survey.
  const b = await receive({ category: 'delay', channel: 'app', at: MARCH_5, owner: 'agent-a' });
  await close(b, {
    hours: 30,
    deadlines: {
      classify: clock('classify', MARCH_5, 'metAt'),
      statutory_reply: clock('statutory_reply', MARCH_5, 'breachedAt', true),
    },
    survey: { speed: 2, effectiveness: 3, attitude: 3, transparency: 4, dissatisfied: true },
    cause: 'handoff',
    liable: false,
    ruleId: 'R-LIA-10',
    remedies: ['explanation'],
    reopenCount: 1,
  });
  // C: loss by phone, a repeat, closed after 100 h; classify met; no survey.
  const c = await receive({ category: 'loss', channel: 'phone', at: MARCH_5, owner: 'agent-b', repeat: true });
  await close(c, {
    hours: 100,
    deadlines: { classify: clock('classify', MARCH_5, 'metAt') },
    cause: 'human_error',
    liable: true,
    ruleId: 'R-LIA-1',
    remedies: ['apology', 'compensation'],
  });
  // D: overcharge on the web, still in acceptance, received 20 March; classify breached.
  const d = await receive({ category: 'overcharge', channel: 'web', at: MARCH_20, owner: 'agent-b' });
  open = await record(
    { ...d, deadlines: { classify: clock('classify', MARCH_20, 'breachedAt') } } as unknown as CaseState,
    { type: 'deadline.breached', kind: 'classify' } as CaseEvent['data'],
  );
});

afterAll(async () => {
  await api?.close();
});

describe('GET /reports/summary (R-RPT-1) from the rollups', () => {
  it('counts and shares by category, group (R-CAT-2), channel, stage and outlet', async () => {
    const s = await summary('');
    expect(s.cases).toBe(4);
    expect(s.closed).toBe(3);
    expect(byKey(s.byCategory)).toEqual({ delay: [2, 0.5], loss: [1, 0.25], overcharge: [1, 0.25] });
    expect(s.byCategory[0].label).toEqual({ zh: '延误', en: 'Delay' });
    expect(byKey(s.byGroup)).toEqual({ service: [2, 0.5], safety: [1, 0.25], fee: [1, 0.25] });
    expect(byKey(s.byChannel)).toEqual({ phone: [2, 0.5], app: [1, 0.25], web: [1, 0.25] });
    expect(byKey(s.byStage)).toEqual({ closed: [3, 0.75], acceptance: [1, 0.25] });
    expect(byKey(s.byOutlet)).toEqual({ [OUTLET]: [4, 1] });
  });

  it('deadline compliance per clock, mean and p90 handling time, satisfaction, reopen and repeat rates', async () => {
    const s = await summary('');
    const clocks = Object.fromEntries(
      s.deadlineCompliance.byClock.map((c) => [c.clock, [c.met, c.breached, c.compliance]]),
    );
    expect(clocks.classify).toEqual([3, 1, 0.75]);
    expect(clocks.first_reply).toEqual([0, 1, 0]);
    expect(clocks.statutory_reply).toEqual([0, 1, 0]);
    expect(clocks.plan).toEqual([0, 0, null]);
    expect(s.deadlineCompliance).toMatchObject({ met: 3, breached: 3, compliance: 0.5 });
    expect(s.handlingTime.closed).toBe(3);
    expect(s.handlingTime.meanMs).toBeCloseTo(((10 + 30 + 100) / 3) * HOUR, 0);
    // Nearest rank: the 3rd of 3 (100 h) lies in the bucket [96 h, 120 h): p90 ≤ 120 h.
    expect(bucketIndex(100 * HOUR, REPORT_HANDLING_BOUNDS_MS)).toBe(REPORT_HANDLING_BOUNDS_MS.indexOf(120 * HOUR));
    expect(s.handlingTime.p90Ms).toBe(120 * HOUR);
    expect(s.satisfaction).toEqual({
      surveyed: 2,
      means: { speed: 3.5, effectiveness: 4, attitude: 3.5, transparency: 4 },
      overall: 3.75,
      dissatisfied: 1,
      dissatisfiedShare: 0.5,
    });
    expect(s.reopenRate).toBe(0.25);
    expect(s.repeatRate).toBe(0.25);
  });

  it('a case changing stage moves its contribution (no double counting)', async () => {
    open = await record({ ...open, stage: 'investigation', updatedAt: MARCH_20 + HOUR } as CaseState, {
      type: 'case.assigned',
      assignee: 'agent-b',
      previousOwner: 'agent-b',
    });
    const s = await summary('');
    expect(s.cases).toBe(4);
    expect(byKey(s.byStage)).toEqual({ closed: [3, 0.75], investigation: [1, 0.25] });
    // Recording the same state again (a retried activity) changes nothing.
    await createCaseActivities(api.h.dataSource).recordCaseEvents({
      workflowId: caseWorkflowId(open.caseId),
      events: [],
      state: open,
    });
    expect((await summary('')).cases).toBe(4);
  });

  it('filters by category and by receipt dates (day rows, month rows and both)', async () => {
    expect((await summary('&category=delay')).cases).toBe(2);
    expect((await summary('&category=loss')).byChannel).toEqual([
      { key: 'phone', label: { zh: '电话', en: 'Phone' }, count: 1, share: 1 },
    ]);
    expect((await summary('&from=2020-03-10')).cases).toBe(1);
    expect((await summary('&from=2020-03-01&to=2020-03-31')).cases).toBe(4);
    expect((await summary('&from=2020-02-15&to=2020-04-10')).cases).toBe(4);
    expect((await summary('&from=2020-03-06&to=2020-03-19')).cases).toBe(0);
    expect((await summary('&to=2020-03-05')).cases).toBe(3);
    const none = await summary('&from=2020-04-01');
    expect(none).toMatchObject({ cases: 0, reopenRate: null, handlingTime: { meanMs: null, p90Ms: null } });
  });

  it('R-RPT-1: week rows are kept exact by the triggers and serve the weeks at a range’s edges', async () => {
    // Every week row of the outlet is the sum of its day rows, every month row the sum of its week rows (also after
    // D moved stage above), and the week rows are the ones `monthWeekStart` names (March 5 → 1st, March 20 → 15th).
    const sums = ['cases', 'closed', 'handling_ms', 'st_acceptance', 'st_investigation', 'st_closed', 'surveyed'];
    const rows: ({ grain: string; period: string; category: string } & Record<string, string>)[] =
      await api.h.dataSource.query(
        `SELECT grain, to_char(period, 'YYYY-MM-DD') AS period, category, ${sums.join(', ')}
         FROM report_rollups WHERE outlet = $1 ORDER BY grain, period, category`,
        [OUTLET],
      );
    const weeks = rows.filter((r) => r.grain === 'week');
    expect(weeks.map((r) => [r.period, r.category, Number(r.cases)])).toEqual([
      ['2020-03-01', 'delay', 2],
      ['2020-03-01', 'loss', 1],
      ['2020-03-15', 'overcharge', 1],
    ]);
    expect(weeks.find((r) => r.period === '2020-03-15')).toMatchObject({ st_investigation: 1, st_acceptance: 0 });
    const total = (grain: string, category: string, column: string, within: (period: string) => boolean) =>
      rows
        .filter((r) => r.grain === grain && r.category === category && within(r.period))
        .reduce((n, r) => n + Number(r[column]), 0);
    for (const w of weeks) {
      const end = w.period.replace(/\d\d$/, (d) => String(Number(d) + 6).padStart(2, '0'));
      for (const column of sums) {
        expect(total('day', w.category, column, (p) => p >= w.period && p <= end)).toBe(Number(w[column]));
      }
    }
    for (const m of rows.filter((r) => r.grain === 'month')) {
      for (const column of sums) {
        expect(total('week', m.category, column, (p) => p.slice(0, 7) === m.period.slice(0, 7))).toBe(
          Number(m[column]),
        );
      }
    }
    // Ranges read through week rows: March 1–14 (weeks 1, 8), March 15–21 (week 15), Feb 20 – March 7 (days 20–21,
    // weeks Feb 22, Feb 29 and March 1), March 8–31 (weeks 8–29: none of March 5).
    expect((await summary('&from=2020-03-01&to=2020-03-14')).cases).toBe(3);
    const week15 = await summary('&from=2020-03-15&to=2020-03-21');
    expect([week15.cases, byKey(week15.byStage)]).toEqual([1, { investigation: [1, 1] }]);
    expect((await summary('&from=2020-02-20&to=2020-03-07')).cases).toBe(3);
    expect((await summary('&from=2020-03-08&to=2020-03-31')).cases).toBe(1);
    expect((await summary('&from=2020-03-06&to=2020-03-21')).cases).toBe(1);
  });

  it('exports CSV and XLSX with Chinese headers by default, English on request', async () => {
    const csv = await fetch(`${api.base}/reports/summary?outlet=${OUTLET}&format=csv`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = (await csv.text()).replace(/^\ufeff/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('指标,项目,名称,数量,占比,数值');
    expect(lines).toContain('按投诉类别,delay,延误,2,0.5,');
    expect(lines).toContain('按类别大类,safety,安全类,1,0.25,');

    const accepted = await fetch(`${api.base}/reports/summary?outlet=${OUTLET}`, {
      headers: { authorization: `Bearer ${supervisor}`, accept: 'text/csv', 'accept-language': 'en' },
    });
    expect((await accepted.text()).replace(/^\ufeff/, '').split('\r\n')[0]).toBe('Section,Item,Name,Count,Share,Value');

    const xlsx = await fetch(`${api.base}/reports/summary?outlet=${OUTLET}&format=xlsx`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '指标', '项目', '名称', '数量', '占比', '数值']);
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows.some((r) => r[2] === 'delay' && r[4] === 2 && r[5] === 0.5)).toBe(true);
  });

  it('refuses a bad query with 400, the field and the reason (Chinese by default)', async () => {
    for (const [query, field, reason] of [
      ['from=2020-13-01', 'from', /必须是日期/],
      ['category=nope', 'category', /必须是以下值之一/],
      ['bogus=1', 'bogus', /不是允许的字段/],
      ['from=2020-03-10&to=2020-03-01', 'to', /不能早于 from/],
      ['outlet=a%20b', 'outlet', /网点编码/],
    ] as const) {
      const res = await api.call<ErrorAnswer>('GET', `/reports/summary?${query}`, {
        token: supervisor,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('REQUEST.INVALID');
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ field, reason: expect.stringMatching(reason) }),
      ]);
    }
    const en = await api.call<ErrorAnswer>('GET', '/reports/summary?from=yesterday', { token: supervisor });
    expect(en.body.error.details).toEqual([{ field: 'from', reason: 'must be a date YYYY-MM-DD (Beijing time)' }]);
  });

  it('is for supervisors, managers, auditors and admins; an outlet-level user sees only their outlet', async () => {
    const agent = await api.call('GET', '/reports/summary', { token: api.token('agent-rpt', ['agent']) });
    expect(agent.status).toBe(403);
    const local = api.token('sup-local', ['supervisor'], { outlet: 'ELSEWHERE-1' });
    expect((await api.call('GET', `/reports/summary?outlet=${OUTLET}`, { token: local })).status).toBe(403);
    const own = await api.call<Summary>('GET', '/reports/summary', { token: local });
    expect(own.status).toBe(200);
    expect(own.body.cases).toBe(0);
  });
});

describe('GET /reports/liability-publication (R-LIA-11)', () => {
  it('category, cause, liability result and measures of the month, grouped, with no personal data', async () => {
    const res = await api.call<{ rows: Record<string, unknown>[]; cases: number }>(
      'GET',
      '/reports/liability-publication?month=2020-03',
      { token: supervisor },
    );
    expect(res.status).toBe(200);
    const mine = res.body.rows;
    expect(mine).toEqual([
      expect.objectContaining({
        category: 'delay',
        cause: 'handoff',
        companyLiable: false,
        ruleId: 'R-LIA-10',
        measures: ['explanation'],
        cases: 1,
      }),
      expect.objectContaining({
        category: 'delay',
        cause: 'human_error',
        companyLiable: true,
        ruleId: 'R-LIA-1',
        measures: ['apology', 'compensation'],
        cases: 1,
      }),
      expect.objectContaining({
        category: 'loss',
        cause: 'human_error',
        causeLabel: { zh: '人为失误', en: 'Human error' },
        liabilityLabel: { zh: '公司有责', en: 'Company liable' },
        measuresLabel: { zh: '道歉、赔偿', en: 'Apology, Compensation' },
        cases: 1,
      }),
    ]);
    for (const format of ['json', 'csv', 'html', 'xlsx']) {
      const body = await fetch(`${api.base}/reports/liability-publication?month=2020-03&format=${format}`, {
        headers: { authorization: `Bearer ${supervisor}` },
      });
      expect(body.status).toBe(200);
      const raw = Buffer.from(await body.arrayBuffer());
      let text = raw.toString('utf8');
      if (format === 'xlsx') {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
        text = JSON.stringify(book.worksheets[0].getSheetValues());
        expect(book.worksheets[0].getRow(1).values).toEqual([
          undefined,
          '投诉类别',
          '原因',
          '责任认定',
          '认定依据',
          '整改措施',
          '件数',
        ]);
      }
      for (const secret of Object.values(PII)) expect(text).not.toContain(secret);
      expect(text).not.toContain(OUTLET);
      if (format === 'csv')
        expect(text.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('投诉类别,原因,责任认定,认定依据,整改措施,件数');
      if (format === 'html') {
        expect(body.headers.get('content-type')).toMatch(/^text\/html/);
        expect(text).toContain('<td>公司无责</td>');
      }
    }
    expect((await api.call('GET', '/reports/liability-publication?month=2020-13', { token: supervisor })).status).toBe(
      400,
    );
    expect((await api.call('GET', '/reports/liability-publication', { token: supervisor })).status).toBe(400);
  });
});

describe('GET /reports/assessment (R-RPT-3, R-REV-3)', () => {
  it('timeliness, quality and compliance per handler, and the survey summary for the leadership', async () => {
    const res = await api.call<{ lines: Record<string, unknown>[]; survey: Record<string, unknown> }>(
      'GET',
      `/reports/assessment?from=2020-03-01&to=2020-03-31&by=handler&outlet=${OUTLET}`,
      { token: supervisor },
    );
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([
      {
        key: 'agent-a',
        period: null,
        cases: 2,
        timeliness: 0.5,
        quality: 3.75,
        surveyed: 2,
        compliance: 0.5,
        reopened: 1,
        reopenRate: 0.5,
        dissatisfied: 1,
        dissatisfiedShare: 0.5,
      },
      {
        key: 'agent-b',
        period: null,
        cases: 1,
        timeliness: 1,
        quality: null,
        surveyed: 0,
        compliance: 1,
        reopened: 0,
        reopenRate: 0,
        dissatisfied: 0,
        dissatisfiedShare: null,
      },
    ]);
    expect(res.body.survey).toMatchObject({ surveyed: 2, overall: 3.75, dissatisfied: 1 });
    const byOutlet = await api.call<{ lines: { key: string; cases: number }[] }>(
      'GET',
      `/reports/assessment?from=2020-03-01&to=2020-03-31&by=outlet&outlet=${OUTLET}`,
      { token: supervisor },
    );
    expect(byOutlet.body.lines).toEqual([expect.objectContaining({ key: OUTLET, cases: 3, timeliness: 0.6 })]);
    const csv = await fetch(
      `${api.base}/reports/assessment?from=2020-03-01&to=2020-03-31&outlet=${OUTLET}&format=csv`,
      { headers: { authorization: `Bearer ${supervisor}` } },
    );
    const lines = (await csv.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('考核对象,结案数,及时率,满意度均分,回访数,不满意数,重开数,重开率,合规率');
    expect(lines[1]).toBe('agent-a,2,0.5,3.75,2,1,1,0.5,0.5');
    const bad = await api.call<ErrorAnswer>('GET', '/reports/assessment?from=2020-03-01&by=team', {
      token: supervisor,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['by', 'to']);
  });
});
