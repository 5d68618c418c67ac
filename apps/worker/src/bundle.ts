/** The build step that writes the prebuilt workflow bundle production workers load (no bundling at boot). */
import { writeFileSync } from 'node:fs';
import { PREBUILT_BUNDLE_PATH, bundleWorkflows } from '@complaintflow/workflows/code';

async function main(): Promise<void> {
  const code = await bundleWorkflows(undefined, undefined);
  writeFileSync(PREBUILT_BUNDLE_PATH, code);
  process.stdout.write(`workflow bundle: ${PREBUILT_BUNDLE_PATH} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bundling failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
