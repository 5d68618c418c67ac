/** What every repository runs its statements on: the data source, or the entity manager of a transaction. */
import type { DataSource, EntityManager } from 'typeorm';

/** A data source or a transaction's entity manager (both run parameterised SQL with `query`). */
export type Queryable = Pick<DataSource | EntityManager, 'query'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a case id at all (the columns are uuid; anything else is simply not a case). */
export function isCaseId(id: string): boolean {
  return UUID.test(id);
}

/** The readiness probe: one round trip on the pool (`/health`). Resolves when PostgreSQL answers. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
