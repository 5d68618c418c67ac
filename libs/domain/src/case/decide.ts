/**
 * Decides what an action does to a case: a coded refusal, or the events it causes. Pure and deterministic — the
 * workflow calls it from an Update's validator (to refuse without writing anything) and again from the handler (to
 * emit the events), with the workflow clock's `now`.
 */
import { checkAdmissibility, checkConflictOfInterest } from '../admissibility';
import { canApprove, requiredApproval } from '../approval';
import { checkProposedCompensation, suggestedCompensationFen } from '../compensation';
import { contactRuleStatus } from '../contact';
import { escalateTier, higherTier, roleForTier, startTier } from '../escalation';
import { decideLiability } from '../liability';
import { checkRegulatorReply } from '../reply-lint';
import { refuse, type Decision, type Refused } from '../result';
import { ACTION_PERMISSIONS, ADMIN_ROLE, canPerform, type ActionName, type Actor } from '../stages';
import { surveyOutcome, validateSurvey, type SurveyValidation } from '../survey';
import type { EscalationTier, Role } from '../vocabulary';
import { parseActionInput, type ActionInputs, type FieldProblem } from './actions';
import type { CaseEventData, EventActor, NotificationRequest } from './events';
import { isPaused, type CaseState } from './state';

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
  events.push(notify({ kind: 'escalation', audience: `role:${roleForTier(to)}`, channel: 'inbox' }, reason));
  return events;
}

