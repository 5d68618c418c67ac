/**
 * The case lifecycle as data: which action may be taken in which stage, where it nominally leads, and who may take
 * it. `canPerform` is a small framework-free reader of these tables; the workflow and the API both call it, so a
 * refusal means the same everywhere (seed 001, 004; R-FLOW-2, R-FLOW-4, R-FLOW-6).
 */
import { checkConflictOfInterest } from './admissibility';
import { ALLOWED, type Decision, refuse } from './result';
import { type Label, type Role, type Stage, STAGE_IDS, TERMINAL_STAGES } from './vocabulary';

/** The actions a case accepts (docs/api.md `POST /complaints/:id/actions/<name>`), with user-facing labels. */
export const ACTIONS = {
  accept: { zh: '受理', en: 'Accept' },
  'reject-inadmissible': { zh: '不予受理', en: 'Close as inadmissible' },
  'resolve-on-the-spot': { zh: '现场解决', en: 'Resolve on the spot' },
  assign: { zh: '分派', en: 'Assign' },
  'record-findings': { zh: '记录调查结论', en: 'Record findings' },
  'propose-plan': { zh: '提出处理方案', en: 'Propose a handling plan' },
  'decide-approval': { zh: '审批处理方案', en: 'Decide on approval' },
  'contact-attempt': { zh: '联系客户', en: 'Contact attempt' },
  'customer-response': { zh: '客户答复', en: 'Customer response' },
  'execute-plan': { zh: '执行处理方案', en: 'Carry out the plan' },
  'regulator-reply': { zh: '回复邮政管理局', en: 'Reply to the regulator' },
  survey: { zh: '满意度调查', en: 'Satisfaction survey' },
  'pause-sla': { zh: '暂停时限', en: 'Pause deadlines' },
  'resume-sla': { zh: '恢复时限', en: 'Resume deadlines' },
  escalate: { zh: '升级', en: 'Escalate' },
  reopen: { zh: '重新开启', en: 'Reopen' },
  'request-evidence': { zh: '向客户索取证据', en: 'Request evidence' },
  'consult-hq': { zh: '咨询总部', en: 'Consult headquarters' },
  'hq-answer': { zh: '总部答复', en: 'Headquarters answer' },
  'arbitration-claim': { zh: '提出内部仲裁申请', en: 'Internal arbitration claim' },
  'arbitration-ruling': { zh: '内部仲裁裁决', en: 'Internal arbitration ruling' },
  'sign-off-reply': { zh: '书面回复审核', en: 'Sign off a written reply' },
} as const satisfies Record<string, Label>;
export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** Who acts: a logged-in staff member, the customer through a signed link, or the system (timers). */
export type Actor = StaffActor | CustomerActor | SystemActor;
export interface StaffActor {
  readonly kind: 'staff';
  readonly id: string;
  readonly roles: readonly Role[];
}
export interface CustomerActor {
  readonly kind: 'customer';
}
export interface SystemActor {
  readonly kind: 'system';
}

/** Who may take an action at all, whatever the stage. */
export interface ActionPermission {
  /** Staff roles allowed. `admin` is implied for every staff action (see `ADMIN_ROLE`); `auditor` is never listed. */
  readonly roles: readonly Role[];
  /** The customer, through the signed link of a result notice (docs/api.md Identity). */
  readonly customer: boolean;
  /** The system actor (deadline timers). */
  readonly system: boolean;
}

/**
 * Who may take each action (docs/api.md Actions table). `admin` may take every staff action; `auditor` is read-only and
 * takes none; the system actor only escalates (R-SLA-8, R-FLOW-6).
 */
