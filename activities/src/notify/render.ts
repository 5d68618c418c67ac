/**
 * Renders one delivery's message when the relay plans it: the templates of `@complaintflow/integrations/templates`
 * (`renderMessage`, zh-CN and en) fed from the case as it stands; a short generic notice (the case number, what it is
 * about, where to look) when a template cannot be filled from what the worker knows — e.g. the result notice's signed
 * link, which only the API can sign. No personal data goes into a staff message, and none into a customer message
 * beyond what its template states (R-SEC-1).
 */
import type { CaseState } from '@complaintflow/domain/case/state';
import { deadlineView } from '@complaintflow/domain/case/view';
import { ESCALATION_REASONS, type EscalationReason } from '@complaintflow/domain/escalation';
import type { ContactPoint } from '@complaintflow/domain/notice';
import { DEADLINE_INFO } from '@complaintflow/domain/policy/resolve';
import type { DeadlineKind } from '@complaintflow/domain/policy/types';
import { CATEGORIES, type Role, STAGES } from '@complaintflow/domain/vocabulary';
import { renderMessage, type MessageContext } from '@complaintflow/integrations/templates';

export interface RenderRequest {
  readonly kind: string;
  /** The channel the message goes out on (`phone`: the text an agent reads out). */
  readonly channel: string;
  readonly language: 'zh-CN' | 'en';
  readonly audience: string;
  /** The `about` of the `notification.requested` event (a deadline kind, an escalation reason, a rule id). */
  readonly about: string | undefined;
  readonly state: CaseState;
  readonly now: number;
  /** How the customer reaches us (every customer template states it). */
  readonly contact: ContactPoint;
  /** The staff console's origin, for the case link in staff messages. */
  readonly consoleBaseUrl?: string;
}

export interface RenderedText {
  readonly subject: string;
  readonly text: string;
}

export type RenderMessage = (r: RenderRequest) => RenderedText;

/** The case number staff and customers see: the first eight hex digits of the case id, upper case. */
export function caseNumberOf(caseId: string): string {
  return caseId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

const KIND_LABELS: Record<string, { zh: string; en: string }> = {
  acknowledgement: { zh: '投诉受理通知', en: 'Complaint registered' },
  unreachable_sms: { zh: '未能联系到您', en: 'We could not reach you' },
  contact_reminder: { zh: '联系客户提醒', en: 'Contact reminder' },
  deadline_warning: { zh: '时限预警', en: 'Deadline warning' },
  escalation: { zh: '工单升级', en: 'Case escalated' },
  approval_needed: { zh: '待审批', en: 'Approval needed' },
  result_notice: { zh: '投诉处理结果通知', en: 'Result of your complaint' },
  written_notice: { zh: '书面通知', en: 'Written notice' },
  progress_notice: { zh: '投诉处理进度通知', en: 'Progress of your complaint' },
  survey_invitation: { zh: '满意度评价邀请', en: 'Satisfaction survey' },
};

function templateContext(r: RenderRequest): MessageContext | undefined {
  const s = r.state;
  const base = {
    channel: r.channel === 'phone' ? 'email' : (r.channel as 'inbox' | 'email' | 'sms'),
    language: r.language,
    caseNumber: caseNumberOf(s.caseId),
  } as const;
  const customer = { ...base, contact: r.contact };
  const staff = { ...base, caseId: s.caseId, ...(r.consoleBaseUrl ? { consoleBaseUrl: r.consoleBaseUrl } : {}) };
  const due = (kind: DeadlineKind | undefined) =>
    kind === undefined ? undefined : deadlineView(s, r.now).find((d) => d.kind === kind)?.dueAt;
  switch (r.kind) {
    case 'acknowledgement':
      return {
        ...customer,
        kind: 'acknowledgement',
        expectedReplyBy: due('first_reply') ?? s.receivedAt + 48 * 3_600_000,
        receivedAt: s.receivedAt,
      };
    case 'unreachable_sms':
      return { ...customer, kind: 'unreachable_sms' };
    case 'progress_notice':
      return {
        ...customer,
        kind: 'progress_notice',
        stage: s.stage,
        progress:
          r.language === 'en'
            ? `Your complaint is at the ${STAGES[s.stage].en.toLowerCase()} stage.`
            : `您的投诉目前处于“${STAGES[s.stage].zh}”阶段。`,
      };
    case 'written_notice':
      return { ...customer, kind: 'written_notice', attempts: s.contactAttempts.filter((a) => !a.reached).length };
    case 'contact_reminder':
      return {
        ...staff,
        kind: 'contact_reminder',
        nextAttemptAt: s.contactReminderFor ?? r.now,
        attempts: s.contactAttempts.length,
      };
    case 'deadline_warning': {
      const kind = r.about !== undefined && r.about in DEADLINE_INFO ? (r.about as DeadlineKind) : undefined;
      const dueAt = due(kind);
      return kind && dueAt !== undefined
        ? { ...staff, kind: 'deadline_warning', deadline: kind, dueAt, stage: s.stage }
        : undefined;
    }
    case 'escalation': {
      const reason: EscalationReason =
        r.about !== undefined && r.about in ESCALATION_REASONS ? (r.about as EscalationReason) : 'manual';
      return { ...staff, kind: 'escalation', tier: s.tier, reason, stage: s.stage };
    }
    case 'approval_needed': {
      const role = r.audience.startsWith('role:') ? (r.audience.slice(5) as Role) : 'supervisor';
      return {
        ...staff,
        kind: 'approval_needed',
        approver: role,
        ...(s.plan ? { amountFen: s.plan.compensationFen } : {}),
        ...(due('approval') !== undefined ? { dueAt: due('approval') } : {}),
      };
    }
    default:
      return undefined;
  }
}

/** The generic notice: case number, what it is about, and the console path (staff) or how to reach us (customer). */
function genericText(r: RenderRequest): RenderedText {
  const n = caseNumberOf(r.state.caseId);
  const label = KIND_LABELS[r.kind] ?? { zh: '工单通知', en: 'Case notice' };
  const stage = STAGES[r.state.stage];
  const category = CATEGORIES[r.state.category];
  const path = `${r.consoleBaseUrl ?? ''}/cases/${r.state.caseId}`;
  const help = [r.contact.hotline, r.contact.url].filter((x) => x && x.trim() !== '').join(' / ');
  if (r.language === 'en') {
    return {
      subject: `${label.en}: case ${n}`,
      text:
        r.audience === 'customer'
          ? `Dear customer, about your complaint (ref. ${n}, ${category.en.toLowerCase()}): it is now at the ${stage.en.toLowerCase()} stage. Questions: ${help}.`
          : `Case ${n} (${category.en.toLowerCase()}, ${stage.en.toLowerCase()}): ${label.en.toLowerCase()}. Open: ${path}`,
    };
  }
  return {
    subject: `${label.zh}:投诉${n}`,
    text:
      r.audience === 'customer'
        ? `尊敬的客户:您好!关于您的投诉(编号:${n},${category.zh}),目前处于“${stage.zh}”阶段。如有疑问请联系:${help}。`
        : `投诉${n}(${category.zh},${stage.zh}):${label.zh}。处理:${path}`,
  };
}

/** Renders with the templates, falling back to the generic notice when a template cannot be filled. */
export const renderNotification: RenderMessage = (r) => {
  const context = templateContext(r);
  if (context) {
    try {
      const out = renderMessage(context);
      if (out.ok) return { subject: out.subject, text: out.text };
    } catch {
      // a template that cannot take this case's facts: the generic notice below
    }
  }
  return genericText(r);
};
