/**
 * The console's typed API client is generated from the API's own OpenAPI document (docs/adr/0015-console.md):
 * apps/console/openapi.json is the document the API serves at /docs-json, and apps/console/src/api/schema.d.ts is what
 * openapi-typescript makes of it. This test fails when either committed file is stale;
 * `npm run console:client` (UPDATE_CONSOLE_CLIENT=1) rewrites both.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootApi, type ApiHarness } from '../support/api';

const root = join(__dirname, '..', '..');
const DOC = join(root, 'apps', 'console', 'openapi.json');
const TYPES = join(root, 'apps', 'console', 'src', 'api', 'schema.d.ts');
const GENERATOR = join(root, 'apps', 'console', 'node_modules', '.bin', 'openapi-typescript');
const update = process.env.UPDATE_CONSOLE_CLIENT === '1';

let api: ApiHarness;
beforeAll(async () => {
  api = await bootApi({ worker: false });
});
afterAll(async () => {
  await api?.close();
});

function generate(docPath: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cf-client-'));
  try {
    const out = join(dir, 'schema.d.ts');
    execFileSync(GENERATOR, [docPath, '-o', out], { stdio: 'pipe' });
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the console client is generated from the API document', () => {
  it('apps/console/openapi.json is the document the API serves, and schema.d.ts is generated from it', async () => {
    const res = await api.call<Record<string, unknown>>('GET', '/docs-json');
    expect(res.status).toBe(200);
    const served = `${JSON.stringify(res.body, null, 2)}\n`;
    // The console's own routes are documented: the customer page's notice and the dev sign-in's staff list.
    const paths = (res.body as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/public/cases/{token}', '/auth/dev-users']));
    if (update) writeFileSync(DOC, served);
    expect(readFileSync(DOC, 'utf8')).toBe(served);

    const generated = generate(DOC);
    if (update) writeFileSync(TYPES, generated);
    expect(readFileSync(TYPES, 'utf8')).toBe(generated);
    expect(generated).toContain('"/complaints/{id}/actions/decide-approval"');
  });
});
