/**
 * Where the built console is (apps/console/dist, written by `npm run build`; the same folder from the API's sources
 * and from its build, apps/api/src|dist/console → apps/console/dist). CONSOLE_DIST overrides it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function consoleDist(): string {
  return resolve(process.env.CONSOLE_DIST ?? join(__dirname, '..', '..', '..', 'console', 'dist'));
}

export function consoleIndex(dist = consoleDist()): string | undefined {
  const index = join(dist, 'index.html');
  return existsSync(index) ? index : undefined;
}
