/**
 * Reading deadlines out of a policy document: which duration applies to a case, and what each deadline is.
 */
import type { Category, Label, Urgency } from '../vocabulary';
import type { DeadlineKind, Duration, PolicyDocument } from './types';

/** What each deadline is, with the rule it comes from (R-SLA-1..7; R-FLOW-6 where the seeds give no figure). */
export const DEADLINE_INFO: Readonly<Record<DeadlineKind, Label & { readonly ruleId: string }>> = {
  classify: { zh: '登记分类', en: 'Record and classify', ruleId: 'R-SLA-1' },
  forward: { zh: '转交责任部门', en: 'Forward to the responsible department', ruleId: 'R-SLA-2' },
  department_response: { zh: '责任部门响应', en: 'Department responds', ruleId: 'R-SLA-2' },
  investigation_start: { zh: '启动调查', en: 'Investigation starts', ruleId: 'R-SLA-2' },
  evidence_request: { zh: '告知补充证据', en: 'Ask the complainant for evidence', ruleId: 'R-SLA-3' },
  investigation: { zh: '调查结论', en: 'Findings recorded', ruleId: 'R-FLOW-6' },
  plan: { zh: '提出处理意见', en: 'Propose a handling plan', ruleId: 'R-SLA-4' },
  approval: { zh: '审批', en: 'Approval decided', ruleId: 'R-FLOW-6' },
  reply_after_approval: { zh: '审批后答复客户', en: 'Reply to the customer after approval', ruleId: 'R-SLA-5' },
  execution: { zh: '执行处理方案', en: 'Carry out the agreed plan', ruleId: 'R-HDL-3' },
  confirmation: { zh: '客户确认', en: 'Customer confirmation', ruleId: 'R-RES-2' },
  first_reply: { zh: '首次回复', en: 'First reply to the customer', ruleId: 'R-SLA-6' },
  archive: { zh: '归档', en: 'Archive', ruleId: 'R-SLA-7' },
  analysis: { zh: '归档分析', en: 'Analyse the archive', ruleId: 'R-SLA-7' },
  statutory_reply: { zh: '法定答复时限', en: 'Statutory reply', ruleId: 'R-CH-2' },
  refund: { zh: '退费', en: 'Refund the customer', ruleId: 'R-CMP-2' },
};

/** The case facts a deadline may depend on. */
export interface DeadlineContext {
  readonly urgency?: Urgency;
  readonly category?: Category;
}

/**
 * The duration of deadline `kind` for a case (R-SLA-1..7): the urgency override if the policy has one for the
 * case's urgency (R-SLA-1: urgent and major within 5 minutes; R-SLA-5: urgent 30 minutes), else the category
 * override (R-CAT-5: safety complaints start their investigation at once), else the default.
 */
export function policyDeadline(policy: PolicyDocument, kind: DeadlineKind, context: DeadlineContext = {}): Duration {
  const rule = policy.deadlines[kind];
  if (rule === undefined) {
    throw new RangeError(`policy ${policy.version} has no ${kind} deadline (check hasPolicyDeadline first)`);
  }
  const byUrgency = context.urgency === undefined ? undefined : rule.byUrgency?.[context.urgency];
  const byCategory = context.category === undefined ? undefined : rule.byCategory?.[context.category];
  const chosen = byUrgency ?? byCategory ?? rule;
  return { amount: chosen.amount, unit: chosen.unit };
}

/**
 * Whether the policy has deadline `kind`. A snapshot from before the kind existed (a 2026.1 case has no
 * `refund`, R-CMP-2) does not: the case runs without that clock.
 */
export function hasPolicyDeadline(policy: PolicyDocument, kind: DeadlineKind): boolean {
  return policy.deadlines[kind] !== undefined;
}

/** Whether deadline `kind` is a statutory clock (reported apart, not stopped by pauses) rather than an internal target. */
export function isStatutoryDeadline(policy: PolicyDocument, kind: DeadlineKind): boolean {
  return policy.deadlines[kind]?.statutory === true;
}
