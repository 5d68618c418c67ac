/**
 * The reports at scale (issue 12): in a scratch database (migrations run), 1,000,000 synthetic cases written by
 * `insertSyntheticCases` (`INSERT … SELECT generate_series`, through the table's trigger, so the rollups fill as in
 * production), then the p50/p99 of the summary (R-RPT-1: unfiltered; by outlet and category; a date range) and of a
 * filtered case-list page (`ComplaintCasesRepository.list`, `GET /complaints?stage=&category=&outlet=&page=`), next
 * to a raw `SELECT 1` round trip and a primary-key lookup measured in the same run, alternated, as ratios; and the
 * `EXPLAIN` plans. Targets: summary p99 ≤ 200 ms, list page p99 ≤ 50 ms.
 *
 *   npm run build && npm run bench:reports [-- CASES [ROUNDS]]      (DATABASE_URL's server, else 127.0.0.1:5432)
 */
import {
  ComplaintCasesRepository,
  ReportRollupsRepository,
  REPORT_CLOCKS,
  REPORT_HANDLING_BOUNDS_MS,
  caseListStatements,
  type CaseListFilters,
  type RollupFilter,
} from '@complaintflow/persistence';
import { rollupCellsStatement } from '@complaintflow/persistence/repositories/report-rollups';
import { insertSyntheticCases } from '@complaintflow/persistence/repositories/synthetic-cases';
import { summarise } from '@complaintflow/domain/reports/summary';
import { percentile, timed, withScratchDatabase } from './scratch';

const ADMIN_VIEWER = { sub: 'bench-admin', roles: ['admin'] };