export const ACTION_PERMISSIONS: Readonly<Record<ActionName, ActionPermission>> = {
  accept: { roles: ['agent'], customer: false, system: false },
  'reject-inadmissible': { roles: ['agent', 'supervisor'], customer: false, system: false },
  'resolve-on-the-spot': { roles: ['agent'], customer: false, system: false },
  assign: { roles: ['agent', 'team_lead', 'supervisor'], customer: false, system: false },
  'record-findings': { roles: ['investigator'], customer: false, system: false },
  'propose-plan': { roles: ['investigator', 'agent'], customer: false, system: false },
  // R-APR-1: every plan is approved by a leader; a team lead is the lowest tier (the amount decides which, approval.ts).
  'decide-approval': { roles: ['team_lead', 'supervisor', 'manager'], customer: false, system: false },
  'contact-attempt': { roles: ['agent'], customer: false, system: false },
  'customer-response': { roles: ['agent'], customer: true, system: false },
  'execute-plan': { roles: ['agent', 'investigator'], customer: false, system: false },
  'regulator-reply': { roles: ['agent', 'supervisor'], customer: false, system: false },
  survey: { roles: ['agent'], customer: true, system: false },
  'pause-sla': { roles: ['agent', 'supervisor'], customer: false, system: false },
  'resume-sla': { roles: ['agent', 'supervisor'], customer: false, system: false },
  // R-FLOW-6: anyone working the case may escalate rather than let it stall; the system escalates on breach (R-SLA-8).
  escalate: { roles: ['agent', 'team_lead', 'investigator', 'supervisor', 'manager'], customer: false, system: true },
  reopen: { roles: ['agent', 'team_lead', 'supervisor'], customer: false, system: false },
  // R-SLA-3: whoever investigates asks the complainant for the evidence needed.
  'request-evidence': { roles: ['agent', 'investigator'], customer: false, system: false },
  // R-REG-5: an outlet unsure whether the company is at fault asks headquarters first; headquarters' leaders answer.
  'consult-hq': { roles: ['agent', 'investigator'], customer: false, system: false },
  'hq-answer': { roles: ['supervisor', 'manager'], customer: false, system: false },
  // R-LIA-13: the outlet that paid first claims against the outlet at fault; a manager rules under the network's rules.
  'arbitration-claim': { roles: ['agent', 'investigator', 'supervisor'], customer: false, system: false },
  'arbitration-ruling': { roles: ['manager'], customer: false, system: false },
  // R-CON-3: department review, legal review and a manager's approval of a written reply (written-reply.ts).
  'sign-off-reply': { roles: ['team_lead', 'investigator', 'supervisor', 'manager'], customer: false, system: false },
};

/** The role that may take every staff action (but is no approver: see approval.ts, R-APR-2). */
export const ADMIN_ROLE: Role = 'admin';

/** One allowed move: the action is allowed in the stage it is listed under and nominally leads to `to`. */
export interface Transition {
  /** The nominal stage after the action (the same stage when the action does not move the case). */
  readonly to: Stage;
  /** Refuse with `STAGE.NOT_CLASSIFIED` unless the case has been classified (accepted) first. */
  readonly requiresClassified?: true;
  /** Narrower staff roles for this stage only (admin is still implied). */
  readonly onlyRoles?: readonly Role[];
}

type StageTransitions = Readonly<Partial<Record<ActionName, Transition>>>;

/** Actions allowed in every open stage; none of them moves the case (R-FLOW-3, R-FLOW-6, R-SLA-8). */
function everyOpenStage(stage: Stage): StageTransitions {
  return {
    escalate: { to: stage },
    'pause-sla': { to: stage },
    'resume-sla': { to: stage },
  };
}

