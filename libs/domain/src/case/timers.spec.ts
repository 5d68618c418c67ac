import fc from 'fast-check';
import {
  AGENT,
  CALM_POLICY,
  type CaseRecorder,
  FAST_POLICY_2026_1_APPROVAL,
  SECOND,
  T0,
  acceptedCase,
  closedCase,
  policyWith,
  receivedCase,
  resolutionCase,
  reviewCase,
  walkCase,
} from '../../../../test/unit/case-builders';
import type { CaseEventData } from './events';
import { caseFinished, dueTimers, nextWakeAt } from './timers';

/**
 * FAST_POLICY: classify 1 s, forward 2 s, first reply 48 s, statutory reply 168 s, archive 2 s; warnings at 75 %.
 * With the 2026.1 approval tiers (a small plan needs no approval): these specs are about cases started before the
 * 2026-12 rules, whose snapshots carry them (`FAST_POLICY_2026_1_APPROVAL`, test/unit/case-builders.ts).
 */
const fast = { policy: FAST_POLICY_2026_1_APPROVAL };

const escalated = (from: string, to: string, reason: string, note?: string): CaseEventData =>
  ({ type: 'case.escalated', from, to, reason, ...(note ? { note } : {}) }) as CaseEventData;
const told = (role: string, about: string): CaseEventData => ({
  type: 'notification.requested',
  notification: { kind: 'escalation', audience: `role:${role}` as 'role:agent', channel: 'inbox' },
  about,
});

function failContact(r: CaseRecorder): CaseRecorder {
  return r.act('contact-attempt', AGENT, { reached: false, channel: 'phone' });
}

describe('deadline warnings (R-SLA-8)', () => {
  it('nothing is due right after receipt; the workflow sleeps until the first warning', () => {
    const s = receivedCase(fast).state;
    expect(dueTimers(s, T0)).toEqual([]);
    expect(nextWakeAt(s, T0)).toBe(T0 + 750);
  });

  it('R-SLA-1: the owner is warned when 75 % of the deadline has passed, and only once', () => {
    const r = receivedCase(fast);
    expect(dueTimers(r.state, T0 + 749)).toEqual([]);
    const due = dueTimers(r.state, T0 + 750);
    expect(due).toEqual([
      { type: 'deadline.warning', kind: 'classify', dueAt: T0 + SECOND },
      {
        type: 'notification.requested',
        notification: { kind: 'deadline_warning', audience: 'owner', channel: 'inbox' },
        about: 'classify',
      },
    ]);
    r.at(T0 + 750).timers();
    expect(dueTimers(r.state, T0 + 750)).toEqual([]);
    expect(dueTimers(r.state, T0 + 900)).toEqual([]);
    // Warned: the next wake-up is the breach itself.
    expect(nextWakeAt(r.state, T0 + 750)).toBe(T0 + SECOND);
  });

  it('the warning point is the policy’s fraction', () => {
    const r = receivedCase({ policy: policyWith({ classify: 10 }, { warningFraction: 0.5 }) });
    expect(nextWakeAt(r.state, T0)).toBe(T0 + 5 * SECOND);
    expect(dueTimers(r.state, T0 + 5 * SECOND)).toHaveLength(2);
  });

  it('a deadline met in time neither warns nor breaches', () => {
    const r = receivedCase(fast)
      .at(T0 + 500)
      .act('accept', AGENT, {});
    expect(dueTimers(r.state, T0 + 900)).toEqual([]);
    expect(nextWakeAt(r.state, T0 + 900)).toBe(T0 + 500 + 1_500); // the forward clock's warning
  });

  it('a deadline paused past its warning point warns once the deadlines resume, against the moved due time', () => {
    const r = receivedCase(fast)
      .at(T0 + 800)
      .act('pause-sla', AGENT, { reason: '等待客户照片' });
    expect(dueTimers(r.state, T0 + 900)).toEqual([]);
    r.at(T0 + 2_000).act('resume-sla', AGENT, { reason: '照片已收到' });
    expect(dueTimers(r.state, T0 + 2_000)).toEqual([
      { type: 'deadline.warning', kind: 'classify', dueAt: T0 + 2_200 },
      expect.objectContaining({ about: 'classify' }),
    ]);
  });
});

