import fc from 'fast-check';
import { ALWAYS_CALENDAR, businessCalendarFor, isWorkingInstant } from './calendar';
import {
  deadlineState,
  dueAt,
  durationMs,
  elapsed,
  nextDeadlineEvent,
  statutoryDueAt,
  unitKind,
  type DeadlineInput,
  type Pause,
} from './deadlines';
import { DEFAULT_POLICY } from './policy/default-policy';
import { isStatutoryDeadline, policyDeadline } from './policy/resolve';
import { DURATION_UNITS, type Duration, type PolicyDocument } from './policy/types';

const bj = (text: string): number => Date.parse(`${text}:00+08:00`);
const MIN = 60_000;
const HOUR = 3_600_000;
const cn = businessCalendarFor(DEFAULT_POLICY);
const due = (kind: Parameters<typeof policyDeadline>[1], start: string, context = {}): number =>
  dueAt(bj(start), policyDeadline(DEFAULT_POLICY, kind, context), cn);

describe('durations', () => {
  it('working units follow the calendar, calendar units run around the clock', () => {
    expect(unitKind('working_hours')).toBe('working');
    expect(unitKind('working_days')).toBe('working');
    for (const unit of ['seconds', 'minutes', 'hours', 'days'] as const) expect(unitKind(unit)).toBe('calendar');
  });

  it('a working day is the calendar working-day length; fractions round to whole milliseconds', () => {
    expect(durationMs({ amount: 1, unit: 'working_days' }, cn)).toBe(9 * HOUR);
    expect(durationMs({ amount: 1, unit: 'working_days' }, ALWAYS_CALENDAR)).toBe(24 * HOUR);
    expect(durationMs({ amount: 0.5, unit: 'hours' }, cn)).toBe(30 * MIN);
    expect(durationMs({ amount: 1 / 3, unit: 'seconds' }, cn)).toBe(333);
    expect(durationMs({ amount: 2, unit: 'days' }, cn)).toBe(48 * HOUR);
  });
});

