import fc from 'fast-check';
import {
  assessOvercharge,
  type ChargeFacts,
  checkOverchargePlan,
  checkProposalAgainstFloor,
  checkProposedCompensation,
  type CompensationCase,
  DEFAULT_COMPENSATION_POLICY,
  FREE_DELIVERY_ATTEMPTS,
  isFeeDue,
  type LegitimateFee,
  LEGITIMATE_FEE_KIND_IDS,
  LEGITIMATE_FEE_KINDS,
  lossCompensationFen,
  type LossFacts,
  overchargeDueFen,
  overchargeRefundFen,
  suggestedCompensationFen,
  suggestedRemedies,
} from './compensation';
import { CATEGORY_IDS, REMEDY_IDS } from './vocabulary';

const policy = DEFAULT_COMPENSATION_POLICY;
const fen = fc.integer({ min: 0, max: 100_000_000 });

describe('R-CMP-2: overcharge refunded twice', () => {
  it.each([
    ['charged 30.00, due 18.00 → 24.00', 3000, 1800, 2400],
    ['charged exactly what was due → 0', 1800, 1800, 0],
    ['charged less than due → 0, never negative', 1500, 1800, 0],
    ['one fen too much → two fen', 1801, 1800, 2],
  ])('R-CMP-2: %s', (_name, charged, due, refund) => {
    expect(overchargeRefundFen(charged, due)).toBe(refund);
  });

  it('R-CMP-2 (property): never negative, always even, twice the positive difference', () => {
    fc.assert(
      fc.property(fen, fen, (charged, due) => {
        const refund = overchargeRefundFen(charged, due);
        expect(refund).toBeGreaterThanOrEqual(0);
        expect(refund % 2).toBe(0);
        expect(refund).toBe(charged > due ? 2 * (charged - due) : 0);
      }),
    );
  });
});

