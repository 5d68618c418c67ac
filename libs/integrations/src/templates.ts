/**
 * Every message text complaintflow sends, in one place: Simplified Chinese (default) and English, for the in-app
 * inbox, e-mail and SMS. The full customer notices are the pure texts of libs/domain/src/notice.ts (R-ACC-3,
 * R-SLA-6, R-CON-1, R-RES-1); this file adds their short SMS forms, the written notice of R-CON-1, the survey
 * invitation of R-REV-1 and the staff alerts (R-SLA-8 warnings and escalations, R-APR-1/2 approval requests, the
 * R-CON-1 contact reminder).
 *
 * What a message may carry (R-SEC-1): the case number always; free text the customer or staff wrote (the complaint,
 * the progress, the result) only in the written notices that must state it (R-RES-1, R-SLA-6), never in an SMS or
 * a staff alert. No template addresses anyone by name, and none reads a field it does not list: a context may carry
 * more (a recipient's phone or e-mail for the transport), it never reaches the text.
 *
 * SMS texts aim at one UCS-2 segment (70 characters) and start with the SMS signature (短信签名) that Chinese
 * carriers require; those that carry a signed link take two.
 */
import type { NotificationRequest } from '@complaintflow/domain/case';
import { ESCALATION_REASONS, type EscalationReason } from '@complaintflow/domain/escalation';
import {
  checkResultNotice,
  composeAcknowledgement,
  composeProgressNotice,
  composeResultNotice,
  composeUnreachableSms,
  type ContactPoint,
  formatInstant,
  type HandlingStep,
} from '@complaintflow/domain/notice';
import { DEADLINE_INFO } from '@complaintflow/domain/policy/resolve';
import type { DeadlineKind } from '@complaintflow/domain/policy/types';
import { refuse, type Refused, ruleCode } from '@complaintflow/domain/result';
import { SURVEY_DIMENSION_IDS, SURVEY_DIMENSIONS } from '@complaintflow/domain/survey';
import {
  ESCALATION_TIERS,
  type EscalationTier,
  type Language,
  ROLES,
  type Role,
  STAGES,
  type Stage,
} from '@complaintflow/domain/vocabulary';
import type { ChannelName, MessageLanguage } from './channel';

/** The kinds of message: every `notification.requested` kind, and the survey invitation (R-REV-1). */
export type MessageKind = NotificationRequest['kind'] | 'survey_invitation';

export const MESSAGE_KINDS = [
  'acknowledgement',
  'unreachable_sms',
  'contact_reminder',
  'deadline_warning',
  'escalation',
  'approval_needed',
  'result_notice',
  'written_notice',
  'progress_notice',
  'survey_invitation',
] as const satisfies readonly MessageKind[];

/** Kinds addressed to the customer; the others go to staff. */
export const CUSTOMER_KINDS: readonly MessageKind[] = [
  'acknowledgement',
  'unreachable_sms',
  'result_notice',
  'written_notice',
  'progress_notice',
  'survey_invitation',
];

interface BaseContext {
  readonly channel: ChannelName;
  readonly language: MessageLanguage;
  /** The case number as the customer and the staff know it. */
  readonly caseNumber: string;
  /** SMS signature (短信签名), e.g. the company's short name; default 客户服务 / Customer Service. */
  readonly signature?: string;
  /** Offset from UTC to show times in, minutes (default UTC+8, Beijing time). */
  readonly offsetMinutes?: number;
}

/** What every customer message needs: how the customer reaches us, and who signs (default the complaint department). */
interface CustomerContext extends BaseContext {
  readonly contact: ContactPoint;
  readonly sender?: string;
}

/** What every staff message needs: the case id for the console path `/cases/<id>`. */
interface StaffContext extends BaseContext {
  readonly caseId: string;
  /** The console's origin, e.g. https://kf.example.com; without it the path is relative. */
  readonly consoleBaseUrl?: string;
}

/** The content of a result notice (R-RES-1), except what the context carries already. */
export interface ResultContent {
  readonly complaint: string;
  readonly steps: readonly HandlingStep[];
  readonly result: string;
  readonly basis: readonly string[];
}

