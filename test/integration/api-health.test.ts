/** The HTTP API through a real socket, on the real PostgreSQL and Temporal. */
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { createLogger, loadConfig } from '@complaintflow/config';
import { createApp } from '@complaintflow/api/app';
import { testEnv } from '../support/env';

let app: INestApplication;
let base: string;
let connection: Connection;

beforeAll(async () => {
  const config = loadConfig({
    DATABASE_URL: testEnv.databaseUrl,
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_NAMESPACE: testEnv.namespace,
    NODE_ENV: 'test',
  });
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  const temporal = new Client({ connection, namespace: testEnv.namespace });
  app = await createApp({
    config: { ...config, DATABASE_URL: testEnv.databaseUrl, TEMPORAL_ADDRESS: testEnv.temporalAddress },
    temporal,
    logger: createLogger('api-test', 'silent'),
    authSecret: 'test-secret-0123456789abcdef0123456789abcdef',
  });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
});

afterAll(async () => {
  await app.close();
  await connection.close();
});

describe('operations endpoints', () => {
  it('GET /health reports PostgreSQL and Temporal up', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.postgres.status).toBe('up');
    expect(body.checks.temporal.status).toBe('up');
  });

  it('GET /docs-json is the OpenAPI document and /docs serves Swagger UI', async () => {
    const json = (await (await fetch(`${base}/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(json.openapi).toMatch(/^3\./);
    expect(Object.keys(json.paths)).toContain('/health');
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('an unknown route answers 404 in the API error shape, with security headers', async () => {
    const res = await fetch(`${base}/no-such-thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown[] } };
    expect(body.error.code).toBe('RESOURCE.NOT_FOUND');
    expect(body.error.details).toEqual([]);
  });

  it('keeps the request id a client sends, and refuses to echo an unsafe one', async () => {
    const kept = await fetch(`${base}/health`, { headers: { 'X-Request-Id': 'trace-abc.123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await fetch(`${base}/health`, { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).not.toContain('script');
  });
});
