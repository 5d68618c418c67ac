/**
 * The regulator's month (R-REG-1): builds and stores the monthly valid-appeal report. Started by a Temporal Schedule
 * on the 1st of each month, 01:00 Beijing time, for the previous month (`apps/worker/src/schedules.ts`), or by an
 * admin (`POST /reports/regulator-monthly/:month/run`) for a given month. Re-running a month stores the same report.
 *
 * Deterministic: the month comes from the workflow clock; the figures stay in PostgreSQL.
 */
import { proxyActivities } from '@temporalio/workflow';
import { CHINA_OFFSET_MINUTES, localMonthOf } from '@complaintflow/domain/appeals';

export const REGULATOR_MONTHLY_REPORT_WORKFLOW = 'regulatorMonthlyReport';

export interface RegulatorMonthlyReportInput {
  /** 'YYYY-MM'; default: the month before the one the run starts in (Beijing time). */
  readonly month?: string;
  /** Who asked: 'schedule' (default) or 'admin:<user id>'. */
  readonly trigger?: string;
}

export interface RegulatorMonthlyReportResult {
  readonly month: string;
  readonly totalValidAppeals: number;
  readonly totalFineFen: number;
  readonly contentHash: string;
  readonly changed: boolean;
}

/** The activity (`createRegulatorReportActivities` in `@complaintflow/activities`). */
export interface RegulatorReportActivities {
  generateRegulatorReport(input: { month: string; trigger?: string }): Promise<RegulatorMonthlyReportResult>;
}

const steps = proxyActivities<RegulatorReportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/** The 'YYYY-MM' month before the one `instant` falls in, in Beijing time. */
export function previousMonthOf(instant: number): string {
  const [year, month] = localMonthOf(instant, CHINA_OFFSET_MINUTES).split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

export async function regulatorMonthlyReport(
  input: RegulatorMonthlyReportInput = {},
): Promise<RegulatorMonthlyReportResult> {
  const month = input.month ?? previousMonthOf(Date.now());
  return steps.generateRegulatorReport({ month, trigger: input.trigger ?? 'schedule' });
}
