import {
  NOT_LIABLE_REASON_IDS,
  companyLiability,
  decideLiability,
  findingsFromVerdict,
  type LiabilityFindings,
  type LiabilityInput,
} from './liability';

const SH = 'SH-001'; // origin (picked the parcel up)
const BJ = 'BJ-007'; // delivery
const HZ = 'HZ-003'; // a third outlet

const AT_FAULT: LiabilityFindings = {
  complaintTrue: true,
  evidenced: true,
  relatedToService: true,
  personalConduct: false,
  causedByCompany: true,
};

const base: LiabilityInput = {
  category: 'delay',
  originOutlet: SH,
  deliveryOutlet: BJ,
  priorContact: { outlet: 'none', handledByRules: false },
  findings: AT_FAULT,
};

describe('decideLiability: one row per rule (seed 000)', () => {
  const table: [
    string,
    Partial<LiabilityInput>,
    { external: string; internal: string; ruleId: string; also?: string[] },
  ][] = [
    [
      'R-LIA-1: delay: delivery outlet both ways',
      { category: 'delay' },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-1' },
    ],
    [
      'R-LIA-1: delay, customer went to the delivery outlet first: still the delivery outlet',
      { category: 'delay', priorContact: { outlet: 'delivery', handledByRules: false } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-1' },
    ],
    [
      'R-LIA-1: delay, origin contacted and handled it by the rules: delivery outlet',
      { category: 'delay', priorContact: { outlet: 'origin', handledByRules: true } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-1' },
    ],
    [
      'R-LIA-1: delay placed elsewhere by the investigation: internal follows the fault outlet',
      { category: 'delay', faultOutlet: HZ },
      { external: BJ, internal: HZ, ruleId: 'R-LIA-1' },
    ],
    [
      'R-LIA-2: delay, origin contacted first and did not handle it by the rules: external origin, internal delivery',
      { category: 'delay', priorContact: { outlet: 'origin', handledByRules: false } },
      { external: SH, internal: BJ, ruleId: 'R-LIA-2' },
    ],
    [
      'R-LIA-3: service attitude: delivery outlet both ways',
      { category: 'service_attitude' },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-3' },
    ],
    [
      'R-LIA-3: service attitude where the customer names another party: that party both ways',
      { category: 'service_attitude', namedParty: SH },
      { external: SH, internal: SH, ruleId: 'R-LIA-3' },
    ],
    [
      'R-LIA-4: Shanghai→Beijing loss: external Shanghai, internal Beijing',
      { category: 'late_compensation', faultOutlet: BJ, priorContact: { outlet: 'origin', handledByRules: false } },
      { external: SH, internal: BJ, ruleId: 'R-LIA-4' },
    ],
    [
      'R-LIA-4: loss in Beijing (by the pickup principle): external Shanghai, internal Beijing',
      { category: 'loss', faultOutlet: BJ },
      { external: SH, internal: BJ, ruleId: 'R-LIA-4' },
    ],
    [
      'R-LIA-4: damage without a fault outlet: the origin both ways',
      { category: 'damage' },
      { external: SH, internal: SH, ruleId: 'R-LIA-4' },
    ],
    [
      'R-LIA-4: shortage at a transit outlet: external origin, internal that outlet',
      { category: 'shortage', faultOutlet: HZ },
      { external: SH, internal: HZ, ruleId: 'R-LIA-4' },
    ],
    [
      'R-LIA-4 default: wrong tracking information: origin, internal the fault outlet',
      { category: 'tracking_info', faultOutlet: BJ },
      { external: SH, internal: BJ, ruleId: 'R-LIA-4' },
    ],
    [
      'R-LIA-4 default: privacy leak: origin',
      { category: 'privacy' },
      { external: SH, internal: SH, ruleId: 'R-LIA-4' },
    ],
    ['R-LIA-4 default: other: origin', { category: 'other' }, { external: SH, internal: SH, ruleId: 'R-LIA-4' }],
    [
      'R-LIA-5: signed by someone else: delivery outlet both ways',
      { category: 'non_recipient_signature' },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-5' },
    ],
    [
      'R-LIA-5: signed by someone else, origin told and did nothing: origin answerable too',
      { category: 'non_recipient_signature', priorContact: { outlet: 'origin', handledByRules: false } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-5', also: [SH] },
    ],
    [
      'R-LIA-5: signed by someone else, origin told and acted by the rules: delivery outlet only',
      { category: 'non_recipient_signature', priorContact: { outlet: 'origin', handledByRules: true } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-5' },
    ],
    [
      'R-LIA-6: out of area, delivery notified and acted by the rules: origin both ways',
      { category: 'out_of_area', outOfArea: { deliveryNotified: true, actedByRules: true, originKnew: false } },
      { external: SH, internal: SH, ruleId: 'R-LIA-6' },
    ],
    [
      'R-LIA-6: out of area with no facts recorded: the seed default, origin',
      { category: 'out_of_area' },
      { external: SH, internal: SH, ruleId: 'R-LIA-6' },
    ],
    [
      'R-LIA-6: out of area, delivery failed the rules but the origin knew: external origin, internal delivery',
      { category: 'out_of_area', outOfArea: { deliveryNotified: true, actedByRules: false, originKnew: true } },
      { external: SH, internal: BJ, ruleId: 'R-LIA-6' },
    ],
    [
      'R-LIA-7: out of area, delivery did not notify and the origin did not know: delivery both ways',
      { category: 'out_of_area', outOfArea: { deliveryNotified: false, actedByRules: true, originKnew: false } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-7' },
    ],
    [
      'R-LIA-7: a delay complaint with out-of-area facts follows the out-of-area rules (R-CAT-1)',
      { category: 'delay', outOfArea: { deliveryNotified: true, actedByRules: false, originKnew: false } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-7' },
    ],
    [
      'R-LIA-8: overcharge: the outlet that charged wrongly',
      { category: 'overcharge', overcharge: { chargingOutlet: BJ } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-8' },
    ],
    [
      'R-LIA-8: overcharge with an unexplained charge elsewhere: that outlet answerable too (R-CMP-3)',
      { category: 'overcharge', overcharge: { chargingOutlet: BJ, unexplainedChargeOutlet: SH } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-8', also: [SH] },
    ],
    [
      'R-LIA-8: the charging outlet also failed to explain: listed once',
      { category: 'overcharge', overcharge: { chargingOutlet: BJ, unexplainedChargeOutlet: BJ } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-8' },
    ],
    [
      'R-LIA-8: overcharge without facts: the origin (charged at pickup)',
      { category: 'overcharge' },
      { external: SH, internal: SH, ruleId: 'R-LIA-8' },
    ],
    [
      'R-LIA-9: appeal because the origin was unreachable: external origin, internal per the delay rule',
      { category: 'delay', customerCouldNotReachOrigin: true },
      { external: SH, internal: BJ, ruleId: 'R-LIA-9' },
    ],
    [
      'R-LIA-9: unreachable origin on a wrong-signature case: origin external, not also listed as answerable',
      {
        category: 'non_recipient_signature',
        customerCouldNotReachOrigin: true,
        priorContact: { outlet: 'origin', handledByRules: false },
      },
      { external: SH, internal: BJ, ruleId: 'R-LIA-9' },
    ],
    [
      'R-LIA-9: unreachable origin on an overcharge: origin external, charging outlet internal, explainer answerable',
      {
        category: 'overcharge',
        customerCouldNotReachOrigin: true,
        overcharge: { chargingOutlet: BJ, unexplainedChargeOutlet: HZ },
      },
      { external: SH, internal: BJ, ruleId: 'R-LIA-9', also: [HZ] },
    ],
    [
      'R-LIA-9 does not fire on a service-attitude appeal where the origin merely failed the rules: the delivery outlet',
      { category: 'service_attitude', priorContact: { outlet: 'origin', handledByRules: false } },
      { external: BJ, internal: BJ, ruleId: 'R-LIA-3' },
    ],
    [
      'R-LIA-12: loss of a prohibited item accepted at the origin: external origin, internal origin (not the fault outlet)',
      { category: 'loss', faultOutlet: BJ, sourceFault: 'prohibited_item' },
      { external: SH, internal: SH, ruleId: 'R-LIA-12' },
    ],
    [
      'R-LIA-12: damage of fragile goods packed inadequately: internal origin',
      { category: 'damage', faultOutlet: HZ, sourceFault: 'inadequate_packaging' },
      { external: SH, internal: SH, ruleId: 'R-LIA-12' },
    ],
    [
      'R-LIA-12 with R-LIA-9: an unreachable origin on a source-fault loss: origin both ways, R-LIA-9 recorded last',
      { category: 'loss', sourceFault: 'inadequate_packaging', customerCouldNotReachOrigin: true },
      { external: SH, internal: SH, ruleId: 'R-LIA-9' },
    ],
  ];

  it.each(table)('%s', (_name, overrides, expected) => {
    const decision = decideLiability({ ...base, ...overrides });
    expect(decision.external).toBe(expected.external);
    expect(decision.internal).toBe(expected.internal);
    expect(decision.ruleId).toBe(expected.ruleId);
    expect(decision.companyLiable).toBe(true);
    expect(decision.basis).toBe('company_at_fault');
    expect(decision.alsoAnswerable).toEqual(expected.also);
  });

  it('records every rule applied and whether the network reimburses (R-LIA-12: not for a source fault)', () => {
    const plain = decideLiability({ ...base, category: 'loss', faultOutlet: BJ });
    expect(plain.appliedRules).toEqual(['R-LIA-4']);
    expect(plain.networkReimburses).toBe(true);
    const source = decideLiability({
      ...base,
      category: 'loss',
      sourceFault: 'prohibited_item',
      customerCouldNotReachOrigin: true,
    });
    expect(source.appliedRules).toEqual(['R-LIA-4', 'R-LIA-12', 'R-LIA-9']);
    expect(source.networkReimburses).toBe(false);
  });

  it('R-LIA-5: a wrong signature where origin and delivery are the same outlet lists nobody twice', () => {
    const decision = decideLiability({
      ...base,
      category: 'non_recipient_signature',
      deliveryOutlet: SH,
      priorContact: { outlet: 'origin', handledByRules: false },
    });
    expect(decision).toEqual({
      external: SH,
      internal: SH,
      companyLiable: true,
      ruleId: 'R-LIA-5',
      appliedRules: ['R-LIA-5'],
      networkReimburses: true,
      basis: 'company_at_fault',
    });
  });
});

describe('R-LIA-10: is the company liable at all (seed 004 §2)', () => {
  const table: [string, Partial<LiabilityFindings>, boolean, string][] = [
    ['R-LIA-10: true, evidenced, about the service and caused by the company: liable', {}, true, 'company_at_fault'],
    ['R-LIA-10: untrue: not liable', { complaintTrue: false }, false, 'complaint_untrue'],
    ['R-LIA-10: not evidenced: not liable', { evidenced: false }, false, 'not_evidenced'],
    ['R-LIA-10: unrelated to the service: not liable', { relatedToService: false }, false, 'unrelated_to_service'],
    ["R-LIA-10: an employee's personal conduct: not liable", { personalConduct: true }, false, 'personal_conduct'],
    [
      'R-LIA-10: true but not caused by the company (force majeure): not liable',
      { causedByCompany: false },
      false,
      'company_not_at_fault',
    ],
    [
      'R-LIA-10: the first exclusion is the basis',
      { complaintTrue: false, evidenced: false },
      false,
      'complaint_untrue',
    ],
  ];

  it.each(table)('%s', (_name, overrides, liable, basis) => {
    expect(companyLiability({ ...AT_FAULT, ...overrides })).toEqual({ companyLiable: liable, basis });
  });

  it('R-LIA-10: when the company is not liable no outlet bears it internally, but one still answers externally', () => {
    const decision = decideLiability({
      ...base,
      category: 'late_compensation',
      faultOutlet: BJ,
      findings: { ...AT_FAULT, causedByCompany: false },
    });
    expect(decision).toEqual({
      external: SH,
      internal: null,
      companyLiable: false,
      ruleId: 'R-LIA-4',
      appliedRules: ['R-LIA-4'],
      networkReimburses: true,
      basis: 'company_not_at_fault',
    });
  });

  it('R-LIA-10: not liable drops the also-answerable outlets', () => {
    const decision = decideLiability({
      ...base,
      category: 'non_recipient_signature',
      priorContact: { outlet: 'origin', handledByRules: false },
      findings: { ...AT_FAULT, evidenced: false },
    });
    expect(decision.alsoAnswerable).toBeUndefined();
    expect(decision.internal).toBeNull();
    expect(decision.external).toBe(BJ);
  });
});

describe('R-LIA-10: the verdict and reason the investigator records (findingsFromVerdict)', () => {
  it('liable: true, evidenced, about the service, caused by the company', () => {
    expect(companyLiability(findingsFromVerdict(true))).toEqual({ companyLiable: true, basis: 'company_at_fault' });
  });

  it.each([
    ['untrue', 'complaint_untrue'],
    ['unevidenced', 'not_evidenced'],
    ['unrelated', 'unrelated_to_service'],
    ['personal_conduct', 'personal_conduct'],
  ] as const)('R-LIA-10: not liable because %s: basis %s', (reason, basis) => {
    expect(companyLiability(findingsFromVerdict(false, reason))).toEqual({ companyLiable: false, basis });
  });

  it('R-LIA-10: not liable without a reason: the complaint stands, the company did not cause it', () => {
    expect(companyLiability(findingsFromVerdict(false))).toEqual({
      companyLiable: false,
      basis: 'company_not_at_fault',
    });
  });

  it('every reason id has a basis of its own', () => {
    const bases = NOT_LIABLE_REASON_IDS.map((r) => companyLiability(findingsFromVerdict(false, r)).basis);
    expect(new Set(bases).size).toBe(NOT_LIABLE_REASON_IDS.length);
  });
});

describe('R-LIA-5 as corrected: the appeal decides (appealed given)', () => {
  const told = { outlet: 'origin' as const, handledByRules: false };
  it('R-LIA-5: told the origin, it did nothing, and the customer appealed: external origin, internal delivery', () => {
    const d = decideLiability({ ...base, category: 'non_recipient_signature', priorContact: told, appealed: true });
    expect([d.external, d.internal, d.ruleId, d.alsoAnswerable]).toEqual([SH, BJ, 'R-LIA-5', undefined]);
  });
  it('R-LIA-5: the same without an appeal: the delivery outlet', () => {
    const d = decideLiability({ ...base, category: 'non_recipient_signature', priorContact: told, appealed: false });
    expect([d.external, d.internal]).toEqual([BJ, BJ]);
  });
  it('R-LIA-5: an appeal where the origin acted by the rules: the delivery outlet', () => {
    const d = decideLiability({
      ...base,
      category: 'non_recipient_signature',
      priorContact: { outlet: 'origin', handledByRules: true },
      appealed: true,
    });
    expect(d.external).toBe(BJ);
  });
});
