import { ALLOWED, refuse, ruleCode } from './result';

describe('decisions', () => {
  it('a refusal carries a stable code, a reason and optional details', () => {
    expect(ALLOWED.ok).toBe(true);
    expect(refuse('ROLE.NOT_ALLOWED', 'no')).toEqual({ ok: false, code: 'ROLE.NOT_ALLOWED', reason: 'no' });
    expect(refuse(ruleCode('R-REG-2'), 'phrases', ['已道歉'])).toEqual({
      ok: false,
      code: 'RULE.R-REG-2',
      reason: 'phrases',
      details: ['已道歉'],
    });
  });
});
