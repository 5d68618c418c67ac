/**
 * The complaint case workflow's messages, shared by the workflow, the worker, the API and the tests.
 * Imports only `@temporalio/workflow` definitions and pure domain types, so the workflow bundle can use it.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseIntake, CaseState, EventActor } from '../../libs/domain/src/case';
import type { Category, Urgency } from '../../libs/domain/src/vocabulary';

export interface StartCaseInput {
  readonly intake: CaseIntake;
  readonly policyVersion: string;
}

/** Every action carries who is doing it; the API fills it from the verified token, never from the body. */
export interface ActionEnvelope<T> {
  readonly actor: EventActor;
  readonly input: T;
}

export interface AcceptInput {
  readonly category?: Category;
  readonly urgency?: Urgency;
  readonly note?: string;
}

export const getCaseQuery = defineQuery<CaseState>('getCase');
export const acceptUpdate = defineUpdate<CaseState, [ActionEnvelope<AcceptInput>]>('accept');

/** The workflow id of a case: derived from the case id only, never from personal data (R-SEC-1). */
export function caseWorkflowId(caseId: string): string {
  return `complaint-${caseId}`;
}
