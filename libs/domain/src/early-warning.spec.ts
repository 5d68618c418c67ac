import fc from 'fast-check';
import {
  assessHandling,
  countBy,
  deadlineCompliance,
  DEFAULT_ANOMALY_OPTIONS,
  detectAnomalies,
  liabilityPublicationRow,
  mean,
  shareOf,
  shares,
  tightenThresholds,
  WATCHED_CATEGORIES,
} from './early-warning';

describe('summary arithmetic', () => {
  it('R-RPT-1: deadline compliance is the share of deadlines met, null when none fell due', () => {
    expect(deadlineCompliance(9, 10)).toBe(0.9);
    expect(deadlineCompliance(0, 4)).toBe(0);
    expect(deadlineCompliance(0, 0)).toBeNull();
  });

  it('R-RPT-1: more deadlines met than due, or negative counts, are programming errors', () => {
    expect(() => deadlineCompliance(5, 4)).toThrow(RangeError);
    expect(() => deadlineCompliance(-1, 4)).toThrow(RangeError);
    expect(() => deadlineCompliance(0, -1)).toThrow(RangeError);
  });

  it('R-RPT-1: the mean of values, null for none', () => {
    expect(mean([4, 5, 3])).toBe(4);
    expect(mean([])).toBeNull();
  });

  it('R-RPT-1: counts and shares by category sum to the whole', () => {
    const cases = [{ c: 'delay' }, { c: 'loss' }, { c: 'delay' }, { c: 'overcharge' }];
    const counts = countBy(cases, (x) => x.c);
    expect(counts).toEqual({ delay: 2, loss: 1, overcharge: 1 });
    expect(shares(counts)).toEqual({ delay: 0.5, loss: 0.25, overcharge: 0.25 });
    expect(shares({ delay: 0 })).toEqual({ delay: null });
    expect(shareOf(1, 0)).toBeNull();
  });

  it('R-RPT-1: shares of any non-empty counts add up to 1 (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.nat(1000), { minKeys: 1 }), (counts) => {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        const sum = Object.values(shares(counts)).reduce<number>((a, b) => a + (b ?? 0), 0);
        expect(sum).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe('early warning', () => {
  const opts = { minCount: 5, ratio: 2, zScore: 3 };

  it('R-RPT-2: an outlet whose complaints double against its usual level raises a warning', () => {
    const warnings = detectAnomalies(
      [{ key: { outlet: 'BJ-007' }, count: 12 }],
      [{ key: { outlet: 'BJ-007' }, counts: [5, 6, 7] }],
      opts,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual(
      expect.objectContaining({
        ruleId: 'R-RPT-2',
        key: { outlet: 'BJ-007' },
        count: 12,
        baselineMean: 6,
        ratio: 2,
        watched: false,
        triggers: ['ratio', 'z_score'],
        thresholds: opts,
      }),
    );
    expect(warnings[0].zScore).toBeCloseTo(6 / Math.sqrt(2 / 3), 9);
    expect(warnings[0].message).toEqual({
      zh: '网点BJ-007投诉异常上升:本期 12 件,以往平均 6 件',
      en: 'Complaints at outlet BJ-007 rose abnormally: 12 this period, 6 usually',
    });
  });

  it('R-RPT-2: an ordinary fluctuation raises no warning', () => {
    expect(
      detectAnomalies(
        [{ key: { outlet: 'BJ-007' }, count: 8 }],
        [{ key: { outlet: 'BJ-007' }, counts: [5, 6, 7, 6] }],
        opts,
      ),
    ).toEqual([]);
  });

  it('R-RPT-2: a steep rise below the minimum count raises no warning', () => {
    expect(
      detectAnomalies([{ key: { category: 'loss' }, count: 4 }], [{ key: { category: 'loss' }, counts: [1, 1] }], opts),
    ).toEqual([]);
  });

  it('R-RPT-2: a count at or below the usual level never warns, even with thresholds of 0', () => {
    const loose = { minCount: 0, ratio: 0, zScore: 0 };
    expect(detectAnomalies([{ key: { outlet: 'X' }, count: 0 }], [], loose)).toEqual([]);
    expect(
      detectAnomalies([{ key: { outlet: 'X' }, count: 3 }], [{ key: { outlet: 'X' }, counts: [3, 3] }], loose),
    ).toEqual([]);
  });

  it('R-RPT-2: a rise many standard deviations above a steady baseline warns by z-score alone', () => {
    const warnings = detectAnomalies(
      [{ key: { category: 'damage' }, count: 24 }],
      [{ key: { category: 'damage' }, counts: [20, 21, 19, 20] }],
      opts,
    );
    expect(warnings.map((w) => w.triggers)).toEqual([['z_score']]);
    expect(warnings[0].ratio).toBeCloseTo(1.2, 9);
  });

  it('R-RPT-2: a key without history warns once it reaches the minimum count; ratio and z-score are then unknown', () => {
    const warnings = detectAnomalies([{ key: { category: 'privacy', outlet: 'GZ-1' }, count: 5 }], [], opts);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual(
      expect.objectContaining({ baselineMean: 0, ratio: null, zScore: null, triggers: ['ratio'] }),
    );
    expect(warnings[0].message).toEqual({
      zh: '网点GZ-1“个人信息泄露”类投诉异常上升:本期 5 件,以往平均 0 件',
      en: 'Personal data leak complaints at outlet GZ-1 rose abnormally: 5 this period, 0 usually',
    });
  });

  it('R-RPT-2: a flat baseline has no z-score; a one-period baseline neither', () => {
    const flat = detectAnomalies(
      [{ key: { outlet: 'A' }, count: 20 }],
      [{ key: { outlet: 'A' }, counts: [10, 10] }],
      opts,
    );
    expect(flat[0]).toEqual(expect.objectContaining({ zScore: null, ratio: 2, triggers: ['ratio'] }));
    const single = detectAnomalies(
      [{ key: { outlet: 'A' }, count: 20 }],
      [{ key: { outlet: 'A' }, counts: [5] }],
      opts,
    );
    expect(single[0]).toEqual(expect.objectContaining({ zScore: null, ratio: 4 }));
  });

  it('R-RPT-2: baselines are matched by the whole key (category and outlet), warnings keep the input order', () => {
    const warnings = detectAnomalies(
      [
        { key: { category: 'loss', outlet: 'A' }, count: 10 },
        { key: { category: 'loss' }, count: 10 },
        { key: {}, count: 30 },
      ],
      [
        { key: { category: 'loss', outlet: 'A' }, counts: [9, 10, 11] },
        { key: { category: 'loss' }, counts: [2, 3] },
        { key: {}, counts: [10, 12] },
      ],
      opts,
    );
    expect(warnings.map((w) => w.key)).toEqual([{ category: 'loss' }, {}]);
    expect(warnings[1].message.en).toBe('Complaints rose abnormally: 30 this period, 11 usually');
    expect(warnings[1].message.zh).toBe('投诉异常上升:本期 30 件,以往平均 11 件');
  });

  it('R-CAT-3: delay, service attitude and late compensation are the watched categories', () => {
    expect([...WATCHED_CATEGORIES].sort()).toEqual(['delay', 'late_compensation', 'service_attitude']);
  });

  it('R-CAT-3: a watched category warns at a rise that would not warn for another category', () => {
    const current = [
      { key: { category: 'delay' as const }, count: 4 },
      { key: { category: 'damage' as const }, count: 4 },
    ];
    const baseline = [
      { key: { category: 'delay' as const }, counts: [2, 3, 2, 3] },
      { key: { category: 'damage' as const }, counts: [2, 3, 2, 3] },
    ];
    const warnings = detectAnomalies(current, baseline, opts);
    expect(warnings.map((w) => w.key.category)).toEqual(['delay']);
    expect(warnings[0].watched).toBe(true);
    expect(warnings[0].thresholds).toEqual({ minCount: 3, ratio: 1.5, zScore: 2 });
    expect(warnings[0].message.zh).toBe('“延误”类投诉异常上升:本期 4 件,以往平均 2.5 件');
  });

  it('R-CAT-3: watched thresholds can be configured, and a watched category at an outlet uses them', () => {
    const warnings = detectAnomalies(
      [{ key: { category: 'service_attitude', outlet: 'SH-1' }, count: 2 }],
      [{ key: { category: 'service_attitude', outlet: 'SH-1' }, counts: [1, 1] }],
      { ...opts, watched: { minCount: 2, ratio: 2, zScore: 9 } },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0].thresholds).toEqual({ minCount: 2, ratio: 2, zScore: 9 });
  });

  it('R-CAT-3: tightened thresholds are never looser than the originals (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (minCount, ratio, zScore) => {
          const tight = tightenThresholds({ minCount, ratio, zScore });
          expect(tight.minCount).toBeLessThanOrEqual(minCount);
          expect(tight.minCount).toBeGreaterThanOrEqual(1);
          expect(tight.ratio).toBeLessThanOrEqual(ratio);
          expect(tight.zScore).toBeLessThanOrEqual(zScore);
        },
      ),
    );
  });

  it('R-RPT-2: the default options apply when none are given', () => {
    expect(DEFAULT_ANOMALY_OPTIONS).toEqual({ minCount: 5, ratio: 2, zScore: 3 });
    expect(detectAnomalies([{ key: { outlet: 'A' }, count: 5 }], [])).toHaveLength(1);
    expect(detectAnomalies([{ key: { outlet: 'A' }, count: 4 }], [])).toHaveLength(0);
  });

  it('R-RPT-2: every warning is at least the minimum count and above the baseline mean (property)', () => {
    const key = fc.record({ outlet: fc.constantFrom('A', 'B') }, { requiredKeys: [] });
    fc.assert(
      fc.property(
        fc.array(fc.record({ key, count: fc.nat(50) }), { maxLength: 5 }),
        fc.array(fc.record({ key, counts: fc.array(fc.nat(50), { maxLength: 6 }) }), { maxLength: 5 }),
        (current, baseline) => {
          for (const warning of detectAnomalies(current, baseline, opts)) {
            expect(warning.count).toBeGreaterThanOrEqual(opts.minCount);
            expect(warning.count).toBeGreaterThan(warning.baselineMean);
            expect(warning.triggers.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

describe('assessment', () => {
  const rows = [
    {
      handler: 'u1',
      outlet: 'SH-1',
      period: '2024-05',
      deadlinesMet: 4,
      deadlinesTotal: 5,
      satisfaction: 4,
      compliant: true,
    },
    {
      handler: 'u1',
      outlet: 'SH-1',
      period: '2024-05',
      deadlinesMet: 5,
      deadlinesTotal: 5,
      satisfaction: 5,
      compliant: false,
    },
    {
      handler: 'u1',
      outlet: 'SH-1',
      period: '2024-06',
      deadlinesMet: 0,
      deadlinesTotal: 0,
      satisfaction: null,
      compliant: true,
    },
    { handler: 'u2', outlet: 'SH-1', period: '2024-05', deadlinesMet: 1, deadlinesTotal: 4, compliant: true },
    { outlet: 'BJ-7', deadlinesMet: 2, deadlinesTotal: 2, satisfaction: 2, compliant: true },
  ];

  it('R-RPT-3: timeliness, quality and compliance per handler and period', () => {
    expect(assessHandling(rows, 'handler')).toEqual([
      { key: 'u1', period: '2024-05', cases: 2, timeliness: 0.9, quality: 4.5, surveyed: 2, compliance: 0.5 },
      { key: 'u1', period: '2024-06', cases: 1, timeliness: null, quality: null, surveyed: 0, compliance: 1 },
      { key: 'u2', period: '2024-05', cases: 1, timeliness: 0.25, quality: null, surveyed: 0, compliance: 1 },
    ]);
  });

  it('R-RPT-3: per outlet, rows without a period form one unnamed period; rows without the key are left out', () => {
    expect(assessHandling(rows, 'outlet')).toEqual([
      { key: 'BJ-7', period: null, cases: 1, timeliness: 1, quality: 2, surveyed: 1, compliance: 1 },
      { key: 'SH-1', period: '2024-05', cases: 3, timeliness: 10 / 14, quality: 4.5, surveyed: 2, compliance: 2 / 3 },
      { key: 'SH-1', period: '2024-06', cases: 1, timeliness: null, quality: null, surveyed: 0, compliance: 1 },
    ]);
    expect(assessHandling([{ handler: '', deadlinesMet: 0, deadlinesTotal: 0, compliant: true }], 'handler')).toEqual(
      [],
    );
  });
});

describe('liability publication', () => {
  it('R-LIA-11: a row states category, cause, liability result and measures, in Chinese and English', () => {
    expect(
      liabilityPublicationRow({
        category: 'loss',
        cause: 'human_error',
        companyLiable: true,
        responsibleOutlet: 'SH-001',
        measures: ['compensation', 'apology'],
      }),
    ).toEqual({
      category: 'loss',
      categoryLabel: { zh: '遗失', en: 'Loss' },
      cause: 'human_error',
      causeLabel: { zh: '人为失误', en: 'Human error' },
      companyLiable: true,
      liabilityLabel: { zh: '公司有责', en: 'Company liable' },
      responsibleOutlet: 'SH-001',
      measures: ['compensation', 'apology'],
      measuresLabel: { zh: '赔偿、道歉', en: 'Compensation, Apology' },
    });
  });

  it('R-LIA-11: a not-liable finding without measures is published as such, without an outlet', () => {
    const row = liabilityPublicationRow({
      category: 'delay',
      cause: 'customer_misunderstanding',
      companyLiable: false,
      measures: [],
    });
    expect(row.liabilityLabel).toEqual({ zh: '公司无责', en: 'Company not liable' });
    expect(row.measuresLabel).toEqual({ zh: '无', en: 'None' });
    expect('responsibleOutlet' in row).toBe(false);
  });
});

describe('counting keys that come from data', () => {
  it('R-RPT-1: an outlet or category named like an object member ("__proto__", "constructor") is counted like any other', () => {
    const counts = countBy(['__proto__', '__proto__', 'constructor', ' '], (k) => k);
    expect(Object.entries(counts)).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
      [' ', 1],
    ]);
    expect(Object.values(shares(counts)).reduce<number>((sum, v) => sum + (v ?? 0), 0)).toBeCloseTo(1);
  });
});
