/**
 * The reports' Temporal Schedules (issue 12), created idempotently when a worker starts — a fixed id per task queue,
 * "already exists" tolerated (a schedule changed in the Temporal UI is left as the operator set it). Both are visible
 * under Schedules in the Temporal UI.
 *
 * - `regulator-monthly-report:<task queue>`: `regulatorMonthlyReport` on the 1st of each month at 01:00 Beijing time,
 *   for the previous month (R-REG-1).
 * - `early-warning:<task queue>`: `earlyWarningDetector` every hour at minute 5 (R-RPT-2, R-CAT-3;
 *   docs/adr/0014-early-warning.md).
 */
import { type Client, ScheduleAlreadyRunning } from '@temporalio/client';
import { EARLY_WARNING_DETECTOR_WORKFLOW } from '@complaintflow/workflows/reports/early-warning-detector';
import { REGULATOR_MONTHLY_REPORT_WORKFLOW } from '@complaintflow/workflows/reports/regulator-monthly-report';

export const REPORT_SCHEDULE_TIMEZONE = 'Asia/Shanghai';

export function regulatorReportScheduleId(taskQueue: string): string {
  return `regulator-monthly-report:${taskQueue}`;
}

export function earlyWarningScheduleId(taskQueue: string): string {
  return `early-warning:${taskQueue}`;
}

export type ScheduleOutcome = 'created' | 'exists';

/** Creates both report schedules unless they exist; answers what became of each. */
export async function ensureReportSchedules(
  client: Client,
  taskQueue: string,
): Promise<{ regulatorMonthlyReport: ScheduleOutcome; earlyWarning: ScheduleOutcome }> {
  const regulatorId = regulatorReportScheduleId(taskQueue);
  const warningId = earlyWarningScheduleId(taskQueue);
  const regulatorMonthlyReport = await createOnce(() =>
    client.schedule.create({
      scheduleId: regulatorId,
      // R-REG-1: on the 1st of each month (Beijing time), the report of the month just ended.
      spec: { calendars: [{ dayOfMonth: 1, hour: 1, minute: 0 }], timezone: REPORT_SCHEDULE_TIMEZONE },
      action: {
        type: 'startWorkflow',
        workflowType: REGULATOR_MONTHLY_REPORT_WORKFLOW,
        taskQueue,
        workflowId: regulatorId,
        args: [{ trigger: 'schedule' }],
      },
      // A month missed while the workers were down is still reported within three days.
      policies: { overlap: 'SKIP', catchupWindow: '3 days' },
      memo: { description: '监管部门月度有效申诉报表(每月1日) / monthly regulator valid-appeal report (R-REG-1)' },
    }),
  );
  const earlyWarning = await createOnce(() =>
    client.schedule.create({
      scheduleId: warningId,
      spec: { calendars: [{ minute: 5, hour: '*' }], timezone: REPORT_SCHEDULE_TIMEZONE },
      action: {
        type: 'startWorkflow',
        workflowType: EARLY_WARNING_DETECTOR_WORKFLOW,
        taskQueue,
        workflowId: warningId,
        args: [{}],
      },
      policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
      memo: { description: '投诉预警(每小时) / hourly early warning of abnormal rises (R-RPT-2, R-CAT-3)' },
    }),
  );
  return { regulatorMonthlyReport, earlyWarning };
}

async function createOnce(create: () => Promise<unknown>): Promise<ScheduleOutcome> {
  try {
    await create();
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
