/**
 * Intake checks (受理): the facts a complaint must be recorded with (R-ACC-1), the complainant's standing as a party
 * to the shipment (R-ACC-2) and a known channel (R-CH-1).
 */
import { ALLOWED, type Decision, refuse, ruleCode } from './result';
import { CATEGORIES, type Category, type Channel, CHANNELS, type Party, PARTIES } from './vocabulary';

/** A complaint as it is being taken down; anything may still be missing. */
export interface IntakeDraft {
  readonly channel?: string | null;
  readonly waybillNo?: string | null;
  readonly complainant?: {
    readonly name?: string | null;
    readonly phone?: string | null;
    readonly email?: string | null;
    readonly party?: string | null;
  } | null;
  readonly category?: string | null;
  /** The complaint in the customer's own words. */
  readonly description?: string | null;
  readonly expectedOutcome?: string | null;
}

/** One missing or malformed intake fact, with the rule that requires it. */
export interface IntakeIssue {
  /** The field's path in the intake, e.g. `complainant.phone`. */
  readonly field: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** The result of the completeness check. */
export interface IntakeCompleteness {
  readonly complete: boolean;
  readonly issues: readonly IntakeIssue[];
}

/** Waybill numbers (快递单号): letters and digits, 8–32 characters, with at least one digit. */
const WAYBILL_PATTERN = /^(?=.*\d)[A-Z0-9]{8,32}$/;
/** A phone number: digits with optional +, spaces, dashes, dots and brackets; 5–20 digits. */
const PHONE_PATTERN = /^\+?[\d\s\-().]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The waybill number as stored: trimmed, inner spaces removed, upper case (R-ACC-1). */
export function normalizeWaybillNo(waybillNo: string): string {
  return waybillNo.replace(/\s+/g, '').toUpperCase();
}

/** R-ACC-1: whether a waybill number is well formed (letters and digits, 8–32 characters, after normalising). */
export function isValidWaybillNo(waybillNo: string): boolean {
  return WAYBILL_PATTERN.test(normalizeWaybillNo(waybillNo));
}

/** R-ACC-1: whether a contact phone number is plausible (5–20 digits with ordinary separators). */
export function isPlausiblePhone(phone: string): boolean {
  const digits = phone.replace(/\D/g, '').length;
  return PHONE_PATTERN.test(phone.trim()) && digits >= 5 && digits <= 20;
}

/** R-ACC-1: whether an e-mail address is plausible (something@domain.tld, no spaces). */
export function isPlausibleEmail(email: string): boolean {
  return EMAIL_PATTERN.test(email.trim());
}

/** R-CH-1: whether a channel is one the service knows. */
export function isKnownChannel(channel: unknown): channel is Channel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, channel);
}

/** R-CAT-1: whether a category is one the service knows. */
export function isKnownCategory(category: unknown): category is Category {
  return typeof category === 'string' && Object.prototype.hasOwnProperty.call(CATEGORIES, category);
}

/**
 * Lists every fact an intake still lacks, each with the rule requiring it:
 * - R-CH-1: the channel, one of the known channels;
 * - R-ACC-1: the complainant's name and a way to reach them — at least one of phone and e-mail, each well formed
 *   when given —, the waybill number (letters and digits, 8–32 characters), the category (one of R-CAT-1), the
 *   description in the customer's own words and the expected outcome;
 * - R-ACC-2: which party to the shipment the complainant is (sender or recipient).
 * Blank text counts as missing. The intake is complete when there is no issue.
 */
export function checkIntakeCompleteness(intake: IntakeDraft): IntakeCompleteness {
  const issues: IntakeIssue[] = [];
  const add = (field: string, ruleId: string, reason: string): void => {
    issues.push({ field, ruleId, reason });
  };

  if (isBlank(intake.channel)) add('channel', 'R-CH-1', 'is required');
  else if (!isKnownChannel(intake.channel)) add('channel', 'R-CH-1', 'is not a known channel');

  const complainant = intake.complainant ?? {};
  if (isBlank(complainant.name)) add('complainant.name', 'R-ACC-1', 'is required');
  const phone = complainant.phone;
  const email = complainant.email;
  if (isBlank(phone) && isBlank(email)) {
    add('complainant.phone', 'R-ACC-1', 'a phone number or an e-mail address is required');
  }
  if (isPresent(phone) && !isPlausiblePhone(phone)) add('complainant.phone', 'R-ACC-1', 'is not a phone number');
  if (isPresent(email) && !isPlausibleEmail(email)) add('complainant.email', 'R-ACC-1', 'is not an e-mail address');
  if (isBlank(complainant.party)) add('complainant.party', 'R-ACC-2', 'is required (sender or recipient)');
  else if (!isParty(complainant.party)) add('complainant.party', 'R-ACC-2', 'must be sender or recipient');

  if (!isPresent(intake.waybillNo)) add('waybillNo', 'R-ACC-1', 'is required');
  else if (!isValidWaybillNo(intake.waybillNo)) add('waybillNo', 'R-ACC-1', 'must be 8–32 letters and digits');

  if (isBlank(intake.category)) add('category', 'R-ACC-1', 'is required');
  else if (!isKnownCategory(intake.category)) add('category', 'R-CAT-1', 'is not a known category');

  if (isBlank(intake.description)) add('description', 'R-ACC-1', "is required, in the customer's own words");
  if (isBlank(intake.expectedOutcome)) add('expectedOutcome', 'R-ACC-1', 'is required');

  return { complete: issues.length === 0, issues };
}

/**
 * The completeness check as a decision (R-ACC-1, R-ACC-2, R-CH-1): allowed when complete, else refused
 * `INTAKE.INCOMPLETE` with every issue (and its rule id) in `details`.
 */
export function intakeDecision(intake: IntakeDraft): Decision {
  const { complete, issues } = checkIntakeCompleteness(intake);
  if (complete) return ALLOWED;
  return refuse(
    'INTAKE.INCOMPLETE',
    `The intake lacks: ${issues.map((issue) => `${issue.field} ${issue.reason} (${issue.ruleId})`).join('; ')}.`,
    issues,
  );
}

/**
 * R-ACC-2: the complainant must be a party to the shipment — its sender or its recipient. Refused `RULE.R-ACC-2`
 * for anyone else (or when it is unknown).
 */
export function checkComplainantParty(party: unknown): Decision {
  if (isParty(party)) return ALLOWED;
  return refuse(ruleCode('R-ACC-2'), 'The complainant must be the sender or the recipient of the shipment.', [
    { field: 'complainant.party', value: party ?? null },
  ]);
}

/** R-CH-1: refused `RULE.R-CH-1` unless the channel is one the service knows. */
export function checkChannel(channel: unknown): Decision {
  if (isKnownChannel(channel)) return ALLOWED;
  return refuse(ruleCode('R-CH-1'), 'The complaint must come through a known channel.', [
    { field: 'channel', value: channel ?? null },
  ]);
}

function isParty(party: unknown): party is Party {
  return typeof party === 'string' && Object.prototype.hasOwnProperty.call(PARTIES, party);
}

function isPresent(value: string | null | undefined): value is string {
  return value != null && value.trim() !== '';
}

function isBlank(value: string | null | undefined): boolean {
  return !isPresent(value);
}
