/**
 * The chaos project's setup: the integration tests' (test/global-setup.ts: a fresh migrated database, the workflow
 * bundle), unless that project's own setup already ran in this jest run (`npm test` runs both projects), so that one
 * run never starts two sets of servers.
 */
import globalSetup from '../global-setup';

export default async function chaosGlobalSetup(): Promise<void> {
  if (process.env.CF_TEST_DATABASE_URL && process.env.CF_TEST_WORKFLOW_BUNDLE) return;
  process.env.CF_CHAOS_OWNS_SETUP = '1';
  await globalSetup();
}
