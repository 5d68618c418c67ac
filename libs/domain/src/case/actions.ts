/**
 * The inputs of the case actions (docs/api.md "Actions"): one zod schema per action, the single description from which
 * - the TypeScript type is inferred (`ActionInputs`),
 * - the API validates the HTTP body (apps/api/src/common/validation.ts, `validateAction`),
 * - the OpenAPI document describes the body (`z.toJSONSchema`, apps/api/src/complaints/openapi.ts; the examples and
 *   descriptions in Simplified Chinese are the document's),
 * - the workflow checks the Update again (`checkInput` in decide.ts: a workflow never trusts its caller).
 * A schema only checks: it never transforms, strips or defaults a value, so what the workflow records is what the
 * caller sent (docs/adr/0006-action-schemas.md). Objects are strict: an unknown field is refused.
 */
import { z } from 'zod';
import { INADMISSIBLE_REASON_IDS } from '../admissibility';
import type { Actor, ActionName } from '../stages';
import { SURVEY_MAX_SCORE, SURVEY_MIN_SCORE, SURVEY_SUGGESTION_MAX_CHARS } from '../survey';
import {
  CATEGORY_IDS,
  CONTACT_CHANNELS,
  REMEDY_IDS,
  ROOT_CAUSE_IDS,
  URGENCY_IDS,
  type ContactChannel,
} from '../vocabulary';

/** Ids of people: letters, digits and `._:@-`, up to 128 (the token `sub` alphabet). */
export const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
/** Outlet codes, e.g. `SH-001` (as at intake). */
export const OUTLET_CODE = /^[A-Za-z0-9._-]{1,32}$/;
/** The largest amount of money accepted, in fen (10 million CNY). */
export const MAX_FEN = 1_000_000_000;
/** The longest note, comment, reason or explanation, in characters. */
export const MAX_NOTE = 2000;

/** Characters are Unicode code points (as JSON Schema's `maxLength` and R-REV-1 count them). */
const chars = (s: string): number => [...s].length;

/** Text with at least one non-blank character, at most `max` characters. */
function text(max: number) {
  return z
    .string()
    .regex(/\S/, 'must not be blank')
    .refine((s) => chars(s) <= max, `must be shorter than or equal to ${max} characters`)
    .meta({ maxLength: max });
}

const fen = () => z.int().min(0).max(MAX_FEN);
const score = () => z.int().min(SURVEY_MIN_SCORE).max(SURVEY_MAX_SCORE);
const note = (example: string) => text(MAX_NOTE).optional().meta({ example });

const evidence = z.strictObject({
  kind: text(64).meta({ example: 'tracking_scan', description: '证据种类,如物流扫描、监控、交接记录' }),
  ref: text(500).meta({ example: 'SCAN-20261124-0012' }),
});

/** pause-sla, resume-sla, escalate and reopen take a reason (one schema, one OpenAPI component). */
const reason = z
  .strictObject({ reason: text(MAX_NOTE).meta({ example: '等待客户补充证据' }) })
  .meta({ title: 'Reason' });

/** The schema of each action's input. */
export const ACTION_SCHEMAS = {
  accept: z.strictObject({
    category: z.enum(CATEGORY_IDS).optional().meta({ example: 'loss', description: '核定类别(R-CAT-1)' }),
    urgency: z.enum(URGENCY_IDS).optional().meta({ example: 'urgent', description: '核定紧急程度(R-CAT-4)' }),
    note: note('客户称快件疑似丢失,升级为紧急'),
  }),
  'reject-inadmissible': z.strictObject({
    reason: z.enum(INADMISSIBLE_REASON_IDS).meta({ example: 'settled', description: '不予受理理由(R-ADM-1)' }),
    note: text(MAX_NOTE).meta({ example: '同一事项已于11月20日达成和解并已赔付' }),
  }),
  'resolve-on-the-spot': z.strictObject({
    explanation: text(MAX_NOTE).meta({ example: '现场核实派送时间并当场致歉,客户表示认可', description: 'R-FLOW-2' }),
  }),
  assign: z.strictObject({
    assignee: z
      .string()
      .regex(SAFE_ID, 'must be a user id (letters, digits, ._:@-; up to 128)')
      .meta({ example: 'inv-007', description: '承办人(R-FLOW-1;不得为被投诉员工,R-FLOW-4)' }),
    department: text(64).optional().meta({ example: '北京派件中心' }),
  }),
  'record-findings': z.strictObject({
    summary: text(4000).meta({ example: '派件网点因人手不足延误两天,已核实扫描记录' }),
    rootCause: z.enum(ROOT_CAUSE_IDS).meta({ example: 'human_error', description: '根本原因(R-INV-4)' }),
    companyLiable: z.boolean().meta({ example: true, description: '公司是否有责(R-LIA-10)' }),
    evidence: z
      .array(evidence)
      .min(1, 'at least one item of evidence (R-INV-2)')
      .max(50)
      .meta({ description: '证据(R-INV-2:至少一项)' }),
    faultOutlet: z
      .string()
      .regex(OUTLET_CODE, 'must be an outlet code (letters, digits, ._-; up to 32)')
      .optional()
      .meta({ example: 'BJ-007', description: '过错网点(R-LIA-4)' }),
    partiesHeard: z
      .array(text(100))
      .max(20)
      .optional()
      .meta({ example: ['投诉人', '派件员'], description: '已听取意见的各方(R-INV-3)' }),
    actualLossFen: fen().optional().meta({ example: 12000, description: '实际损失(分)' }),
  }),
  'propose-plan': z.strictObject({
    remedies: z
      .array(z.enum(REMEDY_IDS))
      .min(1)
      .max(REMEDY_IDS.length)
      .refine((r) => new Set(r).size === r.length, 'all elements must be unique')
      .meta({ example: ['apology', 'compensation'], description: 'R-HDL-1' }),
    compensationFen: fen().meta({ example: 5000, description: '赔偿金额(分),由 R-CMP-* 校验' }),
    floorOffer: z.boolean().optional().meta({ example: false, description: '底限方案(R-CMP-4)' }),
    note: note('按运费三倍赔付并致歉'),
  }),
  'decide-approval': z.strictObject({
    approve: z.boolean().meta({ example: true, description: '是否批准(R-APR-1/2)' }),
    comment: note('同意按方案执行'),
  }),
  'contact-attempt': z.strictObject({
    reached: z.boolean().meta({ example: false, description: '是否联系上客户(R-CON-1)' }),
    channel: z.enum(Object.keys(CONTACT_CHANNELS) as ContactChannel[]).meta({ example: 'phone' }),
    note: note('电话关机,已发短信告知'),
  }),
  'customer-response': z.strictObject({
    accepted: z.boolean().meta({ example: true, description: '客户是否接受方案(R-RES-2)' }),
    comment: note('同意,谢谢'),
  }),
  'execute-plan': z.strictObject({
    paymentRef: text(128).optional().meta({ example: 'PAY-20261125-88', description: '付款凭证号(R-HDL-3)' }),
    note: note('已通过账户余额退款'),
  }),
  'regulator-reply': z.strictObject({
    text: text(10_000).meta({
      example: '经核实,快件已于11月22日妥投。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。',
      description: '回复邮政管理局的文本(R-REG-2)',
    }),
  }),
  survey: z.strictObject({
    speed: score().meta({ example: 4, description: '处理速度' }),
    effectiveness: score().meta({ example: 5, description: '处理效果' }),
    attitude: score().meta({ example: 5, description: '客服态度' }),
    transparency: score().meta({ example: 4, description: '信息透明度' }),
    // R-REV-1: the suggestion may be blank or null (none given); the workflow records it trimmed.
    suggestion: z
      .string()
      .refine(
        (s) => chars(s) <= SURVEY_SUGGESTION_MAX_CHARS,
        `must be shorter than or equal to ${SURVEY_SUGGESTION_MAX_CHARS} characters`,
      )
      .nullable()
      .optional()
      .meta({ example: '希望能更早告知处理进度', maxLength: SURVEY_SUGGESTION_MAX_CHARS }),
  }),
  'pause-sla': reason,
  'resume-sla': reason,
  escalate: reason,
  reopen: reason,
} as const satisfies { readonly [A in ActionName]: z.ZodType };

