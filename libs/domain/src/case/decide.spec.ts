import {
  ADMIN,
  AGENT,
  AUDITOR,
  type CaseRecorder,
  CUSTOMER,
  FINDINGS,
  INVESTIGATOR,
  MANAGER,
  SUPERVISOR,
  SUPERVISOR2,
  SYSTEM,
  T0,
  acceptedCase,
  closedCase,
  handlingCase,
  investigatingCase,
  plannedCase,
  receivedCase,
  resolutionCase,
  reviewCase,
} from '../../../../test/unit/case-builders';
import type { Refused } from '../result';
import type { ActionName, Actor } from '../stages';
import { REMEDY_IDS, type EscalationTier } from '../vocabulary';
import { decideAction, escalationEvents, type ActionDecision, type Decided } from './decide';

function refused(d: ActionDecision): Refused {
  if (d.ok) throw new Error(`expected a refusal, got ${JSON.stringify(d.events)}`);
  return d;
}

function decided(d: ActionDecision): Decided {
  if (!d.ok) throw new Error(`expected the action to be decided, got ${d.code}: ${d.reason}`);
  return d;
}

const staff = (id: string, ...roles: Extract<Actor, { kind: 'staff' }>['roles'][number][]): Actor => ({
  kind: 'staff',
  id,
  roles,
});

/** A case whose tier is `tier` (escalated there by hand, as the events of the workflow would). */
function atTier(r: CaseRecorder, tier: EscalationTier): CaseRecorder {
  return r.emit({ kind: 'system' }, [{ type: 'case.escalated', from: r.state.tier, to: tier, reason: 'manual' }]);
}

describe('who may act, in which stage (checked before the input)', () => {
  it('ROLE.NOT_ALLOWED: an auditor only reads; the customer and the system take no staff action', () => {
    const r = receivedCase();
    expect(refused(r.decide('accept', AUDITOR, {}))).toMatchObject({
      code: 'ROLE.NOT_ALLOWED',
      details: [{ action: 'accept' }],
    });
    expect(refused(acceptedCase().decide('assign', CUSTOMER, { assignee: 'inv-1' })).code).toBe('ROLE.NOT_ALLOWED');
    expect(refused(r.decide('accept', SYSTEM, {})).code).toBe('ROLE.NOT_ALLOWED');
    expect(refused(r.decide('accept', INVESTIGATOR, {})).code).toBe('ROLE.NOT_ALLOWED');
  });

  it('ROLE.NOT_ALLOWED comes before any look at the input', () => {
    expect(refused(receivedCase().decide('accept', AUDITOR, null)).code).toBe('ROLE.NOT_ALLOWED');
  });

  it('ROLE.NOT_ALLOWED: only a supervisor reopens a case closed as inadmissible (R-ADM-1)', () => {
    const r = receivedCase().act('reject-inadmissible', AGENT, { reason: 'settled', note: '已和解并履行' });
    expect(refused(r.decide('reopen', AGENT, { reason: '客户坚持' }))).toMatchObject({
      code: 'ROLE.NOT_ALLOWED',
      details: [{ action: 'reopen', stage: 'closed_inadmissible', roles: ['supervisor'] }],
    });
    expect(decided(r.decide('reopen', SUPERVISOR, { reason: '调解意见被撤销' })).events).toEqual([
      { type: 'case.reopened', reason: '调解意见被撤销' },
    ]);
  });

  it('RULE.R-FLOW-4: the employee the complaint is about takes no part in it, whatever the action', () => {
    const r = receivedCase({ intake: { category: 'service_attitude', subjectEmployeeId: 'agent-1' } });
    expect(refused(r.decide('accept', AGENT, {})).code).toBe('RULE.R-FLOW-4');
    expect(refused(r.decide('pause-sla', AGENT, { reason: '等待' })).code).toBe('RULE.R-FLOW-4');
  });

  it('RULE.R-FLOW-4: nor may the case be handed to them', () => {
    const r = acceptedCase({ intake: { subjectEmployeeId: 'courier-9' } });
    expect(refused(r.decide('assign', SUPERVISOR, { assignee: 'courier-9' }))).toMatchObject({
      code: 'RULE.R-FLOW-4',
      details: [{ personId: 'courier-9' }],
    });
    expect(decided(r.decide('assign', SUPERVISOR, { assignee: 'inv-1' })).ok).toBe(true);
  });

  it('STAGE.NOT_ALLOWED: an action outside its stage is refused, even with a bad body', () => {
    expect(refused(investigatingCase().decide('accept', AGENT, {}))).toMatchObject({
      code: 'STAGE.NOT_ALLOWED',
      details: [{ action: 'accept', stage: 'investigation' }],
    });
    expect(refused(handlingCase().decide('survey', CUSTOMER, 'not a survey')).code).toBe('STAGE.NOT_ALLOWED');
    expect(refused(closedCase().decide('escalate', AGENT, { reason: 'x' })).code).toBe('STAGE.NOT_ALLOWED');
  });

  it('STAGE.NOT_CLASSIFIED: a case is accepted (classified) before it is assigned', () => {
    expect(refused(receivedCase().decide('assign', AGENT, { assignee: 'inv-1' })).code).toBe('STAGE.NOT_CLASSIFIED');
  });
});

