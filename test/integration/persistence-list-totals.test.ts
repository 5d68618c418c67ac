/**
 * The list totals and ranges of migration 1764920000000 (issue 14): `overdue=true` with an outlet as two ranges of
 * the outlet due indexes, and the unfiltered total from the report rollups' case count less the cases about the
 * caller (R-FLOW-4) — each exact against a plain count over the same rows, and shown by its plan.
 */
import { STAGE_IDS } from '@complaintflow/domain/vocabulary';
import { ROLLUP_STAGES } from '@complaintflow/persistence/migrations/1764800000000-report-rollups';
import { caseListStatements, type CaseListFilters } from '@complaintflow/persistence/repositories/case-list';
import type { CaseViewer } from '@complaintflow/persistence/repositories/case-visibility';
import { openHarness, type Harness } from '../support/env';
import { explainText, rolledBack } from '../support/sql';

const ADMIN = { sub: 'adm-totals', roles: ['admin'] };

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('list totals and ranges (migration 1764920000000)', () => {
  it('overdue=true with an outlet is exact, each outlet half a range of its due index (EXPLAIN)', async () => {
    await rolledBack(h.dataSource, async (qr) => {
      // Rows (rolled back) of outlet DUE as origin, as delivery, as both, due in the past, in the future or closed
      // (no next deadline), some about the viewer (R-FLOW-4), and of 34 other outlets.
      await qr.query(
        `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, waybill_no, policy_version,
           state, received_at, next_due_at, origin_outlet, delivery_outlet, subject_employee_id)
         SELECT gen_random_uuid(), 'due-' || g, CASE WHEN g % 4 = 0 THEN 'closed' ELSE 'handling' END, 'phone',
           'delay', 'normal', 'DUE' || g, 'plan', '{}'::jsonb, now() - make_interval(mins => g),
           CASE WHEN g % 4 = 0 THEN NULL WHEN g % 3 = 0 THEN now() + make_interval(hours => g)
                ELSE now() - make_interval(secs => g) END,
           CASE WHEN g % 40 < 6 THEN (ARRAY['DUE', 'DUE', NULL, 'OTH', 'OTH', 'DUE'])[1 + g % 40]
                ELSE 'O' || (g % 40) END,
           CASE WHEN g % 40 < 6 THEN (ARRAY['DUE', 'OTH', 'DUE', 'DUE', 'OTH', 'OTH'])[1 + g % 40]
                ELSE 'D' || (g % 40) END,
           CASE WHEN g % 11 = 0 THEN $1 WHEN g % 3 = 0 THEN 'emp-other' END
         FROM generate_series(1, 8000) g`,
        [ADMIN.sub],
      );
      const f: CaseListFilters = { overdue: true, outlet: 'DUE', page: 1, pageSize: 5000, sort: '-receivedAt' };
      const { page, count } = caseListStatements(ADMIN, f, Date.now());
      const expected = (await qr.query(
        `SELECT id FROM complaint_cases WHERE workflow_id LIKE 'due-%' AND next_due_at <= now()
           AND (origin_outlet = 'DUE' OR delivery_outlet = 'DUE') AND subject_employee_id IS DISTINCT FROM $1`,
        [ADMIN.sub],
      )) as { id: string }[];
      const items = (await qr.query(page.sql, page.params)) as { id: string }[];
      const [{ n }] = (await qr.query(count.sql, count.params)) as { n: number }[];
      expect(expected.length).toBeGreaterThan(300);
      expect(n).toBe(expected.length);
      expect(items.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());

      await qr.query('ANALYZE complaint_cases');
      await qr.query('SET LOCAL enable_seqscan = off');
      const pageText = await explainText(qr, page);
      console.log(`GET /complaints?overdue=true&outlet=DUE, its page:\n${page.sql}\n\n${pageText}`);
      expect(pageText).toMatch(/complaint_cases_origin_due_idx/);
      expect(pageText).toMatch(/complaint_cases_delivery_due_idx/);
      await qr.query('SET LOCAL enable_bitmapscan = off');
      const text = await explainText(qr, count);
      console.log(`GET /complaints?overdue=true&outlet=DUE, its total:\n${count.sql}\n\n${text}`);
      expect(text).toMatch(/Index Only Scan using complaint_cases_origin_due_idx/);
      expect(text).toMatch(/Index Only Scan using complaint_cases_delivery_due_idx/);
      expect(text).toMatch(/Index Cond: \(\(origin_outlet = .*next_due_at <= /);
      expect(text).not.toMatch(/Seq Scan|Bitmap Heap Scan|Index Scan using/);
    });
  });

  it("the unfiltered total is the rollups' case count less the cases about the caller, exact through inserts, moves and deletes", async () => {
    // Every stage has its rollup column: a stage without one would drop its cases from the total.
    expect([...ROLLUP_STAGES].sort()).toEqual([...STAGE_IDS].sort());
    await rolledBack(h.dataSource, async (qr) => {
      const stages = STAGE_IDS.map((s) => `'${s}'`).join(', ');
      await qr.query(
        `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, waybill_no, policy_version,
           state, received_at, origin_outlet, subject_employee_id)
         SELECT gen_random_uuid(), 'tot-' || g, (ARRAY[${stages}])[1 + g % ${STAGE_IDS.length}], 'phone',
           (ARRAY['delay', 'loss', 'damage'])[1 + g % 3], 'normal', 'TOT' || g, 'plan', '{}'::jsonb,
           now() - make_interval(days => g % 400), CASE WHEN g % 9 = 0 THEN NULL ELSE 'O' || (g % 30) END,
           CASE WHEN g % 13 = 0 THEN $1 WHEN g % 3 = 0 THEN 'emp-other' END
         FROM generate_series(1, 3000) g`,
        [ADMIN.sub],
      );
      const viewers: CaseViewer[] = [
        ADMIN,
        { sub: 'emp-other', roles: ['auditor'] },
        { sub: 'mgr-nobody', roles: ['manager'] },
        { sub: ADMIN.sub, roles: ['agent'], outlet: 'O7' },
      ];
      const f: CaseListFilters = { page: 1, pageSize: 20, sort: '-receivedAt' };
      const check = async (when: string) => {
        for (const v of viewers) {
          const { count } = caseListStatements(v, f, Date.now());
          const [{ n }] = (await qr.query(count.sql, count.params)) as { n: number }[];
          const [{ expected }] = (await qr.query(
            `SELECT count(*)::int AS expected FROM complaint_cases WHERE subject_employee_id IS DISTINCT FROM $1
               AND ($2::text IS NULL OR origin_outlet = $2 OR delivery_outlet = $2)`,
            [v.sub, v.outlet ?? null],
          )) as { expected: number }[];
          expect({ when, viewer: v.sub, roles: v.roles, n }).toEqual({
            when,
            viewer: v.sub,
            roles: v.roles,
            n: expected,
          });
        }
      };
      await check('after the inserts');
      await qr.query(
        `UPDATE complaint_cases SET stage = 'closed' WHERE workflow_id LIKE 'tot-%' AND stage = 'handling'`,
      );
      await qr.query(`UPDATE complaint_cases SET origin_outlet = 'MOVED' WHERE workflow_id LIKE 'tot-1%'`);
      await check('after stage and outlet moves');
      await qr.query(`DELETE FROM complaint_cases WHERE workflow_id LIKE 'tot-2%'`);
      await check('after deletes');

      await qr.query('ANALYZE complaint_cases');
      await qr.query('ANALYZE report_rollups');
      await qr.query('SET LOCAL enable_seqscan = off');
      const { count } = caseListStatements(ADMIN, f, Date.now());
      const text = await explainText(qr, count);
      console.log(`GET /complaints (no filter), its total:\n${count.sql}\n\n${text}`);
      expect(text).toMatch(/on report_rollups/);
      expect(text).toMatch(/complaint_cases_subject_idx/);
      expect(text).not.toMatch(/Seq Scan on complaint_cases/);
    });
  });
});
