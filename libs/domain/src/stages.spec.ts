import {
  ACTION_NAMES,
  ACTION_PERMISSIONS,
  ACTIONS,
  type Actor,
  type ActionName,
  allowedActions,
  canPerform,
  type CaseContext,
  isTerminalStage,
  OPEN_STAGES,
  targetStage,
  TRANSITIONS,
} from './stages';
import { ROLE_IDS, type Role, type Stage, STAGE_IDS } from './vocabulary';

const staff = (roles: Role[], id = 'u1'): Actor => ({ kind: 'staff', id, roles });
const agent = staff(['agent']);
const supervisor = staff(['supervisor']);
const investigator = staff(['investigator']);
const customer: Actor = { kind: 'customer' };
const system: Actor = { kind: 'system' };
const at = (stage: Stage, classified = true, subjectEmployeeId?: string): CaseContext =>
  subjectEmployeeId === undefined ? { stage, classified } : { stage, classified, subjectEmployeeId };

describe('ACTIONS and the tables', () => {
  it('labels every action in zh and en and gives each a permission row', () => {
    // 16 actions, then request-evidence (R-SLA-3), consult-hq / hq-answer (R-REG-5), arbitration-claim /
    // arbitration-ruling (R-LIA-13) and sign-off-reply (R-CON-3).
    expect(ACTION_NAMES).toHaveLength(22);
    for (const action of ACTION_NAMES) {
      expect(ACTIONS[action].zh).not.toBe('');
      expect(ACTIONS[action].en).not.toBe('');
      expect(ACTION_PERMISSIONS[action]).toBeDefined();
    }
  });

  it('has a row for every stage, and every target is a known stage', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STAGE_IDS].sort());
    for (const stage of STAGE_IDS) {
      for (const transition of Object.values(TRANSITIONS[stage])) {
        expect(STAGE_IDS).toContain(transition.to);
      }
    }
  });

  it('never lists auditor or admin in a permission row (admin is implied, auditor is read-only)', () => {
    for (const action of ACTION_NAMES) {
      expect(ACTION_PERMISSIONS[action].roles).not.toContain('auditor');
      expect(ACTION_PERMISSIONS[action].roles).not.toContain('admin');
    }
  });

  it('lists the open stages in lifecycle order and recognises terminal ones', () => {
    expect(OPEN_STAGES).toEqual(['acceptance', 'investigation', 'handling', 'resolution', 'review']);
    expect(isTerminalStage('closed')).toBe(true);
    expect(isTerminalStage('closed_on_the_spot')).toBe(true);
    expect(isTerminalStage('review')).toBe(false);
  });
});