export type MessageContext =
  | (CustomerContext & {
      readonly kind: 'acknowledgement';
      readonly expectedReplyBy: number;
      readonly receivedAt?: number;
    })
  | (CustomerContext & { readonly kind: 'unreachable_sms' })
  | (CustomerContext & {
      readonly kind: 'progress_notice';
      readonly stage: Stage;
      readonly progress: string;
      readonly nextUpdateBy?: number;
    })
  | (CustomerContext & {
      readonly kind: 'result_notice';
      readonly notice: ResultContent;
      /** The customer's signed link, where the result is confirmed (R-RES-2) and the survey taken. */
      readonly responseUrl: string;
    })
  | (CustomerContext & {
      readonly kind: 'written_notice';
      /** How many times we called without reaching the customer. */
      readonly attempts?: number;
      readonly responseUrl?: string;
    })
  | (CustomerContext & { readonly kind: 'survey_invitation'; readonly surveyUrl: string })
  | (StaffContext & { readonly kind: 'contact_reminder'; readonly nextAttemptAt: number; readonly attempts?: number })
  | (StaffContext & {
      readonly kind: 'deadline_warning';
      readonly deadline: DeadlineKind;
      readonly dueAt: number;
      readonly stage: Stage;
    })
  | (StaffContext & {
      readonly kind: 'escalation';
      readonly tier: EscalationTier;
      readonly reason: EscalationReason;
      readonly stage: Stage;
      /** The deadline whose breach escalated it, if that was the reason. */
      readonly deadline?: DeadlineKind;
    })
  | (StaffContext & {
      readonly kind: 'approval_needed';
      /** The tier that must approve (R-APR-2). */
      readonly approver: Role;
      readonly amountFen?: number;
      readonly dueAt?: number;
    });

/** A rendered message: the subject (e-mail subject, inbox title; SMS ignores it) and the text. */
export interface RenderedMessage {
  readonly ok: true;
  readonly subject: string;
  readonly text: string;
}

/** The most UCS-2 characters in one SMS. */
export const SMS_SINGLE_SEGMENT = 70;

/**
 * Renders one message. Refused (with the rule's code) when the content a rule requires is missing: a contact point
 * (R-ACC-3, R-SLA-6, R-CON-1, R-RES-1), a part of the result notice (R-RES-1), the progress (R-SLA-6), the case
 * number or a signed link.
 */
export function renderMessage(context: MessageContext): RenderedMessage | Refused {
  if (context.caseNumber.trim() === '')
    return refuse('INPUT.INVALID', 'A message needs the case number.', ['caseNumber']);
  const language: Language = context.language === 'en' ? 'en' : 'zh';
  switch (context.kind) {
    case 'acknowledgement':
      return acknowledgement(context, language);
    case 'unreachable_sms':
      return unreachable(context, language);
    case 'progress_notice':
      return progress(context, language);
    case 'result_notice':
      return result(context, language);
    case 'written_notice':
      return writtenNotice(context, language);
    case 'survey_invitation':
      return survey(context, language);
    case 'contact_reminder':
      return contactReminder(context, language);
    case 'deadline_warning':
      return deadlineWarning(context, language);
    case 'escalation':
      return escalation(context, language);
    case 'approval_needed':
      return approvalNeeded(context, language);
  }
}

type Of<K extends MessageKind> = Extract<MessageContext, { kind: K }>;

// ---------------------------------------------------------------------------------------------------------------
// customer messages
// ---------------------------------------------------------------------------------------------------------------

/** R-ACC-3: the case number, the process, the expected reply and how to reach us (the SMS: all but the process). */
function acknowledgement(c: Of<'acknowledgement'>, lang: Language): RenderedMessage | Refused {
  const full = composeAcknowledgement(
    {
      caseRef: c.caseNumber,
      expectedReplyBy: c.expectedReplyBy,
      contact: c.contact,
      ...(c.receivedAt === undefined ? {} : { receivedAt: c.receivedAt }),
      ...optional(c),
    },
    lang,
  );
  if (!full.ok) return full;
  if (c.channel !== 'sms') return rendered(full.subject, full.text);
  const due = smsInstant(c.expectedReplyBy, c, lang);
  const n = c.caseNumber.trim();
  return rendered(
    full.subject,
    lang === 'zh'
      ? `${sign(c, lang)}您的投诉已受理,编号${n},我们将于${due}前答复您。${askUs(c.contact, lang)}`
      : `${sign(c, lang)}Complaint ${n} registered. We will reply by ${due}. ${askUs(c.contact, lang)}`,
  );
}

