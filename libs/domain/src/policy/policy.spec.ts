import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { businessCalendarFor } from '../calendar';
import { DEFAULT_POLICY, FAST_POLICY } from './default-policy';
import { DEADLINE_INFO, hasPolicyDeadline, isStatutoryDeadline, policyDeadline } from './resolve';
import {
  CALENDAR_DURATION_UNITS,
  CALENDAR_ONLY_DEADLINE_KINDS,
  DEADLINE_KINDS,
  DEADLINE_KINDS_SINCE_2026_2,
  type Duration,
  type PolicyDocument,
} from './types';
import { validatePolicy, type PolicyError } from './validate';

/** A duration's length in hours, floored at 1: the seconds the fast policy gives it (every hour a second). */
const fastSeconds = (d: { amount: number; unit: string }): number =>
  Math.max(
    1,
    d.amount * ({ hours: 1, days: 24, minutes: 1 / 60, seconds: 1 / 3600 } as Record<string, number>)[d.unit],
  );

/**
 * A case snapshot of version 2026.1 (no `refund` deadline, no `progressNotice`): the type still describes it,
 * which is what keeps running cases readable. Built from the default rather than copied.
 */
const { refund: _refund, ...deadlines2026_1 } = DEFAULT_POLICY.deadlines;
const { progressNotice: _notice, ...rest2026_1 } = DEFAULT_POLICY;
const POLICY_2026_1: PolicyDocument = { ...rest2026_1, version: '2026.1', deadlines: deadlines2026_1 };

const configFile = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../../../config/policy', name), 'utf8')) as unknown;

/** A deep copy of the default policy with `patch` applied at a dotted path (`undefined` deletes the key). */
function patched(path: string, value: unknown, base: PolicyDocument = DEFAULT_POLICY): unknown {
  const doc = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const keys = path.split('.');
  let node = doc;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return doc;
}

function errorsOf(doc: unknown): readonly PolicyError[] {
  const result = validatePolicy(doc);
  return result.ok ? [] : result.errors;
}

