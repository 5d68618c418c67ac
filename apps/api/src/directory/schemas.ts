/**
 * The bodies of the directory endpoints (docs/api.md v2 "Staff directory", "Outlet directory"): one zod schema per
 * input, as libs/domain/src/case/actions.ts does for the actions — the TypeScript type is inferred from it and the
 * OpenAPI body is generated from it (`z.toJSONSchema`, with the Chinese examples). Objects are strict: an unknown
 * field is refused. A schema only checks; it never transforms a value.
 *
 * Every problem is reported as `{ field, reason }` (status 400, `REQUEST.INVALID`, as `invalid` of
 * common/validation.ts builds it) with the reason in Simplified Chinese, or in English when the caller's
 * `Accept-Language` prefers it.
 */
import { z } from 'zod';
import { NO_NUL, OUTLET_CODE, SAFE_ID } from '@complaintflow/domain/case/actions';
import { ROLE_IDS } from '@complaintflow/domain/vocabulary';
import { STAFF_CHANNELS, STAFF_LANGUAGES } from '@complaintflow/persistence/repositories/staff-directory';
import { invalid, sanitizeBody, type FieldProblem } from '../common/validation';
import type { ApiError } from '../common/api-error';

export type ReasonLanguage = 'zh-CN' | 'en';

/** English when the caller's first preference is English, else Simplified Chinese (the default). */
export function reasonLanguage(acceptLanguage: string | undefined): ReasonLanguage {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh-CN';
}

/** A check's own message names one of these; each has both languages. */
const MESSAGES = {
  blank: { zh: '不能为空白', en: 'must not be blank' },
  userId: {
    zh: '必须是用户 id(字母、数字及 ._:@-,最多 128 个字符)',
    en: 'must be a user id (letters, digits, ._:@-; up to 128)',
  },
  outletCode: {
    zh: '必须是网点编码(字母、数字及 ._-,最多 32 个字符),如 SH-001',
    en: 'must be an outlet code (letters, digits, ._-; up to 32), e.g. SH-001',
  },
  email: { zh: '必须是有效的电子邮件地址', en: 'must be a valid e-mail address' },
  phone: {
    zh: '必须是电话号码(数字,可带 + 和 -),如 021-12345678',
    en: 'must be a phone number (digits, optionally + and -), e.g. 021-12345678',
  },
  hhmm: { zh: '必须是 HH:MM 格式的北京时间,如 09:00', en: 'must be a time HH:MM (Beijing time), e.g. 09:00' },
  unique: { zh: '不能有重复项', en: 'all elements must be unique' },
  kind: { zh: '通知种类名只能含小写字母、数字和下划线', en: 'notification kinds are lower-case letters, digits and _' },
  tooManyKinds: { zh: '最多配置 32 种通知', en: 'at most 32 notification kinds' },
  nothingToChange: { zh: '至少要给出一个要修改的字段', en: 'give at least one field to change' },
  contactNeeded: { zh: '电话和电子邮件至少给出一项', en: 'give a phone number or an e-mail address' },
} as const satisfies Record<string, { zh: string; en: string }>;
type MessageKey = keyof typeof MESSAGES;
const msg = (key: MessageKey) => ({ error: key });

const chars = (s: string): number => [...s].length;

function text(max: number) {
  return z
    .string()
    .regex(/\S/, msg('blank'))
    .refine((s) => chars(s) <= max, { error: `max:${max}` })
    .meta({ maxLength: max });
}

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

const userId = () => z.string().regex(SAFE_ID, msg('userId'));
const outletCode = () => z.string().regex(OUTLET_CODE, msg('outletCode'));
/** Mainland numbers as written: `13812345678`, `021-12345678`, `400-820-8820`, `+86 …` without spaces, `95311`. */
const phone = () =>
  z
    .string()
    .regex(/^\+?\d[\d-]{2,22}\d$/, msg('phone'))
    .meta({ maxLength: 25 });
const hhmm = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('hhmm'));

const preferences = z
  .strictObject({
    channels: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, msg('kind')),
        z
          .array(z.enum(STAFF_CHANNELS))
          .min(1)
          .max(STAFF_CHANNELS.length)
          .refine(unique, msg('unique'))
          .meta({ example: ['inbox', 'sms'] }),
      )
      .refine((r) => Object.keys(r).length <= 32, msg('tooManyKinds'))
      .optional()
      .meta({
        description: '按通知种类选择渠道(inbox、email、sms);未列出的种类只进站内信',
        example: { escalation: ['inbox', 'sms'], approval_needed: ['inbox', 'email'] },
      }),
    quietHours: z
      .strictObject({ start: hhmm(), end: hhmm() })
      .optional()
      .meta({
        description: '免打扰时段(北京时间),其间只发站内信;默认 18:00–09:00,即服务时间 09:00–18:00 之外',
        example: { start: '18:00', end: '09:00' },
      }),
  })
  .meta({ title: 'StaffPreferences' });

