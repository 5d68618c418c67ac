/**
 * The determinism gate: every committed history in workflows/histories replays against the current workflow code.
 * A change that would break running cases fails here unless it is guarded with patched().
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { quietTemporalRuntime, testEnv } from '../support/env';
import { HISTORIES_DIR } from '../support/histories';

quietTemporalRuntime();
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('committed workflow histories', () => {
  it('exist (the gate is not empty)', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays deterministically against the current workflow code', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: testEnv.workflowBundle } }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  });
});
