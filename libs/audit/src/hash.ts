/**
 * The audit hash chain's primitives: one definition for the writer (the recording activity) and every verifier.
 *
 * `eventHash(caseId, policyVersion, event, prevHash)` = SHA-256 (hex) over `prevHash + '\n' + canonicalJson({caseId,
 * seq, type, at (ISO), actor {id, role}, data, policyVersion})`; the first row's `prevHash` is {@link GENESIS_HASH}.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type CaseEvent } from '@complaintflow/domain/case';
import { withholdFreeText } from '@complaintflow/domain/free-text';

export const GENESIS_HASH = '0'.repeat(64);

/** The columns an actor is stored under: id and role ('system' and 'customer' stand for themselves). */
export function actorColumns(actor: CaseEvent['actor']): { id: string; role: string } {
  return actor.kind === 'staff' ? { id: actor.id, role: actor.role } : { id: actor.kind, role: actor.kind };
}

/** SHA-256 over the previous hash and the canonical encoding of the event as stored (issue 6). */
export function eventHash(caseId: string, policyVersion: string, event: CaseEvent, prevHash: string): string {
  const actor = actorColumns(event.actor);
  const body = canonicalJson({
    caseId,
    seq: event.seq,
    type: event.data.type,
    at: new Date(event.at).toISOString(),
    actor,
    data: event.data,
    policyVersion,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The seal of a row whose free text was withheld (ADR 0019): `eventHash` of the redacted event chained to the row's
 * own stored hash. It binds the redacted content to the original row, so a redacted row that is changed afterwards is
 * still found (`verifyChain`), while the original `hash` and `prev_hash` keep every link of the chain intact. Like the
 * chain, it is a hash, not a signature.
 */
export function redactionSeal(caseId: string, policyVersion: string, event: CaseEvent, rowHash: string): string {
  return eventHash(caseId, policyVersion, event, rowHash);
}

/** The event with its free text withheld and the seal over it (what the erasure stores, what an auditor gets). */
export function redactEvent(
  caseId: string,
  policyVersion: string,
  event: CaseEvent,
  rowHash: string,
): { readonly data: CaseEvent['data']; readonly seal: string } {
  const data = withholdFreeText(event.data);
  return { data, seal: redactionSeal(caseId, policyVersion, { ...event, data }, rowHash) };
}
