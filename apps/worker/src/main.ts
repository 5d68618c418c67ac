/** The worker process: runs complaint case workflows and their activities until SIGINT/SIGTERM. */
import 'reflect-metadata';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createLogger, loadConfig, payloadKeys } from '@complaintflow/config';
import { encryptedDataConverter } from '@complaintflow/temporal/codec';
import { createDataSource } from '@complaintflow/persistence';
import { directoryRecipients, piiRootKey } from '@complaintflow/activities';
import { channelConfigFromEnv } from '@complaintflow/integrations/config';
import { Client } from '@temporalio/client';
import { createCaseWorker, createChannels, defaultWorkflowBundlePath } from './worker';
import { ensureReportSchedules } from './schedules';
import { runtimeOptions, startHealthServer, workerTuning } from './deployment';
import { createTracing } from '@complaintflow/temporal/tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('the worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)');
  }
  // The notification channels (docs/notifications-channels.md): a half-set channel, or in production an absent one,
  // is a ConfigError naming the variables, and the worker does not start. Absent elsewhere: the development sink.
  const channelConfig = channelConfigFromEnv(process.env);
  // With WORKER_METRICS_PORT, the SDK's Prometheus metrics on that port (apps/worker/src/deployment.ts).
  Runtime.install(runtimeOptions(config, makeTelemetryFilterString({ core: 'WARN' })));
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'complaintflow-worker',
  });
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // Every payload encrypted (docs/adr/0017-payload-encryption.md); production refuses the development keyring.
  const dataConverter = encryptedDataConverter(payloadKeys(config));
  if (!config.TEMPORAL_PAYLOAD_KEYS)
    log.warn('TEMPORAL_PAYLOAD_KEYS is not set: payloads use the public development key');
  const channels = createChannels(channelConfig, log);
  log.info({ email: channelConfig.email.state, sms: channelConfig.sms.state }, 'notification channels');
  // The customer's address is opened with the API's personal-data key: PII_KEY, else derived from JWT_SECRET.
  const root = piiRootKey(config.PII_KEY, config.JWT_SECRET);
  if (!root) log.warn('neither PII_KEY nor JWT_SECRET is set: no customer address can be read, customer messages fail');
  // OTEL_EXPORTER_OTLP_ENDPOINT turns tracing of the activities on (libs/temporal/src/tracing.ts).
  const tracing = createTracing('complaintflow-worker', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataSource,
    dataConverter,
    workflowBundlePath: defaultWorkflowBundlePath(),
    notify: {
      // The configured channels (an SMS channel's delivery receipts update the rows and the case, R-CON-4); the staff
      // directory's recipients (R-FLOW-6: one tier up when nobody holds the audience for the case).
      channels: channels.channels,
      resolveRecipients: directoryRecipients(dataSource),
      ...(root ? { piiRootKey: root } : {}),
      // R-RES-1 / R-REV-1: the customer's signed links, under the API's auth secret (npm start passes JWT_SECRET to
      // both); without it the result notice and the survey invitation go out as the generic notice, with no link.
      ...(config.JWT_SECRET ? { linkSecret: config.JWT_SECRET } : {}),
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
    },
    // Tuning and the shutdown grace: activities under way get WORKER_SHUTDOWN_GRACE_MS to finish on SIGTERM.
    workerOptions: {
      ...workerTuning(config),
      ...(tracing ? { interceptors: { activity: tracing.activityInterceptors } } : {}),
    },
  });
  if (!config.JWT_SECRET) log.warn('JWT_SECRET is not set: result notices and survey invitations carry no signed link');
  // The SDK runtime shuts the worker down on SIGINT/SIGTERM (its default shutdownSignals); we only log it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => log.info({ signal }, 'worker shutting down'));
  }
  // The reports' schedules (issue 12): the regulator's month (R-REG-1) and the hourly early warning (R-RPT-2).
  const schedules = await ensureReportSchedules(
    new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
    config.TEMPORAL_TASK_QUEUE,
  );
  log.info(schedules, 'report schedules');
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker running');
  const health =
    config.WORKER_HEALTH_PORT !== undefined
      ? await startHealthServer(() => worker, config.WORKER_HTTP_HOST, config.WORKER_HEALTH_PORT)
      : undefined;
  if (health) log.info({ port: config.WORKER_HEALTH_PORT, host: config.WORKER_HTTP_HOST }, 'worker health listening');
  try {
    await worker.run();
  } finally {
    health?.close();
    await channels.close(); // after the worker: a send under way has finished (or was given up)
    await connection.close();
    await dataSource.destroy();
    await tracing?.shutdown();
    log.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
