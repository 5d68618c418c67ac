import { rmSync } from 'node:fs';
import type { TestGlobals } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as unknown as { __cf?: TestGlobals };
  // Once per run (both projects' teardowns call this): the stops are taken, so a second call finds none.
  const stops = g.__cf?.stops.splice(0).reverse() ?? [];
  for (const stop of stops) await stop();
  if (process.env.CF_TEST_WORKFLOW_BUNDLE) rmSync(process.env.CF_TEST_WORKFLOW_BUNDLE, { force: true });
}
