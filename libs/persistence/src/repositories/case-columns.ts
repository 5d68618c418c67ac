/** The columns of a `complaint_cases` row: one definition for the row written and the rows read from it. */
import type { CaseState } from '@complaintflow/domain/case/state';
import type { Category, Stage, Urgency } from '@complaintflow/domain/vocabulary';

/** The columns of a case row, as `recordCaseEvents` writes them (times in epoch milliseconds). */
export interface CaseRecord {
  readonly id: string;
  readonly workflowId: string;
  readonly stage: Stage;
  readonly channel: string;
  readonly category: Category;
  readonly urgency: Urgency;
  readonly escalationLevel: number;
  readonly ownerId: string | null;
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  readonly waybillNo: string;
  readonly externalRef: string | null;
  readonly subjectEmployeeId: string | null;
  readonly complainantKey: string | null;
  readonly isRepeat: boolean;
  readonly isAppeal: boolean;
  readonly policyVersion: string;
  readonly lastSeq: number;
  readonly state: CaseState;
  readonly receivedAt: number;
  readonly updatedAt: number;
  readonly department: string | null;
  /** The workflow's coarse hint (`isOverdue` at its write); the API decides on `nextDueAt`. */
  readonly overdue: boolean;
  /** From when the case is overdue if nothing more happens (domain `overdueAt`), or null: never by itself. */
  readonly nextDueAt: number | null;
  readonly closedAt: number | null;
}
