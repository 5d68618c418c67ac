/**
 * The determinism gate: every committed history in workflows/histories replays against the current workflow code.
 * A change that would break running cases fails here unless it is guarded with patched(). Histories are running
 * cases: the manifest pins each file's SHA-256, so an overwritten, removed or unlisted history fails too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { quietTemporalRuntime, testDataConverter, testEnv } from '../support/env';
import { HISTORIES_DIR, MANIFEST_FILE, readManifest, sha256 } from '../support/histories';

quietTemporalRuntime();
const manifest = readManifest();
const listed = Object.keys(manifest);
const onDisk = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json') && f !== MANIFEST_FILE);

describe('committed workflow histories', () => {
  it('exist (the gate is not empty) and every scenario keeps its oldest recording', () => {
    expect(listed.length).toBeGreaterThan(0);
    const scenarios = new Set(Object.values(manifest).map((e) => e.scenario));
    expect(scenarios.size).toBeGreaterThanOrEqual(11);
  });

  it('are exactly the files the manifest lists, none changed since it was recorded (never overwritten)', () => {
    expect([...onDisk].sort()).toEqual([...listed].sort());
    const changed = listed.filter(
      (f) => !existsSync(join(HISTORIES_DIR, f)) || sha256(readFileSync(join(HISTORIES_DIR, f))) !== manifest[f].sha256,
    );
    expect(changed).toEqual([]);
  });

  it.each(listed)('%s replays deterministically against the current workflow code', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
    await expect(
      // With the service's codec, as the audit replays: these histories were recorded before payload encryption
      // (docs/adr/0017-payload-encryption.md) and must pass through it unchanged.
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testEnv.workflowBundle }, dataConverter: testDataConverter },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
  });
});
