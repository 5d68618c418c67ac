/**
 * Complainants' personal data (R-SEC-1): encrypted at rest with AES-256-GCM, pseudonymised for the workflow. The API
 * seals and opens `case_complainants` rows; the notification relay opens them to read a customer's address.
 *
 * - `PII_KEY` (64 hex) is the root key; without it (outside production) the key is derived from the auth secret.
 *   Two keys are derived from the root with HKDF-SHA256: one encrypts, one computes the complainant key, so neither
 *   use weakens the other.
 * - A sealed value is `v1.<key id>.<base64url(iv | tag | ciphertext)>`; the key id (first 8 hex of a hash of the
 *   encryption key) tells, after a key change, which rows the current key cannot open.
 * - The complainant key handed to the workflow is HMAC-SHA256 over the normalised phone (else e-mail): stable for the
 *   same person, meaningless without the key (repeat detection, R-CAT-4, without personal data in Temporal).
 * - The searchable copy of the description has phone numbers, e-mail addresses and ID-like digit runs blanked out, so
 *   full-text search never keeps contact data in clear.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { maskEmail, maskPhone } from '@complaintflow/domain/privacy';

/** What is encrypted for each case: everything the customer told us about themselves, and their own words. */
export interface ComplainantSecret {
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly description: string;
  readonly expectedOutcome: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The root key from `PII_KEY`, or (outside production) derived from the auth secret; undefined without both (a
 * worker that has neither cannot open anybody's record).
 */
export function piiRootKey(piiKeyHex: string | undefined, authSecret: string): Buffer;
export function piiRootKey(piiKeyHex: string | undefined, authSecret: string | undefined): Buffer | undefined;
export function piiRootKey(piiKeyHex: string | undefined, authSecret: string | undefined): Buffer | undefined {
  if (piiKeyHex) return Buffer.from(piiKeyHex, 'hex');
  if (authSecret === undefined) return undefined;
  return createHash('sha256').update('complaintflow/pii-root/v1\n').update(authSecret).digest();
}

function derive(root: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.from('complaintflow'), Buffer.from(info), 32));
}

/** Phone numbers compare by digits only, without a Chinese country code (`+86 138-1234-5678` = `13812345678`). */
export function normalisePhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (/^0086\d{6,}$/.test(digits)) digits = digits.slice(4);
  else if (/^86\d{11}$/.test(digits) && phone.trim().startsWith('+')) digits = digits.slice(2);
  else if (/^861\d{10}$/.test(digits)) digits = digits.slice(2);
  return digits;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Text as the search compares it: Unicode-normalised (full-width → half-width), lower case, blanks collapsed. */
export function normaliseSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const EMAIL_IN_TEXT = /[^\s@<>()[\]{}"',;:]+@[^\s@<>()[\]{}"',;:]+\.[A-Za-z]{2,}/g;
/** Runs of 7+ digits, allowing ordinary separators: phone numbers, ID card numbers, bank cards. */
const LONG_DIGITS_IN_TEXT = /(?<![A-Za-z0-9])\+?\d[\d\s\-().]{5,}\d[Xx]?(?![A-Za-z0-9])/g;

const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)/;

/** Whether a digit run is contact-like data: 7+ digits and not a date (`2026-11-24 14` stays). */
function isContactDigits(s: string): boolean {
  return s.replace(/\D/g, '').length >= 7 && !DATE_LIKE.test(s);
}

/**
 * Free text with contact data blanked (R-SEC-1): e-mail addresses and digit runs of 7 or more digits (phones,
 * ID numbers) become `▒`. Used for the searchable copy of a description.
 */
export function blankContactData(text: string): string {
  return text.replace(EMAIL_IN_TEXT, '▒').replace(LONG_DIGITS_IN_TEXT, (m) => (isContactDigits(m) ? '▒' : m));
}

/** Free text with contact data masked for a viewer who may not see it in clear (`138****5678`, `z***@example.com`). */
export function maskContactData(text: string): string {
  return text
    .replace(EMAIL_IN_TEXT, (m) => maskEmail(m))
    .replace(LONG_DIGITS_IN_TEXT, (m) => (isContactDigits(m) ? maskPhone(m) : m));
}

export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  readonly keyId: string;

  constructor(root: Buffer) {
    if (root.length !== 32) throw new Error('the personal-data key must be 32 bytes');
    this.encKey = derive(root, 'pii-encryption/v1');
    this.macKey = derive(root, 'complainant-key/v1');
    this.keyId = createHash('sha256').update(this.encKey).digest('hex').slice(0, 8);
  }

  /** Encrypts a value (AES-256-GCM, random 96-bit IV); `aad` binds it to its row (the case id). */
  seal(value: unknown, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${VERSION}.${this.keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Decrypts a sealed value; `undefined` when it was sealed under another key or was tampered with. */
  open<T>(sealed: string, aad: string): T | undefined {
    const [version, keyId, payload] = sealed.split('.');
    if (version !== VERSION || keyId !== this.keyId || !payload) return undefined;
    try {
      const raw = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(text.toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /**
   * The pseudonymous complainant key (R-SEC-1, R-CAT-4): HMAC-SHA256 of the normalised phone, else of the normalised
   * e-mail. `ck_` + 32 hex characters.
   */
  complainantKey(contact: { phone?: string | null; email?: string | null }): string {
    const phone = contact.phone ? normalisePhone(contact.phone) : '';
    const basis = phone !== '' ? `phone:${phone}` : `email:${normaliseEmail(contact.email ?? '')}`;
    return `ck_${createHmac('sha256', this.macKey).update(basis).digest('hex').slice(0, 32)}`;
  }
}
