import fc from 'fast-check';
import {
  APPEAL_FINE_PER_PARCEL_FEN,
  type AppealRecord,
  appealFineFen,
  appealResponsibleOutlet,
  canAppealPenaltyInternally,
  canRevokeValidity,
  isValidAppeal,
  localMonthOf,
  monthlyRegulatorReport,
  regulatorDataDueDate,
} from './appeals';

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
