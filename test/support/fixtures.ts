/** Test data builders. Complainant keys are pseudonymous; no real personal data anywhere. */
import { randomUUID } from 'node:crypto';
import type { CaseIntake } from '@complaintflow/domain/case';

export function intake(overrides: Partial<CaseIntake> = {}): CaseIntake {
  return {
    caseId: randomUUID(),
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
    complainantKey: 'ck_test_0001',
    preferredChannel: 'phone',
    party: 'recipient',
    priorContact: { outlet: 'none', handledByRules: false },
    isRepeat: false,
    receivedBy: 'agent-1',
    receivedAt: Date.now(),
    ...overrides,
  };
}
