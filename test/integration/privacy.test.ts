/**
 * Personal data (issue 15, docs/adr/0019-personal-data-free-text-retention.md), on the real API, worker, Temporal and
 * PostgreSQL:
 * - free text: a complainant's name typed into the notes, the findings (summary, parties heard, evidence), the plan,
 *   the approval, the customer's answers and the survey shows in clear to the roles that handle cases and nowhere in
 *   what an auditor gets (case view, history, export bundle, report exports);
 * - retention: an archived case past the retention period loses its personal data from PostgreSQL, the chain still
 *   verifies (and replays against the Temporal history), and the non-personal record stays for the reports;
 * - the data-subject access export: by phone or e-mail through the keyed hash, admin only, recorded.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { verifyAuditBundle, type AuditBundle } from '@complaintflow/audit';
import { resolveWorkflowCode } from '@complaintflow/workflows/code';
import { WITHHELD } from '@complaintflow/domain/free-text';
import type { Role } from '@complaintflow/domain/vocabulary';
import { bootApi, intakeBody, type ApiHarness, type ErrorAnswer } from '../support/api';
import { uniqueName, walkToArchive, type WalkedCase } from '../support/privacy';

/** Far enough back that no other test file's case (the reports' go back to 2020) is ever due in this run. */
const RETENTION_DAYS = 9000;

let api: ApiHarness;
let admin: string;
let walked: WalkedCase;
const RUN = randomUUID().slice(0, 6).toUpperCase();

const CLEAR_ROLES: Role[] = ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'admin'];

beforeAll(async () => {
  api = await bootApi({
    env: { PII_RETENTION_DAYS: String(RETENTION_DAYS), PII_RETENTION_SWEEP_MINUTES: '0' },
  });
  admin = api.token('priv-admin', ['admin']);
  walked = await walkToArchive(api, { outlet: `PV${RUN}` });
}, 180_000);

afterAll(async () => {
  await api?.close();
});

const get = (path: string, token: string) => api.call<Record<string, unknown>>('GET', path, { token });

async function download(path: string, token: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (!(res.headers.get('content-type') ?? '').includes('spreadsheetml'))
    return { status: res.status, text: buf.toString() };
  // XLSX: the cells' text, sheet by sheet (the file itself is compressed).
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? '')))));
  return { status: res.status, text: cells.join('\n') };
}

