/**
 * Object-level access to one case, shared by every controller that opens a case (complaints, audit):
 * - the employee a complaint is about may not open it (R-FLOW-4, conflict of interest);
 * - an outlet-level user (token with `outlet`) sees only cases whose origin or delivery outlet is theirs;
 * - auditors and admins see every case.
 * Refusals are 404, not 403, so a caller cannot probe which case ids exist outside their reach.
 */
import { HttpStatus } from '@nestjs/common';
import { ApiError } from './api-error';
import type { Principal } from '../auth/principal';

export interface CaseAccessFacts {
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  readonly subjectEmployeeId: string | null;
}

export function canViewCase(principal: Principal, facts: CaseAccessFacts): boolean {
  if (facts.subjectEmployeeId !== null && facts.subjectEmployeeId === principal.sub) return false; // R-FLOW-4
  if (principal.roles.includes('admin') || principal.roles.includes('auditor')) return true;
  if (principal.outlet === undefined) return true;
  return facts.originOutlet === principal.outlet || facts.deliveryOutlet === principal.outlet;
}

export function assertCanViewCase(
  principal: Principal,
  facts: CaseAccessFacts | undefined | null,
  caseId: string,
): void {
  if (!facts || !canViewCase(principal, facts)) {
    throw new ApiError(HttpStatus.NOT_FOUND, 'CASE.NOT_FOUND', `No case ${caseId} that you may see.`);
  }
}

// The same rules as a condition for list queries: `caseVisibilitySql` of @complaintflow/persistence/repositories.
