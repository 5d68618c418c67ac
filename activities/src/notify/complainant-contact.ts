/**
 * The customer's address for a message (R-CON-2: the channel they asked for), read from `case_complainants` and
 * opened with the personal-data key when the relay sends — never carried in Temporal (R-SEC-1). The sealed format
 * and the key derivation are the API's (`apps/api/src/complaints/pii.ts`: `v1.<key id>.<base64url(iv|tag|body)>`,
 * AES-256-GCM with the case id as associated data, the encryption key derived with HKDF-SHA256 from `PII_KEY` or,
 * outside production, from the auth secret). Only opening lives here: the worker never seals.
 */
import { createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseComplainantsRepository } from '@complaintflow/persistence/repositories/case-complainants';

/** The contact data of a complainant (what of the sealed record the relay needs). */
export interface CustomerContact {
  readonly phone?: string;
  readonly email?: string;
}

/** Reads the customer's contact data for a case; undefined when there is none or it cannot be opened. */
export type CustomerContactLookup = (caseId: string) => Promise<CustomerContact | undefined>;

/** The root key as the API derives it: `PII_KEY` (64 hex), else a hash of the auth secret; undefined without both. */
export function piiRootKey(piiKeyHex: string | undefined, authSecret: string | undefined): Buffer | undefined {
  if (piiKeyHex) return Buffer.from(piiKeyHex, 'hex');
  if (!authSecret) return undefined;
  return createHash('sha256').update('complaintflow/pii-root/v1\n').update(authSecret).digest();
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Opens a sealed complainant record; undefined when sealed under another key or tampered with. */
export function openSealed(root: Buffer, sealed: string, caseId: string): unknown {
  const encKey = Buffer.from(
    hkdfSync('sha256', root, Buffer.from('complaintflow'), Buffer.from('pii-encryption/v1'), 32),
  );
  const keyId = createHash('sha256').update(encKey).digest('hex').slice(0, 8);
  const [version, sealedKeyId, payload] = sealed.split('.');
  if (version !== 'v1' || sealedKeyId !== keyId || !payload) return undefined;
  try {
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(caseId));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The lookup over `case_complainants` with the root key; without a key nobody's address can be read. */
export function complainantContactLookup(ds: DataSource, root: Buffer | undefined): CustomerContactLookup {
  const complainants = new CaseComplainantsRepository(ds);
  return async (caseId) => {
    if (!root) return undefined;
    const row = await complainants.sealed(caseId);
    if (!row) return undefined;
    const opened = openSealed(root, row.sealed, caseId) as { phone?: unknown; email?: unknown } | undefined;
    if (!opened) return undefined;
    return {
      ...(typeof opened.phone === 'string' && opened.phone !== '' ? { phone: opened.phone } : {}),
      ...(typeof opened.email === 'string' && opened.email !== '' ? { email: opened.email } : {}),
    };
  };
}
