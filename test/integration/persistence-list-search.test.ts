/**
 * The case list at scale (issue 14, bench/src/bench.ts section 5): `q` as one index-backed branch per column (a
 * semi-join over the waybill's and external ref's trigram indexes, the description copy's and the complainant key),
 * finding exactly what the former OR with a correlated EXISTS found; and the single-filter totals as index-only scans
 * of the covering indexes of migration 1764900000000. Rows are inserted in a transaction and rolled back.
 */
import { caseListStatements, type CaseListFilters } from '@complaintflow/persistence/repositories/case-list';
import { openHarness, type Harness } from '../support/env';
import { explainText, rolledBack as rolledBackOn, type SqlRunner as Runner } from '../support/sql';

const ADMIN = { sub: 'adm-search', roles: ['admin'] };
let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Runs `fn` in a transaction of this suite's database that is rolled back. */
const rolledBack = (fn: (q: Runner) => Promise<void>) => rolledBackOn(h.dataSource, fn);

/** `n` cases of a unique prefix: waybill `<P>W<g>`, every 7th an external ref `<P>R<g>`, every 5th a text. */
async function seed(q: Runner, prefix: string, n: number, subject?: string): Promise<void> {
  await q.query(
    `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, waybill_no, external_ref,
       complainant_key, policy_version, state, received_at, next_due_at, subject_employee_id)
     SELECT md5($1 || g)::uuid, $1 || '-' || g,
       CASE WHEN g % 50 = 0 THEN 'review' WHEN g % 3 = 0 THEN 'closed' ELSE 'investigation' END,
       'phone', 'delay', 'normal', $1 || 'W' || g, CASE WHEN g % 7 = 0 THEN $1 || 'R' || g END,
       'key-' || $1 || (g % 50), 'plan', '{}'::jsonb, now() - make_interval(mins => g),
       CASE WHEN g % 2 = 0 THEN now() - make_interval(mins => g) END, CASE WHEN g % 11 = 0 THEN $3 END
     FROM generate_series(1, $2::int) g`,
    [prefix, n, subject ?? null],
  );
  await q.query(
    `INSERT INTO case_complainants (case_id, channel, waybill_no, complainant_key, sealed, key_id, search_text,
       received_by)
     SELECT md5($1 || g)::uuid, 'phone', $1 || 'W' || g, 'key-' || $1 || (g % 50), 'x', 'x',
       CASE WHEN g % 5 = 0 THEN 'outer box crushed 外包装破损 ' || lower($1) || 'txt' ELSE 'late parcel' END, 'test'
     FROM generate_series(1, $2::int) g`,
    [prefix, n],
  );
}

