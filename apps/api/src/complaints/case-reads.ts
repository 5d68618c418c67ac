/**
 * The API's read side over the read model (`complaint_cases`, written by the worker's `recordCaseEvents`, and the
 * sealed complainants): one case for access and the view, `GET /complaints` and `GET /approvals/pending`. The SQL is
 * in the repositories of `@complaintflow/persistence`; here rows become API shapes, with deadlines evaluated live at
 * `now` from the row's deadlines and pauses under the case's policy snapshot.
 */
import { Inject, Injectable } from '@nestjs/common';
import { isOverdue, type DeadlineFacts } from '@complaintflow/domain/case/view';
import { CaseComplainantsRepository } from '@complaintflow/persistence/repositories/case-complainants';
import {
  ComplaintCasesRepository,
  type CaseAccessRow,
  type PendingApprovalRow,
} from '@complaintflow/persistence/repositories/complaint-cases';
import { type CaseListFilters, type CaseSummaryRow } from '@complaintflow/persistence/repositories/case-list';
import type { Principal } from '../auth/principal';
import { caseStatus, iso, nextDueAt } from './case-view';
import { normaliseEmail, normalisePhone, normaliseSearchText, PiiCipher } from '@complaintflow/persistence/pii';
import { PolicySnapshots } from './policy-snapshots';
import { PII_CIPHER } from '../tokens';

/** A case row as access checks and the case view read it. */
export type CaseRow = CaseAccessRow;

/** The filters of `GET /complaints` as the query DTO parsed them (`q` as typed; normalised here). */
export type ListFilters = CaseListFilters;

function summaryView(r: CaseSummaryRow, facts: DeadlineFacts | undefined, now: number) {
  return {
    id: r.id,
    workflowId: r.workflowId,
    stage: r.stage,
    status: caseStatus(r),
    channel: r.channel,
    category: r.category,
    urgency: r.urgency,
    escalationLevel: r.escalationLevel,
    ownerId: r.ownerId,
    originOutlet: r.originOutlet,
    deliveryOutlet: r.deliveryOutlet,
    waybillNo: r.waybillNo,
    externalRef: r.externalRef,
    isRepeat: r.isRepeat,
    isAppeal: r.isAppeal,
    overdue: facts ? isOverdue(facts, now) : false,
    nextDueAt: facts ? nextDueAt(facts, now) : null,
    policyVersion: r.policyVersion,
    receivedAt: iso(r.receivedAt),
    updatedAt: iso(r.updatedAt),
  };
}

function pendingApprovalView(r: PendingApprovalRow, facts: DeadlineFacts | undefined, now: number) {
  const approval = facts?.deadlines.approval;
  return {
    caseId: r.id,
    workflowId: r.workflowId,
    stage: r.stage,
    category: r.category,
    urgency: r.urgency,
    requiredApproval: r.plan.requiredApproval,
    plan: {
      remedies: r.plan.remedies,
      compensationFen: r.plan.compensationFen,
      floorOffer: r.plan.floorOffer,
      note: r.plan.note ?? null,
      seq: r.plan.seq,
    },
    proposedBy: r.plan.proposedBy,
    proposedAt: iso(r.plan.proposedAt),
    // The approval deadline's due time (R-APR-1 clock), as ISO.
    approvalDueAt: facts && approval ? nextDueAt({ ...facts, deadlines: { approval } }, now) : null,
  };
}

@Injectable()
export class CaseReads {
  constructor(
    private readonly cases: ComplaintCasesRepository,
    private readonly complainants: CaseComplainantsRepository,
    private readonly policies: PolicySnapshots,
    @Inject(PII_CIPHER) private readonly cipher: PiiCipher,
  ) {}

  /** The case row, or `undefined` for an unknown case (or a string that is no case id). */
  async caseRow(caseId: string): Promise<CaseRow | undefined> {
    const row = await this.cases.accessRow(caseId);
    this.policies.remember(row?.state);
    return row;
  }

  /** The sealed complainant of a case (R-SEC-1). */
  async complainant(caseId: string): Promise<{ sealed: string } | undefined> {
    return this.complainants.sealed(caseId);
  }

  /**
   * `GET /complaints`: filters, visibility, order and page in SQL (`caseListStatements`); `overdue` on live deadlines
   * (`isOverdue` at `now`), which the stored `next_due_at` (`overdueAt`) answers exactly, not on the worker's coarse
   * `overdue` column.
   */
  async list(principal: Principal, f: ListFilters, now: number) {
    const key = f.q ? this.contactKey(f.q) : undefined;
    const { rows, total } = await this.cases.list(
      principal,
      { ...f, q: f.q ? normaliseSearchText(f.q) : undefined, ...(key ? { qComplainantKey: key } : {}) },
      now,
    );
    const items = await Promise.all(rows.map(async (r) => summaryView(r, await this.deadlineFacts(r), now)));
    return { items, total };
  }

  /**
   * A search for a phone number or an e-mail address finds that complainant's cases exactly, by the keyed hash intake
   * stores (`complainant_key`), never by their contact data in clear (R-SEC-1). Undefined for any other text.
   */
  private contactKey(q: string): string | undefined {
    const text = q.trim();
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return this.cipher.complainantKey({ email: normaliseEmail(text) });
    if (/^\+?[\d\s\-()]{7,}$/.test(text) && normalisePhone(text).length >= 7)
      return this.cipher.complainantKey({ phone: text });
    return undefined;
  }

  /**
   * `GET /approvals/pending`: plans waiting for approval (R-APR-1) at a tier the caller may approve (R-APR-2: a
   * manager also sees supervisor-tier plans), never the caller's own proposals, within what the caller may see.
   */
  async pendingApprovals(principal: Principal, tiers: readonly string[], now: number, includeOwn = false) {
    const rows = await this.cases.pendingApprovals(principal, tiers, includeOwn);
    const items = await Promise.all(
      rows.map(async (r) => ({
        ...pendingApprovalView(r, await this.deadlineFacts(r), now),
        // R-APR-2: the caller's own proposal (listed with include=own), shown but never theirs to decide.
        mine: r.plan.proposedBy === principal.sub,
      })),
    );
    return { items, total: items.length };
  }

  /** What the deadline views need of a listed case: its policy snapshot, deadlines and pauses. */
  private async deadlineFacts(
    r: Pick<CaseSummaryRow, 'policyVersion' | 'deadlines' | 'pauses'>,
  ): Promise<DeadlineFacts | undefined> {
    const policy = await this.policies.get(r.policyVersion);
    return policy ? { policy, deadlines: r.deadlines, pauses: r.pauses } : undefined;
  }
}
