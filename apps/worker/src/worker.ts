/**
 * Builds the case worker: the complaint workflow (from the prebuilt bundle in production, from source otherwise)
 * and the activities bound to the database.
 */
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import {
  createCaseActivities,
  createNotificationRelay,
  createReportActivities,
  type NotificationRelayOptions,
  type RelayChannels,
} from '@complaintflow/activities';
import type { Logger } from '@complaintflow/config';
import type { ChannelConfig } from '@complaintflow/integrations/config';
import { createEmailChannel } from '@complaintflow/integrations/email';
import { createSmsChannel } from '@complaintflow/integrations/sms';
import { prebuiltWorkflowBundlePath, workflowBundlerOptions, workflowsPath } from '@complaintflow/workflows/code';

/** The relay's channels built from their configuration, and how to close them (on shutdown). */
export interface WorkerChannels {
  readonly channels: RelayChannels;
  close(): Promise<void>;
}

/**
 * The e-mail and SMS channels of `channelConfigFromEnv` (docs/notifications-channels.md): a configured one is created
 * (SMTP, SMPP with its delivery receipts), an absent one is left out, so the relay keeps its messages `held` (the
 * development sink at /dev/messages). A half-set one never gets here: `channelConfigFromEnv` refuses it.
 */
export function createChannels(config: ChannelConfig, logger?: Logger): WorkerChannels {
  const channels: { email?: RelayChannels['email']; sms?: RelayChannels['sms'] } = {};
  if (config.email.state === 'configured') {
    channels.email = createEmailChannel({ ...config.email.options, ...(logger ? { logger } : {}) });
  }
  if (config.sms.state === 'configured') {
    channels.sms = createSmsChannel({ ...config.sms.options, ...(logger ? { logger } : {}) });
  }
  return {
    channels,
    async close() {
      await Promise.all(Object.values(channels).map((c) => c?.close().catch(() => undefined)));
    },
  };
}

export interface CaseWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly dataSource: DataSource;
  /** The payload codec and failure converter (libs/temporal `encryptedDataConverter`, docs/adr/0017). */
  readonly dataConverter: DataConverter;
  /** A prebuilt workflow bundle (`npm run build` writes workflows/dist/workflow-bundle.js); default: from source. */
  readonly workflowBundlePath?: string;
  readonly identity?: string;
  /** The notification relay's channels, recipients, retry policy, sweeper (docs/adr/0011); defaults otherwise. */
  readonly notify?: NotificationRelayOptions;
  /** Deployment options (apps/worker/src/deployment.ts: tuning, shutdown grace, tracing interceptors). */
  readonly workerOptions?: Partial<WorkerOptions>;
}

/** The prebuilt bundle of the compiled workflows package, if there is one. */
export const defaultWorkflowBundlePath = prebuiltWorkflowBundlePath;

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  const bundle = opts.workflowBundlePath;
  const relay = createNotificationRelay(
    {
      client: new Client({ connection: opts.connection, namespace: opts.namespace, dataConverter: opts.dataConverter }),
      ...opts,
    },
    opts.notify,
  );
  await relay.startSweeper();
  // The daily digest of open escalations to each manager (issue 11): a Temporal Schedule, created once, kept after.
  await relay.ensureDigestSchedule();
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(bundle
      ? { workflowBundle: { codePath: bundle } }
      : { workflowsPath: workflowsPath(), bundlerOptions: workflowBundlerOptions }),
    activities: {
      ...createCaseActivities(opts.dataSource, relay.starter),
      ...relay.activities,
      // The regulator's month and the early warning (issue 12, R-REG-1, R-RPT-2).
      ...createReportActivities(opts.dataSource),
    },
    ...opts.workerOptions,
  });
}
