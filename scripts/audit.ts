/**
 * `npm run audit -- <command>`: the auditor's command line (issue 6), on the same library as the API's audit endpoints
 * (libs/persistence/src/audit). Runs from the build: `npm run build` first.
 */
import { readFileSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, payloadKeys } from '@complaintflow/config';
import { createDataSource } from '@complaintflow/persistence/data-source';
import {
  caseIdsReceivedSince,
  replayCase,
  replayCases,
  verifyAuditBundle,
  type BundleVerification,
  type CaseReplayReport,
  type WorkflowCode,
} from '@complaintflow/audit';
import { connectClient } from '@complaintflow/temporal/client';
import { encryptedDataConverter } from '@complaintflow/temporal/codec';
import { resolveWorkflowCode } from '@complaintflow/workflows/code';

export const USAGE = `usage: npm run audit -- <command> [options]      (runs dist/scripts/audit.js: \`npm run build\` first)

commands
  replay <caseId>                   replay the case's Temporal history (every run) against the built workflow code,
                                    check what the workflow recorded against case_events, and verify the hash chain
  replay --all [--since <date>]     the same for every case received since <date> (ISO-8601; default: all cases),
                                    with a progress bar on stderr and one line per case that fails
  verify <bundle.json>              verify an exported audit bundle (GET /complaints/:id/export) offline: format,
                                    digest, hash chain, policy, history against rows, replay against the local code

options
  --workflow-bundle <path>          workflow code to replay against (default: dist/workflow-bundle.js)
  --json                            print the full report(s) as JSON on stdout

environment
  DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE as for the service (unset: the embedded servers of \`npm start\`,
  which must be running). \`verify\` needs neither.

exit status: 0 every check passed · 1 a check failed (each failure is printed) · 2 usage or configuration error

examples
  npm run audit -- replay 9e0d3978-4b3d-4350-88eb-ddc8421b4bc2
  npm run audit -- replay --all --since 2026-11-01
  npm run audit -- verify case-9e0d3978-audit.json`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (the progress bar redraws in place; otherwise it prints a line now and then). */
  readonly stderrIsTTY: boolean;
  readonly env: Record<string, string | undefined>;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
};

class UsageError extends Error {}

interface Parsed {
  readonly command?: string;
  readonly positional: string[];
  readonly all: boolean;
  readonly since?: Date;
  readonly workflowBundle?: string;
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  let all = false;
  let json = false;
  let since: Date | undefined;
  let workflowBundle: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--all') all = true;
    else if (a === '--json') json = true;
    else if (a === '--since') {
      const v = value();
      const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
      if (Number.isNaN(ms)) throw new UsageError(`--since ${v}: not an ISO-8601 date, e.g. 2026-11-01`);
      since = new Date(ms);
    } else if (a === '--workflow-bundle') workflowBundle = value();
    else if (a === '--help' || a === '-h') positional.unshift('help');
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, all, since, workflowBundle, json };
}

const yesNo = (ok: boolean) => (ok ? 'yes' : 'NO');

/** A readable report of one case's replay. */
export function formatReplayReport(r: CaseReplayReport): string {
  const lines = [
    `case ${r.caseId} (workflow ${r.workflowId})`,
    `  deterministic        ${yesNo(r.deterministic)} (${r.runs.length} run(s), ${r.eventsReplayed} history events replayed)`,
    `  audit chain          ${r.auditChainVerified ? 'verified' : 'NOT VERIFIED'} (${r.caseEventsStored} events, head ${r.headHash})`,
    `  recorded by workflow ${r.caseEventsInHistory} events${r.pendingWrites ? ` (${r.pendingWrites} being written)` : ''}`,
  ];
  for (const p of r.chainProblems) lines.push(`  ✗ chain: ${p.message}`);
  for (const m of r.mismatches) lines.push(`  ✗ ${m.kind}: ${m.message}`);
  lines.push(replayOk(r) ? 'OK' : 'FAILED');
  return `${lines.join('\n')}\n`;
}

/** A readable report of a bundle verification. */
export function formatBundleVerification(v: BundleVerification): string {
  const lines = [`audit bundle${v.caseId ? ` of case ${v.caseId}` : ''}`];
  for (const c of v.checks) {
    lines.push(`  ${c.ok ? '✓' : '✗'} ${c.name.padEnd(8)} ${c.ok ? c.details.join('; ') : 'FAILED'}`);
    if (!c.ok) for (const d of c.details) lines.push(`      - ${d}`);
  }
  lines.push(v.ok ? 'OK' : 'FAILED');
  return `${lines.join('\n')}\n`;
}

function replayOk(r: CaseReplayReport): boolean {
  return r.deterministic && r.auditChainVerified && r.mismatches.length === 0;
}

