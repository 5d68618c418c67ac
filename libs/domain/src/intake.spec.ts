import fc from 'fast-check';
import {
  checkChannel,
  checkComplainantParty,
  checkIntakeCompleteness,
  intakeDecision,
  type IntakeDraft,
  isKnownCategory,
  isKnownChannel,
  isPlausibleEmail,
  isPlausiblePhone,
  isValidWaybillNo,
  normalizeWaybillNo,
} from './intake';
import { CHANNEL_IDS } from './vocabulary';

const complete: IntakeDraft = {
  channel: 'phone',
  waybillNo: 'ZT123456789',
  complainant: { name: '张三', phone: '13812345678', party: 'recipient' },
  category: 'delay',
  description: '我的快件三天了还没送到,打电话也没人接',
  expectedOutcome: '尽快送达并给个说法',
};

const fields = (intake: IntakeDraft): string[] =>
  checkIntakeCompleteness(intake).issues.map((issue) => `${issue.field}:${issue.ruleId}`);

describe('intake completeness', () => {
  it('R-ACC-1: a complaint with name, contact, waybill, category, own-words description and expected outcome is complete', () => {
    expect(checkIntakeCompleteness(complete)).toEqual({ complete: true, issues: [] });
    expect(intakeDecision(complete)).toEqual({ ok: true });
  });

  it('R-ACC-1: an empty intake lists every missing fact with the rule requiring it', () => {
    expect(fields({})).toEqual([
      'channel:R-CH-1',
      'complainant.name:R-ACC-1',
      'complainant.phone:R-ACC-1',
      'complainant.party:R-ACC-2',
      'waybillNo:R-ACC-1',
      'category:R-ACC-1',
      'description:R-ACC-1',
      'expectedOutcome:R-ACC-1',
    ]);
    expect(fields({ complainant: null })).toContain('complainant.name:R-ACC-1');
  });

  it('R-ACC-1: blank text counts as missing', () => {
    expect(
      fields({
        ...complete,
        description: '   ',
        expectedOutcome: '',
        complainant: { ...complete.complainant, name: ' ' },
      }),
    ).toEqual(['complainant.name:R-ACC-1', 'description:R-ACC-1', 'expectedOutcome:R-ACC-1']);
  });

  it('R-ACC-1: an e-mail address alone is enough contact; neither phone nor e-mail is not', () => {
    expect(fields({ ...complete, complainant: { name: '张三', email: 'z@example.com', party: 'sender' } })).toEqual([]);
    const issues = checkIntakeCompleteness({
      ...complete,
      complainant: { name: '张三', phone: ' ', party: 'sender' },
    }).issues;
    expect(issues).toEqual([
      { field: 'complainant.phone', ruleId: 'R-ACC-1', reason: 'a phone number or an e-mail address is required' },
    ]);
  });

  it('R-ACC-1: a malformed phone or e-mail is reported', () => {
    expect(
      fields({ ...complete, complainant: { name: '张三', phone: 'abc', email: 'not mail', party: 'sender' } }),
    ).toEqual(['complainant.phone:R-ACC-1', 'complainant.email:R-ACC-1']);
  });

  it('R-ACC-1: the waybill number must be 8–32 letters and digits', () => {
    expect(fields({ ...complete, waybillNo: 'ZT-123' })).toEqual(['waybillNo:R-ACC-1']);
    expect(checkIntakeCompleteness({ ...complete, waybillNo: 'ZT-123' }).issues[0].reason).toBe(
      'must be 8–32 letters and digits',
    );
  });

  it('R-CAT-1: an unknown category is reported against the category list', () => {
    expect(fields({ ...complete, category: 'weather' })).toEqual(['category:R-CAT-1']);
    expect(isKnownCategory('loss')).toBe(true);
    expect(isKnownCategory('toString')).toBe(false);
    expect(isKnownCategory(3)).toBe(false);
  });

  it('R-ACC-1: the refusal lists every issue with its rule id', () => {
    const decision = intakeDecision({ ...complete, waybillNo: null, channel: 'fax' });
    expect(decision).toEqual({
      ok: false,
      code: 'INTAKE.INCOMPLETE',
      reason: 'The intake lacks: channel is not a known channel (R-CH-1); waybillNo is required (R-ACC-1).',
      details: [
        { field: 'channel', ruleId: 'R-CH-1', reason: 'is not a known channel' },
        { field: 'waybillNo', ruleId: 'R-ACC-1', reason: 'is required' },
      ],
    });
  });
});