describe('INPUT.INVALID: the workflow checks every input again (it never trusts its caller)', () => {
  it.each([null, [], 'accept', 42])('a body that is not an object (%p) is refused', (body) => {
    expect(refused(receivedCase().decide('accept', AGENT, body))).toEqual({
      ok: false,
      code: 'INPUT.INVALID',
      reason: '(body): must be an object',
      details: [{ field: '(body)', reason: 'must be an object' }],
    });
  });

  it('every problem is listed, each with its field', () => {
    const d = refused(receivedCase().decide('accept', AGENT, { category: 'lost', urgency: 'critical' }));
    expect(d.code).toBe('INPUT.INVALID');
    const URGENCY = 'must be one of the following values: normal, urgent, major';
    expect(d.details).toEqual([
      {
        field: 'category',
        reason: expect.stringContaining('must be one of the following values: delay, service_attitude'),
      },
      { field: 'urgency', reason: URGENCY },
    ]);
    expect(d.reason).toBe(`category: ${(d.details![0] as { reason: string }).reason}; urgency: ${URGENCY}`);
  });

  const long = (n: number) => 'x'.repeat(n);
  const ONE_OF = 'must be one of the following values';
  const REQUIRED = 'is required';
  const STRING = 'must be a string';
  const BLANK = 'must not be blank';
  const BOOLEAN = 'must be a boolean value';
  const INTEGER = 'must be an integer number';
  const UNKNOWN = 'is not an allowed property';
  const atMost = (n: number) => `must be shorter than or equal to ${n} characters`;
  const EVIDENCE = 'at least one item of evidence (R-INV-2)';
  const findings = (patch: Record<string, unknown>) => ({ ...FINDINGS, ...patch });
  const plan = (patch: Record<string, unknown>) => ({ remedies: ['apology'], compensationFen: 0, ...patch });
  const scores = { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 };
  const item = { kind: 'cctv', ref: 'CAM-3' };

  /** Per action: a case where it is allowed, who takes it, and rows of [what is wrong, input, field, reason]. */
  const TABLE: [ActionName, () => CaseRecorder, Actor, [string, unknown, string, string][]][] = [
    [
      'accept',
      () => receivedCase(),
      AGENT,
      [
        ['a category outside the vocabulary (R-CAT-1)', { category: 'lost' }, 'category', ONE_OF],
        ['an unknown urgency (R-CAT-4)', { urgency: 'critical' }, 'urgency', ONE_OF],
        ['a category given as null', { category: null }, 'category', 'must not be null'],
        ['a note that is not text', { note: 42 }, 'note', STRING],
        ['a blank note', { note: ' \n' }, 'note', BLANK],
        ['a note over 2000 characters', { note: long(2001) }, 'note', atMost(2000)],
        ['a note over 2000 characters (code points)', { note: '😀'.repeat(2001) }, 'note', atMost(2000)],
        ['a field no action has', { stage: 'closed' }, 'stage', UNKNOWN],
        ['a name Object.prototype carries', { toString: 'x' }, 'toString', UNKNOWN],
      ],
    ],
    [
      'resolve-on-the-spot',
      () => receivedCase(),
      AGENT,
      [
        ['no explanation (R-FLOW-2)', {}, 'explanation', REQUIRED],
        ['a blank explanation', { explanation: '  ' }, 'explanation', BLANK],
      ],
    ],
    [
      'assign',
      () => acceptedCase(),
      AGENT,
      [
        ['no assignee', {}, 'assignee', REQUIRED],
        ['an assignee id over 128 characters', { assignee: long(129) }, 'assignee', 'must be a user id'],
        ['an assignee that is no user id', { assignee: 'inv 1' }, 'assignee', 'must be a user id'],
        ['a department that is not text', { assignee: 'inv-1', department: 7 }, 'department', STRING],
        ['a department over 64 characters', { assignee: 'inv-1', department: long(65) }, 'department', atMost(64)],
      ],
    ],
    [
      'record-findings',
      () => investigatingCase(),
      INVESTIGATOR,
      [
        ['findings without a summary', findings({ summary: undefined }), 'summary', REQUIRED],
        ['a summary over 4000 characters', findings({ summary: long(4001) }), 'summary', atMost(4000)],
        ['an unknown root cause (R-INV-4)', findings({ rootCause: 'bad_luck' }), 'rootCause', ONE_OF],
        ['liability that is not true or false', findings({ companyLiable: 'yes' }), 'companyLiable', BOOLEAN],
        ['a fault outlet that is no outlet code', findings({ faultOutlet: long(33) }), 'faultOutlet', 'outlet code'],
        ['a negative loss', findings({ actualLossFen: -1 }), 'actualLossFen', 'must not be less than 0'],
        ['a loss in fractions of a fen', findings({ actualLossFen: 1.5 }), 'actualLossFen', INTEGER],
        ['a loss given as text', findings({ actualLossFen: '100' }), 'actualLossFen', INTEGER],
        [
          'a loss beyond 10 million CNY',
          findings({ actualLossFen: 1e9 + 1 }),
          'actualLossFen',
          'greater than 1000000000',
        ],
        [
          'a loss beyond safe integers',
          findings({ actualLossFen: 2 ** 53 }),
          'actualLossFen',
          'must be a safe integer',
        ],
        ['findings without evidence (R-INV-2)', findings({ evidence: undefined }), 'evidence', REQUIRED],
        ['an empty evidence list (R-INV-2)', findings({ evidence: [] }), 'evidence', EVIDENCE],
        ['evidence that is no list', findings({ evidence: 'SCAN-1' }), 'evidence', 'must be an array'],
        [
          'evidence that is not a list of items',
          findings({ evidence: ['SCAN-1'] }),
          'evidence',
          'each value must be an object',
        ],
        [
          'more than 50 items of evidence',
          findings({ evidence: Array(51).fill(item) }),
          'evidence',
          'no more than 50 elements',
        ],
        ['evidence without a kind', findings({ evidence: [{ ref: 'SCAN-1' }] }), 'evidence[0].kind', REQUIRED],
        ['evidence with an empty kind', findings({ evidence: [{ kind: '', ref: 'S-1' }] }), 'evidence[0].kind', BLANK],
        [
          'evidence whose ref is not text',
          findings({ evidence: [{ kind: 'cctv', ref: 3 }] }),
          'evidence[0].ref',
          STRING,
        ],
        [
          'evidence with a blank ref',
          findings({ evidence: [item, { kind: 'cctv', ref: ' ' }] }),
          'evidence[1].ref',
          BLANK,
        ],
        [
          'evidence with a field of its own',
          findings({ evidence: [{ ...item, secret: 1 }] }),
          'evidence[0].secret',
          UNKNOWN,
        ],
        [
          'parties heard that are no list (R-INV-3)',
          findings({ partiesHeard: 'complainant' }),
          'partiesHeard',
          'must be an array',
        ],
        [
          'a blank party heard (R-INV-3)',
          findings({ partiesHeard: ['complainant', ''] }),
          'partiesHeard',
          `each value ${BLANK}`,
        ],
        ['a party heard that is not text', findings({ partiesHeard: [3] }), 'partiesHeard', `each value ${STRING}`],
      ],
    ],
    [
      'propose-plan',
      () => handlingCase(),
      INVESTIGATOR,
      [
        ['a plan without remedies (R-HDL-1)', plan({ remedies: undefined }), 'remedies', REQUIRED],
        ['an empty list of remedies', plan({ remedies: [] }), 'remedies', 'must contain at least 1 elements'],
        ['a remedy outside R-CMP-5', plan({ remedies: ['apology', 'voucher'] }), 'remedies', `each value ${ONE_OF}`],
        ['a remedy that is not text', plan({ remedies: [1] }), 'remedies', `each value ${ONE_OF}`],
        ['a remedy named like a prototype property', plan({ remedies: ['toString'] }), 'remedies', ONE_OF],
        ['a remedy given twice', plan({ remedies: ['apology', 'apology'] }), 'remedies', 'all elements must be unique'],
        [
          'more remedies than there are',
          plan({ remedies: [...REMEDY_IDS, 'apology'] }),
          'remedies',
          `no more than ${REMEDY_IDS.length}`,
        ],
        ['a plan without an amount', plan({ compensationFen: undefined }), 'compensationFen', REQUIRED],
        ['a negative amount', plan({ compensationFen: -100 }), 'compensationFen', 'must not be less than 0'],
        ['an amount in fractions of a fen', plan({ compensationFen: 12.5 }), 'compensationFen', INTEGER],
        ['a floor-offer flag that is not true or false', plan({ floorOffer: 'yes' }), 'floorOffer', BOOLEAN],
        ['a note that is not text', plan({ note: 5 }), 'note', STRING],
      ],
    ],
    [
      'decide-approval',
      () => plannedCase({}, { compensationFen: 100_000 }),
      SUPERVISOR,
      [
        ['an approval without a decision', {}, 'approve', REQUIRED],
        ['a comment that is not text', { approve: true, comment: 5 }, 'comment', STRING],
      ],
    ],
    [
      'contact-attempt',
      () => acceptedCase(),
      AGENT,
      [
        ['an attempt without its outcome', { channel: 'phone' }, 'reached', REQUIRED],
        ['a channel outside R-CON-2', { reached: true, channel: 'pigeon' }, 'channel', ONE_OF],
        ['an attempt without a channel', { reached: true }, 'channel', REQUIRED],
        ['a note that is not text', { reached: true, channel: 'sms', note: 1 }, 'note', STRING],
      ],
    ],
    [
      'customer-response',
      () => plannedCase(),
      AGENT,
      [
        ['an answer that is not true or false', { accepted: 'yes' }, 'accepted', BOOLEAN],
        ['a comment that is not text', { accepted: true, comment: {} }, 'comment', STRING],
      ],
    ],
    [
      'execute-plan',
      () => plannedCase(),
      AGENT,
      [
        ['a payment reference over 128 characters', { paymentRef: long(129) }, 'paymentRef', atMost(128)],
        ['a note over 2000 characters', { note: long(2001) }, 'note', atMost(2000)],
      ],
    ],
    [
      'regulator-reply',
      () => investigatingCase({ intake: { channel: 'regulator' } }),
      AGENT,
      [
        ['a reply without text', {}, 'text', REQUIRED],
        ['a reply over 10 000 characters', { text: long(10_001) }, 'text', atMost(10_000)],
      ],
    ],
    [
      'survey',
      () => reviewCase(),
      CUSTOMER,
      [
        ['a score out of range (R-REV-1)', { ...scores, speed: 6 }, 'speed', 'must be an integer from 1 to 5'],
        ['a missing dimension (R-REV-1)', { ...scores, transparency: undefined }, 'transparency', 'is required'],
        ['a suggestion that is not text', { ...scores, suggestion: 5 }, 'suggestion', 'must be a string'],
        ['a field the survey does not have', { ...scores, mood: 'ok' }, 'mood', UNKNOWN],
      ],
    ],
    ['pause-sla', () => acceptedCase(), AGENT, [['no reason', {}, 'reason', REQUIRED]]],
    ['resume-sla', () => acceptedCase(), AGENT, [['a blank reason', { reason: ' ' }, 'reason', BLANK]]],
    ['escalate', () => acceptedCase(), AGENT, [['an empty reason', { reason: '' }, 'reason', BLANK]]],
    ['reopen', () => closedCase(), SUPERVISOR, [['no reason', {}, 'reason', REQUIRED]]],
  ];

  describe.each(TABLE)('%s', (action, build, actor, rows) => {
    it.each(rows)('refuses %s', (_what, input, field, why) => {
      const d = refused(build().decide(action, actor, input));
      expect(d.code).toBe('INPUT.INVALID');
      expect(d.details).toEqual([{ field, reason: expect.stringContaining(why) }]);
      expect(d.reason).toContain(`${field}: `);
    });
  });
});

