/**
 * Where the workflow code is, for the processes that run or replay it (worker, API replay, audit CLI, tests). Node-side
 * only: the workflow bundle's entry is `index.ts`, which never imports this file.
 *
 * Two forms: the prebuilt bundle that `npm run build` writes beside the compiled package (`workflows/dist/
 * workflow-bundle.js`, what production workers load), or the sources bundled on demand. From source (tests, `ts`
 * tooling) no prebuilt bundle is looked for, so a stale build never stands in for the code under test.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';
import type { WorkflowCode } from '@complaintflow/contracts';
import { FAILURE_CONVERTER_PATH } from '@complaintflow/contracts/failure-converter-path';

/** The file the build writes the bundle to: beside the compiled package, so only a compiled process finds it. */
export const PREBUILT_BUNDLE_PATH = join(__dirname, 'workflow-bundle.js');

/** The prebuilt bundle, when this process runs compiled code and the build wrote one. */
export function prebuiltWorkflowBundlePath(): string | undefined {
  return __filename.endsWith('.js') && existsSync(PREBUILT_BUNDLE_PATH) ? PREBUILT_BUNDLE_PATH : undefined;
}

/** The workflow entry point the bundler starts from (every workflow type the worker registers). */
export function workflowsPath(): string {
  return require.resolve('./index');
}

/**
 * Bundler options: our packages export their TypeScript sources under the `source` condition; the bundle is built
 * from those, so it never depends on (or goes stale against) the packages' compiled `dist/`.
 */
export const workflowBundlerOptions: Pick<BundleOptions, 'webpackConfigHook'> = {
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, conditionNames: ['source', '...'] },
  }),
};

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

/**
 * Bundles the workflow sources (or another entry module, e.g. a test's variant) into code a worker can load, with the
 * failure converter that encodes failure messages (libs/contracts/src/failure-converter.ts, docs/adr/0017).
 */
export async function bundleWorkflows(entry = workflowsPath(), logger: BundleOptions['logger'] = quietLogger) {
  const { code } = await bundleWorkflowCode({
    workflowsPath: entry,
    logger,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...workflowBundlerOptions,
  });
  return code;
}

let sourceBundle: Promise<WorkflowCode> | undefined;

/**
 * The deployed workflow code, for replays: `explicit` when given; else the prebuilt bundle the production worker
 * loads; else `CF_TEST_WORKFLOW_BUNDLE` (the integration tests' bundle); else the sources bundled once per process.
 */
export function resolveWorkflowCode(explicit?: string): Promise<WorkflowCode> {
  const path = explicit ?? prebuiltWorkflowBundlePath() ?? process.env.CF_TEST_WORKFLOW_BUNDLE;
  if (path) return Promise.resolve({ bundlePath: path });
  sourceBundle ??= bundleWorkflows().then(
    (code) => ({ code }),
    (err: unknown) => {
      sourceBundle = undefined; // a later call tries again
      throw err;
    },
  );
  return sourceBundle;
}