describe('default deadlines (R-SLA-1..7, R-CMP-2): around the clock (R-SLA-9)', () => {
  it('R-SLA-1 with R-SLA-9: a complaint is recorded and classified within 1 hour of receipt, evenings included', () => {
    expect(due('classify', '2026-03-09T10:00')).toBe(bj('2026-03-09T11:00'));
    // Friday 18:05, after the desk's service hours: due 19:05 that evening (2026.1 made it Monday 10:00).
    expect(due('classify', '2026-03-06T18:05')).toBe(bj('2026-03-06T19:05'));
  });

  it('R-SLA-1: an urgent complaint is acted on within 5 minutes, even at night or on a holiday', () => {
    expect(due('classify', '2026-02-17T03:00', { urgency: 'urgent' })).toBe(bj('2026-02-17T03:05'));
    expect(due('classify', '2026-03-07T23:58', { urgency: 'major' })).toBe(bj('2026-03-08T00:03'));
  });

  it('R-SLA-2: forwarded within 2 hours, the department responds within 1', () => {
    expect(due('forward', '2026-03-09T17:00')).toBe(bj('2026-03-09T19:00'));
    expect(due('department_response', '2026-03-09T22:15')).toBe(bj('2026-03-09T23:15'));
  });

  it('R-SLA-2: the investigation starts within 24 hours, weekends included', () => {
    expect(due('investigation_start', '2026-03-06T10:00')).toBe(bj('2026-03-07T10:00'));
  });

  it('R-SLA-2 with R-CAT-5: a safety complaint (loss, damage, shortage, data leak) starts its investigation within 1 hour', () => {
    for (const category of ['loss', 'damage', 'shortage', 'privacy'] as const) {
      expect(due('investigation_start', '2026-03-07T22:00', { category })).toBe(bj('2026-03-07T23:00'));
    }
    expect(due('investigation_start', '2026-03-07T22:00', { category: 'delay' })).toBe(bj('2026-03-08T22:00'));
  });

  it('R-SLA-3: evidence is asked of the complainant within 3 hours', () => {
    expect(due('evidence_request', '2026-03-09T16:00')).toBe(bj('2026-03-09T19:00'));
  });

  it('R-SLA-4: a handling plan is proposed within 2 hours of the findings', () => {
    expect(due('plan', '2026-03-06T17:30')).toBe(bj('2026-03-06T19:30'));
  });

  it('R-FLOW-6: findings are due in 3 days and an approval waits at most 4 hours', () => {
    expect(due('investigation', '2026-03-06T10:00')).toBe(bj('2026-03-09T10:00'));
    expect(due('approval', '2026-03-09T16:00')).toBe(bj('2026-03-09T20:00'));
  });

  it('R-SLA-5: after approval the customer has a reply within 1 hour; urgent within 30 minutes', () => {
    expect(due('reply_after_approval', '2026-03-09T17:30')).toBe(bj('2026-03-09T18:30'));
    expect(due('reply_after_approval', '2026-03-09T17:50', { urgency: 'urgent' })).toBe(bj('2026-03-09T18:20'));
  });

  it('R-HDL-3, R-RES-2: the plan is carried out within 24 hours, the customer confirms within 48', () => {
    expect(due('execution', '2026-10-01T10:00')).toBe(bj('2026-10-02T10:00'));
    expect(due('confirmation', '2026-10-01T10:00')).toBe(bj('2026-10-03T10:00'));
  });

  it('R-CMP-2: a refund is due 24 hours after it may be made, a public holiday included', () => {
    expect(due('refund', '2026-10-01T10:00')).toBe(bj('2026-10-02T10:00'));
  });

  it('R-SLA-6: the first reply is due 48 hours after receipt, weekends included', () => {
    expect(due('first_reply', '2026-03-06T10:00')).toBe(bj('2026-03-08T10:00'));
  });

  it('R-SLA-7: archived within 2 hours; the archive analysed within a week, holidays included', () => {
    expect(due('archive', '2026-03-09T17:00')).toBe(bj('2026-03-09T19:00'));
    expect(due('analysis', '2026-09-28T10:00')).toBe(bj('2026-10-05T10:00'));
  });

  it('R-CH-2: the statutory reply is due 7 calendar days after receipt and is marked statutory', () => {
    expect(due('statutory_reply', '2026-09-28T10:00')).toBe(bj('2026-10-05T10:00'));
    expect(isStatutoryDeadline(DEFAULT_POLICY, 'statutory_reply')).toBe(true);
    expect(isStatutoryDeadline(DEFAULT_POLICY, 'first_reply')).toBe(false);
  });

  it('R-SLA-9: received on 30 September before the national-day holiday, every clock falls due before the statutory reply', () => {
    const received = '2026-09-30T17:00';
    const statutory = due('statutory_reply', received);
    expect(statutory).toBe(bj('2026-10-07T17:00'));
    // 2026.1 forwarded it on 8 October at 10:00, after the statutory reply; now it is due at 19:00 the same day.
    expect(due('forward', received)).toBe(bj('2026-09-30T19:00'));
    // The chain from receipt to the reply after approval, each clock started when the one before it ended.
    const chain = [
      'classify',
      'forward',
      'department_response',
      'investigation_start',
      'investigation',
      'plan',
      'approval',
      'reply_after_approval',
    ] as const;
    let t = bj(received);
    for (const kind of chain) t = dueAt(t, policyDeadline(DEFAULT_POLICY, kind), cn);
    expect(t).toBe(bj('2026-10-05T04:00'));
    expect(t).toBeLessThan(statutory);
  });
});