function ok(actor: EventActor, events: CaseEventData[]): Decided {
  return { ok: true, actor, events };
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
  const who = eventActor(action, actor);
  const policy = s.policy;

  switch (action) {
    case 'accept': {
      const i = input as ActionInputs['accept'];
      const urgency = i.urgency ?? s.urgency;
      // R-FLOW-3: urgent and major go to a supervisor at once; the tier never drops on reclassification.
      const tier = higherTier(s.tier, startTier(urgency, s.intake.isRepeat, policy.escalation));
      const events: CaseEventData[] = [
        {
          type: 'case.classified',
          category: i.category ?? s.category,
          urgency,
          tier,
          ...(i.note ? { note: i.note } : {}),
        },
      ];
      // R-ACC-3: the customer is told the process, the expected time and how to reach us (on first acceptance).
      if (!s.classified)
        events.push(
          notify({ kind: 'acknowledgement', audience: 'customer', channel: s.intake.preferredChannel }, 'R-ACC-3'),
        );
      if (tier !== s.tier)
        events.push(notify({ kind: 'escalation', audience: `role:${roleForTier(tier)}`, channel: 'inbox' }, 'urgent'));
      return ok(who, events);
    }
    case 'reject-inadmissible': {
      const { reason, note } = input as ActionInputs['reject-inadmissible']; // R-ADM-1: checked by checkInput
      return ok(who, [{ type: 'case.closed_inadmissible', reason, note }]);
    }
    case 'resolve-on-the-spot': {
      // R-FLOW-2: resolved on the spot is recorded too, closed at acceptance with the explanation given.
      const { explanation } = input as ActionInputs['resolve-on-the-spot'];
      return ok(who, [{ type: 'case.resolved_on_the_spot', explanation }]);
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
      const findings = {
        summary: i.summary,
        rootCause: i.rootCause,
        companyLiable: i.companyLiable,
        evidence: i.evidence.map((e) => ({ kind: e.kind, ref: e.ref })),
        ...(i.faultOutlet ? { faultOutlet: i.faultOutlet } : {}),
        // R-INV-3: every party heard, not only the complainant.
        partiesHeard: i.partiesHeard ?? [],
        ...(i.actualLossFen !== undefined ? { actualLossFen: i.actualLossFen } : {}),
      };
      const ship = s.intake.shipment;
      // R-LIA-*: liability from the category, outlets, prior contact and the findings (R-LIA-10).
      const liability = decideLiability({
        category: s.category,
        originOutlet: ship.originOutlet,
        deliveryOutlet: ship.deliveryOutlet,
        priorContact: s.intake.priorContact,
        ...(i.faultOutlet ? { faultOutlet: i.faultOutlet } : {}),
        customerCouldNotReachOrigin:
          s.isAppeal && s.intake.priorContact.outlet === 'origin' && !s.intake.priorContact.handledByRules,
        findings: {
          complaintTrue: i.companyLiable,
          evidenced: i.evidence.length > 0, // R-INV-2: the findings rest on evidence (at least one item: the schema)
          relatedToService: true,
          personalConduct: false,
          causedByCompany: i.companyLiable,
        },
      });
      const suggested = suggestedCompensationFen(
        {
          category: s.category,
          companyLiable: liability.companyLiable,
          shipment: {
            freightFen: ship.freightFen,
            chargedFen: ship.chargedFen,
            insured: ship.insured,
            declaredValueFen: ship.declaredValueFen,
          },
          actualLossFen: i.actualLossFen ?? s.intake.claimedFen,
        },
        policy.compensation,
      );
      const { external, internal, companyLiable, ruleId, alsoAnswerable } = liability;
      return ok(who, [
        {
          type: 'findings.recorded',
          findings,
          liability: { external, internal, companyLiable, ruleId, ...(alsoAnswerable ? { alsoAnswerable } : {}) },
          suggestedCompensationFen: suggested,
        },
      ]);
    }
    case 'propose-plan': {
      const i = input as ActionInputs['propose-plan'];
      const floorOffer = i.floorOffer === true;
      const amount = checkProposedCompensation(i.compensationFen, s.floorOfferFen); // R-CMP-4
      if (!amount.ok) return amount;
      const requirement = requiredApproval(
        { compensationFen: i.compensationFen, urgency: s.urgency, isAppeal: s.isAppeal, floorOffer },
        policy.approval,
      ); // R-APR-2
      const proposedBy = actor.kind === 'staff' ? actor.id : 'system';
      const events: CaseEventData[] = [
        {
          type: 'plan.proposed',
          plan: {
            remedies: [...new Set(i.remedies)],
            compensationFen: i.compensationFen,
            floorOffer,
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
      if (!s.plan || s.plan.approval !== 'pending')
        return refuse('APPROVAL.NOT_PENDING', 'No plan of this case is waiting for approval.');
      if (actor.kind !== 'staff') return refuse('ROLE.NOT_ALLOWED', 'Only staff approve.');
      const can = canApprove(s.plan.requiredApproval, { id: actor.id, roles: actor.roles }, s.plan.proposedBy); // R-APR-1/2
      if (!can.ok) return can;
      const role: Role = actor.roles.includes('manager') ? 'manager' : 'supervisor';
      return ok({ kind: 'staff', id: actor.id, role }, [
        {
          type: 'approval.decided',
          approve: i.approve,
          ...(i.comment ? { comment: i.comment } : {}),
          approverId: actor.id,
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
        if (contactRuleStatus(attempts, now, policy).status === 'sms_required') {
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
      if (s.stage === 'handling') {
        // R-HDL-2: the customer answers a proposal that may be put to them (approved, or needing no approval).
        if (!s.plan) return refuse('PLAN.NONE', 'There is no plan to respond to.');
        if (s.plan.approval === 'pending' || s.plan.approval === 'rejected') {
          return refuse('PLAN.NOT_APPROVED', 'The plan has not been approved yet (R-APR-1).');
        }
        if (s.plan.customer !== 'pending')
          return refuse('PLAN.ALREADY_ANSWERED', 'The customer has already answered this plan.');
      }
      const via = actor.kind === 'customer' ? 'customer' : 'agent';
      return ok(who, [
        { type: 'customer.responded', accepted: i.accepted, ...(i.comment ? { comment: i.comment } : {}), via },
      ]);
    }
    case 'execute-plan': {
      const i = input as ActionInputs['execute-plan'];
      if (!s.plan) return refuse('PLAN.NONE', 'There is no plan to carry out.');
      if (s.plan.approval === 'pending' || s.plan.approval === 'rejected') {
        return refuse('PLAN.NOT_APPROVED', 'The plan needs its approval before it is carried out (R-APR-1).');
      }
      // R-HDL-2 / R-CMP-4: carried out once agreed, or on the floor offer when no agreement is reached.
      if (s.plan.customer !== 'accepted' && !s.plan.floorOffer) {
        return refuse(
          'PLAN.NOT_AGREED',
          'The customer has not agreed to the plan, and it is not a floor offer (R-CMP-4).',
        );
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
      if (!s.isAppeal) return refuse('CASE.NOT_AN_APPEAL', 'Only a regulator appeal gets a reply to the regulator.');
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
      return ok(who, events);
    }
    case 'pause-sla': {
      if (isPaused(s)) return refuse('SLA.ALREADY_PAUSED', 'The deadlines are already paused.');
      return ok(who, [{ type: 'sla.paused', reason: (input as ActionInputs['pause-sla']).reason }]);
    }
    case 'resume-sla': {
      if (!isPaused(s)) return refuse('SLA.NOT_PAUSED', 'The deadlines are not paused.');
      return ok(who, [{ type: 'sla.resumed', reason: (input as ActionInputs['resume-sla']).reason }]);
    }
    case 'escalate': {
      const step = escalateTier(s.tier, 'manual', policy.escalation); // R-FLOW-3, R-FLOW-6
      if (!step.raised) return refuse('ESCALATION.AT_TOP', 'The case is already with a manager, the top tier.');
      return ok(who, escalationEvents(s, step.tier, 'manual', (input as ActionInputs['escalate']).reason));
    }
    case 'reopen':
      // R-CMP-4: a floor offer on record stays on record after the reopen.
      return ok(who, [{ type: 'case.reopened', reason: (input as ActionInputs['reopen']).reason }]);
  }
}
