/**
 * Runs the embedded PostgreSQL as its own process (the package hooks the process's exit signals, so it gets a
 * process of its own): prints one JSON line `{"ready":true,"url":…}` when the database is up, stops on SIGTERM/SIGINT.
 * Usage: node scripts/dist/embedded-postgres.js <dataDir> <port> <database>
 */
import { startEmbeddedPostgres } from '@complaintflow/persistence';

async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  if (!dataDir || !port || !database) throw new Error('usage: embedded-postgres <dataDir> <port> <database>');
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database });
  process.stdout.write(`${JSON.stringify({ ready: true, url: pg.url })}\n`);
  // Stays alive until a signal; the package's exit hook stops PostgreSQL cleanly before the process exits.
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
