/**
 * The audit trail's rows in three shapes: as PostgreSQL returns them (`CaseEventRow`), as the verifier works on them
 * (`AuditRecord`: epoch milliseconds, camelCase) and as the API and export bundles show them (`AuditEventView`: ISO
 * instants). Plus the mapping back to the domain's `CaseEvent`, which `foldEvents` and the hash take.
 */
import type { DataSource } from 'typeorm';
import type { CaseEvent, CaseEventData, EventActor } from '@complaintflow/domain/case';
import type { Role } from '@complaintflow/domain/vocabulary';
import { CaseEventsRepository, type CaseEventRow } from '@complaintflow/persistence/repositories/case-events';
import {
  ComplaintCasesRepository,
  type CaseAuditFactsRow,
} from '@complaintflow/persistence/repositories/complaint-cases';
import { isCaseId, type Queryable } from '@complaintflow/persistence/repositories/db';

/** A `case_events` row as the persistence layer returns it. */
export type { CaseEventRow };
export { isCaseId };

/** The actor as stored: `id` and `role` columns (`system`/`customer` stand for themselves). */
export interface StoredActor {
  readonly id: string;
  readonly role: string;
}

/** One audit row, ready for verification. */
export interface AuditRecord {
  readonly seq: number;
  /** The `type` column (the hash covers `data.type`; the verifier checks the two agree). */
  readonly type: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly actor: StoredActor;
  readonly data: CaseEventData;
  readonly policyVersion: string;
  readonly prevHash: string;
  readonly hash: string;
  /**
   * Set when the row's free text was withheld (the retention erasure, or an auditor's export; ADR 0019): `data` is
   * then the redacted data and this seal, `eventHash` of the redacted row chained to the row's own `hash`, stands in
   * for the content check (`redactionSeal`). `hash` and `prevHash` are the original ones, so the links still verify.
   */
  readonly redactionSeal?: string;
}

/** One audit row as the history endpoint and the export bundle show it. */
export interface AuditEventView {
  readonly seq: number;
  readonly type: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly actor: StoredActor;
  readonly data: CaseEventData;
  readonly policyVersion: string;
  readonly hash: string;
  readonly prevHash: string;
  /** See {@link AuditRecord.redactionSeal}. */
  readonly redactionSeal?: string;
}

/** The facts of the case row the audit needs (object-level access, the workflow, the tail cross-check). */
export type AuditCaseFacts = CaseAuditFactsRow;

export function recordFromRow(row: CaseEventRow): AuditRecord {
  return {
    seq: Number(row.seq),
    type: row.type,
    at: row.at.getTime(),
    actor: { id: row.actor_id, role: row.actor_role },
    data: row.data,
    policyVersion: row.policy_version,
    prevHash: row.prev_hash,
    hash: row.hash,
    ...(row.redaction_seal ? { redactionSeal: row.redaction_seal } : {}),
  };
}

export function viewFromRecord(r: AuditRecord): AuditEventView {
  return {
    seq: r.seq,
    type: r.type,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    data: r.data,
    policyVersion: r.policyVersion,
    hash: r.hash,
    prevHash: r.prevHash,
    ...(r.redactionSeal ? { redactionSeal: r.redactionSeal } : {}),
  };
}

/** The inverse of {@link viewFromRecord}; `at` must be an ISO instant (NaN otherwise, which fails the hash). */
export function recordFromView(v: AuditEventView): AuditRecord {
  return {
    seq: v.seq,
    type: v.type,
    at: Date.parse(v.at),
    actor: { id: v.actor.id, role: v.actor.role },
    data: v.data,
    policyVersion: v.policyVersion,
    prevHash: v.prevHash,
    hash: v.hash,
    ...(v.redactionSeal ? { redactionSeal: v.redactionSeal } : {}),
  };
}

/**
 * The domain actor behind the stored columns: `system`/`system` and `customer`/`customer` are those kinds, anything
 * else a member of staff. The inverse of `actorColumns`, so the hash recomputes from the columns alone.
 */
export function actorFromColumns(actor: StoredActor): EventActor {
  if (actor.id === 'system' && actor.role === 'system') return { kind: 'system' };
  if (actor.id === 'customer' && actor.role === 'customer') return { kind: 'customer' };
  return { kind: 'staff', id: actor.id, role: actor.role as Role };
}

/** The case event a record stands for (what `foldEvents` and `eventHash` take). */
export function eventFromRecord(r: AuditRecord): CaseEvent {
  return { seq: r.seq, at: r.at, actor: actorFromColumns(r.actor), data: r.data };
}

/** The case row's audit facts, or `undefined` for an unknown case (or a string that is no case id). */
export async function loadCaseFacts(db: Queryable, caseId: string): Promise<AuditCaseFacts | undefined> {
  return new ComplaintCasesRepository(db).auditFacts(caseId);
}

/** Every stored audit row of a case, in sequence order. */
export async function loadAuditRecords(db: Queryable, caseId: string): Promise<AuditRecord[]> {
  return (await new CaseEventsRepository(db).byCase(caseId)).map(recordFromRow);
}

/** The whole `complaint_cases` row, as JSON (for the export bundle). */
export async function loadCaseRow(db: Queryable, caseId: string): Promise<Record<string, unknown> | undefined> {
  return new ComplaintCasesRepository(db).rowAsJson(caseId);
}

/** The case's audit facts and rows read in one snapshot, so `last_seq` and the rows describe the same moment. */
export async function loadCaseAudit(
  ds: DataSource,
  caseId: string,
): Promise<{ facts: AuditCaseFacts; records: AuditRecord[] } | undefined> {
  if (!isCaseId(caseId)) return undefined;
  return ds.transaction('REPEATABLE READ', async (m) => {
    const facts = await loadCaseFacts(m, caseId);
    if (!facts) return undefined;
    return { facts, records: await loadAuditRecords(m, caseId) };
  });
}