describe('accept', () => {
  it('R-ACC-3: the first acceptance classifies the case and acknowledges it to the customer on their channel', () => {
    const d = decided(receivedCase({ intake: { preferredChannel: 'sms' } }).decide('accept', AGENT, {}));
    expect(d.actor).toEqual({ kind: 'staff', id: 'agent-1', role: 'agent' });
    expect(d.events).toEqual([
      { type: 'case.classified', category: 'delay', urgency: 'normal', tier: 'handler' },
      {
        type: 'notification.requested',
        notification: { kind: 'acknowledgement', audience: 'customer', channel: 'sms' },
        about: 'R-ACC-3',
      },
    ]);
  });

  it('R-CAT-1: the agent may reclassify the category and urgency and note why', () => {
    const d = decided(
      receivedCase().decide('accept', AGENT, { category: 'loss', urgency: 'normal', note: '客户称快件丢失' }),
    );
    expect(d.events[0]).toEqual({
      type: 'case.classified',
      category: 'loss',
      urgency: 'normal',
      tier: 'handler',
      note: '客户称快件丢失',
    });
  });

  it('R-FLOW-3: an urgent complaint goes to a supervisor at once, and the supervisors are told', () => {
    const d = decided(receivedCase().decide('accept', AGENT, { urgency: 'urgent' }));
    expect(d.events).toEqual([
      { type: 'case.classified', category: 'delay', urgency: 'urgent', tier: 'supervisor' },
      expect.objectContaining({ notification: expect.objectContaining({ kind: 'acknowledgement' }) }),
      {
        type: 'notification.requested',
        notification: { kind: 'escalation', audience: 'role:supervisor', channel: 'inbox' },
        about: 'urgent',
      },
    ]);
  });

  it('R-CAT-4: a repeat complaint classified as major goes one tier above the supervisor, to a manager', () => {
    const r = receivedCase({ intake: { isRepeat: true } });
    expect(r.state.tier).toBe('team_lead');
    const d = decided(r.decide('accept', AGENT, { urgency: 'major' }));
    expect(d.events[0]).toMatchObject({ tier: 'manager' });
    expect(d.events[2]).toMatchObject({ notification: { audience: 'role:manager' } });
  });

  it('R-FLOW-3: reclassifying never lowers the tier, and the customer is acknowledged only once', () => {
    const r = receivedCase().act('accept', AGENT, { urgency: 'urgent' });
    const d = decided(r.decide('accept', AGENT, { urgency: 'normal' }));
    expect(d.events).toEqual([{ type: 'case.classified', category: 'delay', urgency: 'normal', tier: 'supervisor' }]);
  });

  it('an administrator may act for the agent and is recorded as the administrator', () => {
    expect(decided(receivedCase().decide('accept', ADMIN, {})).actor).toEqual({
      kind: 'staff',
      id: 'adm-1',
      role: 'admin',
    });
    const both = staff('u-9', 'auditor', 'agent');
    expect(decided(receivedCase().decide('accept', both, {})).actor).toEqual({
      kind: 'staff',
      id: 'u-9',
      role: 'agent',
    });
  });
});