describe('who may act (ROLE.NOT_ALLOWED)', () => {
  // The role table of the brief / docs/api.md, one row per action: the roles allowed, then customer and system.
  const table: [ActionName, Role[], boolean, boolean][] = [
    ['accept', ['agent'], false, false],
    ['reject-inadmissible', ['agent', 'supervisor'], false, false],
    ['resolve-on-the-spot', ['agent'], false, false],
    ['assign', ['agent', 'team_lead', 'supervisor'], false, false],
    ['record-findings', ['investigator'], false, false],
    ['propose-plan', ['investigator', 'agent'], false, false],
    // R-APR-1: a team lead is the lowest approval tier.
    ['decide-approval', ['team_lead', 'supervisor', 'manager'], false, false],
    ['contact-attempt', ['agent'], false, false],
    ['customer-response', ['agent'], true, false],
    ['execute-plan', ['agent', 'investigator'], false, false],
    ['regulator-reply', ['agent', 'supervisor'], false, false],
    ['survey', ['agent'], true, false],
    ['pause-sla', ['agent', 'supervisor'], false, false],
    ['resume-sla', ['agent', 'supervisor'], false, false],
    ['escalate', ['agent', 'team_lead', 'investigator', 'supervisor', 'manager'], false, true],
    ['reopen', ['agent', 'team_lead', 'supervisor'], false, false],
    ['request-evidence', ['agent', 'investigator'], false, false],
    ['consult-hq', ['agent', 'investigator'], false, false],
    ['hq-answer', ['supervisor', 'manager'], false, false],
    ['arbitration-claim', ['agent', 'investigator', 'supervisor'], false, false],
    ['arbitration-ruling', ['manager'], false, false],
    ['sign-off-reply', ['team_lead', 'investigator', 'supervisor', 'manager'], false, false],
  ];

  it('has a row for every action (a new action needs its line here)', () => {
    expect(table.map(([action]) => action).sort()).toEqual([...ACTION_NAMES].sort());
  });

  it.each(table)('%s: allowed to %j, customer %s, system %s', (action, roles, byCustomer, bySystem) => {
    // Pick a stage where the action fits, so only the role decides.
    const stage = STAGE_IDS.find((s) => TRANSITIONS[s][action] !== undefined && s !== 'closed_inadmissible')!;
    for (const role of ROLE_IDS) {
      const decision = canPerform(at(stage), action, staff([role]));
      const expected = role === 'admin' || roles.includes(role);
      expect({ role, ok: decision.ok }).toEqual({ role, ok: expected });
      if (!decision.ok && !expected) expect(decision.code).toBe('ROLE.NOT_ALLOWED');
    }
    expect(canPerform(at(stage), action, customer).ok).toBe(byCustomer);
    expect(canPerform(at(stage), action, system).ok).toBe(bySystem);
  });

  it('auditor performs nothing, in any stage (read-only)', () => {
    for (const stage of STAGE_IDS) {
      expect(allowedActions(at(stage), staff(['auditor']))).toEqual([]);
    }
  });

  it('a staff member with no roles performs nothing', () => {
    const decision = canPerform(at('acceptance'), 'accept', staff([]));
    expect(decision).toMatchObject({ ok: false, code: 'ROLE.NOT_ALLOWED' });
  });

  it('roles add up: an auditor who is also an agent may act as the agent', () => {
    expect(canPerform(at('acceptance'), 'accept', staff(['auditor', 'agent'])).ok).toBe(true);
  });

  it('the system actor (timers) may only escalate, in any open stage (R-SLA-8)', () => {
    for (const stage of OPEN_STAGES) {
      expect(allowedActions(at(stage), system)).toEqual(['escalate']);
    }
    expect(canPerform(at('handling'), 'pause-sla', system)).toMatchObject({ ok: false, code: 'ROLE.NOT_ALLOWED' });
  });

  it('the customer may respond in resolution and answer the survey in review, nothing else', () => {
    expect(allowedActions(at('resolution'), customer)).toEqual(['customer-response']);
    expect(allowedActions(at('review'), customer)).toEqual(['survey']);
    expect(allowedActions(at('acceptance'), customer)).toEqual([]);
    expect(canPerform(at('acceptance'), 'accept', customer)).toMatchObject({
      ok: false,
      code: 'ROLE.NOT_ALLOWED',
      reason: 'the customer may not accept',
    });
  });
});

