import { rmSync } from 'node:fs';
import type { TestGlobals } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as unknown as { __cf?: TestGlobals };
  for (const stop of (g.__cf?.stops ?? []).reverse()) await stop();
  if (process.env.CF_TEST_WORKFLOW_BUNDLE) rmSync(process.env.CF_TEST_WORKFLOW_BUNDLE, { force: true });
}
