/** The reports' activities (issue 12): the regulator's month (R-REG-1) and the early warning (R-RPT-2, R-CAT-3). */
import type { DataSource } from 'typeorm';
import type { EarlyWarningParams } from '@complaintflow/domain/reports/early-warning-limits';
import { createEarlyWarningActivities } from './early-warning';
import { createRegulatorReportActivities } from './regulator-report';

export * from './early-warning';
export * from './regulator-report';

/** Every report activity, for `Worker.create({ activities })`. */
export function createReportActivities(ds: DataSource, opts: { earlyWarning?: EarlyWarningParams } = {}) {
  return { ...createRegulatorReportActivities(ds), ...createEarlyWarningActivities(ds, opts.earlyWarning) };
}