describe('dueAt and elapsed with pauses', () => {
  const start = bj('2026-03-09T09:00');
  const fourHours: Duration = { amount: 4, unit: 'working_hours' };

  it('a closed pause moves a working-time deadline later by the working time it covered', () => {
    expect(dueAt(start, fourHours, cn)).toBe(bj('2026-03-09T13:00'));
    expect(dueAt(start, fourHours, cn, [{ from: bj('2026-03-09T10:00'), to: bj('2026-03-09T12:00') }])).toBe(
      bj('2026-03-09T15:00'),
    );
    // A pause over the night covers no working time and moves nothing.
    const overnight: Pause = { from: bj('2026-03-09T19:00'), to: bj('2026-03-10T08:00') };
    expect(dueAt(bj('2026-03-09T16:00'), fourHours, cn, [overnight])).toBe(bj('2026-03-10T11:00'));
  });

  it('open pauses are ignored by dueAt (their end is unknown); pauses before the start are clipped', () => {
    expect(dueAt(start, fourHours, cn, [{ from: bj('2026-03-09T10:00') }])).toBe(bj('2026-03-09T13:00'));
    expect(dueAt(start, fourHours, cn, [{ from: bj('2026-03-09T08:00'), to: bj('2026-03-09T10:00') }])).toBe(
      bj('2026-03-09T14:00'),
    );
  });

  it('a pause that starts after the deadline fell due changes nothing', () => {
    const late: Pause = { from: bj('2026-03-09T14:00'), to: bj('2026-03-09T16:00') };
    expect(dueAt(start, fourHours, cn, [late])).toBe(bj('2026-03-09T13:00'));
  });

  it('overlapping pauses are counted once', () => {
    const pauses: Pause[] = [
      { from: bj('2026-03-09T11:00'), to: bj('2026-03-09T12:00') },
      { from: bj('2026-03-09T10:00'), to: bj('2026-03-09T11:30') },
      { from: bj('2026-03-09T11:15'), to: bj('2026-03-09T11:45') },
      { from: bj('2026-03-09T12:00'), to: bj('2026-03-09T11:00') }, // reversed: ignored
    ];
    expect(dueAt(start, fourHours, cn, pauses)).toBe(bj('2026-03-09T15:00'));
    expect(elapsed(start, bj('2026-03-09T13:00'), pauses, cn, 'working')).toBe(2 * HOUR);
  });

  it('a calendar-time deadline is paused by clock time', () => {
    const pause: Pause = { from: bj('2026-03-07T00:00'), to: bj('2026-03-07T06:00') };
    expect(dueAt(bj('2026-03-06T10:00'), { amount: 48, unit: 'hours' }, cn, [pause])).toBe(bj('2026-03-08T16:00'));
    expect(elapsed(bj('2026-03-06T10:00'), bj('2026-03-08T16:00'), [pause], cn, 'calendar')).toBe(48 * HOUR);
  });

  it('elapsed excludes paused time, runs an open pause to the end, and is 0 backwards', () => {
    expect(elapsed(start, bj('2026-03-09T13:00'), [{ from: bj('2026-03-09T12:00') }], cn, 'working')).toBe(3 * HOUR);
    expect(elapsed(start, bj('2026-03-09T13:00'), [], cn, 'calendar')).toBe(4 * HOUR);
    expect(elapsed(start, start - 1, [], cn, 'working')).toBe(0);
    expect(elapsed(start, bj('2026-03-09T13:00'), [{ from: bj('2026-03-09T20:00') }], cn, 'working')).toBe(4 * HOUR);
  });

  it('a zero-length deadline is due at once, even if a pause starts right then', () => {
    expect(dueAt(start, { amount: 0, unit: 'hours' }, cn, [{ from: start, to: start + HOUR }])).toBe(start);
  });
});