/** R-CON-1: we could not reach you, we will try again, here is how to reach us. */
function unreachable(c: Of<'unreachable_sms'>, lang: Language): RenderedMessage | Refused {
  const sms = composeUnreachableSms(
    { caseRef: c.caseNumber, contact: c.contact, ...(c.signature === undefined ? {} : { signature: c.signature }) },
    lang,
  );
  if (!sms.ok) return sms;
  const n = c.caseNumber.trim();
  return rendered(lang === 'zh' ? `未能联系到您(编号:${n})` : `We could not reach you (ref. ${n})`, sms.text);
}

/**
 * R-SLA-6 / R-SLA-10: how far the case has come while no solution exists. The SMS names the stage and the next
 * update, not the progress text (free text stays in the written notice).
 */
function progress(c: Of<'progress_notice'>, lang: Language): RenderedMessage | Refused {
  const full = composeProgressNotice(
    {
      caseRef: c.caseNumber,
      stage: c.stage,
      progress: c.progress,
      contact: c.contact,
      ...(c.nextUpdateBy === undefined ? {} : { nextUpdateBy: c.nextUpdateBy }),
      ...optional(c),
    },
    lang,
  );
  if (!full.ok) return full;
  if (c.channel !== 'sms') return rendered(full.subject, full.text);
  const n = c.caseNumber.trim();
  const stage = STAGES[c.stage][lang];
  const next = c.nextUpdateBy === undefined ? undefined : smsInstant(c.nextUpdateBy, c, lang);
  const text =
    lang === 'zh'
      ? `${sign(c, lang)}您的投诉${n}正在处理,目前处于${stage}阶段,${
          next === undefined ? '有结果将第一时间告知' : `${next}前将再告知进展`
        }。${askUs(c.contact, lang)}`
      : `${sign(c, lang)}Complaint ${n} is at the ${stage.toLowerCase()} stage; ${
          next === undefined ? 'we will tell you as soon as we have a solution' : `next update by ${next}`
        }. ${askUs(c.contact, lang)}`;
  return rendered(full.subject, text);
}

/**
 * R-RES-1: the result notice in writing (inbox, e-mail) with every part the rule requires and the signed link; by
 * SMS a pointer to it: the case number and the signed link where the full notice is.
 */
function result(c: Of<'result_notice'>, lang: Language): RenderedMessage | Refused {
  const url = c.responseUrl.trim();
  if (url === '') return refuse(ruleCode('R-RES-1'), 'The result notice needs the signed link.', ['responseUrl']);
  const input = {
    caseRef: c.caseNumber,
    complaint: c.notice.complaint,
    steps: c.notice.steps,
    result: c.notice.result,
    basis: c.notice.basis,
    furtherHelp: c.contact,
    responseUrl: url,
    ...optional(c),
  };
  if (c.channel === 'sms') {
    const check = checkResultNotice(input);
    if (!check.ok) return check;
    const n = c.caseNumber.trim();
    return rendered(
      lang === 'zh' ? `投诉处理结果通知(编号:${n})` : `Result of your complaint ${n}`,
      lang === 'zh'
        ? `${sign(c, lang)}您的投诉${n}已处理完毕,处理结果请查看并确认:${url}`
        : `${sign(c, lang)}Complaint ${n}: we have a result. Please read and confirm it: ${url}`,
    );
  }
  const full = composeResultNotice(input, lang);
  return full.ok ? rendered(full.subject, full.text) : full;
}