describe('deadline breaches (R-SLA-8)', () => {
  it('R-SLA-8: a breached deadline escalates one tier and tells the new tier', () => {
    const r = receivedCase(fast);
    expect(dueTimers(r.state, T0 + SECOND)).toEqual([
      { type: 'deadline.breached', kind: 'classify', dueAt: T0 + SECOND },
      escalated('handler', 'team_lead', 'deadline_breached', 'classify'),
      told('agent', 'deadline_breached'),
    ]);
    r.at(T0 + SECOND).timers();
    expect(r.state).toMatchObject({ tier: 'team_lead', deadlines: { classify: { breachedAt: T0 + SECOND } } });
    expect(dueTimers(r.state, T0 + SECOND)).toEqual([]);
    expect(dueTimers(r.state, T0 + 10 * SECOND)).toEqual([]);
  });

  it('R-SLA-8: breaches found together escalate level by level, each new tier told', () => {
    const s = receivedCase(fast).state;
    expect(dueTimers(s, T0 + 48 * SECOND)).toEqual([
      { type: 'deadline.breached', kind: 'classify', dueAt: T0 + SECOND },
      escalated('handler', 'team_lead', 'deadline_breached', 'classify'),
      told('agent', 'deadline_breached'),
      { type: 'deadline.breached', kind: 'first_reply', dueAt: T0 + 48 * SECOND },
      escalated('team_lead', 'supervisor', 'deadline_breached', 'first_reply'),
      told('supervisor', 'deadline_breached'),
    ]);
  });

  it('R-SLA-8: with a manager already on the case, a breach tells the manager again', () => {
    const r = receivedCase({ ...fast, intake: { urgency: 'major', isRepeat: true } });
    expect(r.state.tier).toBe('manager');
    expect(dueTimers(r.state, T0 + SECOND)).toEqual([
      { type: 'deadline.breached', kind: 'classify', dueAt: T0 + SECOND },
      told('manager', 'deadline_breached'),
    ]);
  });

  it('R-CH-2: paused deadlines do not breach, but the statutory reply clock runs on', () => {
    const r = receivedCase(fast)
      .at(T0 + 100)
      .act('pause-sla', AGENT, { reason: '等待客户照片' });
    expect(nextWakeAt(r.state, T0 + 100)).toBe(T0 + 126 * SECOND); // the statutory warning; paused clocks are skipped
    const due = dueTimers(r.state, T0 + 168 * SECOND);
    expect(due.filter((e) => e.type === 'deadline.breached')).toEqual([
      { type: 'deadline.breached', kind: 'statutory_reply', dueAt: T0 + 168 * SECOND },
    ]);
  });

  it('R-SLA-7: in review, a due archive clock archives the case without a survey instead of escalating', () => {
    const r = reviewCase(fast);
    expect(nextWakeAt(r.state, T0)).toBe(T0 + 1_500);
    expect(dueTimers(r.state, T0 + 2 * SECOND)).toEqual([{ type: 'case.archived', withSurvey: false }]);
    r.at(T0 + 2 * SECOND).timers();
    expect(r.state).toMatchObject({ stage: 'closed', closure: { kind: 'archived', reason: 'no_survey' } });
    expect(dueTimers(r.state, T0 + 2 * SECOND)).toEqual([]);
  });

  it('nothing is due for a closed case, however late', () => {
    const late = T0 + 365 * 86_400 * SECOND;
    expect(dueTimers(closedCase(fast).state, late)).toEqual([]);
    const inadmissible = receivedCase(fast).act('reject-inadmissible', AGENT, { reason: 'settled', note: '已和解' });
    expect(dueTimers(inadmissible.state, late)).toEqual([]);
    const onTheSpot = receivedCase(fast).act('resolve-on-the-spot', AGENT, { explanation: '现场已补派' });
    expect(dueTimers(onTheSpot.state, late)).toEqual([]);
  });
});

