/**
 * Contacting the customer (seed 002). R-CON-1: if the customer cannot be reached, send an SMS saying so,
 * then try again at least 3 times within 48 hours, each attempt at least 3 hours after the previous one;
 * once that is done and the customer is still unreachable, the rule is satisfied and the case may proceed by
 * written notice. R-CON-2: use the channel the customer asked for.
 *
 * Contact timing is calendar time (the seed counts hours around the clock), taken from the policy's
 * `contact` section so that the fast test policy can make it seconds.
 */
import { NOMINAL_UNIT_MS, type ContactPolicy, type Duration, type PolicyDocument } from './policy/types';
import type { ContactChannel } from './vocabulary';

/** One attempt to reach the customer, as recorded by the `contact-attempt` action. */
export interface ContactAttempt {
  readonly at: number;
  readonly reached: boolean;
  readonly channel: ContactChannel;
}

/**
 * Where R-CON-1 stands:
 * - `not_started`: no attempt yet;
 * - `reached`: the latest attempt reached the customer;
 * - `sms_required`: an attempt failed and the SMS saying the customer could not be reached has not been sent;
 * - `retrying`: SMS sent, retries still owed; the next counted retry is possible from `nextAttemptAt`;
 * - `satisfied`: SMS sent and at least `minRetries` spaced retries inside the window, still unreachable: the
 *   case may proceed by written notice;
 * - `failed`: the window closed (or can no longer fit the retries owed) without the rule being met.
 */
export type ContactRuleState = 'not_started' | 'reached' | 'sms_required' | 'retrying' | 'satisfied' | 'failed';

/** R-CON-1 status with its counts and instants. Instants are absent when they do not apply. */
export interface ContactRuleStatus {
  readonly status: ContactRuleState;
  /** Retries that count: after the first failure, inside the window, each ≥ spacing after the previous counted one. */
  readonly retries: number;
  readonly requiredRetries: number;
  readonly smsSent: boolean;
  /** The first failed attempt since the customer was last reached: the start of the current round. */
  readonly firstFailureAt?: number;
  /** End of the retry window (inclusive): `firstFailureAt` + window. */
  readonly windowEndsAt?: number;
  /** Earliest instant the next retry counts (while `sms_required` or `retrying`). */
  readonly nextAttemptAt?: number;
}

/** The order channels are tried in when the customer's preferred one is unavailable (R-CON-2). */
export const CONTACT_FALLBACK_ORDER: readonly ContactChannel[] = ['phone', 'sms', 'email'];

// Contact timing is calendar time; `validatePolicy` rejects working units here, and a stray one is read as
// the calendar unit of the same name rather than failing inside a workflow.

function ms(duration: Duration): number {
  return Math.round(duration.amount * NOMINAL_UNIT_MS[duration.unit]);
}

interface Round {
  readonly first: ContactAttempt;
  readonly smsSent: boolean;
  readonly retries: number;
  /** The last counted attempt (the first failure or a counted retry): spacing runs from it. */
  readonly lastCountedAt: number;
  readonly windowEndsAt: number;
}

/**
 * The current round of failures: attempts after the customer was last reached. The first SMS of the round
 * is the notice R-CON-1 requires and does not count as a retry; other attempts count when inside the window
 * and at least `retrySpacing` after the previous counted one (earliest-first, which counts the most).
 */
function currentRound(attempts: readonly ContactAttempt[], contact: ContactPolicy): Round | 'none' | 'reached' {
  const sorted = [...attempts].sort((a, b) => a.at - b.at);
  const last = sorted[sorted.length - 1];
  if (last === undefined) return 'none';
  if (last.reached) return 'reached';
  let start = sorted.length - 1;
  while (start > 0 && !sorted[start - 1].reached) start--;
  const round = sorted.slice(start);
  const first = round[0];
  const notice = round.find((a) => a.channel === 'sms');
  const spacing = ms(contact.retrySpacing);
  const windowEndsAt = first.at + ms(contact.retryWindow);
  let lastCountedAt = first.at;
  let retries = 0;
  for (const attempt of round.slice(1)) {
    if (attempt === notice || attempt.at > windowEndsAt) continue;
    if (attempt.at - lastCountedAt >= spacing) {
      retries++;
      lastCountedAt = attempt.at;
    }
  }
  return { first, smsSent: notice !== undefined, retries, lastCountedAt, windowEndsAt };
}

/**
 * Earliest instant the next attempt counts as an R-CON-1 retry: `retrySpacing` (3 h) after the previous
 * counted attempt of the current round. `null` when there is no constraint: no attempt yet, or the customer
 * was reached by the latest attempt.
 */
export function nextContactAllowedAt(
  attempts: readonly ContactAttempt[],
  policy: Pick<PolicyDocument, 'contact'>,
): number | null {
  const round = currentRound(attempts, policy.contact);
  if (typeof round === 'string') return null;
  return round.lastCountedAt + ms(policy.contact.retrySpacing);
}

/**
 * Where R-CON-1 stands at `now` for the attempts so far (see `ContactRuleState`). A round starts at the first
 * failed attempt after the customer was last reached, so a later reply that cannot get through starts the
 * rule afresh. The SMS may come before or after retries, but inside the window.
 */
export function contactRuleStatus(
  attempts: readonly ContactAttempt[],
  now: number,
  policy: Pick<PolicyDocument, 'contact'>,
): ContactRuleStatus {
  const contact = policy.contact;
  const requiredRetries = contact.minRetries;
  const round = currentRound(attempts, contact);
  if (typeof round === 'string') {
    return { status: round === 'none' ? 'not_started' : 'reached', retries: 0, requiredRetries, smsSent: false };
  }
  const spacing = ms(contact.retrySpacing);
  const nextAttemptAt = round.lastCountedAt + spacing;
  const base = {
    retries: round.retries,
    requiredRetries,
    smsSent: round.smsSent,
    firstFailureAt: round.first.at,
    windowEndsAt: round.windowEndsAt,
  };
  const owed = Math.max(0, requiredRetries - round.retries);
  // R-CON-1: the owed retries must still fit the window, spaced, starting no earlier than now.
  const retriesFit = owed === 0 || Math.max(nextAttemptAt, now) + (owed - 1) * spacing <= round.windowEndsAt;
  const smsPossible = round.smsSent || now <= round.windowEndsAt;
  if (!retriesFit || !smsPossible) return { ...base, status: 'failed' };
  if (!round.smsSent) return { ...base, status: 'sms_required', ...(owed > 0 ? { nextAttemptAt } : {}) };
  if (owed === 0) return { ...base, status: 'satisfied' };
  return { ...base, status: 'retrying', nextAttemptAt };
}

/**
 * R-CON-2: the channel to contact the customer on: the one they asked for if it is available, else the
 * first available of phone, SMS, e-mail; `null` if none is available.
 */
export function contactChannelFor(
  preferred: ContactChannel | undefined,
  available: readonly ContactChannel[],
): ContactChannel | null {
  if (preferred !== undefined && available.includes(preferred)) return preferred;
  return CONTACT_FALLBACK_ORDER.find((channel) => available.includes(channel)) ?? null;
}
