/**
 * The case search attributes, defined once: the workflow upserts them, the dev server registers them at start
 * and an existing cluster gets them added at boot. They carry no personal data (no names, phones or e-mails).
 * This module imports only `@temporalio/common`, so the workflow bundle can use it.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CASE_STAGE = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CASE_CATEGORY = defineSearchAttributeKey('CaseCategory', SearchAttributeType.KEYWORD);
export const CASE_CHANNEL = defineSearchAttributeKey('CaseChannel', SearchAttributeType.KEYWORD);
export const CASE_URGENCY = defineSearchAttributeKey('CaseUrgency', SearchAttributeType.KEYWORD);
export const CASE_ESCALATION_LEVEL = defineSearchAttributeKey('CaseEscalationLevel', SearchAttributeType.INT);
export const CASE_ORIGIN_OUTLET = defineSearchAttributeKey('CaseOriginOutlet', SearchAttributeType.KEYWORD);
export const CASE_DELIVERY_OUTLET = defineSearchAttributeKey('CaseDeliveryOutlet', SearchAttributeType.KEYWORD);
export const CASE_OVERDUE = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL);
export const CASE_POLICY_VERSION = defineSearchAttributeKey('CasePolicyVersion', SearchAttributeType.KEYWORD);

export const CASE_SEARCH_ATTRIBUTES = [
  CASE_STAGE,
  CASE_CATEGORY,
  CASE_CHANNEL,
  CASE_URGENCY,
  CASE_ESCALATION_LEVEL,
  CASE_ORIGIN_OUTLET,
  CASE_DELIVERY_OUTLET,
  CASE_OVERDUE,
  CASE_POLICY_VERSION,
] as const;

/** The dev server's `--search-attribute` type names for each SDK type. */
const CLI_TYPE: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `temporal server start-dev` arguments that register every case search attribute. */
export function searchAttributeCliArgs(): string[] {
  return CASE_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE[key.type]}`]);
}
