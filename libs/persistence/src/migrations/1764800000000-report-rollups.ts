import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report rollups (issue 12, docs/adr/0013-report-rollups.md): `report_rollups` holds, per Beijing day and per Beijing
 * month of receipt, per origin outlet and per category, what the summary report (R-RPT-1) adds up — case counts by
 * channel and stage, closed cases and their handling time (sum and a histogram for the p90), per deadline clock the
 * met and breached counts, the four survey scores (sums, count, dissatisfied), reopened and repeat cases.
 *
 * Statement triggers on `complaint_cases` keep it current: each insert or update subtracts the old rows'
 * contributions and adds the new ones in one statement (so `recordCaseEvents` is unchanged and a case moving stage
 * moves its count; a bulk insert costs one aggregated upsert).
 * The column lists below are this migration's snapshot (exported for the repository, which reads these columns);
 * a later vocabulary word gets its column from a later migration, which also rebuilds the rows.
 *
 * Also: the indexes the case list (`GET /complaints?stage=&category=&outlet=`), the assessment (cases closed in a
 * period) and the liability publication (cases with findings received in a month) read.
 */

/** Channels counted in a column each (`ch_<id>`); R-CH-1. */
export const ROLLUP_CHANNELS = [
  'phone',
  'sms',
  'email',
  'web',
  'app',
  'social',
  'onsite',
  'regulator',
  'consumer_association',
  'media',
] as const;

/** Stages counted in a column each (`st_<id>`). */
export const ROLLUP_STAGES = [
  'acceptance',
  'investigation',
  'handling',
  'resolution',
  'review',
  'closed',
  'closed_inadmissible',
  'closed_on_the_spot',
] as const;

/** Deadline clocks with a met and a breached column each (`met_<kind>`, `breached_<kind>`); R-SLA-*. */
export const ROLLUP_CLOCKS = [
  'classify',
  'forward',
  'department_response',
  'investigation_start',
  'evidence_request',
  'investigation',
  'plan',
  'approval',
  'reply_after_approval',
  'execution',
  'confirmation',
  'first_reply',
  'archive',
  'analysis',
  'statutory_reply',
  'refund',
] as const;

/**
 * Upper bounds (exclusive) of the handling-time histogram buckets, in hours; the last bucket (`hist_<n>`) is open.
 * Handling time = closed_at − received_at of a closed case.
 */
export const ROLLUP_HANDLING_BOUNDS_HOURS = [1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 360, 720] as const;

export const ROLLUP_SURVEY_DIMENSIONS = ['speed', 'effectiveness', 'attitude', 'transparency'] as const;

/** The key columns of `report_rollups`. */
export const ROLLUP_KEY = ['grain', 'period', 'outlet', 'category'] as const;

const HOUR_MS = 3_600_000;

interface Measure {
  readonly name: string;
  readonly type: 'integer' | 'bigint';
  /** The contribution of one case (before the sign), over `c` (the row) and `v` (its derived values). */
  readonly expr: string;
}

const has = (json: string, key: string) => `coalesce(${json} ? '${key}', false)`;

