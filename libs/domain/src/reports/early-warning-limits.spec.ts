import {
  alertThreshold,
  assessWindow,
  baselineRate,
  DEFAULT_EARLY_WARNING_PARAMS,
  isWatchedCategory,
  poissonUpperLimit,
  poissonUpperTail,
  steadyFalseAlarmProbability,
  thresholdsFor,
  windowStartOf,
} from './early-warning-limits';

const P = DEFAULT_EARLY_WARNING_PARAMS;

/** A seeded generator (mulberry32): the simulation is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw (Knuth's product of uniforms; the rates here are small). */
function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let product = random();
  while (product > limit) {
    k++;
    product *= random();
  }
  return k;
}

describe('Poisson tail and control limit', () => {
  it('the upper tail P(X ≥ k) matches the closed form', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(-2, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonUpperTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 12);
    expect(poissonUpperTail(2, 0)).toBe(0);
    expect(poissonUpperTail(1, 0)).toBe(0);
    // Large rates: no underflow of e^-λ (log space).
    expect(poissonUpperTail(1000, 1000)).toBeGreaterThan(0.49);
    expect(poissonUpperTail(1000, 1000)).toBeLessThan(0.52);
  });

  it('the control limit is the smallest count whose tail is at most alpha', () => {
    for (const lambda of [0.05, 0.5, 1, 2.5, 7, 30]) {
      for (const alpha of [0.01, 0.001]) {
        const k = poissonUpperLimit(lambda, alpha);
        expect(poissonUpperTail(k, lambda)).toBeLessThanOrEqual(alpha);
        if (k > 1) expect(poissonUpperTail(k - 1, lambda)).toBeGreaterThan(alpha);
      }
    }
    expect(poissonUpperLimit(0, 0.001)).toBe(1);
    expect(poissonUpperLimit(2, 0.001)).toBe(9);
  });

  it('rejects rates and alphas outside their ranges', () => {
    expect(() => poissonUpperTail(1, -1)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, Infinity)).toThrow(RangeError);
    expect(() => poissonUpperLimit(Number.NaN, 0.01)).toThrow(RangeError);
    expect(() => poissonUpperLimit(1, 0)).toThrow(RangeError);
    expect(() => poissonUpperLimit(1, 1)).toThrow(RangeError);
  });
});

describe('baseline rate', () => {
  it('is (sum + 0.5) / windows: a zero baseline keeps a small positive rate', () => {
    expect(baselineRate([2, 4, 3, 3])).toBeCloseTo(12.5 / 4, 12);
    expect(baselineRate([0, 0, 0, 0])).toBeCloseTo(0.125, 12);
  });

  it('needs at least one window of non-negative integer counts', () => {
    expect(() => baselineRate([])).toThrow(RangeError);
    expect(() => baselineRate([1, -1])).toThrow(RangeError);
    expect(() => baselineRate([1.5])).toThrow(RangeError);
  });
});

describe('R-CAT-3 watched categories', () => {
  it('R-CAT-3: delay, service attitude and late compensation get the tighter thresholds', () => {
    expect(isWatchedCategory('delay')).toBe(true);
    expect(isWatchedCategory('service_attitude')).toBe(true);
    expect(isWatchedCategory('late_compensation')).toBe(true);
    expect(isWatchedCategory('loss')).toBe(false);
    expect(thresholdsFor('delay')).toBe(P.watched);
    expect(thresholdsFor('loss')).toBe(P.normal);
    expect(P.watched.alpha).toBeGreaterThan(P.normal.alpha);
    expect(P.watched.minCount).toBeLessThan(P.normal.minCount);
  });

  it('R-CAT-3: at the same baseline a watched category warns at a lower count', () => {
    const rate = baselineRate(Array.from({ length: 28 }, () => 1));
    expect(alertThreshold(rate, P.watched)).toBeLessThan(alertThreshold(rate, P.normal));
  });
});

