/**
 * `npm start`: the whole service with embedded defaults. Starts what is not configured (a real PostgreSQL under
 * .data/postgres unless DATABASE_URL is set; the real Temporal dev server, file-backed in .data/temporal.db, unless
 * TEMPORAL_ADDRESS is set), runs migrations, registers search attributes, then runs the worker and the API as child
 * processes and prints where everything is. Ctrl-C stops it all; a second start finds the data of the first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { ConfigError, loadConfig, payloadKeys } from '@complaintflow/config';
import { runMigrations, spawnEmbeddedPostgres } from '@complaintflow/persistence';
import { ensureSearchAttributes, startDevServer, waitForPort, type RunningDevServer } from '@complaintflow/temporal';

const root = resolve(__dirname, '..', '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  // Zero-config: the local start enables the dev token endpoint unless told otherwise (and says so below).
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!env.AUTH_MODE && env.NODE_ENV !== 'production') env.AUTH_MODE = 'dev';
  const config = loadConfig(env);
  const dataDir = resolve(root, config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\ncomplaintflow: stopping…');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
            c.once('exit', () => {
              clearTimeout(t);
              done();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    say('complaintflow: stopped.');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      say(`complaintflow: starting embedded PostgreSQL (data in ${join(config.DATA_DIR, 'postgres')})…`);
      const pg = await spawnEmbeddedPostgres({
        script: join(__dirname, 'embedded-postgres.js'),
        dataDir,
        port: config.EMBEDDED_PG_PORT,
        database: 'complaintflow',
      });
      cleanups.push(() => pg.stop());
      databaseUrl = pg.url;
    }

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUi: string | undefined;
    if (!temporalAddress) {
      say(`complaintflow: starting the Temporal dev server (data in ${join(config.DATA_DIR, 'temporal.db')})…`);
      const server: RunningDevServer = await startDevServer({
        root,
        port: config.EMBEDDED_TEMPORAL_PORT,
        uiPort: config.EMBEDDED_TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        dbFilename: join(dataDir, 'temporal.db'),
        logFile: join(dataDir, 'logs', 'temporal.log'),
        env,
      });
      cleanups.push(() => server.stop());
      temporalAddress = server.address;
      temporalUi = server.uiUrl;
    }

    const applied = await runMigrations(databaseUrl);
    say(`complaintflow: migrations ${applied.length ? `applied: ${applied.join(', ')}` : 'up to date'}`);

    const connection = await Connection.connect({ address: temporalAddress });
    const added = await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    await connection.close();
    if (added.length) say(`complaintflow: registered search attributes ${added.join(', ')}`);

    // A per-data-folder signing secret, so tokens survive a restart of the local service.
    const secretFile = join(dataDir, 'jwt-secret');
    if (!env.JWT_SECRET && !existsSync(secretFile))
      writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const jwtSecret = env.JWT_SECRET ?? readFileSync(secretFile, 'utf8').trim();
    const childEnv = { ...env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, JWT_SECRET: jwtSecret };
    for (const app of ['worker', 'api'] as const) {
      const child = spawn(process.execPath, [join(root, 'apps', app, 'dist', 'main.js')], {
        env: childEnv,
        stdio: 'inherit',
      });
      child.once('exit', (code, signal) => {
        if (!stopping) {
          say(`complaintflow: the ${app} exited (${signal ?? code}); stopping everything.`);
          void shutdown(1);
        }
      });
      children.push(child);
    }
    await waitForPort(config.HOST, config.PORT, 60_000, () => children.every((c) => c.exitCode === null));

    const api = `http://${config.HOST}:${config.PORT}`;
    say('');
    say('complaintflow is running');
    say(`  API            ${api}`);
    say(`  API docs       ${api}/docs`);
    say(`  Health         ${api}/health`);
    say(`  Temporal       ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`);
    if (temporalUi) say(`  Temporal UI    ${temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`);
    say(`  PostgreSQL     ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
    say(`  Policy         ${config.POLICY_FILE ?? 'config/policy/default.json (shipped)'}`);
    // docs/adr/0017-payload-encryption.md: the worker and the API encrypt every Temporal payload with this keyring.
    say(
      `  Payloads       AES-256-GCM, key ${payloadKeys(config)[0].id}` +
        `${config.TEMPORAL_PAYLOAD_KEYS ? '' : ' (the public development key: set TEMPORAL_PAYLOAD_KEYS)'}; ` +
        `the Temporal UI decodes through ${api}/codec (auditor or admin token)`,
    );
    // The channels the worker sends on (docs/notifications-channels.md); one not configured keeps its messages.
    const unset = [
      ['e-mail', 'SMTP_URL', 'MAIL_FROM'],
      ['SMS', 'SMPP_URL', 'SMS_SOURCE_ADDR'],
    ].filter(([, ...vars]) => vars.every((v) => !env[v]?.trim()));
    if (unset.length > 0) {
      say(
        `  Messages       ${unset.map(([name]) => name).join(' and ')} not configured: kept at ${api}/dev/messages, NOT sent`,
      );
    }
    if (config.AUTH_MODE === 'dev') {
      say('  Auth           AUTH_MODE=dev: POST /auth/dev-token issues tokens for any role (local use only)');
    }
    say('Press Ctrl-C to stop.');
  } catch (err) {
    process.stderr.write(`complaintflow: start failed: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `complaintflow: ${String(err)}\n`);
  process.exit(1);
});
