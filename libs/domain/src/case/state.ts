/**
 * The case state and the fold that builds it from events. Pure: the same events always give the same state, so the
 * workflow, the read model and the as-of reconstruction of an audit agree by construction.
 */
import { tierLevel } from '../escalation';
import { isStatutoryDeadline, policyDeadline } from '../policy/resolve';
import type { ApprovalRequirement, DeadlineKind, Duration, PolicyDocument } from '../policy/types';
import type { Survey } from '../survey';
import type { Category, Channel, ContactChannel, EscalationTier, Role, Stage, Urgency } from '../vocabulary';
import type { WrittenReplyStep } from '../written-reply';
import type {
  AppealAssessment,
  AppealPenalty,
  CaseEvent,
  CaseIntake,
  Findings,
  LiabilityRecord,
  NotificationRequest,
  PlanInput,
} from './events';

/** One deadline clock of the case (R-SLA-*): when it started, how long it runs, and what became of it. */
export interface DeadlineRecord {
  readonly kind: DeadlineKind;
  readonly startedAt: number;
  readonly duration: Duration;
  readonly statutory: boolean;
  readonly metAt?: number;
  /** The clock stopped without being met (the case closed or moved on another way). */
  readonly cancelledAt?: number;
  readonly warnedAt?: number;
  readonly breachedAt?: number;
}

export interface PauseRecord {
  readonly from: number;
  readonly to?: number;
  readonly reason: string;
}

export interface PlanRecord extends PlanInput {
  /** The sequence number of the event that proposed it (its id). */
  readonly seq: number;
  readonly proposedBy: string;
  readonly proposedAt: number;
  readonly requiredApproval: ApprovalRequirement;
  readonly approval: 'not_required' | 'pending' | 'approved' | 'rejected';
  readonly customer: 'pending' | 'accepted' | 'declined';
}

export interface ApprovalRecord {
  readonly planSeq: number;
  readonly approverId: string;
  readonly role: Role;
  readonly approve: boolean;
  readonly comment?: string;
  readonly at: number;
}

/** One negotiation round (R-HDL-2): a proposal put to the customer and what they said. */
export interface NegotiationRound {
  readonly planSeq: number;
  readonly proposedFen: number;
  readonly floorOffer: boolean;
  readonly response?: 'accepted' | 'declined';
  readonly respondedAt?: number;
}

export interface ContactAttemptRecord {
  readonly at: number;
  readonly reached: boolean;
  readonly channel: ContactChannel;
  readonly automatic: boolean;
  readonly note?: string;
}

