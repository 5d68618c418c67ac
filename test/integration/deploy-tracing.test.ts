/**
 * OpenTelemetry tracing through the Temporal interceptors (libs/temporal/src/tracing.ts; issue 16): off without
 * OTEL_EXPORTER_OTLP_ENDPOINT; with it, the client's calls and the worker's activities become spans, exported over
 * OTLP/HTTP to a local receiver started here (a plain HTTP server collecting `POST /v1/traces`). The exported spans
 * carry no payload of the case.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { caseWorkflowId, syncUpdate } from '@complaintflow/contracts';
import { COMPLAINT_CASE_WORKFLOW } from '@complaintflow/temporal';
import { createTracing } from '@complaintflow/temporal/tracing';
import { createCaseWorker } from '@complaintflow/worker/worker';
import { loadConfig } from '@complaintflow/config';
import { CALM_POLICY } from '../support/cases';
import { openHarness, testEnv, type Harness } from '../support/env';
import { testDataConverter } from '../support/payload-keys';
import { intake } from '../support/fixtures';

let receiver: Server;
let endpoint: string;
const received: { path: string; type: string; body: string }[] = [];
let h: Harness;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  h = await openHarness();
});

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('tracing through @temporalio/interceptors-opentelemetry', () => {
  it('is off by default: no endpoint, no tracing', () => {
    expect(loadConfig({}).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(createTracing('complaintflow-test', undefined)).toBeUndefined();
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('with an endpoint, the client and the activities export spans over OTLP/HTTP, without the case payloads', async () => {
    const tracing = createTracing(
      'complaintflow-test',
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).OTEL_EXPORTER_OTLP_ENDPOINT,
    )!;
    const client = new Client({
      connection: h.client.connection,
      namespace: testEnv.namespace,
      dataConverter: testDataConverter,
      interceptors: { workflow: tracing.clientInterceptors },
    });
    const native = await NativeConnection.connect({ address: testEnv.temporalAddress });
    const worker: Worker = await createCaseWorker({
      connection: native,
      namespace: testEnv.namespace,
      taskQueue: h.taskQueue,
      dataSource: h.dataSource,
      workflowBundlePath: testEnv.workflowBundle,
      dataConverter: testDataConverter,
      workerOptions: { interceptors: { activity: tracing.activityInterceptors } },
    });
    const running = worker.run();
    const waybillNo = `ZT${Date.now()}TRACE`;
    const i = intake({ waybillNo });
    try {
      const handle = await client.workflow.start(COMPLAINT_CASE_WORKFLOW, {
        taskQueue: h.taskQueue,
        workflowId: caseWorkflowId(i.caseId),
        args: [{ intake: i, policy: CALM_POLICY }],
      });
      await handle.executeUpdate(syncUpdate);
      await handle.executeUpdate(syncUpdate);
    } finally {
      worker.shutdown();
      await running;
      await native.close();
    }
    await tracing.shutdown(); // flushes the batch
    const traces = received.filter((r) => r.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    const all = traces.map((t) => t.body).join('\n');
    expect(all).toContain(`StartWorkflow:${COMPLAINT_CASE_WORKFLOW}`);
    expect(all).toContain('RunActivity:');
    expect(all).toContain('complaintflow-test');
    // Spans name calls and types; the workflow's input (here its waybill number) is never exported.
    expect(all).not.toContain(waybillNo);
  });
});