/** The input of each action, as its schema accepts it. */
export type ActionInputs = { [A in ActionName]: z.infer<(typeof ACTION_SCHEMAS)[A]> };

/** An action as the workflow receives it: who (from the verified token, never the body) and what. */
export interface ActionEnvelope<A extends ActionName = ActionName> {
  readonly actor: Actor;
  readonly input: ActionInputs[A];
}

/** A field the schema refused and why (`evidence[0].kind`, `is required`); `(body)` for the whole input. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export type ParsedInput<A extends ActionName> =
  | { readonly ok: true; readonly value: ActionInputs[A] }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const TYPE_REASONS: Partial<Record<string, string>> = {
  string: 'must be a string',
  boolean: 'must be a boolean value',
  number: 'must be an integer number', // every number of an action is a whole one
  int: 'must be an integer number',
  array: 'must be an array',
  object: 'must be an object',
};

/** The reason of a problem, in the words the API has always used (a check's own message wins over these). */
function reasonOf(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    if (issue.input === undefined) return 'is required';
    if (issue.input === null) return 'must not be null';
  }
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_REASONS[issue.expected];
    case 'invalid_value':
      return `must be one of the following values: ${issue.values.join(', ')}`;
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'int') return 'must be a safe integer'; // beyond ±2^53, besides the field's own bound
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array') return `must contain ${small ? 'at least' : 'no more than'} ${bound} elements`;
      return `must not be ${small ? 'less' : 'greater'} than ${bound}`;
    }
    default:
      return undefined;
  }
}

/** `evidence[0].kind` from `['evidence', 0, 'kind']`; `(body)` for the input itself. */
function fieldName(path: readonly PropertyKey[]): string {
  const name = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  return name || '(body)';
}

/**
 * One problem per field, its reasons joined (as the API has always reported them). A problem with an item of a list
 * is the list's (`partiesHeard: each value must not be blank`); a problem inside an item keeps its path.
 */
function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const byField = new Map<string, string[]>();
  const add = (field: string, why: string) => {
    const reasons = byField.get(field) ?? [];
    if (!reasons.includes(why)) reasons.push(why);
    byField.set(field, reasons);
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(fieldName([...issue.path, key]), 'is not an allowed property');
    } else if (typeof issue.path[issue.path.length - 1] === 'number') {
      add(fieldName(issue.path.slice(0, -1)), `each value ${issue.message}`);
    } else {
      add(fieldName(issue.path), issue.message);
    }
  }
  return [...byField].map(([field, reasons]) => ({ field, reason: reasons.join('; ') }));
}

/**
 * Checks `input` against the schema of `action`: the parsed value on success (equal to the input: a schema never changes a value), else
 * every problem. Shared by the API's body validation and the workflow's `checkInput`.
 */
export function parseActionInput<A extends ActionName>(action: A, input: unknown): ParsedInput<A> {
  const result = (ACTION_SCHEMAS[action] as z.ZodType).safeParse(input, { error: reasonOf });
  if (result.success) return { ok: true, value: result.data as ActionInputs[A] };
  return { ok: false, problems: problemsOf(result.error.issues) };
}