export interface CaseState {
  readonly caseId: string;
  readonly stage: Stage;
  readonly classified: boolean;
  readonly channel: Channel;
  readonly category: Category;
  readonly urgency: Urgency;
  readonly intake: CaseIntake;
  /** The policy snapshot the case runs under (its version stays with the case). */
  readonly policy: PolicyDocument;
  readonly policyVersion: string;
  /** R-FLOW-1: the current owner (first receiver until handed over explicitly). */
  readonly ownerId: string;
  readonly department?: string;
  readonly tier: EscalationTier;
  readonly escalationLevel: number;
  /** A regulator appeal is an escalated complaint (R-CH-2). */
  readonly isAppeal: boolean;
  readonly deadlines: Partial<Record<DeadlineKind, DeadlineRecord>>;
  readonly pauses: readonly PauseRecord[];
  readonly findings?: Findings;
  readonly liability?: LiabilityRecord;
  readonly suggestedCompensationFen?: number;
  readonly plan?: PlanRecord;
  readonly approvals: readonly ApprovalRecord[];
  readonly negotiationRounds: readonly NegotiationRound[];
  /** R-CMP-4: once set, no later proposal may exceed it. */
  readonly floorOfferFen: number | null;
  readonly contactAttempts: readonly ContactAttemptRecord[];
  /** The reminder already sent for the next retry (so each is sent once). */
  readonly contactReminderFor?: number;
  /** How the current contact round ended, once it did (R-CON-1). */
  readonly contactExhausted?: 'satisfied' | 'failed';
  readonly customerConfirmation?: {
    readonly accepted: boolean;
    readonly via: 'agent' | 'customer' | 'unreachable';
    readonly at: number;
  };
  readonly regulatorReplies: readonly { readonly at: number; readonly text: string }[];
  readonly survey?: Survey & { readonly mean: number; readonly reopenReview: boolean };
  readonly closure?: {
    readonly kind: 'inadmissible' | 'on_the_spot' | 'archived';
    readonly reason: string;
    readonly at: number;
  };
  readonly reopenCount: number;
  readonly executedAt?: number;
  /**
   * The rules the case runs under (`case.received.rules`): absent for cases started before the 2026-12 rules, which
   * keep deciding as they did so that their histories replay; `2` since. See `rulesOf`.
   */
  readonly rules?: 2;
  /** A regulator appeal's validity and fine (R-CH-2, R-REG-1/3/4). */
  readonly appeal?: { readonly assessment: AppealAssessment; readonly penalty?: AppealPenalty };
  /** R-SLA-3: what was asked of the complainant, and when. */
  readonly evidenceRequests?: readonly { readonly at: number; readonly items: readonly string[] }[];
  /** R-REG-5: questions to headquarters and their answers. */
  readonly hqConsultations?: readonly { readonly at: number; readonly question: string; readonly answer?: string }[];
  /** R-LIA-13: internal arbitration claims after paying first, and their rulings. */
  readonly arbitration?: readonly {
    readonly at: number;
    readonly byOutlet: string;
    readonly againstOutlet: string;
    readonly amountFen: number;
    readonly ruling?: { readonly upheld: boolean; readonly amountFen: number; readonly at: number };
  }[];
  /** R-CON-3: the sign-offs of a written reply, by step: who signed, in which role, when. */
  readonly replySignOffs?: Readonly<
    Partial<Record<WrittenReplyStep, { readonly id: string; readonly role: Role; readonly at: number }>>
  >;
  /** The R-CON-1 SMS requested in the current contact round (not yet known to be sent). */
  readonly smsRequestedAt?: number;
  /** R-SLA-6/10: when the customer was last told how far the case has come. */
  readonly lastProgressNoticeAt?: number;
  /** The `notification.requested` events addressed to the customer: their seq and kind. */
  readonly customerRequests?: readonly { readonly seq: number; readonly kind: NotificationRequest['kind'] }[];
  /** What became of the messages to the customer (R-CON-4), in order. */
  readonly deliveries?: readonly {
    readonly requestSeq: number;
    readonly kind: NotificationRequest['kind'];
    readonly channel: ContactChannel | 'inbox';
    readonly state: 'sent' | 'delivered' | 'failed';
    readonly at: number;
  }[];
  /** R-SLA-10: the delayed parcel was flagged to its delivery outlet for priority delivery. */
  readonly priorityDeliveryOutlet?: string;
  /** R-RES-4: a key case flagged for thanks and a follow-up visit, with the reasons. */
  readonly followUpReasons?: readonly string[];
  readonly receivedAt: number;
  readonly updatedAt: number;
  readonly lastSeq: number;
}

/** Whether the case runs under the 2026-12 rules (issue 10): every case started since; none started before. */
export function rulesOf(s: Pick<CaseState, 'rules'>): 1 | 2 {
  return s.rules === 2 ? 2 : 1;
}

/** Thrown only for a corrupt event stream; never for a business refusal. */
export class CaseStreamError extends Error {}

function start(state: CaseState, kind: DeadlineKind, at: number): CaseState {
  // A policy snapshot from before this kind existed has no such clock: the case runs without it.
  if (state.policy.deadlines[kind] === undefined) return state;
  const record: DeadlineRecord = {
    kind,
    startedAt: at,
    duration: policyDeadline(state.policy, kind, { urgency: state.urgency, category: state.category }),
    statutory: isStatutoryDeadline(state.policy, kind),
  };
  return { ...state, deadlines: { ...state.deadlines, [kind]: record } };
}

function isOpen(d: DeadlineRecord | undefined): d is DeadlineRecord {
  return d !== undefined && d.metAt === undefined && d.cancelledAt === undefined;
}

function settle(state: CaseState, kinds: readonly DeadlineKind[], at: number, how: 'metAt' | 'cancelledAt'): CaseState {
  let deadlines = state.deadlines;
  for (const kind of kinds) {
    const d = deadlines[kind];
    if (isOpen(d)) deadlines = { ...deadlines, [kind]: { ...d, [how]: at } };
  }
  return deadlines === state.deadlines ? state : { ...state, deadlines };
}

const meet = (s: CaseState, kinds: readonly DeadlineKind[], at: number) => settle(s, kinds, at, 'metAt');
/** Every open clock stops: the case is closed. */
const cancelAll = (s: CaseState, at: number) =>
  settle(s, Object.keys(s.deadlines) as DeadlineKind[], at, 'cancelledAt');

