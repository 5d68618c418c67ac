/**
 * The raw baseline's own trivial workflows (bench only, bundled by the raw worker from this file): what the Temporal
 * dev server and an SDK worker cost with no domain, no activity and no database, next to which every service figure
 * is given as a ratio.
 * - `benchNoop`: returns at once (the raw `workflow.start` arm).
 * - `benchPingable`: answers the `ping` Update and ends when its handlers have finished (raw update-with-start).
 * - `benchWaiter`: answers `ping` Updates (a counter) until the `finish` signal (the raw decision round trip).
 * - `benchSleeper`: one timer due at `dueAt`; returns how late it woke (workflow time − due, ms): raw lateness.
 */
import { allHandlersFinished, condition, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<number, [number?]>('ping');
export const finishSignal = defineSignal('finish');

export async function benchNoop(): Promise<void> {
  // nothing: one workflow task that completes the workflow
}

export async function benchPingable(): Promise<void> {
  let pinged = false;
  setHandler(pingUpdate, (n?: number) => {
    pinged = true;
    return n ?? 0;
  });
  await condition(() => pinged, '1 minute');
  await condition(allHandlersFinished);
}

export async function benchWaiter(): Promise<number> {
  let count = 0;
  let finished = false;
  setHandler(pingUpdate, () => ++count);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  await condition(allHandlersFinished);
  return count;
}

export async function benchSleeper(dueAt: number): Promise<number> {
  await sleep(Math.max(1, dueAt - Date.now()));
  return Date.now() - dueAt;
}