function progressBar(io: CliIo, done: number, total: number, label: string): void {
  if (io.stderrIsTTY) {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    io.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`.padEnd(100));
    if (done === total) io.stderr('\n');
  } else if (done === total || done % Math.max(1, Math.floor(total / 20)) === 0) {
    io.stderr(`replayed ${done}/${total}\n`);
  }
}

interface Connections {
  readonly dataSource: DataSource;
  readonly client: Client;
  close(): Promise<void>;
}

async function connect(io: CliIo): Promise<Connections> {
  const config = loadConfig(io.env);
  const url = config.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/complaintflow`;
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.EMBEDDED_TEMPORAL_PORT}`;
  const hint = (what: string, variable: string, given: boolean) =>
    given ? `set ${variable} to a reachable ${what}` : `is \`npm start\` running? Otherwise set ${variable}`;
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'complaintflow-audit' });
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${url.replace(/:[^:@/]+@/, ':***@')} (${(err as Error).message}): ` +
        hint('server', 'DATABASE_URL', config.DATABASE_URL !== undefined),
      { cause: err },
    );
  }
  try {
    // The service's keyring: the replay decodes the (encrypted) histories with it (docs/adr/0017).
    const client = await connectClient(address, config.TEMPORAL_NAMESPACE, encryptedDataConverter(payloadKeys(config)));
    return {
      dataSource,
      client,
      close: async () => {
        await client.connection.close();
        await dataSource.destroy();
      },
    };
  } catch (err) {
    await dataSource.destroy();
    throw new Error(
      `cannot reach Temporal at ${address} (${(err as Error).message}): ` +
        hint('frontend', 'TEMPORAL_ADDRESS', config.TEMPORAL_ADDRESS !== undefined),
      { cause: err },
    );
  }
}

function quietRuntime(): void {
  try {
    // Replay failures are reported by the CLI itself; Core's own warnings about them would only repeat them.
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // already installed (tests)
  }
}

async function replayOne(io: CliIo, code: WorkflowCode, caseId: string, json: boolean): Promise<number> {
  const c = await connect(io);
  try {
    const report = await replayCase({ dataSource: c.dataSource, client: c.client, workflowCode: code }, caseId);
    if (!report) {
      io.stderr(`no case ${caseId}\n`);
      return 1;
    }
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReplayReport(report));
    return replayOk(report) ? 0 : 1;
  } finally {
    await c.close();
  }
}

async function replayAll(io: CliIo, code: WorkflowCode, since: Date | undefined, json: boolean): Promise<number> {
  const c = await connect(io);
  try {
    const ids = await caseIdsReceivedSince(c.dataSource, since);
    io.stderr(`replaying ${ids.length} case(s)${since ? ` received since ${since.toISOString()}` : ''}\n`);
    let done = 0;
    let failed = 0;
    const reports: CaseReplayReport[] = [];
    progressBar(io, 0, ids.length, '');
    for await (const report of replayCases({ dataSource: c.dataSource, client: c.client, workflowCode: code }, ids)) {
      done++;
      if (json) reports.push(report);
      if (!replayOk(report)) {
        failed++;
        if (!json) {
          if (io.stderrIsTTY) io.stderr('\n');
          io.stdout(formatReplayReport(report));
        }
      }
      progressBar(io, done, ids.length, report.caseId);
    }
    if (json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
    else io.stdout(`${done} case(s) replayed, ${failed} failed\n`);
    return failed === 0 && done === ids.length ? 0 : 1;
  } finally {
    await c.close();
  }
}

async function verifyFile(io: CliIo, code: WorkflowCode, file: string, json: boolean): Promise<number> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    io.stderr(`cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const result = await verifyAuditBundle(bundle, code);
  io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatBundleVerification(result));
  return result.ok ? 0 : 1;
}

/** Runs the CLI; resolves to the exit status. */
export async function runAuditCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let args: Parsed;
  try {
    args = parseArgs(argv);
    if (!args.command || args.command === 'help') {
      io.stdout(`${USAGE}\n`);
      return args.command === 'help' ? 0 : 2;
    }
    if (args.command === 'replay') {
      if (args.all === args.positional.length > 0 || args.positional.length > 1) {
        throw new UsageError('replay takes one case id, or --all');
      }
      if (!args.all && args.since) throw new UsageError('--since goes with --all');
    } else if (args.command === 'verify') {
      if (args.positional.length !== 1) throw new UsageError('verify takes one bundle file');
    } else {
      throw new UsageError(`unknown command ${args.command}`);
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  quietRuntime();
  try {
    const code = await resolveWorkflowCode(args.workflowBundle);
    if (args.command === 'verify') return await verifyFile(io, code, args.positional[0], args.json);
    return args.all
      ? await replayAll(io, code, args.since, args.json)
      : await replayOne(io, code, args.positional[0], args.json);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`${err.message}\n`);
      return 2;
    }
    io.stderr(`audit failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runAuditCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`audit failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
