/**
 * `complaint_cases`: the read model of a case, one row per case, written only by the worker's `recordCaseEvents`
 * (`upsert`, in the transaction that appends the case's events) and read by the API (access, lists, the approvals
 * inbox, repeat detection) and the audit (facts, export row, replay selection). `state` is the workflow's `CaseState`
 * as JSON; `next_due_at` is when the case falls overdue if nothing more happens (`overdueAt` of the domain), so the
 * `overdue` list filter is an index range.
 */
import type { CaseState, PlanRecord } from '@complaintflow/domain/case/state';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import type { PriorComplaint } from '@complaintflow/domain/repeat';
import type { Category } from '@complaintflow/domain/vocabulary';
import { caseVisibilitySql, type CaseViewer } from './case-visibility';
import {
  caseListStatements,
  summaryFromDb,
  type CaseListFilters,
  type CaseSummaryRow,
  type SummaryDbRow,
} from './case-list';
import type { CaseRecord } from './case-columns';
import { isCaseId, type Queryable } from './db';

export type { CaseRecord };

/** The row of a case state (the projection of the workflow's fold). */
export function caseRecordOf(
  state: CaseState,
  facts: { readonly workflowId: string; readonly overdue: boolean; readonly nextDueAt: number | null },
): CaseRecord {
  return {
    id: state.caseId,
    workflowId: facts.workflowId,
    stage: state.stage,
    channel: state.channel,
    category: state.category,
    urgency: state.urgency,
    escalationLevel: state.escalationLevel,
    ownerId: state.ownerId,
    originOutlet: state.intake.shipment.originOutlet,
    deliveryOutlet: state.intake.shipment.deliveryOutlet,
    waybillNo: state.intake.waybillNo,
    externalRef: state.intake.externalRef ?? null,
    subjectEmployeeId: state.intake.subjectEmployeeId ?? null,
    complainantKey: state.intake.complainantKey,
    isRepeat: state.intake.isRepeat,
    isAppeal: state.channel === 'regulator',
    policyVersion: state.policyVersion,
    lastSeq: state.lastSeq,
    state,
    receivedAt: state.receivedAt,
    updatedAt: state.updatedAt,
    department: state.department ?? null,
    overdue: facts.overdue,
    nextDueAt: facts.nextDueAt,
    closedAt: state.closure?.at ?? null,
  };
}

/** What object-level access and the case view need: the state and the facts access is decided on. */
export interface CaseAccessRow {
  readonly id: string;
  readonly workflowId: string;
  readonly state: CaseState;
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  readonly subjectEmployeeId: string | null;
}

/** The facts of the case row the audit needs (object-level access, the workflow, the tail cross-check). */
export interface CaseAuditFactsRow {
  readonly id: string;
  readonly workflowId: string;
  readonly lastSeq: number;
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  readonly subjectEmployeeId: string | null;
  readonly receivedAt: Date;
}

/** One plan waiting for approval (`GET /approvals/pending`), with what its approval clock needs. */
export interface PendingApprovalRow {
  readonly id: string;
  readonly workflowId: string;
  readonly stage: string;
  readonly category: string;
  readonly urgency: string;
  readonly policyVersion: string;
  readonly plan: PlanRecord;
  readonly deadlines: CaseState['deadlines'];
  readonly pauses: CaseState['pauses'];
}

/** An earlier case that may make a new complaint a repeat (R-CAT-4), with its standing floor offer (R-CMP-4). */
export type PriorCaseRow = PriorComplaint & { readonly floorOfferFen: number | null };

interface AccessDbRow {
  id: string;
  workflow_id: string;
  state: CaseState;
  origin_outlet: string | null;
  delivery_outlet: string | null;
  subject_employee_id: string | null;
}

function accessFromDb(r: AccessDbRow): CaseAccessRow {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    state: r.state,
    originOutlet: r.origin_outlet,
    deliveryOutlet: r.delivery_outlet,
    subjectEmployeeId: r.subject_employee_id,
  };
}

interface AuditFactsDbRow {
  id: string;
  workflow_id: string;
  last_seq: number;
  origin_outlet: string | null;
  delivery_outlet: string | null;
  subject_employee_id: string | null;
  received_at: Date;
}

function auditFactsFromDb(row: AuditFactsDbRow): CaseAuditFactsRow {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    lastSeq: Number(row.last_seq),
    originOutlet: row.origin_outlet,
    deliveryOutlet: row.delivery_outlet,
    subjectEmployeeId: row.subject_employee_id,
    receivedAt: row.received_at,
  };
}

