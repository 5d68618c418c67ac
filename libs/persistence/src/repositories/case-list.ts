/**
 * The case list of `GET /complaints`: filters, visibility, order and page as SQL over `complaint_cases` (the
 * `overdue` filter an index range on `next_due_at`), and the row a list line is read from.
 */
import type { CaseState } from '@complaintflow/domain/case/state';
import type { Category, Stage, Urgency } from '@complaintflow/domain/vocabulary';
import type { CaseRecord } from './case-columns';
import { ROLLUP_STAGES } from '../migrations/1764800000000-report-rollups';
import { caseVisibilitySql, type CaseViewer } from './case-visibility';

/** One line of `GET /complaints` (times in epoch milliseconds), with what its live deadline view needs. */
export type CaseSummaryRow = Pick<
  CaseRecord,
  | 'id'
  | 'workflowId'
  | 'stage'
  | 'channel'
  | 'category'
  | 'urgency'
  | 'escalationLevel'
  | 'ownerId'
  | 'originOutlet'
  | 'deliveryOutlet'
  | 'waybillNo'
  | 'externalRef'
  | 'isRepeat'
  | 'isAppeal'
  | 'policyVersion'
  | 'receivedAt'
  | 'updatedAt'
> & {
  readonly deadlines: CaseState['deadlines'];
  readonly pauses: CaseState['pauses'];
};

export const CASE_LIST_SORTS = [
  'receivedAt',
  '-receivedAt',
  'updatedAt',
  '-updatedAt',
  'escalationLevel',
  '-escalationLevel',
] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

const ORDER: Record<CaseListSort, string> = {
  receivedAt: 'c.received_at ASC, c.id ASC',
  '-receivedAt': 'c.received_at DESC, c.id DESC',
  updatedAt: 'c.updated_at ASC, c.id ASC',
  '-updatedAt': 'c.updated_at DESC, c.id DESC',
  escalationLevel: 'c.escalation_level ASC, c.received_at DESC, c.id DESC',
  '-escalationLevel': 'c.escalation_level DESC, c.received_at DESC, c.id DESC',
};

/** The filters of `GET /complaints`; `q` already normalised as `search_text` is (the API's `normaliseSearchText`). */
export interface CaseListFilters {
  readonly stage?: Stage;
  readonly category?: Category;
  readonly outlet?: string;
  readonly urgency?: Urgency;
  readonly escalationLevel?: number;
  /** Overdue at `now` (`next_due_at <= now`), or not. */
  readonly overdue?: boolean;
  readonly q?: string;
  /**
   * The keyed hash of a phone number or e-mail address searched for (`PiiCipher.complainantKey`): `q` then also finds
   * the cases of that complainant, exactly, without their contact data ever being stored in clear (R-SEC-1).
   */
  readonly qComplainantKey?: string;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: CaseListSort;
}

interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The characters a stored waybill number and external reference can hold: intake stores the waybill normalised to
 * letters and digits (R-ACC-1, libs/domain/src/intake.ts) and refuses any other external reference
 * (apps/api/src/complaints/dto/intake.dto.ts). A search text with any other character (a Chinese word, a space) is in
 * neither, so `q` leaves their branches out: a trigram index cannot serve a pattern shorter than three characters,
 * and the planner's scan of it rechecked every row (bench/results/).
 */
const WAYBILL_CHARS = /^[A-Za-z0-9]+$/;
const EXTERNAL_REF_CHARS = /^[A-Za-z0-9._:/-]+$/;

/** `%text%` for ILIKE with `%`, `_` and `\` taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SUMMARY_COLUMNS = `c.id, c.workflow_id, c.stage, c.channel, c.category, c.urgency, c.escalation_level, c.owner_id,
  c.origin_outlet, c.delivery_outlet, c.waybill_no, c.external_ref, c.is_repeat, c.is_appeal, c.policy_version,
  c.received_at, c.updated_at, c.state->'deadlines' AS deadlines, c.state->'pauses' AS pauses`;

/**
 * The page and count statements of `GET /complaints`: every filter on an indexed column (`q` on trigram indexes over
 * waybill, external ref and the blanked description copy; `overdue=true` a range of `complaint_cases_next_due_idx`),
 * visibility by `caseVisibilitySql`, ordered by `sort` and cut to the page. Exported for the plan check.
 */