describe('R-CMP-2/R-CMP-3/R-LIA-8: the overcharge verified from the charges', () => {
  const packaging = (overrides: Partial<LegitimateFee> = {}): LegitimateFee => ({
    kind: 'packaging',
    amountFen: 500,
    explained: true,
    ...overrides,
  });
  const charges = (overrides: Partial<ChargeFacts>): ChargeFacts => ({
    chargedFen: 2_300,
    normalFeeFen: 1_800,
    legitimateFees: [],
    chargingOutlet: 'SH-001',
    ...overrides,
  });

  it('R-CMP-3: the legitimate fees are packaging and a third delivery after two free ones, labelled zh/en', () => {
    expect(LEGITIMATE_FEE_KIND_IDS).toEqual(['packaging', 'third_delivery']);
    expect(LEGITIMATE_FEE_KINDS.packaging.zh).toBe('包装费');
    expect(LEGITIMATE_FEE_KINDS.third_delivery.en).toBe('Third delivery after two free ones');
    expect(FREE_DELIVERY_ATTEMPTS).toBe(2);
  });

  it.each([
    ['a packaging fee', true, packaging()],
    [
      'a fee for the third delivery',
      true,
      { kind: 'third_delivery', amountFen: 600, explained: true, deliveryAttempt: 3 },
    ],
    [
      'a fee for the second (free) delivery',
      false,
      { kind: 'third_delivery', amountFen: 600, explained: true, deliveryAttempt: 2 },
    ],
    ['a delivery fee without the attempt recorded', true, { kind: 'third_delivery', amountFen: 600, explained: false }],
  ] as [string, boolean, LegitimateFee][])('R-CMP-3: %s is due: %s', (_name, due, fee) => {
    expect(isFeeDue(fee)).toBe(due);
  });

  it('R-CMP-2: what was due is the normal fee plus the legitimate fees due, explained or not', () => {
    const fees: LegitimateFee[] = [
      packaging({ explained: false }),
      { kind: 'third_delivery', amountFen: 600, explained: true, deliveryAttempt: 3 },
    ];
    expect(overchargeDueFen(charges({ legitimateFees: fees }))).toBe(2_900);
    expect(overchargeDueFen(charges({ normalFeeFen: -5, legitimateFees: [packaging({ amountFen: -100 })] }))).toBe(0);
  });

  it('R-CMP-2/R-LIA-8: charged 35.00 with 18.00 freight and 5.00 explained packaging: 24.00 back, the charging outlet answers', () => {
    expect(assessOvercharge(charges({ chargedFen: 3_500, legitimateFees: [packaging()] }))).toEqual({
      dueFen: 2_300,
      overchargedFen: 1_200,
      refundFen: 2_400,
      unexplainedFees: [],
      feesNotDue: [],
      answerableOutlets: ['SH-001'],
      ruleIds: ['R-CMP-2', 'R-LIA-8'],
    });
  });

  it('R-CMP-2: charged exactly what was due, fees explained: no refund, nobody answers', () => {
    expect(assessOvercharge(charges({ legitimateFees: [packaging()] }))).toMatchObject({
      refundFen: 0,
      answerableOutlets: [],
      ruleIds: ['R-CMP-2'],
    });
  });

  it('R-CMP-3: an unexplained packaging fee is still due (no refund) but makes the outlet that collected it answerable', () => {
    const fee = packaging({ explained: false, outlet: 'BJ-007' });
    expect(assessOvercharge(charges({ legitimateFees: [fee] }))).toEqual({
      dueFen: 2_300,
      overchargedFen: 0,
      refundFen: 0,
      unexplainedFees: [fee],
      feesNotDue: [],
      answerableOutlets: ['BJ-007'],
      ruleIds: ['R-CMP-2', 'R-CMP-3', 'R-LIA-8'],
    });
  });

  it('R-CMP-3: an unexplained fee without its own outlet counts against the charging outlet, named once', () => {
    const facts = charges({ chargedFen: 3_000, legitimateFees: [packaging({ explained: false })] });
    expect(assessOvercharge(facts)).toMatchObject({ refundFen: 1_400, answerableOutlets: ['SH-001'] });
    const both = charges({
      chargedFen: 3_000,
      legitimateFees: [
        packaging({ explained: false, outlet: 'BJ-007' }),
        packaging({ explained: false, outlet: 'BJ-007' }),
      ],
    });
    expect(assessOvercharge(both).answerableOutlets).toEqual(['SH-001', 'BJ-007']);
  });

  it('R-LIA-8: without outlets in the facts the amounts are still computed, nobody is named', () => {
    const facts: ChargeFacts = {
      chargedFen: 3_000,
      normalFeeFen: 1_800,
      legitimateFees: [packaging({ explained: false })],
    };
    expect(assessOvercharge(facts)).toMatchObject({
      refundFen: 1_400,
      answerableOutlets: [],
      ruleIds: ['R-CMP-2', 'R-CMP-3'],
    });
  });

  it('R-CMP-3: a "third delivery" fee for a free delivery is not due: it is part of the overcharge', () => {
    const fee: LegitimateFee = { kind: 'third_delivery', amountFen: 600, explained: true, deliveryAttempt: 2 };
    expect(assessOvercharge(charges({ chargedFen: 2_400, legitimateFees: [fee] }))).toMatchObject({
      dueFen: 1_800,
      overchargedFen: 600,
      refundFen: 1_200,
      unexplainedFees: [],
      feesNotDue: [fee],
      answerableOutlets: ['SH-001'],
    });
  });

  it('R-CMP-2/R-CMP-3 (property): the refund is twice charged − due, and explaining a fee never changes it', () => {
    const fee = fc.record({
      kind: fc.constantFrom('packaging', 'third_delivery' as const),
      amountFen: fc.integer({ min: 0, max: 10_000 }),
      explained: fc.boolean(),
      deliveryAttempt: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fen,
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fee, { maxLength: 4 }),
        (chargedFen, normalFeeFen, legitimateFees) => {
          const facts: ChargeFacts = { chargedFen, normalFeeFen, legitimateFees, chargingOutlet: 'O1' };
          const a = assessOvercharge(facts);
          expect(a.refundFen).toBe(2 * Math.max(0, chargedFen - overchargeDueFen(facts)));
          expect(a.refundFen).toBe(2 * a.overchargedFen);
          const allExplained = { ...facts, legitimateFees: legitimateFees.map((f) => ({ ...f, explained: true })) };
          expect(assessOvercharge(allExplained).refundFen).toBe(a.refundFen);
          expect(a.ruleIds.includes('R-CMP-3')).toBe(a.unexplainedFees.length > 0);
        },
      ),
    );
  });

  it.each([
    ['below the double refund', 2_399, false],
    ['exactly the double refund', 2_400, true],
    ['more than the double refund', 3_000, true],
    ['only the single difference', 1_200, false],
  ])('R-CMP-2: a plan refunding %s', (_name, planRefundFen, ok) => {
    const decision = checkOverchargePlan(planRefundFen, 2_400);
    expect(decision.ok).toBe(ok);
    if (!decision.ok) {
      expect(decision).toEqual({
        ok: false,
        code: 'RULE.R-CMP-2',
        reason: '多收费须双倍返还差额,方案退款低于应退金额',
        details: [
          {
            planRefundFen,
            requiredRefundFen: 2_400,
            en: 'an overcharge is refunded twice the difference; the plan refunds less',
          },
        ],
      });
    }
  });

  it('R-CMP-2 (property): exactly the plans below the double refund are refused', () => {
    fc.assert(
      fc.property(fen, fen, (planRefundFen, required) => {
        expect(checkOverchargePlan(planRefundFen, required).ok).toBe(planRefundFen >= required);
      }),
    );
  });
});

