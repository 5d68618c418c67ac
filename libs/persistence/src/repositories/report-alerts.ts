/**
 * `report_alerts` (migration 1764810000000): the early warnings (R-RPT-2, R-CAT-3), one per outlet × category ×
 * window (UNIQUE: never twice for the same window), and the complaint counts per outlet × category × window that the
 * detector compares with their own baseline (docs/adr/0014-early-warning.md). The outlet a complaint counts against
 * is its delivery outlet, else its origin outlet.
 */
import type { Queryable } from './db';

/** The complaints of one outlet × category in one window of a range. */
export interface WindowCountRow {
  readonly outlet: string;
  readonly category: string;
  /** 0 for the first window of the range. */
  readonly index: number;
  readonly count: number;
  /** The latest case of that window (what the inbox row links to). */
  readonly latestCaseId: string;
}

export interface NewAlert {
  readonly outlet: string;
  readonly category: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly count: number;
  readonly baselineMean: number;
  readonly rate: number;
  readonly threshold: number;
  readonly pValue: number;
  readonly watched: boolean;
  readonly ruleIds: readonly string[];
  readonly messageZh: string;
  readonly messageEn: string;
  readonly sampleCaseId: string;
}

export interface AlertRow {
  readonly id: number;
  readonly outlet: string;
  readonly category: string;
  /** ISO-8601 UTC. */
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly count: number;
  readonly baselineMean: number;
  readonly rate: number;
  readonly threshold: number;
  readonly pValue: number;
  readonly watched: boolean;
  readonly ruleIds: readonly string[];
  readonly message: { readonly zh: string; readonly en: string };
  readonly sampleCaseId: string;
  readonly createdAt: string;
  readonly raisedAt: string | null;
}

interface AlertDbRow {
  id: string;
  outlet: string;
  category: string;
  window_start: Date;
  window_end: Date;
  count: number;
  baseline_mean: number;
  rate: number;
  threshold: number;
  p_value: number;
  watched: boolean;
  rule_ids: string[];
  message_zh: string;
  message_en: string;
  sample_case_id: string;
  created_at: Date;
  raised_at: Date | null;
}

function alertFromDb(r: AlertDbRow): AlertRow {
  return {
    id: Number(r.id),
    outlet: r.outlet,
    category: r.category,
    windowStart: r.window_start.toISOString(),
    windowEnd: r.window_end.toISOString(),
    count: Number(r.count),
    baselineMean: Number(r.baseline_mean),
    rate: Number(r.rate),
    threshold: Number(r.threshold),
    pValue: Number(r.p_value),
    watched: r.watched,
    ruleIds: r.rule_ids,
    message: { zh: r.message_zh, en: r.message_en },
    sampleCaseId: r.sample_case_id,
    createdAt: r.created_at.toISOString(),
    raisedAt: r.raised_at ? r.raised_at.toISOString() : null,
  };
}

/** The rows of an `UPDATE … RETURNING` (TypeORM answers a bare UPDATE with `[rows, count]`). */
function updatedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

export interface AlertFilter {
  /** Alerts whose window ends after this instant (epoch ms). */
  readonly since?: number;
  readonly outlet?: string;
  readonly category?: string;
  readonly limit?: number;
}

export class ReportAlertsRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Complaints received in [fromMs, fromMs + windows × windowMs) — and before `untilMs` — per outlet (delivery, else
   * origin) × category × window; only the non-zero groups (a missing group is a count of 0).
   */
  async windowCounts(fromMs: number, windowMs: number, windows: number, untilMs?: number): Promise<WindowCountRow[]> {
    const end = Math.min(fromMs + windows * windowMs, untilMs ?? Number.POSITIVE_INFINITY);
    const rows: { outlet: string; category: string; idx: number; n: number; latest: string }[] = await this.db.query(
      `SELECT outlet, category, idx, count(*)::int AS n,
              (array_agg(id ORDER BY received_at DESC, id DESC))[1]::text AS latest
       FROM (
         SELECT id, category, received_at, COALESCE(delivery_outlet, origin_outlet) AS outlet,
                floor(extract(epoch FROM received_at - $1::timestamptz) * 1000 / $2)::int AS idx
         FROM complaint_cases
         WHERE received_at >= $1::timestamptz AND received_at < $3::timestamptz
       ) w
       WHERE outlet IS NOT NULL
       GROUP BY outlet, category, idx
       ORDER BY outlet, category, idx`,
      [new Date(fromMs), windowMs, new Date(end)],
    );
    return rows.map((r) => ({
      outlet: r.outlet,
      category: r.category,
      index: Number(r.idx),
      count: Number(r.n),
      latestCaseId: r.latest,
    }));
  }

  /** Stores the alerts; one already stored for its outlet × category × window is kept as is. Returns the new ids. */
  async insertAlerts(alerts: readonly NewAlert[]): Promise<number[]> {
    const ids: number[] = [];
    for (const a of alerts) {
      const rows: { id: string }[] = await this.db.query(
        `INSERT INTO report_alerts (outlet, category, window_start, window_end, count, baseline_mean, rate, threshold,
           p_value, watched, rule_ids, message_zh, message_en, sample_case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12, $13, $14)
         ON CONFLICT (outlet, category, window_start) DO NOTHING RETURNING id`,
        [
          a.outlet,
          a.category,
          new Date(a.windowStart),
          new Date(a.windowEnd),
          a.count,
          a.baselineMean,
          a.rate,
          a.threshold,
          a.pValue,
          a.watched,
          [...a.ruleIds],
          a.messageZh,
          a.messageEn,
          a.sampleCaseId,
        ],
      );
      if (rows[0]) ids.push(Number(rows[0].id));
    }
    return ids;
  }

  /** Alerts not yet raised to the managers (oldest first). */
  async unraised(limit = 100): Promise<AlertRow[]> {
    const rows: AlertDbRow[] = await this.db.query(
      `SELECT * FROM report_alerts WHERE raised_at IS NULL ORDER BY id LIMIT $1`,
      [Math.min(Math.max(limit, 1), 500)],
    );
    return rows.map(alertFromDb);
  }

  async byId(id: number): Promise<AlertRow | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const rows: AlertDbRow[] = await this.db.query(`SELECT * FROM report_alerts WHERE id = $1`, [id]);
    return rows[0] ? alertFromDb(rows[0]) : undefined;
  }

  /** Marks an alert raised (once). */
  async markRaised(id: number): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await this.db.query(
        `UPDATE report_alerts SET raised_at = now() WHERE id = $1 AND raised_at IS NULL RETURNING id`,
        [id],
      ),
    );
    return rows.length > 0;
  }

  /** Alerts, newest window first (`GET /reports/alerts`). */
  async list(filter: AlertFilter = {}): Promise<AlertRow[]> {
    const rows: AlertDbRow[] = await this.db.query(
      `SELECT * FROM report_alerts
       WHERE ($1::timestamptz IS NULL OR window_end > $1::timestamptz)
         AND ($2::text IS NULL OR outlet = $2) AND ($3::text IS NULL OR category = $3)
       ORDER BY window_start DESC, id DESC LIMIT $4`,
      [
        filter.since === undefined ? null : new Date(filter.since),
        filter.outlet ?? null,
        filter.category ?? null,
        Math.min(Math.max(filter.limit ?? 100, 1), 500),
      ],
    );
    return rows.map(alertFromDb);
  }
}
