/**
 * Who receives a staff notice, as the relay asks it: `resolveRecipients(audience, facts)`. The staff directory
 * (`libs/domain/src/recipients.ts`, R-FLOW-6: nobody in a tier → one tier up) answers it in production once wired;
 * until then the relay runs on `ownerOnlyRecipients`, and tests and development use `fixedRecipients` (a list).
 * A recipient's e-mail or phone is read here when the relay plans and when it sends, never carried in Temporal.
 */
import type { Role } from '@complaintflow/domain/vocabulary';
import type { QuietWindow } from './quiet-hours';

/** What of the case decides who covers it. */
export interface RecipientFacts {
  readonly caseId: string;
  readonly ownerId: string | null;
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  readonly department?: string | null;
}

/** One member of staff to notify, with the channels their preferences allow. */
export interface Recipient {
  readonly id: string;
  /** The in-app inbox is always used; e-mail (and SMS) only when the recipient has the address and wants it. */
  readonly channels: { readonly inbox?: true; readonly email?: string; readonly sms?: string };
  readonly language: 'zh-CN' | 'en';
  /** Their service hours' complement: a non-urgent notice waits while the wall clock is inside it. */
  readonly quietHours?: QuietWindow;
}

/** `audience` is `owner`, `role:<role>` or `tier:<tier>` (the `notification.requested` event's). */
export type ResolveRecipients = (audience: string, facts: RecipientFacts) => Promise<Recipient[]>;

/** The interim default: the case owner's inbox for `owner`, nobody for a role (the relay parks it, visibly). */
export const ownerOnlyRecipients: ResolveRecipients = async (audience, facts) =>
  audience === 'owner' && facts.ownerId ? [{ id: facts.ownerId, channels: { inbox: true }, language: 'zh-CN' }] : [];

/** A directory entry of `fixedRecipients`: a recipient and the roles they hold, for the outlets they cover. */
export interface FixedEntry extends Recipient {
  readonly roles: readonly Role[];
  /** Outlet codes covered; none: network-wide. */
  readonly outlets?: readonly string[];
}

/**
 * A resolver over a fixed list: `owner` → the owner's entry (or a bare inbox under their id when not listed);
 * `role:<r>` or `tier:<r>` → the entries holding `r` that cover the case's origin or delivery outlet.
 */
export function fixedRecipients(entries: readonly FixedEntry[]): ResolveRecipients {
  const strip = ({ roles: _roles, outlets: _outlets, ...r }: FixedEntry): Recipient => r;
  return async (audience, facts) => {
    if (audience === 'owner' || audience === 'tier:handler') {
      if (!facts.ownerId) return [];
      const entry = entries.find((e) => e.id === facts.ownerId);
      return [entry ? strip(entry) : { id: facts.ownerId, channels: { inbox: true }, language: 'zh-CN' }];
    }
    const role = audience.slice(audience.indexOf(':') + 1);
    return entries
      .filter((e) => e.roles.includes(role as Role))
      .filter(
        (e) =>
          !e.outlets ||
          e.outlets.length === 0 ||
          e.outlets.some((o) => o === facts.originOutlet || o === facts.deliveryOutlet),
      )
      .map(strip);
  };
}
