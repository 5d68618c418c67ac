/**
 * The reports' reads (issue 12): `report_rollups` for the summary (R-RPT-1; kept current by the trigger of migration
 * 1764800000000, with week rows since 1764830000000, docs/adr/0013-report-rollups.md), and the two period reads over
 * `complaint_cases` by an index: the cases with findings received in a month (the liability publication, R-LIA-11)
 * and the cases closed in a period (the assessment, R-RPT-3, R-REV-3).
 */
import type { RollupCell } from '@complaintflow/domain/reports/summary';
import { rollupRanges } from '@complaintflow/domain/reports/periods';
import type { SurveyDimension } from '@complaintflow/domain/survey';
import {
  ROLLUP_CHANNELS,
  ROLLUP_CLOCKS,
  ROLLUP_HANDLING_BOUNDS_HOURS,
  ROLLUP_STAGES,
  ROLLUP_SURVEY_DIMENSIONS,
} from '../migrations/1764800000000-report-rollups';
import type { Queryable } from './db';

/** The clocks the rollups count, in report order. */
export const REPORT_CLOCKS: readonly string[] = ROLLUP_CLOCKS;
/** Upper bounds (exclusive) of the handling-time buckets, in milliseconds; the last bucket is open. */
export const REPORT_HANDLING_BOUNDS_MS: readonly number[] = ROLLUP_HANDLING_BOUNDS_HOURS.map((h) => h * 3_600_000);

/** The summary's filters: an inclusive range of Beijing dates of receipt (`YYYY-MM-DD`, open when absent). */
export interface RollupFilter {
  readonly from?: string;
  readonly to?: string;
  /** Origin outlet code. */
  readonly outlet?: string;
  readonly category?: string;
}

interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

const HIST = Array.from({ length: ROLLUP_HANDLING_BOUNDS_HOURS.length + 1 }, (_, i) => `hist_${i}`);
const SUMMED = [
  'cases',
  'closed',
  'handling_ms',
  ...HIST,
  ...ROLLUP_CHANNELS.map((c) => `ch_${c}`),
  ...ROLLUP_STAGES.map((s) => `st_${s}`),
  ...ROLLUP_CLOCKS.flatMap((k) => [`met_${k}`, `breached_${k}`]),
  'surveyed',
  ...ROLLUP_SURVEY_DIMENSIONS.map((d) => `survey_${d}`),
  'dissatisfied',
  'reopened',
  'repeats',
];

/**
 * The statement summing the rollup rows of a filter per outlet and category: whole months from the month rows, the
 * whole month weeks of the part-months at the edges from the week rows (migration 1764830000000) and the days around
 * them from the day rows (`rollupRanges`), each a range of the primary key (R-RPT-1). Exported for the plan check.
 */
