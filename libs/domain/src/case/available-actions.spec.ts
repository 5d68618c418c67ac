/**
 * The case's action list (issue 13, "the actions list of a case offers actions that the case refuses"): exactly the
 * actions the decider would accept now for this actor, whatever is left to check of their input.
 */
import {
  AGENT,
  CALM_POLICY_2026_2,
  INVESTIGATOR,
  MANAGER,
  SUPERVISOR,
  TEAM_LEAD,
  acceptedCase,
  handlingCase,
  receivedCase,
} from '../../../../test/unit/case-builders';
import { availableActions, precondition } from './decide';

describe('availableActions: what the case accepts now, by the same rules that decide', () => {
  it('resume-sla only while paused, pause-sla only while running', () => {
    const r = acceptedCase({ rules: 2 });
    expect(availableActions(r.state, AGENT)).toContain('pause-sla');
    expect(availableActions(r.state, AGENT)).not.toContain('resume-sla');
    const paused = r.act('pause-sla', AGENT, { reason: '等待证据' });
    expect(availableActions(paused.state, AGENT)).toContain('resume-sla');
    expect(availableActions(paused.state, AGENT)).not.toContain('pause-sla');
  });

  it('decide-approval only while a plan waits, and only for an approver of its tier who did not propose it', () => {
    const planned = handlingCase({ rules: 2, policy: CALM_POLICY_2026_2 }).act('propose-plan', INVESTIGATOR, {
      remedies: ['apology'],
      compensationFen: 0,
    });
    expect(availableActions(planned.state, TEAM_LEAD)).toContain('decide-approval');
    expect(availableActions(planned.state, MANAGER)).toContain('decide-approval');
    const decided = planned.act('decide-approval', TEAM_LEAD, { approve: true });
    expect(availableActions(decided.state, TEAM_LEAD)).not.toContain('decide-approval');
    expect(availableActions(decided.state, AGENT)).toContain('customer-response');
    expect(availableActions(decided.state, AGENT)).not.toContain('execute-plan'); // not agreed yet
  });

  it('escalate not at the top; regulator-reply only for an appeal; closing an appeal only after its reply', () => {
    const normal = receivedCase({ rules: 2 });
    expect(availableActions(normal.state, AGENT)).not.toContain('regulator-reply');
    const appeal = receivedCase({ rules: 2, intake: { channel: 'regulator' } });
    expect(availableActions(appeal.state, AGENT)).toEqual(expect.arrayContaining(['regulator-reply']));
    expect(availableActions(appeal.state, AGENT)).not.toContain('reject-inadmissible');
    expect(precondition(appeal.state, 'reject-inadmissible', AGENT)?.code).toBe('RULE.R-REG-4');
    const top = acceptedCase({ rules: 2, intake: { urgency: 'major', isRepeat: true } });
    expect(top.state.tier).toBe('manager');
    expect(availableActions(top.state, SUPERVISOR)).not.toContain('escalate');
  });

  it('every listed action passes the decider except for its input, and every unlisted one is refused', () => {
    const r = handlingCase({ rules: 2 });
    for (const actor of [AGENT, INVESTIGATOR, TEAM_LEAD, SUPERVISOR, MANAGER]) {
      const listed = availableActions(r.state, actor);
      for (const action of listed) expect(precondition(r.state, action, actor)).toBeUndefined();
      expect(listed).not.toContain('hq-answer'); // no question asked yet
      expect(listed).not.toContain('arbitration-claim'); // nothing paid yet
    }
  });
});
