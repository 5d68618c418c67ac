/**
 * Who receives a staff notice (R-FLOW-6, R-SLA-8): the notice names an audience — the case owner, a role
 * (`role:supervisor`) or a tier (`tier:manager`) — and the staff directory says who holds it *for this case*: an
 * entry whose outlet is the case's origin or delivery outlet, or whose department is the case's department; an entry
 * with neither outlet nor department is network-wide (headquarters) and covers every case.
 *
 * When nobody holds the tier for the case, the notice goes one tier up — team lead → supervisor → manager → admin —
 * and an admin anywhere is the last resort: a notice that waits on someone who is not there would stop the case
 * (R-FLOW-6: 不得以无权限为由使工单流转停顿). The answer says which tier was finally used and why, so the relay can record
 * it with the delivery.
 *
 * Pure: the caller passes the directory's active entries (`StaffDirectoryRepository.listActiveForRecipients`).
 */
import type { EscalationTier, Role } from './vocabulary';

/** A directory entry, as far as choosing recipients needs it. */
export interface RecipientEntry {
  readonly id: string;
  readonly roles: readonly Role[];
  /** An outlet code (`SH-001`), or null. */
  readonly outlet: string | null;
  readonly department: string | null;
  /** Inactive entries never receive anything (the repository lists active ones only; checked again here). */
  readonly active: boolean;
}

/** What of the case decides who covers it. */
export interface RecipientCase {
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  /** The department handling the case (R-INV-1, `assign`), or null. */
  readonly department: string | null;
  /** The case owner's user id, or null while nobody owns it. */
  readonly ownerId: string | null;
}

/** The tiers a notice climbs when nobody holds the one it asked for, lowest first (R-SLA-8; admin last, R-FLOW-6). */
export const RECIPIENT_CHAIN = ['team_lead', 'supervisor', 'manager', 'admin'] as const satisfies readonly Role[];
export type ChainRole = (typeof RECIPIENT_CHAIN)[number];

/** A tier a notice may name: an escalation tier (`handler` is the case owner) or `admin`. */
export type RecipientTier = EscalationTier | 'admin';

/** Whom a staff notice is for (`customer` notices are not addressed through the directory). */
export type RecipientAudience = 'owner' | `role:${Role}` | `tier:${RecipientTier}`;

/** Why a tier did not receive the notice. */
export type SkipReason =
  /** The case has no owner yet. */
  | 'no_owner'
  /** The owner's directory entry is inactive. */
  | 'owner_inactive'
  /** Nobody active holds the tier for the case's outlets or department. */
  | 'none_in_scope'
  /** Only people who may not receive it hold the tier (the proposer of a plan, the employee complained about). */
  | 'only_excluded';

export interface SkippedTier {
  readonly tier: 'owner' | Role;
  readonly reason: SkipReason;
}

export interface Recipients {
  /** The user ids to notify, sorted; empty only when the directory holds no active admin at all (`tier: 'none'`). */
  readonly userIds: readonly string[];
  /** What the audience asked for: `owner` or a role. */
  readonly requested: 'owner' | Role;
  /** The tier that finally receives it; `none` when nobody could be found, not even an admin. */
  readonly tier: 'owner' | Role | 'none';
  /** Whether the notice went to another tier than the one asked for (R-FLOW-6). */
  readonly fellBack: boolean;
  /**
   * The last resort was used: an admin outside the case's scope (no admin covers the case), or nobody (`tier:
   * 'none'`: the relay must raise an alarm; the directory lacks an active admin).
   */
  readonly outOfScope: boolean;
  /** The tiers passed over, in order, each with why. */
  readonly skipped: readonly SkippedTier[];
  /** One line for the record (English; `skipped` carries the same as codes). */
  readonly reason: string;
  /** `R-FLOW-6` when the notice fell back. */
  readonly ruleId?: 'R-FLOW-6';
}

export interface RecipientQuery {
  readonly audience: RecipientAudience;
  readonly case: RecipientCase;
  readonly directory: readonly RecipientEntry[];
  /**
   * Users who may not receive this notice even if they hold the tier: the proposer of a plan awaiting approval
   * (R-APR-2: no one approves their own proposal), the employee the complaint is about (R-FLOW-4).
   */
  readonly exclude?: readonly string[];
}

