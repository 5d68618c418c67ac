/**
 * Case events: the only way a case changes. The workflow decides them (`decide.ts`, `timers.ts`), the audit trail
 * stores them hash-chained, and `evolve` folds them into the case state — one fold for the workflow, the read model
 * and as-of reconstruction, so they cannot disagree. Event data never holds the complainant's personal data.
 */
import type {
  Category,
  Channel,
  ContactChannel,
  EscalationTier,
  InadmissibleReason,
  Party,
  PriorContactOutlet,
  Remedy,
  Role,
  RootCause,
  Urgency,
} from '../vocabulary';
import type { ApprovalRequirement, DeadlineKind, PolicyDocument } from '../policy/types';
import type { EscalationReason } from '../escalation';
import type { Survey } from '../survey';

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
  /** A floor offer already standing on the same matter (R-CMP-4: a new appeal never raises it). */
  readonly priorFloorOfferFen?: number;
  /** R-FLOW-1: whoever first received the complaint owns it until it is handed over explicitly. */
  readonly receivedBy: string;
  readonly receivedAt: number;
}

export interface Evidence {
  readonly kind: string;
  readonly ref: string;
}

/** What the investigation found (R-INV-2..4). */
export interface Findings {
  readonly summary: string;
  readonly rootCause: RootCause;
  readonly companyLiable: boolean;
  readonly evidence: readonly Evidence[];
  readonly faultOutlet?: string;
  /** R-INV-3: every party heard, not only the complainant. */
  readonly partiesHeard: readonly string[];
  readonly actualLossFen?: number;
}

/** The liability decided from the findings (R-LIA-*). */
export interface LiabilityRecord {
  readonly external: string | null;
  readonly internal: string | null;
  readonly companyLiable: boolean;
  readonly ruleId: string;
  readonly alsoAnswerable?: readonly string[];
}

export interface PlanInput {
  readonly remedies: readonly Remedy[];
  readonly compensationFen: number;
  readonly floorOffer: boolean;
  readonly note?: string;
}

/** Who is told what; the outbox turns each into a message (the recipient's address is looked up there). */
export interface NotificationRequest {
  readonly kind:
    | 'acknowledgement'
    | 'unreachable_sms'
    | 'contact_reminder'
    | 'deadline_warning'
    | 'escalation'
    | 'approval_needed'
    | 'result_notice'
    | 'written_notice'
    | 'progress_notice';
  /** `customer`, `owner`, or a role (`role:supervisor`). */
  readonly audience: 'customer' | 'owner' | `role:${Role}`;
  readonly channel: ContactChannel | 'inbox';
}

export type CaseEventData =
  | {
      readonly type: 'case.received';
      readonly intake: CaseIntake;
      readonly policy: PolicyDocument;
      readonly tier: EscalationTier;
    }
  | {
      readonly type: 'case.classified';
      readonly category: Category;
      readonly urgency: Urgency;
      readonly tier: EscalationTier;
      readonly note?: string;
    }
  | {
      readonly type: 'case.assigned';
      readonly assignee: string;
      readonly department?: string;
      readonly previousOwner: string;
    }
  | { readonly type: 'case.closed_inadmissible'; readonly reason: InadmissibleReason; readonly note: string }
  | { readonly type: 'case.resolved_on_the_spot'; readonly explanation: string }
  | {
      readonly type: 'findings.recorded';
      readonly findings: Findings;
      readonly liability: LiabilityRecord;
      readonly suggestedCompensationFen: number;
    }
  | {
      readonly type: 'plan.proposed';
      readonly plan: PlanInput;
      readonly requiredApproval: ApprovalRequirement;
      readonly proposedBy: string;
    }
  | {
      readonly type: 'approval.decided';
      readonly approve: boolean;
      readonly comment?: string;
      readonly approverId: string;
      readonly role: Role;
    }
  | {
      readonly type: 'customer.responded';
      readonly accepted: boolean;
      readonly comment?: string;
      readonly via: 'agent' | 'customer';
    }
  | {
      readonly type: 'contact.attempted';
      readonly reached: boolean;
      readonly channel: ContactChannel;
      readonly note?: string;
      readonly automatic: boolean;
    }
  | { readonly type: 'contact.reminder'; readonly nextAttemptAt: number }
  | { readonly type: 'contact.exhausted'; readonly outcome: 'satisfied' | 'failed' }
  | { readonly type: 'plan.executed'; readonly paymentRef?: string; readonly note?: string }
  | { readonly type: 'regulator.replied'; readonly text: string }
  | { readonly type: 'survey.recorded'; readonly survey: Survey; readonly mean: number; readonly reopenReview: boolean }
  | { readonly type: 'sla.paused'; readonly reason: string }
  | { readonly type: 'sla.resumed'; readonly reason: string }
  | { readonly type: 'deadline.warning'; readonly kind: DeadlineKind; readonly dueAt: number }
  | { readonly type: 'deadline.breached'; readonly kind: DeadlineKind; readonly dueAt: number }
  | {
      readonly type: 'case.escalated';
      readonly from: EscalationTier;
      readonly to: EscalationTier;
      readonly reason: EscalationReason;
      readonly note?: string;
    }
  | { readonly type: 'case.reopened'; readonly reason: string }
  | { readonly type: 'case.archived'; readonly withSurvey: boolean }
  | { readonly type: 'notification.requested'; readonly notification: NotificationRequest; readonly about: string };

export type CaseEventType = CaseEventData['type'];

/**
 * An event as recorded: sequence (1, 2, …), instant (epoch ms), actor and data. Every event names its actor, so the
 * case record shows who did what (R-FLOW-5); kept hash-chained, it is the evidence of the handling (R-CON-4).
 */
export interface CaseEvent {
  readonly seq: number;
  readonly at: number;
  readonly actor: EventActor;
  readonly data: CaseEventData;
}