/**
 * The stage transition table (seed 001, 004). Keyed by the current stage, then by action; an action missing from a
 * stage is refused there with `STAGE.NOT_ALLOWED`. `to` is the nominal target: for `customer-response` in resolution
 * it is `review` (the customer confirmed, R-RES-2); whether the case really moves there is the workflow's decision
 * (a rejection keeps the case in resolution, R-RES-3, or stands on the floor offer, R-CMP-4).
 *
 * - acceptance: `accept` classifies (R-CAT-*, stays); `assign` needs a classified case and hands it to
 *   investigation; `reject-inadmissible` closes it (R-ADM-1); `resolve-on-the-spot` records a complaint solved at
 *   once and closes it (R-FLOW-2).
 * - investigation: reassign, `record-findings` → handling.
 * - handling: plan, approval, negotiation (R-HDL-2), reassign; `execute-plan` → resolution (R-HDL-3).
 * - resolution: `customer-response` → review when confirmed.
 * - review: `survey` → closed (R-REV-1).
 * - `regulator-reply` is allowed from acceptance to review: at acceptance only so that an appeal can be closed there
 *   (R-REG-4 needs the reply first); until liability is found the reply may not admit fault (R-REG-2).
 * - `request-evidence` (R-SLA-3) in investigation; `consult-hq` / `hq-answer` (R-REG-5) and `sign-off-reply`
 *   (R-CON-3) while the reply is being prepared; `arbitration-claim` / `arbitration-ruling` (R-LIA-13) once the
 *   customer has been paid (resolution onwards, also after closing).
 * - terminal stages: only `reopen` → investigation. A case closed as inadmissible may be reopened by a supervisor
 *   only: it was refused on a legal ground (R-ADM-1), and undoing that is a supervisor's call, not the front line's.
 */
export const TRANSITIONS: Readonly<Record<Stage, StageTransitions>> = {
  acceptance: {
    ...everyOpenStage('acceptance'),
    accept: { to: 'acceptance' },
    assign: { to: 'investigation', requiresClassified: true },
    'reject-inadmissible': { to: 'closed_inadmissible' },
    'resolve-on-the-spot': { to: 'closed_on_the_spot' },
    'contact-attempt': { to: 'acceptance' },
    // R-REG-4: an appeal closed at acceptance (inadmissible, on the spot) needs its reply to the regulator first.
    'regulator-reply': { to: 'acceptance' },
    'consult-hq': { to: 'acceptance' },
    'hq-answer': { to: 'acceptance' },
  },
  investigation: {
    ...everyOpenStage('investigation'),
    assign: { to: 'investigation' },
    'record-findings': { to: 'handling' },
    'contact-attempt': { to: 'investigation' },
    'regulator-reply': { to: 'investigation' },
    'request-evidence': { to: 'investigation' },
    'consult-hq': { to: 'investigation' },
    'hq-answer': { to: 'investigation' },
    'sign-off-reply': { to: 'investigation' },
  },
  handling: {
    ...everyOpenStage('handling'),
    'propose-plan': { to: 'handling' },
    'decide-approval': { to: 'handling' },
    'customer-response': { to: 'handling' },
    assign: { to: 'handling' },
    'contact-attempt': { to: 'handling' },
    'execute-plan': { to: 'resolution' },
    'regulator-reply': { to: 'handling' },
    'consult-hq': { to: 'handling' },
    'hq-answer': { to: 'handling' },
    'sign-off-reply': { to: 'handling' },
  },
  resolution: {
    ...everyOpenStage('resolution'),
    'customer-response': { to: 'review' },
    'contact-attempt': { to: 'resolution' },
    'regulator-reply': { to: 'resolution' },
    'arbitration-claim': { to: 'resolution' },
    'arbitration-ruling': { to: 'resolution' },
    'sign-off-reply': { to: 'resolution' },
  },
  review: {
    ...everyOpenStage('review'),
    survey: { to: 'closed' },
    'regulator-reply': { to: 'review' },
    'arbitration-claim': { to: 'review' },
    'arbitration-ruling': { to: 'review' },
  },
  closed: {
    reopen: { to: 'investigation' },
    // R-LIA-13: the internal settlement between outlets may follow the customer's closed case.
    'arbitration-claim': { to: 'closed' },
    'arbitration-ruling': { to: 'closed' },
  },
  closed_inadmissible: {
    reopen: { to: 'investigation', onlyRoles: ['supervisor'] },
  },
  closed_on_the_spot: {
    reopen: { to: 'investigation' },
  },
};

/** What `canPerform` needs to know about the case. */
export interface CaseContext {
  readonly stage: Stage;
  /** Whether the case has been classified (category and urgency set by `accept`). */
  readonly classified: boolean;
  /** The employee the complaint is about, if any (R-FLOW-4). */
  readonly subjectEmployeeId?: string;
}