describe('R-CMP-5: compensation for loss, damage, shortage', () => {
  const facts = (overrides: Partial<LossFacts>): LossFacts => ({
    kind: 'loss',
    insured: false,
    declaredValueFen: 0,
    actualLossFen: 50_000,
    freightFen: 1_800,
    ...overrides,
  });

  it.each([
    ['insured loss: the declared value', { insured: true, declaredValueFen: 100_000, actualLossFen: 80_000 }, 100_000],
    [
      'insured damage, 25% lost: a quarter of the declared value',
      { kind: 'damage', insured: true, declaredValueFen: 100_000, lossFraction: 0.25 },
      25_000,
    ],
    [
      'insured shortage, fraction rounded to the fen',
      { kind: 'shortage', insured: true, declaredValueFen: 1_001, lossFraction: 0.5 },
      501,
    ],
    [
      'insured damage, fraction above 1 clamped: at most the declared value',
      { kind: 'damage', insured: true, declaredValueFen: 100_000, lossFraction: 1.7 },
      100_000,
    ],
    [
      'insured damage, negative fraction clamped to 0',
      { kind: 'damage', insured: true, declaredValueFen: 100_000, lossFraction: -0.2 },
      0,
    ],
    [
      'insured damage without a fraction: the actual loss',
      { kind: 'damage', insured: true, declaredValueFen: 100_000, actualLossFen: 30_000 },
      30_000,
    ],
    [
      'insured damage without a fraction: the actual loss capped at the declared value',
      { kind: 'damage', insured: true, declaredValueFen: 20_000, actualLossFen: 30_000 },
      20_000,
    ],
    ['uninsured loss: the actual loss capped at 3 × freight', { actualLossFen: 50_000 }, 5_400],
    ['uninsured loss below the cap: the actual loss', { actualLossFen: 4_000 }, 4_000],
    ['uninsured damage: same cap', { kind: 'damage', actualLossFen: 9_999 }, 5_400],
    ['negative inputs never give a negative amount', { actualLossFen: -10 }, 0],
  ] as [string, Partial<LossFacts>, number][])('R-CMP-5: %s', (_name, overrides, expected) => {
    expect(lossCompensationFen(facts(overrides), policy)).toBe(expected);
  });

  it('R-CMP-5: the cap follows the policy multiple', () => {
    expect(lossCompensationFen(facts({ actualLossFen: 50_000 }), { uninsuredFreightMultiple: 5 })).toBe(9_000);
  });

  it('R-CMP-5 (property): uninsured never above multiple × freight, never above the actual loss', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('loss', 'damage', 'shortage' as const),
        fen,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10 }),
        (kind, actualLossFen, freightFen, multiple) => {
          const amount = lossCompensationFen(
            { kind, insured: false, declaredValueFen: 0, actualLossFen, freightFen },
            { uninsuredFreightMultiple: multiple },
          );
          expect(amount).toBeLessThanOrEqual(multiple * freightFen);
          expect(amount).toBeLessThanOrEqual(actualLossFen);
          expect(Number.isInteger(amount)).toBe(true);
        },
      ),
    );
  });

  it('R-CMP-5 (property): insured partial damage or shortage never above the declared value, whole fen', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('damage', 'shortage' as const),
        fen,
        fen,
        fc.option(fc.double({ min: -1, max: 2, noNaN: true }), { nil: undefined }),
        (kind, declaredValueFen, actualLossFen, lossFraction) => {
          const amount = lossCompensationFen(
            { kind, insured: true, declaredValueFen, actualLossFen, freightFen: 1_000, lossFraction },
            policy,
          );
          expect(amount).toBeGreaterThanOrEqual(0);
          expect(amount).toBeLessThanOrEqual(declaredValueFen);
          expect(Number.isInteger(amount)).toBe(true);
        },
      ),
    );
  });
});

