/**
 * The deployment settings (issue 16; libs/config/src/config.ts, apps/worker/src/deployment.ts): worker tuning left to
 * the SDK unless set, validated with the variable named; the shutdown grace always set; metrics and health ports off
 * unless set.
 */
import { ConfigError, loadConfig } from '@complaintflow/config';
import { runtimeOptions, workerTuning } from '@complaintflow/worker/deployment';

function refused(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error('expected the configuration to be refused');
}

describe('worker deployment settings', () => {
  it("unset: the SDK's defaults, a 30 s shutdown grace, no metrics or health listener", () => {
    const config = loadConfig({});
    expect(workerTuning(config)).toEqual({ shutdownGraceTime: 30_000 });
    expect(config.WORKER_METRICS_PORT).toBeUndefined();
    expect(config.WORKER_HEALTH_PORT).toBeUndefined();
    expect(runtimeOptions(config, 'WARN').telemetryOptions).not.toHaveProperty('metrics');
  });

  it('set: each becomes its Worker option', () => {
    const config = loadConfig({
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
      WORKER_MAX_CACHED_WORKFLOWS: '500',
      WORKER_WORKFLOW_TASK_POLLERS: '4',
      WORKER_ACTIVITY_TASK_POLLERS: '3',
      WORKER_SHUTDOWN_GRACE_MS: '5000',
      WORKER_METRICS_PORT: '9464',
      WORKER_HTTP_HOST: '0.0.0.0',
    });
    expect(workerTuning(config)).toEqual({
      maxConcurrentWorkflowTaskExecutions: 20,
      maxConcurrentActivityTaskExecutions: 50,
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTaskPolls: 4,
      maxConcurrentActivityTaskPolls: 3,
      shutdownGraceTime: 5000,
    });
    expect(runtimeOptions(config, 'WARN').telemetryOptions?.metrics).toEqual({
      prometheus: { bindAddress: '0.0.0.0:9464' },
    });
  });

  it('bad values are refused naming the variable', () => {
    expect(
      refused({
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1', // the SDK needs 2 (one sticky, one normal poll)
        WORKER_MAX_CONCURRENT_ACTIVITIES: 'many',
        WORKER_SHUTDOWN_GRACE_MS: '-1',
        WORKER_METRICS_PORT: '70000',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      }).sort(),
    ).toEqual(
      [
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'WORKER_MAX_CONCURRENT_ACTIVITIES',
        'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
        'WORKER_METRICS_PORT',
        'WORKER_SHUTDOWN_GRACE_MS',
      ].sort(),
    );
  });
});