/** R-CON-1: the customer could not be reached after the retries; the case proceeds by written notice. */
function writtenNotice(c: Of<'written_notice'>, lang: Language): RenderedMessage | Refused {
  if (!hasContact(c.contact)) {
    return refuse(ruleCode('R-CON-1'), 'The written notice must tell the customer how to reach us.', ['contact']);
  }
  const n = c.caseNumber.trim();
  const url = c.responseUrl?.trim() ?? '';
  const attempts = c.attempts !== undefined && c.attempts > 0 ? c.attempts : undefined;
  const subject =
    lang === 'zh'
      ? `书面通知:未能电话联系到您(编号:${n})`
      : `Written notice: we could not reach you by phone (ref. ${n})`;
  if (c.channel === 'sms') {
    return rendered(
      subject,
      lang === 'zh'
        ? `${sign(c, lang)}我们多次致电未能联系到您(投诉${n})。${url === '' ? '' : `处理进展:${url} `}${askUs(c.contact, lang)}`
        : `${sign(c, lang)}We tried several times to call you about complaint ${n}.${url === '' ? '' : ` Progress: ${url}`} ${askUs(c.contact, lang)}`,
    );
  }
  const lines =
    lang === 'zh'
      ? [
          '尊敬的客户:',
          `您好!关于您反映的问题(投诉编号:${n}),我们已按规定多次致电您${
            attempts === undefined ? '' : `(共${attempts}次)`
          },均未能接通,现以书面形式与您联系,您的投诉将继续处理。`,
          ...(url === '' ? [] : [`您可通过以下链接查看处理进展并告诉我们您的意见:${url}`]),
          `如需与我们沟通,请${contactPhrase(c.contact, lang)}联系我们。`,
          senderOf(c, lang),
        ]
      : [
          'Dear customer,',
          `We have called you ${
            attempts === undefined ? 'several times' : `${attempts} times`
          } about your complaint (ref. ${n}) without reaching you, so we are writing to you instead; we continue to handle your complaint.`,
          ...(url === '' ? [] : [`You can see its progress and tell us what you think here: ${url}`]),
          `To talk to us, please ${contactPhrase(c.contact, lang)}.`,
          senderOf(c, lang),
        ];
  return rendered(subject, lines.join('\n'));
}