/** Every measure column, in table order. */
export const ROLLUP_MEASURES: readonly Measure[] = [
  { name: 'cases', type: 'integer', expr: '1' },
  { name: 'closed', type: 'integer', expr: 'v.closed' },
  { name: 'handling_ms', type: 'bigint', expr: 'v.ms' },
  ...Array.from({ length: ROLLUP_HANDLING_BOUNDS_HOURS.length + 1 }, (_, i): Measure => {
    const lo = i === 0 ? 0 : ROLLUP_HANDLING_BOUNDS_HOURS[i - 1] * HOUR_MS;
    const hi = ROLLUP_HANDLING_BOUNDS_HOURS[i] as number | undefined;
    const upper = hi === undefined ? '' : ` AND v.ms < ${hi * HOUR_MS}`;
    return { name: `hist_${i}`, type: 'integer', expr: `(v.closed = 1 AND v.ms >= ${lo}${upper})::int` };
  }),
  ...ROLLUP_CHANNELS.map((ch): Measure => ({ name: `ch_${ch}`, type: 'integer', expr: `(c.channel = '${ch}')::int` })),
  ...ROLLUP_STAGES.map((st): Measure => ({ name: `st_${st}`, type: 'integer', expr: `(c.stage = '${st}')::int` })),
  ...ROLLUP_CLOCKS.flatMap((k): Measure[] => [
    {
      name: `met_${k}`,
      type: 'integer',
      // Met in time: met and never breached (a clock met after its breach counts as breached).
      expr: `(${has(`v.dl->'${k}'`, 'metAt')} AND NOT ${has(`v.dl->'${k}'`, 'breachedAt')})::int`,
    },
    { name: `breached_${k}`, type: 'integer', expr: `${has(`v.dl->'${k}'`, 'breachedAt')}::int` },
  ]),
  { name: 'surveyed', type: 'integer', expr: `(jsonb_typeof(v.sv) = 'object')::int` },
  ...ROLLUP_SURVEY_DIMENSIONS.map((d): Measure => ({
    name: `survey_${d}`,
    type: 'integer',
    expr: `CASE WHEN jsonb_typeof(v.sv->'${d}') = 'number' THEN (v.sv->>'${d}')::numeric::int ELSE 0 END`,
  })),
  // R-REV-1: `reopenReview` is `isDissatisfied` of the survey, recorded with it.
  { name: 'dissatisfied', type: 'integer', expr: `coalesce((v.sv->>'reopenReview')::boolean, false)::int` },
  { name: 'reopened', type: 'integer', expr: `(coalesce((c.state->>'reopenCount')::int, 0) > 0)::int` },
  { name: 'repeats', type: 'integer', expr: 'c.is_repeat::int' },
];

const KEY_LIST = ROLLUP_KEY.join(', ');
const MEASURE_LIST = ROLLUP_MEASURES.map((m) => m.name).join(', ');

/** `INSERT … SELECT` of the summed contributions of `sources` (rows of `report_rollup_delta`), in key order. */
function applyDeltas(sources: string): string {
  const sums = ROLLUP_MEASURES.map((m) => `sum(${m.name})::${m.type}`).join(', ');
  const nonZero = ROLLUP_MEASURES.map((m) => `sum(${m.name}) <> 0`).join(' OR ');
  const set = ROLLUP_MEASURES.map((m) => `${m.name} = r.${m.name} + EXCLUDED.${m.name}`).join(', ');
  // Key order: two transactions moving cases between the same rows lock them in the same order (no deadlock).
  return `INSERT INTO report_rollups AS r (${KEY_LIST}, ${MEASURE_LIST})
    SELECT ${KEY_LIST}, ${sums} FROM (${sources}) d
    GROUP BY ${KEY_LIST} HAVING ${nonZero} ORDER BY ${KEY_LIST}
    ON CONFLICT (${KEY_LIST}) DO UPDATE SET ${set}`;
}

/** The columns whose change can change a case's contribution (any other update is skipped at once). */
const WATCHED = [
  'origin_outlet',
  'category',
  'channel',
  'stage',
  'received_at',
  'closed_at',
  'is_repeat',
  "state->'deadlines'",
  "state->'survey'",
  "state->'reopenCount'",
];

export class ReportRollups1764800000000 implements MigrationInterface {
  name = 'ReportRollups1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const measures = ROLLUP_MEASURES.map((m) => `${m.name} ${m.type} NOT NULL DEFAULT 0`).join(',\n        ');
    await q.query(`
      CREATE TABLE report_rollups (
        grain    text NOT NULL CHECK (grain IN ('day', 'month')),
        period   date NOT NULL,
        outlet   text NOT NULL,
        category text NOT NULL,
        ${measures},
        PRIMARY KEY (grain, period, outlet, category)
      )`);
    await q.query(`CREATE INDEX report_rollups_outlet_idx ON report_rollups (outlet, grain, period)`);
    await q.query(`CREATE INDEX report_rollups_category_idx ON report_rollups (category, grain, period)`);

