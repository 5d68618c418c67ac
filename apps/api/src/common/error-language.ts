/**
 * Error text in the caller's language: Simplified Chinese by default, English when `Accept-Language` prefers it
 * (docs/api.md Errors). The codes never change; the message and each field's reason are given in the language. A
 * message already in Chinese (the rules' own refusals) is kept; an English one is replaced by the Chinese text of its
 * code; a field reason is translated phrase by phrase, the field names and values left as they are.
 */
import type { ErrorBody } from './api-error';

export type ErrorLanguage = 'zh-CN' | 'en';

/** `en` when the first language the caller lists is English; otherwise Simplified Chinese. */
export function errorLanguage(acceptLanguage: string | undefined): ErrorLanguage {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh-CN';
}

const HAS_CHINESE = /[\u3400-\u9fff]/;

/** The Chinese message of each code (a family's prefix when the code has no entry of its own). */
const MESSAGES_ZH: Readonly<Record<string, string>> = {
  'REQUEST.INVALID': '请求内容有误,请按各字段的原因修改。',
  'INPUT.INVALID': '请求内容有误,请按各字段的原因修改。',
  'REQUEST.MALFORMED_JSON': '请求体不是合法的 JSON。',
  'REQUEST.TOO_LARGE': '请求体过大。',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': '请求体须为 application/json。',
  'REQUEST.METHOD_NOT_ALLOWED': '不支持该请求方法。',
  'AUTH.UNAUTHENTICATED': '未登录或令牌无效。',
  'AUTH.FORBIDDEN': '您的角色无权执行此操作。',
  'AUTH.USER_INACTIVE': '该账号已停用。',
  'ROLE.NOT_ALLOWED': '您的角色无权执行此操作。',
  'RESOURCE.NOT_FOUND': '未找到该资源。',
  'CASE.NOT_FOUND': '未找到该案件。',
  'CASE.NOT_AN_APPEAL': '只有邮政管理局申诉案件才需回复管理局。',
  'STAGE.NOT_ALLOWED': '案件当前阶段不允许此操作。',
  'STAGE.NOT_CLASSIFIED': '案件须先受理分类,才能进行此操作。',
  'STATE.CONFLICT': '案件当前状态不允许此操作。',
  'PLAN.NONE': '案件尚无处理方案。',
  'PLAN.NOT_APPROVED': '处理方案尚未获批(R-APR-1)。',
  'PLAN.NOT_AGREED': '客户尚未同意该方案,且它不是已告知客户的底限方案(R-CMP-4)。',
  'PLAN.ALREADY_ANSWERED': '客户已答复过该方案。',
  'APPROVAL.NOT_PENDING': '没有等待审批的方案。',
  'SLA.ALREADY_PAUSED': '时限已处于暂停状态。',
  'SLA.NOT_PAUSED': '时限未暂停。',
  'ESCALATION.AT_TOP': '案件已在最高层级(经理)。',
  'IDEMPOTENCY.CONFLICT': '该幂等键已用于另一请求。',
  'RATE.LIMITED': '请求过于频繁,请稍后再试。',
  'SERVICE.UNAVAILABLE': '后台服务暂不可用,请稍后重试。',
  INTERNAL: '服务器内部错误,请联系管理员并提供请求编号。',
  'RULE.': '不符合业务规则',
  'CODEC.UNDECODABLE': '载荷无法用现有密钥解密(密钥编号未知或内容被改动)。',
};

/** Field reasons, phrase by phrase (the wording of libs/domain/src/case/actions.ts and the intake's checks). */
const REASONS_ZH: readonly [RegExp, (...groups: string[]) => string][] = [
  [/^is required$/, () => '为必填项'],
  [/^must not be null$/, () => '不能为 null'],
  [/^must not be blank$/, () => '不能为空白'],
  [/^must not contain the NUL character \(U\+0000\)$/, () => '不能包含空字符(U+0000)'],
  [/^must be a string$/, () => '必须是字符串'],
  [/^must be a boolean value$/, () => '必须是布尔值'],
  [/^must be an integer number$/, () => '必须是整数'],
  [/^must be a safe integer$/, () => '必须是安全范围内的整数'],
  [/^must be an array$/, () => '必须是数组'],
  [/^must be an object$/, () => '必须是对象'],
  [/^is not an allowed property$/, () => '不是允许的字段'],
  [/^must be one of the following values: (.*)$/, (v) => `必须是以下值之一:${v}`],
  [/^must not be less than (.*)$/, (n) => `不能小于 ${n}`],
  [/^must not be greater than (.*)$/, (n) => `不能大于 ${n}`],
  [/^must contain at least (\S+) elements?$/, (n) => `至少须有 ${n} 项`],
  [/^must contain no more than (\S+) elements?$/, (n) => `最多 ${n} 项`],
  [/^must be shorter than or equal to (\S+) characters$/, (n) => `长度不能超过 ${n} 个字符`],
  [/^all elements must be unique$/, () => '各项不得重复'],
  [/^at least one item of evidence \((R-[A-Z]+-\d+)\)$/, (r) => `至少须有一项证据(${r})`],
  [/^must be base64$/, () => '必须是 base64 编码'],
  [/^cannot be decrypted with the keyring$/, () => '无法用现有密钥解密'],
  [/^each value (.*)$/, (rest) => `每一项${translateReason(rest)}`],
];

/** One field reason in Chinese: each `; `-separated part translated when its wording is known, else kept. */
export function translateReason(reason: string): string {
  return reason
    .split('; ')
    .map((part) => {
      for (const [pattern, zh] of REASONS_ZH) {
        const m = pattern.exec(part);
        if (m) return zh(...m.slice(1));
      }
      return part;
    })
    .join(';');
}

function messageZh(code: string, message: string): string {
  if (HAS_CHINESE.test(message)) return message;
  const own = MESSAGES_ZH[code];
  if (own) return own;
  const rule = /^RULE\.(R-[A-Z]+-\d+)$/.exec(code);
  if (rule) return `${MESSAGES_ZH['RULE.']} ${rule[1]}。`;
  const family = Object.keys(MESSAGES_ZH).find((k) => k.endsWith('.') && code.startsWith(k));
  return family ? MESSAGES_ZH[family] : message;
}

/** The error body in `language`; English bodies pass unchanged for `en`. The English message stays as `messageEn`. */
export function localiseError(body: ErrorBody, language: ErrorLanguage): ErrorBody {
  if (language === 'en') return body;
  const { code, message, details } = body.error;
  const zh = messageZh(code, message);
  const localisedDetails = (details ?? []).map((d) => {
    if (typeof d !== 'object' || d === null) return d;
    const reason = (d as { reason?: unknown }).reason;
    return typeof reason === 'string' && !HAS_CHINESE.test(reason) ? { ...d, reason: translateReason(reason) } : d;
  });
  return { error: { code, message: zh, ...(zh !== message ? { messageEn: message } : {}), details: localisedDetails } };
}
