/**
 * The notification relay on Temporal (docs/adr/0011-notification-relay-on-temporal.md): its activities, how its
 * workflows are started, and `createNotificationRelay`, the one call a worker makes to wire it.
 */
import type { Client } from '@temporalio/client';
import { PRODUCTION_DELIVERY_RETRY } from '@complaintflow/contracts';
import type { DataSource } from 'typeorm';
import type { ContactPoint } from '@complaintflow/domain/notice';
import { complainantContactLookup, piiRootKey, type CustomerContactLookup } from './complainant-contact';
import type { QuietWindow } from './quiet-hours';
import { ownerOnlyRecipients, type ResolveRecipients } from './recipients';
import { createRelayActivities, type RelayChannels } from './relay-activities';
import { renderNotification, type RenderMessage } from './render';
import { NOTIFICATION_SWEEPER_WORKFLOW, type DeliveryRetryOptions, type RelayStarter } from './start';
import { ScheduleAlreadyRunning } from '@temporalio/client';
import {
  DIGEST_CATCHUP_MS,
  DIGEST_CRON,
  DIGEST_TIMEZONE,
  ESCALATION_DIGEST_WORKFLOW,
  createDigestActivities,
  digestScheduleId,
} from './digest';

export * from './complainant-contact';
export * from './digest';
export * from './directory-recipients';
export * from './masking';
export * from './quiet-hours';
export * from './recipients';
export * from './relay-activities';
export * from './render';
export * from './start';

export { PRODUCTION_DELIVERY_RETRY };

/** What a worker may set; everything has a default. */
export interface NotificationRelayOptions {
  /** E-mail and SMS channels (`@complaintflow/integrations`); an absent one keeps its messages `held` (dev sink). */
  readonly channels?: RelayChannels;
  /** Default: the owner's inbox only (the staff directory's resolver replaces it). */
  readonly resolveRecipients?: ResolveRecipients;
  /** Default: `case_complainants` opened with `piiRootKey`. */
  readonly customerContact?: CustomerContactLookup;
  /** The personal-data root key; default from `PII_KEY`, else `JWT_SECRET`, as the API derives it. */
  readonly piiRootKey?: Buffer;
  readonly render?: RenderMessage;
  /** How customers reach us; default `publicBaseUrl`. */
  readonly contact?: ContactPoint;
  readonly consoleBaseUrl?: string;
  /**
   * The secret the customer's signed links are signed with: the API's auth secret (`JWT_SECRET`), under which
   * `POST /public/cases/:token/response|survey` verifies them. With it the result notice (R-RES-1) carries the
   * `response` link and the survey invitation (R-REV-1) the `survey` link, signed when the delivery is planned.
   * Without it no link can be made that the API would accept: those two messages go out as the generic notice (the
   * case number and how to reach us) instead.
   */
  readonly linkSecret?: string;
  /** Where the customer opens the signed links; default `PUBLIC_BASE_URL`, else http://127.0.0.1:3000 (the local API). */
  readonly publicBaseUrl?: string;
  readonly utcOffsetMinutes?: number;
  readonly customerQuietHours?: QuietWindow | null;
  readonly retry?: DeliveryRetryOptions;
  /** The sweeper's period and how old an unstarted row must be; `false`: no sweeper from this worker. */
  readonly sweep?: { readonly intervalMs: number; readonly olderThanMs: number } | false;
  /**
   * The daily digest of open escalations to each manager (issue 11): the Temporal Schedule this worker ensures at
   * start (default 09:00 Asia/Shanghai every day); `false`: none from this worker (the digest can still be run).
   */
  readonly digest?: { readonly cron?: string; readonly timezone?: string } | false;
}

export interface NotificationRelay {
  /** For `createCaseActivities`: starts a row's relay right after the recording transaction commits. */
  readonly starter: RelayStarter;
  /** The relay's activities and the escalation digest's (`planEscalationDigests`, `deliverDigest`). */
  readonly activities: ReturnType<typeof createRelayActivities> & ReturnType<typeof createDigestActivities>;
  /** Starts (or finds running) this task queue's sweeper workflow. */
  startSweeper(): Promise<void>;
  /** Creates this task queue's digest schedule unless it exists (idempotent); `created` or `exists`. */
  ensureDigestSchedule(): Promise<'created' | 'exists' | 'off'>;
}

export function createNotificationRelay(
  ctx: { readonly client: Client; readonly taskQueue: string; readonly dataSource: DataSource },
  options: NotificationRelayOptions = {},
): NotificationRelay {
  const starter: RelayStarter = {
    client: ctx.client,
    taskQueue: ctx.taskQueue,
    retry: options.retry ?? PRODUCTION_DELIVERY_RETRY,
  };
  const root = options.piiRootKey ?? piiRootKey(process.env.PII_KEY, process.env.JWT_SECRET);
  const publicBaseUrl = options.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000';
  const activities = createRelayActivities({
    dataSource: ctx.dataSource,
    channels: options.channels ?? {},
    resolveRecipients: options.resolveRecipients ?? ownerOnlyRecipients,
    customerContact: options.customerContact ?? complainantContactLookup(ctx.dataSource, root),
    render: options.render ?? renderNotification,
    contact: options.contact ?? { url: publicBaseUrl },
    ...(options.consoleBaseUrl ? { consoleBaseUrl: options.consoleBaseUrl } : {}),
    // No link secret: the result notice and the survey invitation are the generic notice (no link the API accepts).
    ...(options.linkSecret ? { links: { secret: options.linkSecret, baseUrl: publicBaseUrl } } : {}),
    starter,
    ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
    ...(options.customerQuietHours !== undefined ? { customerQuietHours: options.customerQuietHours } : {}),
  });
  const sweep = options.sweep ?? { intervalMs: 30_000, olderThanMs: 10_000 };
  // The escalation digest sends through the same channels (issue 11).
  const digestActivities = createDigestActivities({
    dataSource: ctx.dataSource,
    channels: options.channels ?? {},
    ...(options.consoleBaseUrl ? { consoleBaseUrl: options.consoleBaseUrl } : {}),
    ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
  });
  const digest = options.digest ?? {};
  return {
    starter,
    activities: { ...activities, ...digestActivities },
    async ensureDigestSchedule() {
      if (digest === false) return 'off';
      const scheduleId = digestScheduleId(ctx.taskQueue);
      try {
        await ctx.client.schedule.create({
          scheduleId,
          spec: { cronExpressions: [digest.cron ?? DIGEST_CRON], timezone: digest.timezone ?? DIGEST_TIMEZONE },
          action: {
            type: 'startWorkflow',
            workflowType: ESCALATION_DIGEST_WORKFLOW,
            taskQueue: ctx.taskQueue,
            workflowId: scheduleId,
            args: [{ retry: starter.retry ?? PRODUCTION_DELIVERY_RETRY }],
          },
          // One digest at a time; a morning missed while the workers were down is still sent within the window.
          policies: { overlap: 'SKIP', catchupWindow: DIGEST_CATCHUP_MS },
          memo: { description: '每日升级工单汇总(经理) / daily digest of open escalations to each manager' },
        });
        return 'created';
      } catch (err) {
        if (err instanceof ScheduleAlreadyRunning) return 'exists';
        throw err;
      }
    },
    async startSweeper() {
      if (sweep === false) return;
      await ctx.client.workflow.start(NOTIFICATION_SWEEPER_WORKFLOW, {
        taskQueue: ctx.taskQueue,
        workflowId: `notify-sweeper:${ctx.taskQueue}`,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [sweep],
      });
    },
  };
}