const userFields = {
  name: text(100).meta({ example: '王主管' }),
  roles: z
    .array(z.enum(ROLE_IDS))
    .min(1)
    .max(ROLE_IDS.length)
    .refine(unique, msg('unique'))
    .meta({ example: ['supervisor'], description: '角色;员工目录中的角色优先于令牌中的角色' }),
  outlet: outletCode()
    .nullable()
    .optional()
    .meta({ example: 'SH-001', description: '所属网点;与部门都为空表示总部(全网)' }),
  department: text(64).nullable().optional().meta({ example: '上海客服部' }),
  email: z.email(msg('email')).max(254).nullable().optional().meta({ example: 'wang.zhuguan@example.com' }),
  phone: phone().nullable().optional().meta({ example: '13812345678' }),
  language: z.enum(STAFF_LANGUAGES).meta({ example: 'zh-CN', description: '通知语言' }),
  preferences: preferences.optional(),
  active: z.boolean().optional().meta({ example: true, description: '停用后该用户的令牌一律 401' }),
};

/** `POST /users`. */
export const CREATE_USER = z
  .strictObject({ id: userId().meta({ example: 'sup-sh-01', description: '令牌中的 sub' }), ...userFields })
  .meta({ title: 'CreateUser' });

/** `PATCH /users/:id`: any field; `id`, when given, must be the path's. */
export const PATCH_USER = z
  .strictObject({
    id: userId().optional().meta({ example: 'sup-sh-01' }),
    name: userFields.name.optional(),
    roles: userFields.roles.optional(),
    outlet: userFields.outlet,
    department: userFields.department,
    email: userFields.email,
    phone: userFields.phone,
    language: userFields.language.optional(),
    preferences: userFields.preferences,
    active: userFields.active,
  })
  .meta({ title: 'PatchUser' });

const outletFields = {
  name: text(100).meta({ example: '上海浦东网点' }),
  complaintPhone: phone().meta({ example: '021-58881234', description: '对外公布的投诉电话(R-CH-4)' }),
  complaintHandler: text(100).meta({ example: '李经理', description: '投诉处理负责人(R-CH-4)' }),
};

/** `POST /outlets`. */
export const CREATE_OUTLET = z
  .strictObject({ code: outletCode().meta({ example: 'SH-001' }), ...outletFields })
  .meta({ title: 'CreateOutlet' });

/** `PATCH /outlets/:code`: at least one field to change; `code`, when given, must be the path's. */
export const PATCH_OUTLET = z
  .strictObject({
    code: outletCode().optional().meta({ example: 'SH-001' }),
    name: outletFields.name.optional(),
    complaintPhone: outletFields.complaintPhone.optional(),
    complaintHandler: outletFields.complaintHandler.optional(),
  })
  .refine((o) => o.name !== undefined || o.complaintPhone !== undefined || o.complaintHandler !== undefined, {
    ...msg('nothingToChange'),
    path: [],
  })
  .meta({ title: 'PatchOutlet' });

export type CreateUser = z.infer<typeof CREATE_USER>;
export type PatchUser = z.infer<typeof PATCH_USER>;
export type CreateOutlet = z.infer<typeof CREATE_OUTLET>;
export type PatchOutlet = z.infer<typeof PATCH_OUTLET>;

const TYPE_REASONS: Record<string, { zh: string; en: string }> = {
  string: { zh: '必须是字符串', en: 'must be a string' },
  boolean: { zh: '必须是布尔值', en: 'must be a boolean value' },
  array: { zh: '必须是数组', en: 'must be an array' },
  object: { zh: '必须是对象', en: 'must be an object' },
  record: { zh: '必须是对象', en: 'must be an object' },
};

/** A reason in `lang`: a check's own message is a key of MESSAGES or `max:<n>`; any other is already in `lang`. */
function translate(message: string, lang: ReasonLanguage): string {
  const pick = (m: { zh: string; en: string }) => (lang === 'en' ? m.en : m.zh);
  if (Object.hasOwn(MESSAGES, message)) return pick(MESSAGES[message as MessageKey]);
  const max = /^max:(\d+)$/.exec(message);
  if (max)
    return pick({ zh: `不能超过 ${max[1]} 个字符`, en: `must be shorter than or equal to ${max[1]} characters` });
  return message;
}

/** The parse's error map: the reason of an issue without a message of its own, in `lang`. */
function reasonOf(issue: z.core.$ZodRawIssue, lang: ReasonLanguage): string {
  const pick = (m: { zh: string; en: string }) => (lang === 'en' ? m.en : m.zh);
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    if (issue.input === undefined) return pick({ zh: '必填', en: 'is required' });
    if (issue.input === null) return pick({ zh: '不能为 null', en: 'must not be null' });
  }
  switch (issue.code) {
    case 'invalid_type':
      return pick(TYPE_REASONS[issue.expected] ?? { zh: '类型不正确', en: 'has the wrong type' });
    case 'invalid_value': {
      const values = issue.values.join(', ');
      return pick({ zh: `必须是以下值之一:${values}`, en: `must be one of the following values: ${values}` });
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array')
        return pick(
          small
            ? { zh: `至少包含 ${bound} 项`, en: `must contain at least ${bound} elements` }
            : { zh: `最多包含 ${bound} 项`, en: `must contain no more than ${bound} elements` },
        );
      return pick(
        small
          ? { zh: `长度不能少于 ${bound}`, en: `must not be shorter than ${bound}` }
          : { zh: `长度不能超过 ${bound}`, en: `must not be longer than ${bound}` },
      );
    }
    default:
      return pick({ zh: '取值无效', en: 'is not valid' });
  }
}