describe('closing at acceptance', () => {
  it('R-ADM-1: an inadmissible complaint is closed with its reason and note', () => {
    const d = decided(
      receivedCase().decide('reject-inadmissible', SUPERVISOR, { reason: 'regulator_mediated', note: '调解意见书' }),
    );
    expect(d.actor).toEqual({ kind: 'staff', id: 'sup-1', role: 'supervisor' });
    expect(d.events).toEqual([{ type: 'case.closed_inadmissible', reason: 'regulator_mediated', note: '调解意见书' }]);
  });

  it('RULE.R-ADM-1: a reason outside the rule, or no note, is refused with every problem listed', () => {
    const r = receivedCase();
    expect(refused(r.decide('reject-inadmissible', AGENT, { reason: 'bored', note: '客户很烦' }))).toMatchObject({
      code: 'RULE.R-ADM-1',
      details: [{ field: 'reason' }],
    });
    expect(refused(r.decide('reject-inadmissible', AGENT, { reason: 'settled', note: '  ' })).details).toEqual([
      { field: 'note', problem: 'a non-blank note is required' },
    ]);
    expect(refused(r.decide('reject-inadmissible', AGENT, {})).details).toHaveLength(2);
    expect(refused(r.decide('reject-inadmissible', AGENT, 'settled')).code).toBe('INPUT.INVALID');
  });

  it('R-FLOW-2: a complaint solved on the spot is recorded with the explanation given', () => {
    const d = decided(receivedCase().decide('resolve-on-the-spot', AGENT, { explanation: '现场已补派' }));
    expect(d.events).toEqual([{ type: 'case.resolved_on_the_spot', explanation: '现场已补派' }]);
  });
});

describe('assign', () => {
  it('R-FLOW-1: ownership moves only by an explicit hand-over, which names the previous owner', () => {
    const d = decided(acceptedCase().decide('assign', AGENT, { assignee: 'inv-1', department: 'BJ-ops' }));
    expect(d.events).toEqual([
      { type: 'case.assigned', assignee: 'inv-1', department: 'BJ-ops', previousOwner: 'agent-1' },
    ]);
    const again = decided(investigatingCase().decide('assign', SUPERVISOR, { assignee: 'inv-2' }));
    expect(again.events).toEqual([{ type: 'case.assigned', assignee: 'inv-2', previousOwner: 'inv-1' }]);
  });
});

