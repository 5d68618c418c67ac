import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two list reads that missed 50 ms p99 at 1,000,000 cases (issue 14; `bench/src/bench.ts --read-only
 * --rows=1000000`, bench/results/2026-12-01-quiet.md):
 *
 * - `GET /complaints?overdue=true&outlet=X`, 82 ms: the planner had either the outlet's list indexes (every case of
 *   the outlet, open or closed, rechecked for `next_due_at`) or `complaint_cases_next_due_idx` (every overdue case of
 *   the network, rechecked for the outlet). The two `*_due_idx` below hold open cases only (`next_due_at IS NOT
 *   NULL`: a closed case has no next deadline), keyed by one side's outlet and then the due time, so each half of
 *   `caseListStatements`' outlet split is one range, its count index-only (the visibility column and the other
 *   side's outlet `INCLUDE`d, as in 1764820000000). A case write maintains them only while the case is open.
 * - `GET /complaints` with no filter, 308 ms: its total counted every row. It is now the case count the report
 *   rollups already keep (the month rows' stage columns, exact: the rollup triggers run in the case write's own
 *   transaction) less the cases about the caller (R-FLOW-4), which `complaint_cases_subject_idx` counts; see
 *   `caseListStatements`.
 */
const INDEXES: readonly { name: string; definition: string }[] = [
  {
    name: 'complaint_cases_origin_due_idx',
    definition: `(origin_outlet, next_due_at) INCLUDE (subject_employee_id, delivery_outlet) WHERE next_due_at IS NOT NULL`,
  },
  {
    name: 'complaint_cases_delivery_due_idx',
    definition: `(delivery_outlet, next_due_at) INCLUDE (subject_employee_id, origin_outlet) WHERE next_due_at IS NOT NULL`,
  },
  {
    name: 'complaint_cases_subject_idx',
    definition: `(subject_employee_id) WHERE subject_employee_id IS NOT NULL`,
  },
];

export class ListTotals1764920000000 implements MigrationInterface {
  name = 'ListTotals1764920000000';

  async up(q: QueryRunner): Promise<void> {
    for (const i of INDEXES) await q.query(`CREATE INDEX ${i.name} ON complaint_cases ${i.definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of INDEXES) await q.query(`DROP INDEX IF EXISTS ${i.name}`);
  }
}
