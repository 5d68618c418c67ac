/**
 * Case events: the only way a case changes. The workflow decides them, the audit trail stores them (hash-chained),
 * and `evolve` folds them into the case state — one fold for the workflow, the read model and as-of reconstruction,
 * so they cannot disagree.
 */
import type { Category, Channel, ContactChannel, Party, PriorContactOutlet, Role, Urgency } from '../vocabulary';

/** Who did it: a member of staff (id + the role they acted in), the customer through the signed link, or the system. */
export type EventActor =
  | { readonly kind: 'staff'; readonly id: string; readonly role: Role }
  | { readonly kind: 'customer' }
  | { readonly kind: 'system' };

/** The shipment facts the rules need (R-LIA-*, R-CMP-*). Outlet codes, never personal data. */
export interface ShipmentFacts {
  readonly originOutlet: string;
  readonly deliveryOutlet: string;
  readonly freightFen: number;
  readonly chargedFen: number;
  readonly insured: boolean;
  readonly declaredValueFen: number;
}

/**
 * What the workflow is started with. Deliberately free of personal data (R-SEC-1): the complainant's name, phone and
 * e-mail stay in PostgreSQL; the workflow carries only a pseudonymous key and the preferred channel.
 */
export interface CaseIntake {
  readonly caseId: string;
  readonly channel: Channel;
  readonly externalRef?: string;
  readonly waybillNo: string;
  readonly category: Category;
  readonly urgency: Urgency;
  readonly claimedFen: number;
  readonly shipment: ShipmentFacts;
  readonly complainantKey: string;
  readonly preferredChannel: ContactChannel;
  readonly party: Party;
  readonly subjectEmployeeId?: string;
  readonly priorContact: { readonly outlet: PriorContactOutlet; readonly handledByRules: boolean };
  readonly isRepeat: boolean;
  /** R-FLOW-1: whoever first received the complaint owns it until it is handed over explicitly. */
  readonly receivedBy: string;
  readonly receivedAt: number;
}

export type CaseEventData =
  | { readonly type: 'case.received'; readonly intake: CaseIntake; readonly policyVersion: string }
  | {
      readonly type: 'case.classified';
      readonly category: Category;
      readonly urgency: Urgency;
      readonly note?: string;
    };

export type CaseEventType = CaseEventData['type'];

/** An event as recorded: sequence (1, 2, …), instant (epoch ms), actor and data. */
export interface CaseEvent {
  readonly seq: number;
  readonly at: number;
  readonly actor: EventActor;
  readonly data: CaseEventData;
}
