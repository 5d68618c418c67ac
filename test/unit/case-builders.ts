/**
 * Builders for the unit specs of `libs/domain/src/case/`: a case is built the way the workflow builds it — events
 * decided by `decideAction` (or `dueTimers`) and folded with `evolve` — so every state a spec looks at is one the
 * workflow could reach. Kept outside `libs/domain/src` so coverage counts only the code under test.
 */
// Through the case index, as the workflow imports it (this also loads the type-only `actions` module, which the
// coverage configuration counts).
import { intake } from '../support/fixtures';
import {
  decideAction,
  dueTimers,
  evolve,
  type ActionDecision,
  type ActionInputs,
  type CaseEvent,
  type CaseEventData,
  type CaseIntake,
  type CaseState,
  type EventActor,
} from '@complaintflow/domain/case';
import { startTier } from '@complaintflow/domain/escalation';
import { FAST_POLICY, policyWith } from '../support/policies';

export { policyWith };
import type { ApprovalPolicy, PolicyDocument } from '@complaintflow/domain/policy/types';
import type { ActionName, Actor } from '@complaintflow/domain/stages';

/** Monday 2 March 2026, 10:00 in Beijing: a working instant, so working-time clocks start at once. */
export const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
export const SECOND = 1_000;

export const AGENT: Actor = { kind: 'staff', id: 'agent-1', roles: ['agent'] };
export const AGENT2: Actor = { kind: 'staff', id: 'agent-2', roles: ['agent'] };
export const INVESTIGATOR: Actor = { kind: 'staff', id: 'inv-1', roles: ['investigator'] };
export const SUPERVISOR: Actor = { kind: 'staff', id: 'sup-1', roles: ['supervisor'] };
export const SUPERVISOR2: Actor = { kind: 'staff', id: 'sup-2', roles: ['supervisor'] };
export const MANAGER: Actor = { kind: 'staff', id: 'mgr-1', roles: ['manager'] };
export const TEAM_LEAD: Actor = { kind: 'staff', id: 'lead-1', roles: ['team_lead'] };
export const ADMIN: Actor = { kind: 'staff', id: 'adm-1', roles: ['admin'] };
export const AUDITOR: Actor = { kind: 'staff', id: 'aud-1', roles: ['auditor'] };
export const CUSTOMER: Actor = { kind: 'customer' };
export const SYSTEM: Actor = { kind: 'system' };

/** A complaint as intake records it (no personal data: a pseudonymous key only). Delay, normal, by phone. */
/** The shared test intake (test/support/fixtures.ts) with a fixed id and clock, so unit specs are repeatable. */
export function caseIntake(overrides: Partial<CaseIntake> = {}): CaseIntake {
  return intake({ caseId: 'case-1', receivedAt: T0, ...overrides });
}

/**
 * The approval section of policy 2026.1 (R-APR-1/R-APR-2 before the team-lead tier): no approval up to 500 CNY, a
 * supervisor up to 2 000 CNY, a manager above; no `minimum`, no `teamLeadUpToFen`. Every case started under a 2026.1
 * snapshot still decides with it (`requiredApproval` reads the snapshot), so the specs written against it — those of
 * cases without the 2026-12 marker — keep it, explicitly, rather than the shipped 2026.2 approval (every plan approved
 * by at least a team lead), which `rules-2026-12.spec.ts` runs with (`CALM_POLICY_2026_2`).
 */
export const APPROVAL_2026_1: ApprovalPolicy = (() => {
  const { minimum: _minimum, teamLeadUpToFen: _teamLead, ...approval } = FAST_POLICY.approval;
  return approval;
})();

/** The shipped fast policy (every hour a second) with the 2026.1 approval tiers (see `APPROVAL_2026_1`). */
export const FAST_POLICY_2026_1_APPROVAL: PolicyDocument = {
  ...FAST_POLICY,
  version: `${FAST_POLICY.version}+approval-2026.1`,
  approval: APPROVAL_2026_1,
};

/** Every deadline ten minutes or more, as seconds (specs about something else than the deadlines). */
const CALM_DEADLINES = {
  classify: 600,
  forward: 600,
  department_response: 600,
  investigation_start: 600,
  evidence_request: 600,
  investigation: 600,
  plan: 600,
  approval: 600,
  reply_after_approval: 600,
  execution: 600,
  confirmation: 600,
  first_reply: 1_200,
  archive: 600,
  analysis: 1_800,
  statutory_reply: 3_600,
} as const;

/**
 * Every deadline ten minutes or more: for specs about something else than the deadlines (contact timing, …). With the
 * 2026.1 approval tiers (`APPROVAL_2026_1`): the default of the specs of cases started before the 2026-12 rules, where
 * a plan up to 500 CNY needs no approval.
 */
export const CALM_POLICY = policyWith(CALM_DEADLINES, { approval: APPROVAL_2026_1 });

/** `CALM_POLICY` with the shipped 2026.2 approval (R-APR-1: every plan approved by a team lead at least). */
export const CALM_POLICY_2026_2 = policyWith(CALM_DEADLINES);

