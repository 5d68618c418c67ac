/** Injection tokens of the audit module. */
import type { WorkflowCode } from '@complaintflow/audit';

/**
 * Where the deployed workflow code comes from, for replays: a function (resolved on first use, so a development API
 * that must bundle from source does so only when a replay is asked for). Override it to replay against other code.
 */
export const AUDIT_WORKFLOW_CODE = Symbol('AUDIT_WORKFLOW_CODE');

export type WorkflowCodeSource = () => Promise<WorkflowCode>;
