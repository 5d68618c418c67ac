import { assessmentLines, type AssessedCase } from './assessment';

const base: AssessedCase = {
  deadlinesMet: 1,
  deadlinesTotal: 2,
  satisfaction: null,
  compliant: true,
  reopened: false,
  dissatisfied: false,
};

describe('assessmentLines (R-RPT-3, R-REV-3)', () => {
  it('assesses per handler with reopened and dissatisfied counts; cases without the key are left out', () => {
    const lines = assessmentLines(
      [
        { ...base, handler: 'a', satisfaction: 4.5 },
        { ...base, handler: 'a', satisfaction: 2.5, reopened: true, dissatisfied: true, compliant: false },
        { ...base, handler: 'b' },
        { ...base, handler: '' },
        { ...base },
      ],
      'handler',
    );
    expect(lines).toEqual([
      {
        key: 'a',
        period: null,
        cases: 2,
        timeliness: 0.5,
        quality: 3.5,
        surveyed: 2,
        compliance: 0.5,
        reopened: 1,
        reopenRate: 0.5,
        dissatisfied: 1,
        dissatisfiedShare: 0.5,
      },
      expect.objectContaining({ key: 'b', cases: 1, reopened: 0, dissatisfied: 0, dissatisfiedShare: null }),
    ]);
  });

  it('assesses per outlet', () => {
    expect(assessmentLines([{ ...base, outlet: 'SH-001' }], 'outlet').map((l) => l.key)).toEqual(['SH-001']);
  });
});
