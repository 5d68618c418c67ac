/**
 * The API's graceful stop on SIGTERM/SIGINT (issue 16; docs/adr/0018-production-deployment.md): the HTTP server
 * stops accepting connections and closes idle keep-alive ones at once, the requests in flight finish, and only then
 * does Nest close the app (its hooks, then the database pool). A
 * request still running after `graceMs` is cut off, so a stop is bounded. Nest's own `app.close()` runs the
 * `onModuleDestroy` and `beforeApplicationShutdown` hooks before it closes the server and waits for connections
 * without a bound; `app.enableShutdownHooks()` is not used for that reason (main.ts handles the signals).
 */
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';

export async function drainAndClose(app: INestApplication, graceMs: number): Promise<{ forced: boolean }> {
  const server = app.getHttpServer() as Server;
  let forced = false;
  await new Promise<void>((done) => {
    const timer = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      done();
    });
    server.closeIdleConnections();
  });
  await app.close();
  return { forced };
}