describe('shipped policy documents', () => {
  it('config/policy/default.json is identical to DEFAULT_POLICY and valid', () => {
    const json = configFile('default.json');
    expect(json).toEqual(DEFAULT_POLICY);
    expect(validatePolicy(json)).toEqual({ ok: true, policy: json });
  });

  it('config/policy/fast.json is identical to FAST_POLICY and valid', () => {
    const json = configFile('fast.json');
    expect(json).toEqual(FAST_POLICY);
    expect(validatePolicy(json).ok).toBe(true);
  });

  it('the fast policy makes every deadline seconds on a 24/7 calendar without holidays, version 2026.2-fast', () => {
    expect(FAST_POLICY.version).toBe('2026.2-fast');
    expect(FAST_POLICY.calendar).toEqual({
      id: 'always',
      workingHours: { start: '00:00', end: '24:00' },
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
      holidaySet: 'none',
    });
    expect(businessCalendarFor(FAST_POLICY).roundTheClock).toBe(true);
    for (const kind of DEADLINE_KINDS) {
      const rule = FAST_POLICY.deadlines[kind];
      const overrides = [...Object.values(rule.byUrgency ?? {}), ...Object.values(rule.byCategory ?? {})];
      for (const d of [rule, ...overrides]) expect(d.unit).toBe('seconds');
      // Every hour is a second (minute-scale ones floored at 1 s), overrides included.
      const def = DEFAULT_POLICY.deadlines[kind];
      expect(rule.amount).toBe(fastSeconds(def));
      const fastOverrides: Record<string, Duration | undefined> = { ...rule.byUrgency, ...rule.byCategory };
      for (const [key, d] of Object.entries({ ...def.byUrgency, ...def.byCategory })) {
        expect(fastOverrides[key]?.amount).toBe(fastSeconds(d));
      }
    }
    // R-SLA-10: progress notices every 24 hours, every 24 seconds in the fast policy.
    expect(FAST_POLICY.progressNotice).toEqual({ every: { amount: 24, unit: 'seconds' } });
  });

  it('R-SLA-9: version 2026.2 runs every clock around the clock, and keeps the business calendar as an option', () => {
    expect(DEFAULT_POLICY.version).toBe('2026.2');
    for (const kind of DEADLINE_KINDS) {
      const rule = DEFAULT_POLICY.deadlines[kind];
      for (const d of [rule, ...Object.values(rule.byUrgency ?? {}), ...Object.values(rule.byCategory ?? {})]) {
        expect(CALENDAR_DURATION_UNITS).toContain(d.unit);
      }
    }
    expect(DEFAULT_POLICY.calendar).toEqual({
      id: 'cn',
      workingHours: { start: '09:00', end: '18:00' },
      workingWeekdays: [1, 2, 3, 4, 5],
      holidaySet: 'cn',
    });
  });

  it("R-SLA-1..7, R-CMP-2, R-SLA-10: the 2026.2 defaults are the seeds' figures in plain hours", () => {
    const hours = (kind: (typeof DEADLINE_KINDS)[number]): number => fastSeconds(DEFAULT_POLICY.deadlines[kind]);
    expect(Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, hours(kind)]))).toEqual({
      classify: 1,
      forward: 2,
      department_response: 1,
      investigation_start: 24,
      evidence_request: 3,
      investigation: 72,
      plan: 2,
      approval: 4,
      reply_after_approval: 1,
      execution: 24,
      confirmation: 48,
      first_reply: 48,
      archive: 2,
      analysis: 168,
      statutory_reply: 168,
      refund: 24,
    });
    expect(DEFAULT_POLICY.progressNotice).toEqual({ every: { amount: 24, unit: 'hours' } });
  });

  it('R-CON-1: contact retries are 3 h apart within 48 h by default, 3 s within 48 s in the fast policy', () => {
    expect(DEFAULT_POLICY.contact).toEqual({
      minRetries: 3,
      retrySpacing: { amount: 3, unit: 'hours' },
      retryWindow: { amount: 48, unit: 'hours' },
    });
    expect(FAST_POLICY.contact).toEqual({
      minRetries: 3,
      retrySpacing: { amount: 3, unit: 'seconds' },
      retryWindow: { amount: 48, unit: 'seconds' },
    });
  });

  it('carries the section defaults other rule modules read', () => {
    // R-APR-1/R-APR-2 (2026.2): every plan goes to at least a team lead; up to 500 CNY a team lead, up to 2000 CNY
    // a supervisor, above a manager.
    expect(DEFAULT_POLICY.approval).toEqual({
      noApprovalUpToFen: 50000,
      teamLeadUpToFen: 50000,
      supervisorUpToFen: 200000,
      minimum: 'team_lead',
      urgentMinimum: 'supervisor',
      majorMinimum: 'manager',
      appealMinimum: 'supervisor',
    });
    expect(FAST_POLICY.approval).toEqual(DEFAULT_POLICY.approval);
    expect(DEFAULT_POLICY.compensation).toEqual({ uninsuredFreightMultiple: 3 });
    // R-REG-1: a valid appeal costs the outlet 1000 CNY a parcel.
    expect(DEFAULT_POLICY.appeal).toEqual({ finePerParcelFen: 100000 });
    expect(DEFAULT_POLICY.repeat).toEqual({ windowDays: 30 });
    expect(DEFAULT_POLICY.escalation).toEqual({ normalStartTier: 'handler', urgentStartTier: 'supervisor' });
    expect(DEFAULT_POLICY.warningFraction).toBe(0.75);
    expect(DEFAULT_POLICY.timezone).toEqual({ utcOffsetMinutes: 480 });
  });
});