describe('suggestedCompensationFen: what the rules give for the findings', () => {
  const shipment = { freightFen: 1_800, chargedFen: 3_000, insured: false, declaredValueFen: 0 };
  const kase = (overrides: Partial<CompensationCase>): CompensationCase => ({
    category: 'loss',
    companyLiable: true,
    shipment,
    actualLossFen: 50_000,
    ...overrides,
  });

  it.each([
    ['R-CMP-2: overcharge: twice (charged − freight)', { category: 'overcharge' }, 2_400],
    [
      'R-CMP-2/R-CMP-3: overcharge against what was due including a legitimate packaging charge',
      { category: 'overcharge', shipment: { ...shipment, dueFen: 2_500 } },
      1_000,
    ],
    [
      'R-CMP-2: overcharge without a charged amount: nothing',
      { category: 'overcharge', shipment: { freightFen: 1_800, insured: false, declaredValueFen: 0 } },
      0,
    ],
    ['R-CMP-1: uninsured loss: the origin pays the capped actual loss first', { category: 'loss' }, 5_400],
    [
      'R-CMP-5: insured damage with a fraction',
      { category: 'damage', lossFraction: 0.5, shipment: { ...shipment, insured: true, declaredValueFen: 20_000 } },
      10_000,
    ],
    ['R-CMP-5: shortage without an actual loss found: 0', { category: 'shortage', actualLossFen: undefined }, 0],
    [
      'R-LIA-4: late compensation for a loss: the loss compensation',
      { category: 'late_compensation', lossKind: 'loss' },
      5_400,
    ],
    ['R-LIA-4: late compensation with the loss unknown: 0', { category: 'late_compensation' }, 0],
    [
      'R-LIA-5: wrong signature that led to damage: the damage compensation',
      { category: 'non_recipient_signature', lossKind: 'damage', actualLossFen: 3_000 },
      3_000,
    ],
    ['R-CMP-5: delay: no money by rule', { category: 'delay' }, 0],
    ['R-CMP-5: service attitude: no money by rule', { category: 'service_attitude' }, 0],
    ['R-CMP-5: out of area: no money by rule', { category: 'out_of_area' }, 0],
    ['R-CMP-5: tracking information: no money by rule', { category: 'tracking_info' }, 0],
    ['R-CMP-5: privacy: no money by rule', { category: 'privacy' }, 0],
    ['R-CMP-5: other: no money by rule', { category: 'other' }, 0],
    ['R-LIA-10: not liable: nothing, even for an overcharge', { category: 'overcharge', companyLiable: false }, 0],
    [
      'R-CMP-2/R-CMP-3: overcharge against the verified charges (freight + packaging), not the shipment',
      {
        category: 'overcharge',
        shipment: { ...shipment, dueFen: 3_000 },
        charges: {
          chargedFen: 3_500,
          normalFeeFen: 1_800,
          legitimateFees: [{ kind: 'packaging', amountFen: 500, explained: false }],
        },
      },
      2_400,
    ],
    [
      'R-LIA-10: not liable: nothing, even with verified charges',
      {
        category: 'overcharge',
        companyLiable: false,
        charges: { chargedFen: 3_500, normalFeeFen: 1_800, legitimateFees: [] },
      },
      0,
    ],
  ] as [string, Partial<CompensationCase>, number][])('%s', (_name, overrides, expected) => {
    expect(suggestedCompensationFen(kase(overrides), policy)).toBe(expected);
  });
});

