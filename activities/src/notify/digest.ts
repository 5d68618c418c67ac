/**
 * The daily digest of open escalations to each manager (issue 11 "Quiet hours for staff"): rather than only the one
 * notice at the moment a case reached them (R-SLA-8), every morning each active manager gets one message listing the
 * open cases escalated to the manager tier that they cover (the case's origin or delivery outlet, its department, or
 * network-wide: `coversCase`, R-FLOW-6's scope). Run by the `escalationDigest` workflow, which a Temporal Schedule
 * starts at 09:00 Beijing time (the start of the service hours).
 *
 * - One message per manager and day: the in-app inbox always, e-mail too when their preferences list `email` for
 *   `escalation_digest` (else as for `escalation`) and the directory has their address. Each is a
 *   `notification_deliveries` row (`EscalationDigestRepository`: anchored on the oldest case listed, `seq = -YYYYMMDD`),
 *   so planning the day's digest twice plans it once, and sending goes through the relay's channels with the same
 *   rules: a row already sent is never sent again, a channel not configured keeps it `held`, a permanent refusal is not
 *   retried, an exhausted one is parked by the relay's `park`.
 * - A manager's quiet hours hold the message back (`waiting`) like any non-urgent staff notice.
 * - No personal data: case numbers, categories, stages and deadlines only; the address is read from the directory when
 *   sending and stored masked (R-SEC-1). What returns to Temporal is delivery ids and states.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { tierLevel } from '@complaintflow/domain/escalation';
import { coversCase } from '@complaintflow/domain/recipients';
import { CATEGORIES, STAGES, TERMINAL_STAGES, URGENCIES } from '@complaintflow/domain/vocabulary';
import { PermanentChannelError } from '@complaintflow/integrations/channel';
import {
  ESCALATION_DIGEST_KIND,
  EscalationDigestRepository,
  type EscalatedCaseRow,
} from '@complaintflow/persistence/repositories/escalation-digest';
import {
  NotificationDeliveriesRepository,
  inDeliveryTransaction,
  type DeliveryRow,
  type DeliveryStatus,
  type NewDelivery,
} from '@complaintflow/persistence/repositories/notification-deliveries';
import { StaffDirectoryRepository, type StaffUser } from '@complaintflow/persistence/repositories/staff-directory';
import { channelsOf } from './directory-recipients';
import { maskAddress, scrubError } from './masking';
import { BEIJING_OFFSET_MINUTES, quietUntil } from './quiet-hours';
import { HELD_REASON, outgoingMessageOf, type RelayChannels } from './relay-activities';
import { caseNumberOf } from './render';

export { ESCALATION_DIGEST_KIND };

/** The workflow type the schedule starts (`workflows/src/escalation-digest.ts`). */
export const ESCALATION_DIGEST_WORKFLOW = 'escalationDigest';

/** The tier whose open cases the digest lists (R-SLA-8: the top of the chain). */
export const DIGEST_TIER = 'manager' as const;

/** When the schedule starts the digest: 09:00 Beijing time every day (the start of the default service hours). */
export const DIGEST_CRON = '0 9 * * *';
export const DIGEST_TIMEZONE = 'Asia/Shanghai';

