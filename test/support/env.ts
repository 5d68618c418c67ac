/** What global-setup started, for the integration tests. */
import { randomUUID } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@complaintflow/persistence';
import { createCaseWorker } from '@complaintflow/worker/worker';
import { testDataConverter } from './payload-keys';

export { TEST_PAYLOAD_KEYS, testDataConverter } from './payload-keys';

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the integration tests through jest (global-setup sets it)`);
  return v;
}

export const testEnv = {
  get databaseUrl() {
    return need('CF_TEST_DATABASE_URL');
  },
  get temporalAddress() {
    return need('CF_TEST_TEMPORAL_ADDRESS');
  },
  get namespace() {
    return need('CF_TEST_TEMPORAL_NAMESPACE');
  },
  get workflowBundle() {
    return need('CF_TEST_WORKFLOW_BUNDLE');
  },
};

/** Keeps the SDK's own logging to warnings and errors in test output (once per test file's module registry). */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed for this process
  }
}

/** A database connection, a Temporal client and a worker factory on a task queue of this test file's own. */
export interface Harness {
  readonly dataSource: DataSource;
  readonly client: Client;
  readonly taskQueue: string;
  /** Creates a worker (not yet running) for this harness's task queue. */
  newWorker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  quietTemporalRuntime();
  const dataSource = createDataSource({ url: testEnv.databaseUrl, poolSize: 4, applicationName: 'complaintflow-test' });
  await dataSource.initialize();
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter });
  const native = await NativeConnection.connect({ address: testEnv.temporalAddress });
  const taskQueue = `test-${randomUUID()}`;
  return {
    dataSource,
    client,
    taskQueue,
    newWorker: () =>
      createCaseWorker({
        connection: native,
        namespace: testEnv.namespace,
        taskQueue,
        dataSource,
        dataConverter: testDataConverter,
        workflowBundlePath: testEnv.workflowBundle,
      }),
    close: async () => {
      await native.close();
      await connection.close();
      await dataSource.destroy();
    },
  };
}
