/**
 * The summary report (R-RPT-1) from rolled-up totals: counts and shares by category, by group (R-CAT-2), by channel,
 * by stage and by outlet; deadline compliance per clock; mean and p90 handling time; satisfaction averages (R-REV-1);
 * reopen and repeat rates. Plain totals in, plain numbers out: the rollup rows are read in libs/persistence.
 */
import { deadlineCompliance, shareOf } from '../early-warning';
import { SURVEY_DIMENSION_IDS, type SurveyDimension } from '../survey';
import { CATEGORIES, CATEGORY_GROUPS, CHANNELS, STAGES, categoryGroup, type Category, type Label } from '../vocabulary';

/** One rolled-up cell (an outlet and a category over the period), as the repository sums it. */
export interface RollupCell {
  /** The origin outlet ('' when the case has none). */
  readonly outlet: string;
  readonly category: string;
  readonly cases: number;
  readonly closed: number;
  /** Sum of the handling times of the closed cases, in milliseconds. */
  readonly handlingMs: number;
  /** Closed cases per handling-time bucket (`HandlingBuckets`). */
  readonly histogram: readonly number[];
  readonly byChannel: Readonly<Record<string, number>>;
  readonly byStage: Readonly<Record<string, number>>;
  /** Per deadline clock: met in time and breached. */
  readonly clocks: Readonly<Record<string, { readonly met: number; readonly breached: number }>>;
  readonly surveyed: number;
  readonly surveySums: Readonly<Record<SurveyDimension, number>>;
  readonly dissatisfied: number;
  readonly reopened: number;
  readonly repeats: number;
}

/** A count and its share of all cases of the report. */
export interface CountLine {
  readonly key: string;
  /** The vocabulary's labels (absent for outlets, which are codes). */
  readonly label?: Label;
  readonly count: number;
  readonly share: number | null;
}

export interface ClockCompliance {
  readonly clock: string;
  readonly met: number;
  readonly breached: number;
  /** Clocks that fell due: met in time or breached. */
  readonly due: number;
  readonly compliance: number | null;
}

/** A bucket of the handling-time histogram: from (inclusive) to (exclusive; null: open), in milliseconds. */
export interface HandlingBucket {
  readonly fromMs: number;
  readonly toMs: number | null;
}

export interface SummaryFigures {
  readonly cases: number;
  readonly closed: number;
  readonly byCategory: readonly CountLine[];
  readonly byGroup: readonly CountLine[];
  readonly byChannel: readonly CountLine[];
  readonly byStage: readonly CountLine[];
  readonly byOutlet: readonly CountLine[];
  readonly deadlineCompliance: {
    readonly met: number;
    readonly breached: number;
    readonly due: number;
    readonly compliance: number | null;
    readonly byClock: readonly ClockCompliance[];
  };
  readonly handlingTime: {
    readonly closed: number;
    readonly meanMs: number | null;
    /** The bucket holding the 90th percentile (nearest rank); `p90Ms` is its upper bound (its lower when open). */
    readonly p90Bucket: HandlingBucket | null;
    readonly p90Ms: number | null;
  };
  readonly satisfaction: SurveyTotals;
  readonly reopened: number;
  readonly reopenRate: number | null;
  readonly repeats: number;
  readonly repeatRate: number | null;
}

/** Survey results for the leadership (R-REV-3): how many, the mean of each dimension and overall, dissatisfied. */
export interface SurveyTotals {
  readonly surveyed: number;
  readonly means: Readonly<Record<SurveyDimension, number | null>>;
  /** The mean of the four dimension means. */
  readonly overall: number | null;
  readonly dissatisfied: number;
  readonly dissatisfiedShare: number | null;
}

/** The buckets of the histogram from their upper bounds (exclusive, ascending); the last bucket is open. */
export function handlingBuckets(boundsMs: readonly number[]): HandlingBucket[] {
  return [...boundsMs, null].map((toMs, i) => ({ fromMs: i === 0 ? 0 : boundsMs[i - 1], toMs }));
}

/** The index of the bucket a handling time falls in (the same cut as the rollup's columns). */
export function bucketIndex(ms: number, boundsMs: readonly number[]): number {
  const i = boundsMs.findIndex((bound) => ms < bound);
  return i === -1 ? boundsMs.length : i;
}

/**
 * The bucket holding the `p`-th percentile (0 < p ≤ 100, nearest rank: the ⌈p/100·n⌉-th smallest value) of a
 * histogram, or null for an empty one.
 */
export function percentileBucket(
  counts: readonly number[],
  boundsMs: readonly number[],
  p: number,
): HandlingBucket | null {
  const n = counts.reduce((sum, c) => sum + c, 0);
  if (n === 0) return null;
  const rank = Math.ceil((p / 100) * n);
  const buckets = handlingBuckets(boundsMs);
  let i = 0;
  for (let seen = counts[0]; seen < rank; seen += counts[i]) i++;
  return buckets[i];
}

