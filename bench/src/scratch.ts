/**
 * What every benchmark shares: a scratch database on DATABASE_URL's server (else 127.0.0.1:5432) with the
 * migrations run, dropped afterwards; a timer; percentiles of sorted samples.
 */
import type { DataSource } from 'typeorm';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '@complaintflow/persistence';

const ADMIN = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The `p`-th percentile (nearest rank) of ascending `sorted` samples. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** How long `fn` takes, in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs `fn` on a fresh migrated database named `<prefix>_<pid>`, then drops it, whatever happened. */
export async function withScratchDatabase<T>(prefix: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const database = `${prefix}_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN);
  url.pathname = `/${database}`;
  const ds = createDataSource({ url: url.toString(), poolSize: 4, applicationName: 'complaintflow-bench' });
  try {
    await runMigrations(url.toString());
    await ds.initialize();
    return await fn(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