const out = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 200);
  await withScratchDatabase('cf_bench_reports', async (ds) => {
    const nowMs = Date.UTC(2026, 5, 30, 4);
    const batch = 50_000;
    const genStarted = Date.now();
    for (let first = 1; first <= total; first += batch) {
      await insertSyntheticCases(ds, { first, count: Math.min(batch, total - first + 1), nowMs });
      process.stderr.write(`\rgenerated ${Math.min(total, first + batch - 1)} / ${total}`);
    }
    process.stderr.write('\n');
    const genMs = Date.now() - genStarted;
    // As autovacuum would after a bulk load: statistics, and the visibility map the list count's index-only scans
    // rely on (migration 1764820000000).
    await ds.query('VACUUM ANALYZE complaint_cases');
    await ds.query('VACUUM ANALYZE report_rollups');
    const [{ cases, rollups }] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM complaint_cases) AS cases, (SELECT count(*)::int FROM report_rollups) AS rollups`,
    )) as { cases: number; rollups: number }[];
    out(`generated ${cases} cases in ${(genMs / 1000).toFixed(1)} s (rollup rows: ${rollups})`);

    const rollupsRepo = new ReportRollupsRepository(ds);
    const casesRepo = new ComplaintCasesRepository(ds);
    const ids = ((await ds.query('SELECT id FROM complaint_cases ORDER BY id LIMIT 1000')) as { id: string }[]).map(
      (r) => r.id,
    );
    const summary = (f: RollupFilter) => async () =>
      summarise(await rollupsRepo.cells(f), REPORT_HANDLING_BOUNDS_MS, REPORT_CLOCKS);
    const listFilter = (page: number): CaseListFilters => ({
      stage: 'closed',
      category: 'delay',
      outlet: 'BN-003',
      page,
      pageSize: 20,
      sort: '-receivedAt',
    });
    // The statements as they were before migrations 1764820000000 and 1764830000000, timed in the same run (the
    // statement alone, no mapping): the count with the outlet's OR in one bitmap scan (heap rows fetched for the
    // visibility), and the date range from month rows and up to ~37 edge day rows.
    const listNow = caseListStatements(ADMIN_VIEWER, listFilter(1), nowMs);
    const countBefore = listNow.page.sql.replace(
      /^SELECT [\s\S]*? FROM complaint_cases c WHERE ([\s\S]*) ORDER BY[\s\S]*$/,
      (_, w) => `SELECT count(*)::int AS n FROM complaint_cases c WHERE ${w as string}`,
    );
    const rangeNow = rollupCellsStatement({ from: '2026-01-15', to: '2026-05-20' });
    const rangeBefore = rangeNow.sql.replace(
      / WHERE [\s\S]* GROUP BY /,
      ` WHERE ((grain = 'month' AND period >= '2026-02-01' AND period < '2026-05-01')
          OR (grain = 'day' AND period >= '2026-01-15' AND period <= '2026-01-31')
          OR (grain = 'day' AND period >= '2026-05-01' AND period <= '2026-05-20')) GROUP BY `,
    );
    const arms: [string, (i: number) => Promise<unknown>][] = [
      ['raw SELECT 1', () => ds.query('SELECT 1')],
      ['raw lookup by id', (i) => ds.query('SELECT id, stage FROM complaint_cases WHERE id = $1', [ids[i % 1000]])],
      ['summary, unfiltered', summary({})],
      ['summary, outlet+category', summary({ outlet: 'BN-003', category: 'delay' })],
      ['summary, 2026-01-15..2026-05-20', summary({ from: '2026-01-15', to: '2026-05-20' })],
      ['list page 1 (stage+cat+outlet)', () => casesRepo.list(ADMIN_VIEWER, listFilter(1), nowMs)],
      ['list page 3 (stage+cat+outlet)', () => casesRepo.list(ADMIN_VIEWER, listFilter(3), nowMs)],
      ['list count statement, now', () => ds.query(listNow.count.sql, listNow.count.params)],
      ['list count statement, before', () => ds.query(countBefore, listNow.count.params)],
      ['date range statement, now', () => ds.query(rangeNow.sql, rangeNow.params)],
      ['date range statement, before', () => ds.query(rangeBefore)],
    ];
    const [[nowCount], [beforeCount]] = (await Promise.all([
      ds.query(listNow.count.sql, listNow.count.params),
      ds.query(countBefore, listNow.count.params),
    ])) as { n: number }[][];
    out(`list total now ${nowCount.n}, before ${beforeCount.n}${nowCount.n === beforeCount.n ? '' : ' — DIFFERENT'}`);
    for (const [, fn] of arms) await fn(0); // warm
    const times = arms.map(() => [] as number[]);
    for (let i = 0; i < rounds; i++) {
      // Arms alternated, so all see the same machine.
      for (let a = 0; a < arms.length; a++) times[a].push(await timed(() => arms[a][1](i)));
    }
    for (const t of times) t.sort((x, y) => x - y);
    const raw = times[0];
    const lookup = times[1];
    out(`${rounds} rounds, arms alternated`);
    arms.forEach(([name], a) => {
      const t = times[a];
      out(
        `${name.padEnd(34)} p50 ${percentile(t, 50).toFixed(2).padStart(8)} ms  p99 ${percentile(t, 99)
          .toFixed(2)
          .padStart(8)} ms  ` +
          `×raw p50 ${(percentile(t, 50) / percentile(raw, 50)).toFixed(1)} p99 ${(percentile(t, 99) / percentile(raw, 99)).toFixed(1)}  ` +
          `×lookup p99 ${(percentile(t, 99) / percentile(lookup, 99)).toFixed(1)}`,
      );
    });
    const verdict = (name: string, a: number, target: number) =>
      out(
        `target ${name}: p99 ${percentile(times[a], 99).toFixed(2)} ms ≤ ${target} ms: ${percentile(times[a], 99) <= target ? 'met' : 'MISSED'}`,
      );
    verdict('summary unfiltered', 2, 200);
    verdict('summary outlet+category', 3, 200);
    verdict('summary date range', 4, 200);
    verdict('list page', 5, 50);
    verdict('list page 3', 6, 50);

    out('\nEXPLAIN summary, unfiltered:');
    out(await rollupsRepo.explainCells({}));
    out('\nEXPLAIN summary, 2026-01-15..2026-05-20 (month, week and day rows):');
    out(await rollupsRepo.explainCells({ from: '2026-01-15', to: '2026-05-20' }));
    out('\nEXPLAIN summary, outlet+category, date range:');
    out(await rollupsRepo.explainCells({ outlet: 'BN-003', category: 'delay', from: '2026-01-15', to: '2026-05-20' }));
    const { page, count } = caseListStatements(ADMIN_VIEWER, listFilter(1), nowMs);
    for (const [name, s] of [
      ['list page', page],
      ['list count', count],
    ] as const) {
      const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params)) as { 'QUERY PLAN': string }[];
      out(`\nEXPLAIN ${name}:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