describe('policyDeadline', () => {
  it('R-SLA-1: classify is 1 hour, urgent and major 5 minutes', () => {
    expect(policyDeadline(DEFAULT_POLICY, 'classify')).toEqual({ amount: 1, unit: 'hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'classify', { urgency: 'normal' })).toEqual({ amount: 1, unit: 'hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'classify', { urgency: 'urgent' })).toEqual({ amount: 5, unit: 'minutes' });
    expect(policyDeadline(DEFAULT_POLICY, 'classify', { urgency: 'major' })).toEqual({ amount: 5, unit: 'minutes' });
  });

  it('R-SLA-5: reply after approval is 1 hour, urgent 30 minutes', () => {
    expect(policyDeadline(DEFAULT_POLICY, 'reply_after_approval', { urgency: 'normal', category: 'delay' })).toEqual({
      amount: 1,
      unit: 'hours',
    });
    expect(policyDeadline(DEFAULT_POLICY, 'reply_after_approval', { urgency: 'urgent' })).toEqual({
      amount: 30,
      unit: 'minutes',
    });
  });

  it('R-SLA-6: the first reply is 48 hours; R-SLA-7 archive 2 hours, analysis 7 days; R-CMP-2 refund 24 hours', () => {
    expect(policyDeadline(DEFAULT_POLICY, 'first_reply')).toEqual({ amount: 48, unit: 'hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'archive')).toEqual({ amount: 2, unit: 'hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'analysis')).toEqual({ amount: 7, unit: 'days' });
    expect(policyDeadline(DEFAULT_POLICY, 'refund')).toEqual({ amount: 24, unit: 'hours' });
    expect(DEADLINE_INFO.refund).toEqual({ zh: '退费', en: 'Refund the customer', ruleId: 'R-CMP-2' });
  });

  it('a 2026.1 snapshot has no refund clock: hasPolicyDeadline says so and policyDeadline refuses to invent one', () => {
    expect(DEADLINE_KINDS_SINCE_2026_2).toEqual(['refund']);
    expect(hasPolicyDeadline(POLICY_2026_1, 'refund')).toBe(false);
    expect(hasPolicyDeadline(POLICY_2026_1, 'classify')).toBe(true);
    expect(hasPolicyDeadline(DEFAULT_POLICY, 'refund')).toBe(true);
    expect(isStatutoryDeadline(POLICY_2026_1, 'refund')).toBe(false);
    expect(() => policyDeadline(POLICY_2026_1, 'refund')).toThrow(
      new RangeError('policy 2026.1 has no refund deadline (check hasPolicyDeadline first)'),
    );
    expect(policyDeadline(POLICY_2026_1, 'first_reply')).toEqual({ amount: 48, unit: 'hours' });
  });

  it('an urgency override wins over a category override, which wins over the default', () => {
    const policy = patched('deadlines.investigation_start.byUrgency', {
      urgent: { amount: 10, unit: 'minutes' },
    }) as PolicyDocument;
    expect(policyDeadline(policy, 'investigation_start', { urgency: 'urgent', category: 'loss' })).toEqual({
      amount: 10,
      unit: 'minutes',
    });
    expect(policyDeadline(policy, 'investigation_start', { urgency: 'normal', category: 'loss' })).toEqual({
      amount: 1,
      unit: 'hours',
    });
    expect(policyDeadline(policy, 'investigation_start', { category: 'overcharge' })).toEqual({
      amount: 24,
      unit: 'hours',
    });
  });

  it('the statutory reply is the only statutory clock by default, and every deadline names its rule', () => {
    expect(DEADLINE_KINDS.filter((kind) => isStatutoryDeadline(DEFAULT_POLICY, kind))).toEqual(['statutory_reply']);
    for (const kind of DEADLINE_KINDS) expect(DEADLINE_INFO[kind].ruleId).toMatch(/^R-[A-Z]+-\d+$/);
    expect(DEADLINE_INFO.classify.ruleId).toBe('R-SLA-1');
  });
});

