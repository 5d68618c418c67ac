/** Writes the prebuilt workflow bundle (dist/workflow-bundle.js) that production workers load (no bundling at boot). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../apps/worker/src/worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: undefined });
  const out = join(__dirname, '..', 'workflow-bundle.js');
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bundling failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
