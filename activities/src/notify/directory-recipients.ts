/**
 * The staff directory's answer to the relay's `resolveRecipients(audience, facts)` (docs/adr/0011, issue 11): who holds
 * the audience for the case (`chooseRecipients` of libs/domain recipients.ts) and how each of them wants to be told.
 *
 * - Audience `owner` (or `tier:handler`), `role:<r>`, `tier:<t>`; the case's origin and delivery outlets and its
 *   department decide who covers it; a network-wide entry (no outlet, no department) covers every case.
 * - R-FLOW-6: nobody in the tier for the case → the next tier up (team lead → supervisor → manager → admin), and an
 *   admin anywhere as the last resort — never nobody while the directory has an active admin. The tier finally used,
 *   whether it fell back and why are on each recipient (`DirectoryRecipient`) and reported to `onChoice` (by default
 *   the activity's log: ids, tiers and outlet codes, no personal data). `notification_deliveries` has no column for
 *   it, so the relay does not store it.
 * - R-FLOW-4: the employee the complaint is about (`excludeIds`) never receives it; the tier climbs past them.
 * - Channels: the in-app inbox always; e-mail when the entry has an address and its preferences list `email` for the
 *   notice's kind; SMS likewise with `sms` and a phone number (a kind not listed: the inbox only). Language and quiet
 *   hours (Beijing time) from the entry. An owner the directory does not list (a token-only identity) gets the inbox.
 *
 * The mapping is pure (`recipientsFromDirectory`, `channelsOf`, `audienceOf`); `directoryRecipients(ds)` reads the
 * entries with `StaffDirectoryRepository.listActiveForRecipients` each time it is asked, so a change to the directory
 * holds for the next message (and for an admin's retry of a parked one).
 */
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import {
  chooseRecipients,
  requestedOf,
  tiersFor,
  type RecipientAudience,
  type Recipients,
} from '@complaintflow/domain/recipients';
import type { Role } from '@complaintflow/domain/vocabulary';
import {
  StaffDirectoryRepository,
  type StaffChannel,
  type StaffUser,
} from '@complaintflow/persistence/repositories/staff-directory';
import type { Recipient, RecipientFacts, ResolveRecipients } from './recipients';

/** What the relay may say besides the case: the notice's kind (for the preferences) and who must not receive it. */
export interface DirectoryFacts extends RecipientFacts {
  /** The notification kind (`escalation`, `deadline_warning`, …): the preferences choose channels per kind. */
  readonly kind?: string;
  /** R-FLOW-4: users who may not receive it (the employee the complaint is about). */
  readonly excludeIds?: readonly string[];
}

/** A recipient as the directory chose them: with the tier that received the notice (R-FLOW-6). */
export interface DirectoryRecipient extends Recipient {
  /** The tier that received it: `owner` or a role. */
  readonly tier: 'owner' | Role;
  /** Whether it went to another tier than the one asked for (R-FLOW-6). */
  readonly fellBack: boolean;
  readonly ruleId?: 'R-FLOW-6';
}

/** The answer for one audience and case: the recipients and the domain's choice (tier, skipped tiers, reason). */
export interface DirectoryAnswer {
  readonly recipients: DirectoryRecipient[];
  readonly choice: Recipients;
}

const AUDIENCE = /^(owner|(role|tier):[a-z_]+)$/;

/**
 * The audience as the domain reads it; anything else (a malformed audience) is taken as the lowest tier of the chain,
 * so that it climbs rather than being dropped (R-FLOW-6).
 */
export function audienceOf(audience: string): RecipientAudience {
  return (AUDIENCE.test(audience) ? audience : 'role:team_lead') as RecipientAudience;
}

/** Whether an entry's preferences list `channel` for `kind` (a kind not listed: the inbox only). */
function wants(user: StaffUser, kind: string | undefined, channel: StaffChannel): boolean {
  if (kind === undefined) return false;
  return user.preferences.channels[kind]?.includes(channel) ?? false;
}

