/** Stops what the shared setup started; the teardown runs its stops once, whichever project's teardown comes first. */
import globalTeardown from '../global-teardown';

export default async function chaosGlobalTeardown(): Promise<void> {
  await globalTeardown();
}
