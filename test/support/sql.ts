/**
 * Helpers of the persistence tests that plan and run statements on rows they roll back: `rolledBack` runs a test
 * body in a transaction that is always rolled back, `explainText` is a statement's `EXPLAIN` as one string.
 */
import type { DataSource } from 'typeorm';

/** What the helpers need of a connection: a query with positional parameters. */
export type SqlRunner = { query: (sql: string, params?: unknown[]) => Promise<unknown> };

/** Runs `fn` on one connection in a transaction that is rolled back, whatever `fn` does. */
export async function rolledBack(dataSource: DataSource, fn: (q: SqlRunner) => Promise<void>): Promise<void> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await fn({ query: (sql, params) => qr.query(sql, params) });
  } finally {
    await qr.rollbackTransaction();
    await qr.release();
  }
}

/** The plan of `statement` (`EXPLAIN`, with `options` such as `ANALYZE` when given), its lines joined. */
export async function explainText(
  q: SqlRunner,
  statement: { readonly sql: string; readonly params: unknown[] },
  options = '',
): Promise<string> {
  const plan = (await q.query(`EXPLAIN ${options ? `(${options}) ` : ''}${statement.sql}`, statement.params)) as {
    'QUERY PLAN': string;
  }[];
  return plan.map((l) => l['QUERY PLAN']).join('\n');
}
