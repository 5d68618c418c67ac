/**
 * `complaint_cases.next_due_at` (issue 9): `recordCaseEvents` writes it on every upsert as the domain's `overdueAt`,
 * and `overdue=true|false` is decided on it in SQL — exactly the cases the live `isOverdue` says, paged like the other
 * list queries — with `overdue=true` a range scan of `complaint_cases_next_due_idx` (shown by its plan). And the
 * outlet-filtered list's total (issue 12): exact, and two index-only scans of the covering list indexes.
 */
import { randomUUID } from 'node:crypto';
import { overdueAt, isOverdue } from '@complaintflow/domain/case/view';
import type { CaseState } from '@complaintflow/domain/case/state';
import { DEFAULT_POLICY } from '@complaintflow/domain/policy/default-policy';
import { createCaseActivities } from '@complaintflow/activities/case-activities';
import { caseWorkflowId } from '@complaintflow/contracts';
import { caseListStatements, type CaseListFilters } from '@complaintflow/persistence/repositories/case-list';
import { ComplaintCasesRepository } from '@complaintflow/persistence/repositories/complaint-cases';
import { backfillNextDueAt } from '@complaintflow/persistence/migrations/1764500000000-next-due-index';
import { AGENT, CaseRecorder, SUPERVISOR } from '../unit/case-builders';
import { openHarness, type Harness } from '../support/env';
import { explainText } from '../support/sql';
import { intake } from '../support/fixtures';

const DAY = 86_400_000;
const MINUTE = 60_000;
const ADMIN = { sub: 'adm-overdue', roles: ['admin'] };

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});

afterAll(async () => {
  await h?.close();
});

/** A case under the default policy received at `receivedAt` in `outlet`, shaped by `steps`, recorded as the worker does. */
async function recordCase(
  outlet: string,
  receivedAt: number,
  steps: (r: CaseRecorder) => void = () => undefined,
): Promise<CaseState> {
  const base = intake();
  const r = new CaseRecorder(
    DEFAULT_POLICY,
    {
      caseId: randomUUID(),
      waybillNo: `OD${randomUUID().replace(/\D/g, '').slice(0, 10).padEnd(10, '7')}`,
      shipment: { ...base.shipment, originOutlet: outlet },
    },
    receivedAt,
  );
  steps(r);
  await createCaseActivities(h.dataSource).recordCaseEvents({
    workflowId: caseWorkflowId(r.state.caseId),
    events: r.events,
    state: r.state,
  });
  return r.state;
}

const listed = (outlet: string, f: Partial<CaseListFilters>, now: number) =>
  new ComplaintCasesRepository(h.dataSource).list(
    ADMIN,
    { outlet, page: 1, pageSize: 50, sort: 'receivedAt', ...f },
    now,
  );

