import { bucketIndex, handlingBuckets, percentileBucket, summarise, surveyTotals, type RollupCell } from './summary';

const H = 3_600_000;
const BOUNDS = [1 * H, 10 * H, 100 * H];
const zeroSurvey = { speed: 0, effectiveness: 0, attitude: 0, transparency: 0 };

function cell(over: Partial<RollupCell>): RollupCell {
  return {
    outlet: 'SH-001',
    category: 'delay',
    cases: 0,
    closed: 0,
    handlingMs: 0,
    histogram: [0, 0, 0, 0],
    byChannel: {},
    byStage: {},
    clocks: {},
    surveyed: 0,
    surveySums: zeroSurvey,
    dissatisfied: 0,
    reopened: 0,
    repeats: 0,
    ...over,
  };
}

describe('handling-time histogram (R-RPT-1)', () => {
  it('cuts buckets at their upper bounds, the last one open', () => {
    expect(handlingBuckets(BOUNDS)).toEqual([
      { fromMs: 0, toMs: H },
      { fromMs: H, toMs: 10 * H },
      { fromMs: 10 * H, toMs: 100 * H },
      { fromMs: 100 * H, toMs: null },
    ]);
    expect([0, H - 1, H, 99 * H, 100 * H, 1e12].map((ms) => bucketIndex(ms, BOUNDS))).toEqual([0, 0, 1, 2, 3, 3]);
  });

  it('finds the nearest-rank percentile bucket, null when empty', () => {
    expect(percentileBucket([0, 0, 0, 0], BOUNDS, 90)).toBeNull();
    expect(percentileBucket([5, 4, 1, 0], BOUNDS, 90)).toEqual({ fromMs: H, toMs: 10 * H });
    expect(percentileBucket([5, 4, 1, 0], BOUNDS, 100)).toEqual({ fromMs: 10 * H, toMs: 100 * H });
    expect(percentileBucket([0, 0, 0, 2], BOUNDS, 50)).toEqual({ fromMs: 100 * H, toMs: null });
  });
});

describe('surveyTotals (R-REV-1, R-REV-3)', () => {
  it('means per dimension and overall, dissatisfied share; null without surveys', () => {
    expect(surveyTotals(2, { speed: 7, effectiveness: 8, attitude: 7, transparency: 8 }, 1)).toEqual({
      surveyed: 2,
      means: { speed: 3.5, effectiveness: 4, attitude: 3.5, transparency: 4 },
      overall: 3.75,
      dissatisfied: 1,
      dissatisfiedShare: 0.5,
    });
    expect(surveyTotals(0, zeroSurvey, 0)).toMatchObject({ overall: null, dissatisfiedShare: null });
  });
});

describe('summarise (R-RPT-1, R-CAT-2)', () => {
  const cells = [
    cell({
      cases: 3,
      closed: 2,
      handlingMs: 22 * H,
      histogram: [0, 1, 1, 0],
      byChannel: { phone: 2, app: 1 },
      byStage: { closed: 2, handling: 1 },
      clocks: { classify: { met: 3, breached: 0 }, first_reply: { met: 1, breached: 1 } },
      surveyed: 1,
      surveySums: { speed: 5, effectiveness: 4, attitude: 5, transparency: 4 },
      reopened: 1,
    }),
    cell({
      outlet: 'BJ-007',
      category: 'loss',
      cases: 1,
      byChannel: { phone: 1, web: 0 },
      byStage: { acceptance: 1 },
      clocks: { classify: { met: 0, breached: 1 } },
      repeats: 1,
    }),
    cell({ outlet: '', category: 'unheard_of', cases: 0 }),
  ];
  const s = summarise(cells, BOUNDS, ['classify', 'first_reply', 'plan']);

  it('counts and shares by category, group, channel, stage and outlet, largest first', () => {
    expect(s.cases).toBe(4);
    expect(s.byCategory).toEqual([
      { key: 'delay', label: { zh: '延误', en: 'Delay' }, count: 3, share: 0.75 },
      { key: 'loss', label: { zh: '遗失', en: 'Loss' }, count: 1, share: 0.25 },
    ]);
    expect(s.byGroup.map((l) => [l.key, l.count])).toEqual([
      ['service', 3],
      ['safety', 1],
    ]);
    expect(s.byChannel.map((l) => [l.key, l.count])).toEqual([
      ['phone', 3],
      ['app', 1],
    ]);
    expect(s.byStage.map((l) => l.key)).toEqual(['closed', 'acceptance', 'handling']);
    expect(s.byOutlet).toEqual([
      { key: 'SH-001', count: 3, share: 0.75 },
      { key: 'BJ-007', count: 1, share: 0.25 },
    ]);
  });

  it('puts an unknown category in the group "other", without a label', () => {
    const other = summarise([cell({ category: 'unheard_of', cases: 2 })], BOUNDS, []);
    expect(other.byGroup).toEqual([{ key: 'other', label: { zh: '其他', en: 'Other' }, count: 2, share: 1 }]);
    expect(other.byCategory).toEqual([{ key: 'unheard_of', count: 2, share: 1 }]);
  });

  it('deadline compliance per clock and overall, handling time, rates', () => {
    expect(s.deadlineCompliance).toEqual({
      met: 4,
      breached: 2,
      due: 6,
      compliance: 4 / 6,
      byClock: [
        { clock: 'classify', met: 3, breached: 1, due: 4, compliance: 0.75 },
        { clock: 'first_reply', met: 1, breached: 1, due: 2, compliance: 0.5 },
        { clock: 'plan', met: 0, breached: 0, due: 0, compliance: null },
      ],
    });
    expect(s.handlingTime).toEqual({
      closed: 2,
      meanMs: 11 * H,
      p90Bucket: { fromMs: 10 * H, toMs: 100 * H },
      p90Ms: 100 * H,
    });
    expect(s.satisfaction.means.speed).toBe(5);
    expect([s.reopened, s.reopenRate, s.repeats, s.repeatRate]).toEqual([1, 0.25, 1, 0.25]);
  });

  it('reports the open bucket by its lower bound, and nothing for no cases', () => {
    const slow = summarise([cell({ cases: 1, closed: 1, handlingMs: 200 * H, histogram: [0, 0, 0, 1] })], BOUNDS, []);
    expect(slow.handlingTime.p90Ms).toBe(100 * H);
    const none = summarise([], BOUNDS, ['classify']);
    expect(none).toMatchObject({ cases: 0, reopenRate: null, repeatRate: null });
    expect(none.handlingTime).toEqual({ closed: 0, meanMs: null, p90Bucket: null, p90Ms: null });
  });
});