describe('staff free text is personal data: shown by role (ADR 0019)', () => {
  it('the case view: in clear for the roles that handle cases, withheld for an auditor', async () => {
    const path = `/complaints/${walked.id}`;
    for (const role of CLEAR_ROLES) {
      const res = await get(path, api.token(`priv-${role}`, [role]));
      expect([role, res.status]).toEqual([role, 200]);
      const findings = res.body.findings as { partiesHeard: string[]; summary: string };
      expect([role, findings.partiesHeard[0]]).toEqual([role, `投诉人${walked.name}`]);
      expect(JSON.stringify(res.body)).toContain(`向${walked.name}致歉`);
    }
    const audited = await get(path, api.token('priv-auditor', ['auditor']));
    expect(audited.status).toBe(200);
    expect(JSON.stringify(audited.body)).not.toContain(walked.name);
    expect(JSON.stringify(audited.body)).not.toContain(walked.name.slice(2)); // not even the given name
    expect(JSON.stringify(audited.body)).not.toContain(walked.phone);
    expect(audited.body).toMatchObject({
      stage: 'closed',
      complainant: { name: `司${'*'.repeat([...walked.name].length - 1)}` },
      description: WITHHELD,
      expectedOutcome: WITHHELD,
      findings: { partiesHeard: [WITHHELD, WITHHELD], summary: WITHHELD, rootCause: 'human_error' },
      plan: { remedies: ['apology'], note: WITHHELD },
      survey: { speed: 5, suggestion: WITHHELD },
    });
  });

  it('the history: rows and as-of state in clear for handlers, withheld for an auditor; the chain verifies for both', async () => {
    const path = `/complaints/${walked.id}/history`;
    const clear = await get(path, api.token('priv-supervisor', ['supervisor']));
    expect(clear.body.verified).toBe(true);
    expect(JSON.stringify(clear.body.events)).toContain(`投诉人${walked.name}`);
    expect(JSON.stringify(clear.body.state)).toContain(`投诉人${walked.name}`);
    const audited = await get(path, api.token('priv-auditor', ['auditor']));
    expect(audited.body.verified).toBe(true);
    expect(JSON.stringify(audited.body)).not.toContain(walked.name);
    const findings = (audited.body.events as { type: string; data: { findings?: unknown } }[]).find(
      (e) => e.type === 'findings.recorded',
    );
    expect(findings?.data.findings).toMatchObject({ partiesHeard: [WITHHELD, WITHHELD], rootCause: 'human_error' });
  });

  it('the export bundle: an auditor’s withholds the free text and the history and still verifies; an admin’s is whole', async () => {
    const code = await resolveWorkflowCode();
    const audited = await api.call<AuditBundle>('GET', `/complaints/${walked.id}/export`, {
      token: api.token('priv-auditor', ['auditor']),
    });
    expect(audited.status).toBe(200);
    expect(JSON.stringify(audited.body)).not.toContain(walked.name);
    expect(audited.body.withheld).toMatchObject({ freeText: true, history: true });
    expect(audited.body.withheld!.rows).toBeGreaterThanOrEqual(8);
    const checked = await verifyAuditBundle(audited.body, code);
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
    expect(checked).toMatchObject({ ok: true, partial: true });
    // A withheld row changed afterwards is caught by its seal.
    const forged = structuredClone(audited.body) as unknown as {
      events: { type: string; data: { findings?: { rootCause: string } } }[];
    };
    forged.events.find((e) => e.type === 'findings.recorded')!.data.findings!.rootCause = 'force_majeure';
    const broken = await verifyAuditBundle(forged, code);
    expect(broken.checks.find((c) => c.name === 'chain')?.details.join(' ')).toMatch(/redacted row's content/);

    const whole = await api.call<AuditBundle>('GET', `/complaints/${walked.id}/export`, { token: admin });
    expect(JSON.stringify(whole.body)).toContain(`投诉人${walked.name}`);
    expect(whole.body.withheld).toBeUndefined();
    const full = await verifyAuditBundle(whole.body, code);
    expect(full.ok).toBe(true);
    expect(full.partial).toBeUndefined();
  });

  it('the report exports (JSON, CSV, XLSX, HTML) carry no free text for anyone', async () => {
    const auditor = api.token('priv-auditor', ['auditor']);
    const month = new Date().toISOString().slice(0, 7);
    const paths = [
      `/reports/summary?outlet=${walked.outlet}`,
      `/reports/summary?outlet=${walked.outlet}&format=csv`,
      `/reports/summary?outlet=${walked.outlet}&format=xlsx`,
      `/reports/alerts?format=csv`,
      `/reports/liability-publication?month=${month}&format=html`,
    ];
    for (const path of paths) {
      for (const token of [auditor, admin]) {
        const res = await download(path, token);
        expect([path, res.status]).toEqual([path, 200]);
        expect([path, res.text.includes(walked.name)]).toEqual([path, false]);
      }
    }
    const summary = await get(`/reports/summary?outlet=${walked.outlet}`, auditor);
    expect(summary.body).toMatchObject({ cases: 1, closed: 1 });
  });
});

describe('data-subject access export (POST /privacy/subject-access, admin)', () => {
  it('finds every case of the person by phone through the keyed hash, with their data and free text, and records it', async () => {
    // A second case of the same person (a repeat), and someone else's.
    const again = await api.call<{ id: string }>('POST', '/complaints', {
      token: api.token('priv-agent', ['agent']),
      body: intakeBody({ complainant: { name: walked.name, phone: walked.phone, party: 'sender' } }),
    });
    const other = await api.call<{ id: string }>('POST', '/complaints', {
      token: api.token('priv-agent', ['agent']),
      body: intakeBody(),
    });
    const res = await api.call<{ subjectKeys: string[]; cases: { case: { id: string } }[] }>(
      'POST',
      '/privacy/subject-access',
      { token: admin, body: { phone: `+86 ${walked.phone}`.replace(' ', ''), reason: `DSAR-${RUN}` } },
    );
    expect(res.status).toBe(200);
    const ids = res.body.cases.map((c) => c.case.id);
    expect(ids.sort()).toEqual([walked.id, again.body.id].sort());
    expect(ids).not.toContain(other.body.id);
    const text = JSON.stringify(res.body);
    expect(text).toContain(walked.phone);
    expect(text).toContain(`投诉人${walked.name}`);
    expect(res.body.subjectKeys).toEqual([expect.stringMatching(/^ck_[0-9a-f]{32}$/)]);

    const [audit] = (await api.h.dataSource.query(
      `SELECT kind, actor_id, subject_key, case_ids, detail FROM personal_data_requests
        WHERE kind = 'access' AND detail->>'reason' = $1`,
      [`DSAR-${RUN}`],
    )) as { kind: string; actor_id: string; subject_key: string; case_ids: string[]; detail: unknown }[];
    expect(audit).toMatchObject({ kind: 'access', actor_id: 'priv-admin', subject_key: res.body.subjectKeys[0] });
    expect([...audit.case_ids].sort()).toEqual(ids.sort());
    expect(JSON.stringify(audit)).not.toContain(walked.phone);
  });

  it('finds a complainant who gave only an e-mail address by it', async () => {
    const email = `dsar.${RUN.toLowerCase()}@example.com`;
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token: api.token('priv-agent', ['agent']),
      body: intakeBody({
        channel: 'email',
        complainant: { name: uniqueName(), email, party: 'sender', preferredChannel: 'email' },
      }),
    });
    expect(created.status).toBe(201);
    const res = await api.call<{ cases: { case: { id: string } }[] }>('POST', '/privacy/subject-access', {
      token: admin,
      body: { email: email.toUpperCase(), reason: '本人申请' },
    });
    expect(res.body.cases.map((c) => c.case.id)).toEqual([created.body.id]);
  });

  it('is for admins only; a body without a contact, or with a bad one, is 400 naming the field', async () => {
    for (const role of ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor'] as Role[]) {
      const res = await api.call('POST', '/privacy/subject-access', {
        token: api.token(`priv-${role}`, [role]),
        body: { phone: walked.phone, reason: 'x' },
      });
      expect([role, res.status]).toEqual([role, 403]);
    }
    const none = await api.call<ErrorAnswer>('POST', '/privacy/subject-access', {
      token: admin,
      body: { reason: '本人申请' },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ field: 'phone', reason: '电话和电子邮件至少给出一项' }]);
    const bad = await api.call<ErrorAnswer>('POST', '/privacy/subject-access', {
      token: admin,
      body: { phone: 'abc', email: 'nope', reason: ' ', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['email', 'extra', 'phone', 'reason']);
  });
});

