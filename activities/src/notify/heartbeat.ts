/**
 * Heartbeats for the relay's activities (docs/adr/0011-notification-relay-on-temporal.md): while an activity runs it
 * heartbeats every `RELAY_HEARTBEAT.everyMs`, so that the heartbeat timeout the workflow sets detects an attempt lost
 * with its worker within seconds. Outside an activity (a script, a test calling the function) it just runs.
 */
import { Context } from '@temporalio/activity';
import { RELAY_HEARTBEAT } from '@complaintflow/contracts';

type AsyncFn = (...args: never[]) => Promise<unknown>;

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** `fn`, heartbeating while it runs. */
export function heartbeating<F extends AsyncFn>(fn: F): F {
  const wrapped = async (...args: Parameters<F>) => {
    const ctx = currentContext();
    if (!ctx) return fn(...args);
    ctx.heartbeat();
    const timer = setInterval(() => ctx.heartbeat(), RELAY_HEARTBEAT.everyMs);
    try {
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
  return wrapped as F;
}

/** Every function of `activities`, heartbeating. */
export function allHeartbeating<T extends Record<string, AsyncFn>>(activities: T): T {
  return Object.fromEntries(Object.entries(activities).map(([name, fn]) => [name, heartbeating(fn)])) as T;
}