/** Whether a staff member's roles include one of `allowed`, `admin` counting for every staff action. */
function hasRole(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((role) => role === ADMIN_ROLE || allowed.includes(role));
}

/** Whether the actor may take the action at all, in any stage. */
function actorMayAct(permission: ActionPermission, actor: Actor): boolean {
  switch (actor.kind) {
    case 'staff':
      return hasRole(actor.roles, permission.roles);
    case 'customer':
      return permission.customer;
    case 'system':
      return permission.system;
  }
}

/** A stage's narrower permission: staff only, in the given roles. */
function stagePermission(roles: readonly Role[]): ActionPermission {
  return { roles, customer: false, system: false };
}

function describeActor(actor: Actor): string {
  return actor.kind === 'staff' ? `roles [${actor.roles.join(', ')}]` : `the ${actor.kind}`;
}

/**
 * Whether `actor` may take `action` on a case in context `ctx`. Checks, in this order:
 * 1. `ROLE.NOT_ALLOWED` — the actor may not take this action at all (API 403). `admin` may take every staff action;
 *    `auditor` none; the customer only `customer-response` and `survey`; the system only `escalate`.
 * 2. `RULE.R-FLOW-4` — the actor is the employee the complaint is about and takes no part in handling it (API 422).
 * 3. `STAGE.NOT_ALLOWED` — the action does not fit the current stage (API 409), from `TRANSITIONS`.
 * 4. `ROLE.NOT_ALLOWED` — the stage narrows the roles (reopening an inadmissible case: supervisors only).
 * 5. `STAGE.NOT_CLASSIFIED` — assigning out of acceptance before the case was classified (API 409).
 *
 * Implements the stage table of seed 001/004, R-FLOW-2 (on-the-spot closure) and R-FLOW-4.
 */
export function canPerform(ctx: CaseContext, action: ActionName, actor: Actor): Decision {
  if (!actorMayAct(ACTION_PERMISSIONS[action], actor)) {
    return refuse('ROLE.NOT_ALLOWED', `${describeActor(actor)} may not ${action}`, [{ action }]);
  }
  if (actor.kind === 'staff') {
    // R-FLOW-4: the subject of the complaint takes no part in handling it, whatever the action.
    const conflict = checkConflictOfInterest(actor.id, ctx.subjectEmployeeId);
    if (!conflict.ok) return conflict;
  }
  const transition = TRANSITIONS[ctx.stage][action];
  if (transition === undefined) {
    return refuse('STAGE.NOT_ALLOWED', `${action} is not allowed in stage ${ctx.stage}`, [
      { action, stage: ctx.stage },
    ]);
  }
  if (transition.onlyRoles !== undefined && !actorMayAct(stagePermission(transition.onlyRoles), actor)) {
    return refuse('ROLE.NOT_ALLOWED', `${describeActor(actor)} may not ${action} in stage ${ctx.stage}`, [
      { action, stage: ctx.stage, roles: transition.onlyRoles },
    ]);
  }
  if (transition.requiresClassified === true && !ctx.classified) {
    return refuse('STAGE.NOT_CLASSIFIED', `${action} needs the case to be classified first`, [{ action }]);
  }
  return ALLOWED;
}

/**
 * The nominal stage after `action` in `stage` (the same stage when the action does not move the case), or `null`
 * when the action is not allowed in that stage. See `TRANSITIONS` for why it is nominal (customer-response).
 */
export function targetStage(stage: Stage, action: ActionName): Stage | null {
  return TRANSITIONS[stage][action]?.to ?? null;
}

/** The actions `actor` may take on the case now (for menus and `GET` responses); same checks as `canPerform`. */
export function allowedActions(ctx: CaseContext, actor: Actor): ActionName[] {
  return ACTION_NAMES.filter((action) => canPerform(ctx, action, actor).ok);
}

/** Whether the stage is terminal (closed, closed as inadmissible, resolved on the spot). */
export function isTerminalStage(stage: Stage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

/** The open stages in lifecycle order (acceptance → review). */
export const OPEN_STAGES: readonly Stage[] = STAGE_IDS.filter((stage) => !TERMINAL_STAGES.includes(stage));