describe('deadlineState', () => {
  const input = (over: Partial<DeadlineInput>): DeadlineInput => ({
    kind: 'approval',
    startedAt: bj('2026-03-09T09:00'),
    duration: { amount: 4, unit: 'working_hours' },
    now: bj('2026-03-09T10:00'),
    ...over,
  });

  it('R-SLA-1..7: a running deadline reports its due instant, its warning point at 75 % and the working time left', () => {
    const s = deadlineState(input({}), cn, 0.75);
    expect(s).toEqual({
      kind: 'approval',
      statutory: false,
      dueAt: bj('2026-03-09T13:00'),
      warnAt: bj('2026-03-09T12:00'),
      capped: false,
      state: 'running',
      warned: false,
      remainingMs: 3 * HOUR,
      completed: false,
    });
  });

  it('warns once the warning point is reached', () => {
    expect(deadlineState(input({ now: bj('2026-03-09T12:00') - 1 }), cn, 0.75).warned).toBe(false);
    expect(deadlineState(input({ now: bj('2026-03-09T12:00') }), cn, 0.75).warned).toBe(true);
  });

  it('R-SLA-8: at the due instant the deadline is breached, and the overdue time is negative remaining time', () => {
    const atDue = deadlineState(input({ now: bj('2026-03-09T13:00') }), cn, 0.75);
    expect(atDue.state).toBe('breached');
    expect(atDue.remainingMs).toBe(0);
    const later = deadlineState(input({ now: bj('2026-03-09T15:30') }), cn, 0.75);
    expect(later.state).toBe('breached');
    expect(later.remainingMs).toBe(-2.5 * HOUR);
  });

  it('R-SLA-8: working time does not run at night, so a deadline is not breached overnight', () => {
    const s = deadlineState(input({ startedAt: bj('2026-03-09T17:00'), now: bj('2026-03-10T08:59') }), cn, 0.75);
    expect(s.state).toBe('running');
    expect(s.remainingMs).toBe(3 * HOUR);
  });

  it('is met when done by the due instant, breached when done after it', () => {
    const met = deadlineState(input({ metAt: bj('2026-03-09T13:00'), now: bj('2026-03-10T10:00') }), cn, 0.75);
    expect(met).toMatchObject({ state: 'met', completed: true, warned: true, remainingMs: 0 });
    const early = deadlineState(input({ metAt: bj('2026-03-09T10:30'), now: bj('2026-03-10T10:00') }), cn, 0.75);
    expect(early).toMatchObject({ state: 'met', warned: false, remainingMs: 2.5 * HOUR });
    const late = deadlineState(input({ metAt: bj('2026-03-09T14:00'), now: bj('2026-03-10T10:00') }), cn, 0.75);
    expect(late).toMatchObject({ state: 'breached', completed: true, remainingMs: -HOUR });
  });

  it('is paused while an open pause lasts, and its due instant moves later as the pause goes on', () => {
    const pauses: Pause[] = [{ from: bj('2026-03-09T10:00') }];
    const a = deadlineState(input({ pauses, now: bj('2026-03-09T11:00') }), cn, 0.75);
    expect(a).toMatchObject({ state: 'paused', dueAt: bj('2026-03-09T14:00'), remainingMs: 3 * HOUR });
    const b = deadlineState(input({ pauses, now: bj('2026-03-09T16:00') }), cn, 0.75);
    expect(b).toMatchObject({ state: 'paused', dueAt: bj('2026-03-10T10:00'), remainingMs: 3 * HOUR });
  });

  it('resumes running when the pause is closed, with the paused time added', () => {
    const pauses: Pause[] = [{ from: bj('2026-03-09T10:00'), to: bj('2026-03-09T11:00') }];
    const s = deadlineState(input({ pauses, now: bj('2026-03-09T11:30') }), cn, 0.75);
    expect(s).toMatchObject({ state: 'running', dueAt: bj('2026-03-09T14:00'), remainingMs: 2.5 * HOUR });
  });

  it('a pause opened after the deadline was due does not rescue it', () => {
    const s = deadlineState(
      input({ pauses: [{ from: bj('2026-03-09T14:00') }], now: bj('2026-03-09T15:00') }),
      cn,
      0.75,
    );
    expect(s.state).toBe('breached');
  });

  it('a pause opened after `now` or after the deadline was met does not count', () => {
    const s = deadlineState(
      input({ pauses: [{ from: bj('2026-03-09T11:00') }], now: bj('2026-03-09T10:30') }),
      cn,
      0.75,
    );
    expect(s.state).toBe('running');
    const met = deadlineState(
      input({ pauses: [{ from: bj('2026-03-09T11:00') }], metAt: bj('2026-03-09T10:30'), now: bj('2026-03-09T16:00') }),
      cn,
      0.75,
    );
    expect(met.state).toBe('met');
  });

  it('R-CH-2: the statutory clock is reported apart and internal pauses do not stop it', () => {
    const s = deadlineState(
      {
        kind: 'statutory_reply',
        statutory: true,
        startedAt: bj('2026-03-09T09:00'),
        duration: { amount: 7, unit: 'days' },
        pauses: [{ from: bj('2026-03-10T09:00') }],
        now: bj('2026-03-16T09:00'),
      },
      cn,
      0.75,
    );
    expect(s).toMatchObject({ statutory: true, state: 'breached', dueAt: bj('2026-03-16T09:00') });
  });

  it('reports no kind when none was given', () => {
    const { kind: _kind, ...rest } = input({});
    expect('kind' in deadlineState(rest, cn, 0.75)).toBe(false);
  });
});

