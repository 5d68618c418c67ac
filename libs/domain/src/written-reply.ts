/**
 * R-CON-3: a written or e-mail reply to a customer is reviewed by the responsible department and by the legal
 * adviser, and approved by the responsible manager, before it is sent. Pure: the notification outbox (when it sends
 * written replies) asks this before sending.
 */
import { ALLOWED, refuse, ruleCode, type Decision } from './result';
import type { ContactChannel, Role } from './vocabulary';

export interface Reviewer {
  readonly id: string;
  readonly roles: readonly Role[];
}

export interface WrittenReplySignOff {
  /** How the reply goes out; only written channels need the sign-off (a phone call is not a written reply). */
  readonly channel: ContactChannel | 'letter';
  readonly departmentReview?: Reviewer;
  readonly legalReview?: Reviewer;
  readonly managerApproval?: Reviewer;
  /** Who wrote the reply: they may not sign it off themselves. */
  readonly authorId: string;
}

/** The sign-off steps R-CON-3 asks for, in order. */
export const WRITTEN_REPLY_STEPS = ['departmentReview', 'legalReview', 'managerApproval'] as const;
export type WrittenReplyStep = (typeof WRITTEN_REPLY_STEPS)[number];

/** Whether the channel carries a written reply (e-mail, letter; an SMS is written too). */
export function isWrittenChannel(channel: WrittenReplySignOff['channel']): boolean {
  return channel !== 'phone';
}

/**
 * Whether a written reply may be sent (R-CON-3). Refused with `RULE.R-CON-3`, the details naming each missing or
 * invalid step: a step not taken, a step signed by the reply's author, or an approval by someone who is not a manager.
 */
export function checkWrittenReplySignOff(s: WrittenReplySignOff): Decision {
  if (!isWrittenChannel(s.channel)) return ALLOWED;
  const problems: { step: WrittenReplyStep; problem: 'missing' | 'own_reply' | 'not_a_manager' }[] = [];
  for (const step of WRITTEN_REPLY_STEPS) {
    const who = s[step];
    if (!who) problems.push({ step, problem: 'missing' });
    else if (who.id === s.authorId) problems.push({ step, problem: 'own_reply' });
    else if (step === 'managerApproval' && !who.roles.includes('manager'))
      problems.push({ step, problem: 'not_a_manager' });
  }
  if (problems.length === 0) return ALLOWED;
  return refuse(
    ruleCode('R-CON-3'),
    'A written reply needs the department and legal review and a manager approval before it is sent.',
    problems,
  );
}