/** The Beijing calendar day of `at` as `YYYY-MM-DD`. */
export function digestDay(at: number, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  return new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The `seq` of a day's digest rows: `-YYYYMMDD` (case events are numbered from 1, so it never meets one). */
export function digestSeq(at: number, offsetMinutes = BEIJING_OFFSET_MINUTES): number {
  return -Number(digestDay(at, offsetMinutes).replace(/-/g, ''));
}

/** One manager's digest: the cases they cover, oldest first. */
export interface ManagerDigest {
  readonly manager: StaffUser;
  readonly cases: readonly EscalatedCaseRow[];
}

/** Each active manager with the open escalated cases they cover (R-FLOW-6 scope); managers with none are left out. */
export function digestsFor(managers: readonly StaffUser[], cases: readonly EscalatedCaseRow[]): ManagerDigest[] {
  return managers
    .filter((m) => m.active && m.roles.includes(DIGEST_TIER))
    .map((manager) => ({
      manager,
      cases: cases.filter((c) =>
        coversCase(manager, {
          originOutlet: c.originOutlet,
          deliveryOutlet: c.deliveryOutlet,
          department: c.department,
          ownerId: null,
        }),
      ),
    }))
    .filter((d) => d.cases.length > 0);
}

function label(table: Readonly<Record<string, { zh: string; en: string }>>, key: string, en: boolean): string {
  const entry = Object.hasOwn(table, key) ? table[key] : undefined;
  return entry ? (en ? entry.en : entry.zh) : key;
}

/** `YYYY-MM-DD HH:MM`, Beijing time. */
function beijing(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface DigestText {
  readonly subject: string;
  readonly text: string;
}

/** The digest's text in the manager's language (zh-CN by default): one line per case, no personal data (R-SEC-1). */
export function renderDigest(input: {
  readonly language: 'zh-CN' | 'en';
  readonly at: number;
  readonly cases: readonly EscalatedCaseRow[];
  readonly consoleBaseUrl?: string;
  readonly offsetMinutes?: number;
}): DigestText {
  const en = input.language === 'en';
  const offset = input.offsetMinutes ?? BEIJING_OFFSET_MINUTES;
  const day = digestDay(input.at, offset);
  const n = input.cases.length;
  const lines = input.cases.map((c, i) => {
    const number = caseNumberOf(c.caseId);
    const category = label(CATEGORIES, c.category, en);
    const stage = label(STAGES, c.stage, en);
    const urgency = label(URGENCIES, c.urgency, en);
    const received = beijing(c.receivedAt, offset);
    const overdue = c.nextDueAt !== null && c.nextDueAt.getTime() <= input.at;
    const path = `${input.consoleBaseUrl ?? ''}/cases/${c.caseId}`;
    if (en) {
      const due =
        c.nextDueAt === null ? 'no deadline running' : overdue ? 'overdue' : `due ${beijing(c.nextDueAt, offset)}`;
      return `${i + 1}. Case ${number} (${category.toLowerCase()}, ${stage.toLowerCase()}, ${urgency.toLowerCase()}), received ${received}, ${due}. Open: ${path}`;
    }
    const due = c.nextDueAt === null ? '无进行中的时限' : overdue ? '已超时' : `时限 ${beijing(c.nextDueAt, offset)}`;
    return `${i + 1}. 投诉${number}(${category},${stage},${urgency}),受理于 ${received},${due}。处理:${path}`;
  });
  if (en) {
    return {
      subject: `Daily digest of escalated cases (${day}): ${n} open`,
      text: `${n} open case${n === 1 ? '' : 's'} escalated to the manager tier (as of ${day}, Beijing time):\n${lines.join('\n')}`,
    };
  }
  return {
    subject: `每日升级工单汇总(${day}):${n} 件未办结`,
    text: `截至 ${day}(北京时间),以下 ${n} 件投诉已升级至经理层级、尚未办结:\n${lines.join('\n')}`,
  };
}

/** One digest delivery as the workflow schedules it: ids and states only. */
export interface PlannedDigest {
  readonly deliveryId: number;
  readonly channel: string;
  readonly status: DeliveryStatus;
  /** Quiet hours: not before this instant (epoch ms); null when it may go now. */
  readonly notBefore: number | null;
}

export interface DigestOutcome {
  readonly deliveryId: number;
  readonly channel: string;
  readonly status: DeliveryStatus;
}

export interface DigestDependencies {
  readonly dataSource: DataSource;
  /** The relay's channels; an absent one keeps its messages `held` (the development sink). */
  readonly channels: RelayChannels;
  readonly consoleBaseUrl?: string;
  readonly utcOffsetMinutes?: number;
}

/** Which kind's preferences choose the digest's channels: its own when listed, else those of `escalation`. */
function preferenceKind(user: StaffUser): string {
  return user.preferences.channels[ESCALATION_DIGEST_KIND] ? ESCALATION_DIGEST_KIND : 'escalation';
}

function plannedOf(row: DeliveryRow): PlannedDigest {
  return {
    deliveryId: row.id,
    channel: row.channel,
    status: row.status,
    notBefore: row.status === 'waiting' && row.nextAttemptAt ? row.nextAttemptAt.getTime() : null,
  };
}

export function createDigestActivities(deps: DigestDependencies) {
  const ds = deps.dataSource;
  const digests = new EscalationDigestRepository(ds);
  const deliveries = new NotificationDeliveriesRepository(ds);
  const staff = StaffDirectoryRepository.on(ds);
  const offset = deps.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES;

  /** The rows of one manager's digest. */
  function rowsOf(d: ManagerDigest, at: number, seq: number): NewDelivery[] {
    const m = d.manager;
    const text = renderDigest({
      language: m.language,
      at,
      cases: d.cases,
      offsetMinutes: offset,
      ...(deps.consoleBaseUrl ? { consoleBaseUrl: deps.consoleBaseUrl } : {}),
    });
    const wait = quietUntil(at, m.preferences.quietHours, offset);
    const waiting = wait !== null ? ({ status: 'waiting', nextAttemptAt: wait } as const) : {};
    const base = {
      caseId: d.cases[0]!.caseId,
      seq,
      recipientId: m.id,
      recipientKind: 'staff',
      kind: ESCALATION_DIGEST_KIND,
      subject: text.subject,
      body: text.text,
      language: m.language,
      ...waiting,
    } as const;
    const channels = channelsOf(m, preferenceKind(m));
    return [
      { ...base, channel: 'inbox', addressMasked: null },
      ...(channels.email ? [{ ...base, channel: 'email', addressMasked: maskAddress('email', channels.email) }] : []),
    ];
  }

  return {
    /** Plans today's digest of every manager with open escalations (once per day); returns its deliveries. */
    async planEscalationDigests(input: { at: number }): Promise<PlannedDigest[]> {
      const seq = digestSeq(input.at, offset);
      const managers = await staff.listActiveForRecipients([DIGEST_TIER]);
      const cases = await digests.openEscalatedCases({
        minLevel: tierLevel(DIGEST_TIER),
        terminalStages: TERMINAL_STAGES,
      });
      const due = digestsFor(managers, cases);
      const ids = due.map((d) => d.manager.id);
      const already = new Set((await digests.plannedFor(seq, ids)).map((r) => r.recipientId));
      const rows = due.filter((d) => !already.has(d.manager.id)).flatMap((d) => rowsOf(d, input.at, seq));
      await inDeliveryTransaction(ds, (tx) => tx.insertPlanned(rows));
      const planned = await digests.plannedFor(seq, ids);
      const out: PlannedDigest[] = [];
      for (const p of planned) {
        const row = await deliveries.byId(p.id);
        if (row) out.push(plannedOf(row));
      }
      return out;
    },

    /** Sends one digest delivery; a row already sent (or settled) is returned as it is. */
    async deliverDigest(input: { deliveryId: number }): Promise<DigestOutcome> {
      const outcome = (row: DeliveryRow): DigestOutcome => ({
        deliveryId: row.id,
        channel: row.channel,
        status: row.status,
      });
      try {
        return await inDeliveryTransaction(ds, async (tx) => {
          const row = await tx.lock(input.deliveryId);
          if (!row || row.kind !== ESCALATION_DIGEST_KIND)
            throw ApplicationFailure.nonRetryable(`digest ${input.deliveryId} does not exist`, 'DeliveryMissing');
          if (row.status !== 'pending' && row.status !== 'waiting') return outcome(row);
          if (row.channel === 'inbox') {
            await tx.notifyInbox({ deliveryId: row.id, userId: row.recipientId });
            return outcome(await tx.markSent(row.id, 'delivered', `inbox:${row.id}`));
          }
          const channel = deps.channels[row.channel as keyof RelayChannels];
          if (!channel) return outcome((await tx.settle(row.id, 'held', HELD_REASON)) ?? row);
          const entry = await staff.find(row.recipientId);
          const to = row.channel === 'email' ? entry?.email : entry?.phone;
          if (!to || !entry?.active) throw new PermanentChannelError(`no ${row.channel} address on record`);
          const message = outgoingMessageOf(row, to);
          const accepted = await channel.send(message);
          return outcome(await tx.markSent(row.id, 'sent', accepted.providerMessageId));
        });
      } catch (err) {
        if (err instanceof ApplicationFailure) throw err;
        if (err instanceof CancelledFailure) throw ApplicationFailure.retryable(`interrupted: ${err.message}`);
        const text = scrubError(err);
        await deliveries.recordFailure(input.deliveryId, text).catch(() => undefined);
        if (err instanceof Error && err.name === 'PermanentChannelError')
          throw ApplicationFailure.nonRetryable(text, 'PermanentChannelError');
        throw ApplicationFailure.retryable(text, 'ChannelError');
      }
    },
  };
}

export type DigestActivityFunctions = ReturnType<typeof createDigestActivities>;

/** How far back a missed digest is still worth starting (the worker was down at 09:00). */
export const DIGEST_CATCHUP_MS = 6 * 3_600_000;

/** The schedule's id for a task queue (one digest per task queue's worker fleet). */
export function digestScheduleId(taskQueue: string): string {
  return `escalation-digest:${taskQueue}`;
}
