/**
 * What the API's `GET /metrics` reports from the record (issue 16; docs/adr/0018-production-deployment.md): open cases
 * by stage, the overdue ones, the escalated ones by tier, and the notification backlog (outbox rows not yet relayed,
 * deliveries not sent). Counts only, grouped by closed vocabularies (stage, tier, status): no case id,
 * no personal data. One round trip, on indexes the list queries already use.
 */
import type { Queryable } from './db';

export interface OperationsSnapshot {
  /** Open cases (not closed) per stage. */
  readonly openCasesByStage: Readonly<Record<string, number>>;
  /** Open cases whose next deadline has passed (`next_due_at <= now`, as the `overdue=true` list filter). */
  readonly overdueCases: number;
  /** Open cases per escalation tier above 0. */
  readonly escalatedCasesByLevel: Readonly<Record<string, number>>;
  /** `notification_outbox` rows per status among `pending` and `started` (not yet relayed to the end). */
  readonly outboxBacklogByStatus: Readonly<Record<string, number>>;
  /** `notification_deliveries` rows not sent: still to go (pending, waiting) or left for a person (parked, held, failed). */
  readonly deliveryBacklogByStatus: Readonly<Record<string, number>>;
}

interface Row {
  metric: string;
  label: string;
  n: string;
}

export class OperationsMetricsRepository {
  constructor(private readonly db: Queryable) {}

  async snapshot(now: Date = new Date()): Promise<OperationsSnapshot> {
    const rows: Row[] = await this.db.query(
      `SELECT 'stage' AS metric, stage AS label, count(*)::text AS n
         FROM complaint_cases WHERE closed_at IS NULL GROUP BY stage
       UNION ALL
       SELECT 'overdue', '', count(*)::text
         FROM complaint_cases WHERE closed_at IS NULL AND next_due_at <= $1
       UNION ALL
       SELECT 'escalation', escalation_level::text, count(*)::text
         FROM complaint_cases WHERE closed_at IS NULL AND escalation_level > 0 GROUP BY escalation_level
       UNION ALL
       SELECT 'outbox', status, count(*)::text
         FROM notification_outbox WHERE status IN ('pending', 'started') GROUP BY status
       UNION ALL
       SELECT 'delivery', status, count(*)::text
         FROM notification_deliveries WHERE status IN ('pending', 'waiting', 'parked', 'held', 'failed') GROUP BY status`,
      [now],
    );
    const pick = (metric: string) =>
      Object.fromEntries(rows.filter((r) => r.metric === metric).map((r) => [r.label, Number(r.n)]));
    return {
      openCasesByStage: pick('stage'),
      overdueCases: Number(rows.find((r) => r.metric === 'overdue')?.n ?? 0),
      escalatedCasesByLevel: pick('escalation'),
      outboxBacklogByStatus: pick('outbox'),
      deliveryBacklogByStatus: pick('delivery'),
    };
  }
}