/**
 * Closing stops every clock and starts the analysis of the archive (R-SLA-7); until that falls due the case stays
 * open to a reopen, then its workflow completes.
 */
const closeCase = (s: CaseState, at: number): CaseState =>
  start({ ...cancelAll(s, at), pauses: endPauses(s.pauses, at) }, 'analysis', at);

/** Closes an open pause at `at` (a closed case has nothing left to pause). */
function endPauses(pauses: readonly PauseRecord[], at: number): readonly PauseRecord[] {
  return pauses.some((p) => p.to === undefined)
    ? pauses.map((p) => (p.to === undefined ? { ...p, to: at } : p))
    : pauses;
}

function patchDeadline(state: CaseState, kind: DeadlineKind, patch: Partial<DeadlineRecord>): CaseState {
  const d = state.deadlines[kind];
  return d ? { ...state, deadlines: { ...state.deadlines, [kind]: { ...d, ...patch } } } : state;
}

function withPlan(state: CaseState, patch: Partial<PlanRecord>): CaseState {
  return state.plan ? { ...state, plan: { ...state.plan, ...patch } } : state;
}

function respondToRound(state: CaseState, accepted: boolean, at: number): NegotiationRound[] {
  const rounds = [...state.negotiationRounds];
  const last = rounds[rounds.length - 1];
  if (last && last.response === undefined) {
    rounds[rounds.length - 1] = { ...last, response: accepted ? 'accepted' : 'declined', respondedAt: at };
  }
  return rounds;
}

/** Applies one event to the state (`undefined` before the first event). */
export function evolve(state: CaseState | undefined, event: CaseEvent): CaseState {
  const d = event.data;
  const at = event.at;
  if (!state) {
    if (d.type !== 'case.received') throw new CaseStreamError(`event ${event.seq} (${d.type}) before case.received`);
    const fresh: CaseState = {
      caseId: d.intake.caseId,
      stage: 'acceptance',
      classified: false,
      channel: d.intake.channel,
      category: d.intake.category,
      urgency: d.intake.urgency,
      intake: d.intake,
      policy: d.policy,
      policyVersion: d.policy.version,
      ownerId: d.intake.receivedBy,
      tier: d.tier,
      escalationLevel: tierLevel(d.tier),
      isAppeal: d.intake.channel === 'regulator',
      deadlines: {},
      pauses: [],
      approvals: [],
      negotiationRounds: [],
      floorOfferFen: d.intake.priorFloorOfferFen ?? null,
      contactAttempts: [],
      regulatorReplies: [],
      reopenCount: 0,
      receivedAt: d.intake.receivedAt,
      updatedAt: at,
      lastSeq: event.seq,
      ...(d.rules === 2 ? { rules: 2 as const } : {}),
    };
    // R-SLA-1 classify, R-SLA-6 first reply, and the statutory reply clock start at receipt; under the 2026-12 rules
    // so does R-SLA-2's forward clock (forward within 2 hours of receipt, not of classification).
    const received = start(start(start(fresh, 'classify', at), 'first_reply', at), 'statutory_reply', at);
    return d.rules === 2 ? start(received, 'forward', at) : received;
  }
  if (event.seq !== state.lastSeq + 1) {
    throw new CaseStreamError(`event ${event.seq} follows ${state.lastSeq}: the stream has a gap or is out of order`);
  }
  const s = { ...apply(state, event), updatedAt: at, lastSeq: event.seq };
  return s;
}

