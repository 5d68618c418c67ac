import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list's totals by index only (issue 14). Every `GET /complaints` answers `{ items, total }`, and every
 * total carries the visibility predicate on `subject_employee_id` (R-FLOW-4, `caseVisibilitySql`). The single-filter
 * indexes did not hold that column, so at 100,000 cases `bench/src/bench.ts --read-only` showed the planner counting
 * `stage=` by a full index-only scan of a list index whose leading column is the outlet, and `overdue=true` by a
 * bitmap heap scan that fetched every overdue row (≈ 6,000 heap pages per count). Each index below replaces the one
 * of the same name and keys with the visibility column `INCLUDE`d, so the count is an index-only range scan:
 * the same number of indexes for a case write to maintain, a little wider each.
 */
const INDEXES: readonly { name: string; keys: string; where?: string }[] = [
  { name: 'complaint_cases_stage_idx', keys: '(stage, received_at DESC)' },
  { name: 'complaint_cases_category_idx', keys: '(category, received_at DESC)' },
  { name: 'complaint_cases_urgency_idx', keys: '(urgency, received_at DESC)' },
  { name: 'complaint_cases_escalation_idx', keys: '(escalation_level, received_at DESC)' },
  { name: 'complaint_cases_next_due_idx', keys: '(next_due_at)', where: 'next_due_at IS NOT NULL' },
];

export class ListCoveringIndexes1764900000000 implements MigrationInterface {
  name = 'ListCoveringIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const i of INDEXES) {
      await q.query(`DROP INDEX IF EXISTS ${i.name}`);
      await q.query(
        `CREATE INDEX ${i.name} ON complaint_cases ${i.keys} INCLUDE (subject_employee_id)${i.where ? ` WHERE ${i.where}` : ''}`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of INDEXES) {
      await q.query(`DROP INDEX IF EXISTS ${i.name}`);
      await q.query(`CREATE INDEX ${i.name} ON complaint_cases ${i.keys}${i.where ? ` WHERE ${i.where}` : ''}`);
    }
  }
}
