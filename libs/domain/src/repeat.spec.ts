import fc from 'fast-check';
import { DEFAULT_REPEAT_POLICY, isRepeatComplaint, type PriorComplaint, type RepeatCandidate } from './repeat';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);
const policy = DEFAULT_REPEAT_POLICY;

const candidate: RepeatCandidate = {
  waybillNo: 'ZT123456789',
  complainantKey: 'ck-aaa',
  category: 'delay',
  receivedAt: T0 + 40 * DAY,
};
const prior = (caseId: string, overrides: Partial<PriorComplaint>): PriorComplaint => ({
  caseId,
  waybillNo: 'ZT000000000',
  complainantKey: 'ck-other',
  category: 'loss',
  receivedAt: T0,
  ...overrides,
});

describe('R-CAT-4: repeat complaints', () => {
  it('R-CAT-4: the default window is 30 days', () => {
    expect(DEFAULT_REPEAT_POLICY).toEqual({ windowDays: 30 });
  });

  it('R-CAT-4: a first complaint is no repeat', () => {
    expect(isRepeatComplaint(candidate, [], policy)).toEqual({ repeat: false, matches: [] });
  });

  it('R-CAT-4: the same waybill is a repeat at any earlier time and whatever the category', () => {
    const result = isRepeatComplaint(
      candidate,
      [prior('c1', { waybillNo: 'ZT123456789', receivedAt: T0 - 365 * DAY })],
      policy,
    );
    expect(result).toEqual({ repeat: true, matches: ['c1'], reason: 'same_waybill' });
  });

  it('R-CAT-4: waybill numbers match regardless of case and surrounding blanks', () => {
    const result = isRepeatComplaint(candidate, [prior('c1', { waybillNo: ' zt123456789 ' })], policy);
    expect(result.reason).toBe('same_waybill');
  });

  it.each([
    ['29 days before', 29 * DAY, true],
    ['exactly 30 days before (inclusive)', 30 * DAY, true],
    ['30 days and 1 ms before', 30 * DAY + 1, false],
  ])('R-CAT-4: same complainant, same category, %s → repeat %s', (_name, ago, repeat) => {
    const earlier = prior('c2', {
      complainantKey: 'ck-aaa',
      category: 'delay',
      receivedAt: candidate.receivedAt - ago,
    });
    const result = isRepeatComplaint(candidate, [earlier], policy);
    expect(result.repeat).toBe(repeat);
    if (repeat) expect(result).toEqual({ repeat: true, matches: ['c2'], reason: 'same_complainant_category' });
  });

  it('R-CAT-4: same complainant about a different category is no repeat', () => {
    const earlier = prior('c3', {
      complainantKey: 'ck-aaa',
      category: 'overcharge',
      receivedAt: candidate.receivedAt - DAY,
    });
    expect(isRepeatComplaint(candidate, [earlier], policy).repeat).toBe(false);
  });

  it('R-CAT-4: the window follows the policy', () => {
    const earlier = prior('c4', {
      complainantKey: 'ck-aaa',
      category: 'delay',
      receivedAt: candidate.receivedAt - 10 * DAY,
    });
    expect(isRepeatComplaint(candidate, [earlier], { windowDays: 7 }).repeat).toBe(false);
    expect(isRepeatComplaint(candidate, [earlier], { windowDays: 10 }).repeat).toBe(true);
  });

  it('R-CAT-4: later complaints, the case itself and blank keys never match', () => {
    const later = prior('c5', { waybillNo: 'ZT123456789', receivedAt: candidate.receivedAt + 1 });
    const itself = prior('self', { waybillNo: 'ZT123456789', receivedAt: candidate.receivedAt });
    expect(isRepeatComplaint({ ...candidate, caseId: 'self' }, [later, itself], policy).repeat).toBe(false);

    const blank: RepeatCandidate = { ...candidate, waybillNo: '  ', complainantKey: '' };
    const blanks = prior('c6', {
      waybillNo: '',
      complainantKey: '',
      category: 'delay',
      receivedAt: candidate.receivedAt - DAY,
    });
    expect(isRepeatComplaint(blank, [blanks], policy).repeat).toBe(false);
  });

  it('R-CAT-4: several matches, oldest first, listed once; a waybill match names the reason', () => {
    const byKey = prior('k1', {
      complainantKey: 'ck-aaa',
      category: 'delay',
      receivedAt: candidate.receivedAt - 2 * DAY,
    });
    const byWaybill = prior('w1', { waybillNo: 'ZT123456789', receivedAt: candidate.receivedAt - 5 * DAY });
    const both = prior('b1', {
      waybillNo: 'ZT123456789',
      complainantKey: 'ck-aaa',
      category: 'delay',
      receivedAt: candidate.receivedAt - 2 * DAY,
    });
    const result = isRepeatComplaint(candidate, [byKey, both, byWaybill, both], policy);
    expect(result).toEqual({ repeat: true, matches: ['w1', 'b1', 'k1'], reason: 'same_waybill' });
  });

  it('R-CAT-4 (property): the answer does not depend on the order of earlier cases', () => {
    const arbPrior = fc.record({
      caseId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      waybillNo: fc.constantFrom('ZT123456789', 'ZT9'),
      complainantKey: fc.constantFrom('ck-aaa', 'ck-bbb'),
      category: fc.constantFrom('delay', 'loss' as const),
      receivedAt: fc.integer({ min: T0, max: candidate.receivedAt + DAY }),
    });
    fc.assert(
      fc.property(fc.array(arbPrior, { maxLength: 8 }), (priors) => {
        const forward = isRepeatComplaint(candidate, priors, policy);
        const backward = isRepeatComplaint(candidate, [...priors].reverse(), policy);
        expect(backward.repeat).toBe(forward.repeat);
        expect(backward.reason).toBe(forward.reason);
        expect(new Set(backward.matches)).toEqual(new Set(forward.matches));
      }),
    );
  });
});