describe('validatePolicy', () => {
  it.each<[string, unknown, string, RegExp]>([
    [
      'an unknown deadline kind',
      patched('deadlines.callback', { amount: 1, unit: 'hours' }),
      'deadlines.callback',
      /not a deadline kind/,
    ],
    ['a missing deadline kind', patched('deadlines.plan', undefined), 'deadlines.plan', /required/],
    ['a zero amount', patched('deadlines.classify.amount', 0), 'deadlines.classify.amount', /positive/],
    ['a negative amount', patched('deadlines.classify.amount', -1), 'deadlines.classify.amount', /positive/],
    ['a string amount', patched('deadlines.classify.amount', '1'), 'deadlines.classify.amount', /positive/],
    ['an unknown unit', patched('deadlines.classify.unit', 'weeks'), 'deadlines.classify.unit', /one of seconds/],
    ['a deadline that is not an object', patched('deadlines.plan', 2), 'deadlines.plan', /object/],
    ['an unknown key in a deadline', patched('deadlines.plan.note', 'x'), 'deadlines.plan.note', /not a known key/],
    [
      'an unknown urgency',
      patched('deadlines.classify.byUrgency.critical', { amount: 1, unit: 'minutes' }),
      'deadlines.classify.byUrgency.critical',
      /not one of normal/,
    ],
    [
      'a bad urgency override',
      patched('deadlines.classify.byUrgency.urgent.amount', 0),
      'deadlines.classify.byUrgency.urgent.amount',
      /positive/,
    ],
    [
      'an unknown category',
      patched('deadlines.investigation_start.byCategory.parcels', { amount: 1, unit: 'hours' }),
      'deadlines.investigation_start.byCategory.parcels',
      /not one of delay/,
    ],
    [
      'overrides that are not an object',
      patched('deadlines.classify.byUrgency', []),
      'deadlines.classify.byUrgency',
      /object/,
    ],
    [
      'a non-boolean statutory flag',
      patched('deadlines.plan.statutory', 'yes'),
      'deadlines.plan.statutory',
      /true or false/,
    ],
    [
      'an unmarked statutory reply',
      patched('deadlines.statutory_reply.statutory', undefined),
      'deadlines.statutory_reply.statutory',
      /must be true/,
    ],
    ['warningFraction 0', patched('warningFraction', 0), 'warningFraction', /between 0 and 1/],
    ['warningFraction 1', patched('warningFraction', 1), 'warningFraction', /between 0 and 1/],
    ['warningFraction as text', patched('warningFraction', '0.5'), 'warningFraction', /between 0 and 1/],
    [
      'supervisor tier below the no-approval tier',
      patched('approval.supervisorUpToFen', 40000),
      'approval.supervisorUpToFen',
      /R-APR-2/,
    ],
    ['a negative amount tier', patched('approval.noApprovalUpToFen', -1), 'approval.noApprovalUpToFen', /integer/],
    [
      'an unknown approval role',
      patched('approval.majorMinimum', 'boss'),
      'approval.majorMinimum',
      /none, team_lead, supervisor, manager/,
    ],
    [
      'urgent cases starting below normal ones',
      patched(
        'escalation.urgentStartTier',
        'handler',
        patched('escalation.normalStartTier', 'team_lead') as PolicyDocument,
      ),
      'escalation.urgentStartTier',
      /R-FLOW-3/,
    ],
    ['an unknown tier', patched('escalation.normalStartTier', 'ceo'), 'escalation.normalStartTier', /handler/],
    ['a bad clock time', patched('calendar.workingHours.start', '25:00'), 'calendar.workingHours.start', /HH:MM/],
    ['a clock time that is not text', patched('calendar.workingHours.end', 1800), 'calendar.workingHours.end', /HH:MM/],
    [
      'working hours that end before they start',
      patched('calendar.workingHours', { start: '18:00', end: '09:00' }),
      'calendar.workingHours',
      /before end/,
    ],
    ['no working weekdays', patched('calendar.workingWeekdays', []), 'calendar.workingWeekdays', /non-empty/],
    [
      'weekdays that are not a list',
      patched('calendar.workingWeekdays', '1-5'),
      'calendar.workingWeekdays',
      /non-empty/,
    ],
    ['weekday 0', patched('calendar.workingWeekdays', [0, 1]), 'calendar.workingWeekdays[0]', /1 to 7/],
    ['a weekday twice', patched('calendar.workingWeekdays', [1, 2, 1]), 'calendar.workingWeekdays[2]', /twice/],
    ['an unknown holiday set', patched('calendar.holidaySet', 'us'), 'calendar.holidaySet', /cn, none/],
    ['an empty calendar id', patched('calendar.id', ' '), 'calendar.id', /non-empty/],
    ['an offset beyond UTC+14', patched('timezone.utcOffsetMinutes', 900), 'timezone.utcOffsetMinutes', /-720 to 840/],
    ['a fractional offset', patched('timezone.utcOffsetMinutes', 480.5), 'timezone.utcOffsetMinutes', /integer/],
    ['an empty name', patched('name.zh', ''), 'name.zh', /non-empty/],
    ['an empty version', patched('version', ''), 'version', /non-empty/],
    ['zero contact retries', patched('contact.minRetries', 0), 'contact.minRetries', /integer/],
    [
      'contact spacing in working time',
      patched('contact.retrySpacing.unit', 'working_hours'),
      'contact.retrySpacing.unit',
      /one of seconds, minutes, hours, days$/,
    ],
    [
      'retries that cannot fit their window',
      patched('contact.retryWindow', { amount: 8, unit: 'hours' }),
      'contact.retryWindow',
      /must fit 3 retries/,
    ],
    [
      'a zero freight multiple',
      patched('compensation.uninsuredFreightMultiple', 0),
      'compensation.uninsuredFreightMultiple',
      /positive/,
    ],
    ['a zero repeat window', patched('repeat.windowDays', 0), 'repeat.windowDays', /integer/],
    ['an unknown top-level key', patched('warnigFraction', 0.5), 'warnigFraction', /not a known key/],
    ['a missing refund deadline (R-CMP-2)', patched('deadlines.refund', undefined), 'deadlines.refund', /required/],
    [
      'a missing progress-notice cadence (R-SLA-10)',
      patched('progressNotice', undefined),
      'progressNotice',
      /required/,
    ],
    ['a progress-notice cadence that is not an object', patched('progressNotice', 24), 'progressNotice', /object/],
    ['a progress-notice section without `every`', patched('progressNotice', {}), 'progressNotice.every', /required/],
    [
      'an unknown key in the progress-notice section',
      patched('progressNotice.after', { amount: 1, unit: 'hours' }),
      'progressNotice.after',
      /not a known key/,
    ],
    [
      'a zero progress-notice cadence',
      patched('progressNotice.every.amount', 0),
      'progressNotice.every.amount',
      /positive/,
    ],
    [
      'R-SLA-9: a progress-notice cadence in working time',
      patched('progressNotice.every.unit', 'working_days'),
      'progressNotice.every.unit',
      /^must be one of seconds, minutes, hours, days: a customer-facing or statutory clock .*\(R-SLA-9\)$/,
    ],
    [
      'R-SLA-9: an urgent reply override in working time',
      patched('deadlines.reply_after_approval.byUrgency.urgent', { amount: 30, unit: 'working_hours' }),
      'deadlines.reply_after_approval.byUrgency.urgent.unit',
      /never stops for the business calendar \(R-SLA-9\)/,
    ],
    [
      'R-SLA-9: a refund override by category in working time',
      patched('deadlines.refund.byCategory', { overcharge: { amount: 1, unit: 'working_days' } }),
      'deadlines.refund.byCategory.overcharge.unit',
      /never stops for the business calendar \(R-SLA-9\)/,
    ],
  ])('rejects %s, naming the path', (_what, doc, path, reason) => {
    const errors = errorsOf(doc);
    expect(errors).toContainEqual({ path, reason: expect.stringMatching(reason) as unknown as string });
  });

  it.each(
    CALENDAR_ONLY_DEADLINE_KINDS.flatMap((kind) => [
      [kind, 'working_hours'],
      [kind, 'working_days'],
    ]),
  )('R-SLA-9: refuses %s in %s — a customer-facing or statutory clock never stops for the calendar', (kind, unit) => {
    expect(errorsOf(patched(`deadlines.${kind}.unit`, unit))).toEqual([
      {
        path: `deadlines.${kind}.unit`,
        reason:
          'must be one of seconds, minutes, hours, days: a customer-facing or statutory clock runs around the clock ' +
          'and never stops for the business calendar (R-SLA-9)',
      },
    ]);
  });

  it('R-SLA-9: the customer-facing and statutory clocks are the first reply, the replies, confirmation, statutory reply and refund', () => {
    expect([...CALENDAR_ONLY_DEADLINE_KINDS].sort()).toEqual([
      'confirmation',
      'first_reply',
      'refund',
      'reply_after_approval',
      'statutory_reply',
    ]);
  });

  it('R-SLA-9: a network whose desk keeps service hours may put an internal clock on the business calendar', () => {
    const internal = DEADLINE_KINDS.filter((kind) => !CALENDAR_ONLY_DEADLINE_KINDS.includes(kind));
    expect(internal).toHaveLength(11);
    for (const kind of internal) {
      for (const unit of ['working_hours', 'working_days']) {
        expect(errorsOf(patched(`deadlines.${kind}.unit`, unit))).toEqual([]);
      }
    }
    const safety = patched('deadlines.investigation_start.byCategory.loss', { amount: 1, unit: 'working_hours' });
    expect(validatePolicy(safety).ok).toBe(true);
  });

  it('a 2026.1 snapshot is a PolicyDocument but not a valid NEW document: it lacks the refund clock and progress notices', () => {
    expect(errorsOf(POLICY_2026_1)).toEqual([
      { path: 'progressNotice', reason: 'is required' },
      { path: 'deadlines.refund', reason: 'is required' },
    ]);
  });

  it('rejects a document that is not an object at the root', () => {
    for (const doc of [null, 42, 'policy', [DEFAULT_POLICY]]) {
      expect(errorsOf(doc)).toEqual([{ path: '$', reason: 'must be an object' }]);
    }
  });

  it('reports every missing key of an empty document and of empty sections', () => {
    expect(errorsOf({}).map((e) => e.path)).toEqual([
      'version',
      'name',
      'timezone',
      'calendar',
      'deadlines',
      'warningFraction',
      'progressNotice',
      'contact',
      'approval',
      'compensation',
      'repeat',
      'escalation',
    ]);
    const empty = {
      version: '1',
      warningFraction: 0.5,
      name: {},
      timezone: {},
      calendar: { workingHours: {} },
      deadlines: { plan: {} },
      contact: {},
      approval: {},
      compensation: {},
      repeat: {},
      escalation: {},
    };
    const paths = errorsOf(empty).map((e) => e.path);
    for (const p of [
      'name.zh',
      'timezone.utcOffsetMinutes',
      'calendar.id',
      'calendar.workingHours.start',
      'calendar.workingHours.end',
      'deadlines.classify',
      'deadlines.plan.amount',
      'deadlines.plan.unit',
      'contact.minRetries',
      'contact.retrySpacing',
      'approval.noApprovalUpToFen',
      'approval.urgentMinimum',
      'compensation.uninsuredFreightMultiple',
      'repeat.windowDays',
      'escalation.normalStartTier',
    ]) {
      expect(paths).toContain(p);
    }
    // Missing keys are reported once, as missing, not also as invalid.
    expect(errorsOf(empty).filter((e) => e.path === 'deadlines.plan.amount')).toEqual([
      { path: 'deadlines.plan.amount', reason: 'is required' },
    ]);
  });

  it('reports sections that are not objects', () => {
    const doc = {
      ...DEFAULT_POLICY,
      name: null,
      timezone: 8,
      calendar: [],
      deadlines: 'all',
      contact: null,
      approval: null,
      compensation: null,
      repeat: null,
      escalation: null,
    };
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toEqual([
      'name',
      'timezone',
      'calendar',
      'deadlines',
      'contact',
      'approval',
      'compensation',
      'repeat',
      'escalation',
    ]);
    expect(errorsOf(patched('calendar.workingHours', '9-6')).map((e) => e.path)).toEqual(['calendar.workingHours']);
  });

  it('never throws, whatever it is given (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (doc) => {
        expect(validatePolicy(doc).ok).toBe(false);
      }),
    );
  });

  it('accepts exactly the warning fractions strictly between 0 and 1 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 2, noNaN: true }), (f) => {
        expect(validatePolicy(patched('warningFraction', f)).ok).toBe(f > 0 && f < 1);
      }),
    );
  });
});
