import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { businessCalendarFor } from '../calendar';
import { DEFAULT_POLICY, FAST_POLICY } from './default-policy';
import { DEADLINE_INFO, isStatutoryDeadline, policyDeadline } from './resolve';
import { DEADLINE_KINDS, type PolicyDocument } from './types';
import { validatePolicy, type PolicyError } from './validate';

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

  it('the fast policy makes every deadline seconds on a 24/7 calendar without holidays, version fast-1', () => {
    expect(FAST_POLICY.version).toBe('fast-1');
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
      // Every hour is a second: the default's hours (9 per working day), minute-scale ones floored at 1 s.
      const def = DEFAULT_POLICY.deadlines[kind];
      const hours = { hours: 1, working_hours: 1, working_days: 9, days: 24, minutes: 1 / 60, seconds: 1 / 3600 }[
        def.unit
      ];
      expect(rule.amount).toBe(Math.max(1, def.amount * hours));
    }
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
    expect(DEFAULT_POLICY.approval).toEqual({
      noApprovalUpToFen: 50000,
      supervisorUpToFen: 200000,
      urgentMinimum: 'supervisor',
      majorMinimum: 'manager',
      appealMinimum: 'supervisor',
    });
    expect(DEFAULT_POLICY.compensation).toEqual({ uninsuredFreightMultiple: 3 });
    expect(DEFAULT_POLICY.repeat).toEqual({ windowDays: 30 });
    expect(DEFAULT_POLICY.escalation).toEqual({ normalStartTier: 'handler', urgentStartTier: 'supervisor' });
    expect(DEFAULT_POLICY.warningFraction).toBe(0.75);
    expect(DEFAULT_POLICY.timezone).toEqual({ utcOffsetMinutes: 480 });
  });
});

describe('policyDeadline', () => {
  it('R-SLA-1: classify is 1 working hour, urgent and major 5 minutes', () => {
    expect(policyDeadline(DEFAULT_POLICY, 'classify')).toEqual({ amount: 1, unit: 'working_hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'classify', { urgency: 'normal' })).toEqual({
      amount: 1,
      unit: 'working_hours',
    });
    expect(policyDeadline(DEFAULT_POLICY, 'classify', { urgency: 'urgent' })).toEqual({ amount: 5, unit: 'minutes' });
    expect(policyDeadline(DEFAULT_POLICY, 'classify', { urgency: 'major' })).toEqual({ amount: 5, unit: 'minutes' });
  });

  it('R-SLA-5: reply after approval is 1 working hour, urgent 30 minutes', () => {
    expect(policyDeadline(DEFAULT_POLICY, 'reply_after_approval', { urgency: 'normal', category: 'delay' })).toEqual({
      amount: 1,
      unit: 'working_hours',
    });
    expect(policyDeadline(DEFAULT_POLICY, 'reply_after_approval', { urgency: 'urgent' })).toEqual({
      amount: 30,
      unit: 'minutes',
    });
  });

  it('R-SLA-6: the first reply is 48 calendar hours; R-SLA-7 archive 2 working hours, analysis 5 working days', () => {
    expect(policyDeadline(DEFAULT_POLICY, 'first_reply')).toEqual({ amount: 48, unit: 'hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'archive')).toEqual({ amount: 2, unit: 'working_hours' });
    expect(policyDeadline(DEFAULT_POLICY, 'analysis')).toEqual({ amount: 5, unit: 'working_days' });
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
      unit: 'working_hours',
    });
    expect(policyDeadline(policy, 'investigation_start', { category: 'overcharge' })).toEqual({
      amount: 1,
      unit: 'working_days',
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
      /none, supervisor, manager/,
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
  ])('rejects %s, naming the path', (_what, doc, path, reason) => {
    const errors = errorsOf(doc);
    expect(errors).toContainEqual({ path, reason: expect.stringMatching(reason) as unknown as string });
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
