/**
 * What a deployed worker adds to the case worker (issue 16; docs/adr/0018-production-deployment.md): its tuning and
 * shutdown grace from the configuration, the Temporal SDK's Prometheus metrics, and a `/health` listener for the
 * container's health check.
 */
import { createServer, type Server } from 'node:http';
import type { AppConfig } from '@complaintflow/config';
import type { RuntimeOptions, Worker, WorkerOptions } from '@temporalio/worker';

/** The configured tuning (unset: the SDK's default) and the shutdown grace, as Worker.create options. */
export function workerTuning(config: AppConfig): Partial<WorkerOptions> {
  const options: {
    -readonly [K in keyof WorkerOptions]?: WorkerOptions[K];
  } = { shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS };
  if (config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined)
    options.maxConcurrentWorkflowTaskExecutions = config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS;
  if (config.WORKER_MAX_CONCURRENT_ACTIVITIES !== undefined)
    options.maxConcurrentActivityTaskExecutions = config.WORKER_MAX_CONCURRENT_ACTIVITIES;
  if (config.WORKER_MAX_CACHED_WORKFLOWS !== undefined) options.maxCachedWorkflows = config.WORKER_MAX_CACHED_WORKFLOWS;
  if (config.WORKER_WORKFLOW_TASK_POLLERS !== undefined)
    options.maxConcurrentWorkflowTaskPolls = config.WORKER_WORKFLOW_TASK_POLLERS;
  if (config.WORKER_ACTIVITY_TASK_POLLERS !== undefined)
    options.maxConcurrentActivityTaskPolls = config.WORKER_ACTIVITY_TASK_POLLERS;
  return options;
}

/**
 * The SDK runtime's telemetry: core logs at WARN and above forwarded to the process, and with WORKER_METRICS_PORT
 * the SDK's Prometheus exporter (task slots, poll latencies, schedule-to-start, sticky cache) on that port. Metric
 * labels are the SDK's (namespace, task queue, workflow and activity type): no case id, no personal data.
 */
export function runtimeOptions(config: AppConfig, filter: string): RuntimeOptions {
  return {
    telemetryOptions: {
      logging: { filter, forward: {} },
      ...(config.WORKER_METRICS_PORT !== undefined
        ? {
            metrics: {
              prometheus: { bindAddress: `${config.WORKER_HTTP_HOST}:${config.WORKER_METRICS_PORT}` },
            },
          }
        : {}),
    },
  };
}

/**
 * `GET /health`: 200 `{ status: 'ok', worker: 'RUNNING' }` while the worker polls, 503 with its state otherwise
 * (starting, draining, stopped). Anything else is 404.
 */
export function startHealthServer(worker: () => Worker | undefined, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const state = worker()?.getState() ?? 'INITIALIZED';
    const ok = state === 'RUNNING';
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', worker: state }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
