/**
 * Texts sent to the customer: the acceptance acknowledgement (R-ACC-3), the progress notice (R-SLA-6), the SMS for
 * a customer who could not be reached (R-CON-1) and the result notice (R-RES-1). Simplified Chinese by default,
 * English on request. The texts carry no personal data beyond what the caller passes in (R-SEC-1): they address
 * "尊敬的客户" / "Dear customer", never the complainant by name.
 */
import { ALLOWED, type Decision, type Refused, refuse, ruleCode } from './result';
import { type Language, type Stage, STAGES } from './vocabulary';

/** How the customer reaches us: a hotline, a URL, or both (at least one is required). */
export interface ContactPoint {
  readonly hotline?: string;
  readonly url?: string;
}

/** A composed text (an SMS). */
export interface ComposedText {
  readonly ok: true;
  readonly text: string;
}

/** A composed notice with a subject line (web, e-mail, letter). */
export interface ComposedNotice extends ComposedText {
  readonly subject: string;
}

/** Default offset of China Standard Time from UTC, in minutes. */
const CHINA_OFFSET_MINUTES = 480;

const DEFAULT_SENDER: Record<Language, string> = { zh: '客户投诉部', en: 'Customer Complaints Department' };
const DEFAULT_SMS_SIGNATURE: Record<Language, string> = { zh: '客户服务', en: 'Customer Service' };

