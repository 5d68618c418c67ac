/**
 * The API's SQL over the read model: `complaint_cases` (written by the worker's `recordCaseEvents`, its `state` the
 * JSON `CaseState`) and `case_complainants` (written here: the encrypted complainant, R-SEC-1).
 */
import type { DataSource } from 'typeorm';
import type { CaseState } from '@complaintflow/domain/case/state';
import { isOverdue } from '@complaintflow/domain/case/view';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import type { PriorComplaint } from '@complaintflow/domain/repeat';
import type { Category, Stage, Urgency } from '@complaintflow/domain/vocabulary';
import type { Principal } from '../auth/principal';
import { caseVisibilitySql, type CaseAccessFacts } from '../common/case-access';
import { caseStatus, iso, nextDueAt } from './case-view';
import type { Sort } from './dto/query.dto';
import { normaliseSearchText } from './pii';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

export interface ComplainantRow {
  readonly caseId: string;
  readonly channel: string;
  readonly externalRef: string | null;
  readonly waybillNo: string;
  readonly complainantKey: string;
  readonly sealed: string;
  readonly keyId: string;
  readonly searchText: string;
  readonly receivedBy: string;
}

export interface CaseRow extends CaseAccessFacts {
  readonly id: string;
  readonly workflowId: string;
  readonly state: CaseState;
}

export interface ListFilters {
  readonly stage?: Stage;
  readonly category?: Category;
  readonly outlet?: string;
  readonly urgency?: Urgency;
  readonly escalationLevel?: number;
  readonly overdue?: boolean;
  readonly q?: string;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: Sort;
}

const ORDER: Record<Sort, string> = {
  receivedAt: 'c.received_at ASC, c.id ASC',
  '-receivedAt': 'c.received_at DESC, c.id DESC',
  updatedAt: 'c.updated_at ASC, c.id ASC',
  '-updatedAt': 'c.updated_at DESC, c.id DESC',
  escalationLevel: 'c.escalation_level ASC, c.received_at DESC, c.id DESC',
  '-escalationLevel': 'c.escalation_level DESC, c.received_at DESC, c.id DESC',
};