describe('the statutory cap (R-SLA-9: no internal clock falls due after the statutory one)', () => {
  const received = bj('2026-09-30T17:00');
  const statutory = bj('2026-10-07T17:00');
  /** A network whose desk keeps service hours puts the investigation on the business calendar. */
  const fiveWorkingDays: Duration = { amount: 5, unit: 'working_days' };

  it('statutoryDueAt is the 7-day reply of the policy, from receipt', () => {
    expect(statutoryDueAt(DEFAULT_POLICY, received)).toBe(statutory);
    expect(statutoryDueAt(DEFAULT_POLICY, received, { urgency: 'urgent' }, cn)).toBe(statutory);
    // A 2026.1 snapshot (no refund clock) has the same cap.
    const { refund: _refund, ...older } = DEFAULT_POLICY.deadlines;
    expect(statutoryDueAt({ ...DEFAULT_POLICY, version: '2026.1', deadlines: older }, received)).toBe(statutory);
  });

  it('statutoryDueAt takes the earliest of several statutory clocks, and is null for a policy without one', () => {
    const deadlines = DEFAULT_POLICY.deadlines;
    const twoStatutory: PolicyDocument = {
      ...DEFAULT_POLICY,
      deadlines: { ...deadlines, first_reply: { ...deadlines.first_reply, statutory: true } },
    };
    expect(statutoryDueAt(twoStatutory, received)).toBe(bj('2026-10-02T17:00'));
    const later: PolicyDocument = {
      ...DEFAULT_POLICY,
      deadlines: { ...deadlines, refund: { amount: 30, unit: 'days', statutory: true } },
    };
    expect(statutoryDueAt(later, received)).toBe(statutory);
    const none: PolicyDocument = {
      ...DEFAULT_POLICY,
      deadlines: { ...deadlines, statutory_reply: { amount: 7, unit: 'days' } },
    };
    expect(statutoryDueAt(none, received)).toBeNull();
  });

  it('a working-time clock that would run past the holiday is due at the statutory reply, and warns in proportion', () => {
    const input: DeadlineInput = { startedAt: received, duration: fiveWorkingDays, now: bj('2026-09-30T17:30') };
    // Uncapped: 1 h on 30 Sep, 国庆 1–7 Oct off, then 9 h a working day (10 Oct is a make-up Saturday): 13 Oct 17:00.
    expect(deadlineState(input, cn, 0.75)).toMatchObject({ dueAt: bj('2026-10-13T17:00'), capped: false });
    const capped = deadlineState({ ...input, notAfter: statutory }, cn, 0.75);
    // The clock counts 1 working hour before the cap: it warns at 75 % of that hour, 17:45.
    expect(capped).toMatchObject({
      dueAt: statutory,
      warnAt: bj('2026-09-30T17:45'),
      capped: true,
      state: 'running',
      remainingMs: 30 * MIN,
    });
    // Over the holiday it has no working time left, yet it is not overdue before the cap…
    const holiday = deadlineState({ ...input, notAfter: statutory, now: statutory - 1 }, cn, 0.75);
    expect(holiday).toMatchObject({ state: 'running', warned: true, remainingMs: 0 });
    // …and at the cap it is breached; later working time counts as overdue.
    expect(deadlineState({ ...input, notAfter: statutory, now: statutory }, cn, 0.75).state).toBe('breached');
    expect(deadlineState({ ...input, notAfter: statutory, now: bj('2026-10-08T10:00') }, cn, 0.75)).toMatchObject({
      state: 'breached',
      remainingMs: -HOUR,
    });
    // Met before the cap: met.
    expect(
      deadlineState({ ...input, notAfter: statutory, metAt: bj('2026-10-07T12:00'), now: statutory + HOUR }, cn, 0.75),
    ).toMatchObject({ state: 'met', completed: true });
  });

  it('pauses never push a capped clock past the cap: an open pause still breaches at it', () => {
    const start = bj('2026-03-09T09:00');
    const input: DeadlineInput = {
      startedAt: start,
      duration: { amount: 10, unit: 'hours' },
      pauses: [{ from: start + HOUR }],
      notAfter: start + 8 * HOUR,
      now: start + 7 * HOUR,
    };
    // Paused since 10:00: its own due instant keeps moving (16:00 + the pause so far), the cap does not. As of
    // now (the open pause counted to now) it has 2 h to count before the cap, 1 h of them used: warn after 1.5 h.
    expect(deadlineState(input, cn, 0.75)).toMatchObject({
      dueAt: start + 8 * HOUR,
      warnAt: start + 7.5 * HOUR,
      capped: true,
      state: 'paused',
      remainingMs: HOUR,
    });
    expect(deadlineState({ ...input, now: start + 8 * HOUR }, cn, 0.75).state).toBe('breached');
    const closed = deadlineState({ ...input, pauses: [{ from: start + HOUR, to: start + 2 * HOUR }] }, cn, 0.75);
    expect(closed).toMatchObject({ dueAt: start + 8 * HOUR, warnAt: start + 6.25 * HOUR, state: 'running' });
  });

  it("a cap after the clock's own due instant changes nothing; a cap before its start makes it due at the cap", () => {
    const input: DeadlineInput = {
      startedAt: bj('2026-03-09T09:00'),
      duration: { amount: 4, unit: 'hours' },
      now: bj('2026-03-09T10:00'),
    };
    const own = deadlineState(input, cn, 0.75);
    expect(deadlineState({ ...input, notAfter: own.dueAt }, cn, 0.75)).toEqual(own);
    expect(deadlineState({ ...input, notAfter: own.dueAt + 1 }, cn, 0.75)).toEqual(own);
    const early = deadlineState({ ...input, notAfter: input.startedAt - HOUR }, cn, 0.75);
    expect(early).toMatchObject({
      dueAt: input.startedAt - HOUR,
      warnAt: input.startedAt - HOUR,
      capped: true,
      state: 'breached',
    });
  });
});

