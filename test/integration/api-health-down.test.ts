/** `GET /health` answers 503 in its usual body when a backing service cannot be reached (here: Temporal). */
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
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    TEMPORAL_NAMESPACE: testEnv.namespace,
    NODE_ENV: 'test',
  });
  // Nothing listens on port 1: every call on this connection fails (at once: no retry interceptor).
  connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] });
  app = await createApp({
    config: { ...config, DATABASE_URL: testEnv.databaseUrl, TEMPORAL_ADDRESS: '127.0.0.1:1' },
    temporal: new Client({ connection, namespace: testEnv.namespace }),
    logger: createLogger('api-test', 'silent'),
    authSecret: 'test-secret-0123456789abcdef0123456789abcdef',
  });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await connection?.close().catch(() => undefined);
});

it('GET /health is 503 "degraded" when Temporal is unreachable, PostgreSQL still up', async () => {
  const res = await fetch(`${base}/health`);
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({
    status: 'degraded',
    checks: {
      postgres: { status: 'up', ms: expect.any(Number) },
      temporal: { status: 'down', ms: expect.any(Number), error: expect.any(String) },
    },
  });
});
