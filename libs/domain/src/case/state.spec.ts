import type { CaseEvent, CaseIntake } from './events';
import { CaseStreamError, evolve, foldEvents } from './state';

const intake: CaseIntake = {
  caseId: 'c-1',
  channel: 'phone',
  waybillNo: 'ZT1234567890',
  category: 'delay',
  urgency: 'normal',
  claimedFen: 0,
  shipment: {
    originOutlet: 'SH-001',
    deliveryOutlet: 'BJ-007',
    freightFen: 1800,
    chargedFen: 1800,
    insured: false,
    declaredValueFen: 0,
  },
  complainantKey: 'ck',
  preferredChannel: 'sms',
  party: 'sender',
  priorContact: { outlet: 'none', handledByRules: false },
  isRepeat: false,
  receivedBy: 'agent-7',
  receivedAt: 1_000,
};

const received: CaseEvent = {
  seq: 1,
  at: 1_000,
  actor: { kind: 'system' },
  data: { type: 'case.received', intake, policyVersion: 'p1' },
};
const classified: CaseEvent = {
  seq: 2,
  at: 2_000,
  actor: { kind: 'staff', id: 'agent-7', role: 'agent' },
  data: { type: 'case.classified', category: 'loss', urgency: 'major' },
};

describe('the case fold', () => {
  it('R-FLOW-1: a received case starts in acceptance, owned by whoever first received it', () => {
    const s = foldEvents([received]);
    expect(s).toMatchObject({
      stage: 'acceptance',
      ownerId: 'agent-7',
      classified: false,
      policyVersion: 'p1',
      lastSeq: 1,
    });
  });

  it('classification sets category and urgency and keeps the stage', () => {
    const s = foldEvents([received, classified]);
    expect(s).toMatchObject({
      stage: 'acceptance',
      classified: true,
      category: 'loss',
      urgency: 'major',
      updatedAt: 2_000,
      lastSeq: 2,
    });
  });

  it('an empty stream is no case; a stream not starting with case.received is corrupt', () => {
    expect(foldEvents([])).toBeUndefined();
    expect(() => evolve(undefined, classified)).toThrow(CaseStreamError);
  });
});
