/**
 * The queries of the reports (issue 12), one zod schema each: `GET /reports/summary` (R-RPT-1), `GET
 * /reports/assessment` (R-RPT-3) and `GET /reports/liability-publication` (R-LIA-11). Strict: an unknown parameter is
 * refused. Every problem is reported as `{ field, reason }` (400 `REQUEST.INVALID`); reasons use the wording
 * `common/error-language.ts` translates, or come in the caller's language where no such wording exists.
 */
import { HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { OUTLET_CODE } from '@complaintflow/domain/case/actions';
import { isCalendarDate, monthDays } from '@complaintflow/domain/reports/periods';
import { CATEGORY_IDS } from '@complaintflow/domain/vocabulary';
import { ApiError } from '../common/api-error';
import { errorLanguage, type ErrorLanguage } from '../common/error-language';
import { invalid, type FieldProblem } from '../common/validation';
import type { Principal } from '../auth/principal';
import { REPORT_FORMATS } from './export';

const MESSAGES = {
  date: { zh: '必须是日期 YYYY-MM-DD(北京时间),如 2026-06-01', en: 'must be a date YYYY-MM-DD (Beijing time)' },
  month: { zh: '必须是月份 YYYY-MM,如 2026-06', en: 'must be a month YYYY-MM, e.g. 2026-06' },
  outlet: {
    zh: '必须是网点编码(字母、数字及 ._-,最多 32 个字符),如 SH-001',
    en: 'must be an outlet code (letters, digits, ._-; up to 32), e.g. SH-001',
  },
  order: { zh: '不能早于 from', en: 'must not be before from' },
} as const;
type MessageKey = keyof typeof MESSAGES;

const date = () => z.string().refine(isCalendarDate, { error: 'date' });
const outlet = () => z.string().regex(OUTLET_CODE, { error: 'outlet' });

const range = {
  from: date().optional(),
  to: date().optional(),
};

/** `GET /reports/summary` (R-RPT-1): receipt dates (inclusive), origin outlet, category. */
export const SUMMARY_QUERY = z
  .strictObject({
    ...range,
    outlet: outlet().optional(),
    category: z.enum(CATEGORY_IDS).optional(),
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { error: 'order', path: ['to'] });
export type SummaryQuery = z.infer<typeof SUMMARY_QUERY>;

/** `GET /reports/assessment` (R-RPT-3, R-REV-3): closing dates (inclusive, both required), grouped by handler or outlet. */
export const ASSESSMENT_QUERY = z
  .strictObject({
    from: date(),
    to: date(),
    by: z.enum(['handler', 'outlet']).optional(),
    outlet: outlet().optional(),
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
  })
  .refine((q) => q.from <= q.to, { error: 'order', path: ['to'] });
export type AssessmentQuery = z.infer<typeof ASSESSMENT_QUERY>;

/** `GET /reports/liability-publication?month=YYYY-MM` (R-LIA-11). */
export const PUBLICATION_QUERY = z.strictObject({
  month: z.string().refine((m) => monthDays(m) !== null, { error: 'month' }),
  format: z.enum(REPORT_FORMATS).optional(),
});
export type PublicationQuery = z.infer<typeof PUBLICATION_QUERY>;

function reasonOf(issue: z.core.$ZodIssue, lang: ErrorLanguage): string {
  const key = issue.message as MessageKey;
  if (Object.prototype.hasOwnProperty.call(MESSAGES, key)) return MESSAGES[key][lang === 'en' ? 'en' : 'zh'];
  if (issue.code === 'invalid_value') return `must be one of the following values: ${issue.values.join(', ')}`;
  if (issue.code === 'invalid_type')
    return /received undefined/.test(issue.message) ? 'is required' : 'must be a string';
  return issue.message;
}

/** Parses a query with `schema`; 400 with every bad field (an unknown one: "is not an allowed property"). */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown, acceptLanguage: string | undefined): T {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const lang = errorLanguage(acceptLanguage);
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ field: key, reason: 'is not an allowed property' });
    } else {
      problems.push({ field: issue.path.join('.') || '(query)', reason: reasonOf(issue, lang) });
    }
  }
  throw invalid(problems);
}

/**
 * The outlet a report is limited to: an outlet-level user (not auditor or admin) sees their own outlet's figures
 * only — asking for another outlet is refused (403); admins, auditors and network-level users see what they ask.
 */
export function reportOutlet(principal: Principal, asked: string | undefined): string | undefined {
  const seesAll = principal.roles.includes('admin') || principal.roles.includes('auditor');
  if (seesAll || principal.outlet === undefined) return asked;
  if (asked !== undefined && asked !== principal.outlet) {
    throw new ApiError(HttpStatus.FORBIDDEN, 'AUTH.FORBIDDEN', 'Outlet-level users see the reports of their outlet.', [
      { field: 'outlet', reason: 'must be your own outlet' },
    ]);
  }
  return principal.outlet;
}
