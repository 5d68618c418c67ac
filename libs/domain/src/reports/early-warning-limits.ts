/**
 * Early warning (投诉预警, R-RPT-2) by a Poisson control limit on each outlet × category's own baseline rate, with
 * tighter limits for the categories that most often become regulator appeals (R-CAT-3). Pure arithmetic: the counts
 * come from `libs/persistence`, the detector runs on a Temporal Schedule (docs/adr/0014-early-warning.md).
 *
 * Method: the complaints of one outlet × category in a window (default a Beijing-time day) are taken as Poisson with
 * the rate of its own baseline (the previous `baselineWindows` windows, rate `(sum + 0.5) / n`: the half keeps a
 * zero baseline from making every single complaint "abnormal"). The upper control limit is the smallest count `k`
 * with `P(X ≥ k) ≤ alpha` at that rate; a window warns when its count reaches both that limit and `minCount`.
 */
import { WATCHED_CATEGORIES } from '../early-warning';
import { CATEGORIES, type Category, type Label } from '../vocabulary';

/** One set of thresholds: the one-sided false-alarm level of the control limit and the minimum count. */
export interface ControlThresholds {
  /** The control limit is the smallest count whose upper tail probability at the baseline rate is at most this. */
  readonly alpha: number;
  /** No warning below this count in the window, however low the baseline. */
  readonly minCount: number;
}

/** The parameters of the early warning (docs/adr/0014-early-warning.md). */
export interface EarlyWarningParams {
  /** The length of a window, in hours; windows are aligned to local midnight (24: one Beijing-time day). */
  readonly windowHours: number;
  /** How many windows before the current one make the baseline. */
  readonly baselineWindows: number;
  /** The other categories. */
  readonly normal: ControlThresholds;
  /** R-CAT-3: delay, service attitude and late compensation get the tightest watch. */
  readonly watched: ControlThresholds;
}

/**
 * Default: daily windows against the previous 28 days; alpha 0.001 (about a 3-sigma one-sided limit) and at least 5
 * complaints; for the watched categories (R-CAT-3) alpha 0.01 and at least 3.
 */
export const DEFAULT_EARLY_WARNING_PARAMS: EarlyWarningParams = {
  windowHours: 24,
  baselineWindows: 28,
  normal: { alpha: 0.001, minCount: 5 },
  watched: { alpha: 0.01, minCount: 3 },
};

