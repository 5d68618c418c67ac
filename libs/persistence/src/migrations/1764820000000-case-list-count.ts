import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list's count by index only (issue 12): `GET /complaints?…&outlet=` answers `{ items, total }`, and the
 * total was a bitmap OR over the two list indexes of 1764800000000 that then fetched every matching row from the heap
 * for the visibility predicate (`subject_employee_id`, R-FLOW-4) — ~14k heap rows, most of the request's time at
 * 1,000,000 cases. `caseListStatements` now counts the outlet's two disjoint halves (origin = X; delivery = X and
 * origin not X) separately, and these indexes replace the two list indexes with the same keys, so the page reads as
 * before, plus `INCLUDE` columns, so each half is an index-only scan on an all-visible table:
 * `subject_employee_id` (the visibility predicate) and the other side's outlet (the second half's exclusion and an
 * outlet-level viewer's own-outlet clause). Replacing, not adding: a case write maintains two list indexes, as before.
 */
export class CaseListCount1764820000000 implements MigrationInterface {
  name = 'CaseListCount1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX complaint_cases_origin_list_cover_idx ON complaint_cases (origin_outlet, category, stage, received_at DESC)
       INCLUDE (subject_employee_id, delivery_outlet)`,
    );
    await q.query(
      `CREATE INDEX complaint_cases_delivery_list_cover_idx ON complaint_cases (delivery_outlet, category, stage, received_at DESC)
       INCLUDE (subject_employee_id, origin_outlet)`,
    );
    await q.query(`DROP INDEX IF EXISTS complaint_cases_origin_list_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_delivery_list_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX complaint_cases_origin_list_idx ON complaint_cases (origin_outlet, category, stage, received_at DESC)`,
    );
    await q.query(
      `CREATE INDEX complaint_cases_delivery_list_idx ON complaint_cases (delivery_outlet, category, stage, received_at DESC)`,
    );
    await q.query(`DROP INDEX IF EXISTS complaint_cases_delivery_list_cover_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_origin_list_cover_idx`);
  }
}
