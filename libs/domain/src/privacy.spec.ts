import fc from 'fast-check';
import {
  complainantForRoles,
  maskComplainant,
  maskEmail,
  maskName,
  maskPhone,
  rolesSeeingPersonalData,
  seesPersonalData,
} from './privacy';
import { ROLE_IDS } from './vocabulary';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));
const mobile = fc
  .tuple(fc.constantFrom(...'3456789'.split('')), digits(9, 9))
  .map(([second, rest]) => `1${second}${rest}`);

describe('phone masking', () => {
  it('R-SEC-1: a mobile number shows its first 3 and last 4 digits, as an auditor sees it: 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 138 1234 5678 ')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it('R-SEC-1: a +86, 0086 or 86 prefix is kept as +86 and the mobile masked', () => {
    expect(maskPhone('+8613812345678')).toBe('+86 138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('008613812345678')).toBe('+86 138****5678');
    expect(maskPhone('8613812345678')).toBe('+86 138****5678');
  });

  it('R-SEC-1: a landline keeps its area code and hides the first 4 digits of the local number', () => {
    expect(maskPhone('010-12345678')).toBe('010-****5678');
    expect(maskPhone('(021) 6234 5678')).toBe('021-****5678');
    expect(maskPhone('0571-8765432')).toBe('0571-****432');
    expect(maskPhone('+86 10 12345678')).toBe('+86 10-****5678');
    expect(maskPhone('+86 0571 87654321')).toBe('+86 571-****4321');
  });

  it('R-SEC-1: short numbers and other formats hide most digits; very short ones hide all', () => {
    expect(maskPhone('95311')).toBe('9***1');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('12345678')).toBe('12****78');
    expect(maskPhone('+44 7911 123456')).toBe('+447******456');
    expect(maskPhone('+1 212 555 0100')).toBe('+12*******00');
    // A landline-like number with too short a local part is masked generically.
    expect(maskPhone('0101234')).toBe('0*****4');
  });

  it('R-SEC-1: empty stays empty and text that is not a phone number is hidden entirely', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
    expect(maskPhone('call me maybe')).toBe('****');
    expect(maskPhone('138abc45678')).toBe('****');
  });

  it('R-SEC-1: a masked mobile never contains its middle digits (property)', () => {
    fc.assert(
      fc.property(mobile, fc.constantFrom('', '+86', '+86 ', '0086', '86'), (phone, prefix) => {
        const masked = maskPhone(`${prefix}${phone}`);
        const bare = masked.replace(/^\+86 /, '');
        expect(bare).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
        // Only the 7 outer digits remain; the middle four are gone.
        expect(bare.replace(/\D/g, '')).toBe(phone.slice(0, 3) + phone.slice(7));
        expect(bare.slice(3, 7)).toBe('****');
      }),
    );
  });

  it('R-SEC-1: any digit string shows only outer digits and hides at least 3 (4 from 8 digits on) (property)', () => {
    fc.assert(
      fc.property(digits(1, 20), (phone) => {
        const masked = maskPhone(phone);
        const visible = masked.replace(/[^\d]/g, '');
        const hidden = (masked.match(/\*/g) ?? []).length;
        expect(masked).toContain('*');
        const minHidden = Math.min(phone.length, phone.length >= 8 ? 4 : 3);
        expect(hidden).toBeGreaterThanOrEqual(minHidden);
        // What stays visible is a prefix and a suffix of the number, never a digit from the hidden middle.
        const lead = /^(?:\+86 )?(\d*)/.exec(masked)![1];
        const trail = /(\d*)$/.exec(masked)![1];
        expect(visible.length).toBeLessThanOrEqual(phone.length - minHidden);
        expect(phone.endsWith(trail)).toBe(true);
        const national = phone.replace(/^(0086|86)/, '');
        expect([phone, national, national.replace(/^0/, '')].some((p) => p.startsWith(lead))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('name and e-mail masking', () => {
  it('R-SEC-1: a Chinese name keeps only the surname character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('王')).toBe('*');
    expect(maskName(' 欧阳娜娜 ')).toBe('欧***');
  });

  it('R-SEC-1: a Latin name keeps the first initial and hides the length of every word', () => {
    expect(maskName('John Smith')).toBe('J*** ***');
    expect(maskName('Zhang  San Feng')).toBe('Z*** *** ***');
    expect(maskName('Ann')).toBe('A***');
    expect(maskName('  ')).toBe('');
  });

  it('R-SEC-1: a masked Chinese name never contains the given name (property)', () => {
    const han = fc.constantFrom(...'张王李赵三丰明华伟芳娜'.split(''));
    fc.assert(
      fc.property(fc.array(han, { minLength: 2, maxLength: 4 }), (chars) => {
        const masked = maskName(chars.join(''));
        expect(masked).toBe(chars[0] + '*'.repeat(chars.length - 1));
      }),
    );
  });

  it('R-SEC-1: an e-mail keeps the first character and the domain', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskEmail('a@b.cn')).toBe('a***@b.cn');
    expect(maskEmail('@example.com')).toBe('***@example.com');
    expect(maskEmail('not-an-email')).toBe('n***');
    expect(maskEmail('')).toBe('');
  });
});

describe('complainant masking by role', () => {
  const complainant = {
    name: '张三丰',
    phone: '13812345678',
    email: 'zhang.san@example.com',
    party: 'sender',
    preferredChannel: 'sms',
  };

  it('R-SEC-1: a masked complainant shows masked name, phone and e-mail and keeps the other fields', () => {
    expect(maskComplainant(complainant, false)).toEqual({
      name: '张**',
      phone: '138****5678',
      email: 'z***@example.com',
      party: 'sender',
      preferredChannel: 'sms',
    });
  });

  it('R-SEC-1: a visible complainant is unchanged, and absent fields stay absent when masked', () => {
    expect(maskComplainant(complainant, true)).toEqual(complainant);
    expect(maskComplainant({ name: '李四', phone: null }, false)).toEqual({ name: '李*', phone: null });
    expect(maskComplainant({ email: 'x@y.cn' }, false)).toEqual({ email: 'x***@y.cn' });
  });

  it('R-SEC-1: agents, investigators, team leads, supervisors, managers and admins see personal data; an auditor sees 138****5678', () => {
    expect([...rolesSeeingPersonalData].sort()).toEqual([
      'admin',
      'agent',
      'investigator',
      'manager',
      'supervisor',
      'team_lead',
    ]);
    expect(seesPersonalData(['team_lead'])).toBe(true);
    expect(seesPersonalData(['auditor'])).toBe(false);
    expect(seesPersonalData([])).toBe(false);
    expect(seesPersonalData(['auditor', 'supervisor'])).toBe(true);
    expect(complainantForRoles(complainant, ['auditor']).phone).toBe('138****5678');
    expect(complainantForRoles(complainant, ['agent']).phone).toBe('13812345678');
  });

  it('R-SEC-1: every role but the auditor sees personal data in clear', () => {
    for (const role of ROLE_IDS) expect(seesPersonalData([role])).toBe(role !== 'auditor');
  });
});

describe('phone masking edge cases found by the property test', () => {
  it('R-SEC-1: a bare country code is masked as digits, never shown', () => {
    expect(maskPhone('0086')).toBe('****');
    expect(maskPhone('+86')).toBe('+**');
    expect(maskPhone('+8612345')).toContain('*');
  });
});
