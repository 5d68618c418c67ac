import {
  checkAdmissibility,
  checkConflictOfInterest,
  INADMISSIBLE_REASON_IDS,
  isInadmissibleReason,
} from './admissibility';

describe('R-ADM-1: closing a complaint as inadmissible', () => {
  it.each(['settled', 'court_or_arbitration', 'regulator_mediated', 'legal_other'])(
    'R-ADM-1: accepts reason %s with a note',
    (reason) => {
      expect(checkAdmissibility({ reason, note: '2024-03-01 已与客户达成和解并已履行' })).toEqual({ ok: true });
    },
  );

  it('R-ADM-1: lists exactly the four reasons of the seed', () => {
    expect(INADMISSIBLE_REASON_IDS).toEqual(['settled', 'court_or_arbitration', 'regulator_mediated', 'legal_other']);
  });

  it.each([
    ['an unknown reason', 'customer_annoying', 'note', ['reason']],
    ['a prototype key as reason', 'toString', 'note', ['reason']],
    ['a non-string reason', 42, 'note', ['reason']],
    ['a blank note', 'settled', '   ', ['note']],
    ['a missing note', 'settled', undefined, ['note']],
    ['both wrong', undefined, '', ['reason', 'note']],
  ])('R-ADM-1: refuses %s', (_label, reason, note, fields) => {
    const decision = checkAdmissibility({ reason, note });
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.code).toBe('RULE.R-ADM-1');
    expect((decision.details as { field: string }[]).map((d) => d.field)).toEqual(fields);
  });

  it('recognises reasons as a type guard', () => {
    expect(isInadmissibleReason('regulator_mediated')).toBe(true);
    expect(isInadmissibleReason('hasOwnProperty')).toBe(false);
    expect(isInadmissibleReason(null)).toBe(false);
  });
});

describe('R-FLOW-4: conflict of interest', () => {
  it('R-FLOW-4: refuses the employee the complaint is about', () => {
    expect(checkConflictOfInterest('emp-7', 'emp-7')).toEqual({
      ok: false,
      code: 'RULE.R-FLOW-4',
      reason: 'the employee the complaint is about takes no part in handling it',
      details: [{ personId: 'emp-7' }],
    });
  });

  it.each([
    ['another employee', 'emp-8', 'emp-7'],
    ['no subject', 'emp-7', undefined],
    ['a null subject', 'emp-7', null],
    ['an empty subject and an empty id', '', ''],
  ])('R-FLOW-4: allows %s', (_label, person, subject) => {
    expect(checkConflictOfInterest(person, subject)).toEqual({ ok: true });
  });
});
