import { checkWrittenReplySignOff, isWrittenChannel, type WrittenReplySignOff } from './written-reply';

const dept = { id: 'dept-1', roles: ['supervisor' as const] };
const legal = { id: 'legal-1', roles: ['agent' as const] };
const mgr = { id: 'mgr-1', roles: ['manager' as const] };
const complete: WrittenReplySignOff = {
  channel: 'email',
  departmentReview: dept,
  legalReview: legal,
  managerApproval: mgr,
  authorId: 'agent-1',
};

describe('R-CON-3: written replies are reviewed and approved before they are sent', () => {
  it('R-CON-3: a written reply with the department and legal review and a manager approval may be sent', () => {
    expect(checkWrittenReplySignOff(complete)).toEqual({ ok: true });
    expect(checkWrittenReplySignOff({ ...complete, channel: 'letter' }).ok).toBe(true);
  });

  it('R-CON-3: each missing step is named', () => {
    const r = checkWrittenReplySignOff({ channel: 'email', authorId: 'agent-1' });
    expect(r).toMatchObject({ ok: false, code: 'RULE.R-CON-3' });
    expect(!r.ok && r.details).toEqual([
      { step: 'departmentReview', problem: 'missing' },
      { step: 'legalReview', problem: 'missing' },
      { step: 'managerApproval', problem: 'missing' },
    ]);
  });

  it('R-CON-3: the author cannot review their own reply, and only a manager approves', () => {
    const r = checkWrittenReplySignOff({
      ...complete,
      legalReview: { id: 'agent-1', roles: ['agent'] },
      managerApproval: dept,
    });
    expect(!r.ok && r.details).toEqual([
      { step: 'legalReview', problem: 'own_reply' },
      { step: 'managerApproval', problem: 'not_a_manager' },
    ]);
  });

  it('R-CON-3: a phone reply is not a written reply and needs no sign-off', () => {
    expect(isWrittenChannel('phone')).toBe(false);
    expect(isWrittenChannel('sms')).toBe(true);
    expect(checkWrittenReplySignOff({ channel: 'phone', authorId: 'agent-1' }).ok).toBe(true);
  });
});
