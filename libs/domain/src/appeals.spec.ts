import fc from 'fast-check';
import {
  APPEAL_FINE_PER_PARCEL_FEN,
  APPEAL_VALIDITY_REASONS,
  type AppealPenaltyInput,
  type AppealRecord,
  type AppealValidity,
  type AppealValidityReason,
  appealFineFen,
  appealFinePerParcelFen,
  appealPenalty,
  appealResponsibleOutlet,
  canAppealPenaltyInternally,
  canCloseAppeal,
  canRevokeValidity,
  decideAppealValidity,
  isValidAppeal,
  localMonthOf,
  monthlyRegulatorReport,
  nextAppealValidity,
  regulatorDataDueDate,
} from './appeals';
import { DEFAULT_POLICY, FAST_POLICY } from './policy/default-policy';
import { validatePolicy } from './policy/validate';

const at = (iso: string): number => Date.parse(iso);

describe('regulator appeals', () => {
  describe('validity', () => {
    it('R-CH-2: an appeal after an enquiry without an effective solution, company at fault, is valid', () => {
      expect(isValidAppeal({ priorRequestToCompany: true, effectiveSolutionGiven: false, companyAtFault: true })).toBe(
        true,
      );
    });

    it('R-CH-2: an appeal is not valid when the customer never asked the company first', () => {
      expect(isValidAppeal({ priorRequestToCompany: false, effectiveSolutionGiven: false, companyAtFault: true })).toBe(
        false,
      );
    });

    it('R-CH-2: an appeal is not valid when the company had given an effective solution', () => {
      expect(isValidAppeal({ priorRequestToCompany: true, effectiveSolutionGiven: true, companyAtFault: true })).toBe(
        false,
      );
    });

    it('R-CH-2: an appeal is not valid when the company is not at fault', () => {
      expect(isValidAppeal({ priorRequestToCompany: true, effectiveSolutionGiven: false, companyAtFault: false })).toBe(
        false,
      );
    });

    it('R-CH-2: valid exactly when asked before, no effective solution and company at fault (all combinations)', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (prior, solved, fault) => {
          expect(
            isValidAppeal({ priorRequestToCompany: prior, effectiveSolutionGiven: solved, companyAtFault: fault }),
          ).toBe(prior && !solved && fault);
        }),
      );
    });

    it('R-CH-3: a customer who could not reach the origin outlet makes a valid appeal without a prior request', () => {
      expect(
        isValidAppeal({
          priorRequestToCompany: false,
          effectiveSolutionGiven: false,
          companyAtFault: false,
          couldNotReachOriginOutlet: true,
        }),
      ).toBe(true);
      expect(
        isValidAppeal({
          priorRequestToCompany: false,
          effectiveSolutionGiven: false,
          companyAtFault: true,
          couldNotReachOriginOutlet: false,
        }),
      ).toBe(false);
    });

    it('R-CH-2: a valid appeal cannot be revoked', () => {
      const decision = canRevokeValidity({ valid: true });
      expect(decision).toEqual(expect.objectContaining({ ok: false, code: 'RULE.R-CH-2' }));
    });

    it('R-CH-2: an appeal not found valid has nothing to revoke and may still change', () => {
      expect(canRevokeValidity({ valid: false })).toEqual({ ok: true });
    });
  });

  describe('validity decided with the liability finding (R-REG-4)', () => {
    it.each([
      [
        'R-CH-2: asked before without a solution, company at fault → valid',
        { priorRequestWithoutSolution: true, companyLiable: true, customerCouldNotReachOrigin: false },
        { valid: true, ruleId: 'R-CH-2', reasons: ['prior_request_unsolved', 'company_liable'] },
      ],
      [
        'R-CH-2: asked before without a solution, company not at fault → not valid',
        { priorRequestWithoutSolution: true, companyLiable: false, customerCouldNotReachOrigin: false },
        { valid: false, ruleId: 'R-CH-2', reasons: ['prior_request_unsolved', 'company_not_liable'] },
      ],
      [
        'R-CH-2: never asked the company first, company at fault → not valid',
        { priorRequestWithoutSolution: false, companyLiable: true, customerCouldNotReachOrigin: false },
        { valid: false, ruleId: 'R-CH-2', reasons: ['no_prior_request', 'company_liable'] },
      ],
      [
        'R-CH-3/R-LIA-9: could not reach the origin outlet → valid, whatever else was found',
        { priorRequestWithoutSolution: false, companyLiable: false, customerCouldNotReachOrigin: true },
        { valid: true, ruleId: 'R-CH-3', reasons: ['could_not_reach_origin'] },
      ],
    ] as const)('%s', (_name, input, expected) => {
      expect(decideAppealValidity(input)).toEqual(expected);
    });

    it('R-CH-2/R-CH-3 (property): agrees with isValidAppeal, and every reason is labelled zh/en with its rule', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (prior, liable, unreachable) => {
          const decided = decideAppealValidity({
            priorRequestWithoutSolution: prior,
            companyLiable: liable,
            customerCouldNotReachOrigin: unreachable,
          });
          expect(decided.valid).toBe(
            isValidAppeal({
              priorRequestToCompany: prior,
              effectiveSolutionGiven: false,
              companyAtFault: liable,
              couldNotReachOriginOutlet: unreachable,
            }),
          );
          expect(decided.valid).toBe(unreachable || (prior && liable));
          for (const reason of decided.reasons) {
            expect(Object.keys(APPEAL_VALIDITY_REASONS)).toContain(reason);
            const label = APPEAL_VALIDITY_REASONS[reason as AppealValidityReason];
            expect(label.zh).not.toBe('');
            expect(label.en).not.toBe('');
            expect(label.ruleId).toBe(decided.ruleId);
          }
        }),
      );
    });

    const valid: AppealValidity = {
      valid: true,
      ruleId: 'R-CH-2',
      reasons: ['prior_request_unsolved', 'company_liable'],
    };
    const notValid: AppealValidity = {
      valid: false,
      ruleId: 'R-CH-2',
      reasons: ['prior_request_unsolved', 'company_not_liable'],
    };

    it('R-CH-2: once valid, a later finding of "not valid" does not revoke it; the record says it was kept', () => {
      expect(nextAppealValidity(valid, notValid)).toEqual({
        valid: true,
        ruleId: 'R-CH-2',
        reasons: ['prior_request_unsolved', 'company_liable'],
        kept: true,
      });
    });

    it.each([
      ['the first finding stands', undefined, notValid, notValid],
      ['the first valid finding stands', undefined, valid, valid],
      ['an appeal not valid may become valid', notValid, valid, valid],
      ['a valid appeal found valid again takes the new finding', { ...valid, ruleId: 'R-CH-3' }, valid, valid],
      ['a kept appeal found valid again takes the new finding', { ...valid, kept: true }, valid, valid],
    ] as [string, AppealValidity | undefined, AppealValidity, AppealValidity][])(
      'R-CH-2: %s',
      (_name, previous, decided, expected) => {
        expect(nextAppealValidity(previous, decided)).toEqual(expected);
      },
    );

    it('R-CH-2 (property): after any sequence of findings, valid once means valid for good', () => {
      const finding = fc.record({
        priorRequestWithoutSolution: fc.boolean(),
        companyLiable: fc.boolean(),
        customerCouldNotReachOrigin: fc.boolean(),
      });
      fc.assert(
        fc.property(fc.array(finding, { minLength: 1, maxLength: 6 }), (findings) => {
          let current: AppealValidity | undefined;
          let everValid = false;
          for (const f of findings) {
            current = nextAppealValidity(current, decideAppealValidity(f));
            everValid = everValid || decideAppealValidity(f).valid;
            expect(current.valid).toBe(everValid);
            expect(canRevokeValidity(current).ok).toBe(!everValid);
          }
        }),
      );
    });
  });

  describe('responsible outlet', () => {
    it('R-CH-3: an appeal by a customer who could not reach the origin outlet is against the origin outlet', () => {
      expect(
        appealResponsibleOutlet({
          originOutlet: 'SH-001',
          couldNotReachOriginOutlet: true,
          externalOutlet: 'BJ-007',
          externalRuleId: 'R-LIA-1',
        }),
      ).toEqual({ outlet: 'SH-001', ruleId: 'R-CH-3' });
    });

    it('R-LIA-9: otherwise the appeal counts against the outlet with the external responsibility', () => {
      expect(
        appealResponsibleOutlet({
          originOutlet: 'SH-001',
          couldNotReachOriginOutlet: false,
          externalOutlet: 'BJ-007',
          externalRuleId: 'R-LIA-1',
        }),
      ).toEqual({ outlet: 'BJ-007', ruleId: 'R-LIA-1' });
    });
  });

  describe('fine', () => {
    it('R-REG-1: each valid appeal costs the responsible outlet 1000 CNY', () => {
      expect(APPEAL_FINE_PER_PARCEL_FEN).toBe(100_000);
      expect(appealFineFen(0)).toBe(0);
      expect(appealFineFen(1)).toBe(100_000);
      expect(appealFineFen(3)).toBe(300_000);
    });

    it('R-REG-1: the fine is linear in the number of parcels and respects a policy amount', () => {
      fc.assert(
        fc.property(fc.nat(10_000), fc.nat(1_000_000), (count, per) => {
          expect(appealFineFen(count, per)).toBe(count * per);
        }),
      );
    });

    it('R-REG-1: a negative, fractional or unsafe count is a programming error', () => {
      expect(() => appealFineFen(-1)).toThrow(RangeError);
      expect(() => appealFineFen(1.5)).toThrow(RangeError);
      expect(() => appealFineFen(Number.NaN)).toThrow(RangeError);
      expect(() => appealFineFen(1, -100)).toThrow(RangeError);
      expect(() => appealFineFen(1, 0.5)).toThrow(RangeError);
    });
  });

  describe('penalty of a decided appeal (R-REG-1, R-REG-3, R-REG-4)', () => {
    const input = (overrides: Partial<AppealPenaltyInput>): AppealPenaltyInput => ({
      valid: true,
      parcels: 1,
      externalOutlet: 'SH-001',
      replyWasUnclear: false,
      ...overrides,
    });

    it('R-REG-1/R-REG-4: a valid appeal costs the outlet with the external responsibility 1000 CNY per parcel', () => {
      expect(appealPenalty(input({ parcels: 2 }))).toEqual({
        outlet: 'SH-001',
        amountFen: 200_000,
        perParcelFen: 100_000,
        parcels: 2,
        ruleIds: ['R-REG-1', 'R-REG-4'],
        internalAppealAllowed: true,
      });
    });

    it('R-REG-3: an outlet whose unclear reply caused the valid finding cannot appeal the penalty internally', () => {
      expect(appealPenalty(input({ replyWasUnclear: true }))).toEqual({
        outlet: 'SH-001',
        amountFen: 100_000,
        perParcelFen: 100_000,
        parcels: 1,
        ruleIds: ['R-REG-1', 'R-REG-4', 'R-REG-3'],
        internalAppealAllowed: false,
      });
    });

    it('R-REG-1: the amount per parcel comes from the policy when given', () => {
      expect(appealPenalty(input({ parcels: 3, perParcelFen: 50_000 }))).toMatchObject({
        amountFen: 150_000,
        perParcelFen: 50_000,
      });
    });

    it('R-REG-1: no penalty for an appeal that is not valid, or that concerns no parcel', () => {
      expect(appealPenalty(input({ valid: false, parcels: 3 }))).toBeNull();
      expect(appealPenalty(input({ parcels: 0 }))).toBeNull();
    });

    it('R-REG-1: a negative or fractional parcel count is a programming error', () => {
      expect(() => appealPenalty(input({ parcels: -1 }))).toThrow(RangeError);
      expect(() => appealPenalty(input({ parcels: 1.5 }))).toThrow(RangeError);
      expect(() => appealPenalty(input({ perParcelFen: -1 }))).toThrow(RangeError);
    });

    it('R-REG-1: the fine per parcel is the policy value, 1000 CNY in the shipped policies and in old snapshots', () => {
      expect(DEFAULT_POLICY.appeal).toEqual({ finePerParcelFen: 100_000 });
      expect(FAST_POLICY.appeal).toEqual({ finePerParcelFen: 100_000 });
      expect(appealFinePerParcelFen(DEFAULT_POLICY)).toBe(100_000);
      expect(appealFinePerParcelFen(FAST_POLICY)).toBe(100_000);
      expect(appealFinePerParcelFen({})).toBe(100_000);
      expect(appealFinePerParcelFen({ appeal: { finePerParcelFen: 20_000 } })).toBe(20_000);
    });
  });

  describe('the appeal section of the policy document (R-REG-1)', () => {
    const errorsOf = (appeal: unknown) => {
      const result = validatePolicy({ ...DEFAULT_POLICY, appeal });
      return result.ok ? [] : result.errors.filter((e) => e.path.startsWith('appeal'));
    };

    it('R-REG-1: the shipped fine is valid; a document without the section is too (1000 CNY applies)', () => {
      expect(errorsOf({ finePerParcelFen: 100_000 })).toEqual([]);
      const { appeal: _appeal, ...withoutAppeal } = DEFAULT_POLICY;
      const result = validatePolicy(withoutAppeal);
      expect(result.ok ? [] : result.errors.filter((e) => e.path.startsWith('appeal'))).toEqual([]);
    });

    it.each([
      [
        'a negative fine',
        { finePerParcelFen: -1 },
        [{ path: 'appeal.finePerParcelFen', reason: expect.stringMatching(/integer/) }],
      ],
      [
        'a fine in fractions of a fen',
        { finePerParcelFen: 0.5 },
        [{ path: 'appeal.finePerParcelFen', reason: expect.stringMatching(/integer/) }],
      ],
      ['no fine', {}, [{ path: 'appeal.finePerParcelFen', reason: 'is required' }]],
      [
        'an unknown key',
        { finePerParcelFen: 1, perParcel: 1 },
        [{ path: 'appeal.perParcel', reason: 'is not a known key' }],
      ],
      ['a section that is not an object', 100_000, [{ path: 'appeal', reason: 'must be an object' }]],
    ])('R-REG-1: refuses %s', (_name, appeal, errors) => {
      expect(errorsOf(appeal)).toEqual(errors);
    });
  });

  describe('closing an appeal (R-REG-4)', () => {
    it.each([
      ['inadmissible', '监管部门转来的申诉须先回复监管部门,不得以不予受理结案'],
      ['on_the_spot', '监管部门转来的申诉须先回复监管部门,不得以现场解决结案'],
    ] as const)('R-REG-4: a regulator appeal is not closed %s before the reply to the regulator', (closing, reason) => {
      expect(canCloseAppeal({ isAppeal: true, regulatorReplied: false, closing })).toEqual({
        ok: false,
        code: 'RULE.R-REG-4',
        reason,
        details: [{ closing, en: 'a regulator appeal is not closed before the reply to the regulator' }],
      });
    });

    it('R-REG-4: once the regulator has its reply the appeal may close so; other cases always may', () => {
      expect(canCloseAppeal({ isAppeal: true, regulatorReplied: true, closing: 'inadmissible' })).toEqual({ ok: true });
      expect(canCloseAppeal({ isAppeal: false, regulatorReplied: false, closing: 'on_the_spot' })).toEqual({
        ok: true,
      });
    });
  });

  describe('monthly regulator report', () => {
    const appeals: AppealRecord[] = [
      // Two cases about the same parcel against SH-001: one parcel, one fine.
      {
        caseId: 'c1',
        waybillNo: 'ZT100',
        responsibleOutlet: 'SH-001',
        valid: true,
        decidedAt: at('2024-05-10T02:00:00Z'),
      },
      {
        caseId: 'c2',
        waybillNo: 'ZT100',
        responsibleOutlet: 'SH-001',
        valid: true,
        decidedAt: at('2024-05-20T02:00:00Z'),
      },
      {
        caseId: 'c3',
        waybillNo: 'ZT101',
        responsibleOutlet: 'SH-001',
        valid: true,
        decidedAt: at('2024-05-21T02:00:00Z'),
      },
      {
        caseId: 'c4',
        waybillNo: 'ZT200',
        responsibleOutlet: 'BJ-007',
        valid: true,
        decidedAt: at('2024-05-02T02:00:00Z'),
      },
      // Not valid: not counted.
      {
        caseId: 'c5',
        waybillNo: 'ZT300',
        responsibleOutlet: 'GZ-003',
        valid: false,
        decidedAt: at('2024-05-02T02:00:00Z'),
      },
      // 2024-05-31 16:30 UTC is 2024-06-01 00:30 in Beijing: June, not May.
      {
        caseId: 'c6',
        waybillNo: 'ZT400',
        responsibleOutlet: 'BJ-007',
        valid: true,
        decidedAt: at('2024-05-31T16:30:00Z'),
      },
      // 2024-04-30 16:30 UTC is 2024-05-01 00:30 in Beijing: May.
      {
        caseId: 'c7',
        waybillNo: 'ZT500',
        responsibleOutlet: 'BJ-007',
        valid: true,
        decidedAt: at('2024-04-30T16:30:00Z'),
      },
    ];

    it('R-REG-1: counts valid appeals per responsible outlet per parcel and fines 1000 CNY each', () => {
      const report = monthlyRegulatorReport(appeals, '2024-05');
      expect(report.month).toBe('2024-05');
      expect(report.dataDueDate).toBe('2024-06-25');
      expect(report.rows).toEqual([
        { outlet: 'BJ-007', validAppeals: 2, fineFen: 200_000, waybillNos: ['ZT200', 'ZT500'], caseIds: ['c4', 'c7'] },
        {
          outlet: 'SH-001',
          validAppeals: 2,
          fineFen: 200_000,
          waybillNos: ['ZT100', 'ZT101'],
          caseIds: ['c1', 'c2', 'c3'],
        },
      ]);
      expect(report.totalValidAppeals).toBe(4);
      expect(report.totalFineFen).toBe(400_000);
    });

    it('R-REG-1: the month is counted in Beijing time by default and at another offset on request', () => {
      expect(monthlyRegulatorReport(appeals, '2024-06').rows).toEqual([
        { outlet: 'BJ-007', validAppeals: 1, fineFen: 100_000, waybillNos: ['ZT400'], caseIds: ['c6'] },
      ]);
      const utc = monthlyRegulatorReport(appeals, '2024-05', 0);
      expect(utc.rows.find((row) => row.outlet === 'BJ-007')?.caseIds).toEqual(['c4', 'c6']);
    });

    it('R-REG-1: a month without valid appeals reports nothing and no fine', () => {
      const report = monthlyRegulatorReport(appeals, '2023-01');
      expect(report.rows).toEqual([]);
      expect(report.totalFineFen).toBe(0);
      expect(report.dataDueDate).toBe('2023-02-25');
    });

    it('R-REG-1: the fine per parcel can come from policy', () => {
      expect(monthlyRegulatorReport(appeals, '2024-06', 480, 50_000).totalFineFen).toBe(50_000);
    });

    it('R-REG-1: the fine of every row is 1000 CNY times its distinct waybills (property)', () => {
      const record = fc.record({
        caseId: fc.constantFrom('a', 'b', 'c', 'd'),
        waybillNo: fc.constantFrom('W1', 'W2', 'W3'),
        responsibleOutlet: fc.constantFrom('O1', 'O2'),
        valid: fc.boolean(),
        decidedAt: fc.integer({ min: at('2024-04-25T00:00:00Z'), max: at('2024-06-05T00:00:00Z') }),
      });
      fc.assert(
        fc.property(fc.array(record, { maxLength: 30 }), (records) => {
          const report = monthlyRegulatorReport(records, '2024-05');
          for (const row of report.rows) {
            const counted = records.filter(
              (r) => r.valid && r.responsibleOutlet === row.outlet && localMonthOf(r.decidedAt) === '2024-05',
            );
            expect(row.validAppeals).toBe(new Set(counted.map((r) => r.waybillNo)).size);
            expect(row.fineFen).toBe(row.validAppeals * 100_000);
          }
          expect(report.totalFineFen).toBe(report.totalValidAppeals * 100_000);
        }),
      );
    });

    it('R-REG-1: a malformed month is a programming error', () => {
      expect(() => monthlyRegulatorReport(appeals, '2024-5')).toThrow(RangeError);
      expect(() => regulatorDataDueDate('2024-13')).toThrow(RangeError);
    });
  });

  describe('data due date', () => {
    it('R-REG-1: the regulator sends the valid-appeal data on the 25th of the following month', () => {
      expect(regulatorDataDueDate('2024-01')).toBe('2024-02-25');
      expect(regulatorDataDueDate('2024-09')).toBe('2024-10-25');
    });

    it('R-REG-1: December data is due on 25 January of the next year', () => {
      expect(regulatorDataDueDate('2024-12')).toBe('2025-01-25');
    });
  });

  describe('internal appeal of a penalty', () => {
    it('R-REG-3: an outlet whose unclear reply caused the valid finding cannot appeal the penalty internally', () => {
      expect(canAppealPenaltyInternally({ replyWasUnclear: true })).toEqual(
        expect.objectContaining({ ok: false, code: 'RULE.R-REG-3' }),
      );
    });

    it('R-REG-3: an outlet whose reply was clear may appeal the penalty internally', () => {
      expect(canAppealPenaltyInternally({ replyWasUnclear: false })).toEqual({ ok: true });
    });
  });

  it('R-REG-1: local month of an instant at the default Beijing offset and at UTC', () => {
    expect(localMonthOf(at('2024-12-31T16:00:00Z'))).toBe('2025-01');
    expect(localMonthOf(at('2024-12-31T16:00:00Z'), 0)).toBe('2024-12');
  });
});
