/**
 * The notification relay's activities (docs/adr/0011-notification-relay-on-temporal.md), run by `deliverNotification`
 * for each `notification_outbox` row:
 * - `planDeliveries` resolves the recipients and channels, renders each message and inserts one
 *   `notification_deliveries` row per (case, seq, recipient, channel) — the UNIQUE key, so planning twice plans once;
 *   quiet hours make a row `waiting` until the window ends;
 * - `deliver` sends one row: under the row's lock, a row already sent returns at once (a retry never sends twice);
 *   R-CON-3 parks a written reply to the customer without its sign-offs; a channel that is not configured keeps the
 *   message `held` (the development sink); otherwise it goes through the channel and is marked `sent` (the inbox:
 *   `delivered`, announced with `pg_notify` in the same transaction). A `PermanentChannelError` fails it for good;
 *   any other error is retried by Temporal with backoff;
 * - `park` is the end of a delivery that could not be sent: `parked`, with its last error, for an admin to see;
 * - `finishMessage` marks the outbox row `done`; `sweepOutbox` starts the relay of rows whose start was lost.
 * Activities read addresses from PostgreSQL when they send; what they return to Temporal is ids and states only
 * (R-SEC-1), and errors are scrubbed of addresses first.
 */
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { CaseState } from '@complaintflow/domain/case/state';
import type { ContactPoint } from '@complaintflow/domain/notice';
import { checkWrittenReplySignOff, isWrittenChannel, type Reviewer } from '@complaintflow/domain/written-reply';
import type { ContactChannel } from '@complaintflow/domain/vocabulary';
import {
  PermanentChannelError,
  type Accepted,
  type DeliveryReport,
  type NotificationChannel,
  type OutgoingMessage,
} from '@complaintflow/integrations/channel';
import { signPublicLink, type PublicLinkPurpose } from '@complaintflow/integrations/public-link';
import { caseWorkflowId, deliveryReportedSignal, type DeliveryReportSignal } from '@complaintflow/contracts';
import { ComplaintCasesRepository, type CaseAccessRow } from '@complaintflow/persistence/repositories/complaint-cases';
import {
  NotificationOutboxRepository,
  type OutboxRow,
} from '@complaintflow/persistence/repositories/notification-outbox';
import {
  DELIVERY_DONE,
  NotificationDeliveriesRepository,
  inDeliveryTransaction,
  type DeliveryRow,
  type DeliveryStatus,
  type NewDelivery,
  type RecipientKind,
} from '@complaintflow/persistence/repositories/notification-deliveries';
import type { CustomerContactLookup } from './complainant-contact';
import { allHeartbeating } from './heartbeat';
import { maskAddress, scrubError } from './masking';
import { BEIJING_OFFSET_MINUTES, CUSTOMER_QUIET_HOURS, quietUntil, type QuietWindow } from './quiet-hours';
import type { DirectoryFacts } from './directory-recipients';
import type { Recipient, RecipientFacts, ResolveRecipients } from './recipients';
import type { RenderMessage } from './render';
import { markStartedRelays, type RelayStarter } from './start';

/** One delivery as the workflow schedules it: ids and states only. */
export interface PlannedDelivery {
  readonly deliveryId: number;
  readonly recipientKind: RecipientKind;
  readonly channel: string;
  readonly status: DeliveryStatus;
  /** Quiet hours: not before this instant (epoch ms); null when it may go now. */
  readonly notBefore: number | null;
}

/** What became of one delivery. */
export interface DeliveryOutcome {
  readonly deliveryId: number;
  readonly recipientKind: RecipientKind;
  readonly channel: string;
  readonly status: DeliveryStatus;
  /** When it was sent (epoch ms), or when it was settled otherwise; null while pending. */
  readonly at: number | null;
  readonly providerRef?: string;
}

