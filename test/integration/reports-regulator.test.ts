/**
 * The regulator's month (issue 12, R-REG-1, R-REG-3): generated appeal cases with known fines, seeded into the read
 * model (no workflows); the stored report built by the `regulatorMonthlyReport` workflow, a re-run giving the same
 * report; the reconciliation of the regulator's list from a CSV and from an XLSX (differences both ways, fines per
 * outlet, the outlets that may not appeal), per-row errors for bad rows; the report schedules.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { createCaseActivities } from '@complaintflow/activities/case-activities';
import { caseWorkflowId } from '@complaintflow/contracts';
import { appealPenalty } from '@complaintflow/domain/appeals';
import { evolve, type CaseEvent, type CaseState } from '@complaintflow/domain/case';
import { startTier } from '@complaintflow/domain/escalation';
import type { ReconciliationResult } from '@complaintflow/api/reports/regulator-reconciliation';
import type { StoredRegulatorReport } from '@complaintflow/persistence/repositories/regulator-reports';
import {
  earlyWarningScheduleId,
  ensureReportSchedules,
  regulatorReportScheduleId,
} from '@complaintflow/worker/schedules';
import { bootApi, newWaybill, type ApiHarness } from '../support/api';
import { intake } from '../support/fixtures';
import { FAST_POLICY } from '../support/policies';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MONTH = '2019-03';
const at = (iso: string) => Date.parse(iso);

interface SeededAppeal {
  readonly caseId: string;
  readonly externalRef: string | undefined;
  readonly waybillNo: string;
}

/** A regulator appeal as the worker records it: received, assessed (R-CH-2) and, when valid, penalised (R-REG-1/3). */
async function seedAppeal(
  api: ApiHarness,
  o: { ref?: string; outlet: string; parcels: number; valid: boolean; unclear?: boolean; decidedAt: number },
): Promise<SeededAppeal> {
  const i = intake({
    channel: 'regulator',
    ...(o.ref ? { externalRef: o.ref } : {}),
    waybillNo: newWaybill('RG'),
    receivedAt: o.decidedAt - 5 * 86_400_000,
    shipment: { ...intake().shipment, deliveryOutlet: o.outlet },
    complainantKey: `ck_${randomUUID().slice(0, 8)}`,
  });
  const policy = FAST_POLICY;
  const events: CaseEvent[] = [
    {
      seq: 1,
      at: i.receivedAt,
      actor: { kind: 'system' },
      data: { type: 'case.received', intake: i, policy, tier: startTier(i.urgency, i.isRepeat, policy.escalation) },
    },
    {
      seq: 2,
      at: o.decidedAt,
      actor: { kind: 'staff', id: 'inv-1', role: 'investigator' },
      data: { type: 'appeal.assessed', assessment: { valid: o.valid, ruleId: 'R-CH-2', reasons: [] } },
    },
  ];
  const penalty = appealPenalty({
    valid: o.valid,
    parcels: o.parcels,
    externalOutlet: o.outlet,
    replyWasUnclear: o.unclear ?? false,
  });
  if (penalty) {
    events.push({ seq: 3, at: o.decidedAt, actor: { kind: 'system' }, data: { type: 'appeal.penalised', penalty } });
  }
  let state: CaseState | undefined;
  for (const e of events) state = evolve(state, e);
  await createCaseActivities(api.h.dataSource).recordCaseEvents({
    workflowId: caseWorkflowId(i.caseId),
    events,
    state: state!,
  });
  return { caseId: i.caseId, externalRef: o.ref, waybillNo: i.waybillNo };
}

/** The answer of an upload: the stored reconciliation, or an error. */
type UploadAnswer = Record<string, unknown> & {
  readonly errors: unknown[];
  readonly result: ReconciliationResult;
  readonly error: { readonly details: unknown };
};

let api: ApiHarness;
let admin: string;
let supervisor: string;
const tag = randomUUID().slice(0, 6).toUpperCase();
const ref = (n: number) => `GJ${tag}-${n}`;
let A: SeededAppeal, B: SeededAppeal, C: SeededAppeal, D: SeededAppeal, E: SeededAppeal, F: SeededAppeal;

async function runReport(month: string) {
  const res = await api.call<{ workflowId: string; runId: string }>('POST', `/reports/regulator-monthly/${month}/run`, {
    token: admin,
  });
  expect(res.status).toBe(202);
  return api.h.client.workflow.getHandle(res.body.workflowId, res.body.runId).result();
}

