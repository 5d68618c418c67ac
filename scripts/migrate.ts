/**
 * `npm run migration:run`, and the compose stack's one-off `migrate` job (docker/compose.yaml): applies pending
 * migrations to DATABASE_URL; with TEMPORAL_ADDRESS set, also registers the case search attributes the namespace
 * lacks. Safe to run again (both steps skip what is done); run it once per release, before the APIs and workers.
 */
import { Connection } from '@temporalio/client';
import { loadConfig } from '@complaintflow/config';
import { runMigrations } from '@complaintflow/persistence';
import { ensureSearchAttributes } from '@complaintflow/temporal';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: say which database to migrate');
  const applied = await runMigrations(config.DATABASE_URL);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
  if (config.TEMPORAL_ADDRESS) {
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const added = await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
      process.stdout.write(
        added.length ? `search attributes registered: ${added.join(', ')}\n` : 'search attributes up to date\n',
      );
    } finally {
      await connection.close();
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