export const FINDINGS: ActionInputs['record-findings'] = {
  summary: '分拨中心滞留两天',
  rootCause: 'handoff',
  companyLiable: true,
  evidence: [{ kind: 'tracking_scan', ref: 'SCAN-1' }],
  partiesHeard: ['complainant', 'BJ-007 courier'],
};

/** Thrown by `CaseRecorder.act` when a step of a builder is refused: the builder, not the spec, is wrong. */
export class RefusedStep extends Error {}

/**
 * One case as the workflow would record it: a clock (`now`), the events so far and the state they fold into.
 * `act` decides an action at `now` and records its events; `emit` records given events; `timers` records what time
 * has made due.
 */
export class CaseRecorder {
  readonly events: CaseEvent[] = [];
  now: number;
  private current: CaseState | undefined;

  constructor(
    readonly policy: PolicyDocument = FAST_POLICY,
    intakeOverrides: Partial<CaseIntake> = {},
    at: number = T0,
    rules?: 2,
  ) {
    this.now = at;
    const intake = caseIntake({ receivedAt: at, ...intakeOverrides });
    const tier = startTier(intake.urgency, intake.isRepeat, policy.escalation);
    this.emit({ kind: 'system' }, [{ type: 'case.received', intake, policy, tier, ...(rules ? { rules } : {}) }]);
  }

  get state(): CaseState {
    if (!this.current) throw new Error('no case');
    return this.current;
  }

  /** Moves the clock to `t` (never back). */
  at(t: number): this {
    if (t < this.now) throw new Error(`the clock does not run back: ${t} < ${this.now}`);
    this.now = t;
    return this;
  }

  wait(ms: number): this {
    return this.at(this.now + ms);
  }

  emit(actor: EventActor, data: readonly CaseEventData[]): this {
    for (const d of data) {
      const event: CaseEvent = { seq: this.events.length + 1, at: this.now, actor, data: d };
      this.current = evolve(this.current, event);
      this.events.push(event);
    }
    return this;
  }

  decide(action: ActionName, actor: Actor, input: unknown): ActionDecision {
    return decideAction(this.state, action, input, actor, this.now);
  }

  act<A extends ActionName>(action: A, actor: Actor, input: ActionInputs[A]): this {
    const decided = this.decide(action, actor, input);
    if (!decided.ok) throw new RefusedStep(`${action} refused: ${decided.code} ${decided.reason}`);
    return this.emit(decided.actor, decided.events);
  }

  /** Records the events time has made due at `now` (as the workflow does, under the system actor). */
  timers(): this {
    return this.emit({ kind: 'system' }, dueTimers(this.state, this.now));
  }
}

export interface CaseOptions {
  readonly policy?: PolicyDocument;
  readonly intake?: Partial<CaseIntake>;
  readonly at?: number;
  /** The case runs under the 2026-12 rules (`case.received.rules`, docs/adr/0012-rules-versions.md). */
  readonly rules?: 2;
}

/** A case just received. */
export function receivedCase(options: CaseOptions = {}): CaseRecorder {
  return new CaseRecorder(options.policy ?? CALM_POLICY, options.intake ?? {}, options.at ?? T0, options.rules);
}

/** Received and classified (accepted) by the agent. */
export function acceptedCase(options: CaseOptions = {}): CaseRecorder {
  return receivedCase(options).act('accept', AGENT, {});
}

/** Assigned to the investigator: in investigation. */
export function investigatingCase(options: CaseOptions = {}): CaseRecorder {
  return acceptedCase(options).act('assign', AGENT, { assignee: 'inv-1', department: 'BJ-ops' });
}

/** Findings recorded: in handling, no plan yet. */
export function handlingCase(
  options: CaseOptions = {},
  findings: ActionInputs['record-findings'] = FINDINGS,
): CaseRecorder {
  return investigatingCase(options).act('record-findings', INVESTIGATOR, findings);
}

/**
 * In handling with a plan proposed by the investigator (20 CNY: needing no approval under the 2026.1 tiers of
 * `CALM_POLICY` unless `plan` says more; a team lead's under the shipped 2026.2 approval).
 */
export function plannedCase(options: CaseOptions = {}, plan: Partial<ActionInputs['propose-plan']> = {}): CaseRecorder {
  return handlingCase(options).act('propose-plan', INVESTIGATOR, {
    remedies: ['apology', 'compensation'],
    compensationFen: 2_000,
    ...plan,
  });
}

/** The approver for each requirement (R-APR-1/2): a team lead, a supervisor or a manager. */
const APPROVER: Record<string, Actor> = {
  team_lead: TEAM_LEAD,
  supervisor: SUPERVISOR,
  manager: MANAGER,
};

/**
 * Approves the plan when it waits for approval (every plan does under policy 2026.2, R-APR-1), else nothing (a plan
 * needing no approval under the 2026.1 tiers).
 */
export function approvedIfPending(r: CaseRecorder): CaseRecorder {
  const plan = r.state.plan;
  if (plan?.approval !== 'pending') return r;
  return r.act('decide-approval', APPROVER[plan.requiredApproval], { approve: true });
}

