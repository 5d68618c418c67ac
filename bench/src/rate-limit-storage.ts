/**
 * What the shared rate limit costs per request: `PostgresThrottlerStorage.increment` (one upsert per hit) against a
 * raw `SELECT 1` round trip on the same connection pool, alternated, in one run, in a scratch database.
 *
 *   npm run build && npm run bench:rate-limit [-- N]      (DATABASE_URL's server, else 127.0.0.1:5432)
 */
import { PostgresThrottlerStorage } from '@complaintflow/persistence/throttler-storage';
import { percentile, timed, withScratchDatabase } from './scratch';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  await withScratchDatabase('cf_bench', async (ds) => {
    const storage = new PostgresThrottlerStorage(ds, { pruneEveryMs: 0 });
    const callers = Array.from({ length: 100 }, (_, i) => `bench-caller-${i}`);
    for (const c of callers) await storage.increment(c, 60_000, 1_000_000, 0, 'bench'); // rows exist: steady state
    const raw: number[] = [];
    const hit: number[] = [];
    for (let i = 0; i < n; i++) {
      // Arms alternated, so both see the same machine.
      raw.push(await timed(() => ds.query('SELECT 1')));
      hit.push(await timed(() => storage.increment(callers[i % callers.length], 60_000, 1_000_000, 0, 'bench')));
    }
    await storage.onModuleDestroy();
    for (const a of [raw, hit]) a.sort((x, y) => x - y);
    const row = (name: string, a: number[]) =>
      `${name.padEnd(28)} p50 ${percentile(a, 50).toFixed(3)} ms  p99 ${percentile(a, 99).toFixed(3)} ms`;
    process.stdout.write(`${n} calls each, alternated\n`);
    process.stdout.write(`${row('raw SELECT 1', raw)}\n${row('throttler increment', hit)}\n`);
    process.stdout.write(
      `ratio increment/raw: p50 ${(percentile(hit, 50) / percentile(raw, 50)).toFixed(2)}, ` +
        `p99 ${(percentile(hit, 99) / percentile(raw, 99)).toFixed(2)}\n`,
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
