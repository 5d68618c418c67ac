/**
 * Reporting arithmetic: early warning of abnormal rises (R-RPT-2, R-CAT-3), the shares and means of the summary
 * report (R-RPT-1), the per-handler and per-outlet assessment (R-RPT-3) and the rows of the public liability
 * publication (R-LIA-11). Plain rows in, plain numbers out: the queries that produce the rows live elsewhere.
 */
import {
  CATEGORIES,
  type Category,
  type Label,
  type Language,
  REMEDIES,
  type Remedy,
  ROOT_CAUSES,
  type RootCause,
} from './vocabulary';

// ---------------------------------------------------------------------------------------------------------------
// R-RPT-1 summary arithmetic
// ---------------------------------------------------------------------------------------------------------------

/** The arithmetic mean (R-RPT-1), or null for no values (a report shows "no data", not 0). */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** `part / total` (R-RPT-1), or null when the total is 0. */
export function shareOf(part: number, total: number): number | null {
  return total === 0 ? null : part / total;
}

/**
 * Deadline compliance (R-RPT-1, R-RPT-3): the share of deadlines met, between 0 and 1, or null when no deadline fell
 * due. Throws a RangeError when `met` is not between 0 and `total` (a programming error).
 */
export function deadlineCompliance(met: number, total: number): number | null {
  if (met < 0 || total < 0 || met > total) throw new RangeError(`met (${met}) must be between 0 and total (${total})`);
  return shareOf(met, total);
}

