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
    expect(ACTION_NAMES).toHaveLength(16);
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
    ['assign', ['agent', 'supervisor'], false, false],
    ['record-findings', ['investigator'], false, false],
    ['propose-plan', ['investigator', 'agent'], false, false],
    ['decide-approval', ['supervisor', 'manager'], false, false],
    ['contact-attempt', ['agent'], false, false],
    ['customer-response', ['agent'], true, false],
    ['execute-plan', ['agent', 'investigator'], false, false],
    ['regulator-reply', ['agent', 'supervisor'], false, false],
    ['survey', ['agent'], true, false],
    ['pause-sla', ['agent', 'supervisor'], false, false],
    ['resume-sla', ['agent', 'supervisor'], false, false],
    ['escalate', ['agent', 'investigator', 'supervisor', 'manager'], false, true],
    ['reopen', ['agent', 'supervisor'], false, false],
  ];

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
    ['acceptance', 'regulator-reply', null],
    ['acceptance', 'survey', null],
    ['acceptance', 'reopen', null],
    ['investigation', 'assign', 'investigation'],
    ['investigation', 'record-findings', 'handling'],
    ['investigation', 'contact-attempt', 'investigation'],
    ['investigation', 'regulator-reply', 'investigation'],
    ['investigation', 'accept', null],
    ['investigation', 'propose-plan', null],
    ['handling', 'propose-plan', 'handling'],
    ['handling', 'decide-approval', 'handling'],
    ['handling', 'customer-response', 'handling'],
    ['handling', 'assign', 'handling'],
    ['handling', 'contact-attempt', 'handling'],
    ['handling', 'execute-plan', 'resolution'],
    ['handling', 'record-findings', null],
    ['handling', 'survey', null],
    ['resolution', 'customer-response', 'review'],
    ['resolution', 'contact-attempt', 'resolution'],
    ['resolution', 'regulator-reply', 'resolution'],
    ['resolution', 'execute-plan', null],
    ['resolution', 'propose-plan', null],
    ['review', 'survey', 'closed'],
    ['review', 'regulator-reply', 'review'],
    ['review', 'contact-attempt', null],
    ['review', 'customer-response', null],
    ['closed', 'reopen', 'investigation'],
    ['closed', 'escalate', null],
    ['closed', 'survey', null],
    ['closed_inadmissible', 'reopen', 'investigation'],
    ['closed_inadmissible', 'assign', null],
    ['closed_on_the_spot', 'reopen', 'investigation'],
    ['closed_on_the_spot', 'pause-sla', null],
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

  it('terminal stages allow only reopen', () => {
    for (const stage of ['closed', 'closed_inadmissible', 'closed_on_the_spot'] as const) {
      expect(allowedActions(at(stage), staff(['admin']))).toEqual(['reopen']);
    }
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