export function caseListStatements(
  viewer: CaseViewer,
  f: CaseListFilters,
  now: number,
): { page: Statement; count: Statement } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  const vis = caseVisibilitySql(viewer, 1);
  where.push(vis.sql);
  params.push(...vis.params);
  if (f.stage) add((n) => `c.stage = $${n}`, f.stage);
  if (f.category) add((n) => `c.category = $${n}`, f.category);
  if (f.urgency) add((n) => `c.urgency = $${n}`, f.urgency);
  if (f.escalationLevel !== undefined) add((n) => `c.escalation_level = $${n}`, f.escalationLevel);
  /** The outlet filter's parameter number and its clause's place in `where`. */
  let outlet: { param: number; clause: number } | null = null;
  if (f.outlet) {
    add((n) => `(c.origin_outlet = $${n} OR c.delivery_outlet = $${n})`, f.outlet);
    outlet = { param: params.length, clause: where.length - 1 };
  }
  if (f.q) {
    // The matching ids, one index-backed branch per column (the trigram index of each, the complainant key's index),
    // as a semi-join: one OR over them with a correlated EXISTS could use none of the indexes, so a rare term read
    // every row of the table (bench/src/bench.ts measures both).
    params.push(containsPattern(f.q));
    const n = params.length;
    const branches = [
      ...(WAYBILL_CHARS.test(f.q) ? [`SELECT w.id FROM complaint_cases w WHERE w.waybill_no ILIKE $${n}`] : []),
      ...(EXTERNAL_REF_CHARS.test(f.q) ? [`SELECT r.id FROM complaint_cases r WHERE r.external_ref ILIKE $${n}`] : []),
      `SELECT p.case_id FROM case_complainants p WHERE p.search_text ILIKE $${n}`,
    ];
    if (f.qComplainantKey) {
      params.push(f.qComplainantKey);
      branches.push(`SELECT k.id FROM complaint_cases k WHERE k.complainant_key = $${params.length}`);
    }
    where.push(`c.id IN (${branches.join(' UNION ALL ')})`);
  }
  // Overdue exactly when `isOverdue(state, now)`: `next_due_at` is `overdueAt(state)`, see the domain's proof.
  if (f.overdue === true) add((n) => `c.next_due_at <= to_timestamp($${n} / 1000.0)`, now);
  if (f.overdue === false) add((n) => `(c.next_due_at IS NULL OR c.next_due_at > to_timestamp($${n} / 1000.0))`, now);
  // The visibility clause names bare columns: they resolve to `c`, the only table of the outer query.
  const whereSql = where.join(' AND ');
  const offset = (f.page - 1) * f.pageSize;
  let countSql = `SELECT count(*)::int AS n FROM complaint_cases c WHERE ${whereSql}`;
  if (outlet !== null) {
    // The outlet's OR split into its two disjoint halves (origin = X; delivery = X and origin not X), each counted
    // by an index-only scan of its side's covering list index (migration 1764820000000: the visibility and the other
    // side's outlet are INCLUDEd), instead of a bitmap OR that fetches every matching row from the heap.
    const o = outlet.param;
    const skip = outlet.clause;
    const rest = where.filter((_, i) => i !== skip).join(' AND ');
    countSql = `SELECT ((SELECT count(*) FROM complaint_cases c WHERE ${rest} AND c.origin_outlet = $${o})
      + (SELECT count(*) FROM complaint_cases c WHERE ${rest} AND c.delivery_outlet = $${o}
         AND c.origin_outlet IS DISTINCT FROM $${o}))::int AS n`;
  }
  if (where.length === 1 && vis.params.length === 1) {
    // No filter, and a caller not held to one outlet: the total is every case less those about the caller
    // (R-FLOW-4). Counting every row took 308 ms p99 at 1,000,000 (bench/results/2026-12-01-quiet.md); the report
    // rollups already keep the case count, exactly (their triggers run in each case write's transaction), as the
    // month rows' stage columns, and `complaint_cases_subject_idx` counts the caller's own (migration 1764920000000).
    const cases = ROLLUP_STAGES.map((stage) => `st_${stage}`).join(' + ');
    countSql = `SELECT ((SELECT coalesce(sum(${cases}), 0) FROM report_rollups WHERE grain = 'month')
      - (SELECT count(*) FROM complaint_cases c WHERE c.subject_employee_id = $1))::int AS n`;
  }
  return {
    page: {
      sql: `SELECT ${SUMMARY_COLUMNS} FROM complaint_cases c WHERE ${whereSql} ORDER BY ${ORDER[f.sort]}
           LIMIT ${Number(f.pageSize)} OFFSET ${Number(offset)}`,
      params,
    },
    count: { sql: countSql, params },
  };
}

// ---- row shapes as node-postgres returns them, and their mappers ----

export interface SummaryDbRow {
  id: string;
  workflow_id: string;
  stage: Stage;
  channel: string;
  category: Category;
  urgency: Urgency;
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
  deadlines: CaseState['deadlines'] | null;
  pauses: CaseState['pauses'] | null;
}

export function summaryFromDb(r: SummaryDbRow): CaseSummaryRow {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    stage: r.stage,
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
    policyVersion: r.policy_version,
    receivedAt: r.received_at.getTime(),
    updatedAt: r.updated_at.getTime(),
    deadlines: r.deadlines ?? {},
    pauses: r.pauses ?? [],
  };
}
