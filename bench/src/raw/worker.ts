/**
 * The raw baseline's worker process (spawned by bench/src/bench.ts, so its CPU and RSS are its own): an SDK worker
 * with default options on its own task queue, running only the trivial workflows of ./workflows.
 *
 *   TEMPORAL_ADDRESS=… BENCH_TASK_QUEUE=… node bench/dist/raw/worker.js
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS;
  const taskQueue = process.env.BENCH_TASK_QUEUE;
  if (!address || !taskQueue) throw new Error('TEMPORAL_ADDRESS and BENCH_TASK_QUEUE are required');
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
  });
  process.stdout.write('raw worker ready\n');
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`raw worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
