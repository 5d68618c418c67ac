/**
 * The activities the case workflow calls, as an interface: the workflow proxies them by this type, the worker binds
 * the implementation in `@complaintflow/activities`. Keeping the type here lets the workflow depend on contracts only.
 */
import type { CaseEvent, CaseState } from '@complaintflow/domain/case';

export interface RecordCaseEventsInput {
  readonly workflowId: string;
  readonly events: readonly CaseEvent[];
  /** The case state after the last event of `events`. */
  readonly state: CaseState;
  /** Whether a deadline is breached and unmet (the list filter's hint; the API recomputes it live). */
  readonly overdue?: boolean;
}

export interface RecordCaseEventsResult {
  /** How many of the events were newly written (a retried call writes none twice). */
  readonly written: number;
  /** The hash of the case's last `case_events` row after the call. */
  readonly lastHash: string;
}

export interface CaseActivities {
  /** Appends events to the audit trail and refreshes the case row, in one transaction; idempotent by (case, seq). */
  recordCaseEvents(input: RecordCaseEventsInput): Promise<RecordCaseEventsResult>;
}

/** Workflow code for a worker or a replayer: a prebuilt bundle file, or bundled code in memory. */
export type WorkflowCode = { readonly bundlePath: string } | { readonly code: string };
