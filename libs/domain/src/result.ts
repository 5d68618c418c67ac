/**
 * Outcomes of rule checks. Expected business refusals are values, not exceptions: each carries a stable code
 * (`RULE.R-APR-2`, `STAGE.NOT_ALLOWED`, …) that the API maps to a status and clients can rely on.
 */
export type Decision = Allowed | Refused;

export interface Allowed {
  readonly ok: true;
}

export interface Refused {
  readonly ok: false;
  /** Stable machine-readable code, e.g. `RULE.R-FLOW-4` or `ROLE.NOT_ALLOWED`. */
  readonly code: string;
  /** Human-readable reason (English; the API localises by code). */
  readonly reason: string;
  /** Optional structured detail (offending phrases, limits, …). */
  readonly details?: readonly unknown[];
}

export const ALLOWED: Allowed = Object.freeze({ ok: true });

/** A refusal with a stable code. */
export function refuse(code: string, reason: string, details?: readonly unknown[]): Refused {
  return details === undefined ? { ok: false, code, reason } : { ok: false, code, reason, details };
}

/** The code for a refusal grounded in a rule of DOMAIN.md, e.g. `ruleCode('R-REG-2')` → `RULE.R-REG-2`. */
export function ruleCode(ruleId: string): string {
  return `RULE.${ruleId}`;
}