/** `roles[1]` from `['roles', 1]`; `(body)` for the body itself. */
function fieldName(path: readonly PropertyKey[]): string {
  const name = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  return name || '(body)';
}

/** One problem per field, its reasons joined; a problem with an item of a list is the list's. */
function problemsOf(issues: readonly z.core.$ZodIssue[], lang: ReasonLanguage): FieldProblem[] {
  const byField = new Map<string, string[]>();
  const add = (field: string, why: string) => {
    const reasons = byField.get(field) ?? [];
    if (!reasons.includes(why)) reasons.push(why);
    byField.set(field, reasons);
  };
  const notAllowed = lang === 'en' ? 'is not an allowed property' : '不是允许的字段';
  const each = lang === 'en' ? 'each value ' : '每一项';
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(fieldName([...issue.path, key]), notAllowed);
    } else if (typeof issue.path[issue.path.length - 1] === 'number') {
      add(fieldName(issue.path.slice(0, -1)), `${each}${translate(issue.message, lang)}`);
    } else if (issue.code === 'invalid_key') {
      // A record key (a notification kind): the key's own problem, at the key.
      add(fieldName(issue.path), translate(issue.issues[0]?.message ?? issue.message, lang));
    } else {
      add(fieldName(issue.path), translate(issue.message, lang));
    }
  }
  return [...byField].map(([field, reasons]) => ({ field, reason: reasons.join(lang === 'en' ? '; ' : ';') }));
}

/** The 400 of the directory: `REQUEST.INVALID` with every field and its reason, the message in `lang`. */
export function directoryInvalid(problems: readonly FieldProblem[], lang: ReasonLanguage): ApiError {
  const list = problems
    .slice(0, 5)
    .map((p) => `${p.field} ${p.reason}`)
    .join(lang === 'en' ? '; ' : ';');
  const more =
    problems.length > 5
      ? lang === 'en'
        ? ` (and ${problems.length - 5} more)`
        : `(另有 ${problems.length - 5} 项)`
      : '';
  const message = lang === 'en' ? `The request is not valid: ${list}${more}.` : `请求无效:${list}${more}。`;
  return invalid(problems, message.slice(0, 1000));
}

/**
 * Checks a body against a directory schema: the parsed value, or a 400 naming every bad field (the body's shape is
 * checked first, as for every body: a JSON object, not too deep, no `__proto__`-like keys).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, lang: ReasonLanguage): z.infer<S> {
  const { clean, problems: shape } = sanitizeBody(body === undefined ? {} : body);
  const localise = (p: FieldProblem): FieldProblem => ({
    ...p,
    reason:
      lang === 'en'
        ? p.reason
        : p.reason === 'must be a JSON object'
          ? '必须是 JSON 对象'
          : p.reason === 'is not an allowed property'
            ? '不是允许的字段'
            : p.reason === NO_NUL
              ? '不能包含空字符(U+0000)'
              : p.reason.replace(/^is nested deeper than (\d+) levels$/, '嵌套不能超过 $1 层'),
  });
  if (!clean) throw directoryInvalid(shape.map(localise), lang);
  const result = schema.safeParse(clean, { error: (issue) => reasonOf(issue, lang) });
  if (result.success && shape.length === 0) return result.data;
  throw directoryInvalid(
    [...shape.map(localise), ...(result.success ? [] : problemsOf(result.error.issues, lang))],
    lang,
  );
}

/** A path parameter: a user id or an outlet code, else 400 naming it. */
export function parseParam(kind: 'id' | 'code', value: string, lang: ReasonLanguage): string {
  const ok = kind === 'id' ? SAFE_ID.test(value) : OUTLET_CODE.test(value);
  if (ok) return value;
  const m = MESSAGES[kind === 'id' ? 'userId' : 'outletCode'];
  throw directoryInvalid([{ field: kind, reason: lang === 'en' ? m.en : m.zh }], lang);
}

/** The body's `id`/`code`, when given, must be the path's (it cannot be changed). */
export function assertSameKey(field: 'id' | 'code', inBody: string | undefined, inPath: string, lang: ReasonLanguage) {
  if (inBody === undefined || inBody === inPath) return;
  throw directoryInvalid(
    [
      {
        field,
        reason:
          lang === 'en'
            ? `must be the path's ${field} (${field} cannot be changed)`
            : `必须与路径中的 ${field} 一致(不可修改)`,
      },
    ],
    lang,
  );
}