/** The customer-facing steps of the process, told at acceptance (R-ACC-3). */
export const PROCESS_STEPS: Record<Language, readonly string[]> = {
  zh: ['受理登记', '调查核实', '制定并协商处理方案', '告知处理结果', '满意度回访'],
  en: [
    'registration',
    'investigation',
    'agreeing a solution with you',
    'telling you the result',
    'satisfaction survey',
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// R-RES-1 result notice
// ---------------------------------------------------------------------------------------------------------------

/** One handling step and the reason it was taken (R-RES-1). */
export interface HandlingStep {
  readonly action: string;
  readonly reason: string;
}

/** The content of a result notice (R-RES-1). */
export interface ResultNoticeInput {
  /** The case number the customer knows. */
  readonly caseRef?: string;
  /** The complaint, briefly. */
  readonly complaint: string;
  /** The handling steps and the reason for each. */
  readonly steps: readonly HandlingStep[];
  /** The result. */
  readonly result: string;
  /** The rules or laws the result rests on. */
  readonly basis: readonly string[];
  /** How to get further help. */
  readonly furtherHelp: ContactPoint;
  /** Optional signed link where the customer confirms the result (R-RES-2) and takes the survey (R-REV-1). */
  readonly responseUrl?: string;
  /** Signature; defaults to the complaint department. */
  readonly sender?: string;
}

/** The parts a result notice must state (R-RES-1). */
export const RESULT_NOTICE_PARTS = ['complaint', 'steps', 'result', 'basis', 'furtherHelp'] as const;
export type ResultNoticePart = (typeof RESULT_NOTICE_PARTS)[number];

const PART_NAMES: Record<ResultNoticePart, string> = {
  complaint: 'the complaint',
  steps: 'the handling steps and their reasons',
  result: 'the result',
  basis: 'the rule or law it rests on',
  furtherHelp: 'how to get further help',
};

/**
 * Checks that a result notice states every part R-RES-1 requires: the complaint, the handling steps with their
 * reasons, the result, the rule or law it rests on, and how to get further help (a hotline or URL). Blank text
 * counts as missing; a step without an action or a reason makes the steps incomplete. Refused `RULE.R-RES-1` with
 * the missing parts in `details`.
 */
export function checkResultNotice(fields: Partial<ResultNoticeInput>): Decision {
  const missing: ResultNoticePart[] = [];
  if (isBlank(fields.complaint)) missing.push('complaint');
  const steps = fields.steps ?? [];
  if (steps.length === 0 || steps.some((step) => isBlank(step.action) || isBlank(step.reason))) missing.push('steps');
  if (isBlank(fields.result)) missing.push('result');
  if ((fields.basis ?? []).every(isBlank)) missing.push('basis');
  if (!hasContact(fields.furtherHelp)) missing.push('furtherHelp');
  if (missing.length === 0) return ALLOWED;
  return refuse(
    ruleCode('R-RES-1'),
    `The result notice lacks ${missing.map((part) => PART_NAMES[part]).join(', ')}.`,
    missing,
  );
}

/**
 * Composes the result notice (R-RES-1): the complaint, the handling steps and reasons, the result, its basis and how
 * to get further help, in Simplified Chinese (default) or English. Refused `RULE.R-RES-1` when a part is missing.
 */
export function composeResultNotice(input: ResultNoticeInput, language: Language = 'zh'): ComposedNotice | Refused {
  const check = checkResultNotice(input);
  if (!check.ok) return check;
  const sender = senderOf(input.sender, language);
  const ref = clean(input.caseRef);
  const basis = input.basis.filter((item) => !isBlank(item)).map(clean);
  const help = contactPhrase(input.furtherHelp, language);
  const responseUrl = clean(input.responseUrl);
  if (language === 'zh') {
    const lines = [
      '尊敬的客户:',
      `您好!感谢您对我们工作的监督。关于您反映的问题${ref === '' ? '' : `(投诉编号:${ref})`},现将处理结果告知如下:`,
      `一、投诉事项:${zhSentence(input.complaint)}`,
      '二、处理过程及原因:',
      ...input.steps.map((step, i) => `${i + 1}. ${zhSentence(step.action)}原因:${zhSentence(step.reason)}`),
      `三、处理结果:${zhSentence(input.result)}`,
      `四、处理依据:${zhSentence(basis.join(';'))}`,
      `五、后续帮助:如您对处理结果有疑问或需要进一步协助,可随时${help}联系我们。`,
      ...(responseUrl === '' ? [] : [`如您认可本次处理结果,请通过以下链接确认并参与满意度评价:${responseUrl}`]),
      '再次感谢您的理解与支持!',
      sender,
    ];
    return { ok: true, subject: `投诉处理结果通知${ref === '' ? '' : `(编号:${ref})`}`, text: lines.join('\n') };
  }
  const lines = [
    'Dear customer,',
    `Thank you for bringing this matter to our attention. We have completed the handling of your complaint${
      ref === '' ? '' : ` (ref. ${ref})`
    }. The result is as follows.`,
    `1. Your complaint: ${enSentence(input.complaint)}`,
    '2. What we did and why:',
    ...input.steps.map((step) => `   - ${enSentence(step.action)} Reason: ${enSentence(step.reason)}`),
    `3. Result: ${enSentence(input.result)}`,
    `4. Basis: ${enSentence(basis.join('; '))}`,
    `5. Further help: if you have any question about this result or need further help, please ${help}.`,
    ...(responseUrl === ''
      ? []
      : [`If you accept this result, please confirm it and tell us how we did: ${responseUrl}`]),
    'Thank you for your understanding and support.',
    sender,
  ];
  return { ok: true, subject: `Result of your complaint${ref === '' ? '' : ` ${ref}`}`, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------------
// R-SLA-6 progress notice
// ---------------------------------------------------------------------------------------------------------------

/** The content of a progress notice, sent when no solution exists yet (R-SLA-6). */
export interface ProgressNoticeInput {
  readonly caseRef?: string;
  /** The stage the case is in. */
  readonly stage: Stage;
  /** What has been done so far. */
  readonly progress: string;
  /** When the customer will next hear from us (epoch milliseconds), if known. */
  readonly nextUpdateBy?: number;
  readonly contact: ContactPoint;
  /** Offset from UTC used to show times, in minutes (default UTC+8). */
  readonly offsetMinutes?: number;
  readonly sender?: string;
}

/**
 * Composes the progress notice of R-SLA-6: when no solution exists yet by the first-reply deadline, the customer is
 * told how far the case has come, what happens next and how to reach us. Refused `RULE.R-SLA-6` when the progress
 * or the contact point is missing.
 */
export function composeProgressNotice(input: ProgressNoticeInput, language: Language = 'zh'): ComposedNotice | Refused {
  const missing = [...(isBlank(input.progress) ? ['progress'] : []), ...(hasContact(input.contact) ? [] : ['contact'])];
  if (missing.length > 0) {
    return refuse(ruleCode('R-SLA-6'), `The progress notice lacks ${missing.join(', ')}.`, missing);
  }
  const sender = senderOf(input.sender, language);
  const ref = clean(input.caseRef);
  const offset = input.offsetMinutes ?? CHINA_OFFSET_MINUTES;
  const help = contactPhrase(input.contact, language);
  const stage = STAGES[input.stage][language];
  if (language === 'zh') {
    const next =
      input.nextUpdateBy === undefined
        ? '目前尚未形成最终解决方案,一有结果我们将第一时间告知您。'
        : `目前尚未形成最终解决方案,我们将于${formatInstant(input.nextUpdateBy, offset, 'zh')}前再次向您通报处理进展。`;
    const lines = [
      '尊敬的客户:',
      `您好!您反映的问题${ref === '' ? '' : `(投诉编号:${ref})`}我们正在积极处理,目前处于“${stage}”阶段。`,
      `目前进展:${zhSentence(input.progress)}`,
      next,
      `如有疑问,请${help}联系我们。给您带来不便,敬请谅解!`,
      sender,
    ];
    return { ok: true, subject: `投诉处理进度通知${ref === '' ? '' : `(编号:${ref})`}`, text: lines.join('\n') };
  }
  const next =
    input.nextUpdateBy === undefined
      ? 'We do not have a final solution yet; we will tell you as soon as we do.'
      : `We do not have a final solution yet; we will update you again by ${formatInstant(input.nextUpdateBy, offset, 'en')}.`;
  const lines = [
    'Dear customer,',
    `We are working on your complaint${ref === '' ? '' : ` (ref. ${ref})`}; it is now at the ${stage.toLowerCase()} stage.`,
    `Progress so far: ${enSentence(input.progress)}`,
    next,
    `If you have any question, please ${help}. We apologise for the inconvenience.`,
    sender,
  ];
  return { ok: true, subject: `Progress of your complaint${ref === '' ? '' : ` ${ref}`}`, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------------
// R-CON-1 SMS for a customer who cannot be reached
// ---------------------------------------------------------------------------------------------------------------

/** The content of the SMS sent when the customer cannot be reached (R-CON-1). */
export interface UnreachableSmsInput {
  readonly caseRef?: string;
  readonly contact: ContactPoint;
  /** SMS signature (短信签名), e.g. the company's short name; defaults to "客户服务" / "Customer Service". */
  readonly signature?: string;
}

/**
 * Composes the SMS of R-CON-1: the customer could not be reached by phone, we will try again, and here is how to
 * reach us. Short enough for one or two SMS segments. Refused `RULE.R-CON-1` without a contact point.
 */
export function composeUnreachableSms(input: UnreachableSmsInput, language: Language = 'zh'): ComposedText | Refused {
  if (!hasContact(input.contact)) {
    return refuse(ruleCode('R-CON-1'), 'The SMS must tell the customer how to reach us.', ['contact']);
  }
  const signature = isBlank(input.signature) ? DEFAULT_SMS_SIGNATURE[language] : clean(input.signature);
  const ref = clean(input.caseRef);
  const help = contactPhrase(input.contact, language);
  if (language === 'zh') {
    return {
      ok: true,
      text: `【${signature}】尊敬的客户,您好!我们就您反映的问题${
        ref === '' ? '' : `(编号${ref})`
      }致电您未能接通,稍后将再次与您联系。您也可${help}联系我们。`,
    };
  }
  return {
    ok: true,
    text: `[${signature}] Dear customer, we called you about your complaint${
      ref === '' ? '' : ` (ref. ${ref})`
    } but could not reach you. We will try again later. You can also ${help}.`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// R-ACC-3 acceptance acknowledgement
// ---------------------------------------------------------------------------------------------------------------

/** The content of the acceptance acknowledgement (R-ACC-3). */
export interface AcknowledgementInput {
  readonly caseRef: string;
  /** When the complaint was received (epoch milliseconds), if it should be stated. */
  readonly receivedAt?: number;
  /** When the customer will have our reply at the latest (epoch milliseconds), e.g. the R-SLA-6 deadline. */
  readonly expectedReplyBy: number;
  readonly contact: ContactPoint;
  /** Offset from UTC used to show times, in minutes (default UTC+8). */
  readonly offsetMinutes?: number;
  readonly sender?: string;
}

/**
 * Composes the acceptance acknowledgement of R-ACC-3: the case number, the process, the expected time of our reply
 * and how to reach us. Refused `RULE.R-ACC-3` when the case number or the contact point is missing.
 */
export function composeAcknowledgement(
  input: AcknowledgementInput,
  language: Language = 'zh',
): ComposedNotice | Refused {
  const missing = [...(isBlank(input.caseRef) ? ['caseRef'] : []), ...(hasContact(input.contact) ? [] : ['contact'])];
  if (missing.length > 0) {
    return refuse(ruleCode('R-ACC-3'), `The acknowledgement lacks ${missing.join(', ')}.`, missing);
  }
  const sender = senderOf(input.sender, language);
  const ref = clean(input.caseRef);
  const offset = input.offsetMinutes ?? CHINA_OFFSET_MINUTES;
  const help = contactPhrase(input.contact, language);
  const due = formatInstant(input.expectedReplyBy, offset, language);
  if (language === 'zh') {
    const received = input.receivedAt === undefined ? '' : `于${formatInstant(input.receivedAt, offset, 'zh')}`;
    const lines = [
      '尊敬的客户:',
      `您好!您的投诉已${received}受理,投诉编号为${ref},请妥善保存以便查询。`,
      `处理流程:${PROCESS_STEPS.zh.join(' → ')}。`,
      `我们将于${due}前答复您;如届时尚未形成最终方案,也会告知您处理进展。`,
      `如需补充材料或查询进度,请${help}联系我们。感谢您的信任与支持!`,
      sender,
    ];
    return { ok: true, subject: `投诉受理通知(编号:${ref})`, text: lines.join('\n') };
  }
  const received = input.receivedAt === undefined ? '' : ` on ${formatInstant(input.receivedAt, offset, 'en')}`;
  const lines = [
    'Dear customer,',
    `We have registered your complaint${received} under reference ${ref}; please keep it for your enquiries.`,
    `How we handle it: ${PROCESS_STEPS.en.join(' → ')}.`,
    `You will hear from us by ${due}; if there is no final solution by then, we will tell you how far we have come.`,
    `To add information or ask about progress, please ${help}. Thank you for your trust.`,
    sender,
  ];
  return { ok: true, subject: `Your complaint ${ref} has been registered`, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------------

/**
 * An instant as local wall-clock time at a fixed offset: `2024年5月3日 14:05(北京时间)` or
 * `3 May 2024, 14:05 (Beijing time)`. Other offsets are shown as `UTC+hh:mm`. No Intl: the domain is deterministic.
 */
export function formatInstant(instant: number, offsetMinutes: number, language: Language): string {
  const local = new Date(instant + offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const time = `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  const zone = offsetLabel(offsetMinutes, language);
  if (language === 'zh') return `${year}年${month}月${day}日 ${time}(${zone})`;
  return `${day} ${EN_MONTHS[month - 1]} ${year}, ${time} (${zone})`;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function offsetLabel(offsetMinutes: number, language: Language): string {
  if (offsetMinutes === CHINA_OFFSET_MINUTES) return language === 'zh' ? '北京时间' : 'Beijing time';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function clean(value: string | undefined): string {
  return (value ?? '').trim();
}

function hasContact(contact: ContactPoint | undefined): boolean {
  return contact !== undefined && (!isBlank(contact.hotline) || !isBlank(contact.url));
}

function senderOf(sender: string | undefined, language: Language): string {
  return isBlank(sender) ? DEFAULT_SENDER[language] : clean(sender);
}

/** "拨打客服热线 95311 或访问 https://…" / "call 95311 or visit https://…" (the caller checked one is present). */
function contactPhrase(contact: ContactPoint, language: Language): string {
  const hotline = clean(contact.hotline);
  const url = clean(contact.url);
  const parts =
    language === 'zh'
      ? [...(hotline === '' ? [] : [`拨打客服热线${hotline}`]), ...(url === '' ? [] : [`访问${url}`])]
      : [...(hotline === '' ? [] : [`call ${hotline}`]), ...(url === '' ? [] : [`visit ${url}`])];
  return parts.join(language === 'zh' ? '或' : ' or ');
}

/** A Chinese sentence ending in exactly one full stop (caller text may already end in punctuation). */
function zhSentence(text: string): string {
  return `${text.trim().replace(/[。.!!;;,,、??\s]+$/u, '')}。`;
}

/** An English sentence ending in exactly one full stop. */
function enSentence(text: string): string {
  return `${text.trim().replace(/[。.!!;;,,、??\s]+$/u, '')}.`;
}