describe('R-CMP-5: suggested remedies', () => {
  it.each(CATEGORY_IDS)('R-CMP-5: %s: known remedies, apology first, when liable', (category) => {
    const remedies = suggestedRemedies(category, true);
    expect(remedies[0]).toBe('apology');
    for (const remedy of remedies) expect(REMEDY_IDS).toContain(remedy);
  });

  it('R-CMP-5: money remedies where the rules give money', () => {
    expect(suggestedRemedies('loss', true)).toContain('compensation');
    expect(suggestedRemedies('overcharge', true)).toContain('freight_refund');
    expect(suggestedRemedies('delay', true)).toContain('reship');
    expect(suggestedRemedies('service_attitude', true)).toEqual(['apology', 'improvement']);
  });

  it('R-REG-2: nothing that reads as an admission when the company is not liable', () => {
    expect(suggestedRemedies('loss', false)).toEqual([]);
  });
});

describe('R-CMP-4: the floor offer is the ceiling afterwards', () => {
  it('R-CMP-4: no floor offer on record: any amount passes', () => {
    expect(checkProposalAgainstFloor(1_000_000, null)).toEqual({ ok: true });
  });

  it.each([
    ['equal to the floor', 20_000, true],
    ['below the floor', 15_000, true],
    ['one fen above the floor', 20_001, false],
  ])('R-CMP-4: a proposal %s', (_name, proposed, ok) => {
    const decision = checkProposalAgainstFloor(proposed, 20_000);
    expect(decision.ok).toBe(ok);
    if (!decision.ok) {
      expect(decision.code).toBe('RULE.R-CMP-4');
      expect(decision.details).toEqual([{ proposedFen: proposed, floorOfferFen: 20_000 }]);
    }
  });

  it('R-CMP-4 (property): with a floor on record, exactly the proposals above it are refused', () => {
    fc.assert(
      fc.property(fen, fen, (proposed, floor) => {
        expect(checkProposalAgainstFloor(proposed, floor).ok).toBe(proposed <= floor);
      }),
    );
  });
});

describe('checkProposedCompensation', () => {
  it.each([
    ['a negative amount', -1],
    ['a fraction of a fen', 10.5],
    ['not a number', Number.NaN],
    ['an unsafe integer', 2 ** 60],
  ])('refuses %s as COMPENSATION.INVALID_AMOUNT', (_name, amount) => {
    expect(checkProposedCompensation(amount, null)).toMatchObject({ ok: false, code: 'COMPENSATION.INVALID_AMOUNT' });
  });

  it('R-CMP-4: refuses a valid amount above the floor offer, accepts zero and amounts up to it', () => {
    expect(checkProposedCompensation(30_000, 20_000)).toMatchObject({ ok: false, code: 'RULE.R-CMP-4' });
    expect(checkProposedCompensation(0, 20_000)).toEqual({ ok: true });
    expect(checkProposedCompensation(20_000, 20_000)).toEqual({ ok: true });
    expect(checkProposedCompensation(99_999, null)).toEqual({ ok: true });
  });
});
