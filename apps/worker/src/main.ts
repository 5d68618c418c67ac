/** The worker process: runs complaint case workflows and their activities until SIGINT/SIGTERM. */
import 'reflect-metadata';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createLogger, loadConfig } from '@complaintflow/config';
import { createDataSource } from '@complaintflow/persistence';
import { createCaseWorker, defaultWorkflowBundlePath } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('the worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)');
  }
  Runtime.install({
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'complaintflow-worker',
  });
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataSource,
    workflowBundlePath: defaultWorkflowBundlePath(),
  });
  // The SDK runtime shuts the worker down on SIGINT/SIGTERM (its default shutdownSignals); we only log it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => log.info({ signal }, 'worker shutting down'));
  }
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker running');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
    log.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