/** The channels besides the built-in inbox; one that is absent is the development sink (messages `held`). */
export type RelayChannels = Partial<Record<'email' | 'sms', NotificationChannel>>;

export interface RelayDependencies {
  readonly dataSource: DataSource;
  readonly channels: RelayChannels;
  readonly resolveRecipients: ResolveRecipients;
  readonly customerContact: CustomerContactLookup;
  readonly render: RenderMessage;
  /** How the customer reaches us (stated in every customer message). */
  readonly contact: ContactPoint;
  readonly consoleBaseUrl?: string;
  /**
   * Signs the customer's links (R-RES-1 result notice, R-REV-1 survey invitation) with the API's auth secret, so that
   * `POST /public/cases/:token/...` verifies them; `baseUrl` is where the customer opens them. Absent: those messages
   * go out as the generic notice (no link).
   */
  readonly links?: { readonly secret: string; readonly baseUrl: string };
  /** Starts relay runs (the sweeper) and signals the case workflow (delivery reports). */
  readonly starter?: RelayStarter;
  readonly utcOffsetMinutes?: number;
  /** Default 21:00–08:00; null: customers may be messaged at any hour (tests). */
  readonly customerQuietHours?: QuietWindow | null;
  readonly now?: () => number;
}

/** The reason a written reply to the customer is parked without its sign-offs (R-CON-3). */
export const R_CON_3_MISSING =
  'R-CON-3 sign-off missing(书面答复须经部门审核、法律顾问审核并经负责经理批准后方可发送 / a written reply needs ' +
  'the department review, the legal review and the manager approval before it is sent)';

/** Why a message was kept instead of sent: its channel is not configured (the development sink). */
export const HELD_REASON =
  '渠道未配置,消息未发送(开发环境,见 /dev/messages) / channel not configured: the message was NOT sent';

/** A customer who asked to be phoned (R-CON-2) is called by an agent: the text is kept for the call, not sent. */
export const PHONE_REASON =
  '电话渠道:由专员致电告知客户,消息未自动发送 / phone: an agent calls the customer; nothing was sent';

/** The case owner's task when the customer asked to be phoned: the inbox notice that asks for the call. */
export const CALL_TASK_INTRO =
  '客户希望电话联系:请致电客户并告知以下内容,通话后在工单中记录联系结果(R-CON-2)。 / The customer asked to be ' +
  'phoned: call them with the message below and record the contact on the case.';

/** The customer kinds that are written replies (R-CON-3); acknowledgements and the R-CON-1 SMS are not replies. */
export const WRITTEN_REPLY_KINDS: ReadonlySet<string> = new Set(['result_notice', 'written_notice', 'progress_notice']);

/** The customer messages that carry a signed link, and its purpose (`response` is single use, checked by the API). */
export const LINK_PURPOSES: Readonly<Record<string, PublicLinkPurpose>> = {
  result_notice: 'response', // R-RES-1, confirmed through it (R-RES-2)
  survey_invitation: 'survey', // R-REV-1
};

/** The recipient id of a placeholder row: nobody could be found for the audience (parked, visible to an admin). */
const NOBODY = 'nobody:';

const EXHAUSTED = '重试次数已用尽 / retries exhausted';

function epoch(d: Date | null): number | null {
  return d ? d.getTime() : null;
}

function plannedOf(row: DeliveryRow): PlannedDelivery {
  return {
    deliveryId: row.id,
    recipientKind: row.recipientKind,
    channel: row.channel,
    status: row.status,
    notBefore: row.status === 'waiting' ? epoch(row.nextAttemptAt) : null,
  };
}

function outcomeOf(row: DeliveryRow): DeliveryOutcome {
  const done = DELIVERY_DONE.includes(row.status);
  return {
    deliveryId: row.id,
    recipientKind: row.recipientKind,
    channel: row.channel,
    status: row.status,
    at: done ? (epoch(row.sentAt) ?? epoch(row.deliveredAt)) : Date.now(),
    ...(done && row.providerMessageId ? { providerRef: row.providerMessageId } : {}),
  };
}