describe('record-findings', () => {
  it('R-INV-3: the findings keep the evidence (kind and ref) and every party heard', () => {
    const d = decided(
      investigatingCase().decide('record-findings', INVESTIGATOR, {
        ...FINDINGS,
        evidence: [{ kind: 'cctv', ref: 'CAM-3' }],
      }),
    );
    expect(d.actor).toEqual({ kind: 'staff', id: 'inv-1', role: 'investigator' });
    expect(d.events).toEqual([
      {
        type: 'findings.recorded',
        findings: {
          summary: FINDINGS.summary,
          rootCause: 'handoff',
          companyLiable: true,
          evidence: [{ kind: 'cctv', ref: 'CAM-3' }],
          partiesHeard: ['complainant', 'BJ-007 courier'],
        },
        liability: { external: 'BJ-007', internal: 'BJ-007', companyLiable: true, ruleId: 'R-LIA-1' },
        suggestedCompensationFen: 0,
      },
    ]);
  });

  it('R-INV-3: findings naming no party heard record an empty list', () => {
    const { partiesHeard: _omitted, ...rest } = FINDINGS;
    const d = decided(investigatingCase().decide('record-findings', INVESTIGATOR, rest));
    expect(d.events[0]).toMatchObject({ findings: { partiesHeard: [] } });
  });

  it('R-LIA-10: when the company is not at fault no outlet bears it internally and nothing is suggested', () => {
    const d = decided(
      investigatingCase().decide('record-findings', INVESTIGATOR, { ...FINDINGS, companyLiable: false }),
    );
    expect(d.events[0]).toMatchObject({
      liability: { external: 'BJ-007', internal: null, companyLiable: false, ruleId: 'R-LIA-1' },
      suggestedCompensationFen: 0,
    });
  });

  it('R-LIA-9: an appeal because the customer could not reach the origin outlet makes the origin answer externally', () => {
    const r = investigatingCase({
      intake: { channel: 'regulator', priorContact: { outlet: 'origin', handledByRules: false } },
    });
    const d = decided(r.decide('record-findings', INVESTIGATOR, FINDINGS));
    expect(d.events[0]).toMatchObject({
      liability: { external: 'SH-001', internal: 'BJ-007', ruleId: 'R-LIA-9' },
    });
  });

  it('R-LIA-2: the same prior contact outside an appeal is the delay rule for an origin that did not handle it', () => {
    const r = investigatingCase({ intake: { priorContact: { outlet: 'origin', handledByRules: false } } });
    const d = decided(r.decide('record-findings', INVESTIGATOR, FINDINGS));
    expect(d.events[0]).toMatchObject({ liability: { external: 'SH-001', ruleId: 'R-LIA-2' } });
  });

  it('R-LIA-5: an origin outlet that was told of a wrong signature and did nothing is answerable too', () => {
    const r = investigatingCase({
      intake: { category: 'non_recipient_signature', priorContact: { outlet: 'origin', handledByRules: false } },
    });
    const d = decided(r.decide('record-findings', INVESTIGATOR, FINDINGS));
    expect(d.events[0]).toMatchObject({
      liability: { external: 'BJ-007', internal: 'BJ-007', ruleId: 'R-LIA-5', alsoAnswerable: ['SH-001'] },
    });
  });

  it('R-LIA-4, R-CMP-1: an uninsured loss is suggested at the claim, capped at three times the freight', () => {
    const r = investigatingCase({ intake: { category: 'loss', claimedFen: 100_000 } });
    const d = decided(r.decide('record-findings', INVESTIGATOR, { ...FINDINGS, faultOutlet: 'BJ-007' }));
    expect(d.events[0]).toMatchObject({
      findings: { faultOutlet: 'BJ-007' },
      liability: { external: 'SH-001', internal: 'BJ-007', ruleId: 'R-LIA-4' },
      suggestedCompensationFen: 5_400,
    });
  });

  it('R-CMP-5: the loss the investigation established replaces the claim', () => {
    const r = investigatingCase({ intake: { category: 'loss', claimedFen: 100_000 } });
    const d = decided(r.decide('record-findings', INVESTIGATOR, { ...FINDINGS, actualLossFen: 3_000 }));
    expect(d.events[0]).toMatchObject({ findings: { actualLossFen: 3_000 }, suggestedCompensationFen: 3_000 });
  });
});

