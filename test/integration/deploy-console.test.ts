/**
 * The console image's entry command (docker/console.Dockerfile; issue 16): its exact CMD (`nginx -g 'daemon off;'`),
 * run by Debian's nginx (.ci/run installs nginx-light when absent) on the image's server block
 * (docker/console.nginx.conf), with two substitutions a host needs — a free loopback port for 8080 and a folder of
 * built files for /usr/share/nginx/html — and a main configuration of its own in a temporary prefix (the image's is
 * nginx's stock one). `/health` answers, the files are served, and an unknown path is the single-page app's index.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerDir, finalStage, runCmd, waitForHttp, type AppProcess } from '../support/deploy';
import { freePort } from '@complaintflow/temporal';

let tmp: string;
let proc: AppProcess | undefined;
let base: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cf-console-'));
  chmodSync(tmp, 0o755); // nginx's workers (not root) read the files
  const html = join(tmp, 'html');
  mkdirSync(html);
  writeFileSync(join(html, 'index.html'), '<!doctype html><title>投诉工单</title><div id="app"></div>');
  writeFileSync(join(html, 'app.js'), 'console.log("console");');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const server = readFileSync(join(dockerDir, 'console.nginx.conf'), 'utf8')
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
    .replace('/usr/share/nginx/html', html);
  expect(server).toContain(`listen 127.0.0.1:${port};`);
  writeFileSync(join(tmp, 'default.conf'), server);
  const temp = (name: string) => `${name}_temp_path ${join(tmp, name)};`;
  writeFileSync(
    join(tmp, 'nginx.conf'),
    [
      `pid ${join(tmp, 'nginx.pid')};`,
      `error_log ${join(tmp, 'error.log')} warn;`,
      'events {}',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `  ${temp(n)}`),
      `  include ${join(tmp, 'default.conf')};`,
      '}',
    ].join('\n'),
  );
  const { cmd } = finalStage('console.Dockerfile');
  expect(cmd).toEqual(['nginx', '-g', 'daemon off;']);
  proc = runCmd([...cmd!, '-p', tmp, '-c', join(tmp, 'nginx.conf')], {
    PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin`,
  });
  await waitForHttp(`${base}/health`, proc, { timeoutMs: 30_000 });
});

afterAll(async () => {
  await proc?.stop('SIGQUIT');
  rmSync(tmp, { recursive: true, force: true });
});

describe("the console image's CMD", () => {
  it('answers /health, serves the built files, and falls back to index.html for the app routes', async () => {
    const health = await fetch(`${base}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const js = await fetch(`${base}/app.js`);
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'application/javascript']);
    const route = await fetch(`${base}/complaints/some-case`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('投诉工单');
  });
});