/** The ids the former `q` clause (one OR with a correlated EXISTS) finds, for comparison. */
async function formerMatches(q: Runner, pattern: string, key?: string): Promise<string[]> {
  const rows = (await q.query(
    `SELECT c.id FROM complaint_cases c WHERE (c.subject_employee_id IS NULL OR c.subject_employee_id <> $3)
       AND (c.waybill_no ILIKE $1 OR c.external_ref ILIKE $1 OR EXISTS (SELECT 1 FROM case_complainants p
         WHERE p.case_id = c.id AND p.search_text ILIKE $1) OR c.complainant_key = $2)
     ORDER BY c.received_at DESC, c.id DESC`,
    [pattern, key ?? null, ADMIN.sub],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

async function listIds(q: Runner, f: Partial<CaseListFilters>): Promise<{ ids: string[]; total: number }> {
  const { page, count } = caseListStatements(ADMIN, { page: 1, pageSize: 200, sort: '-receivedAt', ...f }, Date.now());
  const rows = (await q.query(page.sql, page.params)) as { id: string }[];
  const [{ n }] = (await q.query(count.sql, count.params)) as { n: number }[];
  return { ids: rows.map((r) => r.id), total: n };
}

describe('q over waybill, external ref, description and complainant key', () => {
  it('finds exactly what the former OR-with-EXISTS clause found, each way, never a case about the viewer', async () => {
    await rolledBack(async (q) => {
      await seed(q, 'QS', 400, ADMIN.sub);
      const cases: [string, Partial<CaseListFilters>, string, string?][] = [
        ['one waybill', { q: 'qsw123' }, '%qsw123%'],
        ['waybills by prefix (many)', { q: 'qsw1' }, '%qsw1%'],
        ['an external ref', { q: 'qsr14' }, '%qsr14%'],
        ['the description copy', { q: 'qstxt' }, '%qstxt%'],
        ['the complainant key as well', { q: 'qsw7', qComplainantKey: 'key-QS3' }, '%qsw7%', 'key-QS3'],
        ['nothing', { q: 'no-such-thing' }, '%no-such-thing%'],
        // Words no waybill or external ref can hold (their branches are left out) still find the descriptions.
        ['a Chinese word of the description', { q: '破损' }, '%破损%'],
        ['words with a space', { q: 'box crushed' }, '%box crushed%'],
      ];
      for (const [what, f, pattern, key] of cases) {
        const expected = await formerMatches(q, pattern, key);
        const got = await listIds(q, f);
        expect({ what, ids: got.ids, total: got.total }).toEqual({ what, ids: expected, total: expected.length });
      }
      // The seed's shape makes the comparison mean something: matches of every kind, and viewer cases left out.
      expect((await formerMatches(q, '%qsw123%')).length).toBe(1);
      expect((await formerMatches(q, '%qstxt%')).length).toBeGreaterThan(50);
      expect((await formerMatches(q, '%qsr14%')).length).toBe(3); // QSR14, QSR140 and QSR147
      expect((await formerMatches(q, '%破损%')).length).toBeGreaterThan(50);
      const [{ aboutViewer }] = (await q.query(
        `SELECT count(*)::int AS "aboutViewer" FROM complaint_cases WHERE waybill_no LIKE 'QSW%' AND subject_employee_id = $1`,
        [ADMIN.sub],
      )) as { aboutViewer: number }[];
      expect(aboutViewer).toBeGreaterThan(30);
      expect((await listIds(q, { q: 'qsw' })).total).toBe(400 - aboutViewer);
    });
  });

  it('a word no waybill or external ref can hold searches the descriptions only', () => {
    for (const q of ['破损', 'box crushed', '外包装']) {
      const { page, count } = caseListStatements(ADMIN, { q, page: 1, pageSize: 20, sort: '-receivedAt' }, Date.now());
      for (const s of [page, count]) {
        expect(s.sql).not.toMatch(/waybill_no ILIKE|external_ref ILIKE/);
        expect(s.sql).toMatch(/search_text ILIKE/);
      }
    }
    const { page } = caseListStatements(ADMIN, { q: 'qs-r/14', page: 1, pageSize: 20, sort: '-receivedAt' }, 0);
    expect(page.sql).toMatch(/external_ref ILIKE/); // an external ref's own characters
    expect(page.sql).not.toMatch(/waybill_no ILIKE/);
  });

  it('a rare waybill is found through the trigram index, not by reading every row (EXPLAIN)', async () => {
    await rolledBack(async (q) => {
      await seed(q, 'QP', 5000);
      await q.query('ANALYZE complaint_cases');
      await q.query('ANALYZE case_complainants');
      await q.query('SET LOCAL enable_seqscan = off');
      const { page, count } = caseListStatements(
        ADMIN,
        { q: 'qpw4321', page: 1, pageSize: 20, sort: '-receivedAt' },
        Date.now(),
      );
      for (const s of [page, count]) {
        const text = await explainText(q, s);
        const trgm = (
          (await q.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`)) as {
            n: number;
          }[]
        )[0].n;
        if (trgm) expect(text).toMatch(/Bitmap Index Scan on complaint_cases_waybill_trgm/);
        expect(text).toMatch(/Index (Only )?Scan using complaint_cases_pkey/);
        expect(text).not.toMatch(/Index Scan using complaint_cases_received_idx/);
      }
    });
  });
});

describe('the totals of single-filter lists', () => {
  it('count stage= and overdue=true by index-only scans of the covering indexes (EXPLAIN), exactly', async () => {
    await rolledBack(async (q) => {
      await seed(q, 'QC', 6000, ADMIN.sub);
      await q.query('ANALYZE complaint_cases');
      await q.query('SET LOCAL enable_seqscan = off');
      await q.query('SET LOCAL enable_bitmapscan = off');
      const now = Date.now();
      for (const [f, index, where] of [
        [{ stage: 'review' }, 'complaint_cases_stage_idx', `stage = 'review'`],
        [{ overdue: true }, 'complaint_cases_next_due_idx', `next_due_at <= to_timestamp($2 / 1000.0)`],
      ] as const) {
        const { count } = caseListStatements(ADMIN, { page: 1, pageSize: 20, sort: '-receivedAt', ...f }, now);
        expect(await explainText(q, count)).toMatch(new RegExp(`Index Only Scan using ${index}`));
        const [{ n }] = (await q.query(count.sql, count.params)) as { n: number }[];
        const [{ expected }] = (await q.query(
          `SELECT count(*)::int AS expected FROM complaint_cases WHERE ${where}
             AND subject_employee_id IS DISTINCT FROM $1 AND $2::bigint IS NOT NULL`,
          [ADMIN.sub, now],
        )) as { expected: number }[];
        expect(n).toBe(expected);
      }
    });
  });
});