    // One case's contribution, signed, to its day row and its month row (Beijing time, seed 004 reports by day).
    const exprs = ROLLUP_MEASURES.map((m) => `(sign * coalesce(${m.expr}, 0))::${m.type}`).join(',\n          ');
    await q.query(`
      CREATE FUNCTION report_rollup_delta(c complaint_cases, sign integer) RETURNS SETOF report_rollups
      LANGUAGE sql STABLE AS $$
        SELECT g.grain, g.period, coalesce(c.origin_outlet, ''), c.category,
          ${exprs}
        FROM (SELECT (c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                     (c.closed_at IS NOT NULL)::int AS closed,
                     CASE WHEN c.closed_at IS NULL THEN 0::bigint
                          ELSE greatest(0, round(extract(epoch FROM c.closed_at - c.received_at) * 1000))::bigint END AS ms,
                     c.state->'deadlines' AS dl,
                     c.state->'survey' AS sv) v
        CROSS JOIN LATERAL (VALUES ('day', v.day), ('month', date_trunc('month', v.day)::date)) g(grain, period)
      $$`);

    // Statement-level triggers with transition tables (one per event: PostgreSQL allows transition tables only on
    // single-event triggers): one aggregated upsert per statement, whether it wrote one case or a million. An
    // `INSERT … ON CONFLICT DO UPDATE` fires the insert trigger for the rows it inserted and the update trigger for
    // the rows it updated. Rows whose watched columns did not change are skipped.
    const changed = WATCHED.map((col) => `(o.${col}) IS DISTINCT FROM (n.${col})`).join(' OR ');
    await q.query(`
      CREATE FUNCTION report_rollups_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${applyDeltas('SELECT d.* FROM new_rows c CROSS JOIN LATERAL report_rollup_delta(c, 1) d')};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION report_rollups_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${applyDeltas(`SELECT d.* FROM new_rows n JOIN old_rows o ON o.id = n.id
          CROSS JOIN LATERAL (SELECT * FROM report_rollup_delta(n, 1)
                              UNION ALL SELECT * FROM report_rollup_delta(o, -1)) d
          WHERE ${changed}`)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION report_rollups_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${applyDeltas('SELECT d.* FROM old_rows c CROSS JOIN LATERAL report_rollup_delta(c, -1) d')};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER complaint_cases_rollups_insert AFTER INSERT ON complaint_cases
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_inserted()`);
    await q.query(`
      CREATE TRIGGER complaint_cases_rollups_update AFTER UPDATE ON complaint_cases
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
      EXECUTE FUNCTION report_rollups_updated()`);
    await q.query(`
      CREATE TRIGGER complaint_cases_rollups_delete AFTER DELETE ON complaint_cases
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_deleted()`);

    // Backfill: the rows already on file, by the same function the trigger uses.
    await q.query(applyDeltas('SELECT d.* FROM complaint_cases c CROSS JOIN LATERAL report_rollup_delta(c, 1) d'));

    // GET /complaints?stage=&category=&outlet= (outlet = origin or delivery): one index per side of the OR.
    await q.query(
      `CREATE INDEX complaint_cases_origin_list_idx ON complaint_cases (origin_outlet, category, stage, received_at DESC)`,
    );
    await q.query(
      `CREATE INDEX complaint_cases_delivery_list_idx ON complaint_cases (delivery_outlet, category, stage, received_at DESC)`,
    );
    // The assessment (R-RPT-3): cases closed in a period.
    await q.query(`CREATE INDEX complaint_cases_closed_idx ON complaint_cases (closed_at) WHERE closed_at IS NOT NULL`);
    // The liability publication (R-LIA-11): cases with findings, by receipt.
    await q.query(
      `CREATE INDEX complaint_cases_findings_idx ON complaint_cases (received_at) WHERE state ? 'findings'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS complaint_cases_findings_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_closed_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_delivery_list_idx`);
    await q.query(`DROP INDEX IF EXISTS complaint_cases_origin_list_idx`);
    await q.query(`DROP TRIGGER IF EXISTS complaint_cases_rollups_delete ON complaint_cases`);
    await q.query(`DROP TRIGGER IF EXISTS complaint_cases_rollups_update ON complaint_cases`);
    await q.query(`DROP TRIGGER IF EXISTS complaint_cases_rollups_insert ON complaint_cases`);
    await q.query(`DROP FUNCTION IF EXISTS report_rollups_deleted()`);
    await q.query(`DROP FUNCTION IF EXISTS report_rollups_updated()`);
    await q.query(`DROP FUNCTION IF EXISTS report_rollups_inserted()`);
    await q.query(`DROP FUNCTION IF EXISTS report_rollup_delta(complaint_cases, integer)`);
    await q.query(`DROP TABLE IF EXISTS report_rollups`);
  }
}
