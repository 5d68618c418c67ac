/**
 * The case as the API shows it (docs/api.md `GET /complaints/:id`): built from the `CaseState` (the workflow's fold, as
 * stored in `complaint_cases.state` or returned by an Update) and the complainant row, at an instant `now` (live
 * deadline states, `deadlineView`). Times are ISO strings. Personal data is masked for roles that do not handle
 * cases (R-SEC-1, `seesPersonalData`), and so is every free-text field (`withholdFreeText`, ADR 0019); the policy snapshot itself is not repeated (its version is).
 */
import type { CaseState } from '@complaintflow/domain/case/state';
import { deadlineView, isOverdue, type DeadlineFacts } from '@complaintflow/domain/case/view';
import { availableActions } from '@complaintflow/domain/case/decide';
import { complainantForRoles, seesPersonalData } from '@complaintflow/domain/privacy';
import { seesFreeText, WITHHELD, withholdFreeText } from '@complaintflow/domain/free-text';
import { isTerminalStage } from '@complaintflow/domain/stages';
import type { Principal } from '../auth/principal';
import type { CaseNotificationView } from '../notifications/notification-views';
import type { ComplainantSecret } from '@complaintflow/persistence/pii';

export const iso = (ms: number | null | undefined): string | null =>
  typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null;

/** Replaces epoch-millisecond fields (`at`, `…At`) of a plain record with ISO strings, recursively. */
export function isoTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(isoTimes);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      (k === 'at' || /[a-z]At$/.test(k) || k === 'from' || k === 'to') && typeof v === 'number' ? iso(v) : isoTimes(v);
  }
  return out;
}

export interface DeadlineOut {
  readonly dueAt: string | null;
  readonly state: string;
  readonly statutory: boolean;
  readonly startedAt: string | null;
  readonly warnAt: string | null;
  readonly metAt?: string | null;
}

/** Every deadline of the case at `now`, by kind (R-SLA-*). */
export function deadlinesOut(state: CaseState, now: number): Record<string, DeadlineOut> {
  const out: Record<string, DeadlineOut> = {};
  for (const d of deadlineView(state, now)) {
    out[d.kind] = {
      dueAt: iso(d.dueAt),
      state: d.state,
      statutory: d.statutory,
      startedAt: iso(d.startedAt),
      warnAt: iso(d.warnAt),
      ...(d.metAt !== undefined ? { metAt: iso(d.metAt) } : {}),
    };
  }
  return out;
}

/** The earliest due time among running or paused deadlines, or null. */
export function nextDueAt(state: DeadlineFacts, now: number): string | null {
  const open = deadlineView(state, now).filter((d) => d.state === 'running' || d.state === 'paused');
  return open.length > 0 ? iso(Math.min(...open.map((d) => d.dueAt))) : null;
}

export function caseStatus(state: Pick<CaseState, 'stage'>): 'open' | 'closed' {
  return isTerminalStage(state.stage) ? 'closed' : 'open';
}

/** `POST /complaints` 201 body (docs/api.md). */
export function intakeResponse(state: CaseState, workflowId: string, now: number) {
  return {
    id: state.caseId,
    workflowId,
    stage: state.stage,
    policyVersion: state.policyVersion,
    deadlines: deadlinesOut(state, now),
    isRepeat: state.intake.isRepeat,
  };
}

/** The complainant as `principal` may see it. */
function complainantOut(state: CaseState, secret: ComplainantSecret | undefined, principal: Principal) {
  const base = {
    name: secret?.name ?? null,
    phone: secret?.phone ?? null,
    email: secret?.email ?? null,
    preferredChannel: state.intake.preferredChannel,
    contactAtNight: state.intake.contactAtNight === true,
    party: state.intake.party,
  };
  return complainantForRoles(base, principal.roles);
}