describe('contact retries (R-CON-1; 3 retries, 3 s apart, within 48 s)', () => {
  it('R-CON-1: the agent is reminded when the next retry would count, once', () => {
    const r = failContact(acceptedCase());
    expect(nextWakeAt(r.state, T0)).toBe(T0 + 3 * SECOND);
    expect(dueTimers(r.state, T0 + 2_999)).toEqual([]);
    expect(dueTimers(r.state, T0 + 3 * SECOND)).toEqual([
      { type: 'contact.reminder', nextAttemptAt: T0 + 3 * SECOND },
      {
        type: 'notification.requested',
        notification: { kind: 'contact_reminder', audience: 'owner', channel: 'inbox' },
        about: 'R-CON-1',
      },
    ]);
    r.at(T0 + 3 * SECOND).timers();
    expect(dueTimers(r.state, T0 + 4 * SECOND)).toEqual([]);
  });

  it('R-CON-1: the round fails as soon as the retries owed no longer fit the window: the case escalates', () => {
    const r = failContact(acceptedCase())
      .at(T0 + 3 * SECOND)
      .timers();
    // Three retries 3 s apart must end by T0 + 48 s: the last moment to start them is T0 + 42 s.
    expect(nextWakeAt(r.state, r.now)).toBe(T0 + 42 * SECOND + 1);
    expect(dueTimers(r.state, T0 + 42 * SECOND)).toEqual([]);
    expect(dueTimers(r.state, T0 + 42 * SECOND + 1)).toEqual([
      { type: 'contact.exhausted', outcome: 'failed' },
      escalated('handler', 'team_lead', 'contact_failed'),
      told('agent', 'contact_failed'),
    ]);
    r.at(T0 + 42 * SECOND + 1).timers();
    expect(r.state).toMatchObject({ contactExhausted: 'failed', tier: 'team_lead' });
    expect(dueTimers(r.state, T0 + 60 * SECOND)).toEqual([]);
  });

  it('R-CON-1: with one retry owed, the round is watched until the window closes', () => {
    const r = failContact(acceptedCase());
    failContact(r.at(T0 + 3 * SECOND));
    failContact(r.at(T0 + 6 * SECOND));
    expect(nextWakeAt(r.state, r.now)).toBe(T0 + 9 * SECOND);
    r.at(T0 + 9 * SECOND).timers();
    expect(r.state.contactReminderFor).toBe(T0 + 9 * SECOND);
    expect(nextWakeAt(r.state, r.now)).toBe(T0 + 48 * SECOND + 1);
  });

  it('R-CON-1: three spaced retries satisfy the rule: the customer gets a written notice', () => {
    const r = failContact(acceptedCase());
    for (const t of [3, 6, 9]) failContact(r.at(T0 + t * SECOND));
    expect(dueTimers(r.state, r.now)).toEqual([
      { type: 'contact.exhausted', outcome: 'satisfied' },
      {
        type: 'notification.requested',
        notification: { kind: 'written_notice', audience: 'customer', channel: 'email' },
        about: 'R-CON-1',
      },
    ]);
    r.timers();
    expect(dueTimers(r.state, r.now)).toEqual([]);
  });

  it('R-CON-1: in resolution, the result then stands by written notice and the case moves on to review', () => {
    const r = failContact(resolutionCase());
    for (const t of [3, 6, 9]) failContact(r.at(T0 + t * SECOND));
    r.timers();
    expect(r.state).toMatchObject({ stage: 'review', customerConfirmation: { via: 'unreachable' } });
  });

  it('R-CON-1: a customer reached ends the round: no reminder, no escalation', () => {
    const r = failContact(acceptedCase())
      .at(T0 + SECOND)
      .act('contact-attempt', AGENT, { reached: true, channel: 'phone' });
    expect(dueTimers(r.state, T0 + 60 * SECOND)).toEqual([]);
    expect(nextWakeAt(r.state, r.now)).toBe(T0 + 450 * SECOND); // only the forward clock's warning is left
  });

  it('R-SLA-8, R-CON-1: a breach and a failed round at the same instant escalate twice, level by level', () => {
    const r = failContact(acceptedCase({ policy: CALM_POLICY }));
    expect(dueTimers(r.state, T0 + 600 * SECOND)).toEqual([
      { type: 'deadline.breached', kind: 'forward', dueAt: T0 + 600 * SECOND },
      escalated('handler', 'team_lead', 'deadline_breached', 'forward'),
      told('agent', 'deadline_breached'),
      { type: 'contact.exhausted', outcome: 'failed' },
      escalated('team_lead', 'supervisor', 'contact_failed'),
      told('supervisor', 'contact_failed'),
    ]);
  });
});

describe('the end of a case', () => {
  it('R-SLA-7: a closed case stays reopenable until its archive analysis falls due, then the workflow may end', () => {
    const s = closedCase().state; // CALM_POLICY: analysis 1 800 s
    expect(caseFinished(s, T0)).toBe(false);
    expect(nextWakeAt(s, T0)).toBe(T0 + 1_800 * SECOND);
    expect(caseFinished(s, T0 + 1_800 * SECOND - 1)).toBe(false);
    expect(caseFinished(s, T0 + 1_800 * SECOND)).toBe(true);
    expect(nextWakeAt(s, T0 + 1_800 * SECOND)).toBeNull();
  });

  it('an open case is never finished, however late', () => {
    expect(caseFinished(acceptedCase().state, T0 + 365 * 86_400 * SECOND)).toBe(false);
  });

  it('a reopened case is open again until it closes again', () => {
    const r = closedCase().act('reopen', AGENT, { reason: '客户再次投诉' });
    expect(caseFinished(r.state, T0 + 1_800 * SECOND)).toBe(false);
  });
});

describe('time, whatever happened before (properties)', () => {
  const walks = fc.array(fc.noBias(fc.nat(999)), { minLength: 10, maxLength: 80 });

  it('R-FLOW-6: the due events, once applied, are not due again at the same instant', () => {
    fc.assert(
      fc.property(walks, (steps) => {
        const r = walkCase(steps).timers();
        expect(dueTimers(r.state, r.now)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('R-FLOW-6: the next wake-up is in the future, and nothing falls due before it', () => {
    fc.assert(
      fc.property(walks, (steps) => {
        const r = walkCase(steps).timers();
        const wake = nextWakeAt(r.state, r.now);
        if (wake === null) return;
        expect(wake).toBeGreaterThan(r.now);
        expect(dueTimers(r.state, wake - 1)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
