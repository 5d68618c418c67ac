/**
 * OpenTelemetry tracing through the Temporal SDK's interceptors (@temporalio/interceptors-opentelemetry; issue 16,
 * docs/adr/0018-production-deployment.md). Off unless OTEL_EXPORTER_OTLP_ENDPOINT names an OTLP/HTTP collector; then
 * the API's client traces each workflow start, signal, update and query, and the worker traces each activity,
 * continuing the caller's trace from the Temporal headers. Spans are batched to `<endpoint>/v1/traces`.
 *
 * Span attributes are the interceptors' own (workflow type, workflow id, activity type): a workflow id is a case id,
 * never personal data (docs/adr/0004-audit-trail.md). Workflow-side spans need the interceptors' workflow module in the
 * workflow bundle; the prebuilt bundle does not carry it (a bundle change must replay the committed histories), so
 * the trace shows the client's calls and the activities.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export interface Tracing {
  readonly tracer: Tracer;
  /** For the Client's `interceptors.workflow`. */
  readonly clientInterceptors: WorkflowClientInterceptor[];
  /** For the Worker's `interceptors.activity`. */
  readonly activityInterceptors: ActivityInterceptorsFactory[];
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** Tracing for `service` when `endpoint` is set (else undefined: tracing off). */
export function createTracing(
  service: string,
  endpoint: string | undefined,
  exporter: SpanExporter | undefined = endpoint
    ? new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` })
    : undefined,
): Tracing | undefined {
  if (!exporter) return undefined;
  const provider = new BasicTracerProvider({ resource: new Resource({ 'service.name': service }) });
  provider.addSpanProcessor(new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 }));
  const tracer = provider.getTracer('complaintflow');
  return {
    tracer,
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor({ tracer })],
    activityInterceptors: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    shutdown: () => provider.shutdown(),
  };
}
