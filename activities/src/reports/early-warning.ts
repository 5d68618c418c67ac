/**
 * The early-warning detector's activities (R-RPT-2, R-CAT-3; docs/adr/0014-early-warning.md): count each outlet ×
 * category's complaints in the current and the previous window and in the baseline windows before each, compare
 * with the Poisson control limit of its own baseline (`libs/domain/src/reports/early-warning-limits.ts`), store the
 * alerts (one per outlet × category × window), and raise each new alert to the managers in scope through the in-app
 * inbox — a `notification_deliveries` row per manager, announced with `pg_notify` like the relay's inbox channel, in
 * the transaction that marks the alert raised (a retry raises nothing twice).
 */
import type { DataSource } from 'typeorm';
import {
  assessWindow,
  DEFAULT_EARLY_WARNING_PARAMS,
  type EarlyWarningParams,
  windowStartOf,
} from '@complaintflow/domain/reports/early-warning-limits';
import { CATEGORY_IDS, type Category } from '@complaintflow/domain/vocabulary';
import { NotificationDeliveriesRepository } from '@complaintflow/persistence/repositories/notification-deliveries';
import {
  ReportAlertsRepository,
  type AlertRow,
  type NewAlert,
} from '@complaintflow/persistence/repositories/report-alerts';
import { StaffDirectoryRepository, type StaffUser } from '@complaintflow/persistence/repositories/staff-directory';

/** The notification kind of an early-warning inbox row. */
export const EARLY_WARNING_KIND = 'early_warning';

/**
 * The `seq` of an alert's inbox rows: minus the alert id. `notification_deliveries` rows belong to a case (its
 * `case_id` is the alert's latest case of the window) and a case's event seqs are ≥ 1, so these never collide.
 */
export function alertDeliverySeq(alertId: number): number {
  return -alertId;
}

/** R-RPT-2: the managers an alert goes to — those of its outlet and the network-wide ones (no outlet, no department). */
export function managersInScope(managers: readonly StaffUser[], outlet: string): StaffUser[] {
  return managers.filter(
    (m) =>
      m.active && m.roles.includes('manager') && (m.outlet === outlet || (m.outlet === null && m.department === null)),
  );
}

export interface FindEarlyWarningsResult {
  /** The outlet × category windows assessed. */
  readonly assessed: number;
  /** The alerts found (new and already stored). */
  readonly found: number;
  /** The ids of the alerts stored by this run. */
  readonly newAlertIds: readonly number[];
}

export function createEarlyWarningActivities(
  ds: DataSource,
  params: EarlyWarningParams = DEFAULT_EARLY_WARNING_PARAMS,
) {
  const alerts = new ReportAlertsRepository(ds);
  const staff = StaffDirectoryRepository.on(ds);
  const windowMs = params.windowHours * 3_600_000;
  const n = params.baselineWindows;

  async function raise(alert: AlertRow, managers: readonly StaffUser[]): Promise<number> {
    const recipients = managersInScope(managers, alert.outlet);
    const seq = alertDeliverySeq(alert.id);
    return ds.transaction(async (m) => {
      const deliveries = new NotificationDeliveriesRepository(m);
      await deliveries.insertPlanned(
        recipients.map((r) => {
          const en = r.language === 'en';
          return {
            caseId: alert.sampleCaseId,
            seq,
            recipientId: r.id,
            recipientKind: 'staff' as const,
            channel: 'inbox',
            addressMasked: null,
            kind: EARLY_WARNING_KIND,
            subject: en ? `Early warning: ${alert.message.en}` : `投诉预警:${alert.message.zh}`,
            body: en ? alert.message.en : alert.message.zh,
            language: r.language,
          };
        }),
      );
      let delivered = 0;
      for (const row of await deliveries.forMessage(alert.sampleCaseId, seq)) {
        if (row.channel !== 'inbox' || row.status !== 'pending') continue;
        // As the relay's inbox channel: the row is the message — delivered, and announced to the API at commit.
        await deliveries.notifyInbox({ deliveryId: row.id, userId: row.recipientId });
        await deliveries.markSent(row.id, 'delivered', `alert:${alert.id}`);
        delivered++;
      }
      await new ReportAlertsRepository(m).markRaised(alert.id);
      return delivered;
    });
  }

  return {
    /**
     * R-RPT-2: assesses the window `asOf` falls in (so far) and the previous one (its last hour may not have been
     * assessed yet) for every outlet × category with complaints in them or their baselines; stores the alerts.
     */
    async findEarlyWarnings(input: { asOf: number }): Promise<FindEarlyWarningsResult> {
      const current = windowStartOf(input.asOf, params.windowHours);
      const from = current - (n + 1) * windowMs;
      const rows = await alerts.windowCounts(from, windowMs, n + 2, input.asOf);
      const series = new Map<string, { outlet: string; category: Category; counts: number[]; latest: string[] }>();
      for (const row of rows) {
        if (!CATEGORY_IDS.includes(row.category as Category)) continue;
        const key = `${row.outlet}\u0000${row.category}`;
        const s = series.get(key) ?? {
          outlet: row.outlet,
          category: row.category as Category,
          counts: new Array<number>(n + 2).fill(0),
          latest: new Array<string>(n + 2).fill(''),
        };
        s.counts[row.index] = row.count;
        s.latest[row.index] = row.latestCaseId;
        series.set(key, s);
      }
      const found: NewAlert[] = [];
      let assessed = 0;
      for (const s of series.values()) {
        for (const index of [n, n + 1]) {
          assessed++;
          const a = assessWindow(
            {
              outlet: s.outlet,
              category: s.category,
              count: s.counts[index],
              baseline: s.counts.slice(index - n, index),
            },
            params,
          );
          if (!a.alert) continue;
          const windowStart = from + index * windowMs;
          found.push({
            outlet: a.outlet,
            category: a.category,
            windowStart,
            windowEnd: windowStart + windowMs,
            count: a.count,
            baselineMean: a.baselineMean,
            rate: a.rate,
            threshold: a.threshold,
            pValue: a.pValue,
            watched: a.watched,
            ruleIds: a.ruleIds,
            messageZh: a.message.zh,
            messageEn: a.message.en,
            sampleCaseId: s.latest[index],
          });
        }
      }
      const newAlertIds = await alerts.insertAlerts(found);
      return { assessed, found: found.length, newAlertIds };
    },

    /** Raises every alert not yet raised to the managers in scope (inbox rows); returns how many rows were written. */
    async raiseEarlyWarnings(): Promise<{ alerts: number; deliveries: number }> {
      const pending = await alerts.unraised();
      if (pending.length === 0) return { alerts: 0, deliveries: 0 };
      const managers = await staff.listActiveForRecipients(['manager']);
      let deliveries = 0;
      for (const alert of pending) deliveries += await raise(alert, managers);
      return { alerts: pending.length, deliveries };
    },
  };
}