function isPermanent(err: unknown): boolean {
  return err instanceof Error && err.name === 'PermanentChannelError';
}

/** How long a send already under way may still finish after the activity is cancelled (worker shutdown). */
export const SEND_GRACE_MS = 5_000;

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (a script, a test)
  }
}

/**
 * Sends unless the activity is cancelled already. Once the send is under way, a cancellation (the worker shutting
 * down) does not abandon it at once: a message the channel has accepted must be recorded as sent, or the retry would
 * send it again. The send gets `SEND_GRACE_MS` to finish; one that hangs beyond is given up (rolled back, retried).
 */
async function sendUnlessCancelled(channel: NotificationChannel, message: OutgoingMessage): Promise<Accepted> {
  const ctx = activityContext();
  if (ctx?.cancellationSignal.aborted) throw new CancelledFailure('cancelled before sending');
  const sending = channel.send(message);
  if (!ctx) return sending;
  const settled = sending.then(
    (accepted) => ({ accepted }),
    () => undefined,
  );
  const afterCancel = ctx.cancelled.catch(async (err: unknown) => {
    const late = await Promise.race([
      settled,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), SEND_GRACE_MS).unref()),
    ]);
    if (late) return late.accepted;
    throw err;
  });
  return Promise.race([sending, afterCancel]);
}

/**
 * The message a delivery row sends to `to`: its stored subject and body, in its language, keyed by (case, seq,
 * recipient, channel) — the idempotency key a retry never sends twice under.
 */
export function outgoingMessageOf(
  row: Pick<DeliveryRow, 'caseId' | 'seq' | 'recipientId' | 'channel' | 'language' | 'subject' | 'body' | 'kind'>,
  to: string,
): OutgoingMessage {
  return {
    idempotencyKey: `${row.caseId}:${row.seq}:${row.recipientId}:${row.channel}`,
    channel: row.channel as OutgoingMessage['channel'],
    to,
    language: row.language === 'en' ? 'en' : 'zh-CN',
    subject: row.subject,
    text: row.body,
    caseId: row.caseId,
    kind: row.kind,
  };
}

