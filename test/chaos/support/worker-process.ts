/**
 * A case worker as its own process, for the chaos suite to SIGKILL and restart: the worker `apps/worker/src/main.ts`
 * builds (createCaseWorker, the configured channels from the environment: SMTP_URL/MAIL_FROM), loading the one
 * workflow bundle the suite built (CF_CHAOS_BUNDLE) instead of bundling the sources again at every restart, with the
 * relay's retries and sweeper quickened and customer quiet hours off (the suite runs at any hour). Prints `ready`
 * once it polls.
 */
import { payloadKeys } from '@complaintflow/config';
import { encryptedDataConverter } from '@complaintflow/temporal';
import 'reflect-metadata';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createDataSource } from '@complaintflow/persistence';
import { piiRootKey } from '@complaintflow/activities';
import { channelConfigFromEnv } from '@complaintflow/integrations/config';
import { createCaseWorker, createChannels } from '@complaintflow/worker/worker';

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // The production default pool (DATABASE_POOL_SIZE, 10) unless the run asks for another.
  const dataSource = createDataSource({
    url: need('DATABASE_URL'),
    poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    applicationName: 'chaos-worker',
  });
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
  const channels = createChannels(channelConfigFromEnv(process.env));
  const worker = await createCaseWorker({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: need('TEMPORAL_TASK_QUEUE'),
    dataSource,
    workflowBundlePath: need('CF_CHAOS_BUNDLE'),
    identity: `chaos-worker-${process.pid}`,
    // The API's keyring (TEMPORAL_PAYLOAD_KEYS, else the development one): both ends read each other's payloads.
    dataConverter: encryptedDataConverter(payloadKeys({ TEMPORAL_PAYLOAD_KEYS: process.env.TEMPORAL_PAYLOAD_KEYS })),
    notify: {
      channels: channels.channels,
      piiRootKey: piiRootKey(need('PII_KEY'), undefined),
      customerQuietHours: null,
      retry: { maximumAttempts: 20, initialIntervalMs: 500, maximumIntervalMs: 5_000, backoffCoefficient: 2 },
      sweep: { intervalMs: 2_000, olderThanMs: 3_000 },
      digest: false,
    },
  });
  const running = worker.run();
  process.stdout.write(`ready ${process.pid}\n`);
  try {
    await running;
  } finally {
    await channels.close();
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