/** R-REV-1: the satisfaction survey right after closing: speed, effectiveness, attitude, transparency, suggestions. */
function survey(c: Of<'survey_invitation'>, lang: Language): RenderedMessage | Refused {
  const url = c.surveyUrl.trim();
  if (url === '') return refuse(ruleCode('R-REV-1'), 'The survey invitation needs the signed link.', ['surveyUrl']);
  const n = c.caseNumber.trim();
  const subject = lang === 'zh' ? `邀请您评价本次投诉处理(编号:${n})` : `How did we handle your complaint ${n}?`;
  if (c.channel === 'sms') {
    return rendered(
      subject,
      lang === 'zh'
        ? `${sign(c, lang)}您的投诉${n}已办结,诚邀您评价我们的服务:${url}`
        : `${sign(c, lang)}Complaint ${n} is closed. Please rate our service: ${url}`,
    );
  }
  const dimensions = SURVEY_DIMENSION_IDS.map((d) => SURVEY_DIMENSIONS[d][lang]);
  const lines =
    lang === 'zh'
      ? [
          '尊敬的客户:',
          `您好!您的投诉(编号:${n})已处理完毕。为不断改进我们的工作,诚邀您就${dimensions.join('、')}为我们评分(1–5分),并提出宝贵建议:`,
          url,
          '感谢您的支持!',
          senderOf(c, lang),
        ]
      : [
          'Dear customer,',
          `Your complaint (ref. ${n}) is closed. To help us improve, please rate us from 1 to 5 on ${dimensions
            .map((d) => d.toLowerCase())
            .join(', ')}, and tell us anything we could do better:`,
          url,
          'Thank you for your support.',
          senderOf(c, lang),
        ];
  return rendered(subject, lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------------------------
// staff messages: the case number, what is due, and the console path; never the customer's data or words
// ---------------------------------------------------------------------------------------------------------------

/** R-CON-1: the next attempt to reach the customer is due. */
function contactReminder(c: Of<'contact_reminder'>, lang: Language): RenderedMessage {
  const n = c.caseNumber.trim();
  const attempts = c.attempts !== undefined && c.attempts > 0 ? c.attempts : undefined;
  if (c.channel === 'sms') {
    const at = smsInstant(c.nextAttemptAt, c, lang);
    return rendered(
      reminderSubject(n, lang),
      lang === 'zh'
        ? `${sign(c, lang)}投诉${n}:请于${at}再次联系客户。${consoleLink(c)}`
        : `${sign(c, lang)}Case ${n}: call the customer again at ${at}. ${consoleLink(c)}`,
    );
  }
  const at = formatInstant(c.nextAttemptAt, offsetOf(c), lang);
  const text =
    lang === 'zh'
      ? [
          `投诉${n}的客户尚未联系上${attempts === undefined ? '' : `(已尝试${attempts}次)`},请于${at}再次联系。`,
          '按规定,48小时内至少再联系3次,每次间隔不少于3小时;仍联系不上的以书面形式告知。',
          `处理:${consoleLink(c)}`,
        ]
      : [
          `The customer of case ${n} has not been reached yet${
            attempts === undefined ? '' : ` (${attempts} attempts)`
          }; call again at ${at}.`,
          'The rule: at least 3 more attempts within 48 hours, at least 3 hours apart; then a written notice.',
          `Open: ${consoleLink(c)}`,
        ];
  return rendered(reminderSubject(n, lang), text.join('\n'));
}

function reminderSubject(n: string, lang: Language): string {
  return lang === 'zh' ? `联系提醒:投诉${n}需再次联系客户` : `Reminder: call the customer of case ${n} again`;
}

/** R-SLA-8: a deadline is about to pass; breaching it escalates the case one tier. */
function deadlineWarning(c: Of<'deadline_warning'>, lang: Language): RenderedMessage {
  const n = c.caseNumber.trim();
  const deadline = DEADLINE_INFO[c.deadline][lang];
  const stage = STAGES[c.stage][lang];
  const subject =
    lang === 'zh'
      ? `时限预警:投诉${n}「${deadline}」即将到期`
      : `Deadline warning: case ${n}, ${deadline.toLowerCase()}`;
  if (c.channel === 'sms') {
    const due = smsInstant(c.dueAt, c, lang);
    return rendered(
      subject,
      lang === 'zh'
        ? `${sign(c, lang)}预警:投诉${n}「${deadline}」将于${due}到期。${consoleLink(c)}`
        : `${sign(c, lang)}Case ${n}: "${deadline}" due ${due}. ${consoleLink(c)}`,
    );
  }
  const due = formatInstant(c.dueAt, offsetOf(c), lang);
  const text =
    lang === 'zh'
      ? [`投诉${n}(当前阶段:${stage})的「${deadline}」时限将于${due}到期,逾期将逐级升级。`, `处理:${consoleLink(c)}`]
      : [
          `Case ${n} (stage: ${stage.toLowerCase()}): "${deadline}" is due by ${due}. If it passes, the case escalates one tier.`,
          `Open: ${consoleLink(c)}`,
        ];
  return rendered(subject, text.join('\n'));
}

/** R-SLA-8 (and R-FLOW-3): the case escalated to this tier, and why. */
function escalation(c: Of<'escalation'>, lang: Language): RenderedMessage {
  const n = c.caseNumber.trim();
  const tier = ESCALATION_TIERS[c.tier][lang];
  const reason = ESCALATION_REASONS[c.reason][lang];
  const deadline = c.deadline === undefined ? undefined : DEADLINE_INFO[c.deadline][lang];
  const stage = STAGES[c.stage][lang];
  const subject = lang === 'zh' ? `升级:投诉${n}已升级至${tier}` : `Escalated: case ${n} to ${tier.toLowerCase()}`;
  if (c.channel === 'sms') {
    return rendered(
      subject,
      lang === 'zh'
        ? `${sign(c, lang)}投诉${n}已升级至${tier}:${reason}。${consoleLink(c)}`
        : `${sign(c, lang)}Case ${n} escalated to ${tier.toLowerCase()} (${reason.toLowerCase()}). ${consoleLink(c)}`,
    );
  }
  const why = deadline === undefined ? reason : lang === 'zh' ? `${reason}(${deadline})` : `${reason} (${deadline})`;
  const text =
    lang === 'zh'
      ? [`投诉${n}(当前阶段:${stage})已升级至${tier},原因:${why}。请尽快处理。`, `处理:${consoleLink(c)}`]
      : [
          `Case ${n} (stage: ${stage.toLowerCase()}) has escalated to ${tier.toLowerCase()}. Reason: ${why}. Please act on it now.`,
          `Open: ${consoleLink(c)}`,
        ];
  return rendered(subject, text.join('\n'));
}

/** R-APR-1 / R-APR-2: a handling plan waits for this tier's approval before the customer is answered. */
function approvalNeeded(c: Of<'approval_needed'>, lang: Language): RenderedMessage {
  const n = c.caseNumber.trim();
  const role = ROLES[c.approver][lang];
  const amount = c.amountFen === undefined ? undefined : (c.amountFen / 100).toFixed(2);
  const subject = lang === 'zh' ? `待审批:投诉${n}的处理方案` : `Approval needed: plan for case ${n}`;
  if (c.channel === 'sms') {
    return rendered(
      subject,
      lang === 'zh'
        ? `${sign(c, lang)}投诉${n}的处理方案待${role}审批。${consoleLink(c)}`
        : `${sign(c, lang)}Case ${n}: a plan awaits ${role.toLowerCase()} approval. ${consoleLink(c)}`,
    );
  }
  const due = c.dueAt === undefined ? undefined : formatInstant(c.dueAt, offsetOf(c), lang);
  const text =
    lang === 'zh'
      ? [
          `投诉${n}的处理方案${amount === undefined ? '' : `(赔偿金额${amount}元)`}待${role}审批${
            due === undefined ? '' : `,请于${due}前完成`
          }。审批通过后须在规定时限内答复客户。`,
          `审批:${consoleLink(c)}`,
        ]
      : [
          `The handling plan of case ${n}${amount === undefined ? '' : ` (compensation CNY ${amount})`} awaits approval by a ${role.toLowerCase()}${
            due === undefined ? '' : ` by ${due}`
          }. Once approved, the customer must be answered within the deadline.`,
          `Approve: ${consoleLink(c)}`,
        ];
  return rendered(subject, text.join('\n'));
}

// ---------------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------------

function rendered(subject: string, text: string): RenderedMessage {
  return { ok: true, subject, text };
}

function optional(c: CustomerContext): { offsetMinutes?: number; sender?: string } {
  return {
    ...(c.offsetMinutes === undefined ? {} : { offsetMinutes: c.offsetMinutes }),
    ...(c.sender === undefined ? {} : { sender: c.sender }),
  };
}

const DEFAULT_SIGNATURE: Record<Language, string> = { zh: '客户服务', en: 'Customer Service' };
const DEFAULT_SENDER: Record<Language, string> = { zh: '客户投诉部', en: 'Customer Complaints Department' };
const CHINA_OFFSET_MINUTES = 480;

/** 【客户服务】 / `[Customer Service] `: the SMS signature. */
function sign(c: BaseContext, lang: Language): string {
  const s = c.signature?.trim() || DEFAULT_SIGNATURE[lang];
  return lang === 'zh' ? `【${s}】` : `[${s}] `;
}

function senderOf(c: CustomerContext, lang: Language): string {
  return c.sender?.trim() || DEFAULT_SENDER[lang];
}

function offsetOf(c: { readonly offsetMinutes?: number }): number {
  return c.offsetMinutes ?? CHINA_OFFSET_MINUTES;
}

function hasContact(contact: ContactPoint | undefined): boolean {
  return (contact?.hotline?.trim() ?? '') !== '' || (contact?.url?.trim() ?? '') !== '';
}

/** The short "ask us" of an SMS: the hotline when there is one (shorter than a URL), else the URL. */
function askUs(contact: ContactPoint, lang: Language): string {
  const hotline = contact.hotline?.trim() ?? '';
  const url = contact.url?.trim() ?? '';
  if (lang === 'zh') return hotline === '' ? `详询${url}` : `详询${hotline}`;
  return hotline === '' ? `More: ${url}` : `Questions: ${hotline}`;
}

/** "拨打客服热线 95311 或访问 https://…" / "call 95311 or visit https://…". */
function contactPhrase(contact: ContactPoint, lang: Language): string {
  const hotline = contact.hotline?.trim() ?? '';
  const url = contact.url?.trim() ?? '';
  const parts =
    lang === 'zh'
      ? [...(hotline === '' ? [] : [`拨打客服热线${hotline}`]), ...(url === '' ? [] : [`访问${url}`])]
      : [...(hotline === '' ? [] : [`call ${hotline}`]), ...(url === '' ? [] : [`visit ${url}`])];
  return parts.join(lang === 'zh' ? '或' : ' or ');
}

/** A compact time for an SMS: `5月3日14:05` / `3 May 14:05`, at the context's offset (Beijing time by default). */
export function smsInstant(instant: number, c: { readonly offsetMinutes?: number }, lang: Language): string {
  const local = new Date(instant + offsetOf(c) * 60_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  const month = local.getUTCMonth();
  const day = local.getUTCDate();
  return lang === 'zh' ? `${month + 1}月${day}日${hh}:${mm}` : `${day} ${EN_MONTHS[month]} ${hh}:${mm}`;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `/cases/<id>` (after the console's origin when given): where the staff member opens the case. */
function consoleLink(c: StaffContext): string {
  const base = c.consoleBaseUrl?.trim().replace(/\/+$/, '') ?? '';
  return `${base}/cases/${encodeURIComponent(c.caseId)}`;
}