/** The plan agreed by the customer and carried out: in resolution. */
export function resolutionCase(options: CaseOptions = {}): CaseRecorder {
  return approvedIfPending(plannedCase(options))
    .act('customer-response', AGENT, { accepted: true })
    .act('execute-plan', AGENT, { paymentRef: 'PAY-1' });
}

/** The customer confirmed the result: in review. */
export function reviewCase(options: CaseOptions = {}): CaseRecorder {
  return resolutionCase(options).act('customer-response', CUSTOMER, { accepted: true });
}

/** Surveyed and archived: closed. */
export function closedCase(options: CaseOptions = {}): CaseRecorder {
  return reviewCase(options).act('survey', CUSTOMER, { speed: 5, effectiveness: 4, attitude: 5, transparency: 4 });
}

/** One step of a random walk through a case: an action (refusals are skipped), time passing, or the timers firing. */
export type WalkStep =
  | {
      readonly kind: 'act';
      readonly action: ActionName;
      readonly actor: Actor;
      readonly input: unknown;
      /** How many times as likely as other steps (steps that move the case on are, so walks get far). */
      readonly weight?: number;
    }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'timers' };

const act = (action: ActionName, actor: Actor, input: unknown, weight = 1): WalkStep => ({
  kind: 'act',
  action,
  actor,
  input,
  weight,
});
const ON = 4;

/** Steps a random walk picks from: every action with plausible input, short and long waits, the timers. */
export const WALK_STEPS: readonly WalkStep[] = [
  act('accept', AGENT, {}),
  act('accept', AGENT, { urgency: 'urgent' }),
  act('accept', AGENT, { category: 'loss', urgency: 'major' }),
  act('reject-inadmissible', SUPERVISOR, { reason: 'settled', note: '已和解并履行' }),
  act('resolve-on-the-spot', AGENT, { explanation: '现场已补派' }),
  act('assign', AGENT, { assignee: 'inv-1' }, ON),
  act('record-findings', INVESTIGATOR, FINDINGS, ON),
  act('record-findings', INVESTIGATOR, { ...FINDINGS, companyLiable: false }),
  act('propose-plan', INVESTIGATOR, { remedies: ['apology'], compensationFen: 2_000 }, ON),
  act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 300_000 }),
  act('propose-plan', INVESTIGATOR, { remedies: ['compensation'], compensationFen: 10_000, floorOffer: true }),
  act('decide-approval', MANAGER, { approve: true }, ON),
  act('decide-approval', MANAGER, { approve: false, comment: '金额过高' }),
  act('contact-attempt', AGENT, { reached: false, channel: 'phone' }),
  act('contact-attempt', AGENT, { reached: true, channel: 'phone' }),
  act('customer-response', AGENT, { accepted: true }, ON),
  act('customer-response', CUSTOMER, { accepted: false }),
  act('execute-plan', AGENT, {}, ON),
  act('regulator-reply', AGENT, { text: '经核实,快件已按时派送。' }),
  act('survey', CUSTOMER, { speed: 5, effectiveness: 5, attitude: 5, transparency: 5 }, ON),
  act('survey', CUSTOMER, { speed: 1, effectiveness: 2, attitude: 1, transparency: 1 }),
  act('pause-sla', AGENT, { reason: '等待客户提供照片' }),
  act('resume-sla', AGENT, { reason: '照片已收到' }),
  act('escalate', SYSTEM, { reason: '无权限' }),
  act('reopen', SUPERVISOR, { reason: '客户再次投诉' }),
  { kind: 'wait', ms: 150 },
  { kind: 'wait', ms: 400 },
  { kind: 'wait', ms: 3 * SECOND },
  { kind: 'wait', ms: 30 * SECOND },
  { kind: 'wait', ms: 200 * SECOND },
  { kind: 'timers' },
];

/**
 * Runs a random walk on a fresh case under `policy` (default: the fast policy with the 2026.1 approval tiers, so timers
 * fire within the walk and small plans go straight to the customer, as for the cases without the 2026-12 marker the
 * walking specs are about). Each choice picks one of the steps possible at that point (refused actions are not
 * offered), so walks go deep.
 */
export function walkCase(choices: readonly number[], options: CaseOptions = {}): CaseRecorder {
  const r = new CaseRecorder(
    options.policy ?? FAST_POLICY_2026_1_APPROVAL,
    options.intake ?? {},
    options.at ?? T0,
    options.rules,
  );
  for (const choice of choices) {
    const possible = WALK_STEPS.flatMap((step): (() => void)[] => {
      if (step.kind === 'wait') return [() => r.wait(step.ms)];
      if (step.kind === 'timers') return [() => r.timers()];
      const decided = r.decide(step.action, step.actor, step.input);
      return decided.ok ? Array<() => void>(step.weight ?? 1).fill(() => r.emit(decided.actor, decided.events)) : [];
    });
    possible[choice % possible.length]();
  }
  return r;
}
