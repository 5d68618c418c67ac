/**
 * Decides what an action does to a case: a coded refusal, or the events it causes. Pure and deterministic — the
 * workflow calls it from an Update's validator (to refuse without writing anything) and again from the handler (to
 * emit the events), with the workflow clock's `now`.
 */
import { checkAdmissibility, checkConflictOfInterest } from '../admissibility';
import { appealPenalty, canCloseAppeal, decideAppealValidity, nextAppealValidity } from '../appeals';
import { approverTier, canApprove, checkPlanAmount, requiredApproval } from '../approval';
import {
  checkOverchargePlan,
  checkProposedCompensation,
  overchargeRefundFen,
  suggestedCompensationFen,
} from '../compensation';
import { contactRuleStatus } from '../contact';
import { escalateTier, higherTier, roleForTier, startTier } from '../escalation';
import { initialResponseFor } from '../initial-response';
import { decideLiability, findingsFromVerdict, type LiabilityInput } from '../liability';
import { checkRegulatorReply } from '../reply-lint';
import { refuse, type Decision, type Refused } from '../result';
import { ACTION_NAMES, ACTION_PERMISSIONS, ADMIN_ROLE, canPerform, type ActionName, type Actor } from '../stages';
import { followUpReasons, surveyOutcome, validateSurvey, type SurveyValidation } from '../survey';
import { checkWrittenReplySignOff } from '../written-reply';
import type { EscalationTier, Role } from '../vocabulary';
import { parseActionInput, type ActionInputs, type FieldProblem } from './actions';
import type { CaseEventData, EventActor, LiabilityFacts, NotificationRequest } from './events';
import { isPaused, rulesOf, type CaseState } from './state';

/** What an accepted action causes: the events (in order) and the actor they are recorded under. */
export interface Decided {
  readonly ok: true;
  readonly actor: EventActor;
  readonly events: readonly CaseEventData[];
}

export type ActionDecision = Decided | Refused;

