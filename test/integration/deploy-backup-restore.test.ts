/**
 * Backup and restore of PostgreSQL (issue 16; README "Scaling"): `pg_dump` of the test database (custom format),
 * `pg_restore` into a new database, and the audit record survives whole — every case's rows and hashes equal, every
 * chain verifying on the restored copy, and the auditor's CLI (`scripts/audit.ts replay`) passing against it. A row
 * changed in the restored copy is caught there, so the verification on the copy is a real one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { loadAuditRecords, verifyChain } from '@complaintflow/audit';
import { createDataSource } from '@complaintflow/persistence';
import { runAuditCli } from '@complaintflow/scripts/audit';
import { captureIo, startCase, tamper } from '../support/audit';
import { AGENT, CALM_POLICY, act } from '../support/cases';
import { openHarness, testEnv, type Harness } from '../support/env';

jest.setTimeout(180_000);

let h: Harness;
let worker: Worker;
let running: Promise<void>;
let restored: DataSource | undefined;
let restoredName: string;
let tmp: string;
const ids: string[] = [];

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: PgClient) => Promise<T>): Promise<T> {
  const c = new PgClient({ connectionString: process.env.CF_TEST_ADMIN_DATABASE_URL ?? testEnv.databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  h = await openHarness();
  worker = await h.newWorker();
  running = worker.run();
  tmp = mkdtempSync(join(tmpdir(), 'cf-backup-'));
  for (let i = 0; i < 3; i++) {
    const { handle, intake } = await startCase(h, CALM_POLICY);
    await act(handle, 'accept', AGENT, {});
    ids.push(intake.caseId);
  }
});

afterAll(async () => {
  await restored?.destroy();
  if (restoredName) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`));
  worker?.shutdown();
  await running;
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('pg_dump, pg_restore into a new database, and the audit chains still verify', () => {
  it('restores every case row and hash, and the chains and the audit CLI verify on the copy', async () => {
    // The client must not be older than the server (pg_dump refuses a newer server).
    const server = await admin(async (c) =>
      Number((await c.query('SHOW server_version_num')).rows[0].server_version_num),
    );
    const client = Number(/(\d+)/.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))![1]);
    expect(client).toBeGreaterThanOrEqual(Math.floor(server / 10_000));

    const dump = join(tmp, 'complaintflow.dump');
    execFileSync('pg_dump', ['--format=custom', '--no-owner', '--no-acl', '--file', dump, testEnv.databaseUrl]);
    expect(statSync(dump).size).toBeGreaterThan(1000);
    restoredName = `cf_restore_${process.pid}_${Date.now().toString(36)}`;
    await admin((c) => c.query(`CREATE DATABASE ${restoredName}`));
    const restoredUrl = withDatabase(testEnv.databaseUrl, restoredName);
    execFileSync('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', '--dbname', restoredUrl, dump]);

    restored = createDataSource({ url: restoredUrl, poolSize: 2, applicationName: 'complaintflow-test' });
    await restored.initialize();
    for (const id of ids) {
      const original = await loadAuditRecords(h.dataSource, id);
      const copy = await loadAuditRecords(restored, id);
      expect(original.length).toBeGreaterThanOrEqual(2);
      expect(copy).toEqual(original);
      const [{ last_seq }] = (await restored.query('SELECT last_seq FROM complaint_cases WHERE id = $1', [id])) as {
        last_seq: number;
      }[];
      expect(verifyChain(id, copy, { expectedLastSeq: last_seq })).toMatchObject({ verified: true, problems: [] });

      // The auditor's CLI against the restored database (and the same Temporal histories).
      const cli = captureIo({ DATABASE_URL: restoredUrl });
      expect(await runAuditCli(['replay', id], cli.io)).toBe(0);
      expect(cli.stdout()).toMatch(/audit chain\s+verified/);
    }

    // A change in the restored copy is caught on the copy.
    await tamper(restored, [
      [`UPDATE case_events SET data = jsonb_set(data, '{note}', '"x"') WHERE case_id = $1 AND seq = 2`, [ids[0]]],
    ]);
    const cli = captureIo({ DATABASE_URL: restoredUrl });
    expect(await runAuditCli(['replay', ids[0]!], cli.io)).toBe(1);
    expect(verifyChain(ids[0]!, await loadAuditRecords(restored, ids[0]!)).verified).toBe(false);
  });
});
