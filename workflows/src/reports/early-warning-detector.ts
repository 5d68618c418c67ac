/**
 * The early-warning detector (R-RPT-2, R-CAT-3; docs/adr/0014-early-warning.md), started hourly by a Temporal
 * Schedule (`apps/worker/src/schedules.ts`) or directly: assesses each outlet × category's complaints in the current
 * and the previous window against the Poisson control limit of its own baseline, stores the alerts (never twice for
 * the same window) and raises the new ones to the managers in scope through the in-app inbox.
 *
 * Deterministic: the instant comes from the input or the workflow clock; only counts and ids pass through Temporal.
 */
import { proxyActivities } from '@temporalio/workflow';

export const EARLY_WARNING_DETECTOR_WORKFLOW = 'earlyWarningDetector';

export interface EarlyWarningDetectorInput {
  /** The instant to assess at (epoch ms); default: when the run starts. */
  readonly asOf?: number;
}

export interface EarlyWarningDetectorResult {
  readonly asOf: number;
  readonly assessed: number;
  readonly found: number;
  readonly newAlertIds: readonly number[];
  /** Alerts raised by this run (new ones, and any a failed earlier run left unraised) and the inbox rows written. */
  readonly raised: { readonly alerts: number; readonly deliveries: number };
}

/** The activities (`createEarlyWarningActivities` in `@complaintflow/activities`). */
export interface EarlyWarningActivities {
  findEarlyWarnings(input: {
    asOf: number;
  }): Promise<{ assessed: number; found: number; newAlertIds: readonly number[] }>;
  raiseEarlyWarnings(): Promise<{ alerts: number; deliveries: number }>;
}

const steps = proxyActivities<EarlyWarningActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 10 },
});

export async function earlyWarningDetector(input: EarlyWarningDetectorInput = {}): Promise<EarlyWarningDetectorResult> {
  const asOf = input.asOf ?? Date.now();
  const found = await steps.findEarlyWarnings({ asOf });
  const raised = await steps.raiseEarlyWarnings();
  return { asOf, ...found, raised };
}
