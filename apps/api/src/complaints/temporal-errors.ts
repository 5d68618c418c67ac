/**
 * Maps what Temporal answers to the API's statuses. A refused Update is a `WorkflowUpdateFailedError` whose cause is
 * an `ApplicationFailure` (`type` = the stable code, `details[0]` = `{ reason, details }`, workflows/src/definitions.ts):
 * `ROLE.*` → 403; `RULE.*` → 422 (the code kept, e.g. `RULE.R-REG-2` with the offending phrases in details);
 * `INPUT.INVALID` / `INTAKE.*` → 400; `STAGE.*`, `PLAN.*`, `APPROVAL.*`, `SLA.*`, `CASE.*`, `ESCALATION.*`,
 * `CONTACT.*` and any other refusal → 409. Anything else (the server unreachable, a timeout, a workflow that no
 * longer runs) is never a 500: 409 for a case whose workflow has ended, 503 otherwise.
 */
import { HttpStatus } from '@nestjs/common';
import {
  ApplicationFailure,
  CancelledFailure,
  isGrpcCancelledError,
  isGrpcDeadlineError,
  TerminatedFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApiError } from '../common/api-error';

const STATUS_BY_PREFIX: readonly [string, HttpStatus][] = [
  ['ROLE.', HttpStatus.FORBIDDEN],
  ['RULE.', HttpStatus.UNPROCESSABLE_ENTITY],
  ['INPUT.', HttpStatus.BAD_REQUEST],
  ['INTAKE.', HttpStatus.BAD_REQUEST],
  ['STAGE.', HttpStatus.CONFLICT],
  ['PLAN.', HttpStatus.CONFLICT],
  ['APPROVAL.', HttpStatus.CONFLICT],
  ['SLA.', HttpStatus.CONFLICT],
  ['CASE.', HttpStatus.CONFLICT],
  ['ESCALATION.', HttpStatus.CONFLICT],
  ['CONTACT.', HttpStatus.CONFLICT],
];

/** The HTTP status of a refusal code. */
export function statusForRefusal(code: string): HttpStatus {
  return STATUS_BY_PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1] ?? HttpStatus.CONFLICT;
}

/** A refused Update as an API error (or undefined when `err` is not a refusal). */
export function refusalToApiError(err: unknown): ApiError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    const code = cause.type && /^[A-Z][A-Za-z0-9_.-]{1,80}$/.test(cause.type) ? cause.type : 'CASE.REFUSED';
    const first = (cause.details?.[0] ?? {}) as { reason?: unknown; details?: unknown };
    const reason = typeof first.reason === 'string' ? first.reason : cause.message || 'The action was refused.';
    const details = Array.isArray(first.details) ? first.details : [];
    return new ApiError(statusForRefusal(code), code, reason, details);
  }
  if (cause instanceof CancelledFailure || cause instanceof TerminatedFailure) return caseEnded();
  return new ApiError(HttpStatus.CONFLICT, 'CASE.REFUSED', 'The case did not take the action.');
}

function caseEnded(): ApiError {
  return new ApiError(
    HttpStatus.CONFLICT,
    'CASE.WORKFLOW_ENDED',
    "The case's workflow has ended; it takes no more actions (its record stays readable).",
  );
}

export function unavailable(message = 'The case engine did not answer in time; retry with the same Idempotency-Key.') {
  return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'SERVICE.UNAVAILABLE', message);
}

/** Any Temporal error as an API error: refusals mapped by code, everything else 409 (ended) or 503. */
export function temporalToApiError(err: unknown): ApiError {
  const refusal = refusalToApiError(err);
  if (refusal) return refusal;
  if (err instanceof WorkflowNotFoundError) return caseEnded();
  if (
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcDeadlineError(err) ||
    isGrpcCancelledError(err)
  ) {
    return unavailable();
  }
  const message = err instanceof Error ? err.message : '';
  if (/workflow execution already completed|already completed/i.test(message)) return caseEnded();
  return unavailable('The case engine is not reachable right now; retry with the same Idempotency-Key.');
}
