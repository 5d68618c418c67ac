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
import type { AppealPenalty, AppealValidity } from '../appeals';
import type { EscalationReason } from '../escalation';
import type { InitialAction } from '../initial-response';
import type { NotLiableReason, SourceFault } from '../liability';
import type { WrittenReplyStep } from '../written-reply';
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
  /** The customer asked to be messaged at night too (issue 11): otherwise never between 21:00 and 08:00. */
  readonly contactAtNight?: boolean;
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
  /** R-LIA-10: why the company is not liable, when the investigator gave the reason. */
  readonly notLiableReason?: NotLiableReason;
  /** The facts the liability table read (docs/api.md v2 `record-findings`), as the investigator recorded them. */
  readonly facts?: LiabilityFacts;
}

/** The investigator's facts for the liability table (R-LIA-3/6/7/8/9/12, R-CMP-2, R-REG-3). Outlet codes only. */
export interface LiabilityFacts {
  readonly namedParty?: string;
  readonly outOfArea?: { readonly deliveryNotifiedByRules: boolean; readonly originKnew: boolean };
  readonly chargingOutlet?: string;
  readonly unexplainedOutlet?: string;
  readonly dueFen?: number;
  readonly sourceFault?: SourceFault;
  readonly originUnreachable?: boolean;
}

/** The liability decided from the findings (R-LIA-*). */
export interface LiabilityRecord {
  readonly external: string | null;
  readonly internal: string | null;
  readonly companyLiable: boolean;
  readonly ruleId: string;
  readonly alsoAnswerable?: readonly string[];
  /** Every rule that shaped the decision (the category rule, then R-LIA-12 / R-LIA-9). Cases before 2026-12: absent. */
  readonly appliedRules?: readonly string[];
  /** Why the company is or is not liable (R-LIA-10). */
  readonly basis?: string;
  /** R-LIA-12: `false` when a source fault means the network does not reimburse the origin. */
  readonly networkReimburses?: boolean;
}

/** A regulator appeal's validity (R-CH-2) and the fine of a valid one (R-REG-1/3/4), as appeals.ts decides them. */
export type AppealAssessment = AppealValidity;
export type { AppealPenalty };

export interface PlanInput {
  readonly remedies: readonly Remedy[];
  readonly compensationFen: number;
  readonly floorOffer: boolean;
  /** Why the compensation is above the suggestion (R-APR-2: an amount above it needs a stated reason). */
  readonly compensationReason?: string;
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
    | 'progress_notice'
    | 'survey_invitation'
    | 'survey_report'
    | 'priority_delivery'
    | 'followup_visit';
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
      /**
       * The rules the case runs under: absent for cases started before the 2026-12 rules (they keep deciding as
       * they did, so their recorded histories replay), `2` since (the workflow's `patched()` marker decides).
       */
      readonly rules?: 2;
    }
  | {
      readonly type: 'case.classified';
      readonly category: Category;
      readonly urgency: Urgency;
      readonly tier: EscalationTier;
      readonly note?: string;
      /** R-CAT-5 (2026-12 rules): the initial response the category's group calls for. */
      readonly initialResponse?: InitialAction;
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
  | { readonly type: 'notification.requested'; readonly notification: NotificationRequest; readonly about: string }
  | { readonly type: 'evidence.requested'; readonly items: readonly string[]; readonly note?: string }
  | { readonly type: 'hq.consulted'; readonly question: string }
  | { readonly type: 'hq.answered'; readonly answer: string }
  | {
      readonly type: 'arbitration.claimed';
      readonly byOutlet: string;
      readonly againstOutlet: string;
      readonly amountFen: number;
      readonly note?: string;
    }
  | { readonly type: 'arbitration.ruled'; readonly upheld: boolean; readonly amountFen: number; readonly note?: string }
  | { readonly type: 'reply.signed_off'; readonly step: WrittenReplyStep; readonly note?: string }
  | { readonly type: 'appeal.assessed'; readonly assessment: AppealAssessment }
  | { readonly type: 'appeal.penalised'; readonly penalty: AppealPenalty }
  | { readonly type: 'delivery.prioritised'; readonly outlet: string }
  | { readonly type: 'followup.flagged'; readonly reasons: readonly string[] }
  | {
      /**
       * What became of a message to the customer (R-CON-4 evidence): accepted by the channel (`sent`), receipted
       * (`delivered`), or given up (`failed`, parked by the relay). `requestSeq` is its `notification.requested` event.
       */
      readonly type: 'notification.delivery';
      readonly requestSeq: number;
      readonly kind: NotificationRequest['kind'];
      readonly channel: ContactChannel | 'inbox';
      readonly state: 'sent' | 'delivered' | 'failed';
      readonly providerRef?: string;
    };

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
