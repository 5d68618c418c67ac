import fc from 'fast-check';
import {
  CONTACT_FALLBACK_ORDER,
  contactChannelFor,
  contactRuleStatus,
  nextContactAllowedAt,
  type ContactAttempt,
} from './contact';
import { DEFAULT_POLICY, FAST_POLICY } from './policy/default-policy';
import type { ContactChannel } from './vocabulary';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-03-09T10:00:00+08:00');
const fail = (hours: number, channel: ContactChannel = 'phone'): ContactAttempt => ({
  at: t0 + hours * HOUR,
  reached: false,
  channel,
});
const reach = (hours: number): ContactAttempt => ({ at: t0 + hours * HOUR, reached: true, channel: 'phone' });
const status = (attempts: ContactAttempt[], nowHours: number) =>
  contactRuleStatus(attempts, t0 + nowHours * HOUR, DEFAULT_POLICY);

describe('R-CON-1 contact retries', () => {
  it('R-CON-1: before any attempt the rule has not started, and contact is not constrained', () => {
    expect(status([], 0)).toEqual({ status: 'not_started', retries: 0, requiredRetries: 3, smsSent: false });
    expect(nextContactAllowedAt([], DEFAULT_POLICY)).toBeNull();
  });

  it('R-CON-1: a customer reached by the latest attempt needs nothing more', () => {
    expect(status([reach(0)], 1).status).toBe('reached');
    expect(status([fail(0), fail(0.1, 'sms'), reach(3)], 4).status).toBe('reached');
    expect(nextContactAllowedAt([fail(0), reach(3)], DEFAULT_POLICY)).toBeNull();
  });

  it('R-CON-1: after the first failure an SMS saying the customer could not be reached is required', () => {
    expect(status([fail(0)], 0.5)).toEqual({
      status: 'sms_required',
      retries: 0,
      requiredRetries: 3,
      smsSent: false,
      firstFailureAt: t0,
      windowEndsAt: t0 + 48 * HOUR,
      nextAttemptAt: t0 + 3 * HOUR,
    });
  });

  it('R-CON-1: with the SMS sent, retries are owed at least 3 hours apart; one too early does not count', () => {
    expect(status([fail(0), fail(0.1, 'sms')], 1)).toMatchObject({
      status: 'retrying',
      retries: 0,
      nextAttemptAt: t0 + 3 * HOUR,
    });
    const tooEarly = [fail(0), fail(0.1, 'sms'), fail(2)];
    expect(status(tooEarly, 2.5)).toMatchObject({ status: 'retrying', retries: 0, nextAttemptAt: t0 + 3 * HOUR });
    expect(nextContactAllowedAt(tooEarly, DEFAULT_POLICY)).toBe(t0 + 3 * HOUR);
    const one = [...tooEarly, fail(3)];
    expect(status(one, 4)).toMatchObject({ status: 'retrying', retries: 1, nextAttemptAt: t0 + 6 * HOUR });
    expect(nextContactAllowedAt(one, DEFAULT_POLICY)).toBe(t0 + 6 * HOUR);
  });

  it('R-CON-1: three spaced retries within 48 hours, still unreachable, satisfy the rule (proceed by written notice)', () => {
    const attempts = [fail(0), fail(0.1, 'sms'), fail(3), fail(6, 'email'), fail(9)];
    expect(status(attempts, 10)).toEqual({
      status: 'satisfied',
      retries: 3,
      requiredRetries: 3,
      smsSent: true,
      firstFailureAt: t0,
      windowEndsAt: t0 + 48 * HOUR,
    });
  });

  it('R-CON-1: attempts may be recorded out of order', () => {
    expect(status([fail(9), fail(3), fail(0.1, 'sms'), fail(6), fail(0)], 10).status).toBe('satisfied');
  });

  it('R-CON-1: the window closing without the retries fails the rule', () => {
    const attempts = [fail(0), fail(0.1, 'sms'), fail(3)];
    expect(status(attempts, 49).status).toBe('failed');
    // A retry after the window does not count.
    expect(status([...attempts, fail(20), fail(49)], 50)).toMatchObject({ status: 'failed', retries: 2 });
  });

  it('R-CON-1: the rule fails as soon as the owed retries can no longer fit in the window', () => {
    const attempts = [fail(0), fail(0.1, 'sms')];
    // At 42 h three retries at 42, 45 and 48 h still fit; a moment later they do not.
    expect(status(attempts, 42).status).toBe('retrying');
    expect(contactRuleStatus(attempts, t0 + 42 * HOUR + 1, DEFAULT_POLICY).status).toBe('failed');
  });

  it('R-CON-1: retries done without the SMS still require it, and fail once the window is over', () => {
    const noSms = [fail(0), fail(3), fail(6), fail(9)];
    const s = status(noSms, 10);
    expect(s).toMatchObject({ status: 'sms_required', retries: 3, smsSent: false });
    expect('nextAttemptAt' in s).toBe(false);
    expect(status(noSms, 49).status).toBe('failed');
  });

  it('R-CON-1: an SMS as the first failed attempt is the notice, and does not count as a retry', () => {
    expect(status([fail(0, 'sms'), fail(3), fail(6)], 7)).toMatchObject({
      status: 'retrying',
      smsSent: true,
      retries: 2,
    });
  });

  it('R-CON-1: a later failure after the customer was reached starts the rule afresh', () => {
    const attempts = [fail(0), fail(0.1, 'sms'), reach(3), fail(30)];
    expect(status(attempts, 31)).toMatchObject({ status: 'sms_required', firstFailureAt: t0 + 30 * HOUR, retries: 0 });
    expect(nextContactAllowedAt(attempts, DEFAULT_POLICY)).toBe(t0 + 33 * HOUR);
  });

  it('R-CON-1: the fast policy runs the same rule in seconds (3 s apart, 48 s window)', () => {
    const s0 = 1_000_000;
    const at = (seconds: number, channel: ContactChannel = 'phone'): ContactAttempt => ({
      at: s0 + seconds * 1000,
      reached: false,
      channel,
    });
    expect(nextContactAllowedAt([at(0)], FAST_POLICY)).toBe(s0 + 3000);
    expect(contactRuleStatus([at(0), at(1, 'sms'), at(3), at(6), at(9)], s0 + 10_000, FAST_POLICY).status).toBe(
      'satisfied',
    );
    expect(contactRuleStatus([at(0), at(1, 'sms')], s0 + 49_000, FAST_POLICY)).toMatchObject({
      status: 'failed',
      windowEndsAt: s0 + 48_000,
    });
  });

  it('R-CON-1 (property): satisfied means the SMS was sent and at least 3 retries were spaced ≥ 3 h inside 48 h', () => {
    const attempt = fc.record({
      at: fc.integer({ min: 0, max: 60 * HOUR }).map((ms) => t0 + ms),
      reached: fc.boolean(),
      channel: fc.constantFrom<ContactChannel>('phone', 'sms', 'email'),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 8 }), fc.integer({ min: 0, max: 70 * HOUR }), (attempts, offset) => {
        const s = contactRuleStatus(attempts, t0 + offset, DEFAULT_POLICY);
        if (s.status !== 'satisfied') return;
        expect(s.smsSent).toBe(true);
        const round = attempts
          .filter((a) => !a.reached && a.at >= (s.firstFailureAt as number) && a.at <= (s.windowEndsAt as number))
          .map((a) => a.at)
          .sort((a, b) => a - b);
        let last = s.firstFailureAt as number;
        let spaced = 0;
        for (const at of round) {
          if (at - last >= 3 * HOUR) {
            spaced++;
            last = at;
          }
        }
        // The notice SMS may be one of these, hence ≥ 3 counted without it means ≥ 3 here too.
        expect(spaced).toBeGreaterThanOrEqual(3);
      }),
    );
  });
});

describe('R-CON-2 contact channel', () => {
  it('R-CON-2: the channel the customer asked for is used when available', () => {
    expect(contactChannelFor('email', ['phone', 'sms', 'email'])).toBe('email');
    expect(contactChannelFor('sms', ['sms'])).toBe('sms');
  });

  it('R-CON-2: without a usable preference, phone, then SMS, then e-mail', () => {
    expect(CONTACT_FALLBACK_ORDER).toEqual(['phone', 'sms', 'email']);
    expect(contactChannelFor('email', ['sms', 'phone'])).toBe('phone');
    expect(contactChannelFor(undefined, ['email', 'sms'])).toBe('sms');
    expect(contactChannelFor(undefined, ['email'])).toBe('email');
    expect(contactChannelFor('phone', [])).toBeNull();
  });
});