async function upload(month: string, body: Uint8Array | string, contentType: string, token = supervisor) {
  const res = await fetch(`${api.base}/reports/regulator-monthly/${month}/reconciliation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as UploadAnswer };
}

beforeAll(async () => {
  api = await bootApi({ acceptLanguage: null });
  admin = api.token('admin-1', ['admin']);
  supervisor = api.token('sup-1', ['supervisor']);
  const march = (d: string) => at(`2019-03-${d}T04:00:00Z`);
  A = await seedAppeal(api, { ref: ref(1), outlet: 'BJ-101', parcels: 1, valid: true, decidedAt: march('05') });
  B = await seedAppeal(api, {
    ref: ref(2),
    outlet: 'BJ-101',
    parcels: 2,
    valid: true,
    unclear: true,
    decidedAt: march('12'),
  });
  // 2019-03-01 00:30 Beijing time: March (R-REG-1 counts by the Beijing month).
  C = await seedAppeal(api, {
    ref: ref(3),
    outlet: 'BJ-202',
    parcels: 1,
    valid: true,
    decidedAt: at('2019-02-28T16:30:00Z'),
  });
  // 2019-04-01 00:30 Beijing time: April.
  D = await seedAppeal(api, {
    ref: ref(4),
    outlet: 'BJ-202',
    parcels: 1,
    valid: true,
    decidedAt: at('2019-03-31T16:30:00Z'),
  });
  E = await seedAppeal(api, { ref: ref(5), outlet: 'BJ-202', parcels: 1, valid: false, decidedAt: march('20') });
  F = await seedAppeal(api, { outlet: 'BJ-303', parcels: 1, valid: true, decidedAt: march('25') });
});

afterAll(async () => {
  await api?.close();
});

describe('R-REG-1 the stored monthly report', () => {
  let first: StoredRegulatorReport;

  it('R-REG-1: a month not generated yet is 404 with a Chinese message', async () => {
    const res = await api.call<{ error: { code: string; message: string } }>(
      'GET',
      `/reports/regulator-monthly?month=2019-01`,
      { token: supervisor },
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('REPORT.NOT_GENERATED');
    expect(res.body.error.message).toMatch(/尚未生成/);
  });

  it('R-REG-1: only an admin runs the report; a malformed month is refused', async () => {
    const res = await api.call('POST', `/reports/regulator-monthly/${MONTH}/run`, { token: supervisor });
    expect(res.status).toBe(403);
    const bad = await api.call('GET', `/reports/regulator-monthly?month=2019-13`, { token: supervisor });
    expect(bad.status).toBe(400);
    const agent = await api.call('GET', `/reports/regulator-monthly?month=${MONTH}`, {
      token: api.token('agent-9', ['agent']),
    });
    expect(agent.status).toBe(403);
  });

  it('R-REG-1/R-REG-3: the workflow stores the valid appeals of the Beijing month, fines per outlet, penalty appealable', async () => {
    const result = await runReport(MONTH);
    expect(result).toMatchObject({ month: MONTH, totalValidAppeals: 4, totalFineFen: 500_000, changed: true });
    const res = await api.call<StoredRegulatorReport>('GET', `/reports/regulator-monthly?month=${MONTH}`, {
      token: api.token('aud-1', ['auditor']),
    });
    expect(res.status).toBe(200);
    first = res.body;
    expect(first.dataDueDate).toBe('2019-04-25');
    expect(first.generatedBy).toBe('admin:admin-1');
    const byCase = Object.fromEntries(first.rows.map((r) => [r.caseId, r]));
    expect(Object.keys(byCase).sort()).toEqual([A.caseId, B.caseId, C.caseId, F.caseId].sort());
    expect(byCase[D.caseId]).toBeUndefined(); // April in Beijing time
    expect(byCase[E.caseId]).toBeUndefined(); // not valid (R-CH-2)
    expect(byCase[A.caseId]).toMatchObject({
      externalRef: ref(1),
      waybillNo: A.waybillNo,
      outlet: 'BJ-101',
      parcels: 1,
      fineFen: 100_000,
      penaltyAppealable: true,
    });
    // R-REG-3: the unclear reply's outlet may not appeal this penalty.
    expect(byCase[B.caseId]).toMatchObject({
      outlet: 'BJ-101',
      parcels: 2,
      fineFen: 200_000,
      penaltyAppealable: false,
    });
    expect(byCase[F.caseId]).toMatchObject({ externalRef: null, outlet: 'BJ-303', fineFen: 100_000 });
    expect(first.outlets).toEqual([
      { outlet: 'BJ-101', validAppeals: 2, parcels: 3, fineFen: 300_000, notAppealable: 1 },
      { outlet: 'BJ-202', validAppeals: 1, parcels: 1, fineFen: 100_000, notAppealable: 0 },
      { outlet: 'BJ-303', validAppeals: 1, parcels: 1, fineFen: 100_000, notAppealable: 0 },
    ]);
    expect(first.totalFineFen).toBe(500_000);
    expect(first.totalParcels).toBe(5);
  });

  it('R-REG-1: re-running the month gives the identical stored report', async () => {
    const again = await runReport(MONTH);
    expect(again).toMatchObject({ month: MONTH, changed: false, contentHash: first.contentHash });
    const res = await api.call<StoredRegulatorReport>('GET', `/reports/regulator-monthly?month=${MONTH}`, {
      token: supervisor,
    });
    expect(res.body).toEqual(first);
  });
});

describe('R-REG-1 exports of the month', () => {
  it('as CSV with Chinese headers (English on request) and as XLSX with both tables; a bad format is 400', async () => {
    const path = `/reports/regulator-monthly?month=${MONTH}`;
    const csv = await api.call<string>('GET', `${path}&format=csv`, { token: supervisor });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toContain('运单号');
    expect(lines[0]).toContain('罚款(元)');
    expect(lines).toHaveLength(1 + 4); // the four valid appeals of the month
    expect(lines.find((l) => l.includes(B.waybillNo))).toContain('2000'); // 200 000 fen = 2000 CNY
    const en = await api.call<string>('GET', path, {
      token: supervisor,
      headers: { accept: 'text/csv', 'accept-language': 'en' },
    });
    expect(en.body).toContain('Outlet responsible');
    const res = await fetch(`${api.base}${path}&format=xlsx`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual([`${MONTH} 有效申诉`, `${MONTH} 各网点罚款`]);
    const outlets = book.worksheets[1];
    expect(outlets.getRow(1).getCell(1).value).toBe('网点');
    expect(outlets.getRow(2).values).toEqual(expect.arrayContaining(['BJ-101', 2, 3, 300_000, 3000, 1]));
    const bad = await api.call('GET', `${path}&format=pdf`, { token: supervisor });
    expect(bad.status).toBe(400);
  });
});

describe('R-REG-1/R-REG-3 reconciliation with the regulator list', () => {
  it('R-REG-1: from a CSV — differences both ways, fines per outlet, R-REG-3 outlets, per-row errors', async () => {
    const csv = [
      '申诉编号,运单号,责任网点,件数,罚款金额(元)',
      `${ref(1)},${A.waybillNo},BJ-101,1,1000`,
      `,${B.waybillNo},,2,`,
      `${ref(4)},${D.waybillNo},BJ-202,1,1000`,
      `${ref(9)},ZZ${tag}999999,BJ-404,1,`,
      `${ref(5)},${E.waybillNo},BJ-202,1,`,
      ',,BJ-101,1,',
      `${ref(10)},abc,BJ-101,0,`,
      `"${ref(1)}",${A.waybillNo},BJ-101,1,`,
      '',
    ].join('\r\n');
    const res = await upload(MONTH, `\ufeff${csv}`, 'text/csv; charset=utf-8');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ month: MONTH, status: 'done', fileType: 'csv', totalRows: 8, errorRows: 3 });
    expect(res.body.errors).toEqual([
      { row: 7, column: '申诉编号/运单号', reason: '申诉编号与运单号不能都为空' },
      { row: 8, column: '运单号', reason: expect.stringContaining('8–32') },
      { row: 8, column: '件数', reason: '件数须为正整数' },
      { row: 9, column: '申诉编号', reason: '与第 2 行的申诉编号重复' },
    ]);
    const r = res.body.result;
    expect(r.matched).toEqual([
      { row: 2, caseId: A.caseId, by: 'external_ref' },
      { row: 3, caseId: B.caseId, by: 'waybill' },
    ]);
    // Theirs, not ours: with why.
    expect(
      r.onlyTheirs.map((x: { row: number; reason: string; caseId: string | null }) => [x.row, x.reason, x.caseId]),
    ).toEqual([
      [4, 'other_month', D.caseId],
      [5, 'not_found', null],
      [6, 'not_valid', E.caseId],
    ]);
    expect(r.onlyTheirs[0].reasonLabel.zh).toMatch(/其他月份/);
    // Ours, not theirs.
    expect(r.onlyOurs.map((x: { caseId: string }) => x.caseId).sort()).toEqual([C.caseId, F.caseId].sort());
    const outlets = Object.fromEntries(r.outlets.map((o: { outlet: string }) => [o.outlet, o]));
    expect(outlets['BJ-101']).toMatchObject({
      ourFineFen: 300_000,
      theirFineFen: 300_000,
      differenceFen: 0,
      mayAppealPenalty: false,
      notAppealableCases: [B.caseId],
    });
    expect(outlets['BJ-202']).toMatchObject({ ourFineFen: 100_000, theirFineFen: 200_000, differenceFen: 100_000 });
    expect(outlets['BJ-404']).toMatchObject({ ourFineFen: 0, theirFineFen: 100_000, mayAppealPenalty: true });
    expect(r.outletsNotAppealable).toEqual(['BJ-101']);

    const latest = await api.call<Record<string, unknown>>(
      'GET',
      `/reports/regulator-monthly/${MONTH}/reconciliation`,
      {
        token: supervisor,
      },
    );
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual(res.body);
  });

  it('R-REG-1: from an XLSX built with exceljs — matched by reference and waybill, the rest both ways', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('有效申诉');
    sheet.addRow(['运单号', '申诉编号', '件数']);
    sheet.addRow([C.waybillNo, ref(3), 1]);
    sheet.addRow([F.waybillNo, '', 1]);
    sheet.addRow(['bad!', '', 1]);
    const body = new Uint8Array(await workbook.xlsx.writeBuffer());
    const res = await upload(MONTH, body, XLSX);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileType: 'xlsx', totalRows: 3, errorRows: 1 });
    expect(res.body.errors).toEqual([{ row: 4, column: '运单号', reason: expect.stringContaining('运单号') }]);
    expect(res.body.result.matched).toEqual([
      { row: 2, caseId: C.caseId, by: 'external_ref' },
      { row: 3, caseId: F.caseId, by: 'waybill' },
    ]);
    expect(res.body.result.onlyTheirs).toEqual([]);
    expect(res.body.result.onlyOurs.map((x: { caseId: string }) => x.caseId).sort()).toEqual(
      [A.caseId, B.caseId].sort(),
    );
  });

  it('refuses a list without the columns, another media type, a month without a report, an auditor upload', async () => {
    const noHeader = await upload(MONTH, '网点,件数\r\nBJ-101,1\r\n', 'text/csv');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.details).toEqual([{ row: 1, column: '表头', reason: '缺少“申诉编号”或“运单号”列' }]);
    const pdf = await upload(MONTH, 'x', 'application/pdf');
    expect(pdf.status).toBe(415);
    const noReport = await upload('2019-01', `运单号\r\n${A.waybillNo}\r\n`, 'text/csv');
    expect(noReport.status).toBe(404);
    const auditor = await upload(MONTH, `运单号\r\n${A.waybillNo}\r\n`, 'text/csv', api.token('aud-1', ['auditor']));
    expect(auditor.status).toBe(403);
  });

  it('a list larger than the raw limit is 413 (the JSON limit of 64 KiB does not apply to it)', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${ref(1000 + i)},ZX${String(i).padStart(10, '0')}`);
    const ok = await upload(MONTH, ['申诉编号,运单号', ...rows].join('\n'), 'text/csv');
    expect(ok.status).toBe(201); // about 70 KiB: larger than the JSON limit, within the upload's
    const huge = await upload(MONTH, 'a'.repeat(3 * 1024 * 1024), 'text/csv');
    expect(huge.status).toBe(413);
  });
});

