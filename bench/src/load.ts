/**
 * Load shapes for the benchmarks: an open-loop step (requests sent on a fixed schedule whatever the answers, each
 * latency measured from its scheduled instant, so a slow server cannot slow the load down and hide its queueing),
 * a closed loop of `concurrency` callers, and the summary of a sample.
 */
import { percentile } from './scratch';

export interface StepResult {
  readonly rate: number;
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  /** Latencies of the answered requests, ascending, ms. */
  readonly latencies: number[];
  readonly firstError?: string;
}

/**
 * Sends `rate` requests a second for `seconds`, on schedule; waits for the last answers (up to `drainMs`); a request
 * still unanswered then counts as an error.
 */
export async function openLoopStep(
  rate: number,
  seconds: number,
  fire: (i: number) => Promise<void>,
  drainMs = 30_000,
): Promise<StepResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now() + 20;
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = fire(i).then(
      () => {
        latencies.push(performance.now() - due);
      },
      (err: unknown) => {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  const drained = Promise.all([...inFlight]);
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), drainMs).unref());
  if ((await Promise.race([drained, timeout])) === 'timeout') {
    errors += inFlight.size;
    firstError ??= `${inFlight.size} requests unanswered ${drainMs} ms after the step`;
  }
  latencies.sort((a, b) => a - b);
  return { rate, sent: total, ok: latencies.length, errors, latencies, ...(firstError ? { firstError } : {}) };
}

/** `count` calls by `concurrency` callers; returns the ascending latencies and the errors. */
export async function closedLoop(
  count: number,
  concurrency: number,
  fire: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; errors: number; seconds: number; firstError?: string }> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t = performance.now();
        try {
          await fire(i);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, errors, seconds: (performance.now() - started) / 1000, ...(firstError ? { firstError } : {}) };
}

/** p50/p99/max of ascending samples, formatted. */
export function describe(sorted: readonly number[]): string {
  if (sorted.length === 0) return 'no samples';
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted[
    sorted.length - 1
  ].toFixed(1)} ms (n=${sorted.length})`;
}

export const p = (sorted: readonly number[], q: number) => (sorted.length ? percentile(sorted, q) : NaN);
