/**
 * Renders one delivery's message when the relay plans it: the templates of `@complaintflow/integrations/templates`
 * (`renderMessage`, zh-CN and en) fed from the case as it stands; a short generic notice (the case number, what it is
 * about, where to look) when a template cannot be filled from what the worker knows. The result notice (R-RES-1) and
 * the survey invitation (R-REV-1) carry the customer's signed link, which the relay signs when it plans the delivery
 * (`signedUrl`); without one (no link secret configured) they are the generic notice. The result notice's content —
 * the complaint, the steps taken and why, the result, its basis, further help — is put together from the case state
 * (`resultContentOf`). No personal data goes into a staff message, and none into a customer message beyond what its
 * template states (R-SEC-1).
 */
import type { CaseState } from '@complaintflow/domain/case/state';
import { deadlineView } from '@complaintflow/domain/case/view';
import { ESCALATION_REASONS, type EscalationReason } from '@complaintflow/domain/escalation';
import type { ContactPoint } from '@complaintflow/domain/notice';
import { DEADLINE_INFO } from '@complaintflow/domain/policy/resolve';
import type { DeadlineKind } from '@complaintflow/domain/policy/types';
import type { LiabilityBasis } from '@complaintflow/domain/liability';
import {
  CATEGORIES,
  INADMISSIBLE_REASONS,
  REMEDIES,
  type Role,
  ROLES,
  ROOT_CAUSES,
  STAGES,
} from '@complaintflow/domain/vocabulary';
import type { HandlingStep } from '@complaintflow/domain/notice';
import { renderMessage, type MessageContext, type ResultContent } from '@complaintflow/integrations/templates';

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
  /**
   * The customer's signed link for this message, signed by the relay when it plans the delivery: the `response` link
   * of a result notice (R-RES-1, confirmed per R-RES-2), the `survey` link of a survey invitation (R-REV-1). Absent
   * when the worker has no link secret: those two kinds are then the generic notice.
   */
  readonly signedUrl?: string;
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
    case 'result_notice': {
      // R-RES-1: every part from the case; without the signed link (no link secret) the generic notice instead.
      const notice = resultContentOf(s, r.language);
      return r.signedUrl && notice
        ? { ...customer, kind: 'result_notice', notice, responseUrl: r.signedUrl }
        : undefined;
    }
    case 'survey_invitation':
      // R-REV-1: the survey link; without it (no link secret) the generic notice instead.
      return r.signedUrl ? { ...customer, kind: 'survey_invitation', surveyUrl: r.signedUrl } : undefined;
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

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** R-LIA-10 in the customer's words: why the company is, or is not, responsible. */
const LIABILITY_BASES: Record<LiabilityBasis, { zh: string; en: string }> = {
  company_at_fault: {
    zh: '经核实,问题确由我司服务原因造成,由我司承担责任',
    en: 'our investigation found that our service caused the problem, so we are responsible',
  },
  complaint_untrue: {
    zh: '经核实,投诉反映的情况与事实不符',
    en: 'our investigation found that the facts differ from what the complaint describes',
  },
  not_evidenced: { zh: '投诉反映的情况缺乏证据支持', en: 'the evidence does not support the complaint' },
  unrelated_to_service: { zh: '投诉事项与我司快递服务无关', en: 'the matter is not related to our delivery service' },
  personal_conduct: {
    zh: '投诉涉及员工与服务无关的个人行为',
    en: "the matter concerns an employee's personal conduct unrelated to our service",
  },
  company_not_at_fault: {
    zh: '经核实,问题并非由我司原因造成',
    en: 'our investigation found that the problem was not caused by us',
  },
};

/**
 * The content of the result notice (R-RES-1) from the case as it stands: the complaint (its category and waybill,
 * never the customer's own words or data, R-SEC-1), the steps taken and why (the investigation and its root cause,
 * the liability, the plan and its approval, its execution), the result (the remedies and the amount), and the rules
 * it rests on. A case closed at acceptance (R-ADM-1 inadmissible, R-FLOW-2 resolved on the spot) states that closing.
 * `undefined` when the case has neither a plan nor such a closing yet: nothing to report.
 */