export function createRelayActivities(deps: RelayDependencies) {
  const ds = deps.dataSource;
  const deliveries = new NotificationDeliveriesRepository(ds);
  const outbox = new NotificationOutboxRepository(ds);
  const cases = new ComplaintCasesRepository(ds);
  const now = deps.now ?? Date.now;
  const offset = deps.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES;
  const customerQuiet = deps.customerQuietHours === undefined ? CUSTOMER_QUIET_HOURS : deps.customerQuietHours;

  // The notice's kind (the directory's per-kind channel preferences) and, R-FLOW-4, the employee complained about.
  const factsOf = (row: CaseAccessRow, kind: string): RecipientFacts & DirectoryFacts => ({
    caseId: row.id,
    ownerId: row.state.ownerId ?? null,
    originOutlet: row.originOutlet,
    deliveryOutlet: row.deliveryOutlet,
    department: row.state.department ?? null,
    kind,
    ...(row.subjectEmployeeId ? { excludeIds: [row.subjectEmployeeId] } : {}),
  });

  /** The customer's signed link for a message of `kind`, or none (a kind without a link, no link secret). */
  function customerLink(kind: string, caseId: string): string | undefined {
    const purpose = Object.hasOwn(LINK_PURPOSES, kind) ? LINK_PURPOSES[kind] : undefined;
    if (!purpose || !deps.links) return undefined;
    const { token } = signPublicLink(caseId, purpose, deps.links.secret, now());
    return `${deps.links.baseUrl.replace(/\/+$/, '')}/public/cases/${token}/${purpose}`;
  }

  /** The rows to plan for an outbox row (a placeholder when nobody can receive it). */
  async function rowsFor(message: OutboxRow, caseRow: CaseAccessRow): Promise<NewDelivery[]> {
    const state = caseRow.state;
    const at = now();
    const about = (message.payload as { about?: unknown } | null)?.about;
    const render = (channel: string, language: 'zh-CN' | 'en', signedUrl?: string) =>
      deps.render({
        kind: message.kind,
        channel,
        language,
        audience: message.audience,
        about: typeof about === 'string' ? about : undefined,
        state,
        now: at,
        contact: deps.contact,
        ...(deps.consoleBaseUrl ? { consoleBaseUrl: deps.consoleBaseUrl } : {}),
        ...(signedUrl ? { signedUrl } : {}),
      });
    const base = { caseId: message.caseId, seq: message.seq, kind: message.kind };

    if (message.audience === 'customer') {
      // R-CON-2: the channel the customer asked for (the event names it); the address is read when sending.
      const contact = await deps.customerContact(message.caseId);
      const channel = message.channel;
      const address = channel === 'email' ? contact?.email : contact?.phone;
      // The signed link is made here, once, and lives only in the rendered body of the delivery row (PostgreSQL):
      // what goes back to Temporal is the row's id and state, never the token (R-SEC-1, ADR 11).
      const text = render(channel, 'zh-CN', customerLink(message.kind, message.caseId));
      // Never at night, unless the customer asked for it at intake (`contactAtNight`).
      const wait = customerQuiet && state.intake.contactAtNight !== true ? quietUntil(at, customerQuiet, offset) : null;
      return [
        {
          ...base,
          recipientId: 'customer',
          recipientKind: 'customer',
          channel,
          addressMasked: maskAddress(channel, address),
          subject: text.subject,
          body: text.text,
          language: 'zh-CN',
          ...(wait !== null ? { status: 'waiting', nextAttemptAt: wait } : {}),
        },
      ];
    }

    const recipients = await deps.resolveRecipients(message.audience, factsOf(caseRow, message.kind));
    if (recipients.length === 0) {
      // Never dropped: a parked placeholder an admin sees (and retries once the directory has someone).
      const text = render('inbox', 'zh-CN');
      return [
        {
          ...base,
          recipientId: `${NOBODY}${message.audience}`,
          recipientKind: 'staff',
          channel: 'inbox',
          addressMasked: null,
          subject: text.subject,
          body: text.text,
          language: 'zh-CN',
          status: 'parked',
          lastError: `没有可接收此通知的人员(${message.audience}) / nobody can receive ${message.audience} for this case`,
        },
      ];
    }
    // Quiet hours hold back a non-urgent staff notice; urgent and major cases go at once (R-FLOW-3).
    const urgent = state.urgency === 'urgent' || state.urgency === 'major';
    return recipients.flatMap((r) => {
      const wait = !urgent && r.quietHours ? quietUntil(at, r.quietHours, offset) : null;
      const waiting = wait !== null ? ({ status: 'waiting', nextAttemptAt: wait } as const) : {};
      const inbox = render('inbox', r.language);
      const rows: NewDelivery[] = [
        {
          ...base,
          recipientId: r.id,
          recipientKind: 'staff',
          channel: 'inbox',
          addressMasked: null,
          subject: inbox.subject,
          body: inbox.text,
          language: r.language,
          ...waiting,
        },
      ];
      if (r.channels.email) {
        const mail = render('email', r.language);
        rows.push({
          ...base,
          recipientId: r.id,
          recipientKind: 'staff',
          channel: 'email',
          addressMasked: maskAddress('email', r.channels.email),
          subject: mail.subject,
          body: mail.text,
          language: r.language,
          ...waiting,
        });
      }
      if (r.channels.sms) {
        // A staff member who asked for this kind by SMS (the directory's preferences): short, no free text.
        const sms = render('sms', r.language);
        rows.push({
          ...base,
          recipientId: r.id,
          recipientKind: 'staff',
          channel: 'sms',
          addressMasked: maskAddress('sms', r.channels.sms),
          subject: sms.subject,
          body: sms.text,
          language: r.language,
          ...waiting,
        });
      }
      return rows;
    });
  }

  /** A placeholder planned again (an admin's retry): the recipients found now, or parked again. */
  async function replan(placeholder: DeliveryRow): Promise<PlannedDelivery[]> {
    const message = await outbox.find(placeholder.caseId, placeholder.seq);
    const caseRow = await cases.accessRow(placeholder.caseId);
    if (!message || !caseRow) {
      await deliveries.settle(placeholder.id, 'parked', null);
      return [];
    }
    const rows = await rowsFor(message, caseRow);
    if (rows.every((r) => r.recipientId.startsWith(NOBODY))) {
      await deliveries.settle(placeholder.id, 'parked', rows[0]?.lastError ?? null);
      return [];
    }
    await deliveries.insertPlanned(rows);
    await deliveries.settle(
      placeholder.id,
      'failed',
      `已重新分派给 ${new Set(rows.map((r) => r.recipientId)).size} 位接收人 / planned again for the recipients found`,
    );
    return (await deliveries.forMessage(placeholder.caseId, placeholder.seq))
      .filter((r) => !r.recipientId.startsWith(NOBODY) && (r.status === 'pending' || r.status === 'waiting'))
      .map(plannedOf);
  }

  /** The address a row goes to, read now: the customer's from their sealed record, staff's from the directory. */
  async function addressOf(row: DeliveryRow): Promise<string | undefined> {
    if (row.recipientKind === 'customer') {
      const contact = await deps.customerContact(row.caseId);
      return row.channel === 'email' ? contact?.email : contact?.phone;
    }
    const message = await outbox.find(row.caseId, row.seq);
    const caseRow = await cases.accessRow(row.caseId);
    if (!message || !caseRow) return undefined;
    const recipients = await deps.resolveRecipients(message.audience, factsOf(caseRow, message.kind));
    const found: Recipient | undefined = recipients.find((r) => r.id === row.recipientId);
    return row.channel === 'email' ? found?.channels.email : row.channel === 'sms' ? found?.channels.sms : undefined;
  }

  /**
   * The case owner's inbox task for a message the customer is to hear by phone: planned under the same (case, seq)
   * as the phone row (planned once, whatever the retries), delivered and announced in the same transaction.
   */
  async function callTask(
    tx: NotificationDeliveriesRepository,
    row: DeliveryRow,
    owner: string | undefined,
  ): Promise<void> {
    if (!owner) return;
    await tx.insertPlanned([
      {
        caseId: row.caseId,
        seq: row.seq,
        kind: row.kind,
        recipientId: owner,
        recipientKind: 'staff',
        channel: 'inbox',
        addressMasked: null,
        subject: `请致电客户 / Call the customer: ${row.subject}`,
        body: `${CALL_TASK_INTRO}\n\n${row.body}`,
        language: 'zh-CN',
      },
    ]);
    const task = (await tx.forMessage(row.caseId, row.seq)).find(
      (r) => r.recipientId === owner && r.channel === 'inbox' && r.status === 'pending',
    );
    if (!task) return;
    await tx.notifyInbox({ deliveryId: task.id, userId: owner });
    await tx.markSent(task.id, 'delivered', `inbox:${task.id}`);
  }

  /** R-CON-3: the refusal of a written reply to the customer whose sign-offs are not all recorded on the case. */
  async function signOffRefusal(row: DeliveryRow): Promise<string | undefined> {
    if (row.recipientKind !== 'customer' || !WRITTEN_REPLY_KINDS.has(row.kind)) return undefined;
    const channel = row.channel as ContactChannel;
    if (!isWrittenChannel(channel)) return undefined;
    const state: CaseState | undefined = (await cases.accessRow(row.caseId))?.state;
    if (!state) return R_CON_3_MISSING;
    const offs = state.replySignOffs ?? {};
    const who = (s: { readonly id: string; readonly role: Reviewer['roles'][number] } | undefined) =>
      s ? { id: s.id, roles: [s.role] } : undefined;
    const department = who(offs.departmentReview);
    const legal = who(offs.legalReview);
    const manager = who(offs.managerApproval);
    const check = checkWrittenReplySignOff({
      channel,
      authorId: state.ownerId,
      ...(department ? { departmentReview: department } : {}),
      ...(legal ? { legalReview: legal } : {}),
      ...(manager ? { managerApproval: manager } : {}),
    });
    return check.ok ? undefined : R_CON_3_MISSING;
  }

  /** A provider's delivery report (SMS receipt): the row becomes `delivered`/`failed`; the case is told. */
  async function onReport(channel: string, report: DeliveryReport): Promise<void> {
    const row = await deliveries.applyReport(
      channel,
      report.providerMessageId,
      report.state,
      report.at,
      report.detail ? scrubError(report.detail) : null,
    );
    if (!row || row.recipientKind !== 'customer' || !deps.starter) return;
    await signalCase(deps.starter, row, report.state, report.at, report.providerMessageId);
  }

  for (const [name, channel] of Object.entries(deps.channels) as [string, NotificationChannel | undefined][]) {
    channel?.onDeliveryReport?.((report) => {
      onReport(name, report).catch(() => undefined); // a report that cannot be applied changes nothing
    });
  }

  // Each heartbeats while it runs: an attempt lost with its worker is retried after the heartbeat timeout.
  return allHeartbeating({
    async planDeliveries(input: {
      caseId: string;
      seq: number;
      deliveryIds?: readonly number[];
    }): Promise<PlannedDelivery[]> {
      if (input.deliveryIds) {
        const out: PlannedDelivery[] = [];
        for (const id of input.deliveryIds) {
          const row = await deliveries.byId(id);
          if (!row || row.caseId !== input.caseId || row.seq !== input.seq) continue;
          if (row.recipientId.startsWith(NOBODY) && row.status === 'pending') out.push(...(await replan(row)));
          else out.push(plannedOf(row));
        }
        return out;
      }
      const existing = await deliveries.forMessage(input.caseId, input.seq);
      if (existing.length > 0) return existing.map(plannedOf); // planned by an earlier attempt
      const message = await outbox.find(input.caseId, input.seq);
      const caseRow = await cases.accessRow(input.caseId);
      if (!message || !caseRow || message.status === 'expired') return [];
      const rows = await rowsFor(message, caseRow);
      await inDeliveryTransaction(ds, (tx) => tx.insertPlanned(rows)); // all of them or none (a retry plans afresh)
      return (await deliveries.forMessage(input.caseId, input.seq)).map(plannedOf);
    },

    async deliver(input: { deliveryId: number }): Promise<DeliveryOutcome> {
      try {
        // What the send needs from other tables is read BEFORE the row's transaction: a read on a second pool
        // connection while the transaction holds one could deadlock the pool under as many concurrent sends as it
        // has connections (found by the chaos suite, docs/adr/0020). Under the lock, the row itself decides.
        const before = await deliveries.byId(input.deliveryId);
        if (!before)
          throw ApplicationFailure.nonRetryable(`delivery ${input.deliveryId} does not exist`, 'DeliveryMissing');
        const open = before.status === 'pending' || before.status === 'waiting';
        const refusal = open ? await signOffRefusal(before) : undefined;
        const isCall = before.channel === 'phone' && before.recipientKind === 'customer';
        const owner = open && isCall ? (await cases.accessRow(before.caseId))?.state.ownerId : undefined;
        const channel = deps.channels[before.channel as keyof RelayChannels];
        const to = open && !refusal && channel && before.channel !== 'inbox' ? await addressOf(before) : undefined;
        return await inDeliveryTransaction(ds, async (tx) => {
          const row = await tx.lock(input.deliveryId);
          if (!row)
            throw ApplicationFailure.nonRetryable(`delivery ${input.deliveryId} does not exist`, 'DeliveryMissing');
          // Sent, delivered, read (a retry never sends twice), or settled otherwise: nothing to do.
          if (row.status !== 'pending' && row.status !== 'waiting') return outcomeOf(row);
          if (refusal) return outcomeOf((await tx.settle(row.id, 'parked', refusal)) ?? row);
          if (row.channel === 'inbox') {
            // The inbox row is the message: delivered, and announced to the API at commit.
            await tx.notifyInbox({ deliveryId: row.id, userId: row.recipientId });
            return outcomeOf(await tx.markSent(row.id, 'delivered', `inbox:${row.id}`));
          }
          if (isCall) {
            // R-CON-2: an agent calls; the case owner gets the call as a task in the inbox, with the text to tell.
            await callTask(tx, row, owner);
            return outcomeOf((await tx.settle(row.id, 'held', PHONE_REASON)) ?? row);
          }
          if (!channel) return outcomeOf((await tx.settle(row.id, 'held', HELD_REASON)) ?? row);
          if (!to) {
            throw new PermanentChannelError(`no ${row.channel} address on record for the recipient`);
          }
          const accepted: Accepted = await sendUnlessCancelled(channel, outgoingMessageOf(row, to));
          return outcomeOf(await tx.markSent(row.id, 'sent', accepted.providerMessageId));
        });
      } catch (err) {
        if (err instanceof ApplicationFailure) throw err;
        if (err instanceof CancelledFailure) {
          // Interrupted (the worker shutting down) before anything was sent or recorded: a plain retryable failure,
          // so that the server schedules the next attempt at once (it accepts "cancelled" only when it asked for it).
          throw ApplicationFailure.retryable(`interrupted: ${err.message}`, 'DeliveryInterrupted');
        }
        const text = scrubError(err);
        await deliveries.recordFailure(input.deliveryId, text).catch(() => undefined);
        if (isPermanent(err)) throw ApplicationFailure.nonRetryable(text, 'PermanentChannelError');
        throw ApplicationFailure.retryable(text, 'ChannelError');
      }
    },

    async park(input: { deliveryId: number }): Promise<DeliveryOutcome> {
      const before = await deliveries.byId(input.deliveryId);
      if (!before)
        throw ApplicationFailure.nonRetryable(`delivery ${input.deliveryId} does not exist`, 'DeliveryMissing');
      const row = await deliveries.settle(input.deliveryId, 'parked', before.lastError ? null : EXHAUSTED);
      return outcomeOf(row ?? before);
    },

    async finishMessage(input: { caseId: string; seq: number }): Promise<void> {
      await outbox.markDone(input.caseId, input.seq);
    },

    async sweepOutbox(input: { olderThanMs: number }): Promise<number> {
      if (!deps.starter) return 0;
      const rows = await outbox.unstarted(input.olderThanMs);
      return markStartedRelays(deps.starter, ds, rows);
    },
  });
}

export type RelayActivityFunctions = ReturnType<typeof createRelayActivities>;

/** Tells the case workflow what became of a customer message; a case that is gone or finished is not told. */
export async function signalCase(
  starter: RelayStarter,
  row: Pick<DeliveryRow, 'caseId' | 'seq' | 'channel'>,
  state: DeliveryReportSignal['state'],
  at: number,
  providerRef?: string,
): Promise<void> {
  try {
    await starter.client.workflow.getHandle(caseWorkflowId(row.caseId)).signal(deliveryReportedSignal, {
      seq: row.seq,
      channel: row.channel as DeliveryReportSignal['channel'],
      state,
      at,
      ...(providerRef ? { providerRef } : {}),
    });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return;
    throw err;
  }
}