describe('waybill numbers and contacts', () => {
  it('R-ACC-1: waybill numbers are normalised to upper case without spaces', () => {
    expect(normalizeWaybillNo(' zt 1234 5678 9 ')).toBe('ZT123456789');
    expect(isValidWaybillNo('zt 1234 5678 9')).toBe(true);
    expect(isValidWaybillNo('773012345678')).toBe(true);
    expect(isValidWaybillNo('1234567')).toBe(false);
    expect(isValidWaybillNo('A'.repeat(31) + '1')).toBe(true);
    expect(isValidWaybillNo('A'.repeat(32) + '1')).toBe(false);
    expect(isValidWaybillNo('ABCDEFGHIJ')).toBe(false);
    expect(isValidWaybillNo('ZT12345678#')).toBe(false);
  });

  it('R-ACC-1: any string of 8–32 letters and digits with a digit is a valid waybill number (property)', () => {
    const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''));
    fc.assert(
      fc.property(fc.array(alnum, { minLength: 7, maxLength: 31 }), fc.nat(9), (chars, d) => {
        expect(isValidWaybillNo(chars.join('') + String(d))).toBe(true);
      }),
    );
  });

  it('R-ACC-1: phone numbers need 5–20 digits with ordinary separators; e-mails need a domain', () => {
    expect(isPlausiblePhone('+86 138-1234-5678')).toBe(true);
    expect(isPlausiblePhone('(010) 1234 5678')).toBe(true);
    expect(isPlausiblePhone('1234')).toBe(false);
    expect(isPlausiblePhone('1'.repeat(21))).toBe(false);
    expect(isPlausiblePhone('138x12345678')).toBe(false);
    expect(isPlausibleEmail(' zhang.san@example.com ')).toBe(true);
    expect(isPlausibleEmail('zhang@localhost')).toBe(false);
    expect(isPlausibleEmail('zhang san@example.com')).toBe(false);
  });
});

describe('party to the shipment', () => {
  it('R-ACC-2: the sender and the recipient may complain', () => {
    expect(checkComplainantParty('sender')).toEqual({ ok: true });
    expect(checkComplainantParty('recipient')).toEqual({ ok: true });
  });

  it('R-ACC-2: anyone else is refused', () => {
    expect(checkComplainantParty('neighbour')).toEqual({
      ok: false,
      code: 'RULE.R-ACC-2',
      reason: 'The complainant must be the sender or the recipient of the shipment.',
      details: [{ field: 'complainant.party', value: 'neighbour' }],
    });
    expect(checkComplainantParty(undefined)).toEqual(
      expect.objectContaining({
        ok: false,
        code: 'RULE.R-ACC-2',
        details: [{ field: 'complainant.party', value: null }],
      }),
    );
  });

  it('R-ACC-2: an unknown party is an intake issue', () => {
    expect(fields({ ...complete, complainant: { ...complete.complainant, party: 'courier' } })).toEqual([
      'complainant.party:R-ACC-2',
    ]);
  });
});

describe('channel', () => {
  it('R-CH-1: every listed channel is known, including transfers from the regulator, consumer associations and the media', () => {
    for (const channel of CHANNEL_IDS) expect(checkChannel(channel)).toEqual({ ok: true });
    expect(isKnownChannel('regulator')).toBe(true);
    expect(isKnownChannel('consumer_association')).toBe(true);
    expect(isKnownChannel('media')).toBe(true);
  });

  it('R-CH-1: an unknown channel is refused', () => {
    expect(checkChannel('fax')).toEqual(
      expect.objectContaining({ ok: false, code: 'RULE.R-CH-1', details: [{ field: 'channel', value: 'fax' }] }),
    );
    expect(checkChannel(null)).toEqual(
      expect.objectContaining({ ok: false, details: [{ field: 'channel', value: null }] }),
    );
    expect(isKnownChannel('hasOwnProperty')).toBe(false);
  });
});
