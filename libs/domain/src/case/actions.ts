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
import { NOT_LIABLE_REASON_IDS, SOURCE_FAULT_IDS } from '../liability';
import type { Actor, ActionName } from '../stages';
import { SURVEY_MAX_SCORE, SURVEY_MIN_SCORE, SURVEY_SUGGESTION_MAX_CHARS } from '../survey';
import { WRITTEN_REPLY_STEPS } from '../written-reply';
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

/**
 * No NUL character (U+0000) in any text: PostgreSQL stores neither it in `text` nor `\u0000` in `jsonb`, so an event
 * carrying one could never be recorded (the recording activity would retry for ever; found by the endpoint fuzzing).
 */
export const NO_NUL = 'must not contain the NUL character (U+0000)';
const noNul = (s: string): boolean => !s.includes('\u0000');

/** Text with at least one non-blank character, at most `max` characters, no NUL character. */
function text(max: number) {
  return z
    .string()
    .regex(/\S/, 'must not be blank')
    .refine(noNul, NO_NUL)
    .refine((s) => chars(s) <= max, `must be shorter than or equal to ${max} characters`)
    .meta({ maxLength: max });
}

const fen = () => z.int().min(0).max(MAX_FEN);
const score = () => z.int().min(SURVEY_MIN_SCORE).max(SURVEY_MAX_SCORE);
const note = (example: string) => text(MAX_NOTE).optional().meta({ example });

const evidence = () =>
  z.strictObject({
    kind: text(64).meta({ example: 'tracking_scan', description: '证据种类,如物流扫描、监控、交接记录' }),
    ref: text(500).meta({ example: 'SCAN-20261124-0012' }),
  });

const outletCode = () => z.string().regex(OUTLET_CODE, 'must be an outlet code (letters, digits, ._-; up to 32)');

/** `build()` once, on the first call. */
function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** pause-sla, resume-sla, escalate and reopen take a reason (one schema, one OpenAPI component). */
const reason = once(() =>
  z.strictObject({ reason: text(MAX_NOTE).meta({ example: '等待客户补充证据' }) }).meta({ title: 'Reason' }),
);

/**
 * An object whose each property is built on first read. The workflow's modules are evaluated afresh for every
 * workflow the worker creates (the SDK isolates each one's module state), so building all the schemas at import cost
 * every new or uncached case about 30 ms of CPU (the audit replay's profile, bench/results/), though a workflow task
 * checks one or two of them.
 */
function builtOnFirstUse<T extends Record<string, () => unknown>>(
  thunks: T,
): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const out = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(thunks) as (keyof T & string)[]) {
    const get = once(thunks[key]);
    Object.defineProperty(out, key, { enumerable: true, get });
  }
  return out;
}

