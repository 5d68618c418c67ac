/**
 * Staff free text is personal data too (R-SEC-1, docs/adr/0019-personal-data-free-text-retention.md): a note, a
 * finding's summary, the parties heard, a reply or a comment may name the customer or quote their phone number, and no
 * machine can tell. So every free-text field of the action bodies is treated as possibly personal:
 *
 * - the roles that see complainants' personal data in clear (`rolesSeeingPersonalData`) see free text in clear too;
 * - everyone else (an auditor) sees it withheld: each string becomes {@link WITHHELD}, a list keeps its length (an
 *   auditor can still check that parties were heard, R-INV-3, and how many), codes and amounts stay;
 * - the retention erasure (`withholdFreeText` over the stored state and events) uses the same list of fields.
 *
 * The fields, by the key they carry in action bodies, events and the case state (libs/domain/src/case/actions.ts,
 * events.ts, state.ts). `reason` is free text in `pause-sla`, `resume-sla`, `reopen` and an on-the-spot closure, but a
 * code in `reject-inadmissible`, `escalate` and an archived closure: a code stays.
 */
import { INADMISSIBLE_REASON_IDS } from './admissibility';
import { ESCALATION_REASON_IDS } from './escalation';
import { seesPersonalData } from './privacy';
import { type Role } from './vocabulary';

/** What a withheld free-text value reads as (Chinese first, English after, one fixed string). */
export const WITHHELD = '〔已隐去 withheld〕';

/** Every key under which staff (or the customer, through the signed link) type free text. */
export const FREE_TEXT_KEYS: readonly string[] = [
  'note',
  'comment',
  'summary',
  'partiesHeard',
  'explanation',
  'text',
  'suggestion',
  'items',
  'question',
  'answer',
  'compensationReason',
  'ref',
  'reason',
];

/** `reason` values that are codes, not free text (R-ADM-1, R-FLOW-3, the archived closure). */
const REASON_CODES: ReadonlySet<string> = new Set<string>([
  ...INADMISSIBLE_REASON_IDS,
  ...ESCALATION_REASON_IDS,
  'survey',
  'no_survey',
]);

/** Subtrees never walked: the policy document is configuration, not anybody's words. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set(['policy']);

const FREE: ReadonlySet<string> = new Set(FREE_TEXT_KEYS);

function withheldValue(key: string, value: unknown): unknown {
  if (typeof value === 'string') return key === 'reason' && REASON_CODES.has(value) ? value : WITHHELD;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? WITHHELD : withholdFreeText(v)));
  return withholdFreeText(value);
}

/**
 * A copy of `value` (a case state, an event's data, a case view, a stored row) with every free-text field withheld,
 * at any depth. Anything else (codes, amounts, times, ids, the policy document) is kept as it is.
 */
export function withholdFreeText<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withholdFreeText(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SKIPPED_KEYS.has(k) ? v : FREE.has(k) ? withheldValue(k, v) : withholdFreeText(v);
  }
  return out as T;
}

/** R-SEC-1: whether a user holding `roles` sees staff free text in clear: the same roles that see personal data. */
export function seesFreeText(roles: readonly Role[]): boolean {
  return seesPersonalData(roles);
}

/** R-SEC-1: `value` as a user holding `roles` may see it (unchanged, or with its free text withheld). */
export function freeTextForRoles<T>(value: T, roles: readonly Role[]): T {
  return seesFreeText(roles) ? value : withholdFreeText(value);
}
