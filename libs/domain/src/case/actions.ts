/**
 * The inputs of the case actions (API.md "Actions"), one type per action. The API validates the HTTP body into these;
 * the workflow checks them again (`decide.ts`) because a workflow must never trust its caller.
 */
import type { Actor, ActionName } from '../stages';
import type { ContactChannel, InadmissibleReason, Remedy, RootCause, Category, Urgency } from '../vocabulary';
import type { Evidence } from './events';

export interface ActionInputs {
  accept: { category?: Category; urgency?: Urgency; note?: string };
  'reject-inadmissible': { reason: InadmissibleReason; note: string };
  'resolve-on-the-spot': { explanation: string };
  assign: { assignee: string; department?: string };
  'record-findings': {
    summary: string;
    rootCause: RootCause;
    companyLiable: boolean;
    evidence: Evidence[];
    faultOutlet?: string;
    partiesHeard?: string[];
    actualLossFen?: number;
  };
  'propose-plan': { remedies: Remedy[]; compensationFen: number; floorOffer?: boolean; note?: string };
  'decide-approval': { approve: boolean; comment?: string };
  'contact-attempt': { reached: boolean; channel: ContactChannel; note?: string };
  'customer-response': { accepted: boolean; comment?: string };
  'execute-plan': { paymentRef?: string; note?: string };
  'regulator-reply': { text: string };
  survey: { speed: number; effectiveness: number; attitude: number; transparency: number; suggestion?: string };
  'pause-sla': { reason: string };
  'resume-sla': { reason: string };
  escalate: { reason: string };
  reopen: { reason: string };
}

/** An action as the workflow receives it: who (from the verified token, never the body) and what. */
export interface ActionEnvelope<A extends ActionName = ActionName> {
  readonly actor: Actor;
  readonly input: ActionInputs[A];
}
