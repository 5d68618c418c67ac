/**
 * The 2026-12 rules at classification and for a wrong signature (issue 10): R-CAT-5 and R-LIA-5 as corrected.
 */
import { AGENT, FINDINGS, acceptedCase, handlingCase, receivedCase } from '../../../../test/unit/case-builders';

describe('R-CAT-5: the initial response of the category group is on record', () => {
  it('R-CAT-5: a safety complaint (damage) starts its internal investigation at once: the clock runs from classification', () => {
    const r = acceptedCase({ rules: 2, intake: { category: 'damage' } });
    const classified = r.events.find((e) => e.data.type === 'case.classified');
    expect(classified?.data).toMatchObject({ initialResponse: 'start_internal_investigation' });
    expect(r.state.deadlines.investigation_start?.startedAt).toBe(classified?.at);
    // Assigning later keeps that clock (it does not restart it).
    const assigned = r.wait(500).act('assign', AGENT, { assignee: 'inv-1' });
    expect(assigned.state.deadlines.investigation_start?.startedAt).toBe(classified?.at);
  });

  it('R-CAT-5: a service complaint looks the waybill up; its investigation clock waits for the assignment', () => {
    const r = acceptedCase({ rules: 2, intake: { category: 'delay' } });
    expect(r.events.find((e) => e.data.type === 'case.classified')?.data).toMatchObject({
      initialResponse: 'lookup_waybill',
    });
    expect(r.state.deadlines.investigation_start).toBeUndefined();
  });

  it('a case started before the 2026-12 rules records no initial response', () => {
    const r = receivedCase({ intake: { category: 'damage' } }).act('accept', AGENT, {});
    expect(r.events.find((e) => e.data.type === 'case.classified')?.data).not.toHaveProperty('initialResponse');
  });
});

describe('R-LIA-5 as corrected, through record-findings', () => {
  const told = { outlet: 'origin', handledByRules: false } as const;
  it('R-LIA-5: an appeal about a wrong signature the origin was told of and ignored: the origin answers externally', () => {
    const r = handlingCase(
      { rules: 2, intake: { channel: 'regulator', category: 'non_recipient_signature', priorContact: told } },
      FINDINGS,
    );
    expect(r.state.liability).toMatchObject({ external: 'SH-001', internal: 'BJ-007', ruleId: 'R-LIA-5' });
  });

  it('R-LIA-5: the same complaint made directly (no appeal): the delivery outlet', () => {
    const r = handlingCase({ rules: 2, intake: { category: 'non_recipient_signature', priorContact: told } }, FINDINGS);
    expect(r.state.liability).toMatchObject({ external: 'BJ-007', internal: 'BJ-007', ruleId: 'R-LIA-5' });
    expect(r.state.liability?.alsoAnswerable).toBeUndefined();
  });
});