/** The full case (docs/api.md `GET /complaints/:id`, and every action's answer). */
export function caseView(
  state: CaseState,
  opts: {
    workflowId: string;
    secret: ComplainantSecret | undefined;
    principal: Principal;
    now: number;
    /** The case's deliveries (`NotificationsService.forCase`): what was sent, to whom (masked), how, in which state. */
    notifications?: readonly CaseNotificationView[];
  },
) {
  const { principal, now, secret } = opts;
  const clear = seesPersonalData(principal.roles);
  const i = state.intake;
  // The customer's own words may name anyone: in clear for those who handle the case, else withheld (R-SEC-1,
  // ADR 0019; they were masked only for contact data before, which left names in clear).
  const text = (s: string | undefined) => (s === undefined ? null : clear ? s : WITHHELD);
  const view = {
    id: state.caseId,
    workflowId: opts.workflowId,
    stage: state.stage,
    status: caseStatus(state),
    classified: state.classified,
    channel: state.channel,
    externalRef: i.externalRef ?? null,
    waybillNo: i.waybillNo,
    category: state.category,
    urgency: state.urgency,
    escalationLevel: state.escalationLevel,
    tier: state.tier,
    owner: { id: state.ownerId, department: state.department ?? null },
    receivedBy: i.receivedBy,
    isRepeat: i.isRepeat,
    isAppeal: state.isAppeal,
    policyVersion: state.policyVersion,
    complainant: complainantOut(state, secret, principal),
    /** The customer's own words; withheld for viewers who may not see personal data (R-SEC-1). */
    description: text(secret?.description),
    expectedOutcome: text(secret?.expectedOutcome),
    claimedFen: i.claimedFen,
    shipment: i.shipment,
    subjectEmployeeId: i.subjectEmployeeId ?? null,
    priorContact: i.priorContact,
    deadlines: deadlinesOut(state, now),
    overdue: isOverdue(state, now),
    slaPaused: state.pauses.some((p) => p.to === undefined),
    pauses: isoTimes(state.pauses),
    findings: state.findings ?? null,
    // docs/api.md v2: the liability gains the facts the investigator recorded and the rule that decided it.
    liability: state.liability
      ? {
          ...state.liability,
          facts: state.findings?.facts ?? {},
          ...(state.findings?.notLiableReason ? { notLiableReason: state.findings.notLiableReason } : {}),
        }
      : null,
    // R-CH-2, R-REG-1/3/4: a regulator appeal's validity and fine (valid `null` until liability is found).
    appeal: state.isAppeal
      ? {
          valid: state.appeal?.assessment.valid ?? null,
          validityRule: state.appeal?.assessment.ruleId ?? null,
          reasons: state.appeal?.assessment.reasons ?? [],
          fineFen: state.appeal?.penalty?.amountFen ?? 0,
          fineOutlet: state.appeal?.penalty?.outlet ?? null,
          penaltyAppealable: state.appeal?.penalty ? state.appeal.penalty.internalAppealAllowed : null,
          penaltyRules: state.appeal?.penalty?.ruleIds ?? [],
          replied: state.regulatorReplies.length > 0,
        }
      : null,
    evidenceRequests: isoTimes(state.evidenceRequests ?? []),
    hqConsultations: isoTimes(state.hqConsultations ?? []),
    arbitration: isoTimes(state.arbitration ?? []),
    replySignOffs: state.replySignOffs ?? {},
    followUpReasons: state.followUpReasons ?? [],
    priorityDeliveryOutlet: state.priorityDeliveryOutlet ?? null,
    customerDeliveries: isoTimes(state.deliveries ?? []),
    suggestedCompensationFen: state.suggestedCompensationFen ?? null,
    plan: state.plan ? isoTimes(state.plan) : null,
    approvals: isoTimes(state.approvals),
    contactAttempts: isoTimes(state.contactAttempts),
    contactExhausted: state.contactExhausted ?? null,
    negotiationRounds: isoTimes(state.negotiationRounds),
    floorOffer: state.floorOfferFen === null || state.floorOfferFen === undefined ? null : { fen: state.floorOfferFen },
    customerConfirmation: state.customerConfirmation ? isoTimes(state.customerConfirmation) : null,
    regulatorReplies: isoTimes(state.regulatorReplies),
    survey: state.survey ?? null,
    // How a case ends: closed (by the survey, the archive clock, or a side exit), its workflow stays running until
    // the analysis window ends, and the case may be reopened until then (R-SLA-7); then the workflow completes.
    closure: state.closure
      ? {
          kind: state.closure.kind,
          reason: state.closure.reason,
          at: iso(state.closure.at),
          reopenableUntil: deadlinesOut(state, now).analysis?.dueAt ?? null,
        }
      : null,
    reopenCount: state.reopenCount,
    // Exactly what this user may do now: the stage's permissions and the case's own preconditions, the same rules
    // that decide the action (availableActions in libs/domain/src/case/decide.ts).
    actions: principal.roles.length
      ? availableActions(state, { kind: 'staff', id: principal.sub, roles: principal.roles })
      : [],
    receivedAt: iso(state.receivedAt),
    executedAt: iso(state.executedAt),
    updatedAt: iso(state.updatedAt),
    lastSeq: state.lastSeq,
    ...(opts.notifications ? { notifications: opts.notifications } : {}),
  };
  // Staff free text (notes, findings, parties heard, replies, comments…) may name the customer: withheld for the
  // roles that do not see personal data (R-SEC-1, libs/domain/src/free-text.ts, ADR 0019).
  return seesFreeText(principal.roles) ? view : { ...view, ...withholdFreeText(freeTextParts(view)) };
}

/** The parts of the case view that carry free text. */
function freeTextParts<V extends Record<(typeof FREE_TEXT_PARTS)[number], unknown>>(view: V) {
  return Object.fromEntries(FREE_TEXT_PARTS.map((k) => [k, view[k]])) as Pick<V, (typeof FREE_TEXT_PARTS)[number]>;
}

const FREE_TEXT_PARTS = [
  'pauses',
  'findings',
  'evidenceRequests',
  'hqConsultations',
  'arbitration',
  'replySignOffs',
  'plan',
  'approvals',
  'contactAttempts',
  'customerConfirmation',
  'regulatorReplies',
  'survey',
  'closure',
] as const;

export type CaseView = ReturnType<typeof caseView>;
