/**
 * The daily digest of open escalations to each manager (issue 11 "Quiet hours for staff"): the open cases that have
 * reached a tier (`complaint_cases.escalation_level`, R-SLA-8), and the digests already planned for a day
 * (`notification_deliveries` rows of kind `escalation_digest`). Who covers which case (outlet, department, network-wide)
 * is the domain's `coversCase`, applied by the caller; this file only reads rows.
 *
 * A digest is a delivery row like any other (the inbox is the `channel = 'inbox'` rows), anchored on one of the cases it
 * lists (the oldest), with a negative `seq` of its own per Beijing day (`-YYYYMMDD`; events are numbered from 1), so
 * that the UNIQUE (case, seq, recipient, channel) key makes planning a day's digest twice plan it once.
 */
import type { Queryable } from './db';

/** The kind of a digest's delivery rows. */
export const ESCALATION_DIGEST_KIND = 'escalation_digest';

/** One open escalated case, as far as a digest lists it: ids, scope, stage and times; no personal data. */
export interface EscalatedCaseRow {
  readonly caseId: string;
  readonly stage: string;
  readonly category: string;
  readonly urgency: string;
  readonly tier: string;
  readonly escalationLevel: number;
  readonly originOutlet: string | null;
  readonly deliveryOutlet: string | null;
  readonly department: string | null;
  readonly receivedAt: Date;
  /** From when the case is overdue if nothing more happens, or null. */
  readonly nextDueAt: Date | null;
}

/** A digest row already planned for a day. */
export interface PlannedDigestRow {
  readonly id: number;
  readonly caseId: string;
  readonly recipientId: string;
  readonly channel: string;
}

interface EscalatedDbRow {
  id: string;
  stage: string;
  category: string;
  urgency: string;
  tier: string | null;
  escalation_level: number;
  origin_outlet: string | null;
  delivery_outlet: string | null;
  department: string | null;
  received_at: Date;
  next_due_at: Date | null;
}

export class EscalationDigestRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * The open cases (stage not among `terminalStages`) escalated to `minLevel` or above, oldest first, at most `limit`.
   */
  async openEscalatedCases(opts: {
    readonly minLevel: number;
    readonly terminalStages: readonly string[];
    readonly limit?: number;
  }): Promise<EscalatedCaseRow[]> {
    const rows: EscalatedDbRow[] = await this.db.query(
      `SELECT id, stage, category, urgency, state->>'tier' AS tier, escalation_level, origin_outlet, delivery_outlet,
              department, received_at, next_due_at
         FROM complaint_cases
        WHERE escalation_level >= $1 AND stage <> ALL($2::text[])
        ORDER BY received_at, id
        LIMIT $3`,
      [opts.minLevel, [...opts.terminalStages], Math.min(Math.max(opts.limit ?? 5000, 1), 20_000)],
    );
    return rows.map((r) => ({
      caseId: r.id,
      stage: r.stage,
      category: r.category,
      urgency: r.urgency,
      tier: r.tier ?? '',
      escalationLevel: Number(r.escalation_level),
      originOutlet: r.origin_outlet,
      deliveryOutlet: r.delivery_outlet,
      department: r.department,
      receivedAt: r.received_at,
      nextDueAt: r.next_due_at,
    }));
  }

  /** The digest rows planned for `seq` (a day) for these recipients, whatever case they are anchored on. */
  async plannedFor(seq: number, recipientIds: readonly string[]): Promise<PlannedDigestRow[]> {
    if (recipientIds.length === 0) return [];
    const rows: { id: string; case_id: string; recipient_id: string; channel: string }[] = await this.db.query(
      `SELECT id, case_id, recipient_id, channel FROM notification_deliveries
        WHERE seq = $1 AND kind = $2 AND recipient_kind = 'staff' AND recipient_id = ANY($3::text[])
        ORDER BY id`,
      [seq, ESCALATION_DIGEST_KIND, [...recipientIds]],
    );
    return rows.map((r) => ({ id: Number(r.id), caseId: r.case_id, recipientId: r.recipient_id, channel: r.channel }));
  }
}