describe('where actions are allowed (STAGE.NOT_ALLOWED) and where they lead', () => {
  // stage, action, nominal target (null = not allowed there)
  const table: [Stage, ActionName, Stage | null][] = [
    ['acceptance', 'accept', 'acceptance'],
    ['acceptance', 'assign', 'investigation'],
    ['acceptance', 'reject-inadmissible', 'closed_inadmissible'],
    ['acceptance', 'resolve-on-the-spot', 'closed_on_the_spot'],
    ['acceptance', 'contact-attempt', 'acceptance'],
    ['acceptance', 'record-findings', null],
    // R-REG-4: an appeal is closed at acceptance only after its reply, so the reply may be sent there.
    ['acceptance', 'regulator-reply', 'acceptance'],
    ['acceptance', 'consult-hq', 'acceptance'],
    ['acceptance', 'hq-answer', 'acceptance'],
    ['acceptance', 'request-evidence', null],
    ['acceptance', 'sign-off-reply', null],
    ['acceptance', 'arbitration-claim', null],
    ['acceptance', 'survey', null],
    ['acceptance', 'reopen', null],
    ['investigation', 'assign', 'investigation'],
    ['investigation', 'record-findings', 'handling'],
    ['investigation', 'contact-attempt', 'investigation'],
    ['investigation', 'regulator-reply', 'investigation'],
    ['investigation', 'request-evidence', 'investigation'],
    ['investigation', 'consult-hq', 'investigation'],
    ['investigation', 'hq-answer', 'investigation'],
    ['investigation', 'sign-off-reply', 'investigation'],
    ['investigation', 'accept', null],
    ['investigation', 'propose-plan', null],
    ['investigation', 'arbitration-claim', null],
    ['handling', 'propose-plan', 'handling'],
    ['handling', 'decide-approval', 'handling'],
    ['handling', 'customer-response', 'handling'],
    ['handling', 'assign', 'handling'],
    ['handling', 'contact-attempt', 'handling'],
    ['handling', 'execute-plan', 'resolution'],
    ['handling', 'regulator-reply', 'handling'],
    ['handling', 'consult-hq', 'handling'],
    ['handling', 'hq-answer', 'handling'],
    ['handling', 'sign-off-reply', 'handling'],
    ['handling', 'record-findings', null],
    ['handling', 'survey', null],
    ['handling', 'request-evidence', null],
    ['handling', 'arbitration-claim', null],
    ['handling', 'arbitration-ruling', null],
    ['resolution', 'customer-response', 'review'],
    ['resolution', 'contact-attempt', 'resolution'],
    ['resolution', 'regulator-reply', 'resolution'],
    // R-LIA-13: the internal claim between outlets once the customer has been paid.
    ['resolution', 'arbitration-claim', 'resolution'],
    ['resolution', 'arbitration-ruling', 'resolution'],
    ['resolution', 'sign-off-reply', 'resolution'],
    ['resolution', 'execute-plan', null],
    ['resolution', 'propose-plan', null],
    ['resolution', 'consult-hq', null],
    ['review', 'survey', 'closed'],
    ['review', 'regulator-reply', 'review'],
    ['review', 'arbitration-claim', 'review'],
    ['review', 'arbitration-ruling', 'review'],
    ['review', 'contact-attempt', null],
    ['review', 'customer-response', null],
    ['review', 'sign-off-reply', null],
    ['closed', 'reopen', 'investigation'],
    ['closed', 'arbitration-claim', 'closed'],
    ['closed', 'arbitration-ruling', 'closed'],
    ['closed', 'escalate', null],
    ['closed', 'survey', null],
    ['closed', 'regulator-reply', null],
    ['closed_inadmissible', 'reopen', 'investigation'],
    ['closed_inadmissible', 'assign', null],
    ['closed_inadmissible', 'arbitration-claim', null],
    ['closed_on_the_spot', 'reopen', 'investigation'],
    ['closed_on_the_spot', 'pause-sla', null],
    ['closed_on_the_spot', 'arbitration-ruling', null],
  ];

  it.each(table)('in %s, %s leads to %s', (stage, action, target) => {
    expect(targetStage(stage, action)).toBe(target);
    const decision = canPerform(at(stage), action, staff(['admin']));
    if (target === null) {
      expect(decision).toMatchObject({ ok: false, code: 'STAGE.NOT_ALLOWED', details: [{ action, stage }] });
    } else {
      expect(decision.ok).toBe(true);
    }
  });

  it.each(OPEN_STAGES)('escalate, pause-sla and resume-sla are allowed in %s and do not move the case', (stage) => {
    for (const action of ['escalate', 'pause-sla', 'resume-sla'] as const) {
      expect(canPerform(at(stage), action, supervisor).ok).toBe(true);
      expect(targetStage(stage, action)).toBe(stage);
    }
  });

  it('terminal stages allow only reopen, and a closed case the arbitration between outlets (R-LIA-13)', () => {
    expect(allowedActions(at('closed'), staff(['admin']))).toEqual([
      'reopen',
      'arbitration-claim',
      'arbitration-ruling',
    ]);
    for (const stage of ['closed_inadmissible', 'closed_on_the_spot'] as const) {
      expect(allowedActions(at(stage), staff(['admin']))).toEqual(['reopen']);
    }
    // Nothing in a terminal stage moves the case but reopen; the arbitration stays in `closed`.
    for (const stage of ['closed', 'closed_inadmissible', 'closed_on_the_spot'] as const) {
      for (const [action, transition] of Object.entries(TRANSITIONS[stage])) {
        expect({ action, to: transition.to }).toEqual({ action, to: action === 'reopen' ? 'investigation' : stage });
      }
    }
  });

  it('R-LIA-13: the arbitration actions are allowed only once the customer has been paid (resolution onwards)', () => {
    for (const stage of STAGE_IDS) {
      const expected = ['resolution', 'review', 'closed'].includes(stage);
      expect({ stage, ok: targetStage(stage, 'arbitration-claim') !== null }).toEqual({ stage, ok: expected });
      expect({ stage, ok: targetStage(stage, 'arbitration-ruling') !== null }).toEqual({ stage, ok: expected });
    }
  });

  it('R-SLA-3: evidence is requested from the complainant only during the investigation', () => {
    expect(STAGE_IDS.filter((stage) => targetStage(stage, 'request-evidence') !== null)).toEqual(['investigation']);
  });

  it('R-FLOW-2: a complaint solved on the spot is recorded and closed from acceptance', () => {
    expect(canPerform(at('acceptance', false), 'resolve-on-the-spot', agent).ok).toBe(true);
    expect(targetStage('acceptance', 'resolve-on-the-spot')).toBe('closed_on_the_spot');
    expect(canPerform(at('investigation'), 'resolve-on-the-spot', agent)).toMatchObject({
      ok: false,
      code: 'STAGE.NOT_ALLOWED',
    });
  });

  it('an agent may accept, then assign only once the case is classified (STAGE.NOT_CLASSIFIED)', () => {
    expect(canPerform(at('acceptance', false), 'accept', agent).ok).toBe(true);
    expect(canPerform(at('acceptance', false), 'assign', agent)).toMatchObject({
      ok: false,
      code: 'STAGE.NOT_CLASSIFIED',
    });
    expect(canPerform(at('acceptance', true), 'assign', agent).ok).toBe(true);
  });

  it('reassigning in investigation does not depend on the classified flag', () => {
    expect(canPerform(at('investigation', false), 'assign', supervisor).ok).toBe(true);
  });

  it('a case closed as inadmissible may be reopened by a supervisor (or admin) only; other closures by agents too', () => {
    expect(canPerform(at('closed_inadmissible'), 'reopen', supervisor).ok).toBe(true);
    expect(canPerform(at('closed_inadmissible'), 'reopen', staff(['admin'])).ok).toBe(true);
    expect(canPerform(at('closed_inadmissible'), 'reopen', agent)).toMatchObject({
      ok: false,
      code: 'ROLE.NOT_ALLOWED',
      details: [{ action: 'reopen', stage: 'closed_inadmissible', roles: ['supervisor'] }],
    });
    expect(canPerform(at('closed'), 'reopen', agent).ok).toBe(true);
    expect(canPerform(at('closed_on_the_spot'), 'reopen', agent).ok).toBe(true);
  });

  it('the role check comes before the stage check (an investigator accepting in handling is a role problem)', () => {
    expect(canPerform(at('handling'), 'accept', investigator)).toMatchObject({ code: 'ROLE.NOT_ALLOWED' });
  });
});

