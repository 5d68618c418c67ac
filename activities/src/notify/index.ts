/**
 * The notification relay on Temporal (docs/adr/0011-notification-relay-on-temporal.md): its activities, how its
 * workflows are started, and `createNotificationRelay`, the one call a worker makes to wire it.
 */
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { ContactPoint } from '@complaintflow/domain/notice';
import { complainantContactLookup, piiRootKey, type CustomerContactLookup } from './complainant-contact';
import type { QuietWindow } from './quiet-hours';
import { ownerOnlyRecipients, type ResolveRecipients } from './recipients';
import { createRelayActivities, type RelayChannels } from './relay-activities';
import { renderNotification, type RenderMessage } from './render';
import { NOTIFICATION_SWEEPER_WORKFLOW, type DeliveryRetryOptions, type RelayStarter } from './start';

export * from './complainant-contact';
export * from './masking';
export * from './quiet-hours';
export * from './recipients';
export * from './relay-activities';
export * from './render';
export * from './start';

/** Exponential backoff of one send in production: 30 s, 1 min, 2 min, … up to 30 min, 8 attempts (about 2 h). */
export const PRODUCTION_DELIVERY_RETRY: DeliveryRetryOptions = {
  maximumAttempts: 8,
  initialIntervalMs: 30_000,
  maximumIntervalMs: 30 * 60_000,
  backoffCoefficient: 2,
};

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
  /** How customers reach us; default `PUBLIC_BASE_URL` (else the local API). */
  readonly contact?: ContactPoint;
  readonly consoleBaseUrl?: string;
  readonly utcOffsetMinutes?: number;
  readonly customerQuietHours?: QuietWindow | null;
  readonly retry?: DeliveryRetryOptions;
  /** The sweeper's period and how old an unstarted row must be; `false`: no sweeper from this worker. */
  readonly sweep?: { readonly intervalMs: number; readonly olderThanMs: number } | false;
}

export interface NotificationRelay {
  /** For `createCaseActivities`: starts a row's relay right after the recording transaction commits. */
  readonly starter: RelayStarter;
  readonly activities: ReturnType<typeof createRelayActivities>;
  /** Starts (or finds running) this task queue's sweeper workflow. */
  startSweeper(): Promise<void>;
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
  const activities = createRelayActivities({
    dataSource: ctx.dataSource,
    channels: options.channels ?? {},
    resolveRecipients: options.resolveRecipients ?? ownerOnlyRecipients,
    customerContact: options.customerContact ?? complainantContactLookup(ctx.dataSource, root),
    render: options.render ?? renderNotification,
    contact: options.contact ?? { url: process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000' },
    ...(options.consoleBaseUrl ? { consoleBaseUrl: options.consoleBaseUrl } : {}),
    starter,
    ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
    ...(options.customerQuietHours !== undefined ? { customerQuietHours: options.customerQuietHours } : {}),
  });
  const sweep = options.sweep ?? { intervalMs: 30_000, olderThanMs: 10_000 };
  return {
    starter,
    activities,
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