describe('propose-plan', () => {
  it('R-APR-1: a small plan needs no approval and goes straight to the customer', () => {
    const d = decided(
      handlingCase().decide('propose-plan', INVESTIGATOR, {
        remedies: ['apology', 'compensation'],
        compensationFen: 2_000,
        note: '内部协商结果',
      }),
    );
    expect(d.events).toEqual([
      {
        type: 'plan.proposed',
        plan: {
          remedies: ['apology', 'compensation'],
          compensationFen: 2_000,
          floorOffer: false,
          note: '内部协商结果',
        },
        requiredApproval: 'none',
        proposedBy: 'inv-1',
      },
    ]);
  });

  it.each<[string, () => CaseRecorder, number, boolean, 'supervisor' | 'manager']>([
    ['above 500 CNY needs a supervisor', () => handlingCase(), 50_001, false, 'supervisor'],
    ['above 2 000 CNY needs a manager', () => handlingCase(), 200_001, false, 'manager'],
    ['a floor offer needs at least a supervisor', () => handlingCase(), 0, true, 'supervisor'],
    [
      'a regulator appeal needs at least a supervisor',
      () => handlingCase({ intake: { channel: 'regulator' } }),
      0,
      false,
      'supervisor',
    ],
    ['a major case needs a manager', () => handlingCase({ intake: { urgency: 'major' } }), 0, false, 'manager'],
  ])('R-APR-2: %s, who is told (R-APR-1)', (_what, build, compensationFen, floorOffer, tier) => {
    const d = decided(
      build().decide('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen, floorOffer }),
    );
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'plan.proposed',
        requiredApproval: tier,
        plan: expect.objectContaining({ floorOffer }),
      }),
      {
        type: 'notification.requested',
        notification: { kind: 'approval_needed', audience: `role:${tier}`, channel: 'inbox' },
        about: 'R-APR-1',
      },
    ]);
  });

  it('the proposer is the staff member, recorded in the first role of theirs the action allows', () => {
    const d = decided(
      handlingCase().decide('propose-plan', staff('u-7', 'agent', 'investigator'), {
        remedies: ['apology'],
        compensationFen: 0,
      }),
    );
    expect(d.actor).toEqual({ kind: 'staff', id: 'u-7', role: 'agent' });
    expect(d.events[0]).toMatchObject({ proposedBy: 'u-7' });
  });

  it('RULE.R-CMP-4: a proposal above the standing floor offer is refused; one at the floor is not', () => {
    const r = handlingCase()
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 40_000, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: true });
    expect(
      refused(r.decide('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 45_000 })),
    ).toMatchObject({
      code: 'RULE.R-CMP-4',
      details: [{ proposedFen: 45_000, floorOfferFen: 40_000 }],
    });
    expect(
      decided(r.decide('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 40_000 })).ok,
    ).toBe(true);
  });

  it('RULE.R-CMP-4: a floor offer standing from an earlier case on the same matter binds the new appeal', () => {
    const r = handlingCase({ intake: { channel: 'regulator', priorFloorOfferFen: 20_000 } });
    expect(
      refused(r.decide('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 20_001 })).code,
    ).toBe('RULE.R-CMP-4');
  });
});

describe('decide-approval', () => {
  it('R-APR-1: a supervisor approves a supervisor-tier plan; the record shows who and what', () => {
    const r = plannedCase({}, { compensationFen: 100_000 });
    const d = decided(r.decide('decide-approval', SUPERVISOR, { approve: true, comment: '同意' }));
    expect(d.actor).toEqual({ kind: 'staff', id: 'sup-1', role: 'supervisor' });
    expect(d.events).toEqual([
      { type: 'approval.decided', approve: true, comment: '同意', approverId: 'sup-1', role: 'supervisor' },
    ]);
  });

  it('R-APR-2: a manager may approve what a supervisor may, and approves as manager', () => {
    const r = plannedCase({}, { compensationFen: 100_000 });
    const d = decided(r.decide('decide-approval', staff('mgr-3', 'supervisor', 'manager'), { approve: false }));
    expect(d.actor).toEqual({ kind: 'staff', id: 'mgr-3', role: 'manager' });
    expect(d.events).toEqual([{ type: 'approval.decided', approve: false, approverId: 'mgr-3', role: 'manager' }]);
  });

  it('RULE.R-APR-2: no one approves their own proposal', () => {
    const proposer = staff('mgr-2', 'agent', 'manager');
    const r = handlingCase().act('propose-plan', proposer, { remedies: ['compensation'], compensationFen: 300_000 });
    expect(refused(r.decide('decide-approval', proposer, { approve: true })).code).toBe('RULE.R-APR-2');
    expect(decided(r.decide('decide-approval', MANAGER, { approve: true })).ok).toBe(true);
  });

  it('RULE.R-APR-2: a supervisor may not approve a plan that needs a manager, nor an administrator any plan', () => {
    const r = plannedCase({}, { compensationFen: 300_000 });
    expect(refused(r.decide('decide-approval', SUPERVISOR, { approve: true }))).toMatchObject({
      code: 'RULE.R-APR-2',
      details: [{ required: 'manager', approverTier: 'supervisor' }],
    });
    expect(refused(r.decide('decide-approval', ADMIN, { approve: true })).code).toBe('RULE.R-APR-2');
  });

  it('APPROVAL.NOT_PENDING: with no plan, a plan needing no approval, or one already decided', () => {
    expect(refused(handlingCase().decide('decide-approval', SUPERVISOR, { approve: true })).code).toBe(
      'APPROVAL.NOT_PENDING',
    );
    expect(refused(plannedCase().decide('decide-approval', SUPERVISOR, { approve: true })).code).toBe(
      'APPROVAL.NOT_PENDING',
    );
    const approved = plannedCase({}, { compensationFen: 100_000 }).act('decide-approval', SUPERVISOR, {
      approve: true,
    });
    expect(refused(approved.decide('decide-approval', SUPERVISOR2, { approve: false })).code).toBe(
      'APPROVAL.NOT_PENDING',
    );
    const rejected = plannedCase({}, { compensationFen: 100_000 }).act('decide-approval', SUPERVISOR, {
      approve: false,
    });
    expect(refused(rejected.decide('decide-approval', SUPERVISOR2, { approve: true })).code).toBe(
      'APPROVAL.NOT_PENDING',
    );
  });
});

describe('contact-attempt', () => {
  it('R-CON-1: reaching the customer is recorded as it is', () => {
    const d = decided(
      acceptedCase().decide('contact-attempt', AGENT, { reached: true, channel: 'phone', note: '已解释' }),
    );
    expect(d.events).toEqual([
      { type: 'contact.attempted', reached: true, channel: 'phone', note: '已解释', automatic: false },
    ]);
  });

  it('R-CON-1: the first failure sends the SMS saying we could not reach the customer', () => {
    const d = decided(acceptedCase().decide('contact-attempt', AGENT, { reached: false, channel: 'phone' }));
    expect(d.events).toEqual([
      { type: 'contact.attempted', reached: false, channel: 'phone', automatic: false },
      {
        type: 'contact.attempted',
        reached: false,
        channel: 'sms',
        note: 'R-CON-1 unreachable notice',
        automatic: true,
      },
      {
        type: 'notification.requested',
        notification: { kind: 'unreachable_sms', audience: 'customer', channel: 'sms' },
        about: 'R-CON-1',
      },
    ]);
  });

  it('R-CON-1: the SMS goes once per round: not on a retry, not when the failed attempt was itself an SMS', () => {
    const r = acceptedCase().act('contact-attempt', AGENT, { reached: false, channel: 'phone' }).wait(3_000_000);
    expect(decided(r.decide('contact-attempt', AGENT, { reached: false, channel: 'phone' })).events).toHaveLength(1);
    const bySms = decided(acceptedCase().decide('contact-attempt', AGENT, { reached: false, channel: 'sms' }));
    expect(bySms.events).toEqual([{ type: 'contact.attempted', reached: false, channel: 'sms', automatic: false }]);
  });

  it('R-CON-1: once the customer was reached, a later failure starts a new round with its own SMS', () => {
    const r = acceptedCase()
      .act('contact-attempt', AGENT, { reached: false, channel: 'phone' })
      .wait(1_000)
      .act('contact-attempt', AGENT, { reached: true, channel: 'phone' })
      .wait(1_000);
    expect(decided(r.decide('contact-attempt', AGENT, { reached: false, channel: 'phone' })).events).toHaveLength(3);
  });
});

describe('customer-response', () => {
  it('R-HDL-2: the agent records the customer answering a proposal', () => {
    const d = decided(plannedCase().decide('customer-response', AGENT, { accepted: true }));
    expect(d.actor).toEqual({ kind: 'staff', id: 'agent-1', role: 'agent' });
    expect(d.events).toEqual([{ type: 'customer.responded', accepted: true, via: 'agent' }]);
  });

  it('R-RES-2: the customer confirms through the signed link, in their own words', () => {
    const d = decided(resolutionCase().decide('customer-response', CUSTOMER, { accepted: false, comment: '仍不满意' }));
    expect(d.actor).toEqual({ kind: 'customer' });
    expect(d.events).toEqual([{ type: 'customer.responded', accepted: false, comment: '仍不满意', via: 'customer' }]);
  });

  it('PLAN.NONE: in handling there must be a proposal to answer', () => {
    expect(refused(handlingCase().decide('customer-response', CUSTOMER, { accepted: true })).code).toBe('PLAN.NONE');
  });

  it('PLAN.NOT_APPROVED: a plan waiting for approval, or rejected, is not put to the customer (R-APR-1)', () => {
    const pending = plannedCase({}, { compensationFen: 100_000 });
    expect(refused(pending.decide('customer-response', AGENT, { accepted: true })).code).toBe('PLAN.NOT_APPROVED');
    pending.act('decide-approval', SUPERVISOR, { approve: false });
    expect(refused(pending.decide('customer-response', AGENT, { accepted: true })).code).toBe('PLAN.NOT_APPROVED');
  });

  it('PLAN.ALREADY_ANSWERED: the customer answers a proposal once', () => {
    const r = plannedCase().act('customer-response', AGENT, { accepted: false });
    expect(refused(r.decide('customer-response', CUSTOMER, { accepted: true })).code).toBe('PLAN.ALREADY_ANSWERED');
  });
});

describe('execute-plan', () => {
  it('R-RES-1: carrying out an agreed plan sends the result notice on the customer’s channel', () => {
    const r = plannedCase({ intake: { preferredChannel: 'email' } }).act('customer-response', AGENT, {
      accepted: true,
    });
    const d = decided(r.decide('execute-plan', AGENT, { paymentRef: 'PAY-1', note: '已打款' }));
    expect(d.events).toEqual([
      { type: 'plan.executed', paymentRef: 'PAY-1', note: '已打款' },
      {
        type: 'notification.requested',
        notification: { kind: 'result_notice', audience: 'customer', channel: 'email' },
        about: 'R-RES-1',
      },
    ]);
    expect(decided(r.decide('execute-plan', INVESTIGATOR, {})).events[0]).toEqual({ type: 'plan.executed' });
  });

  it('R-CMP-4: a floor offer is carried out even though the customer did not agree', () => {
    const r = handlingCase()
      .act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 10_000, floorOffer: true })
      .act('decide-approval', SUPERVISOR, { approve: true })
      .act('customer-response', AGENT, { accepted: false });
    expect(decided(r.decide('execute-plan', AGENT, {})).events[0]).toEqual({ type: 'plan.executed' });
  });

  it('PLAN.NONE: there must be a plan to carry out', () => {
    expect(refused(handlingCase().decide('execute-plan', AGENT, {})).code).toBe('PLAN.NONE');
  });

  it('PLAN.NOT_APPROVED: a plan is carried out only after its approval (R-APR-1)', () => {
    const r = plannedCase({}, { compensationFen: 100_000 });
    expect(refused(r.decide('execute-plan', AGENT, {})).code).toBe('PLAN.NOT_APPROVED');
    r.act('decide-approval', SUPERVISOR, { approve: false });
    expect(refused(r.decide('execute-plan', AGENT, {})).code).toBe('PLAN.NOT_APPROVED');
  });

  it('PLAN.NOT_AGREED: a plan the customer has not agreed to, and no floor offer, is not carried out', () => {
    expect(refused(plannedCase().decide('execute-plan', AGENT, {})).code).toBe('PLAN.NOT_AGREED');
    const declined = plannedCase().act('customer-response', AGENT, { accepted: false });
    expect(refused(declined.decide('execute-plan', AGENT, {})).code).toBe('PLAN.NOT_AGREED');
  });
});

