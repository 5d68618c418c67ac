/** The TypeORM data source: PostgreSQL, migrations only (never `synchronize`). */
import { DataSource, type DataSourceOptions as TypeOrmOptions } from 'typeorm';

type PostgresConnectionOptions = Extract<TypeOrmOptions, { type: 'postgres' }>;
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  readonly url: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/** TypeORM options for PostgreSQL (shared by the API's TypeOrmModule and the worker). */
export function postgresOptions(opts: DataSourceOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: opts.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    logging: ['error'],
    extra: { max: opts.poolSize ?? 10, application_name: opts.applicationName ?? 'complaintflow' },
  };
}

export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource(postgresOptions(opts));
}

/** Runs pending migrations; returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'complaintflow-migrate' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
