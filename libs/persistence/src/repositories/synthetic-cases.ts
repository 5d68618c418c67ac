/**
 * Synthetic case rows for the reports benchmark (bench/src/reports.ts) — never called by the service. One
 * `INSERT … SELECT generate_series` per batch writes `complaint_cases` rows with a realistic spread: outlets (skewed),
 * categories and channels (weighted), a year of receipt days, stages by age, handling times, deadline clocks met or
 * breached, surveys, reopens, repeats, findings with liability and plan remedies. The rows go through the table's
 * own trigger, so the rollups fill by the path production uses. Open cases get a `next_due_at` (when they fall overdue,
 * 1–72 hours after receipt, so most old open cases are overdue), and optionally a `case_complainants` row each.
 */
import type { Queryable } from './db';

export interface SyntheticCaseOptions {
  /** Rows `first` … `first + count − 1` (ids are derived from the number: the same number, the same case id). */
  readonly first: number;
  readonly count: number;
  /** Outlets `BN-000` … (default 40). */
  readonly outlets?: number;
  /** Receipt spread over this many days before `nowMs` (default 365). */
  readonly days?: number;
  readonly nowMs: number;
  /**
   * Also write each case's `case_complainants` row (a short description from a small vocabulary as `search_text`, no
   * personal data; `sealed` is a placeholder), so `q` searches its text as in production. Default false.
   */
  readonly complainants?: boolean;
}

/** The descriptions of synthetic complainants (`search_text` as the API stores it: normalised, nothing personal). */
export const SYNTHETIC_DESCRIPTIONS = [
  '快件已经五天没有更新物流信息,请尽快派送',
  '外包装破损,里面的杯子碎了',
  '快递员态度恶劣,电话里骂人',
  '运费多收了十元,要求退还',
  '包裹丢失,至今没有找到',
  '没有送货上门就显示签收了',
  'parcel late, no tracking update for a week',
  '派送员未经同意放在快递柜',
];

const CATEGORY_WEIGHTS: Record<string, number> = {
  delay: 6,
  service_attitude: 3,
  late_compensation: 2,
  overcharge: 1,
  damage: 2,
  shortage: 1,
  loss: 2,
  non_recipient_signature: 1,
  out_of_area: 1,
  tracking_info: 2,
  privacy: 1,
  other: 1,
};
const CHANNEL_WEIGHTS: Record<string, number> = {
  phone: 8,
  app: 4,
  web: 3,
  sms: 1,
  email: 1,
  social: 1,
  onsite: 2,
  regulator: 1,
  consumer_association: 1,
  media: 1,
};

const weighted = (w: Record<string, number>) =>
  `ARRAY[${Object.entries(w)
    .flatMap(([k, n]) => Array.from({ length: n }, () => `'${k}'`))
    .join(',')}]`;
const size = (w: Record<string, number>) => Object.values(w).reduce((a, b) => a + b, 0);

