/** Stops what test/chaos/global-setup.ts started (nothing when the integration project's setup served both). */
import globalTeardown from '../global-teardown';

export default async function chaosGlobalTeardown(): Promise<void> {
  if (process.env.CF_CHAOS_OWNS_SETUP === '1') await globalTeardown();
}
