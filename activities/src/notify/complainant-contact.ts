/**
 * The customer's address for a message (R-CON-2: the channel they asked for), read from `case_complainants` and
 * opened with the personal-data key when the relay sends — never carried in Temporal (R-SEC-1), with the same cipher
 * the API seals them with (`libs/persistence/src/pii.ts`). The worker only opens.
 */
import type { DataSource } from 'typeorm';
import { PiiCipher } from '@complaintflow/persistence/pii';
import { CaseComplainantsRepository } from '@complaintflow/persistence/repositories/case-complainants';

/** The contact data of a complainant (what of the sealed record the relay needs). */
export interface CustomerContact {
  readonly phone?: string;
  readonly email?: string;
}

/** Reads the customer's contact data for a case; undefined when there is none or it cannot be opened. */
export type CustomerContactLookup = (caseId: string) => Promise<CustomerContact | undefined>;

/** The lookup over `case_complainants` with the root key; without a key nobody's address can be read. */
export function complainantContactLookup(ds: DataSource, root: Buffer | undefined): CustomerContactLookup {
  const complainants = new CaseComplainantsRepository(ds);
  const cipher = root ? new PiiCipher(root) : undefined;
  return async (caseId) => {
    if (!cipher) return undefined;
    const row = await complainants.sealed(caseId);
    if (!row) return undefined;
    const opened = cipher.open<{ phone?: unknown; email?: unknown }>(row.sealed, caseId);
    if (!opened) return undefined;
    return {
      ...(typeof opened.phone === 'string' && opened.phone !== '' ? { phone: opened.phone } : {}),
      ...(typeof opened.email === 'string' && opened.email !== '' ? { email: opened.email } : {}),
    };
  };
}

export { piiRootKey } from '@complaintflow/persistence/pii';