describe('nextDeadlineEvent', () => {
  const state = (over: Partial<DeadlineInput>) =>
    deadlineState(
      {
        startedAt: bj('2026-03-09T09:00'),
        duration: { amount: 4, unit: 'working_hours' },
        now: bj('2026-03-09T10:00'),
        ...over,
      },
      cn,
      0.75,
    );

  it('R-SLA-8: the workflow wakes at the earliest future warning or breach of all the case deadlines', () => {
    const now = bj('2026-03-09T10:00');
    const approval = state({ kind: 'approval' }); // warns 12:00, due 13:00
    const plan = state({ kind: 'plan', duration: { amount: 2, unit: 'working_hours' } }); // warns 10:30, due 11:00
    expect(nextDeadlineEvent([approval, plan], now)).toEqual({
      at: bj('2026-03-09T10:30'),
      events: [{ kind: 'plan', event: 'warning', statutory: false }],
    });
    // After the warning has passed, the next event is the breach of the plan deadline.
    const later = bj('2026-03-09T10:45');
    const next = nextDeadlineEvent(
      [
        state({ kind: 'approval', now: later }),
        state({ kind: 'plan', duration: { amount: 2, unit: 'working_hours' }, now: later }),
      ],
      later,
    );
    expect(next).toEqual({ at: bj('2026-03-09T11:00'), events: [{ kind: 'plan', event: 'breach', statutory: false }] });
  });

  it('lists every event that falls on the same instant, statutory ones flagged', () => {
    const now = bj('2026-03-09T10:00');
    const a = state({ kind: 'approval' });
    const b = { ...state({}), statutory: true };
    expect(nextDeadlineEvent([a, b], now)).toEqual({
      at: bj('2026-03-09T12:00'),
      events: [
        { kind: 'approval', event: 'warning', statutory: false },
        { event: 'warning', statutory: true },
      ],
    });
  });

  it('ignores paused, met and breached deadlines, and instants not after now', () => {
    const now = bj('2026-03-09T10:00');
    expect(nextDeadlineEvent([state({ pauses: [{ from: bj('2026-03-09T09:30') }] })], now)).toBeNull();
    expect(nextDeadlineEvent([state({ metAt: bj('2026-03-09T09:30') })], now)).toBeNull();
    expect(nextDeadlineEvent([state({ now: bj('2026-03-09T14:00') })], bj('2026-03-09T14:00'))).toBeNull();
    expect(nextDeadlineEvent([], now)).toBeNull();
    // Exactly at the warning instant the warning has happened: only the breach is ahead.
    const atWarn = bj('2026-03-09T12:00');
    expect(nextDeadlineEvent([state({ now: atWarn })], atWarn)).toEqual({
      at: bj('2026-03-09T13:00'),
      events: [{ event: 'breach', statutory: false }],
    });
  });
});