/** Writes one batch of synthetic cases; returns the number of rows written. */
export async function insertSyntheticCases(db: Queryable, o: SyntheticCaseOptions): Promise<number> {
  const outlets = o.outlets ?? 40;
  const days = o.days ?? 365;
  const rows: { n: number }[] = await db.query(
    `WITH base AS (
       SELECT g, md5('cf-bench-' || g)::uuid AS id,
         r.r1, r.r2, r.r3, r.r4, r.r5, r.r6, r.r7, r.r8, r.r9,
         to_timestamp($3 / 1000.0) - (r.r3 * $5) * interval '1 day' AS received_at,
         r.r3 * $5 AS age_days
       FROM generate_series($1::int, $1::int + $2::int - 1) g
       CROSS JOIN LATERAL (SELECT random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                                  random() r7, random() r8, random() r9, g AS gg) r
     ), shaped AS (
       SELECT b.*,
         'BN-' || lpad(floor($4 * power(b.r1, 1.6))::int::text, 3, '0') AS origin,
         'BN-' || lpad(floor($4 * b.r9)::int::text, 3, '0') AS delivery,
         (${weighted(CATEGORY_WEIGHTS)})[1 + floor(b.r2 * ${size(CATEGORY_WEIGHTS)})::int] AS category,
         (${weighted(CHANNEL_WEIGHTS)})[1 + floor(b.r8 * ${size(CHANNEL_WEIGHTS)})::int] AS channel,
         CASE WHEN b.r4 < least(0.95, b.age_days / 20.0) THEN
                CASE WHEN b.r5 < 0.04 THEN 'closed_inadmissible' WHEN b.r5 < 0.08 THEN 'closed_on_the_spot'
                     ELSE 'closed' END
              ELSE (ARRAY['acceptance','investigation','investigation','handling','handling','resolution','review'])
                     [1 + floor(b.r6 * 7)::int] END AS stage,
         0.25 + power(b.r7, 2) * 500 AS handling_hours
       FROM base b
     ), timed AS (
       SELECT s.*,
         CASE WHEN s.stage LIKE 'closed%' THEN s.received_at + s.handling_hours * interval '1 hour' END AS closed_at,
         (extract(epoch FROM s.received_at) * 1000)::bigint AS rms,
         s.stage IN ('handling','resolution','review','closed') AS found,
         s.stage = 'closed' AND s.r5 < 0.65 AS surveyed,
         1 + floor(random() * 5)::int AS sp, 2 + floor(random() * 4)::int AS ef,
         2 + floor(random() * 4)::int AS at, 1 + floor(random() * 5)::int AS tr
       FROM shaped s
     ), ins AS (
     INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, escalation_level, owner_id,
       origin_outlet, delivery_outlet, waybill_no, complainant_key, is_repeat, is_appeal, policy_version, last_seq,
       state, received_at, updated_at, closed_at, next_due_at)
     SELECT t.id, 'complaint-' || t.id, t.stage, t.channel, t.category,
       CASE WHEN t.r6 < 0.9 THEN 'normal' WHEN t.r6 < 0.98 THEN 'urgent' ELSE 'major' END, 0,
       'agent-' || (1 + floor(t.r9 * 200)::int), t.origin, t.delivery, 'BN' || lpad(t.g::text, 12, '0'),
       md5('cf-bench-key-' || (t.g % 700000)), t.r7 < 0.05, t.channel = 'regulator', '2026.2', 6,
       jsonb_strip_nulls(jsonb_build_object(
         'caseId', t.id, 'stage', t.stage, 'channel', t.channel, 'category', t.category,
         'reopenCount', CASE WHEN t.stage = 'closed' AND t.r8 < 0.03 THEN 1 ELSE 0 END,
         'receivedAt', t.rms,
         'deadlines', jsonb_strip_nulls(jsonb_build_object(
           'classify', jsonb_build_object('kind', 'classify', 'startedAt', t.rms, 'statutory', false,
              CASE WHEN t.r1 < 0.08 THEN 'breachedAt' ELSE 'metAt' END, t.rms + 3600000),
           'first_reply', jsonb_build_object('kind', 'first_reply', 'startedAt', t.rms, 'statutory', false,
              CASE WHEN t.r2 < 0.12 THEN 'breachedAt' ELSE 'metAt' END, t.rms + 7200000),
           'investigation', CASE WHEN t.found THEN jsonb_build_object('kind', 'investigation', 'startedAt', t.rms,
              'statutory', false, CASE WHEN t.r4 < 0.15 THEN 'breachedAt' ELSE 'metAt' END, t.rms + 86400000) END,
           'statutory_reply', CASE WHEN t.closed_at IS NOT NULL THEN jsonb_build_object('kind', 'statutory_reply',
              'startedAt', t.rms, 'statutory', true,
              CASE WHEN t.handling_hours > 168 THEN 'breachedAt' ELSE 'metAt' END, t.rms + 604800000) END)),
         'findings', CASE WHEN t.found THEN jsonb_build_object(
            'summary', '调查结论', 'companyLiable', t.r5 < 0.7,
            'rootCause', (ARRAY['human_error','handoff','process_defect','force_majeure','customer_misunderstanding'])
              [1 + floor(t.r6 * 5)::int]) END,
         'liability', CASE WHEN t.found THEN jsonb_build_object('companyLiable', t.r5 < 0.7,
            'ruleId', 'R-LIA-' || (1 + floor(t.r9 * 9)::int), 'external', t.origin, 'internal', NULL) END,
         'plan', CASE WHEN t.found THEN jsonb_build_object('remedies',
            CASE WHEN t.r5 < 0.7 THEN '["apology","compensation"]'::jsonb ELSE '["explanation"]'::jsonb END,
            'compensationFen', 0, 'floorOffer', false) END,
         'survey', CASE WHEN t.surveyed THEN jsonb_build_object('speed', t.sp, 'effectiveness', t.ef,
            'attitude', t.at, 'transparency', t.tr, 'mean', (t.sp + t.ef + t.at + t.tr) / 4.0,
            'reopenReview', least(t.sp, t.ef, t.at, t.tr) <= 2 OR (t.sp + t.ef + t.at + t.tr) / 4.0 < 3) END,
         'closure', CASE WHEN t.closed_at IS NOT NULL THEN jsonb_build_object('kind', 'archived', 'reason', 'bench',
            'at', (extract(epoch FROM t.closed_at) * 1000)::bigint) END
       )),
       t.received_at, coalesce(t.closed_at, t.received_at), t.closed_at,
       CASE WHEN t.closed_at IS NULL THEN t.received_at + (1 + t.r5 * 71) * interval '1 hour' END
     FROM timed t
     RETURNING 1), comp AS (
     INSERT INTO case_complainants (case_id, channel, waybill_no, complainant_key, sealed, key_id, search_text,
       received_by, created_at)
     SELECT t.id, t.channel, 'BN' || lpad(t.g::text, 12, '0'), md5('cf-bench-key-' || (t.g % 700000)), 'bench',
       'bench', ($7::text[])[1 + floor(t.r8 * array_length($7::text[], 1))::int], 'bench', t.received_at
     FROM timed t WHERE $6::boolean
     RETURNING 1)
     SELECT (SELECT count(*)::int FROM ins) AS n, (SELECT count(*)::int FROM comp) AS c`,
    [o.first, o.count, o.nowMs, outlets, days, o.complainants === true, SYNTHETIC_DESCRIPTIONS],
  );
  return rows[0]?.n ?? 0;
}