/** Whether a directory entry covers a case: network-wide, or its outlet or department is the case's. */
export function coversCase(entry: Pick<RecipientEntry, 'outlet' | 'department'>, c: RecipientCase): boolean {
  if (entry.outlet === null && entry.department === null) return true;
  if (entry.outlet !== null && (entry.outlet === c.originOutlet || entry.outlet === c.deliveryOutlet)) return true;
  return entry.department !== null && entry.department === c.department;
}

/** The audience as what it asks for: `owner` or a role (`tier:handler` is the owner, `tier:team_lead` the role). */
export function requestedOf(audience: RecipientAudience): 'owner' | Role {
  if (audience === 'owner' || audience === 'tier:handler') return 'owner';
  return audience.slice(audience.indexOf(':') + 1) as Role;
}

/**
 * The tiers to try for a request, in order: the owner, then the chain from the team lead (R-SLA-8: the handler's
 * next tier); a chain role, then the chain above it; an auditor, then admin; an agent or investigator, then the chain.
 */
export function tiersFor(requested: 'owner' | Role): readonly ('owner' | Role)[] {
  const index = RECIPIENT_CHAIN.indexOf(requested as ChainRole);
  if (index >= 0) return RECIPIENT_CHAIN.slice(index);
  if (requested === 'auditor') return ['auditor', 'admin'];
  return [requested, ...RECIPIENT_CHAIN];
}

function scopeText(c: RecipientCase): string {
  const parts = [c.originOutlet, c.deliveryOutlet, c.department].filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : 'no outlet or department';
}

const SKIP_TEXT: Record<SkipReason, string> = {
  no_owner: 'the case has no owner',
  owner_inactive: "the owner's directory entry is inactive",
  none_in_scope: 'nobody active holds it for the case',
  only_excluded: 'only people excluded from this notice hold it',
};

/** R-FLOW-6: the users who receive a notice for `audience` about a case, climbing the tiers until someone does. */
export function chooseRecipients(q: RecipientQuery): Recipients {
  const requested = requestedOf(q.audience);
  const excluded = new Set(q.exclude ?? []);
  const active = q.directory.filter((e) => e.active);
  const skipped: SkippedTier[] = [];

  const answer = (tier: 'owner' | Role | 'none', userIds: readonly string[], outOfScope: boolean): Recipients => {
    const fellBack = tier !== requested;
    const trail = skipped.map((s) => `${s.tier}: ${SKIP_TEXT[s.reason]}`).join('; ');
    const where = `(${scopeText(q.case)})`;
    const reason =
      tier === 'none'
        ? `nobody can receive ${q.audience} ${where}: ${trail}; no active admin in the directory (R-FLOW-6)`
        : fellBack
          ? `${q.audience} ${where} went to ${tier}${outOfScope ? ' outside the case scope' : ''}: ${trail} (R-FLOW-6)`
          : `${q.audience} ${where}: ${tier}`;
    const ids = [...new Set(userIds)].sort();
    return {
      userIds: ids,
      requested,
      tier,
      fellBack,
      outOfScope,
      skipped,
      reason,
      ...(fellBack ? { ruleId: 'R-FLOW-6' } : {}),
    };
  };

  for (const tier of tiersFor(requested)) {
    if (tier === 'owner') {
      const owner = q.case.ownerId;
      const entry = owner === null ? undefined : q.directory.find((e) => e.id === owner);
      if (owner === null) skipped.push({ tier, reason: 'no_owner' });
      else if (excluded.has(owner)) skipped.push({ tier, reason: 'only_excluded' });
      else if (entry !== undefined && !entry.active) skipped.push({ tier, reason: 'owner_inactive' });
      // An owner the directory does not list (a token-only identity) still has an inbox under their id.
      else return answer('owner', [owner], false);
      continue;
    }
    const holders = active.filter((e) => e.roles.includes(tier) && coversCase(e, q.case));
    const allowed = holders.filter((e) => !excluded.has(e.id));
    if (allowed.length > 0)
      return answer(
        tier,
        allowed.map((e) => e.id),
        false,
      );
    skipped.push({ tier, reason: holders.length > 0 ? 'only_excluded' : 'none_in_scope' });
  }

  // The last resort (R-FLOW-6): an admin anywhere in the network, though not for the case's outlet or department.
  const admins = active.filter((e) => e.roles.includes('admin') && !excluded.has(e.id));
  if (admins.length > 0)
    return answer(
      'admin',
      admins.map((e) => e.id),
      true,
    );
  return answer('none', [], true);
}
