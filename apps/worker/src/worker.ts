/**
 * Builds the case worker: the complaint workflow (from the prebuilt bundle in production, from source otherwise)
 * and the activities bound to the database.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createCaseActivities } from '../../../activities/src';

export interface CaseWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly dataSource: DataSource;
  /** A prebuilt workflow bundle (`npm run build` writes dist/workflow-bundle.js); default: bundle from source. */
  readonly workflowBundlePath?: string;
  readonly identity?: string;
}

/** The prebuilt bundle next to the compiled code, if there is one. */
export function defaultWorkflowBundlePath(): string | undefined {
  const candidate = join(__dirname, '..', '..', '..', 'workflow-bundle.js');
  return existsSync(candidate) ? candidate : undefined;
}

/** The workflow source entry point (for bundling at start-up or by the build). */
export function workflowsPath(): string {
  return require.resolve('../../../workflows/src');
}

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  const bundle = opts.workflowBundlePath;
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath: workflowsPath() }),
    activities: createCaseActivities(opts.dataSource),
  });
}
