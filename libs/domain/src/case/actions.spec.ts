import type { ActionName } from '../stages';
import { ACTION_SCHEMAS, MAX_FEN, NO_NUL, parseActionInput, type ActionInputs } from './actions';

/** A full, valid input of every action (every optional field given). */
const FULL: { [A in ActionName]: ActionInputs[A] } = {
  accept: { category: 'loss', urgency: 'urgent', note: '客户称快件疑似丢失' },
  'reject-inadmissible': { reason: 'settled', note: '已和解' },
  'resolve-on-the-spot': { explanation: '当场致歉' },
  assign: { assignee: 'inv-007', department: '北京派件中心' },
  'record-findings': {
    summary: '延误两天',
    rootCause: 'human_error',
    companyLiable: true,
    evidence: [{ kind: 'tracking_scan', ref: 'SCAN-1' }],
    faultOutlet: 'BJ-007',
    partiesHeard: ['投诉人', '派件员'],
    actualLossFen: MAX_FEN,
    namedParty: 'SH-001',
    outOfArea: { deliveryNotifiedByRules: false, originKnew: true },
    chargingOutlet: 'BJ-007',
    unexplainedOutlet: 'SH-001',
    dueFen: 1200,
    sourceFault: 'prohibited_item',
    originUnreachable: true,
    outletReplyUnclear: false,
  },
  'propose-plan': {
    remedies: ['apology', 'compensation'],
    compensationFen: 0,
    floorOffer: false,
    compensationReason: '实际损失',
    note: '致歉',
  },
  'decide-approval': { approve: false, comment: '金额过高' },
  'contact-attempt': { reached: false, channel: 'sms', note: '关机' },
  'customer-response': { accepted: true, comment: '同意' },
  'execute-plan': { paymentRef: 'PAY-1', note: '已退款' },
  'regulator-reply': { text: '经核实,快件已妥投。' },
  survey: { speed: 1, effectiveness: 2, attitude: 3, transparency: 5, suggestion: '  更快一些 ' },
  'pause-sla': { reason: '等待证据' },
  'resume-sla': { reason: '证据已到' },
  escalate: { reason: '客户情绪激动' },
  reopen: { reason: '再次投诉' },
  'request-evidence': { items: ['破损照片'], note: '三日内' },
  'consult-hq': { question: '是否属公司责任?' },
  'hq-answer': { answer: '不属公司责任' },
  'arbitration-claim': { againstOutlet: 'BJ-007', amountFen: 3600, note: '先行赔付' },
  'arbitration-ruling': { upheld: true, amountFen: 3600, note: '支持' },
  'sign-off-reply': { step: 'legalReview', note: '已核' },
};

describe('one schema per action', () => {
  it('no text carries a NUL character (PostgreSQL could never record the event)', () => {
    expect(parseActionInput('accept', { note: 'a\u0000b' })).toEqual({
      ok: false,
      problems: [{ field: 'note', reason: NO_NUL }],
    });
    expect(
      parseActionInput('survey', { speed: 5, effectiveness: 5, attitude: 5, transparency: 5, suggestion: '\u0000' }),
    ).toEqual({
      ok: false,
      problems: [{ field: 'suggestion', reason: NO_NUL }],
    });
    expect(parseActionInput('accept', { note: 'a\u0001b' }).ok).toBe(true);
  });

  it('every action has one', () => {
    expect(Object.keys(ACTION_SCHEMAS).sort()).toEqual(Object.keys(FULL).sort());
  });

  it.each(Object.keys(FULL) as ActionName[])('%s: a valid input comes back exactly as given', (action) => {
    const parsed = parseActionInput(action, FULL[action]);
    expect(parsed).toEqual({ ok: true, value: FULL[action] });
    // Nothing trimmed, defaulted or added: what the workflow records is what the caller sent.
    expect(JSON.stringify(parsed.ok && parsed.value)).toBe(JSON.stringify(FULL[action]));
  });

  it('an input that is not an object is refused as a whole', () => {
    const why = (input: unknown) =>
      input === undefined ? 'is required' : input === null ? 'must not be null' : 'must be an object';
    for (const input of [null, [], 'accept', 42, undefined]) {
      expect(parseActionInput('accept', input)).toEqual({
        ok: false,
        problems: [{ field: '(body)', reason: why(input) }],
      });
    }
  });

  it('R-REV-1: a suggestion may be blank or null (none given); it is not trimmed here', () => {
    const scores = { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 };
    for (const suggestion of [null, '', '   ', '😀'.repeat(2000)]) {
      expect(parseActionInput('survey', { ...scores, suggestion })).toEqual({
        ok: true,
        value: { ...scores, suggestion },
      });
    }
    expect(parseActionInput('survey', { ...scores, suggestion: 'x'.repeat(2001) })).toEqual({
      ok: false,
      problems: [{ field: 'suggestion', reason: 'must be shorter than or equal to 2000 characters' }],
    });
  });

  it('null is not absent: an optional field given as null is refused', () => {
    expect(parseActionInput('assign', { assignee: null, department: null })).toEqual({
      ok: false,
      problems: [
        { field: 'assignee', reason: 'must not be null' },
        { field: 'department', reason: 'must not be null' },
      ],
    });
  });

  it('one problem per field, its reasons joined; a problem of an item is the list’s', () => {
    expect(
      parseActionInput('record-findings', {
        ...FULL['record-findings'],
        summary: ' '.repeat(4001),
        partiesHeard: ['', 3, ''],
        evidence: [1, { kind: 'k', ref: 'r', extra: 1, other: 2 }],
        actualLossFen: -(2 ** 53),
      }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'summary', reason: 'must not be blank; must be shorter than or equal to 4000 characters' },
        { field: 'evidence', reason: 'each value must be an object' },
        { field: 'evidence[1].extra', reason: 'is not an allowed property' },
        { field: 'evidence[1].other', reason: 'is not an allowed property' },
        { field: 'partiesHeard', reason: 'each value must not be blank; each value must be a string' },
        { field: 'actualLossFen', reason: 'must be a safe integer; must not be less than 0' },
      ],
    });
  });
});
