/**
 * `decideAction` does not rest on the permission table alone: where an action's events name a person (an approver,
 * a proposer), it checks the actor itself. These specs let the table wave every actor through (a table changed by
 * mistake) and show that the decisions still hold.
 */
import { CUSTOMER, SUPERVISOR, SYSTEM, handlingCase, plannedCase } from '../../../../test/unit/case-builders';
import { ALLOWED } from '../result';
import * as stages from '../stages';

jest.mock('../stages', () => {
  const actual = jest.requireActual<typeof import('../stages')>('../stages');
  return { ...actual, canPerform: jest.fn(actual.canPerform) };
});

const canPerform = jest.mocked(stages.canPerform);

afterEach(() => canPerform.mockClear());

describe('decisions that check the actor themselves', () => {
  it('R-APR-1: only staff approve a plan, even if the permission table let the customer through', () => {
    const r = plannedCase({}, { compensationFen: 100_000 });
    canPerform.mockReturnValueOnce(ALLOWED);
    expect(r.decide('decide-approval', CUSTOMER, { approve: true })).toEqual({
      ok: false,
      code: 'ROLE.NOT_ALLOWED',
      reason: 'Only staff approve.',
    });
  });

  it('R-APR-2: a plan not proposed by a member of staff is recorded as proposed by the system, never by a person', () => {
    const r = handlingCase();
    canPerform.mockReturnValueOnce(ALLOWED);
    const d = r.decide('propose-plan', SYSTEM, { remedies: ['apology'], compensationFen: 0 });
    expect(d).toMatchObject({ ok: true, actor: { kind: 'system' }, events: [{ proposedBy: 'system' }] });
  });

  it('R-CON-3: only staff sign off a written reply, even if the permission table let the customer through', () => {
    const r = handlingCase();
    canPerform.mockReturnValueOnce(ALLOWED);
    expect(r.decide('sign-off-reply', CUSTOMER, { step: 'legalReview' })).toEqual({
      ok: false,
      code: 'ROLE.NOT_ALLOWED',
      reason: 'Only staff sign off a reply.',
    });
  });

  it('R-LIA-13: no arbitration claim before the customer has been paid, even if the stage table let it through', () => {
    // A delay: the delivery outlet BJ-007 answers to the customer (R-LIA-1); the claim names another outlet.
    const r = handlingCase({ rules: 2 });
    expect(r.state.executedAt).toBeUndefined();
    expect(r.state.liability?.external).toBe('BJ-007');
    canPerform.mockReturnValueOnce(ALLOWED);
    expect(r.decide('arbitration-claim', SUPERVISOR, { againstOutlet: 'SH-001', amountFen: 1_000 })).toEqual({
      ok: false,
      code: 'RULE.R-LIA-13',
      reason: '先行赔付客户后,方可向过错网点提出内部仲裁申请。',
    });
  });

  it('the permission table is asked first, with the case context and the actor', () => {
    const r = handlingCase({ intake: { subjectEmployeeId: 'courier-9' } });
    r.decide('escalate', SYSTEM, { reason: '无权限' });
    expect(canPerform).toHaveBeenCalledWith(
      { stage: 'handling', classified: true, subjectEmployeeId: 'courier-9' },
      'escalate',
      SYSTEM,
    );
  });
});