describe('R-RPT-2 window assessment', () => {
  const steady = Array.from({ length: 28 }, (_, i) => (i % 2 === 0 ? 1 : 2)); // mean 1.5

  it('R-RPT-2: a spike far above its own baseline warns, with the p-value and the warning line', () => {
    const a = assessWindow({ outlet: 'SH-001', category: 'loss', count: 12, baseline: steady });
    expect(a.alert).toBe(true);
    expect(a.watched).toBe(false);
    expect(a.ruleIds).toEqual(['R-RPT-2']);
    expect(a.baselineMean).toBe(1.5);
    expect(a.threshold).toBe(Math.max(poissonUpperLimit(a.rate, P.normal.alpha), P.normal.minCount));
    expect(a.pValue).toBeLessThan(P.normal.alpha);
    expect(a.message.zh).toContain('网点SH-001');
    expect(a.message.zh).toContain('本期 12 件');
    expect(a.message.en).toContain('outlet SH-001');
  });

  it('R-RPT-2: a usual count does not warn', () => {
    const a = assessWindow({ outlet: 'SH-001', category: 'loss', count: 3, baseline: steady });
    expect(a.alert).toBe(false);
    expect(a.pValue).toBeGreaterThan(0.01);
  });

  it('R-RPT-2: below the minimum count nothing warns, even against a zero baseline', () => {
    const zeros = Array.from({ length: 28 }, () => 0);
    expect(assessWindow({ outlet: 'X', category: 'loss', count: 4, baseline: zeros }).alert).toBe(false);
    expect(assessWindow({ outlet: 'X', category: 'loss', count: 5, baseline: zeros }).alert).toBe(true);
    // The control limit alone would have warned at 1 or 2 complaints.
    expect(assessWindow({ outlet: 'X', category: 'loss', count: 4, baseline: zeros }).controlLimit).toBeLessThan(4);
  });

  it('R-CAT-3: a watched category warns at a count an unwatched one does not', () => {
    const count = 6;
    const delay = assessWindow({ outlet: 'BJ-007', category: 'delay', count, baseline: steady });
    const loss = assessWindow({ outlet: 'BJ-007', category: 'loss', count, baseline: steady });
    expect(delay.alert).toBe(true);
    expect(delay.watched).toBe(true);
    expect(delay.ruleIds).toEqual(['R-RPT-2', 'R-CAT-3']);
    expect(loss.alert).toBe(false);
  });
});

describe('false-alarm rate on steady Poisson data (docs/adr/0014-early-warning.md)', () => {
  it('the exact per-window false-alarm probability stays below alpha at every rate', () => {
    for (const lambda of [0, 0.1, 0.5, 1, 2, 5, 10, 20]) {
      // Estimating the rate from 28 windows costs a little over the nominal alpha at worst; bounded here by 2×.
      expect(steadyFalseAlarmProbability(lambda, P.normal, P.baselineWindows)).toBeLessThan(2 * P.normal.alpha);
      expect(steadyFalseAlarmProbability(lambda, P.watched, P.baselineWindows)).toBeLessThan(2 * P.watched.alpha);
    }
    expect(steadyFalseAlarmProbability(0, P.normal, P.baselineWindows)).toBe(0);
  });

  it('a simulation of steady Poisson windows agrees with the exact probability', () => {
    const random = seeded(20251204);
    for (const [lambda, thresholds] of [
      [2, P.watched],
      [5, P.normal],
    ] as const) {
      const windows = 20_000;
      let alarms = 0;
      for (let w = 0; w < windows; w++) {
        const baseline = Array.from({ length: P.baselineWindows }, () => poisson(lambda, random));
        const count = poisson(lambda, random);
        if (count >= alertThreshold(baselineRate(baseline), thresholds)) alarms++;
      }
      const simulated = alarms / windows;
      const exact = steadyFalseAlarmProbability(lambda, thresholds, P.baselineWindows);
      // Within four binomial standard errors (plus a floor for a tiny expected count).
      const se = Math.sqrt((exact * (1 - exact)) / windows);
      expect(Math.abs(simulated - exact)).toBeLessThan(4 * se + 1 / windows);
    }
  });

  it('rejects a baseline of no windows', () => {
    expect(() => steadyFalseAlarmProbability(1, P.normal, 0)).toThrow(RangeError);
    expect(() => steadyFalseAlarmProbability(-1, P.normal, 28)).toThrow(RangeError);
  });

  it('the table of docs/adr/0014-early-warning.md: warning lines and false-alarm probabilities per window', () => {
    const table = [0.1, 0.5, 1, 2, 5, 10, 20].map((lambda) => [
      lambda,
      alertThreshold(lambda, P.normal),
      Number(steadyFalseAlarmProbability(lambda, P.normal, P.baselineWindows).toPrecision(2)),
      alertThreshold(lambda, P.watched),
      Number(steadyFalseAlarmProbability(lambda, P.watched, P.baselineWindows).toPrecision(2)),
    ]);
    expect(table).toEqual([
      [0.1, 5, 7.7e-8, 3, 0.00015],
      [0.5, 5, 0.00016, 4, 0.005],
      [1, 6, 0.00066, 5, 0.0057],
      [2, 9, 0.00071, 7, 0.0065],
      [5, 14, 0.00078, 12, 0.0076],
      [10, 22, 0.00085, 19, 0.0082],
      [20, 36, 0.00093, 32, 0.0088],
    ]);
  });
});

describe('windows', () => {
  it('daily windows start at Beijing midnight (UTC+8)', () => {
    const instant = Date.UTC(2025, 2, 10, 17, 30); // 2025-03-11 01:30 Beijing
    expect(windowStartOf(instant, 24)).toBe(Date.UTC(2025, 2, 10, 16, 0));
    expect(windowStartOf(instant, 6, 0)).toBe(Date.UTC(2025, 2, 10, 12, 0));
  });

  it('a window length must divide the day', () => {
    expect(() => windowStartOf(0, 5)).toThrow(RangeError);
    expect(() => windowStartOf(0, 0)).toThrow(RangeError);
    expect(() => windowStartOf(0, 1.5)).toThrow(RangeError);
  });
});