/** The survey totals (R-REV-1, R-REV-3) from score sums. */
export function surveyTotals(
  surveyed: number,
  sums: Readonly<Record<SurveyDimension, number>>,
  dissatisfied: number,
): SurveyTotals {
  const means = Object.fromEntries(SURVEY_DIMENSION_IDS.map((d) => [d, shareOf(sums[d], surveyed)])) as Record<
    SurveyDimension,
    number | null
  >;
  const total = SURVEY_DIMENSION_IDS.reduce((sum, d) => sum + sums[d], 0);
  return {
    surveyed,
    means,
    overall: shareOf(total, surveyed * SURVEY_DIMENSION_IDS.length),
    dissatisfied,
    dissatisfiedShare: shareOf(dissatisfied, surveyed),
  };
}

function add(into: Record<string, number>, key: string, n: number): void {
  into[key] = (into[key] ?? 0) + n;
}

function lines(counts: Readonly<Record<string, number>>, total: number, labelOf?: (key: string) => Label | undefined) {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key, count]): CountLine => {
      const label = labelOf?.(key);
      return { key, ...(label ? { label } : {}), count, share: shareOf(count, total) };
    });
}

const own = <T extends object>(table: T, key: string): T[keyof T] | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key as keyof T] : undefined;

const labelOf =
  (table: Readonly<Record<string, Label>>) =>
  (key: string): Label | undefined => {
    const entry = own(table, key);
    return entry ? { zh: entry.zh, en: entry.en } : undefined;
  };

/**
 * The summary report (R-RPT-1) of the cells of a period: counts and shares (of all cases) by category, group
 * (R-CAT-2), channel, stage and outlet, largest first; deadline compliance overall and per clock (met in time over
 * met plus breached); mean and p90 handling time of the closed cases; the survey averages; reopen and repeat rates.
 * `clocks` lists the clocks to report (in that order).
 */
export function summarise(
  cells: readonly RollupCell[],
  boundsMs: readonly number[],
  clocks: readonly string[],
): SummaryFigures {
  const byCategory: Record<string, number> = Object.create(null);
  const byGroup: Record<string, number> = Object.create(null);
  const byChannel: Record<string, number> = Object.create(null);
  const byStage: Record<string, number> = Object.create(null);
  const byOutlet: Record<string, number> = Object.create(null);
  const met: Record<string, number> = Object.create(null);
  const breached: Record<string, number> = Object.create(null);
  const histogram = new Array<number>(boundsMs.length + 1).fill(0);
  const surveySums = Object.fromEntries(SURVEY_DIMENSION_IDS.map((d) => [d, 0])) as Record<SurveyDimension, number>;
  let cases = 0;
  let closed = 0;
  let handlingMs = 0;
  let surveyed = 0;
  let dissatisfied = 0;
  let reopened = 0;
  let repeats = 0;
  for (const cell of cells) {
    cases += cell.cases;
    closed += cell.closed;
    handlingMs += cell.handlingMs;
    surveyed += cell.surveyed;
    dissatisfied += cell.dissatisfied;
    reopened += cell.reopened;
    repeats += cell.repeats;
    add(byCategory, cell.category, cell.cases);
    const category = own(CATEGORIES, cell.category) ? (cell.category as Category) : undefined;
    add(byGroup, category ? categoryGroup(category) : 'other', cell.cases);
    add(byOutlet, cell.outlet, cell.cases);
    for (const [k, n] of Object.entries(cell.byChannel)) add(byChannel, k, n);
    for (const [k, n] of Object.entries(cell.byStage)) add(byStage, k, n);
    for (const [k, c] of Object.entries(cell.clocks)) {
      add(met, k, c.met);
      add(breached, k, c.breached);
    }
    cell.histogram.forEach((n, i) => (histogram[i] += n));
    for (const d of SURVEY_DIMENSION_IDS) surveySums[d] += cell.surveySums[d];
  }
  const byClock = clocks.map((clock): ClockCompliance => {
    const m = met[clock] ?? 0;
    const b = breached[clock] ?? 0;
    return { clock, met: m, breached: b, due: m + b, compliance: deadlineCompliance(m, m + b) };
  });
  const allMet = byClock.reduce((sum, c) => sum + c.met, 0);
  const allBreached = byClock.reduce((sum, c) => sum + c.breached, 0);
  const p90Bucket = percentileBucket(histogram, boundsMs, 90);
  return {
    cases,
    closed,
    byCategory: lines(byCategory, cases, labelOf(CATEGORIES)),
    byGroup: lines(byGroup, cases, labelOf(CATEGORY_GROUPS)),
    byChannel: lines(byChannel, cases, labelOf(CHANNELS)),
    byStage: lines(byStage, cases, labelOf(STAGES)),
    byOutlet: lines(byOutlet, cases),
    deadlineCompliance: {
      met: allMet,
      breached: allBreached,
      due: allMet + allBreached,
      compliance: deadlineCompliance(allMet, allMet + allBreached),
      byClock,
    },
    handlingTime: {
      closed,
      meanMs: shareOf(handlingMs, closed),
      p90Bucket,
      p90Ms: p90Bucket === null ? null : (p90Bucket.toMs ?? p90Bucket.fromMs),
    },
    satisfaction: surveyTotals(surveyed, surveySums, dissatisfied),
    reopened,
    reopenRate: shareOf(reopened, cases),
    repeats,
    repeatRate: shareOf(repeats, cases),
  };
}
