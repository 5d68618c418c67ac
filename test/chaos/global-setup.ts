/**
 * The chaos project's setup: the integration tests' (test/global-setup.ts: a fresh migrated database, the workflow
 * bundle). That setup runs once per jest run whichever project asks first (`npm test` runs both), so one run never
 * starts two sets of servers.
 */
import globalSetup from '../global-setup';

export default async function chaosGlobalSetup(): Promise<void> {
  await globalSetup();
}