/** `%text%` for ILIKE with `%`, `_` and `\` taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface SummaryRow {
  id: string;
  workflow_id: string;
  stage: Stage;
  channel: string;
  category: string;
  urgency: string;
  escalation_level: number;
  owner_id: string | null;
  origin_outlet: string | null;
  delivery_outlet: string | null;
  waybill_no: string;
  external_ref: string | null;
  is_repeat: boolean;
  is_appeal: boolean;
  policy_version: string;
  received_at: Date;
  updated_at: Date;
  deadlines: CaseState['deadlines'];
  pauses: CaseState['pauses'];
}

const SUMMARY_COLUMNS = `c.id, c.workflow_id, c.stage, c.channel, c.category, c.urgency, c.escalation_level, c.owner_id,
  c.origin_outlet, c.delivery_outlet, c.waybill_no, c.external_ref, c.is_repeat, c.is_appeal, c.policy_version,
  c.received_at, c.updated_at, c.state->'deadlines' AS deadlines, c.state->'pauses' AS pauses`;

export class CaseStore {
  /** Policy snapshots by version (deadline views need the calendar; a version never changes). */
  private readonly policies = new Map<string, PolicyDocument>();

  constructor(private readonly ds: DataSource) {}

  // ---- complainants (R-SEC-1) ----

  /**
   * Inserts the complainant row. `inserted` when new; otherwise the case it collided with — the same case id (a
   * retried intake) or another case with the same `(channel, external_ref)` (an appeal already on file).
   */
  async insertComplainant(row: ComplainantRow): Promise<{ inserted: true } | { inserted: false; caseId: string }> {
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO case_complainants (case_id, channel, external_ref, waybill_no, complainant_key, sealed, key_id,
         search_text, received_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING RETURNING case_id`,
      [
        row.caseId,
        row.channel,
        row.externalRef,
        row.waybillNo,
        row.complainantKey,
        row.sealed,
        row.keyId,
        row.searchText,
        row.receivedBy,
      ],
    );
    if (inserted.length > 0) return { inserted: true };
    const same: { case_id: string }[] = await this.ds.query(
      `SELECT case_id FROM case_complainants WHERE case_id = $1`,
      [row.caseId],
    );
    if (same.length > 0) return { inserted: false, caseId: row.caseId };
    const existing = row.externalRef ? await this.caseIdByExternalRef(row.channel, row.externalRef) : undefined;
    if (existing) return { inserted: false, caseId: existing };
    throw new Error('complainant row neither inserted nor found');
  }

  async deleteComplainant(caseId: string): Promise<void> {
    await this.ds.query(`DELETE FROM case_complainants WHERE case_id = $1`, [caseId]);
  }

  /** Complainant rows older than `olderThanMs` with no case row (candidates for the orphan sweep). */
  async orphanComplainants(olderThanMs: number): Promise<{ case_id: string }[]> {
    return this.ds.query(
      `SELECT p.case_id FROM case_complainants p
       WHERE p.created_at < now() - make_interval(secs => $1 / 1000.0)
         AND NOT EXISTS (SELECT 1 FROM complaint_cases c WHERE c.id = p.case_id)
       ORDER BY p.created_at LIMIT 100`,
      [olderThanMs],
    );
  }

  async caseIdByExternalRef(channel: string, externalRef: string): Promise<string | undefined> {
    const rows: { case_id: string }[] = await this.ds.query(
      `SELECT case_id FROM case_complainants WHERE channel = $1 AND external_ref = $2
       UNION ALL SELECT id FROM complaint_cases WHERE channel = $1 AND external_ref = $2 LIMIT 1`,
      [channel, externalRef],
    );
    return rows[0]?.case_id;
  }

  async complainant(caseId: string): Promise<{ sealed: string } | undefined> {
    const rows: { sealed: string }[] = await this.ds.query(`SELECT sealed FROM case_complainants WHERE case_id = $1`, [
      caseId,
    ]);
    return rows[0];
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
  ): Promise<(PriorComplaint & { floorOfferFen: number | null })[]> {
    const rows: {
      id: string;
      waybill_no: string;
      complainant_key: string | null;
      category: Category;
      received_ms: string;
      floor: number | null;
    }[] = await this.ds.query(
      `SELECT id, waybill_no, complainant_key, category, (extract(epoch FROM received_at) * 1000)::bigint AS received_ms,
         CASE WHEN jsonb_typeof(state->'floorOfferFen') = 'number' THEN (state->>'floorOfferFen')::bigint END AS floor
       FROM complaint_cases
       WHERE waybill_no = $1 OR (complainant_key = $2 AND category = $3 AND received_at >= to_timestamp($4 / 1000.0))
       ORDER BY received_at DESC LIMIT 500`,
      [waybillNo, complainantKey, category, since],
    );
    return rows.map((r) => ({
      caseId: r.id,
      waybillNo: r.waybill_no,
      complainantKey: r.complainant_key ?? '',
      category: r.category,
      receivedAt: Number(r.received_ms),
      floorOfferFen: r.floor === null ? null : Number(r.floor),
    }));
  }

  // ---- cases ----

  /** Whether the read model holds the case up to event `seq`. */
  async recorded(caseId: string, seq: number): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM complaint_cases WHERE id = $1 AND last_seq >= $2`, [
      caseId,
      seq,
    ]);
    return rows.length > 0;
  }

  async caseRow(caseId: string): Promise<CaseRow | undefined> {
    if (!isUuid(caseId)) return undefined;
    const rows: {
      id: string;
      workflow_id: string;
      state: CaseState;
      origin_outlet: string | null;
      delivery_outlet: string | null;
      subject_employee_id: string | null;
    }[] = await this.ds.query(
      `SELECT id, workflow_id, state, origin_outlet, delivery_outlet, subject_employee_id
       FROM complaint_cases WHERE id = $1`,
      [caseId],
    );
    const r = rows[0];
    if (!r) return undefined;
    this.rememberPolicy(r.state);
    return {
      id: r.id,
      workflowId: r.workflow_id,
      state: r.state,
      originOutlet: r.origin_outlet,
      deliveryOutlet: r.delivery_outlet,
      subjectEmployeeId: r.subject_employee_id,
    };
  }

  private rememberPolicy(state: CaseState): void {
    if (state?.policy && !this.policies.has(state.policyVersion)) this.policies.set(state.policyVersion, state.policy);
  }

  private async policy(version: string): Promise<PolicyDocument | undefined> {
    const known = this.policies.get(version);
    if (known) return known;
    const rows: { policy: PolicyDocument | null }[] = await this.ds.query(
      `SELECT state->'policy' AS policy FROM complaint_cases WHERE policy_version = $1 LIMIT 1`,
      [version],
    );
    const policy = rows[0]?.policy ?? undefined;
    if (policy) this.policies.set(version, policy);
    return policy;
  }

  /** The parts of a state the deadline views read (policy, pauses, deadlines). */
  private async partialState(r: SummaryRow): Promise<CaseState | undefined> {
    const policy = await this.policy(r.policy_version);
    if (!policy) return undefined;
    return { policy, pauses: r.pauses ?? [], deadlines: r.deadlines ?? {} } as unknown as CaseState;
  }

  private summary(r: SummaryRow, state: CaseState | undefined, now: number) {
    return {
      id: r.id,
      workflowId: r.workflow_id,
      stage: r.stage,
      status: caseStatus(r),
      channel: r.channel,
      category: r.category,
      urgency: r.urgency,
      escalationLevel: r.escalation_level,
      ownerId: r.owner_id,
      originOutlet: r.origin_outlet,
      deliveryOutlet: r.delivery_outlet,
      waybillNo: r.waybill_no,
      externalRef: r.external_ref,
      isRepeat: r.is_repeat,
      isAppeal: r.is_appeal,
      overdue: state ? isOverdue(state, now) : false,
      nextDueAt: state ? nextDueAt(state, now) : null,
      policyVersion: r.policy_version,
      receivedAt: iso(r.received_at.getTime()),
      updatedAt: iso(r.updated_at.getTime()),
    };
  }

  /**
   * `GET /complaints`: filters in SQL (each on an indexed column; `q` on trigram indexes over waybill, external ref and
   * the blanked description copy), visibility by `caseVisibilitySql`. `overdue=true` is decided on live deadlines
   * (`isOverdue` at `now`), not on the worker's coarse `overdue` column: the SQL narrows to cases with a deadline not
   * yet met, then each candidate's deadlines are evaluated here, and the page is cut from what remains.
   */
  async list(principal: Principal, f: ListFilters, now: number) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    const vis = caseVisibilitySql(principal, 1);
    where.push(vis.sql);
    params.push(...vis.params);
    if (f.stage) add((n) => `c.stage = $${n}`, f.stage);
    if (f.category) add((n) => `c.category = $${n}`, f.category);
    if (f.urgency) add((n) => `c.urgency = $${n}`, f.urgency);
    if (f.escalationLevel !== undefined) add((n) => `c.escalation_level = $${n}`, f.escalationLevel);
    if (f.outlet) add((n) => `(c.origin_outlet = $${n} OR c.delivery_outlet = $${n})`, f.outlet);
    if (f.q) {
      add(
        (n) =>
          `(c.waybill_no ILIKE $${n} OR c.external_ref ILIKE $${n} OR EXISTS (SELECT 1 FROM case_complainants p
             WHERE p.case_id = c.id AND p.search_text ILIKE $${n}))`,
        containsPattern(normaliseSearchText(f.q)),
      );
    }
    if (f.overdue === true) {
      where.push(`EXISTS (SELECT 1 FROM jsonb_each(c.state->'deadlines') d WHERE NOT (d.value ? 'metAt'))`);
    }
    // The visibility clause names bare columns: they resolve to `c`, the only table of the outer query.
    const whereSql = where.join(' AND ');
    const order = ORDER[f.sort];
    const offset = (f.page - 1) * f.pageSize;

    if (f.overdue === undefined) {
      const [rows, count] = await Promise.all([
        this.ds.query(
          `SELECT ${SUMMARY_COLUMNS} FROM complaint_cases c WHERE ${whereSql} ORDER BY ${order}
           LIMIT ${f.pageSize} OFFSET ${offset}`,
          params,
        ) as Promise<SummaryRow[]>,
        this.ds.query(`SELECT count(*)::int AS n FROM complaint_cases c WHERE ${whereSql}`, params) as Promise<
          { n: number }[]
        >,
      ]);
      const items = await Promise.all(rows.map(async (r) => this.summary(r, await this.partialState(r), now)));
      return { items, total: count[0]?.n ?? 0 };
    }

    // overdue=true|false: evaluate live deadlines of every candidate, then page.
    const candidates: SummaryRow[] = await this.ds.query(
      `SELECT ${SUMMARY_COLUMNS} FROM complaint_cases c WHERE ${whereSql} ORDER BY ${order}`,
      params,
    );
    const kept: { r: SummaryRow; s: CaseState | undefined }[] = [];
    for (const r of candidates) {
      const s = await this.partialState(r);
      const overdue = s ? isOverdue(s, now) : false;
      if (overdue === f.overdue) kept.push({ r, s });
    }
    return {
      items: kept.slice(offset, offset + f.pageSize).map(({ r, s }) => this.summary(r, s, now)),
      total: kept.length,
    };
  }

  /**
   * `GET /approvals/pending`: plans waiting for approval (R-APR-1) at a tier the caller may approve (R-APR-2: a
   * manager also sees supervisor-tier plans), never the caller's own proposals, within what the caller may see.
   */
  async pendingApprovals(principal: Principal, tiers: readonly string[], now: number) {
    const vis = caseVisibilitySql(principal, 3);
    const rows: {
      id: string;
      workflow_id: string;
      stage: string;
      category: string;
      urgency: string;
      policy_version: string;
      plan: NonNullable<CaseState['plan']>;
      deadlines: CaseState['deadlines'];
      pauses: CaseState['pauses'];
    }[] = await this.ds.query(
      `SELECT c.id, c.workflow_id, c.stage, c.category, c.urgency, c.policy_version, c.state->'plan' AS plan,
         c.state->'deadlines' AS deadlines, c.state->'pauses' AS pauses
       FROM complaint_cases c
       WHERE c.state->'plan'->>'approval' = 'pending' AND c.state->'plan'->>'requiredApproval' = ANY($1)
         AND c.state->'plan'->>'proposedBy' IS DISTINCT FROM $2 AND ${vis.sql}
       ORDER BY (c.state->'plan'->>'proposedAt')::numeric ASC NULLS LAST, c.id LIMIT 500`,
      [tiers, principal.sub, ...vis.params],
    );
    const items = await Promise.all(
      rows.map(async (r) => {
        const policy = await this.policy(r.policy_version);
        const state = policy
          ? ({ policy, pauses: r.pauses ?? [], deadlines: r.deadlines ?? {} } as unknown as CaseState)
          : undefined;
        const approvalDeadline = state?.deadlines.approval ? nextDueAtOf(state, now) : null;
        return {
          caseId: r.id,
          workflowId: r.workflow_id,
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
          approvalDueAt: approvalDeadline,
        };
      }),
    );
    return { items, total: items.length };
  }
}

/** The approval deadline's due time (R-APR-1 clock), as ISO. */
function nextDueAtOf(state: CaseState, now: number): string | null {
  const only = { ...state, deadlines: { approval: state.deadlines.approval } } as CaseState;
  return nextDueAt(only, now);
}