describe('next_due_at and the overdue filter', () => {
  it('is written on every upsert and lists exactly the cases the live deadlines call overdue', async () => {
    const outlet = `ND${randomUUID().slice(0, 6).toUpperCase()}`;
    const now = Date.now();
    const cases = {
      breached: await recordCase(outlet, now - 10 * DAY),
      fresh: await recordCase(outlet, now),
      paused: await recordCase(outlet, now - 3 * DAY, (r) => {
        r.wait(MINUTE).act('pause-sla', AGENT, { reason: '等待客户提供照片' });
      }),
      resumed: await recordCase(outlet, now - 3 * DAY + 1, (r) => {
        r.wait(MINUTE).act('pause-sla', AGENT, { reason: '等待客户提供照片' });
        r.wait(MINUTE).act('resume-sla', AGENT, { reason: '照片已收到' });
      }),
      closed: await recordCase(outlet, now - 10 * DAY + 1, (r) => {
        r.wait(MINUTE).act('reject-inadmissible', SUPERVISOR, { reason: 'settled', note: '已和解并履行' });
      }),
      accepted: await recordCase(outlet, now - 10 * DAY + 2, (r) => {
        r.wait(MINUTE).act('accept', AGENT, {});
      }),
    };

    // The column is the domain's overdueAt at the state's own instant (null: never overdue by itself).
    const rows: { id: string; next_due_at: Date | null }[] = await h.dataSource.query(
      'SELECT id, next_due_at FROM complaint_cases WHERE origin_outlet = $1',
      [outlet],
    );
    const stored = new Map(rows.map((r) => [r.id, r.next_due_at?.getTime() ?? null]));
    for (const [name, s] of Object.entries(cases)) {
      expect([name, stored.get(s.caseId)]).toEqual([name, overdueAt(s, s.updatedAt)]);
    }
    expect(stored.get(cases.closed.caseId)).toBeNull();

    // Rows from before the column was written get the same values from the migration's backfill.
    const qr = h.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await qr.query('UPDATE complaint_cases SET next_due_at = NULL WHERE origin_outlet = $1', [outlet]);
      expect(await backfillNextDueAt(qr)).toBeGreaterThanOrEqual(5);
      const again: { id: string; next_due_at: Date | null }[] = await qr.query(
        'SELECT id, next_due_at FROM complaint_cases WHERE origin_outlet = $1',
        [outlet],
      );
      expect(new Map(again.map((r) => [r.id, r.next_due_at?.getTime() ?? null]))).toEqual(stored);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
    expect(stored.get(cases.paused.caseId)).toBe((cases.paused.deadlines.statutory_reply?.startedAt ?? NaN) + 7 * DAY);

    const live = (overdue: boolean) =>
      Object.values(cases)
        .filter((s) => isOverdue(s, now) === overdue)
        .sort((a, b) => a.receivedAt - b.receivedAt)
        .map((s) => s.caseId);
    expect(live(true)).toEqual([cases.breached, cases.accepted, cases.resumed].map((s) => s.caseId));
    expect(live(false)).toEqual([cases.closed, cases.paused, cases.fresh].map((s) => s.caseId));

    const overdue = await listed(outlet, { overdue: true }, now);
    expect(overdue.rows.map((r) => r.id)).toEqual(live(true));
    expect(overdue.total).toBe(3);
    const notOverdue = await listed(outlet, { overdue: false }, now);
    expect(notOverdue.rows.map((r) => r.id)).toEqual(live(false));
    expect(notOverdue.total).toBe(3);

    // Paged and ordered like every list query.
    const page2 = await listed(outlet, { overdue: true, page: 2, pageSize: 2 }, now);
    expect(page2.rows.map((r) => r.id)).toEqual(live(true).slice(2));
    expect(page2.total).toBe(3);
    const desc = await listed(outlet, { overdue: true, sort: '-receivedAt' }, now);
    expect(desc.rows.map((r) => r.id)).toEqual([...live(true)].reverse());

    // The fresh case falls overdue at its stored instant, with no further write.
    const due = stored.get(cases.fresh.caseId) as number;
    expect((await listed(outlet, { overdue: true }, due - 1)).rows.map((r) => r.id)).not.toContain(cases.fresh.caseId);
    expect((await listed(outlet, { overdue: true }, due)).rows.map((r) => r.id)).toContain(cases.fresh.caseId);
    expect(isOverdue(cases.fresh, due - 1)).toBe(false);
    expect(isOverdue(cases.fresh, due)).toBe(true);
  });

  it('overdue=true is an index range on complaint_cases_next_due_idx, ordered and limited (EXPLAIN)', async () => {
    const qr = h.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      // A table of mostly not-yet-due cases (inserted in this transaction only, and rolled back), planned on its
      // statistics, with sequential scans off so the plan does not depend on how small the test table is.
      await qr.query(
        `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, waybill_no, policy_version,
           state, received_at, next_due_at, origin_outlet)
         SELECT gen_random_uuid(), 'plan-' || g, 'investigation', 'phone', 'delay', 'normal', 'PLAN' || g, 'plan',
           '{}'::jsonb, now() - make_interval(mins => g), now() + make_interval(hours => g), 'PLAN'
         FROM generate_series(1, 5000) g`,
      );
      await qr.query('ANALYZE complaint_cases');
      await qr.query('SET LOCAL enable_seqscan = off');
      const { page } = caseListStatements(
        ADMIN,
        { overdue: true, page: 1, pageSize: 50, sort: '-receivedAt' },
        Date.now(),
      );
      const text = await explainText(qr, page);
      console.log(`GET /complaints?overdue=true (admin, page 1 of 50, -receivedAt):\n${page.sql}\n\n${text}`);
      expect(text).toMatch(
        /Index (Only )?Scan .*using complaint_cases_next_due_idx|Bitmap Index Scan on complaint_cases_next_due_idx/,
      );
      expect(text).toMatch(/Index Cond: \(next_due_at <= /);
      expect(text).toMatch(/^Limit/);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('the outlet list count is exact and index-only: origin and delivery halves on the covering list indexes (EXPLAIN)', async () => {
    const qr = h.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      // Rows (rolled back) of outlet CNT as origin, as delivery, as both (counted once), as delivery with no origin,
      // about the viewer (R-FLOW-4: never listed, never counted), of other categories and stages, and of 34 other
      // outlets (so an outlet is as selective as in a network).
      await qr.query(
        `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, waybill_no, policy_version,
           state, received_at, origin_outlet, delivery_outlet, subject_employee_id)
         SELECT gen_random_uuid(), 'cnt-' || g, CASE WHEN g % 7 = 0 THEN 'handling' ELSE 'closed' END, 'phone',
           CASE WHEN g % 5 = 0 THEN 'loss' ELSE 'delay' END, 'normal', 'CNT' || g, 'plan', '{}'::jsonb,
           now() - make_interval(mins => g),
           CASE WHEN g % 40 < 6 THEN (ARRAY['CNT', 'CNT', NULL, 'OTH', 'OTH', 'CNT'])[1 + g % 40]
                ELSE 'O' || (g % 40) END,
           CASE WHEN g % 40 < 6 THEN (ARRAY['CNT', 'OTH', 'CNT', 'CNT', 'OTH', 'OTH'])[1 + g % 40]
                ELSE 'D' || (g % 40) END,
           CASE WHEN g % 11 = 0 THEN $1 WHEN g % 3 = 0 THEN 'emp-other' END
         FROM generate_series(1, 8000) g`,
        [ADMIN.sub],
      );
      const f: CaseListFilters = {
        stage: 'closed',
        category: 'delay',
        outlet: 'CNT',
        page: 1,
        pageSize: 5000,
        sort: '-receivedAt',
      };
      const { page, count } = caseListStatements(ADMIN, f, Date.now());
      const [expected] = (await qr.query(
        `SELECT count(*)::int AS n FROM complaint_cases WHERE workflow_id LIKE 'cnt-%' AND stage = 'closed'
           AND category = 'delay' AND (origin_outlet = 'CNT' OR delivery_outlet = 'CNT')
           AND subject_employee_id IS DISTINCT FROM $1`,
        [ADMIN.sub],
      )) as { n: number }[];
      const items = (await qr.query(page.sql, page.params)) as { id: string }[];
      const [{ n }] = (await qr.query(count.sql, count.params)) as { n: number }[];
      expect(expected.n).toBeGreaterThan(300);
      expect([n, items.length, new Set(items.map((r) => r.id)).size]).toEqual([expected.n, expected.n, expected.n]);

      await qr.query('ANALYZE complaint_cases');
      await qr.query('SET LOCAL enable_seqscan = off');
      await qr.query('SET LOCAL enable_bitmapscan = off');
      const text = await explainText(qr, count);
      console.log(`GET /complaints?stage=closed&category=delay&outlet=CNT, its total:\n${count.sql}\n\n${text}`);
      expect(text).toMatch(/Index Only Scan using complaint_cases_origin_list_cover_idx/);
      expect(text).toMatch(/Index Only Scan using complaint_cases_delivery_list_cover_idx/);
      expect(text).not.toMatch(/Seq Scan|Bitmap Heap Scan|Index Scan using/);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
