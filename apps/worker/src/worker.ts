/**
 * Builds the case worker: the complaint workflow (from the prebuilt bundle in production, from source otherwise)
 * and the activities bound to the database.
 */
import { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import {
  createCaseActivities,
  createNotificationRelay,
  type NotificationRelayOptions,
} from '@complaintflow/activities';
import { prebuiltWorkflowBundlePath, workflowBundlerOptions, workflowsPath } from '@complaintflow/workflows/code';

export interface CaseWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly dataSource: DataSource;
  /** A prebuilt workflow bundle (`npm run build` writes workflows/dist/workflow-bundle.js); default: from source. */
  readonly workflowBundlePath?: string;
  readonly identity?: string;
  /** The notification relay's channels, recipients, retry policy, sweeper (docs/adr/0011); defaults otherwise. */
  readonly notify?: NotificationRelayOptions;
}

/** The prebuilt bundle of the compiled workflows package, if there is one. */
export const defaultWorkflowBundlePath = prebuiltWorkflowBundlePath;

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  const bundle = opts.workflowBundlePath;
  const relay = createNotificationRelay(
    { client: new Client({ connection: opts.connection, namespace: opts.namespace }), ...opts },
    opts.notify,
  );
  await relay.startSweeper();
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(bundle
      ? { workflowBundle: { codePath: bundle } }
      : { workflowsPath: workflowsPath(), bundlerOptions: workflowBundlerOptions }),
    activities: { ...createCaseActivities(opts.dataSource, relay.starter), ...relay.activities },
  });
}