describe('deadline properties (fast-check)', () => {
  const start = fc.integer({ min: bj('2025-06-01T00:00'), max: bj('2027-12-31T00:00') });
  const duration = fc.record({ amount: fc.integer({ min: 1, max: 72 }), unit: fc.constantFrom(...DURATION_UNITS) });
  const pauses = fc.array(
    fc.record({
      from: fc.integer({ min: 0, max: 10 * 24 * HOUR }),
      length: fc.integer({ min: 0, max: 3 * 24 * HOUR }),
    }),
    { maxLength: 4 },
  );
  const at = (s: number, ps: { from: number; length: number }[]): Pause[] =>
    ps.map((p) => ({ from: s + p.from, to: s + p.from + p.length }));

  it('R-SLA-1..7: dueAt(start, d) then elapsed(start, due) is d, in working or calendar time, with or without pauses', () => {
    fc.assert(
      fc.property(start, duration, pauses, (s, d, ps) => {
        const kind = unitKind(d.unit);
        expect(elapsed(s, dueAt(s, d, cn), [], cn, kind)).toBe(durationMs(d, cn));
        const paused = at(s, ps);
        expect(elapsed(s, dueAt(s, d, cn, paused), paused, cn, kind)).toBe(durationMs(d, cn));
      }),
    );
  });

  it('a longer duration is never due earlier', () => {
    fc.assert(
      fc.property(start, duration, fc.integer({ min: 0, max: 72 }), (s, d, extra) => {
        expect(dueAt(s, { ...d, amount: d.amount + extra }, cn)).toBeGreaterThanOrEqual(dueAt(s, d, cn));
      }),
    );
  });

  it('pauses only ever push deadlines later', () => {
    fc.assert(
      fc.property(start, duration, pauses, (s, d, ps) => {
        expect(dueAt(s, d, cn, at(s, ps))).toBeGreaterThanOrEqual(dueAt(s, d, cn));
      }),
    );
  });

  it('working-time deadlines never fall due inside a holiday or outside working hours', () => {
    const working = fc.record({
      amount: fc.integer({ min: 1, max: 72 }),
      unit: fc.constantFrom('working_hours' as const, 'working_days' as const),
    });
    fc.assert(
      fc.property(start, working, pauses, (s, d, ps) => {
        expect(isWorkingInstant(cn, dueAt(s, d, cn, at(s, ps)) - 1)).toBe(true);
      }),
    );
  });

  it('R-SLA-9: a capped clock never falls due after notAfter, whatever its unit and pauses (open ones included)', () => {
    const open = fc.option(fc.integer({ min: 0, max: 10 * 24 * HOUR }), { nil: undefined });
    const cap = fc.integer({ min: -HOUR, max: 20 * 24 * HOUR });
    const offset = fc.integer({ min: 0, max: 25 * 24 * HOUR });
    fc.assert(
      fc.property(start, duration, pauses, open, cap, offset, (s, d, ps, openFrom, c, off) => {
        const paused = [...at(s, ps), ...(openFrom === undefined ? [] : [{ from: s + openFrom }])];
        const input: DeadlineInput = { startedAt: s, duration: d, pauses: paused, now: s + off };
        const own = deadlineState(input, cn, 0.75);
        const capped = deadlineState({ ...input, notAfter: s + c }, cn, 0.75);
        expect(capped.dueAt).toBeLessThanOrEqual(s + c);
        expect(capped.dueAt).toBe(Math.min(own.dueAt, s + c));
        expect(capped.capped).toBe(s + c < own.dueAt);
        expect(capped.warnAt).toBeLessThanOrEqual(capped.dueAt);
        expect(capped.warnAt).toBeLessThanOrEqual(own.warnAt);
        if (s + off >= s + c) expect(capped.state).toBe('breached');
      }),
    );
  });

  it('R-SLA-8: an open deadline is breached exactly when no time is left', () => {
    fc.assert(
      fc.property(start, duration, fc.integer({ min: 0, max: 20 * 24 * HOUR }), (s, d, offset) => {
        const st = deadlineState({ startedAt: s, duration: d, now: s + offset }, cn, 0.75);
        expect(st.state === 'breached').toBe(st.remainingMs <= 0);
        expect(st.warnAt).toBeLessThanOrEqual(st.dueAt);
      }),
    );
  });
});