export function rollupCellsStatement(f: RollupFilter): Statement {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}::date`;
  };
  const ranges = rollupRanges(f.from, f.to);
  const alternatives: string[] = [];
  if (ranges.months) {
    const c = [`grain = 'month'`];
    if (ranges.months.from !== null) c.push(`period >= ${p(ranges.months.from)}`);
    if (ranges.months.toExclusive !== null) c.push(`period < ${p(ranges.months.toExclusive)}`);
    alternatives.push(`(${c.join(' AND ')})`);
  }
  for (const [grain, list] of [
    ['week', ranges.weeks],
    ['day', ranges.days],
  ] as const) {
    for (const r of list) alternatives.push(`(grain = '${grain}' AND period >= ${p(r.from)} AND period <= ${p(r.to)})`);
  }
  const where = [`(${alternatives.join(' OR ')})`];
  if (f.outlet !== undefined) {
    params.push(f.outlet);
    where.push(`outlet = $${params.length}`);
  }
  if (f.category !== undefined) {
    params.push(f.category);
    where.push(`category = $${params.length}`);
  }
  const sums = SUMMED.map((c) => `sum(${c})::float8 AS ${c}`).join(', ');
  return {
    sql: `SELECT outlet, category, ${sums} FROM report_rollups WHERE ${where.join(' AND ')} GROUP BY outlet, category`,
    params,
  };
}

type CellDbRow = { outlet: string; category: string } & Record<string, number>;

function cellFromDb(r: CellDbRow): RollupCell {
  const pick = (prefix: string, ids: readonly string[]) =>
    Object.fromEntries(ids.map((id) => [id, r[`${prefix}${id}`]])) as Record<string, number>;
  return {
    outlet: r.outlet,
    category: r.category,
    cases: r.cases,
    closed: r.closed,
    handlingMs: r.handling_ms,
    histogram: HIST.map((h) => r[h]),
    byChannel: pick('ch_', ROLLUP_CHANNELS),
    byStage: pick('st_', ROLLUP_STAGES),
    clocks: Object.fromEntries(ROLLUP_CLOCKS.map((k) => [k, { met: r[`met_${k}`], breached: r[`breached_${k}`] }])),
    surveyed: r.surveyed,
    surveySums: pick('survey_', ROLLUP_SURVEY_DIMENSIONS) as Record<SurveyDimension, number>,
    dissatisfied: r.dissatisfied,
    reopened: r.reopened,
    repeats: r.repeats,
  };
}

/** One group of the liability publication (R-LIA-11): no names, no contact data, no free text, no case ids. */
export interface LiabilityPublicationDbRow {
  readonly category: string;
  readonly cause: string;
  readonly companyLiable: boolean;
  readonly ruleId: string | null;
  readonly measures: readonly string[];
  readonly cases: number;
}

/** One case closed in the assessment period (R-RPT-3), as the assessment reads it. */
export interface AssessedCaseRow {
  readonly handler: string | null;
  readonly outlet: string | null;
  /** Clocks met in time, and clocks that fell due (met in time or breached). */
  readonly deadlinesMet: number;
  readonly deadlinesTotal: number;
  /** No statutory clock breached. */
  readonly compliant: boolean;
  readonly reopened: boolean;
  readonly survey: { readonly scores: Record<SurveyDimension, number>; readonly mean: number } | null;
  readonly dissatisfied: boolean;
}

const dayStart = (n: number) => `($${n}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

export class ReportRollupsRepository {
  constructor(private readonly db: Queryable) {}

  /** The rollup cells (per origin outlet and category) of a filter, summed over its period (R-RPT-1). */
  async cells(f: RollupFilter): Promise<RollupCell[]> {
    const { sql, params } = rollupCellsStatement(f);
    const rows: CellDbRow[] = await this.db.query(sql, params);
    return rows.map(cellFromDb);
  }

  /** `EXPLAIN` of the summary's statement (for the benchmark). */
  async explainCells(f: RollupFilter): Promise<string> {
    const { sql, params } = rollupCellsStatement(f);
    const rows: { 'QUERY PLAN': string }[] = await this.db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  /**
   * R-LIA-11: the cases received in the Beijing dates `from`–`to` (inclusive) that have findings, grouped by
   * category, root cause, liability (rule and result) and the plan's remedies, with how many cases each.
   */
  async liabilityPublication(from: string, to: string): Promise<LiabilityPublicationDbRow[]> {
    const rows: {
      category: string;
      cause: string;
      liable: boolean;
      rule_id: string | null;
      measures: string[];
      cases: number;
    }[] = await this.db.query(
      `SELECT category, state->'findings'->>'rootCause' AS cause,
         coalesce((state->'liability'->>'companyLiable')::boolean, (state->'findings'->>'companyLiable')::boolean,
           false) AS liable,
         state->'liability'->>'ruleId' AS rule_id,
         CASE WHEN jsonb_typeof(state->'plan'->'remedies') = 'array' THEN state->'plan'->'remedies'
              ELSE '[]'::jsonb END AS measures,
         count(*)::int AS cases
       FROM complaint_cases
       WHERE state ? 'findings' AND received_at >= ${dayStart(1)} AND received_at < ${dayStart(2)} + interval '1 day'
       GROUP BY 1, 2, 3, 4, 5
       ORDER BY 1, 2, 4 NULLS FIRST, 3, 5::text`,
      [from, to],
    );
    return rows.map((r) => ({
      category: r.category,
      cause: r.cause,
      companyLiable: r.liable,
      ruleId: r.rule_id,
      measures: r.measures,
      cases: r.cases,
    }));
  }

  /** R-RPT-3: the cases closed in the Beijing dates `from`–`to` (inclusive), of one origin outlet if given. */
  async assessedCases(from: string, to: string, outlet?: string): Promise<AssessedCaseRow[]> {
    const params: unknown[] = [from, to];
    let outletSql = '';
    if (outlet !== undefined) {
      params.push(outlet);
      outletSql = `AND c.origin_outlet = $3`;
    }
    const scores = ROLLUP_SURVEY_DIMENSIONS.map((d) => `(c.state->'survey'->>'${d}')::float8 AS s_${d}`).join(', ');
    const rows: ({
      owner_id: string | null;
      origin_outlet: string | null;
      met: number;
      due: number;
      statutory_breached: number;
      reopened: boolean;
      surveyed: boolean;
      mean: number | null;
      dissatisfied: boolean;
    } & Record<string, number | null>)[] = await this.db.query(
      `SELECT c.owner_id, c.origin_outlet, d.met, d.due, d.statutory_breached,
         coalesce((c.state->>'reopenCount')::int, 0) > 0 AS reopened,
         jsonb_typeof(c.state->'survey') = 'object' AS surveyed,
         (c.state->'survey'->>'mean')::float8 AS mean, ${scores},
         coalesce((c.state->'survey'->>'reopenReview')::boolean, false) AS dissatisfied
       FROM complaint_cases c
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE e.value ? 'metAt' AND NOT e.value ? 'breachedAt')::int AS met,
                count(*) FILTER (WHERE e.value ? 'metAt' OR e.value ? 'breachedAt')::int AS due,
                count(*) FILTER (WHERE coalesce((e.value->>'statutory')::boolean, false)
                                   AND e.value ? 'breachedAt')::int AS statutory_breached
         FROM jsonb_each(CASE WHEN jsonb_typeof(c.state->'deadlines') = 'object' THEN c.state->'deadlines'
                              ELSE '{}'::jsonb END) e) d
       WHERE c.closed_at IS NOT NULL AND c.closed_at >= ${dayStart(1)}
         AND c.closed_at < ${dayStart(2)} + interval '1 day' ${outletSql}
       ORDER BY c.closed_at, c.id`,
      params,
    );
    return rows.map((r) => ({
      handler: r.owner_id,
      outlet: r.origin_outlet,
      deadlinesMet: r.met,
      deadlinesTotal: r.due,
      compliant: r.statutory_breached === 0,
      reopened: r.reopened,
      survey:
        r.surveyed && r.mean !== null
          ? {
              scores: Object.fromEntries(ROLLUP_SURVEY_DIMENSIONS.map((d) => [d, Number(r[`s_${d}`] ?? 0)])) as Record<
                SurveyDimension,
                number
              >,
              mean: r.mean,
            }
          : null,
      dissatisfied: r.dissatisfied,
    }));
  }
}