describe('regulator-reply', () => {
  const ADMISSION = '我司已道歉并已退运费。';
  const TRUTHFUL = '经核实,快件已按时派送。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。';

  it('CASE.NOT_AN_APPEAL: only a regulator appeal gets a reply to the regulator', () => {
    expect(refused(investigatingCase().decide('regulator-reply', AGENT, { text: TRUTHFUL })).code).toBe(
      'CASE.NOT_AN_APPEAL',
    );
  });

  it('RULE.R-REG-2: before any finding of fault, a reply that admits fault is refused, naming the phrases', () => {
    const r = investigatingCase({ intake: { channel: 'regulator' } });
    const d = refused(r.decide('regulator-reply', AGENT, { text: ADMISSION }));
    expect(d.code).toBe('RULE.R-REG-2');
    expect(d.reason).toContain('已道歉');
    expect(JSON.stringify(d.details)).toContain('已退运费');
  });

  it('RULE.R-REG-2: when the company is found not at fault, the truthful reply goes and the admission does not', () => {
    const r = handlingCase({ intake: { channel: 'regulator' } }, { ...FINDINGS, companyLiable: false });
    expect(refused(r.decide('regulator-reply', SUPERVISOR, { text: ADMISSION })).code).toBe('RULE.R-REG-2');
    expect(decided(r.decide('regulator-reply', SUPERVISOR, { text: TRUTHFUL })).events).toEqual([
      { type: 'regulator.replied', text: TRUTHFUL },
    ]);
  });

  it('R-REG-2: when the company is at fault, the reply may say what it did', () => {
    const r = handlingCase({ intake: { channel: 'regulator' } });
    expect(decided(r.decide('regulator-reply', AGENT, { text: ADMISSION })).events).toEqual([
      { type: 'regulator.replied', text: ADMISSION },
    ]);
  });
});