describe('retention: personal data erased after the period, the chain still verifies (ADR 0019)', () => {
  it('leaves a case closed within the period alone, erases it once the period has passed', async () => {
    const before = await api.call<{ erased: string[] }>('POST', '/admin/retention/run', { token: admin });
    expect(before.status).toBe(200);
    expect(before.body.erased).not.toContain(walked.id);
    expect(await complainantRows(walked.id)).toBe(1);
    const summaryBefore = await get(`/reports/summary?outlet=${walked.outlet}`, admin);

    // Move time: the case was archived longer ago than the retention period.
    await api.h.dataSource.query(
      `UPDATE complaint_cases SET closed_at = now() - make_interval(days => $2) WHERE id = $1`,
      [walked.id, RETENTION_DAYS + 1],
    );
    const run = await api.call<{ erased: string[]; rowsRedacted: number }>('POST', '/admin/retention/run', {
      token: admin,
    });
    expect(run.body.erased).toContain(walked.id);
    expect(run.body.rowsRedacted).toBeGreaterThanOrEqual(8);

    // Personal data gone from PostgreSQL: the name, the phone, the complainant row and key.
    expect(await complainantRows(walked.id)).toBe(0);
    for (const needle of [walked.name, walked.name.slice(2), walked.phone]) {
      expect([needle, await tablesHolding(needle)]).toEqual([needle, []]);
    }
    const [row] = await api.h.dataSource.query(
      `SELECT complainant_key, personal_data_erased_at FROM complaint_cases WHERE id = $1`,
      [walked.id],
    );
    expect(row.complainant_key).toBeNull();
    expect(row.personal_data_erased_at).not.toBeNull();

    // The chain verifies, and the Temporal history still agrees with the redacted rows.
    const history = await get(`/complaints/${walked.id}/history`, admin);
    expect(history.body).toMatchObject({ verified: true, problems: [] });
    const replay = await api.call<Record<string, unknown>>('POST', `/complaints/${walked.id}/replay`, {
      token: admin,
    });
    expect(replay.body).toMatchObject({ deterministic: true, auditChainVerified: true, mismatches: [] });

    // The non-personal record stays: stages, codes, amounts, and the reports' counts.
    const view = await get(`/complaints/${walked.id}`, admin);
    expect(view.body).toMatchObject({
      stage: 'closed',
      closure: { kind: 'archived' },
      complainant: { name: null, phone: null },
      findings: { rootCause: 'human_error', partiesHeard: [WITHHELD, WITHHELD] },
      plan: { remedies: ['apology'], compensationFen: 0 },
      survey: { speed: 5, suggestion: WITHHELD },
    });
    const summaryAfter = await get(`/reports/summary?outlet=${walked.outlet}`, admin);
    expect({ cases: summaryAfter.body.cases, byStage: summaryAfter.body.byStage }).toEqual({
      cases: summaryBefore.body.cases,
      byStage: summaryBefore.body.byStage,
    });

    // Recorded; and the erased rows are as append-only as before.
    const [erasure] = await api.h.dataSource.query(
      `SELECT actor_id FROM personal_data_requests WHERE kind = 'erasure' AND $1 = ANY (case_ids)`,
      [walked.id],
    );
    expect(erasure).toEqual({ actor_id: 'system' });
    await expect(
      api.h.dataSource.query(`UPDATE case_events SET data = '{}'::jsonb WHERE case_id = $1 AND seq = 1`, [walked.id]),
    ).rejects.toThrow(/append-only/);
    await expect(api.h.dataSource.query(`DELETE FROM case_events WHERE case_id = $1`, [walked.id])).rejects.toThrow(
      /append-only/,
    );
    // A case written again after its erasure (as a reopen would) is swept again: nothing left to redact.
    await api.h.dataSource.query(`UPDATE complaint_cases SET updated_at = now() + interval '1 second' WHERE id = $1`, [
      walked.id,
    ]);
    const again = await api.call<{ erased: string[]; rowsRedacted: number }>('POST', '/admin/retention/run', {
      token: admin,
    });
    expect(again.body.erased).toContain(walked.id);
    expect(await tablesHolding(walked.name)).toEqual([]);
    // A second run finds nothing more to do for it.
    expect(
      (await api.call<{ erased: string[] }>('POST', '/admin/retention/run', { token: admin })).body.erased,
    ).not.toContain(walked.id);
  });
});

async function complainantRows(caseId: string): Promise<number> {
  const [r] = await api.h.dataSource.query(`SELECT count(*)::int AS n FROM case_complainants WHERE case_id = $1`, [
    caseId,
  ]);
  return r.n;
}

/** The tables whose rows of the case (or, for the unkeyed ones, any row) hold `needle` anywhere, as text. */
async function tablesHolding(needle: string): Promise<string[]> {
  const byCase: Record<string, string | null> = {
    complaint_cases: 'id',
    case_events: 'case_id',
    case_complainants: 'case_id',
    notification_outbox: 'case_id',
    notification_deliveries: 'case_id',
    idempotency_keys: null,
    personal_data_requests: null,
  };
  const found: string[] = [];
  for (const [table, column] of Object.entries(byCase)) {
    const [r] = await api.h.dataSource.query(
      `SELECT count(*)::int AS n FROM ${table} x WHERE strpos(x::text, $1) > 0 ${column ? `AND x.${column} = $2` : ''}`,
      column ? [needle, walked.id] : [needle],
    );
    if (r.n > 0) found.push(table);
  }
  return found;
}