/** The channels of one entry for a notice of `kind`: the inbox always, e-mail and SMS when wanted and on record. */
export function channelsOf(user: StaffUser, kind: string | undefined): Recipient['channels'] {
  return {
    inbox: true,
    ...(user.email && wants(user, kind, 'email') ? { email: user.email } : {}),
    ...(user.phone && wants(user, kind, 'sms') ? { sms: user.phone } : {}),
  };
}

/** One recipient from their entry (or, for a token-only owner, a bare inbox under their id). */
function recipientFrom(
  id: string,
  entry: StaffUser | undefined,
  kind: string | undefined,
  choice: Recipients,
): DirectoryRecipient {
  const tier = choice.tier as 'owner' | Role;
  const base = { tier, fellBack: choice.fellBack, ...(choice.ruleId ? { ruleId: choice.ruleId } : {}) };
  if (!entry) return { id, channels: { inbox: true }, language: 'zh-CN', ...base };
  return {
    id,
    channels: channelsOf(entry, kind),
    language: entry.language,
    quietHours: { start: entry.preferences.quietHours.start, end: entry.preferences.quietHours.end },
    ...base,
  };
}

/** R-FLOW-6: the recipients of `audience` for the case among `directory` (pure). */
export function recipientsFromDirectory(
  audience: string,
  facts: DirectoryFacts,
  directory: readonly StaffUser[],
): DirectoryAnswer {
  const choice = chooseRecipients({
    audience: audienceOf(audience),
    case: {
      originOutlet: facts.originOutlet,
      deliveryOutlet: facts.deliveryOutlet,
      department: facts.department ?? null,
      ownerId: facts.ownerId,
    },
    directory,
    ...(facts.excludeIds && facts.excludeIds.length > 0 ? { exclude: facts.excludeIds } : {}),
  });
  const byId = new Map(directory.map((u) => [u.id, u]));
  return {
    recipients: choice.userIds.map((id) => recipientFrom(id, byId.get(id), facts.kind, choice)),
    choice,
  };
}

/** The roles whose entries a choice may need: the requested tier, the ones above it, admin (the last resort). */
export function rolesToRead(audience: string): Role[] {
  return tiersFor(requestedOf(audienceOf(audience))).filter((t): t is Role => t !== 'owner');
}

export interface DirectoryRecipientsOptions {
  /** Told of every choice (which tier received it, why); default: the activity's log when it fell back. */
  readonly onChoice?: (audience: string, facts: DirectoryFacts, choice: Recipients) => void;
}

function logChoice(audience: string, facts: DirectoryFacts, choice: Recipients): void {
  if (!choice.fellBack) return;
  let log: Context['log'] | undefined;
  try {
    log = Context.current().log;
  } catch {
    return; // outside an activity: nobody to tell
  }
  // Ids, tiers and outlet codes only (R-SEC-1).
  log.info('R-FLOW-6: notice went one tier up', {
    caseId: facts.caseId,
    audience,
    tier: choice.tier,
    outOfScope: choice.outOfScope,
    skipped: choice.skipped.map((s) => `${s.tier}:${s.reason}`).join(','),
  });
}

/** The relay's `resolveRecipients` over the staff directory in PostgreSQL. */
export function directoryRecipients(ds: DataSource, options: DirectoryRecipientsOptions = {}): ResolveRecipients {
  const directory = StaffDirectoryRepository.on(ds);
  const onChoice = options.onChoice ?? logChoice;
  return async (audience, facts: DirectoryFacts) => {
    const entries = await directory.listActiveForRecipients(
      rolesToRead(audience),
      facts.ownerId ? [facts.ownerId] : [],
    );
    const answer = recipientsFromDirectory(audience, facts, entries);
    onChoice(audience, facts, answer.choice);
    return answer.recipients;
  };
}