describe('R-FLOW-4: the employee complained about takes no part', () => {
  const ctx = at('handling', true, 'emp-7');

  it('R-FLOW-4: refuses every action by the subject employee, whatever the role', () => {
    for (const roles of [['agent'], ['supervisor'], ['admin'], ['investigator', 'agent']] as Role[][]) {
      expect(canPerform(ctx, 'escalate', staff(roles, 'emp-7'))).toMatchObject({
        ok: false,
        code: 'RULE.R-FLOW-4',
      });
    }
    expect(allowedActions(ctx, staff(['admin'], 'emp-7'))).toEqual([]);
  });

  it('R-FLOW-4: refuses even an action the stage would not allow (the conflict is checked first)', () => {
    expect(canPerform(ctx, 'accept', staff(['agent'], 'emp-7'))).toMatchObject({ code: 'RULE.R-FLOW-4' });
  });

  it('R-FLOW-4: a colleague may act, and the customer and the system are never the subject', () => {
    expect(canPerform(ctx, 'contact-attempt', staff(['agent'], 'emp-8')).ok).toBe(true);
    expect(canPerform(ctx, 'customer-response', customer).ok).toBe(true);
    expect(canPerform(ctx, 'escalate', system).ok).toBe(true);
  });

  it('a role refusal wins over the conflict (403 before 422)', () => {
    expect(canPerform(ctx, 'record-findings', staff(['agent'], 'emp-7'))).toMatchObject({ code: 'ROLE.NOT_ALLOWED' });
  });
});