function invalid(problems: readonly FieldProblem[]): Refused {
  return refuse('INPUT.INVALID', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The workflow's check of an action's input (a workflow never trusts its caller): an object; where a rule owns the
 * action's fields, that rule first, with its own code and reasons (R-ADM-1, R-REV-1); then the action's schema, the
 * one the API validates the body with (actions.ts), so the API and the workflow accept exactly the same inputs.
 * `undefined` when the input may be decided.
 */
export function checkInput(action: ActionName, input: unknown): Refused | undefined {
  if (!isObj(input)) return invalid([{ field: '(body)', reason: 'must be an object' }]);
  if (action === 'reject-inadmissible') {
    const check = checkAdmissibility({ reason: input.reason, note: input.note }); // R-ADM-1
    if (!check.ok) return check;
  }
  if (action === 'survey') {
    const check = validateSurvey(input); // R-REV-1
    if (!check.ok) return invalid(check.errors);
  }
  const parsed = parseActionInput(action, input);
  return parsed.ok ? undefined : invalid(parsed.problems);
}

/** The role an actor acts in for an action: the first of theirs the action allows (admin last). */
function actingRole(action: ActionName, roles: readonly Role[]): Role {
  const allowed = ACTION_PERMISSIONS[action].roles;
  return roles.find((r) => allowed.includes(r)) ?? ADMIN_ROLE;
}

function eventActor(action: ActionName, actor: Actor): EventActor {
  return actor.kind === 'staff' ? { kind: 'staff', id: actor.id, role: actingRole(action, actor.roles) } : actor;
}

function notify(notification: NotificationRequest, about: string): CaseEventData {
  return { type: 'notification.requested', notification, about };
}

/** Events of an escalation to `to` (R-FLOW-3, R-SLA-8): the new tier is told. */
export function escalationEvents(
  s: CaseState,
  to: EscalationTier,
  reason: Parameters<typeof escalateTier>[1],
  note?: string,
): CaseEventData[] {
  const events: CaseEventData[] = [];
  if (to !== s.tier) events.push({ type: 'case.escalated', from: s.tier, to, reason, ...(note ? { note } : {}) });
  events.push(notify({ kind: 'escalation', audience: tierAudience(s, to), channel: 'inbox' }, reason));
  return events;
}

/**
 * Who is told when a case reaches `tier`. Since the 2026-12 rules the team lead is a role of its own (R-APR-1,
 * R-SLA-8); cases started before keep telling the agents' queue, as their recorded histories did.
 */
export function tierAudience(s: Pick<CaseState, 'rules'>, tier: EscalationTier): NotificationRequest['audience'] {
  const role = roleForTier(tier);
  return rulesOf(s) === 1 && role === 'team_lead' ? 'role:agent' : `role:${role}`;
}

/** The customer is told (on their preferred channel). */
function tellCustomer(s: CaseState, kind: NotificationRequest['kind'], about: string): CaseEventData {
  return notify({ kind, audience: 'customer', channel: s.intake.preferredChannel }, about);
}

/** R-REG-4: a regulator appeal is not closed at acceptance without its reply to the regulator (2026-12 rules). */
function appealClosing(s: CaseState, closing: 'inadmissible' | 'on_the_spot'): Refused | undefined {
  if (rulesOf(s) === 1) return undefined;
  const check = canCloseAppeal({ isAppeal: s.isAppeal, regulatorReplied: s.regulatorReplies.length > 0, closing });
  return check.ok ? undefined : check;
}

/** The liability input from the case and the investigator's facts (docs/api.md v2 `record-findings`). */
function liabilityInput(s: CaseState, i: ActionInputs['record-findings'], facts: LiabilityFacts): LiabilityInput {
  const ship = s.intake.shipment;
  const common = {
    category: s.category,
    originOutlet: ship.originOutlet,
    deliveryOutlet: ship.deliveryOutlet,
    priorContact: s.intake.priorContact,
    ...(i.faultOutlet ? { faultOutlet: i.faultOutlet } : {}),
  };
  if (rulesOf(s) === 1) {
    // Cases started before the 2026-12 rules decide as they did (their histories replay unchanged).
    return {
      ...common,
      customerCouldNotReachOrigin:
        s.isAppeal && s.intake.priorContact.outlet === 'origin' && !s.intake.priorContact.handledByRules,
      findings: findingsFromVerdict(i.companyLiable),
    };
  }
  return {
    ...common,
    ...(facts.namedParty ? { namedParty: facts.namedParty } : {}), // R-LIA-3
    ...(facts.outOfArea // R-LIA-6, R-LIA-7
      ? {
          outOfArea: {
            deliveryNotified: facts.outOfArea.deliveryNotifiedByRules,
            actedByRules: facts.outOfArea.deliveryNotifiedByRules,
            originKnew: facts.outOfArea.originKnew,
          },
        }
      : {}),
    ...(facts.chargingOutlet || facts.unexplainedOutlet // R-LIA-8
      ? {
          overcharge: {
            chargingOutlet: facts.chargingOutlet ?? facts.unexplainedOutlet!,
            ...(facts.unexplainedOutlet ? { unexplainedChargeOutlet: facts.unexplainedOutlet } : {}),
          },
        }
      : {}),
    ...(facts.sourceFault ? { sourceFault: facts.sourceFault } : {}), // R-LIA-12
    // R-LIA-9: the customer could not reach the origin (its complaint line unanswered) and appealed.
    customerCouldNotReachOrigin: s.isAppeal && facts.originUnreachable === true,
    // R-LIA-5: whether the customer appealed (an origin that was told and did nothing then answers externally).
    appealed: s.isAppeal,
    findings: findingsFromVerdict(i.companyLiable, i.notLiableReason), // R-LIA-10
  };
}

/** The facts of `record-findings` (docs/api.md v2), only those given. */
function factsOf(i: ActionInputs['record-findings']): LiabilityFacts {
  return {
    ...(i.namedParty !== undefined ? { namedParty: i.namedParty } : {}),
    ...(i.outOfArea !== undefined ? { outOfArea: i.outOfArea } : {}),
    ...(i.chargingOutlet !== undefined ? { chargingOutlet: i.chargingOutlet } : {}),
    ...(i.unexplainedOutlet !== undefined ? { unexplainedOutlet: i.unexplainedOutlet } : {}),
    ...(i.dueFen !== undefined ? { dueFen: i.dueFen } : {}),
    ...(i.sourceFault !== undefined ? { sourceFault: i.sourceFault } : {}),
    ...(i.originUnreachable !== undefined ? { originUnreachable: i.originUnreachable } : {}),
  };
}

/** R-CMP-2: the double refund an overcharge case owes, once what was due has been verified (else `undefined`). */
export function requiredOverchargeRefundFen(s: CaseState): number | undefined {
  const due = s.findings?.facts?.dueFen;
  if (s.category !== 'overcharge' || due === undefined || s.liability?.companyLiable !== true) return undefined;
  return overchargeRefundFen(s.intake.shipment.chargedFen, due);
}

function ok(actor: EventActor, events: CaseEventData[]): Decided {
  return { ok: true, actor, events };
}

/**
 * What the case itself requires of an action, whatever its input: a coded refusal, or `undefined`. The decider asks
 * it after the input check; the case's action list asks it for every action the actor may take in the stage, so the
 * list offers exactly what the case would accept now (`availableActions`).
 */
export function precondition(s: CaseState, action: ActionName, actor: Actor): Refused | undefined {
  const plan = s.plan;
  switch (action) {
    case 'reject-inadmissible':
      return appealClosing(s, 'inadmissible'); // R-REG-4
    case 'resolve-on-the-spot':
      return appealClosing(s, 'on_the_spot'); // R-REG-4
    case 'decide-approval': {
      if (!plan || plan.approval !== 'pending')
        return refuse('APPROVAL.NOT_PENDING', 'No plan of this case is waiting for approval.');
      if (actor.kind !== 'staff') return refuse('ROLE.NOT_ALLOWED', 'Only staff approve.');
      const can = canApprove(plan.requiredApproval, { id: actor.id, roles: actor.roles }, plan.proposedBy); // R-APR-1/2
      return can.ok ? undefined : can;
    }
    case 'customer-response':
      if (s.stage !== 'handling') return undefined;
      // R-HDL-2: the customer answers a proposal that may be put to them (approved, or needing no approval).
      if (!plan) return refuse('PLAN.NONE', 'There is no plan to respond to.');
      if (plan.approval === 'pending' || plan.approval === 'rejected')
        return refuse('PLAN.NOT_APPROVED', 'The plan has not been approved yet (R-APR-1).');
      if (plan.customer !== 'pending')
        return refuse('PLAN.ALREADY_ANSWERED', 'The customer has already answered this plan.');
      return undefined;
    case 'execute-plan':
      if (!plan) return refuse('PLAN.NONE', 'There is no plan to carry out.');
      if (plan.approval === 'pending' || plan.approval === 'rejected')
        return refuse('PLAN.NOT_APPROVED', 'The plan needs its approval before it is carried out (R-APR-1).');
      // R-HDL-2 / R-CMP-4: carried out once agreed, or on the floor offer when no agreement is reached.
      if (plan.customer !== 'accepted' && !plan.floorOffer)
        return refuse(
          'PLAN.NOT_AGREED',
          'The customer has not agreed to the plan, and it is not a floor offer (R-CMP-4).',
        );
      // R-CMP-4 (2026-12 rules): a floor offer is carried out once it has been made to the customer and not agreed.
      if (rulesOf(s) === 2 && plan.customer === 'pending')
        return refuse('PLAN.NOT_AGREED', '底限方案须先告知客户,客户未接受后方可执行(R-CMP-4)。');
      return undefined;
    case 'regulator-reply':
      return s.isAppeal
        ? undefined
        : refuse('CASE.NOT_AN_APPEAL', 'Only a regulator appeal gets a reply to the regulator.');
    case 'pause-sla':
      return isPaused(s) ? refuse('SLA.ALREADY_PAUSED', 'The deadlines are already paused.') : undefined;
    case 'resume-sla':
      return isPaused(s) ? undefined : refuse('SLA.NOT_PAUSED', 'The deadlines are not paused.');
    case 'escalate':
      return escalateTier(s.tier, 'manual', s.policy.escalation).raised
        ? undefined
        : refuse('ESCALATION.AT_TOP', 'The case is already with a manager, the top tier.');
    case 'hq-answer':
      return (s.hqConsultations ?? []).some((c) => c.answer === undefined)
        ? undefined
        : refuse('CASE.NO_QUESTION', '没有待总部答复的咨询(R-REG-5)。');
    case 'arbitration-claim':
      // R-LIA-13: the outlet that paid the customer first claims against the outlet at fault.
      return s.executedAt !== undefined && s.liability?.external
        ? undefined
        : refuse('RULE.R-LIA-13', '先行赔付客户后,方可向过错网点提出内部仲裁申请。');
    case 'sign-off-reply':
      return actor.kind === 'staff' ? undefined : refuse('ROLE.NOT_ALLOWED', 'Only staff sign off a reply.');
    case 'arbitration-ruling':
      return (s.arbitration ?? []).some((c) => c.ruling === undefined)
        ? undefined
        : refuse('CASE.NO_CLAIM', '没有待裁决的内部仲裁申请(R-LIA-13)。');
    default:
      return undefined;
  }
}

/**
 * The actions `actor` may take on the case now: allowed for them in the stage (`canPerform`) and accepted by the case
 * as it stands (`precondition`). What remains is refused only for its input (a bad field, an amount above the floor).
 */
export function availableActions(s: CaseState, actor: Actor): ActionName[] {
  const ctx = { stage: s.stage, classified: s.classified, subjectEmployeeId: s.intake.subjectEmployeeId };
  return ACTION_NAMES.filter(
    (action) => canPerform(ctx, action, actor).ok && precondition(s, action, actor) === undefined,
  );
}

/**
 * Decides an action on a case at `now`. Refusal codes: `ROLE.NOT_ALLOWED`, `STAGE.NOT_ALLOWED`,
 * `STAGE.NOT_CLASSIFIED`, `RULE.R-…` (a business rule), `INPUT.INVALID`, and state conflicts `PLAN.*`, `APPROVAL.*`,
 * `SLA.*`, `CASE.*`, `ESCALATION.*`.
 */
export function decideAction(
  s: CaseState,
  action: ActionName,
  input: unknown,
  actor: Actor,
  now: number,
): ActionDecision {
  const allowed: Decision = canPerform(
    { stage: s.stage, classified: s.classified, subjectEmployeeId: s.intake.subjectEmployeeId },
    action,
    actor,
  );
  if (!allowed.ok) return allowed;
  const bad = checkInput(action, input);
  if (bad) return bad;
  const unmet = precondition(s, action, actor);
  if (unmet) return unmet;
  const who = eventActor(action, actor);
  const policy = s.policy;

  switch (action) {
    case 'accept': {
      const i = input as ActionInputs['accept'];
      const urgency = i.urgency ?? s.urgency;
      // R-FLOW-3: urgent and major go to a supervisor at once; the tier never drops on reclassification.
      const tier = higherTier(s.tier, startTier(urgency, s.intake.isRepeat, policy.escalation));
      const category = i.category ?? s.category;
      const events: CaseEventData[] = [
        {
          type: 'case.classified',
          category,
          urgency,
          tier,
          ...(i.note ? { note: i.note } : {}),
          // R-CAT-5: the initial response of the category's group, on record (a safety complaint's clock starts).
          ...(rulesOf(s) === 2 ? { initialResponse: initialResponseFor(category).action } : {}),
        },
      ];
      // R-ACC-3: the customer is told the process, the expected time and how to reach us (on first acceptance).
      if (!s.classified)
        events.push(
          notify({ kind: 'acknowledgement', audience: 'customer', channel: s.intake.preferredChannel }, 'R-ACC-3'),
        );
      if (tier !== s.tier)
        events.push(notify({ kind: 'escalation', audience: tierAudience(s, tier), channel: 'inbox' }, 'urgent'));
      if (
        rulesOf(s) === 2 &&
        (category === 'delay' || category === 'out_of_area') &&
        s.priorityDeliveryOutlet === undefined
      ) {
        // R-SLA-10: the delayed parcel the customer chases is delivered first: its delivery outlet is told.
        const outlet = s.intake.shipment.deliveryOutlet;
        events.push({ type: 'delivery.prioritised', outlet });
        events.push(notify({ kind: 'priority_delivery', audience: 'role:team_lead', channel: 'inbox' }, 'R-SLA-10'));
      }
      return ok(who, events);
    }
    case 'reject-inadmissible': {
      const { reason, note } = input as ActionInputs['reject-inadmissible']; // R-ADM-1: checked by checkInput
      const events: CaseEventData[] = [{ type: 'case.closed_inadmissible', reason, note }];
      // R-RES-1: every closed case's customer is told the result (2026-12 rules).
      if (rulesOf(s) === 2) events.push(tellCustomer(s, 'result_notice', 'R-RES-1'));
      return ok(who, events);
    }
    case 'resolve-on-the-spot': {
      // R-FLOW-2: resolved on the spot is recorded too, closed at acceptance with the explanation given.
      const { explanation } = input as ActionInputs['resolve-on-the-spot'];
      const events: CaseEventData[] = [{ type: 'case.resolved_on_the_spot', explanation }];
      if (rulesOf(s) === 2) events.push(tellCustomer(s, 'result_notice', 'R-RES-1'));
      return ok(who, events);
    }
    case 'assign': {
      const i = input as ActionInputs['assign'];
      const conflict = checkConflictOfInterest(i.assignee, s.intake.subjectEmployeeId); // R-FLOW-4
      if (!conflict.ok) return conflict;
      // R-FLOW-1: ownership moves only by this explicit hand-over.
      return ok(who, [
        {
          type: 'case.assigned',
          assignee: i.assignee,
          ...(i.department ? { department: i.department } : {}),
          previousOwner: s.ownerId,
        },
      ]);
    }
    case 'record-findings': {
      const i = input as ActionInputs['record-findings'];
      const v2 = rulesOf(s) === 2;
      const facts = factsOf(i);
      const findings = {
        summary: i.summary,
        rootCause: i.rootCause,
        companyLiable: i.companyLiable,
        // R-INV-2: the findings rest on evidence (at least one item: the schema refuses none).
        evidence: i.evidence.map((e) => ({ kind: e.kind, ref: e.ref })),
        ...(i.faultOutlet ? { faultOutlet: i.faultOutlet } : {}),
        // R-INV-3: every party heard, not only the complainant.
        partiesHeard: i.partiesHeard ?? [],
        ...(i.actualLossFen !== undefined ? { actualLossFen: i.actualLossFen } : {}),
        ...(v2 && i.notLiableReason ? { notLiableReason: i.notLiableReason } : {}),
        ...(v2 && Object.keys(facts).length > 0 ? { facts } : {}),
      };
      const ship = s.intake.shipment;
      // R-LIA-*: liability from the category, outlets, prior contact, the investigator's facts and R-LIA-10.
      const liability = decideLiability(liabilityInput(s, i, facts));
      const suggested = suggestedCompensationFen(
        {
          category: s.category,
          companyLiable: liability.companyLiable,
          shipment: {
            freightFen: ship.freightFen,
            chargedFen: ship.chargedFen,
            insured: ship.insured,
            declaredValueFen: ship.declaredValueFen,
            ...(v2 && i.dueFen !== undefined ? { dueFen: i.dueFen } : {}), // R-CMP-2: what was verified as due
          },
          actualLossFen: i.actualLossFen ?? s.intake.claimedFen,
        },
        policy.compensation,
      );
      const { external, internal, companyLiable, ruleId, alsoAnswerable } = liability;
      const events: CaseEventData[] = [
        {
          type: 'findings.recorded',
          findings,
          liability: {
            external,
            internal,
            companyLiable,
            ruleId,
            ...(alsoAnswerable ? { alsoAnswerable } : {}),
            ...(v2
              ? {
                  appliedRules: liability.appliedRules,
                  basis: liability.basis,
                  networkReimburses: liability.networkReimburses,
                }
              : {}),
          },
          suggestedCompensationFen: suggested,
        },
      ];
      if (v2 && s.isAppeal) {
        // R-CH-2 / R-REG-4: an appeal's validity is decided with the liability, and never revoked once valid.
        const decided = decideAppealValidity({
          priorRequestWithoutSolution: s.intake.priorContact.outlet !== 'none' && !s.intake.priorContact.handledByRules,
          companyLiable,
          customerCouldNotReachOrigin: facts.originUnreachable === true,
        });
        const assessment = nextAppealValidity(s.appeal?.assessment, decided);
        events.push({ type: 'appeal.assessed', assessment });
        // R-REG-1: a valid appeal's fine is charged once, to the outlet with the external responsibility.
        const penalty =
          s.appeal?.penalty === undefined && external !== null
            ? appealPenalty({
                valid: assessment.valid,
                parcels: 1,
                externalOutlet: external,
                perParcelFen: policy.appeal?.finePerParcelFen,
                replyWasUnclear: i.outletReplyUnclear === true, // R-REG-3: no internal appeal of the penalty then
              })
            : null;
        if (penalty) events.push({ type: 'appeal.penalised', penalty });
      }
      return ok(who, events);
    }
    case 'propose-plan': {
      const i = input as ActionInputs['propose-plan'];
      const floorOffer = i.floorOffer === true;
      const amount = checkProposedCompensation(i.compensationFen, s.floorOfferFen); // R-CMP-4
      if (!amount.ok) return amount;
      if (rulesOf(s) === 2) {
        // R-CMP-4: the floor offer is the last word after repeated negotiation: an earlier proposal was declined.
        if (floorOffer && !s.negotiationRounds.some((r) => r.response === 'declined'))
          return refuse('RULE.R-CMP-4', '底限方案须在与客户多次协商未果后提出:尚无被客户拒绝的方案。', [
            { field: 'floorOffer', reason: 'no earlier proposal was declined by the customer' },
          ]);
        // R-APR-2: an amount above the suggestion needs a stated reason (and the approval tier of the amount).
        if (s.suggestedCompensationFen !== undefined) {
          const above = checkPlanAmount({
            compensationFen: i.compensationFen,
            suggestedFen: s.suggestedCompensationFen,
            reason: i.compensationReason,
          });
          if (!above.ok) return above;
        }
        // R-CMP-2: an overcharge is refunded twice the difference; a plan below it does not meet the rule.
        const refund = requiredOverchargeRefundFen(s);
        if (refund !== undefined) {
          const enough = checkOverchargePlan(i.compensationFen, refund);
          if (!enough.ok) return enough;
        }
      }
      const requirement = requiredApproval(
        { compensationFen: i.compensationFen, urgency: s.urgency, isAppeal: s.isAppeal, floorOffer },
        policy.approval,
      ); // R-APR-2
      const proposedBy = actor.kind === 'staff' ? actor.id : 'system';
      const events: CaseEventData[] = [
        {
          type: 'plan.proposed',
          plan: {
            // R-HDL-1: the remedies of the plan (`explanation` for a case where the company is not liable).
            remedies: [...new Set(i.remedies)],
            compensationFen: i.compensationFen,
            floorOffer,
            ...(i.compensationReason ? { compensationReason: i.compensationReason } : {}),
            ...(i.note ? { note: i.note } : {}),
          },
          requiredApproval: requirement,
          proposedBy,
        },
      ];
      if (requirement !== 'none')
        events.push(notify({ kind: 'approval_needed', audience: `role:${requirement}`, channel: 'inbox' }, 'R-APR-1'));
      return ok(who, events);
    }
    case 'decide-approval': {
      const i = input as ActionInputs['decide-approval'];
      const approver = actor as Extract<Actor, { kind: 'staff' }>; // precondition: staff, of the plan's tier (R-APR-1/2)
      // The approver acts in their highest approving role (R-APR-1: a team lead at least).
      // canApprove has refused an approver without an approving role, so the tier is one of theirs.
      const role = approverTier(approver.roles) as Extract<Role, 'team_lead' | 'supervisor' | 'manager'>;
      return ok({ kind: 'staff', id: approver.id, role }, [
        {
          type: 'approval.decided',
          approve: i.approve,
          ...(i.comment ? { comment: i.comment } : {}),
          approverId: approver.id,
          role,
        },
      ]);
    }
    case 'contact-attempt': {
      const i = input as ActionInputs['contact-attempt'];
      const events: CaseEventData[] = [
        {
          type: 'contact.attempted',
          reached: i.reached,
          channel: i.channel,
          ...(i.note ? { note: i.note } : {}),
          automatic: false,
        },
      ];
      if (!i.reached) {
        // R-CON-1: after a failed attempt, an SMS tells the customer we could not reach them (once per round).
        const attempts = [...s.contactAttempts, { at: now, reached: false, channel: i.channel }];
        const status = contactRuleStatus(attempts, now, policy).status;
        if (status === 'sms_required' && rulesOf(s) === 2) {
          // Recorded as it happens (2026-12 rules): the SMS is requested once per round; it counts as the round's
          // notice when the gateway accepts it (`notification.delivery`), not before.
          if (s.smsRequestedAt === undefined)
            events.push(notify({ kind: 'unreachable_sms', audience: 'customer', channel: 'sms' }, 'R-CON-1'));
        } else if (status === 'sms_required') {
          events.push({
            type: 'contact.attempted',
            reached: false,
            channel: 'sms',
            note: 'R-CON-1 unreachable notice',
            automatic: true,
          });
          events.push(notify({ kind: 'unreachable_sms', audience: 'customer', channel: 'sms' }, 'R-CON-1'));
        }
      }
      return ok(who, events);
    }
    case 'customer-response': {
      const i = input as ActionInputs['customer-response'];
      const via = actor.kind === 'customer' ? 'customer' : 'agent';
      const events: CaseEventData[] = [
        { type: 'customer.responded', accepted: i.accepted, ...(i.comment ? { comment: i.comment } : {}), via },
      ];
      // R-REV-1: a confirmed result (or a standing floor offer) goes to review: the customer is invited to the survey.
      if (rulesOf(s) === 2 && s.stage === 'resolution' && (i.accepted || s.plan?.floorOffer))
        events.push(tellCustomer(s, 'survey_invitation', 'R-REV-1'));
      return ok(who, events);
    }
    case 'execute-plan': {
      const i = input as ActionInputs['execute-plan'];
      const plan = s.plan!; // precondition: a plan approved and agreed (or a floor offer made and refused)
      if (rulesOf(s) === 2) {
        // R-HDL-3 / R-CMP-2: money paid out is recorded with its payment reference.
        const paysMoney =
          plan.compensationFen > 0 && plan.remedies.some((r) => r === 'compensation' || r === 'freight_refund');
        if (paysMoney && !i.paymentRef)
          return refuse('RULE.R-HDL-3', '执行赔偿或退款须填写付款凭证号。', [
            { field: 'paymentRef', reason: 'is required for a compensation or refund (R-HDL-3, R-CMP-2)' },
          ]);
      }
      return ok(who, [
        {
          type: 'plan.executed',
          ...(i.paymentRef ? { paymentRef: i.paymentRef } : {}),
          ...(i.note ? { note: i.note } : {}),
        },
        // R-RES-1: the result notice, with the customer's signed link to confirm.
        notify({ kind: 'result_notice', audience: 'customer', channel: s.intake.preferredChannel }, 'R-RES-1'),
      ]);
    }
    case 'regulator-reply': {
      const { text: reply } = input as ActionInputs['regulator-reply'];
      // R-REG-2: until the company is found liable, the reply must not admit fault.
      const lint = checkRegulatorReply(reply, s.liability?.companyLiable ?? false);
      if (!lint.ok) return lint;
      return ok(who, [{ type: 'regulator.replied', text: reply }]);
    }
    case 'survey': {
      // R-REV-1: valid (checkInput); the survey as the rule records it, the suggestion trimmed.
      const { survey } = validateSurvey(input) as Extract<SurveyValidation, { ok: true }>;
      const outcome = surveyOutcome(survey);
      const events: CaseEventData[] = [
        { type: 'survey.recorded', survey, mean: outcome.mean, reopenReview: outcome.reopenReview },
      ];
      // R-REV-1: a dissatisfied result reopens the review of how the case was handled: the next tier is told.
      if (outcome.reopenReview)
        events.push(
          ...escalationEvents(s, escalateTier(s.tier, 'dissatisfied', policy.escalation).tier, 'dissatisfied'),
        );
      if (rulesOf(s) === 2) {
        // R-REV-3: the follow-up survey is reported to leadership.
        events.push(notify({ kind: 'survey_report', audience: 'role:manager', channel: 'inbox' }, 'R-REV-3'));
        events.push(...followUpEvents(s, outcome.reopenReview));
      }
      return ok(who, events);
    }
    case 'pause-sla':
      return ok(who, [{ type: 'sla.paused', reason: (input as ActionInputs['pause-sla']).reason }]);
    case 'resume-sla':
      return ok(who, [{ type: 'sla.resumed', reason: (input as ActionInputs['resume-sla']).reason }]);
    case 'escalate': {
      const step = escalateTier(s.tier, 'manual', policy.escalation); // R-FLOW-3, R-FLOW-6 (precondition: not at the top)
      return ok(who, escalationEvents(s, step.tier, 'manual', (input as ActionInputs['escalate']).reason));
    }
    case 'reopen':
      // R-CMP-4: a floor offer on record stays on record after the reopen.
      return ok(who, [{ type: 'case.reopened', reason: (input as ActionInputs['reopen']).reason }]);
    case 'request-evidence': {
      // R-SLA-3: the complainant is asked for the evidence needed (the customer is told on their channel).
      const i = input as ActionInputs['request-evidence'];
      return ok(who, [
        { type: 'evidence.requested', items: i.items, ...(i.note ? { note: i.note } : {}) },
        tellCustomer(s, 'progress_notice', 'R-SLA-3'),
      ]);
    }
    case 'consult-hq': {
      // R-REG-5: the question to headquarters is part of the case; headquarters' leaders are told.
      const { question } = input as ActionInputs['consult-hq'];
      return ok(who, [
        { type: 'hq.consulted', question },
        notify({ kind: 'approval_needed', audience: 'role:supervisor', channel: 'inbox' }, 'R-REG-5'),
      ]);
    }
    case 'hq-answer':
      return ok(who, [{ type: 'hq.answered', answer: (input as ActionInputs['hq-answer']).answer }]);
    case 'arbitration-claim': {
      // R-LIA-13: the outlet that paid the customer first claims against the outlet at fault.
      const i = input as ActionInputs['arbitration-claim'];
      const byOutlet = s.liability!.external!; // precondition: paid first, by the outlet answering the customer
      if (i.againstOutlet === byOutlet)
        return refuse('RULE.R-LIA-13', '不能对先行赔付的网点自身提出仲裁申请。', [
          { field: 'againstOutlet', reason: 'must be another outlet than the one that paid first' },
        ]);
      return ok(who, [
        {
          type: 'arbitration.claimed',
          byOutlet,
          againstOutlet: i.againstOutlet,
          amountFen: i.amountFen,
          ...(i.note ? { note: i.note } : {}),
        },
        notify({ kind: 'approval_needed', audience: 'role:manager', channel: 'inbox' }, 'R-LIA-13'),
      ]);
    }
    case 'arbitration-ruling': {
      const i = input as ActionInputs['arbitration-ruling'];
      const open = s.arbitration!.find((c) => c.ruling === undefined)!; // precondition: an open claim
      if (i.amountFen > open.amountFen)
        return refuse('RULE.R-LIA-13', '裁定金额不得超过申请金额。', [
          { field: 'amountFen', reason: `must not be greater than the claim (${open.amountFen})` },
        ]);
      return ok(who, [
        {
          type: 'arbitration.ruled',
          upheld: i.upheld,
          amountFen: i.upheld ? i.amountFen : 0,
          ...(i.note ? { note: i.note } : {}),
        },
      ]);
    }
    case 'sign-off-reply': {
      // R-CON-3: department review, legal review, manager approval — never by the reply's author (the owner).
      const i = input as ActionInputs['sign-off-reply'];
      const staff = actor as Extract<Actor, { kind: 'staff' }>; // precondition: staff only
      const reviewer = { id: staff.id, roles: staff.roles };
      // Only this step is judged: the other steps are taken as signed by someone else (a manager, not the author).
      const others = { id: `${s.ownerId}\u0000other`, roles: ['manager' as const] };
      const check = checkWrittenReplySignOff({
        channel: 'email',
        authorId: s.ownerId,
        departmentReview: others,
        legalReview: others,
        managerApproval: others,
        [i.step]: reviewer,
      });
      if (!check.ok) {
        const [problem] = check.details as { step: string; problem: 'own_reply' | 'not_a_manager' }[];
        return refuse(
          'RULE.R-CON-3',
          problem.problem === 'own_reply' ? '回复撰写人不得审核自己的回复。' : '书面回复须由经理批准。',
          [{ field: 'step', reason: problem.problem }],
        );
      }
      return ok(who, [{ type: 'reply.signed_off', step: i.step, ...(i.note ? { note: i.note } : {}) }]);
    }
  }
}

/**
 * The event a relay's delivery report adds to the case (R-CON-4), or none: a report about no message to the customer,
 * or one already recorded, is ignored (a retried report appends nothing twice).
 */
export function deliveryEvents(
  s: CaseState,
  report: { seq: unknown; channel: unknown; state: unknown; providerRef?: unknown },
): CaseEventData[] {
  const request = (s.customerRequests ?? []).find((r) => r.seq === report.seq);
  const channels = ['sms', 'email', 'phone', 'inbox'] as const;
  const states = ['sent', 'delivered', 'failed'] as const;
  const channel = channels.find((c) => c === report.channel);
  const state = states.find((x) => x === report.state);
  if (!request || !channel || !state) return [];
  if ((s.deliveries ?? []).some((d) => d.requestSeq === request.seq && d.channel === channel && d.state === state))
    return [];
  const providerRef =
    typeof report.providerRef === 'string' && report.providerRef.length <= 200 ? report.providerRef : undefined;
  return [
    {
      type: 'notification.delivery',
      requestSeq: request.seq,
      kind: request.kind,
      channel,
      state,
      ...(providerRef ? { providerRef } : {}),
    },
  ];
}

/** R-RES-4: a key case (urgent, major, appeal, repeat, dissatisfied) is flagged for thanks and a follow-up visit. */
export function followUpEvents(s: CaseState, dissatisfied: boolean): CaseEventData[] {
  const reasons = followUpReasons({
    urgency: s.urgency,
    isAppeal: s.isAppeal,
    isRepeat: s.intake.isRepeat,
    dissatisfied,
  });
  if (reasons.length === 0) return [];
  return [
    { type: 'followup.flagged', reasons },
    notify({ kind: 'followup_visit', audience: 'owner', channel: 'inbox' }, 'R-RES-4'),
  ];
}