interface PendingDbRow {
  id: string;
  workflow_id: string;
  stage: string;
  category: string;
  urgency: string;
  policy_version: string;
  plan: PlanRecord;
  deadlines: CaseState['deadlines'] | null;
  pauses: CaseState['pauses'] | null;
}

function pendingFromDb(r: PendingDbRow): PendingApprovalRow {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    stage: r.stage,
    category: r.category,
    urgency: r.urgency,
    policyVersion: r.policy_version,
    plan: r.plan,
    deadlines: r.deadlines ?? {},
    pauses: r.pauses ?? [],
  };
}

interface PriorDbRow {
  id: string;
  waybill_no: string;
  complainant_key: string | null;
  category: Category;
  received_ms: string;
  floor: string | number | null;
}

function priorFromDb(r: PriorDbRow): PriorCaseRow {
  return {
    caseId: r.id,
    waybillNo: r.waybill_no,
    complainantKey: r.complainant_key ?? '',
    category: r.category,
    receivedAt: Number(r.received_ms),
    floorOfferFen: r.floor === null ? null : Number(r.floor),
  };
}

export class ComplaintCasesRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Inserts the case row or refreshes it from a later state (never from an earlier one: `last_seq` only grows). The
   * one write of `complaint_cases`; in `recordCaseEvents` it comes first, so its row lock serialises the writers of
   * a case and the event rows find their FK target.
   */
  async upsert(r: CaseRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, escalation_level, owner_id,
         origin_outlet, delivery_outlet, waybill_no, external_ref, subject_employee_id, complainant_key, is_repeat,
         is_appeal, policy_version, last_seq, state, received_at, updated_at, department, overdue, closed_at,
         next_due_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,to_timestamp($20/1000.0),
         to_timestamp($21/1000.0),$22,$23,to_timestamp($24/1000.0),to_timestamp($25/1000.0))
       ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage, category = EXCLUDED.category, urgency = EXCLUDED.urgency,
         escalation_level = EXCLUDED.escalation_level, owner_id = EXCLUDED.owner_id, last_seq = EXCLUDED.last_seq,
         state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, department = EXCLUDED.department,
         overdue = EXCLUDED.overdue, closed_at = EXCLUDED.closed_at, next_due_at = EXCLUDED.next_due_at
       WHERE complaint_cases.last_seq < EXCLUDED.last_seq`,
      [
        r.id,
        r.workflowId,
        r.stage,
        r.channel,
        r.category,
        r.urgency,
        r.escalationLevel,
        r.ownerId,
        r.originOutlet,
        r.deliveryOutlet,
        r.waybillNo,
        r.externalRef,
        r.subjectEmployeeId,
        r.complainantKey,
        r.isRepeat,
        r.isAppeal,
        r.policyVersion,
        r.lastSeq,
        JSON.stringify(r.state),
        r.receivedAt,
        r.updatedAt,
        r.department,
        r.overdue,
        r.closedAt,
        r.nextDueAt,
      ],
    );
  }

  /** Whether the read model holds the case up to event `seq`. */
  async recorded(caseId: string, seq: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM complaint_cases WHERE id = $1 AND last_seq >= $2`, [
      caseId,
      seq,
    ]);
    return rows.length > 0;
  }

  /** The case's state and access facts; `undefined` for an unknown case (or a string that is no case id). */
  async accessRow(caseId: string): Promise<CaseAccessRow | undefined> {
    if (!isCaseId(caseId)) return undefined;
    const rows: AccessDbRow[] = await this.db.query(
      `SELECT id, workflow_id, state, origin_outlet, delivery_outlet, subject_employee_id
       FROM complaint_cases WHERE id = $1`,
      [caseId],
    );
    return rows[0] ? accessFromDb(rows[0]) : undefined;
  }

  /** The case row's audit facts; `undefined` for an unknown case (or a string that is no case id). */
  async auditFacts(caseId: string): Promise<CaseAuditFactsRow | undefined> {
    if (!isCaseId(caseId)) return undefined;
    const rows: AuditFactsDbRow[] = await this.db.query(
      `SELECT id, workflow_id, last_seq, origin_outlet, delivery_outlet, subject_employee_id, received_at
         FROM complaint_cases WHERE id = $1`,
      [caseId],
    );
    return rows[0] ? auditFactsFromDb(rows[0]) : undefined;
  }

  /** The whole row as JSON (for the export bundle); `undefined` for an unknown case. */
  async rowAsJson(caseId: string): Promise<Record<string, unknown> | undefined> {
    if (!isCaseId(caseId)) return undefined;
    const rows: Record<string, unknown>[] = await this.db.query('SELECT * FROM complaint_cases WHERE id = $1', [
      caseId,
    ]);
    return rows[0] ? (JSON.parse(JSON.stringify(rows[0])) as Record<string, unknown>) : undefined;
  }

  /** The ids of the cases received at or after `since` (all cases without it), oldest first. */
  async idsReceivedSince(since?: Date): Promise<string[]> {
    const rows: { id: string }[] = since
      ? await this.db.query('SELECT id FROM complaint_cases WHERE received_at >= $1 ORDER BY received_at, id', [since])
      : await this.db.query('SELECT id FROM complaint_cases ORDER BY received_at, id');
    return rows.map((r) => r.id);
  }

  /** The policy snapshot of `version`, from any case that runs under it. */
  async policySnapshot(version: string): Promise<PolicyDocument | undefined> {
    const rows: { policy: PolicyDocument | null }[] = await this.db.query(
      `SELECT state->'policy' AS policy FROM complaint_cases WHERE policy_version = $1 LIMIT 1`,
      [version],
    );
    return rows[0]?.policy ?? undefined;
  }

  /**
   * Earlier cases that may make a new complaint a repeat (R-CAT-4): the same waybill (any time), or the same
   * complainant key and category since `since`. Each with its standing floor offer (R-CMP-4), if any.
   */
  async priorCases(
    waybillNo: string,
    complainantKey: string,
    category: Category,
    since: number,
  ): Promise<PriorCaseRow[]> {
    const rows: PriorDbRow[] = await this.db.query(
      `SELECT id, waybill_no, complainant_key, category, (extract(epoch FROM received_at) * 1000)::bigint AS received_ms,
         CASE WHEN jsonb_typeof(state->'floorOfferFen') = 'number' THEN (state->>'floorOfferFen')::bigint END AS floor
       FROM complaint_cases
       WHERE waybill_no = $1 OR (complainant_key = $2 AND category = $3 AND received_at >= to_timestamp($4 / 1000.0))
       ORDER BY received_at DESC LIMIT 500`,
      [waybillNo, complainantKey, category, since],
    );
    return rows.map(priorFromDb);
  }

  /** A page of `GET /complaints` and the number of rows over all pages (`caseListStatements`). */
  async list(viewer: CaseViewer, f: CaseListFilters, now: number): Promise<{ rows: CaseSummaryRow[]; total: number }> {
    const { page, count } = caseListStatements(viewer, f, now);
    const [rows, counted] = await Promise.all([
      this.db.query(page.sql, page.params) as Promise<SummaryDbRow[]>,
      this.db.query(count.sql, count.params) as Promise<{ n: number }[]>,
    ]);
    return { rows: rows.map(summaryFromDb), total: counted[0]?.n ?? 0 };
  }

  /**
   * Plans waiting for approval (R-APR-1) at one of `tiers`, never proposed by the viewer, within what the viewer may
   * see; earliest proposal first.
   */
  /** Plans pending at `tiers`, the viewer's own proposals left out unless `includeOwn` (shown, not actionable). */
  async pendingApprovals(
    viewer: CaseViewer,
    tiers: readonly string[],
    includeOwn = false,
  ): Promise<PendingApprovalRow[]> {
    const vis = caseVisibilitySql(viewer, 3);
    const rows: PendingDbRow[] = await this.db.query(
      `SELECT c.id, c.workflow_id, c.stage, c.category, c.urgency, c.policy_version, c.state->'plan' AS plan,
         c.state->'deadlines' AS deadlines, c.state->'pauses' AS pauses
       FROM complaint_cases c
       WHERE c.state->'plan'->>'approval' = 'pending' AND c.state->'plan'->>'requiredApproval' = ANY($1)
         AND ($2::text IS NULL OR c.state->'plan'->>'proposedBy' IS DISTINCT FROM $2) AND ${vis.sql}
       ORDER BY (c.state->'plan'->>'proposedAt')::numeric ASC NULLS LAST, c.id LIMIT 500`,
      [tiers, includeOwn ? null : viewer.sub, ...vis.params],
    );
    return rows.map(pendingFromDb);
  }
}