/** The schema of each action's input (each built on first use). */
export const ACTION_SCHEMAS = builtOnFirstUse({
  accept: () =>
    z.strictObject({
      category: z.enum(CATEGORY_IDS).optional().meta({ example: 'loss', description: '核定类别(R-CAT-1)' }),
      urgency: z.enum(URGENCY_IDS).optional().meta({ example: 'urgent', description: '核定紧急程度(R-CAT-4)' }),
      note: note('客户称快件疑似丢失,升级为紧急'),
    }),
  'reject-inadmissible': () =>
    z.strictObject({
      reason: z.enum(INADMISSIBLE_REASON_IDS).meta({ example: 'settled', description: '不予受理理由(R-ADM-1)' }),
      note: text(MAX_NOTE).meta({ example: '同一事项已于11月20日达成和解并已赔付' }),
    }),
  'resolve-on-the-spot': () =>
    z.strictObject({
      explanation: text(MAX_NOTE).meta({ example: '现场核实派送时间并当场致歉,客户表示认可', description: 'R-FLOW-2' }),
    }),
  assign: () =>
    z.strictObject({
      assignee: z
        .string()
        .regex(SAFE_ID, 'must be a user id (letters, digits, ._:@-; up to 128)')
        .meta({ example: 'inv-007', description: '承办人(R-FLOW-1;不得为被投诉员工,R-FLOW-4)' }),
      department: text(64).optional().meta({ example: '北京派件中心' }),
    }),
  'record-findings': () =>
    z
      .strictObject({
        summary: text(4000).meta({ example: '派件网点因人手不足延误两天,已核实扫描记录' }),
        rootCause: z.enum(ROOT_CAUSE_IDS).meta({ example: 'human_error', description: '根本原因(R-INV-4)' }),
        companyLiable: z.boolean().meta({ example: true, description: '公司是否有责(R-LIA-10)' }),
        evidence: z
          .array(evidence())
          .min(1, 'at least one item of evidence (R-INV-2)')
          .max(50)
          .meta({ description: '证据(R-INV-2:至少一项)' }),
        faultOutlet: outletCode().optional().meta({ example: 'BJ-007', description: '过错网点(R-LIA-4)' }),
        partiesHeard: z
          .array(text(100))
          .max(20)
          .optional()
          .meta({ example: ['投诉人', '派件员'], description: '已听取意见的各方(R-INV-3)' }),
        actualLossFen: fen().optional().meta({ example: 12000, description: '实际损失(分)' }),
        // The facts the liability table needs (docs/api.md v2): the investigator's, correcting what intake claimed.
        namedParty: outletCode().optional().meta({ example: 'SH-001', description: '客户指定投诉的网点(R-LIA-3)' }),
        outOfArea: z
          .strictObject({
            deliveryNotifiedByRules: z.boolean().meta({ description: '派件网点是否按规定通知并操作(R-LIA-6/7)' }),
            originKnew: z.boolean().meta({ description: '发件网点是否知情(R-LIA-7)' }),
          })
          .optional()
          .meta({ description: '超区件事实(R-LIA-6/7)' }),
        chargingOutlet: outletCode().optional().meta({ example: 'BJ-007', description: '违规收费方(R-LIA-8)' }),
        unexplainedOutlet: outletCode()
          .optional()
          .meta({ example: 'BJ-007', description: '收费未解释方(R-LIA-8, R-CMP-3)' }),
        dueFen: fen().optional().meta({ example: 1200, description: '核实后应收金额(分,含合规费用,R-CMP-2)' }),
        sourceFault: z
          .enum(SOURCE_FAULT_IDS)
          .optional()
          .meta({ example: 'inadequate_packaging', description: '源头问题(R-LIA-12)' }),
        originUnreachable: z.boolean().optional().meta({ description: '客户联系不上发件网点(R-LIA-9)' }),
        outletReplyUnclear: z
          .boolean()
          .optional()
          .meta({ description: '网点回复不清导致申诉被判有效,其处罚不得内部申诉(R-REG-3)' }),
        notLiableReason: z
          .enum(NOT_LIABLE_REASON_IDS)
          .optional()
          .meta({ example: 'unevidenced', description: '公司无责的理由(R-LIA-10,仅当 companyLiable 为 false)' }),
      })
      .superRefine((v, ctx) => {
        if (v.companyLiable && v.notLiableReason !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['notLiableReason'],
            message: 'must not be given when companyLiable is true (R-LIA-10)',
          });
      }),
  'propose-plan': () =>
    z.strictObject({
      remedies: z
        .array(z.enum(REMEDY_IDS))
        .min(1)
        .max(REMEDY_IDS.length)
        .refine((r) => new Set(r).size === r.length, 'all elements must be unique')
        .meta({ example: ['apology', 'compensation'], description: 'R-HDL-1' }),
      compensationFen: fen().meta({ example: 5000, description: '赔偿金额(分),由 R-CMP-* 校验' }),
      floorOffer: z.boolean().optional().meta({ example: false, description: '底限方案(R-CMP-4)' }),
      compensationReason: text(MAX_NOTE)
        .optional()
        .meta({ example: '客户另有证明的实际损失', description: '赔偿金额高于建议金额的理由(R-APR-2)' }),
      note: note('按运费三倍赔付并致歉'),
    }),
  'decide-approval': () =>
    z.strictObject({
      approve: z.boolean().meta({ example: true, description: '是否批准(R-APR-1/2)' }),
      comment: note('同意按方案执行'),
    }),
  'contact-attempt': () =>
    z.strictObject({
      reached: z.boolean().meta({ example: false, description: '是否联系上客户(R-CON-1)' }),
      channel: z.enum(Object.keys(CONTACT_CHANNELS) as ContactChannel[]).meta({ example: 'phone' }),
      note: note('电话关机,已发短信告知'),
    }),
  'customer-response': () =>
    z.strictObject({
      accepted: z.boolean().meta({ example: true, description: '客户是否接受方案(R-RES-2)' }),
      comment: note('同意,谢谢'),
    }),
  'execute-plan': () =>
    z.strictObject({
      paymentRef: text(128).optional().meta({ example: 'PAY-20261125-88', description: '付款凭证号(R-HDL-3)' }),
      note: note('已通过账户余额退款'),
    }),
  'regulator-reply': () =>
    z.strictObject({
      text: text(10_000).meta({
        example: '经核实,快件已于11月22日妥投。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。',
        description: '回复邮政管理局的文本(R-REG-2)',
      }),
    }),
  survey: () =>
    z.strictObject({
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
        .refine(noNul, NO_NUL)
        .nullable()
        .optional()
        .meta({ example: '希望能更早告知处理进度', maxLength: SURVEY_SUGGESTION_MAX_CHARS }),
    }),
  'pause-sla': reason,
  'resume-sla': reason,
  escalate: reason,
  reopen: reason,
  'request-evidence': () =>
    z.strictObject({
      items: z
        .array(text(200))
        .min(1)
        .max(20)
        .meta({ example: ['破损外包装照片', '购物凭证'], description: '需要客户提供的证据(R-SLA-3)' }),
      note: note('请于三日内提供'),
    }),
  'consult-hq': () =>
    z.strictObject({
      question: text(MAX_NOTE).meta({
        example: '快件签收争议,是否属于公司责任?',
        description: '先行咨询总部(R-REG-5)',
      }),
    }),
  'hq-answer': () =>
    z.strictObject({
      answer: text(MAX_NOTE).meta({ example: '经核实不属公司责任,请如实答复', description: '总部答复(R-REG-5)' }),
    }),
  'arbitration-claim': () =>
    z.strictObject({
      againstOutlet: outletCode().meta({ example: 'BJ-007', description: '被申请仲裁的过错网点(R-LIA-13)' }),
      amountFen: fen().meta({ example: 30000, description: '申请金额(分)' }),
      note: note('已先行赔付客户,申请过错网点承担'),
    }),
  'arbitration-ruling': () =>
    z.strictObject({
      upheld: z.boolean().meta({ example: true, description: '是否支持仲裁申请(R-LIA-13)' }),
      amountFen: fen().meta({ example: 30000, description: '裁定金额(分)' }),
      note: note('按网络内部规定裁定'),
    }),
  'sign-off-reply': () =>
    z.strictObject({
      step: z
        .enum(WRITTEN_REPLY_STEPS)
        .meta({ example: 'legalReview', description: '书面回复审核步骤:部门审核、法务审核、经理批准(R-CON-3)' }),
      note: note('措辞已核'),
    }),
} as const satisfies { readonly [A in ActionName]: () => z.ZodType });

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