describe('the report schedules', () => {
  it('R-REG-1/R-RPT-2: created at worker start with fixed ids, "already exists" tolerated', async () => {
    const queue = `sched-${randomUUID()}`;
    try {
      expect(await ensureReportSchedules(api.h.client, queue)).toEqual({
        regulatorMonthlyReport: 'created',
        earlyWarning: 'created',
      });
      expect(await ensureReportSchedules(api.h.client, queue)).toEqual({
        regulatorMonthlyReport: 'exists',
        earlyWarning: 'exists',
      });
      const monthly = await api.h.client.schedule.getHandle(regulatorReportScheduleId(queue)).describe();
      expect(monthly.spec.timezone).toBe('Asia/Shanghai');
      expect(monthly.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
      expect(monthly.action).toMatchObject({ type: 'startWorkflow', workflowType: 'regulatorMonthlyReport' });
      const hourly = await api.h.client.schedule.getHandle(earlyWarningScheduleId(queue)).describe();
      expect(hourly.action).toMatchObject({ workflowType: 'earlyWarningDetector' });
    } finally {
      await api.h.client.schedule
        .getHandle(regulatorReportScheduleId(queue))
        .delete()
        .catch(() => undefined);
      await api.h.client.schedule
        .getHandle(earlyWarningScheduleId(queue))
        .delete()
        .catch(() => undefined);
    }
  });
});
