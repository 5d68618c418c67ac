import { FREE_TEXT_KEYS, WITHHELD, freeTextForRoles, seesFreeText, withholdFreeText } from './free-text';

describe('staff free text is personal data too (R-SEC-1, ADR 0019)', () => {
  const findings = {
    summary: '张三称快件被派件员王五丢在门口',
    rootCause: 'human_error',
    companyLiable: true,
    evidence: [{ kind: 'tracking_scan', ref: '张三的签收单' }],
    partiesHeard: ['投诉人张三', '派件员'],
    actualLossFen: 12000,
  };

  it('R-SEC-1: withholds every free-text field at any depth, keeps codes, amounts and list lengths', () => {
    const state = {
      stage: 'handling',
      findings,
      plan: { remedies: ['apology'], compensationFen: 500, note: '给张三致歉' },
      approvals: [{ approve: true, comment: '同意,张三' }],
      regulatorReplies: [{ at: 1, text: '张三已认可' }],
      survey: { speed: 5, suggestion: '张三希望更快' },
      evidenceRequests: [{ at: 2, items: ['张三的照片'] }],
      hqConsultations: [{ at: 3, question: '张三?', answer: '是' }],
      pauses: [{ from: 1, reason: '等待张三补充' }],
      closure: { kind: 'on_the_spot', reason: '当场向张三致歉', at: 4 },
      nothing: null,
      missing: undefined,
      count: 3,
    };
    const out = withholdFreeText(state);
    expect(JSON.stringify(out)).not.toContain('张三');
    expect(out.findings.partiesHeard).toEqual([WITHHELD, WITHHELD]);
    expect(out.findings.evidence).toEqual([{ kind: 'tracking_scan', ref: WITHHELD }]);
    expect(out.findings.rootCause).toBe('human_error');
    expect(out.findings.actualLossFen).toBe(12000);
    expect(out.plan).toEqual({ remedies: ['apology'], compensationFen: 500, note: WITHHELD });
    expect(out.closure).toEqual({ kind: 'on_the_spot', reason: WITHHELD, at: 4 });
    expect(out.nothing).toBeNull();
    expect(out.count).toBe(3);
    // The input is not changed.
    expect(state.plan.note).toBe('给张三致歉');
  });

  it('R-SEC-1: a reason that is a code stays (R-ADM-1, R-FLOW-3, the archived closure); null free text stays null', () => {
    expect(withholdFreeText({ type: 'case.closed_inadmissible', reason: 'settled', note: '张三' })).toEqual({
      type: 'case.closed_inadmissible',
      reason: 'settled',
      note: WITHHELD,
    });
    expect(withholdFreeText({ closure: { kind: 'archived', reason: 'no_survey' } }).closure.reason).toBe('no_survey');
    expect(withholdFreeText({ suggestion: null, note: 7 })).toEqual({ suggestion: null, note: 7 });
    expect(withholdFreeText({ items: [{ text: 'x' }, 'y'] })).toEqual({ items: [{ text: WITHHELD }, WITHHELD] });
  });

  it('R-SEC-1: the policy document is configuration and is never walked', () => {
    const policy = { version: '2026.2', note: 'policy note' };
    expect(withholdFreeText({ policy, note: 'x' })).toEqual({ policy, note: WITHHELD });
    expect(withholdFreeText([{ note: 'a' }, 'b'])).toEqual([{ note: WITHHELD }, 'b']);
    expect(FREE_TEXT_KEYS).toContain('partiesHeard');
  });

  it('R-SEC-1: staff who handle cases see free text in clear; an auditor sees it withheld', () => {
    expect(seesFreeText(['agent'])).toBe(true);
    expect(seesFreeText(['team_lead'])).toBe(true);
    expect(seesFreeText(['auditor'])).toBe(false);
    expect(seesFreeText(['auditor', 'supervisor'])).toBe(true);
    expect(freeTextForRoles({ findings }, ['investigator'])).toEqual({ findings });
    expect(freeTextForRoles({ findings }, ['auditor']).findings.summary).toBe(WITHHELD);
  });
});