export function resultContentOf(s: CaseState, language: 'zh-CN' | 'en'): ResultContent | undefined {
  const en = language === 'en';
  const category = CATEGORIES[s.category];
  const claimed = s.intake.claimedFen > 0 ? s.intake.claimedFen : 0;
  const complaint = en
    ? `${category.en} (waybill ${s.intake.waybillNo})${claimed > 0 ? `, claiming CNY ${yuan(claimed)}` : ''}`
    : `您就运单${s.intake.waybillNo}反映的“${category.zh}”问题${claimed > 0 ? `,并要求赔偿${yuan(claimed)}元` : ''}`;

  if (s.closure?.kind === 'inadmissible') {
    const why = INADMISSIBLE_REASONS[s.closure.reason as keyof typeof INADMISSIBLE_REASONS] ?? {
      zh: s.closure.reason,
      en: s.closure.reason,
    };
    return en
      ? {
          complaint,
          steps: [{ action: 'We checked whether the complaint can be accepted', reason: why.en }],
          result: 'the complaint is not accepted for handling again',
          basis: ['the conditions for accepting a complaint (R-ADM-1)'],
        }
      : {
          complaint,
          steps: [{ action: '审查投诉是否符合受理条件', reason: why.zh }],
          result: '该投诉不再重复受理',
          basis: ['投诉受理条件的规定(R-ADM-1)'],
        };
  }
  if (s.closure?.kind === 'on_the_spot') {
    return en
      ? {
          complaint,
          steps: [{ action: 'We dealt with it when you contacted us', reason: s.closure.reason }],
          result: s.closure.reason,
          basis: ['complaints resolved on the spot are recorded and closed (R-FLOW-2)'],
        }
      : {
          complaint,
          steps: [{ action: '在您联系我们时当场处理', reason: s.closure.reason }],
          result: s.closure.reason,
          basis: ['当场解决的投诉予以登记并办结的规定(R-FLOW-2)'],
        };
  }
  const plan = s.plan;
  if (!plan) return undefined;

  const steps: HandlingStep[] = [];
  const findings = s.findings;
  if (findings) {
    const cause = ROOT_CAUSES[findings.rootCause];
    steps.push(
      en
        ? {
            action: `We investigated: ${findings.summary}`,
            reason: `to establish the cause (${cause.en.toLowerCase()})`,
          }
        : { action: `调查核实:${findings.summary}`, reason: `查明问题原因(${cause.zh})` },
    );
  }
  const liable = s.liability?.companyLiable ?? findings?.companyLiable ?? false;
  const basisId = s.liability?.basis as LiabilityBasis | undefined;
  const liabilityWhy = basisId && basisId in LIABILITY_BASES ? LIABILITY_BASES[basisId] : undefined;
  if (s.liability) {
    steps.push(
      en
        ? {
            action: liable ? 'We determined that we are responsible' : 'We determined that we are not responsible',
            reason: liabilityWhy?.en ?? `the liability rules (${s.liability.ruleId})`,
          }
        : {
            action: liable ? '认定由我司承担责任' : '认定我司不承担责任',
            reason: liabilityWhy?.zh ?? `依据责任认定规定(${s.liability.ruleId})`,
          },
    );
  }
  const remedies = plan.remedies.map((r) => REMEDIES[r]);
  const pays = plan.compensationFen > 0;
  const offer = en
    ? `${remedies.map((r) => r.en.toLowerCase()).join(', ')}${pays ? ` (CNY ${yuan(plan.compensationFen)})` : ''}`
    : `${remedies.map((r) => r.zh).join('、')}${pays ? `(金额${yuan(plan.compensationFen)}元)` : ''}`;
  const planWhy = plan.compensationReason?.trim();
  steps.push(
    en
      ? {
          action: `We proposed a solution: ${offer}`,
          reason: planWhy || (liable ? 'to put right what went wrong' : 'to explain what happened'),
        }
      : {
          action: `制定处理方案:${offer}`,
          reason: planWhy || (liable ? '弥补因我司原因给您造成的不便和损失' : '向您说明情况'),
        },
  );
  const approval = [...s.approvals].reverse().find((a) => a.planSeq === plan.seq && a.approve);
  if (approval) {
    const role = ROLES[approval.role];
    steps.push(
      en
        ? {
            action: `The solution was approved by a ${role.en.toLowerCase()}`,
            reason: 'every solution is approved by a leader before we answer you (R-APR-1)',
          }
        : { action: `处理方案经${role.zh}审批同意`, reason: '处理方案须经领导审批后方可答复客户(R-APR-1)' },
    );
  }
  if (s.executedAt !== undefined) {
    const agreed = plan.customer === 'accepted';
    steps.push(
      en
        ? {
            action: 'We carried out the solution',
            reason: agreed
              ? 'you agreed to it'
              : 'it is our final offer after repeated negotiation, on which we proceed (R-CMP-4)',
          }
        : {
            action: '执行处理方案',
            reason: agreed ? '您已同意该方案' : '经多次协商未能达成一致,按我司最终方案执行(R-CMP-4)',
          },
    );
  }
  const rules = [...new Set([...(s.liability?.appliedRules ?? (s.liability ? [s.liability.ruleId] : [])), 'R-LIA-10'])];
  const basis = en
    ? [
        `the standards of liability: ${liabilityWhy?.en ?? (liable ? 'we are responsible' : 'we are not responsible')} (${rules.join(', ')})`,
        ...(s.category === 'overcharge' && pays ? ['an overcharge is refunded twice over (R-CMP-2)'] : []),
        ...(plan.floorOffer ? ['our final offer stands after repeated negotiation (R-CMP-4)'] : []),
      ]
    : [
        `责任认定标准:${liabilityWhy?.zh ?? (liable ? '由我司承担责任' : '我司不承担责任')}(${rules.join('、')})`,
        ...(s.category === 'overcharge' && pays ? ['多收费用双倍返还的规定(R-CMP-2)'] : []),
        ...(plan.floorOffer ? ['经多次协商后按底限方案处理的规定(R-CMP-4)'] : []),
      ];
  const result = en
    ? `${s.executedAt !== undefined ? 'we have carried out' : 'we offer'}: ${offer}`
    : `${s.executedAt !== undefined ? '已为您办理' : '拟为您办理'}:${offer}`;
  return { complaint, steps, result, basis };
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
