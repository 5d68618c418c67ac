/**
 * The complaint case workflow's messages, shared by the workflow, the worker, the API and the tests. Imports only
 * `@temporalio/workflow` definitions and pure domain types, so the workflow bundle can use it.
 *
 * Every action of docs/api.md is an Update named after the action (`accept`, `record-findings`, …) taking an
 * `ActionEnvelope` and returning the case state after the action. A refused action fails the Update with an
 * `ApplicationFailure` whose `type` is the stable code (`ROLE.NOT_ALLOWED`, `STAGE.NOT_ALLOWED`, `RULE.R-APR-2`,
 * `INPUT.INVALID`, …) and whose first detail is `{ reason, details }`; nothing is written.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionEnvelope } from '@complaintflow/domain/case/actions';
import type { CaseIntake, CaseState } from '@complaintflow/domain/case';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { ACTION_NAMES, type ActionName } from '@complaintflow/domain/stages';

/** A new case: the intake and the policy snapshot in force when it was received (its version stays with the case). */
export interface StartCaseInput {
  readonly intake: CaseIntake;
  readonly policy: PolicyDocument;
  readonly options?: CaseWorkflowOptions;
}

/** Operational knobs (not business rules): carried across continue-as-new. */
export interface CaseWorkflowOptions {
  /**
   * Continue as new once the history has this many events, besides whenever the SDK suggests it. Unset in
   * production (the SDK's suggestion keeps histories small); tests set it low to exercise the carry-over.
   */
  readonly continueAsNewAfterEvents?: number;
}

/** A case carried over by continue-as-new: the state so far and the next event sequence number. */
export interface ContinuedCaseInput {
  readonly carried: { readonly state: CaseState; readonly nextSeq: number };
  readonly options?: CaseWorkflowOptions;
}

export type CaseWorkflowInput = StartCaseInput | ContinuedCaseInput;

export const getCaseQuery = defineQuery<CaseState>('getCase');

/**
 * Returns the case once every event decided so far is recorded in PostgreSQL. The API starts a case with
 * update-with-start on this, so it answers 201 only when the case row and its first events exist.
 */
export const syncUpdate = defineUpdate<CaseState>('sync');

export type ActionUpdate<A extends ActionName = ActionName> = UpdateDefinition<CaseState, [ActionEnvelope<A>], A>;

/** One Update per action, named after it. */
export const actionUpdates: { readonly [A in ActionName]: ActionUpdate<A> } = Object.fromEntries(
  ACTION_NAMES.map((name) => [name, defineUpdate<CaseState, [ActionEnvelope]>(name)]),
) as { readonly [A in ActionName]: ActionUpdate<A> };

/** The workflow id of a case: derived from the case id only, never from personal data (R-SEC-1). */
export function caseWorkflowId(caseId: string): string {
  return `complaint-${caseId}`;
}

/** The detail a refused action carries (first element of the failure's details). */
export interface RefusalDetail {
  readonly reason: string;
  readonly details: readonly unknown[];
}

/**
 * What became of a message to the customer, reported by the notification relay (R-CON-4): the case appends it as a
 * `notification.delivery` event. `seq` is the `notification.requested` event's. No personal data: no address, no text.
 */
export interface DeliveryReportSignal {
  readonly seq: number;
  readonly channel: 'sms' | 'email' | 'phone' | 'inbox';
  readonly state: 'sent' | 'delivered' | 'failed';
  readonly at: number;
  readonly providerRef?: string;
}

export const deliveryReportedSignal = defineSignal<[DeliveryReportSignal]>('deliveryReported');

/** The rules marker (`patched()`): cases started since the 2026-12 rules record it and decide under them. */
export const RULES_2026_12_PATCH = 'rules-2026-12';