/** Counts of items by a key (R-RPT-1: by category, by channel, by outlet …), keys in first-seen order. */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  // Null-prototype objects: a key such as "__proto__" (from data) is an ordinary key, never the prototype.
  const counts = Object.create(null) as Record<string, number>;
  for (const item of items) {
    const key = keyOf(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Each count's share of the total of all counts (R-RPT-1); all null when the total is 0. */
export function shares(counts: Readonly<Record<string, number>>): Record<string, number | null> {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const result = Object.create(null) as Record<string, number | null>;
  for (const [key, count] of Object.entries(counts)) result[key] = shareOf(count, total);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// R-RPT-2 early warning, R-CAT-3 watched categories
// ---------------------------------------------------------------------------------------------------------------

/**
 * R-CAT-3: the most frequent causes of regulator appeals (seed 000: 延误、服务态度、未及时赔付占主要原因). They get the
 * tightest watch: lower early-warning thresholds.
 */
export const WATCHED_CATEGORIES: readonly Category[] = ['delay', 'service_attitude', 'late_compensation'];

/** What is counted: a category, an outlet, or a category at an outlet. */
export interface WarningKey {
  readonly category?: Category;
  readonly outlet?: string;
}

/** Thresholds of the early warning (R-RPT-2). */
export interface AnomalyThresholds {
  /** No warning below this count in the current period, however steep the rise. */
  readonly minCount: number;
  /** Warn when the count is at least this multiple of the baseline mean. */
  readonly ratio: number;
  /** Or when the count lies at least this many standard deviations above the baseline mean. */
  readonly zScore: number;
}

/** Options of the early warning; `watched` applies to the categories of R-CAT-3. */
export interface AnomalyOptions extends AnomalyThresholds {
  /** Thresholds for `WATCHED_CATEGORIES`; by default `tightenThresholds` of the others. */
  readonly watched?: AnomalyThresholds;
}

/** Default thresholds: at least 5 complaints and double the usual, or 3 standard deviations above it. */
export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = { minCount: 5, ratio: 2, zScore: 3 };

/**
 * The tighter thresholds of the watched categories (R-CAT-3) when none are configured: half the minimum count
 * (rounded up, at least 1), half the excess ratio (2× becomes 1.5×) and two thirds of the z-score (3 becomes 2).
 */
export function tightenThresholds(thresholds: AnomalyThresholds): AnomalyThresholds {
  return {
    minCount: Math.max(1, Math.ceil(thresholds.minCount / 2)),
    ratio: 1 + (thresholds.ratio - 1) / 2,
    zScore: (thresholds.zScore * 2) / 3,
  };
}

/** A count in the current period. */
export interface CurrentCount {
  readonly key: WarningKey;
  readonly count: number;
}

/** Counts of the same key in previous periods. */
export interface BaselineCounts {
  readonly key: WarningKey;
  readonly counts: readonly number[];
}

/** Why a warning was raised. */
export type AnomalyTrigger = 'ratio' | 'z_score';

/** An early warning (R-RPT-2). */
export interface AnomalyWarning {
  readonly ruleId: 'R-RPT-2';
  readonly key: WarningKey;
  readonly count: number;
  /** Mean count over the baseline periods (0 without baseline). */
  readonly baselineMean: number;
  /** `count / baselineMean`, or null when the baseline mean is 0. */
  readonly ratio: number | null;
  /** Standard deviations above the baseline mean, or null when the baseline has fewer than 2 periods or no spread. */
  readonly zScore: number | null;
  /** Whether the tighter thresholds of a watched category applied (R-CAT-3). */
  readonly watched: boolean;
  readonly thresholds: AnomalyThresholds;
  readonly triggers: readonly AnomalyTrigger[];
  /** A one-line description for the alerts list. */
  readonly message: Label;
}

/**
 * Early warning (投诉预警, R-RPT-2): a warning for each current count that rises abnormally against its baseline.
 * A count rises abnormally when it is at least `minCount`, above the baseline mean, and either at least `ratio` ×
 * the baseline mean (any count at all when the baseline mean is 0) or at least `zScore` standard deviations (of the
 * baseline periods, population) above it. Counts of the watched categories (R-CAT-3: delay, service attitude, late
 * compensation) use the tighter `opts.watched` thresholds. A key without a baseline has a mean of 0. Warnings come in
 * the order of `current`.
 */
export function detectAnomalies(
  current: readonly CurrentCount[],
  baseline: readonly BaselineCounts[],
  opts: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): AnomalyWarning[] {
  const baselineByKey = new Map(baseline.map((entry) => [keyId(entry.key), entry.counts]));
  const watchedThresholds = opts.watched ?? tightenThresholds(opts);
  const warnings: AnomalyWarning[] = [];
  for (const { key, count } of current) {
    const watched = key.category !== undefined && WATCHED_CATEGORIES.includes(key.category);
    const thresholds: AnomalyThresholds = watched
      ? watchedThresholds
      : { minCount: opts.minCount, ratio: opts.ratio, zScore: opts.zScore };
    const counts = baselineByKey.get(keyId(key)) ?? [];
    const baselineMean = mean(counts) ?? 0;
    const spread = standardDeviation(counts, baselineMean);
    const ratio = baselineMean === 0 ? null : count / baselineMean;
    const zScore = counts.length < 2 || spread === 0 ? null : (count - baselineMean) / spread;
    if (count < thresholds.minCount || count <= baselineMean) continue;
    const triggers: AnomalyTrigger[] = [];
    if (ratio === null || ratio >= thresholds.ratio) triggers.push('ratio');
    if (zScore !== null && zScore >= thresholds.zScore) triggers.push('z_score');
    if (triggers.length === 0) continue;
    warnings.push({
      ruleId: 'R-RPT-2',
      key,
      count,
      baselineMean,
      ratio,
      zScore,
      watched,
      thresholds,
      triggers,
      message: warningMessage(key, count, baselineMean),
    });
  }
  return warnings;
}

function keyId(key: WarningKey): string {
  return `${key.category ?? '*'}|${key.outlet ?? '*'}`;
}

function standardDeviation(values: readonly number[], valuesMean: number): number {
  if (values.length === 0) return 0;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - valuesMean) ** 2, 0) / values.length);
}

