/**
 * The determinism gate can fail: histories that replay against the deployed workflow code are replayed against a
 * deliberately non-deterministic variant of it (one extra timer before the workflow starts) and must fail with a
 * DeterminismViolationError — the committed histories of workflows/histories, a fresh case through the replay
 * service (`deterministic: false`, the violation named) and an export bundle verified offline.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import {
  buildAuditBundle,
  replayCase,
  replayHistories,
  verifyAuditBundle,
  type WorkflowCode,
} from '@complaintflow/audit';
import { AGENT, FAST_POLICY, act } from '../support/cases';
import { bundleNondeterministicVariant, startCase } from '../support/audit';
import { openHarness, testDataConverter, testEnv, type Harness } from '../support/env';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';
import { HISTORIES_DIR, readManifest } from '../support/histories';

// The variant fails every workflow task it replays, by design: keep Core's warnings about it out of the output.
try {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
} catch {
  // a runtime is already installed in this process
}

let h: Harness;
let worker: Worker;
let running: Promise<void>;
let variantPath: string;
let deployed: WorkflowCode;
let variant: WorkflowCode;

beforeAll(async () => {
  h = await openHarness();
  worker = await h.newWorker();
  running = worker.run();
  variantPath = await bundleNondeterministicVariant();
  deployed = { bundlePath: testEnv.workflowBundle };
  variant = { bundlePath: variantPath };
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await h?.close();
  if (variantPath) rmSync(variantPath, { force: true });
});

const committed = Object.keys(readManifest());

it.each(committed)('committed history %s fails against the non-deterministic variant', async (file) => {
  const history: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
  const replay = Worker.runReplayHistory({ workflowBundle: { codePath: variantPath } }, history, `gate-${file}`);
  await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
  await expect(replay).rejects.toThrow(/nondeterminism/i);
});

describe('a fresh case', () => {
  let caseId: string;
  beforeAll(async () => {
    const { handle, intake } = await startCase(h, FAST_POLICY);
    await act(handle, 'accept', AGENT, { category: 'loss', urgency: 'normal' });
    await handle.terminate('determinism gate test');
    caseId = intake.caseId;
  });

  it('replays deterministically against the deployed code and not against the variant', async () => {
    // Decoded as the audit does (the server stores the payloads encrypted, docs/adr/0017-payload-encryption.md).
    const history = await decodePayloadsIn(
      await h.client.workflow.getHandle(`complaint-${caseId}`).fetchHistory(),
      testDataConverter.payloadCodecs ?? [],
    );
    const outcomes = await replayHistories(deployed, [{ workflowId: `complaint-${caseId}`, history }]);
    expect(outcomes).toEqual([expect.not.objectContaining({ error: expect.anything() })]);
    const [bad] = await replayHistories(variant, [{ workflowId: `complaint-${caseId}`, history }]);
    expect(bad.error).toBeInstanceOf(DeterminismViolationError);
  });

  it('the replay service reports the violation: deterministic false, the nondeterminism named', async () => {
    const deps = { dataSource: h.dataSource, client: h.client };
    const good = await replayCase({ ...deps, workflowCode: deployed }, caseId);
    expect(good).toMatchObject({ deterministic: true, auditChainVerified: true, mismatches: [] });

    const bad = await replayCase({ ...deps, workflowCode: variant }, caseId);
    expect(bad).toMatchObject({ deterministic: false, auditChainVerified: true });
    expect(bad!.mismatches).toEqual([
      expect.objectContaining({ kind: 'nondeterminism', message: expect.stringMatching(/nondeterminism/i) }),
    ]);
    expect(bad!.runs[0]).toMatchObject({ deterministic: false, error: { name: 'DeterminismViolationError' } });
  });

  it('an export bundle verifies against the deployed code and fails its replay check against the variant', async () => {
    const bundle = await buildAuditBundle({ dataSource: h.dataSource, client: h.client }, caseId);
    expect((await verifyAuditBundle(bundle, deployed)).ok).toBe(true);
    const v = await verifyAuditBundle(bundle, variant);
    expect(v.ok).toBe(false);
    expect(v.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['replay']);
  });
});
