/**
 * The SQL condition restricting `complaint_cases` rows to what a caller may see (the list queries' half of the API's
 * object-level access, `apps/api/src/common/case-access.ts`): never a case about the caller (R-FLOW-4); an
 * outlet-level user only the cases of their outlet; auditors and admins every case.
 */

/** The caller, as far as visibility goes (the API's `Principal` is one). */
export interface CaseViewer {
  readonly sub: string;
  readonly roles: readonly string[];
  /** Outlet of an outlet-level user. */
  readonly outlet?: string;
}

/** The condition over bare column names of `complaint_cases`, with `$n` placeholders numbered from `start`. */
export function caseVisibilitySql(viewer: CaseViewer, start: number): { sql: string; params: string[] } {
  const clauses = [`(subject_employee_id IS NULL OR subject_employee_id <> $${start})`];
  const params = [viewer.sub];
  const seesAll = viewer.roles.includes('admin') || viewer.roles.includes('auditor');
  if (!seesAll && viewer.outlet !== undefined) {
    clauses.push(`(origin_outlet = $${start + 1} OR delivery_outlet = $${start + 1})`);
    params.push(viewer.outlet);
  }
  return { sql: clauses.join(' AND '), params };
}
