import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUP_KEY, ROLLUP_MEASURES } from './1764800000000-report-rollups';

/**
 * Week rows for the summary's date ranges (issue 12, docs/adr/0013-report-rollups.md, R-RPT-1): `report_rollups`
 * gets a third grain, `week`, keyed by the first day of the **month week** of receipt — a month's weeks begin on its
 * days 1, 8, 15, 22 and 29 (`monthWeekStart` of `libs/domain/src/reports/periods.ts`; the last week is the 1–3 days
 * from the 29th), so weeks never cross a month. A range with ragged edges then reads its whole months from month rows
 * and each part-month edge from ≤ 4 week rows and ≤ 6 day rows, instead of up to 30 day rows per edge.
 *
 * The same triggers keep the week rows exact: `report_rollup_delta` (replaced here, same signature, so the three
 * triggers of 1764800000000 call it unchanged) now yields a case's contribution to its day, week and month rows.
 * The week rows already due are built from the day rows (additive measures: a week row is the sum of its days),
 * with `complaint_cases` locked against writes for the migration's transaction so no case slips between the
 * replaced function and the backfill.
 */

const KEY_LIST = ROLLUP_KEY.join(', ');
const MEASURE_LIST = ROLLUP_MEASURES.map((m) => m.name).join(', ');

/** The first day of the month week of the date `day` (SQL), as `monthWeekStart` of the domain. */
const weekStart = (day: string) => `(${day} - ((extract(day FROM ${day})::int - 1) % 7))`;

/** `report_rollup_delta` over the given grains (the body of 1764800000000's, with the grain list a parameter). */
function deltaFunction(grains: readonly ('day' | 'week' | 'month')[]): string {
  const period = { day: 'v.day', week: weekStart('v.day'), month: `date_trunc('month', v.day)::date` };
  const values = grains.map((g) => `('${g}', ${period[g]})`).join(', ');
  const exprs = ROLLUP_MEASURES.map((m) => `(sign * coalesce(${m.expr}, 0))::${m.type}`).join(',\n          ');
  return `
    CREATE OR REPLACE FUNCTION report_rollup_delta(c complaint_cases, sign integer) RETURNS SETOF report_rollups
    LANGUAGE sql STABLE AS $$
      SELECT g.grain, g.period, coalesce(c.origin_outlet, ''), c.category,
        ${exprs}
      FROM (SELECT (c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                   (c.closed_at IS NOT NULL)::int AS closed,
                   CASE WHEN c.closed_at IS NULL THEN 0::bigint
                        ELSE greatest(0, round(extract(epoch FROM c.closed_at - c.received_at) * 1000))::bigint END AS ms,
                   c.state->'deadlines' AS dl,
                   c.state->'survey' AS sv) v
      CROSS JOIN LATERAL (VALUES ${values}) g(grain, period)
    $$`;
}

export class ReportWeeks1764830000000 implements MigrationInterface {
  name = 'ReportWeeks1764830000000';

  async up(q: QueryRunner): Promise<void> {
    // No case written between the new function and the backfill (each migration runs in its own transaction).
    await q.query(`LOCK TABLE complaint_cases IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE report_rollups DROP CONSTRAINT report_rollups_grain_check`);
    await q.query(
      `ALTER TABLE report_rollups ADD CONSTRAINT report_rollups_grain_check CHECK (grain IN ('day', 'week', 'month'))`,
    );
    await q.query(deltaFunction(['day', 'week', 'month']));
    const sums = ROLLUP_MEASURES.map((m) => `sum(${m.name})::${m.type}`).join(', ');
    await q.query(`
      INSERT INTO report_rollups (${KEY_LIST}, ${MEASURE_LIST})
      SELECT 'week', ${weekStart('period')} AS week, outlet, category, ${sums}
      FROM report_rollups WHERE grain = 'day'
      GROUP BY week, outlet, category ORDER BY week, outlet, category`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE complaint_cases IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(deltaFunction(['day', 'month']));
    await q.query(`DELETE FROM report_rollups WHERE grain = 'week'`);
    await q.query(`ALTER TABLE report_rollups DROP CONSTRAINT report_rollups_grain_check`);
    await q.query(
      `ALTER TABLE report_rollups ADD CONSTRAINT report_rollups_grain_check CHECK (grain IN ('day', 'month'))`,
    );
  }
}
