import fc from 'fast-check';
import { DEFAULT_POLICY, FAST_POLICY } from './policy/default-policy';
import type { PolicyDocument } from './policy/types';
import { nextProgressNoticeAt, progressNoticeDue } from './progress';

const bj = (text: string): number => Date.parse(`${text}:00+08:00`);
const HOUR = 3_600_000;
const received = bj('2026-03-06T18:05'); // a Friday evening, after the desk's service hours

describe('progress notices (R-SLA-6, R-SLA-10)', () => {
  it('R-SLA-10: the first notice is due 24 hours after receipt, around the clock (R-SLA-9), weekend included', () => {
    expect(nextProgressNoticeAt({ receivedAt: received, hasSolution: false }, DEFAULT_POLICY)).toBe(
      bj('2026-03-07T18:05'),
    );
  });

  it('R-SLA-10: after each notice the next is due 24 hours later', () => {
    const lastNoticeAt = bj('2026-03-07T09:30');
    expect(nextProgressNoticeAt({ receivedAt: received, lastNoticeAt, hasSolution: false }, DEFAULT_POLICY)).toBe(
      bj('2026-03-08T09:30'),
    );
  });

  it('a notice recorded before receipt (clock skew) does not move the cadence earlier', () => {
    const input = { receivedAt: received, lastNoticeAt: received - 5 * HOUR, hasSolution: false };
    expect(nextProgressNoticeAt(input, DEFAULT_POLICY)).toBe(received + 24 * HOUR);
  });

  it('R-SLA-6: once a solution exists (plan agreed or carried out, case closed) no more notices are due', () => {
    const input = { receivedAt: received, hasSolution: true, now: received + 100 * HOUR };
    expect(nextProgressNoticeAt(input, DEFAULT_POLICY)).toBeNull();
    expect(progressNoticeDue(input, DEFAULT_POLICY)).toBe(false);
  });

  it('a 2026.1 snapshot sets no cadence: no notices are scheduled from it', () => {
    const { progressNotice: _notice, ...rest } = DEFAULT_POLICY;
    const older: PolicyDocument = { ...rest, version: '2026.1' };
    const input = { receivedAt: received, hasSolution: false, now: received + 100 * HOUR };
    expect(nextProgressNoticeAt(input, older)).toBeNull();
    expect(progressNoticeDue(input, older)).toBe(false);
  });

  it('R-SLA-10: a notice is due from its instant on, not before', () => {
    const next = received + 24 * HOUR;
    const at = (now: number) => progressNoticeDue({ receivedAt: received, hasSolution: false, now }, DEFAULT_POLICY);
    expect(at(next - 1)).toBe(false);
    expect(at(next)).toBe(true);
    expect(at(next + 30 * HOUR)).toBe(true);
    // Sending it restarts the cadence.
    expect(
      progressNoticeDue(
        { receivedAt: received, lastNoticeAt: next, hasSolution: false, now: next + 1 },
        DEFAULT_POLICY,
      ),
    ).toBe(false);
  });

  it('the fast policy notifies every 24 seconds', () => {
    const t0 = bj('2026-03-09T10:00');
    expect(nextProgressNoticeAt({ receivedAt: t0, hasSolution: false }, FAST_POLICY)).toBe(t0 + 24_000);
  });

  it('R-SLA-9: a stray working unit (an unvalidated document) is read as calendar time, never as the business calendar', () => {
    const policy = { progressNotice: { every: { amount: 1, unit: 'working_days' as const } } };
    expect(nextProgressNoticeAt({ receivedAt: received, hasSolution: false }, policy)).toBe(received + 24 * HOUR);
  });

  it('R-SLA-10: while no solution exists, a customer is never left longer than the cadence without a notice (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: bj('2025-01-01T00:00'), max: bj('2027-12-31T00:00') }),
        fc.option(fc.integer({ min: 0, max: 30 * 24 * HOUR }), { nil: undefined }),
        fc.integer({ min: 0, max: 40 * 24 * HOUR }),
        (receivedAt, sinceReceipt, offset) => {
          const lastNoticeAt = sinceReceipt === undefined ? undefined : receivedAt + sinceReceipt;
          const now = receivedAt + offset;
          const last = lastNoticeAt ?? receivedAt;
          const input = { receivedAt, lastNoticeAt, hasSolution: false, now };
          expect(nextProgressNoticeAt(input, DEFAULT_POLICY)).toBe(last + 24 * HOUR);
          expect(progressNoticeDue(input, DEFAULT_POLICY)).toBe(now - last >= 24 * HOUR);
        },
      ),
    );
  });
});
