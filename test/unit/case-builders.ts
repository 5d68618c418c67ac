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
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
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
export const ADMIN: Actor = { kind: 'staff', id: 'adm-1', roles: ['admin'] };
export const AUDITOR: Actor = { kind: 'staff', id: 'aud-1', roles: ['auditor'] };
export const CUSTOMER: Actor = { kind: 'customer' };
export const SYSTEM: Actor = { kind: 'system' };

/** A complaint as intake records it (no personal data: a pseudonymous key only). Delay, normal, by phone. */
/** The shared test intake (test/support/fixtures.ts) with a fixed id and clock, so unit specs are repeatable. */
export function caseIntake(overrides: Partial<CaseIntake> = {}): CaseIntake {
  return intake({ caseId: 'case-1', receivedAt: T0, ...overrides });
}

/** Every deadline ten minutes or more: for specs about something else than the deadlines (contact timing, …). */
export const CALM_POLICY = policyWith({
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
});

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
  ) {
    this.now = at;
    const intake = caseIntake({ receivedAt: at, ...intakeOverrides });
    const tier = startTier(intake.urgency, intake.isRepeat, policy.escalation);
    this.emit({ kind: 'system' }, [{ type: 'case.received', intake, policy, tier }]);
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
}

/** A case just received. */
export function receivedCase(options: CaseOptions = {}): CaseRecorder {
  return new CaseRecorder(options.policy ?? CALM_POLICY, options.intake ?? {}, options.at ?? T0);
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

/** In handling with a plan proposed by the investigator (20 CNY, needing no approval unless `plan` says more). */
export function plannedCase(options: CaseOptions = {}, plan: Partial<ActionInputs['propose-plan']> = {}): CaseRecorder {
  return handlingCase(options).act('propose-plan', INVESTIGATOR, {
    remedies: ['apology', 'compensation'],
    compensationFen: 2_000,
    ...plan,
  });
}

/** The plan agreed by the customer and carried out: in resolution. */
export function resolutionCase(options: CaseOptions = {}): CaseRecorder {
  return plannedCase(options)
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
 * Runs a random walk on a fresh case under `policy` (default: the fast policy, so timers fire within the walk). Each
 * choice picks one of the steps possible at that point (refused actions are not offered), so walks go deep.
 */
export function walkCase(choices: readonly number[], options: CaseOptions = {}): CaseRecorder {
  const r = new CaseRecorder(options.policy ?? FAST_POLICY, options.intake ?? {}, options.at ?? T0);
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