function checkRate(lambda: number): void {
  if (!Number.isFinite(lambda) || lambda < 0) throw new RangeError(`rate must be a finite number ≥ 0, got ${lambda}`);
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie strictly between 0 and 1, got ${alpha}`);
}

/**
 * The Poisson probabilities P(X = 0), P(X = 1), … at rate `lambda`, one per call, computed in log space (no underflow
 * of e^-λ for large rates).
 */
function poissonPmf(lambda: number): () => number {
  const logLambda = Math.log(lambda);
  let i = 0;
  let logFactorial = 0;
  return () => {
    if (i > 0) logFactorial += Math.log(i);
    const p = lambda === 0 ? (i === 0 ? 1 : 0) : Math.exp(-lambda + i * logLambda - logFactorial);
    i++;
    return p;
  };
}

/** P(X ≥ k) for X Poisson with rate `lambda` (1 for k ≤ 0). Throws a RangeError for a negative or infinite rate. */
export function poissonUpperTail(k: number, lambda: number): number {
  checkRate(lambda);
  if (k <= 0) return 1;
  let below = 0;
  const pmf = poissonPmf(lambda);
  for (let i = 0; i < k; i++) below += pmf();
  return Math.max(0, 1 - below);
}

/**
 * The upper control limit at rate `lambda`: the smallest count `k ≥ 1` with P(X ≥ k) ≤ `alpha`. Throws a RangeError
 * for a rate below 0 or an alpha outside (0, 1).
 */
export function poissonUpperLimit(lambda: number, alpha: number): number {
  checkRate(lambda);
  checkAlpha(alpha);
  let tail = 1; // P(X ≥ k), from k = 0
  let k = 0;
  const pmf = poissonPmf(lambda);
  while (k < 1 || tail > alpha) {
    tail -= pmf();
    k++;
  }
  return k;
}

/**
 * The baseline rate per window: `(sum + 0.5) / n` over the baseline windows' counts (the half: a baseline of zeros
 * still has a small positive rate). Throws a RangeError for no windows or a count that is not a non-negative integer.
 */
export function baselineRate(counts: readonly number[]): number {
  if (counts.length === 0) throw new RangeError('the baseline needs at least one window');
  let sum = 0;
  for (const count of counts) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`counts must be integers ≥ 0, got ${count}`);
    sum += count;
  }
  return (sum + 0.5) / counts.length;
}

/** R-CAT-3: whether a category is watched, i.e. gets the tighter thresholds. */
export function isWatchedCategory(category: Category): boolean {
  return WATCHED_CATEGORIES.includes(category);
}

/** The thresholds of a category (R-CAT-3: the watched ones get `params.watched`). */
export function thresholdsFor(
  category: Category,
  params: EarlyWarningParams = DEFAULT_EARLY_WARNING_PARAMS,
): ControlThresholds {
  return isWatchedCategory(category) ? params.watched : params.normal;
}

/** The effective threshold at a baseline rate: the control limit, but never below the minimum count. */
export function alertThreshold(rate: number, thresholds: ControlThresholds): number {
  return Math.max(poissonUpperLimit(rate, thresholds.alpha), thresholds.minCount);
}

/** What `assessWindow` reads: one outlet × category's count in the window and in each baseline window. */
export interface WindowCounts {
  readonly outlet: string;
  readonly category: Category;
  readonly count: number;
  readonly baseline: readonly number[];
}

/** The assessment of one window (R-RPT-2, R-CAT-3). */
export interface WindowAssessment {
  readonly outlet: string;
  readonly category: Category;
  readonly alert: boolean;
  readonly count: number;
  /** The baseline rate per window (`baselineRate`). */
  readonly rate: number;
  /** The plain mean of the baseline windows (for the message). */
  readonly baselineMean: number;
  /** The Poisson control limit at the rate. */
  readonly controlLimit: number;
  /** max(control limit, minimum count): the count at which the window warns. */
  readonly threshold: number;
  /** P(X ≥ count) at the baseline rate: how surprising the count is. */
  readonly pValue: number;
  readonly watched: boolean;
  readonly thresholds: ControlThresholds;
  readonly ruleIds: readonly string[];
  readonly message: Label;
}

/**
 * Early warning of one outlet × category window (R-RPT-2): warns when the count reaches the Poisson control limit
 * of its baseline rate and the minimum count; the watched categories use the tighter thresholds (R-CAT-3).
 */
export function assessWindow(
  counts: WindowCounts,
  params: EarlyWarningParams = DEFAULT_EARLY_WARNING_PARAMS,
): WindowAssessment {
  const watched = isWatchedCategory(counts.category);
  const thresholds = thresholdsFor(counts.category, params);
  const rate = baselineRate(counts.baseline);
  const controlLimit = poissonUpperLimit(rate, thresholds.alpha);
  const threshold = Math.max(controlLimit, thresholds.minCount);
  const baselineMean = counts.baseline.reduce((sum, c) => sum + c, 0) / counts.baseline.length;
  return {
    outlet: counts.outlet,
    category: counts.category,
    alert: counts.count >= threshold,
    count: counts.count,
    rate,
    baselineMean,
    controlLimit,
    threshold,
    pValue: poissonUpperTail(counts.count, rate),
    watched,
    thresholds,
    ruleIds: watched ? ['R-RPT-2', 'R-CAT-3'] : ['R-RPT-2'],
    message: alertMessage(counts.outlet, counts.category, counts.count, baselineMean, threshold),
  };
}

function alertMessage(outlet: string, category: Category, count: number, usual: number, threshold: number): Label {
  const mean = Math.round(usual * 100) / 100;
  const label = CATEGORIES[category];
  return {
    zh: `网点${outlet}“${label.zh}”类投诉异常上升:本期 ${count} 件,以往平均每期 ${mean} 件,预警线 ${threshold} 件`,
    en: `${label.en} complaints at outlet ${outlet} rose abnormally: ${count} this window, ${mean} per window usually, warning line ${threshold}`,
  };
}

/**
 * The false-alarm probability of one window for steady data: the outlet × category really has Poisson(`lambda`)
 * complaints in every window, the baseline rate is estimated from `baselineWindows` windows of it (its sum S is
 * Poisson(n·λ)), and the window warns when its own count reaches `alertThreshold((S + 0.5) / n)`. Exact up to
 * the terms of S below 1e-15.
 */
export function steadyFalseAlarmProbability(
  lambda: number,
  thresholds: ControlThresholds,
  baselineWindows: number,
): number {
  checkRate(lambda);
  if (!Number.isSafeInteger(baselineWindows) || baselineWindows < 1) {
    throw new RangeError(`baselineWindows must be an integer ≥ 1, got ${baselineWindows}`);
  }
  const mean = lambda * baselineWindows;
  const pmf = poissonPmf(mean);
  let covered = 0;
  let probability = 0;
  // Past the mean, stop once the terms of S are negligible (not "once they add up to 1": rounding may never get there).
  for (let sum = 0, pSum = 1; sum <= mean || pSum > 1e-15; sum++) {
    pSum = pmf();
    covered += pSum;
    probability += pSum * poissonUpperTail(alertThreshold((sum + 0.5) / baselineWindows, thresholds), lambda);
  }
  return probability / covered;
}

/**
 * The start of the window `instant` falls in (epoch ms): windows of `windowHours` aligned to local midnight at
 * `offsetMinutes` from UTC (China Standard Time by default). Throws a RangeError unless `windowHours` divides 24.
 */
export function windowStartOf(instant: number, windowHours: number, offsetMinutes = 480): number {
  if (!Number.isSafeInteger(windowHours) || windowHours < 1 || 24 % windowHours !== 0) {
    throw new RangeError(`windowHours must divide 24, got ${windowHours}`);
  }
  const length = windowHours * 3_600_000;
  const offset = offsetMinutes * 60_000;
  return Math.floor((instant + offset) / length) * length - offset;
}