describe('survey', () => {
  it('R-REV-1: a satisfied survey is recorded with its mean, the suggestion trimmed', () => {
    const d = decided(
      reviewCase().decide('survey', CUSTOMER, {
        speed: 5,
        effectiveness: 4,
        attitude: 5,
        transparency: 4,
        suggestion: ' 很好 ',
      }),
    );
    expect(d.actor).toEqual({ kind: 'customer' });
    expect(d.events).toEqual([
      {
        type: 'survey.recorded',
        survey: { speed: 5, effectiveness: 4, attitude: 5, transparency: 4, suggestion: '很好' },
        mean: 4.5,
        reopenReview: false,
      },
    ]);
  });

  it('R-REV-1: a dissatisfied survey reopens the review: the next tier is told', () => {
    const d = decided(
      reviewCase().decide('survey', AGENT, { speed: 1, effectiveness: 2, attitude: 3, transparency: 2 }),
    );
    expect(d.actor).toEqual({ kind: 'staff', id: 'agent-1', role: 'agent' });
    expect(d.events).toEqual([
      expect.objectContaining({ type: 'survey.recorded', mean: 2, reopenReview: true }),
      { type: 'case.escalated', from: 'handler', to: 'team_lead', reason: 'dissatisfied' },
      {
        type: 'notification.requested',
        notification: { kind: 'escalation', audience: 'role:agent', channel: 'inbox' },
        about: 'dissatisfied',
      },
    ]);
  });

  it('R-REV-1: with a manager already on the case, the manager is told again', () => {
    const r = atTier(reviewCase(), 'manager');
    const d = decided(r.decide('survey', CUSTOMER, { speed: 1, effectiveness: 1, attitude: 1, transparency: 1 }));
    expect(d.events.map((e) => e.type)).toEqual(['survey.recorded', 'notification.requested']);
    expect(d.events[1]).toMatchObject({ notification: { audience: 'role:manager' } });
  });
});

describe('pause-sla and resume-sla', () => {
  it('pausing and resuming the deadlines are recorded with their reasons', () => {
    const r = acceptedCase();
    expect(decided(r.decide('pause-sla', AGENT, { reason: '等待照片' })).events).toEqual([
      { type: 'sla.paused', reason: '等待照片' },
    ]);
    r.act('pause-sla', AGENT, { reason: '等待照片' });
    expect(decided(r.decide('resume-sla', SUPERVISOR, { reason: '照片已收到' })).events).toEqual([
      { type: 'sla.resumed', reason: '照片已收到' },
    ]);
  });

  it('SLA.ALREADY_PAUSED: deadlines already paused are not paused twice', () => {
    const r = acceptedCase().act('pause-sla', AGENT, { reason: '等待照片' });
    expect(refused(r.decide('pause-sla', AGENT, { reason: '再等' })).code).toBe('SLA.ALREADY_PAUSED');
  });

  it('SLA.NOT_PAUSED: running deadlines cannot be resumed', () => {
    const r = acceptedCase()
      .act('pause-sla', AGENT, { reason: '等待照片' })
      .act('resume-sla', AGENT, { reason: '收到' });
    expect(refused(r.decide('resume-sla', AGENT, { reason: '收到' })).code).toBe('SLA.NOT_PAUSED');
  });
});

describe('escalate', () => {
  it('R-FLOW-3: staff escalate one tier, level by level; the new tier is told why', () => {
    const d = decided(acceptedCase().decide('escalate', INVESTIGATOR, { reason: '超出本人权限' }));
    expect(d.actor).toEqual({ kind: 'staff', id: 'inv-1', role: 'investigator' });
    expect(d.events).toEqual([
      { type: 'case.escalated', from: 'handler', to: 'team_lead', reason: 'manual', note: '超出本人权限' },
      {
        type: 'notification.requested',
        notification: { kind: 'escalation', audience: 'role:agent', channel: 'inbox' },
        about: 'manual',
      },
    ]);
  });

  it('R-FLOW-6: the system escalates a case waiting on someone without authority, as the system', () => {
    const r = atTier(acceptedCase(), 'supervisor');
    const d = decided(r.decide('escalate', SYSTEM, { reason: '审批人无权限' }));
    expect(d.actor).toEqual({ kind: 'system' });
    expect(d.events).toEqual([
      { type: 'case.escalated', from: 'supervisor', to: 'manager', reason: 'manual', note: '审批人无权限' },
      expect.objectContaining({ notification: { kind: 'escalation', audience: 'role:manager', channel: 'inbox' } }),
    ]);
  });

  it('ESCALATION.AT_TOP: a case with a manager has nowhere higher to go', () => {
    const r = atTier(acceptedCase(), 'manager');
    expect(refused(r.decide('escalate', SUPERVISOR, { reason: '再升级' })).code).toBe('ESCALATION.AT_TOP');
  });
});

describe('reopen', () => {
  it('R-FLOW-2: a case closed on the spot, or archived, may be reopened with a reason', () => {
    const spot = receivedCase().act('resolve-on-the-spot', AGENT, { explanation: '现场已补派' });
    expect(decided(spot.decide('reopen', AGENT, { reason: '客户反映未补派' })).events).toEqual([
      { type: 'case.reopened', reason: '客户反映未补派' },
    ]);
    expect(decided(closedCase().decide('reopen', SUPERVISOR, { reason: '客户再次投诉' })).actor).toEqual({
      kind: 'staff',
      id: 'sup-1',
      role: 'supervisor',
    });
  });
});

describe('escalationEvents', () => {
  it('R-SLA-8: at the tier already held, only the tier is told again; a note is added only when given', () => {
    const s = receivedCase({ at: T0 }).state;
    expect(escalationEvents(s, 'handler', 'deadline_breached')).toEqual([
      {
        type: 'notification.requested',
        notification: { kind: 'escalation', audience: 'role:agent', channel: 'inbox' },
        about: 'deadline_breached',
      },
    ]);
    expect(escalationEvents(s, 'supervisor', 'contact_failed', '')[0]).toEqual({
      type: 'case.escalated',
      from: 'handler',
      to: 'supervisor',
      reason: 'contact_failed',
    });
  });
});

describe('decideAction', () => {
  it('is pure: deciding leaves the case as it was', () => {
    const r = plannedCase();
    const before = JSON.stringify(r.state);
    decideAction(r.state, 'customer-response', { accepted: true }, AGENT, T0);
    expect(JSON.stringify(r.state)).toBe(before);
  });
});
