/**
 * The audit hash chain's primitives: one definition for the writer (the recording activity) and every verifier.
 *
 * `eventHash(caseId, policyVersion, event, prevHash)` = SHA-256 (hex) over `prevHash + '\n' + canonicalJson({caseId,
 * seq, type, at (ISO), actor {id, role}, data, policyVersion})`; the first row's `prevHash` is {@link GENESIS_HASH}.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type CaseEvent } from '@complaintflow/domain/case';

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
