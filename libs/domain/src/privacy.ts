/**
 * Personal data protection (R-SEC-1): complainants' names, phones and e-mail addresses are shown in clear only to
 * the roles that handle the case; everyone else (an auditor) sees them masked, e.g. `138****5678`.
 */
import { type Role } from './vocabulary';

/** What a fully masked value looks like when nothing of it may be shown. */
const FULL_MASK = '****';

/**
 * Masks a phone number (R-SEC-1), keeping only what identifies the line to staff who must not see it:
 * - Chinese mobile (11 digits starting with 1): first 3 and last 4 digits, `13812345678` → `138****5678`;
 *   with a country code (`+86`, `0086`, `86`): `+86 138****5678`.
 * - Chinese landline with area code (`010-12345678`, `0571 876 5432`): the area code stays, the first 4 digits of
 *   the local number are hidden: `010-****5678`, `0571-****432`; with `+86`: `+86 10-****5678`.
 * - Anything else made of digits (short service numbers, other countries): at most a quarter of the digits at each
 *   end stays visible (never more than 3 leading and 4 trailing); 4 digits or fewer are hidden entirely.
 * - Text that is not a phone number is hidden entirely (`****`). Separators (spaces, `-`, `()`, `.`) are dropped.
 */
export function maskPhone(phone: string): string {
  const compact = phone.trim().replace(/[\s\-().]/g, '');
  if (compact === '') return '';
  if (!/^\+?\d+$/.test(compact)) return FULL_MASK;
  const international = compact.startsWith('+');
  let digits = international ? compact.slice(1) : compact;
  let china = false;
  // A country code counts only when a number follows it: a bare "0086" or "+86" is masked as digits.
  if ((international && /^86\d{5}/.test(digits)) || (!international && /^861\d{10}$/.test(digits))) {
    digits = digits.slice(2);
    china = true;
  } else if (!international && /^0086\d{5}/.test(digits)) {
    digits = digits.slice(4);
    china = true;
  }
  const prefix = china ? '+86 ' : international ? '+' : '';
  if (china || !international) {
    if (/^1\d{10}$/.test(digits)) return `${prefix}${digits.slice(0, 3)}****${digits.slice(7)}`;
    // After a country code the trunk prefix 0 is usually left out: +86 10 12345678 is 010-12345678.
    const national = china && !digits.startsWith('0') ? `0${digits}` : digits;
    // Beijing (010) and the 02x cities have 3-digit area codes (with the 0), the rest 4; local numbers are 7–8 digits.
    const areaLength = /^0(10|2\d)/.test(national) ? 3 : 4;
    const local = national.slice(areaLength);
    if (national.startsWith('0') && local.length >= 7 && local.length <= 8) {
      const area = china ? national.slice(1, areaLength) : national.slice(0, areaLength);
      return `${prefix}${area}-****${local.slice(4)}`;
    }
  }
  return `${prefix}${maskDigits(digits)}`;
}

function maskDigits(digits: string): string {
  const n = digits.length;
  if (n <= 4) return '*'.repeat(n);
  const head = Math.min(3, Math.floor(n / 4));
  const tail = Math.min(4, Math.floor(n / 4));
  return `${digits.slice(0, head)}${'*'.repeat(n - head - tail)}${digits.slice(n - tail)}`;
}

/**
 * Masks a person's name (R-SEC-1).
 * - Chinese names keep the first character (the surname) and mask every other character: `张三丰` → `张**`,
 *   `李四` → `李*`; a one-character name becomes `*`.
 * - Other names keep the initial of the first word and hide the rest behind a fixed `***` per word, so the lengths
 *   are not revealed: `John Smith` → `J*** ***`.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  const chars = [...trimmed];
  if (/\p{Script=Han}/u.test(chars[0])) return chars.length === 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
  const words = trimmed.split(/\s+/);
  return [`${[...words[0]][0]}***`, ...words.slice(1).map(() => '***')].join(' ');
}

/**
 * Masks an e-mail address (R-SEC-1): the first character of the local part stays, the rest becomes `***`, the domain
 * stays (it tells staff which provider to expect): `zhang.san@example.com` → `z***@example.com`. Text without an `@`
 * keeps only its first character.
 */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed === '') return '';
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return `${[...trimmed][0]}***`;
  const local = trimmed.slice(0, at);
  const first = local === '' ? '' : [...local][0];
  return `${first}***@${trimmed.slice(at + 1)}`;
}

/** The personal data of a complainant that masking covers (R-SEC-1). Other fields are passed through. */
export interface ComplainantPersonalData {
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
}

/**
 * A complainant as a viewer may see it (R-SEC-1): unchanged when `visible`, else with name, phone and e-mail masked
 * (absent or null fields stay so). Other fields (party, preferred channel, …) are kept.
 */
export function maskComplainant<T extends ComplainantPersonalData>(complainant: T, visible: boolean): T {
  if (visible) return complainant;
  return {
    ...complainant,
    ...(complainant.name == null ? {} : { name: maskName(complainant.name) }),
    ...(complainant.phone == null ? {} : { phone: maskPhone(complainant.phone) }),
    ...(complainant.email == null ? {} : { email: maskEmail(complainant.email) }),
  };
}

/**
 * The roles that see complainants' personal data in clear (R-SEC-1): those who handle cases or administer the
 * system. An auditor checks the handling, not the person, and sees personal data masked (docs/api.md: `138****5678`).
 */
export const rolesSeeingPersonalData: readonly Role[] = [
  'agent',
  'investigator',
  'team_lead',
  'supervisor',
  'manager',
  'admin',
];

/** R-SEC-1: whether a user holding `roles` sees personal data in clear (any one role that may is enough). */
export function seesPersonalData(roles: readonly Role[]): boolean {
  return roles.some((role) => rolesSeeingPersonalData.includes(role));
}

/** R-SEC-1: a complainant as a user holding `roles` may see it. */
export function complainantForRoles<T extends ComplainantPersonalData>(complainant: T, roles: readonly Role[]): T {
  return maskComplainant(complainant, seesPersonalData(roles));
}
