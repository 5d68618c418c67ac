/**
 * The audit hash chain's primitives. They live with the activity that writes `case_events` (one definition for the
 * writer and every verifier); this module is where the audit code takes them from.
 *
 * `eventHash(caseId, policyVersion, event, prevHash)` = SHA-256 (hex) over `prevHash + '\n' + canonicalJson({caseId,
 * seq, type, at (ISO), actor {id, role}, data, policyVersion})`; the first row's `prevHash` is {@link GENESIS_HASH}.
 */
export { GENESIS_HASH, actorColumns, eventHash } from '../../../../activities/src/case-activities';
