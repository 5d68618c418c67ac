import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { CaseState } from '@complaintflow/domain/case/state';
import { overdueAt } from '@complaintflow/domain/case/view';

/**
 * `complaint_cases.next_due_at` comes alive (issue 9): `recordCaseEvents` writes it on every upsert — from when the
 * case is overdue if nothing more happens (`overdueAt` of the domain, the function behind the live `overdue` of the
 * API), null when never — and `GET /complaints?overdue=true` reads it as an index range (`next_due_at <= now`).
 * - `complaint_cases_next_due_idx`: the rows with a due time, by it. It replaces `complaint_cases_overdue_idx`, which
 *   was partial on the workflow's coarse `overdue` flag and so could not serve that range (and no query used it).
 * - Rows written before this migration get their `next_due_at` from their stored state, with the same function.
 */
export class NextDueIndex1764500000000 implements MigrationInterface {
  name = 'NextDueIndex1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS complaint_cases_overdue_idx`);
    await backfillNextDueAt(q);
    await q.query(
      `CREATE INDEX complaint_cases_next_due_idx ON complaint_cases (next_due_at) WHERE next_due_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS complaint_cases_next_due_idx`);
    await q.query(`CREATE INDEX complaint_cases_overdue_idx ON complaint_cases (next_due_at) WHERE overdue`);
    await q.query(`UPDATE complaint_cases SET next_due_at = NULL`);
  }
}

/** Writes `next_due_at` of the rows without one from their stored state (batches by id); returns how many it set. */
export async function backfillNextDueAt(q: Pick<QueryRunner, 'query'>): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let set = 0;
  for (;;) {
    const rows: { id: string; state: CaseState }[] = await q.query(
      `SELECT id, state FROM complaint_cases WHERE id > $1 AND next_due_at IS NULL ORDER BY id LIMIT 500`,
      [after],
    );
    if (rows.length === 0) return set;
    for (const { id, state } of rows) {
      let due: number | null = null;
      try {
        due = overdueAt(state, state.updatedAt);
      } catch {
        // A state this code cannot read keeps null; its next event writes the column.
      }
      if (due !== null) {
        await q.query(`UPDATE complaint_cases SET next_due_at = to_timestamp($2 / 1000.0) WHERE id = $1`, [id, due]);
        set++;
      }
    }
    after = rows[rows.length - 1].id;
  }
}