function apply(s: CaseState, event: CaseEvent): CaseState {
  const d = event.data;
  const at = event.at;
  switch (d.type) {
    case 'case.received':
      throw new CaseStreamError(`event ${event.seq}: a second case.received`);
    case 'case.classified': {
      const wasClassified = s.classified;
      let next: CaseState = {
        ...s,
        classified: true,
        category: d.category,
        urgency: d.urgency,
        tier: d.tier,
        escalationLevel: tierLevel(d.tier),
      };
      next = meet(next, ['classify'], at);
      // R-CAT-5 (2026-12 rules): a safety complaint starts its internal investigation at once, so its
      // investigation-start clock (the policy's tighter per-category time) runs from classification.
      if (d.initialResponse === 'start_internal_investigation' && next.deadlines.investigation_start === undefined)
        next = start(next, 'investigation_start', at);
      // R-SLA-2 before the 2026-12 rules: the forward clock started at classification (since: at receipt).
      return wasClassified || rulesOf(s) === 2 ? next : start(next, 'forward', at);
    }
    case 'case.assigned': {
      // R-INV-1: investigation begins once an owner (and their department) is named.
      let next: CaseState = { ...s, ownerId: d.assignee, department: d.department ?? s.department };
      if (s.stage === 'acceptance') {
        next = meet({ ...next, stage: 'investigation' }, ['forward'], at);
        next = start(start(next, 'department_response', at), 'investigation', at);
        // R-SLA-2: the department starts investigating within 24 hours; R-SLA-3: evidence is asked for within 3.
        // (A safety complaint's investigation-start clock already runs from classification, R-CAT-5.)
        if (rulesOf(s) === 2) {
          if (next.deadlines.investigation_start === undefined) next = start(next, 'investigation_start', at);
          next = start(next, 'evidence_request', at);
        }
      }
      return next;
    }
    case 'case.closed_inadmissible':
      return {
        ...closeCase(s, at),
        stage: 'closed_inadmissible',
        closure: { kind: 'inadmissible', reason: d.reason, at },
      };
    case 'case.resolved_on_the_spot':
      return {
        ...closeCase(s, at),
        stage: 'closed_on_the_spot',
        closure: { kind: 'on_the_spot', reason: d.explanation, at },
      };
    case 'findings.recorded': {
      const next = meet(
        {
          ...s,
          stage: 'handling',
          findings: d.findings,
          liability: d.liability,
          suggestedCompensationFen: d.suggestedCompensationFen,
        },
        ['investigation', 'department_response', 'investigation_start', 'evidence_request'],
        at,
      );
      // R-SLA-4: a handling plan within the policy time of the findings.
      return start(next, 'plan', at);
    }
    case 'plan.proposed': {
      const needsApproval = d.requiredApproval !== 'none';
      const plan: PlanRecord = {
        ...d.plan,
        seq: event.seq,
        proposedBy: d.proposedBy,
        proposedAt: at,
        requiredApproval: d.requiredApproval,
        approval: needsApproval ? 'pending' : 'not_required',
        customer: 'pending',
      };
      let next: CaseState = {
        ...s,
        plan,
        negotiationRounds: [
          ...s.negotiationRounds,
          { planSeq: event.seq, proposedFen: d.plan.compensationFen, floorOffer: d.plan.floorOffer },
        ],
        // R-CMP-4: the floor offer is the company's last word; it only ever goes down. Before the 2026-12 rules it
        // stood when proposed; since, only once approved and made to the customer (customer.responded).
        floorOfferFen:
          d.plan.floorOffer && rulesOf(s) === 1
            ? Math.min(d.plan.compensationFen, s.floorOfferFen ?? Infinity)
            : s.floorOfferFen,
      };
      next = meet(settle(next, ['approval', 'reply_after_approval', 'execution'], at, 'cancelledAt'), ['plan'], at);
      // R-APR-1: major plans wait for approval (with its own clock); others go to the customer (R-SLA-5).
      return needsApproval ? start(next, 'approval', at) : start(next, 'reply_after_approval', at);
    }
    case 'approval.decided': {
      const approval = {
        planSeq: s.plan?.seq ?? 0,
        approverId: d.approverId,
        role: d.role,
        approve: d.approve,
        comment: d.comment,
        at,
      };
      let next = withPlan(
        { ...s, approvals: [...s.approvals, approval] },
        { approval: d.approve ? 'approved' : 'rejected' },
      );
      next = meet(next, ['approval'], at);
      // Approved: reply to the customer (R-SLA-5) — and an approved floor offer may be carried out (R-CMP-4, R-HDL-3).
      // Rejected: back to planning (R-SLA-4).
      if (!d.approve) return start(next, 'plan', at);
      next = start(next, 'reply_after_approval', at);
      // Since the 2026-12 rules an approved floor offer is carried out once it has been made to the customer.
      return s.plan?.floorOffer && rulesOf(s) === 1 ? start(next, 'execution', at) : next;
    }
    case 'customer.responded': {
      // R-CON-4: the customer's agreement (or refusal) is an event of its own, kept as evidence.
      const next: CaseState = meet(
        { ...s, negotiationRounds: respondToRound(s, d.accepted, at) },
        ['reply_after_approval', 'first_reply', 'confirmation'],
        at,
      );
      if (s.stage === 'handling') {
        let planned = withPlan(next, { customer: d.accepted ? 'accepted' : 'declined' });
        if (rulesOf(s) === 2) {
          const floor = s.plan?.floorOffer === true;
          // R-CMP-4: the approved floor offer has now been made to the customer: it stands, whatever they answer.
          if (floor)
            planned = { ...planned, floorOfferFen: Math.min(s.plan!.compensationFen, s.floorOfferFen ?? Infinity) };
          if (!d.accepted && !floor) return start(planned, 'plan', at);
          // Agreed, or the floor offer refused: carried out promptly (R-HDL-3); a refund within its own time (R-CMP-2).
          planned = start(planned, 'execution', at);
          return refunds(s) ? start(planned, 'refund', at) : planned;
        }
        // Agreed: carry it out promptly (R-HDL-3). Declined: a new round — unless a floor offer stands (R-CMP-4),
        // whose execution clock keeps running.
        if (d.accepted) return start(planned, 'execution', at);
        return s.plan?.floorOffer ? planned : start(planned, 'plan', at);
      }
      // Resolution: confirmed (R-RES-2), or declined with the floor offer standing (R-CMP-4) → review;
      // declined otherwise → back to handling for a better remedy (R-RES-3).
      const confirmation = { accepted: d.accepted, via: d.via, at };
      if (d.accepted || s.plan?.floorOffer) {
        // R-REV-1 (2026-12 rules): the survey invitation goes out with the move to review (decide.ts asks for it).
        return start({ ...next, stage: 'review', customerConfirmation: confirmation }, 'archive', at);
      }
      return start({ ...next, stage: 'handling', customerConfirmation: confirmation, plan: undefined }, 'plan', at);
    }
    case 'contact.attempted': {
      const attempt: ContactAttemptRecord = {
        at,
        reached: d.reached,
        channel: d.channel,
        automatic: d.automatic,
        note: d.note,
      };
      const next: CaseState = {
        ...s,
        contactAttempts: [...s.contactAttempts, attempt],
        contactExhausted: d.reached ? undefined : s.contactExhausted,
        ...(d.reached ? { smsRequestedAt: undefined } : {}),
      };
      // Reaching the customer is a reply (R-SLA-6) and, after approval, the reply R-SLA-5 asks for.
      return d.reached && !d.automatic ? meet(next, ['first_reply', 'reply_after_approval'], at) : next;
    }
    case 'contact.reminder':
      return { ...s, contactReminderFor: d.nextAttemptAt };
    case 'contact.exhausted': {
      const next: CaseState = { ...s, contactExhausted: d.outcome };
      // Unreachable after the retries the rule asks for, in resolution: the result stands by written notice.
      if (d.outcome === 'satisfied' && s.stage === 'resolution') {
        const unreachable: CaseState = {
          ...next,
          stage: 'review',
          customerConfirmation: { accepted: false, via: 'unreachable', at },
        };
        return start(meet(unreachable, ['confirmation'], at), 'archive', at);
      }
      return next;
    }
    case 'plan.executed':
      // R-HDL-3 carried out; R-RES-1 the result notice goes out: that is the reply (R-SLA-6, statutory clock).
      // R-RES-2: the customer's confirmation is sought; its clock keeps the case from stalling (R-FLOW-6).
      return start(
        meet(
          { ...s, stage: 'resolution', executedAt: at },
          ['first_reply', 'statutory_reply', 'reply_after_approval', 'execution', 'refund'],
          at,
        ),
        'confirmation',
        at,
      );
    case 'regulator.replied':
      return { ...s, regulatorReplies: [...s.regulatorReplies, { at, text: d.text }] };
    case 'survey.recorded':
      return {
        ...closeCase(meet(s, ['archive'], at), at),
        stage: 'closed',
        survey: { ...d.survey, mean: d.mean, reopenReview: d.reopenReview },
        closure: { kind: 'archived', reason: 'survey', at },
      };
    case 'case.archived':
      return {
        ...closeCase(meet(s, ['archive'], at), at),
        stage: 'closed',
        closure: { kind: 'archived', reason: d.withSurvey ? 'survey' : 'no_survey', at },
      };
    case 'sla.paused':
      return { ...s, pauses: [...s.pauses, { from: at, reason: d.reason }] };
    case 'sla.resumed':
      return { ...s, pauses: s.pauses.map((p) => (p.to === undefined ? { ...p, to: at } : p)) };
    case 'deadline.warning':
      return patchDeadline(s, d.kind, { warnedAt: at });
    case 'deadline.breached':
      return patchDeadline(s, d.kind, { breachedAt: at });
    case 'case.escalated':
      return { ...s, tier: d.to, escalationLevel: tierLevel(d.to) };
    case 'case.reopened': {
      // The closed case's analysis clock stops: the case is open again.
      const next: CaseState = {
        ...settle(s, ['analysis'], at, 'cancelledAt'),
        stage: 'investigation',
        closure: undefined,
        reopenCount: s.reopenCount + 1,
        plan: undefined,
      };
      return start(next, 'investigation', at);
    }
    case 'notification.requested': {
      // The messages to the customer, so that the relay's delivery reports can be matched to them (R-CON-4).
      const next: CaseState =
        d.notification.audience === 'customer'
          ? { ...s, customerRequests: [...(s.customerRequests ?? []), { seq: event.seq, kind: d.notification.kind }] }
          : s;
      if (d.notification.kind === 'unreachable_sms' && rulesOf(s) === 2) return { ...next, smsRequestedAt: at };
      if (d.notification.kind === 'progress_notice') return { ...next, lastProgressNoticeAt: at };
      return next;
    }
    case 'notification.delivery': {
      const deliveries = [
        ...(s.deliveries ?? []),
        { requestSeq: d.requestSeq, kind: d.kind, channel: d.channel, state: d.state, at },
      ];
      // R-CON-1, recorded as it happened: the SMS counts as the round's notice once the gateway accepted it.
      const smsSent = d.kind === 'unreachable_sms' && d.state === 'sent' && d.channel === 'sms' && rulesOf(s) === 2;
      return {
        ...s,
        deliveries,
        ...(smsSent
          ? {
              contactAttempts: [
                ...s.contactAttempts,
                {
                  at,
                  reached: false,
                  channel: 'sms' as const,
                  automatic: true,
                  note: 'R-CON-1 SMS accepted by the gateway',
                },
              ],
            }
          : {}),
      };
    }
    case 'evidence.requested':
      return meet(
        { ...s, evidenceRequests: [...(s.evidenceRequests ?? []), { at, items: d.items }] },
        ['evidence_request', 'investigation_start'],
        at,
      );
    case 'hq.consulted':
      return meet(
        { ...s, hqConsultations: [...(s.hqConsultations ?? []), { at, question: d.question }] },
        ['investigation_start'],
        at,
      );
    case 'hq.answered': {
      const list = [...(s.hqConsultations ?? [])];
      const open = list.findIndex((c) => c.answer === undefined);
      if (open >= 0) list[open] = { ...list[open], answer: d.answer };
      return { ...s, hqConsultations: list };
    }
    case 'arbitration.claimed':
      return {
        ...s,
        arbitration: [
          ...(s.arbitration ?? []),
          { at, byOutlet: d.byOutlet, againstOutlet: d.againstOutlet, amountFen: d.amountFen },
        ],
      };
    case 'arbitration.ruled': {
      const list = [...(s.arbitration ?? [])];
      const open = list.findIndex((c) => c.ruling === undefined);
      if (open >= 0) list[open] = { ...list[open], ruling: { upheld: d.upheld, amountFen: d.amountFen, at } };
      return { ...s, arbitration: list };
    }
    case 'reply.signed_off': {
      const who = event.actor.kind === 'staff' ? { id: event.actor.id, role: event.actor.role, at } : undefined;
      return who ? { ...s, replySignOffs: { ...s.replySignOffs, [d.step]: who } } : s;
    }
    case 'appeal.assessed':
      return { ...s, appeal: { ...s.appeal, assessment: d.assessment } };
    case 'appeal.penalised':
      return s.appeal ? { ...s, appeal: { ...s.appeal, penalty: d.penalty } } : s;
    case 'delivery.prioritised':
      return { ...s, priorityDeliveryOutlet: d.outlet };
    case 'followup.flagged':
      return { ...s, followUpReasons: d.reasons };
  }
}

/** R-CMP-2: whether the agreed plan refunds money (a freight refund, or an overcharge case's double refund). */
function refunds(s: CaseState): boolean {
  return (
    s.plan?.remedies.includes('freight_refund') === true ||
    (s.category === 'overcharge' && (s.plan?.compensationFen ?? 0) > 0)
  );
}

/** Folds a whole stream (in sequence order) into the state; `asOf` stops at that instant (as-of reconstruction). */
export function foldEvents(events: readonly CaseEvent[], asOf?: number): CaseState | undefined {
  let state: CaseState | undefined;
  for (const e of events) {
    if (asOf !== undefined && e.at > asOf) break;
    state = evolve(state, e);
  }
  return state;
}

/** Whether a pause is open now. */
export function isPaused(state: CaseState): boolean {
  return state.pauses.some((p) => p.to === undefined);
}