function warningMessage(key: WarningKey, count: number, baselineMean: number): Label {
  const usual = Math.round(baselineMean * 10) / 10;
  const zhOutlet = key.outlet === undefined ? '' : `网点${key.outlet}`;
  const zhCategory = key.category === undefined ? '' : `“${CATEGORIES[key.category].zh}”类`;
  const enCategory = key.category === undefined ? 'Complaints' : `${CATEGORIES[key.category].en} complaints`;
  const enOutlet = key.outlet === undefined ? '' : ` at outlet ${key.outlet}`;
  return {
    zh: `${zhOutlet}${zhCategory}投诉异常上升:本期 ${count} 件,以往平均 ${usual} 件`,
    en: `${enCategory}${enOutlet} rose abnormally: ${count} this period, ${usual} usually`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// R-RPT-3 assessment per handler and per outlet
// ---------------------------------------------------------------------------------------------------------------

/** One closed case, as the assessment reads it (R-RPT-3). */
export interface AssessmentRow {
  readonly handler?: string;
  readonly outlet?: string;
  /** The assessment period, e.g. 'YYYY-MM'; rows without one form a single unnamed period. */
  readonly period?: string;
  /** Deadlines of the case that were met, and that fell due (R-SLA-*). */
  readonly deadlinesMet: number;
  readonly deadlinesTotal: number;
  /** The survey mean of the case (R-REV-1), if the customer answered. */
  readonly satisfaction?: number | null;
  /** Whether the case was handled by the rules (no refused action overridden, no audit finding). */
  readonly compliant: boolean;
}

/** The assessment of one handler or outlet in one period (R-RPT-3). */
export interface Assessment {
  readonly key: string;
  readonly period: string | null;
  readonly cases: number;
  /** Timeliness: share of deadlines met (null when none fell due). */
  readonly timeliness: number | null;
  /** Quality: mean satisfaction of the surveyed cases (null when none was surveyed). */
  readonly quality: number | null;
  readonly surveyed: number;
  /** Compliance: share of cases handled by the rules. */
  readonly compliance: number;
}

/**
 * Supervision and assessment (R-RPT-3): timeliness (deadlines met), quality (mean satisfaction) and compliance of
 * handling, per handler or per outlet and period. Rows without the grouping key are left out (an unassigned case is
 * nobody's assessment). Sorted by key, then period.
 */
export function assessHandling(rows: readonly AssessmentRow[], by: 'handler' | 'outlet'): Assessment[] {
  const groups = new Map<string, { key: string; period: string | null; rows: AssessmentRow[] }>();
  for (const row of rows) {
    const key = row[by];
    if (key === undefined || key === '') continue;
    const period = row.period ?? null;
    const id = JSON.stringify([key, period]);
    const group = groups.get(id) ?? { key, period, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  return [...groups.keys()].sort().map((id): Assessment => {
    const group = groups.get(id)!;
    const met = group.rows.reduce((sum, row) => sum + row.deadlinesMet, 0);
    const total = group.rows.reduce((sum, row) => sum + row.deadlinesTotal, 0);
    const satisfaction = group.rows.flatMap((row) => (row.satisfaction == null ? [] : [row.satisfaction]));
    return {
      key: group.key,
      period: group.period,
      cases: group.rows.length,
      timeliness: deadlineCompliance(met, total),
      quality: mean(satisfaction),
      surveyed: satisfaction.length,
      compliance: group.rows.filter((row) => row.compliant).length / group.rows.length,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// R-LIA-11 liability publication
// ---------------------------------------------------------------------------------------------------------------

/** The liability finding of one case, as published (R-LIA-11). */
export interface LiabilityFinding {
  readonly category: Category;
  readonly cause: RootCause;
  readonly companyLiable: boolean;
  /** The outlet bearing the external responsibility, if the publication names outlets. */
  readonly responsibleOutlet?: string;
  readonly measures: readonly Remedy[];
}

/** One row of the public liability publication (公示) (R-LIA-11). */
export interface LiabilityPublicationRow {
  readonly category: Category;
  readonly categoryLabel: Label;
  readonly cause: RootCause;
  readonly causeLabel: Label;
  readonly companyLiable: boolean;
  readonly liabilityLabel: Label;
  readonly responsibleOutlet?: string;
  readonly measures: readonly Remedy[];
  readonly measuresLabel: Label;
}

const LIABILITY_LABELS: Record<'liable' | 'notLiable', Label> = {
  liable: { zh: '公司有责', en: 'Company liable' },
  notLiable: { zh: '公司无责', en: 'Company not liable' },
};

/**
 * A row of the liability publication (R-LIA-11): the complaint category, its cause, the liability result and the
 * measures taken, each with Simplified Chinese and English labels. Measures keep their given order; none is "无".
 */
export function liabilityPublicationRow(finding: LiabilityFinding): LiabilityPublicationRow {
  return {
    category: finding.category,
    categoryLabel: { zh: CATEGORIES[finding.category].zh, en: CATEGORIES[finding.category].en },
    cause: finding.cause,
    causeLabel: ROOT_CAUSES[finding.cause],
    companyLiable: finding.companyLiable,
    liabilityLabel: finding.companyLiable ? LIABILITY_LABELS.liable : LIABILITY_LABELS.notLiable,
    ...(finding.responsibleOutlet === undefined ? {} : { responsibleOutlet: finding.responsibleOutlet }),
    measures: [...finding.measures],
    measuresLabel: {
      zh: joinLabels(finding.measures, 'zh', '、', '无'),
      en: joinLabels(finding.measures, 'en', ', ', 'None'),
    },
  };
}

function joinLabels(measures: readonly Remedy[], language: Language, separator: string, none: string): string {
  return measures.length === 0 ? none : measures.map((measure) => REMEDIES[measure][language]).join(separator);
}
