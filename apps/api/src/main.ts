/** The API process: validated config, Temporal client, Nest app on PORT. */
import { randomBytes } from 'node:crypto';
import { createLogger, loadConfig, payloadKeys } from '@complaintflow/config';
import { connectClient, encryptedDataConverter } from '@complaintflow/temporal';
import { createTracing } from '@complaintflow/temporal/tracing';
import { createApp } from './app';
import { drainAndClose } from './shutdown';

/** How long requests in flight may take to finish after SIGTERM (below the orchestrators' usual 30 s). */
const SHUTDOWN_GRACE_MS = 25_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.LOG_LEVEL);
  const { DATABASE_URL, TEMPORAL_ADDRESS } = config;
  if (!DATABASE_URL || !TEMPORAL_ADDRESS) {
    throw new Error('the API needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)');
  }
  // OTEL_EXPORTER_OTLP_ENDPOINT turns tracing of the Temporal calls on (libs/temporal/src/tracing.ts).
  const tracing = createTracing('complaintflow-api', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  // Every payload encrypted (docs/adr/0017-payload-encryption.md); production refuses the development keyring.
  const temporal = await connectClient(
    TEMPORAL_ADDRESS,
    config.TEMPORAL_NAMESPACE,
    encryptedDataConverter(payloadKeys(config)),
    tracing?.clientInterceptors,
  );
  if (!config.TEMPORAL_PAYLOAD_KEYS)
    logger.warn('TEMPORAL_PAYLOAD_KEYS is not set: payloads use the public development key');
  // Production requires JWT_SECRET (config refuses otherwise); elsewhere an unset secret lives as long as the process.
  const authSecret = config.JWT_SECRET ?? randomBytes(32).toString('hex');
  if (!config.JWT_SECRET) logger.warn('JWT_SECRET is not set: tokens are signed with a per-process secret');
  if (!config.PII_KEY) {
    logger.warn(
      'PII_KEY is not set: personal data is encrypted with a key derived from the auth secret (not for production)',
    );
  }
  const app = await createApp({ config: { ...config, DATABASE_URL, TEMPORAL_ADDRESS }, temporal, logger, authSecret });
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT, host: config.HOST, authMode: config.AUTH_MODE }, 'api listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    const { forced } = await drainAndClose(app, SHUTDOWN_GRACE_MS);
    if (forced) logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still running were cut off');
    await temporal.connection.close();
    await tracing?.shutdown();
    logger.info('api stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
