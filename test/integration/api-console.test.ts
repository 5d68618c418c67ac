/**
 * The API side of the console (apps/api/src/console, docs/adr/0015-console.md): the built app on the API's origin
 * with its SPA fallback under helmet's CSP, the customer's link opening the page, the notice by token, the dev
 * sign-in's staff list, and `GET /approvals/pending?include=own`.
 */
import { randomUUID } from 'node:crypto';
import { bootApi, type ApiHarness, type ErrorAnswer } from '../support/api';

const run = randomUUID().slice(0, 6);
let api: ApiHarness;

beforeAll(async () => {
  api = await bootApi({ worker: false, acceptLanguage: null });
}, 120_000);
afterAll(async () => {
  await api?.close();
});

describe('the console on the API origin', () => {
  it('GET /console and any path under it answer the app (no inline script; CSP script-src self), its files are served, nothing else is', async () => {
    for (const path of ['/console', '/console/', '/console/cases/some-case', '/console/audit/x/y']) {
      const res = await fetch(`${api.base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const html = await res.text();
      expect(html).toContain('<div id="root"></div>');
      expect(html).not.toMatch(/<script>(?!<\/script>)/);
    }
    const html = await (await fetch(`${api.base}/console/`)).text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${api.base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${api.base}/console/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${api.base}/console/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it("the customer's link opens the page (GET), its notice is read by token, a bad token is 401 in Chinese", async () => {
    const page = await fetch(`${api.base}/public/cases/abc.def/response`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const bad = await api.call<ErrorAnswer>('GET', '/public/cases/abc.def');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('LINK.INVALID');
    expect(bad.body.error.message).toContain('链接无效');
  });

  it('GET /auth/dev-users lists the directory without contact data (dev mode); include= other than own is a 400', async () => {
    const admin = api.token(`root-${run}`, ['admin']);
    const created = await api.call('POST', '/users', {
      token: admin,
      body: {
        id: `dev-${run}`,
        name: '钱组长',
        roles: ['team_lead'],
        outlet: `DEV${run}`,
        email: `dev-${run}@kf.example.test`,
        phone: '13900001111',
        language: 'zh-CN',
      },
    });
    expect(created.status).toBe(201);
    const list = await api.call<{ items: Record<string, unknown>[] }>('GET', '/auth/dev-users');
    expect(list.status).toBe(200);
    const me = list.body.items.find((u) => u.id === `dev-${run}`);
    expect(me).toEqual({ id: `dev-${run}`, name: '钱组长', roles: ['team_lead'], outlet: `DEV${run}` });
    expect(JSON.stringify(list.body)).not.toContain('13900001111');

    const lead = api.token(`dev-${run}`, ['team_lead']);
    const own = await api.call<{ items: unknown[] }>('GET', '/approvals/pending?include=own', { token: lead });
    expect(own.status).toBe(200);
    const wrong = await api.call<ErrorAnswer>('GET', '/approvals/pending?include=all', { token: lead });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([expect.objectContaining({ field: 'include' })]);
  });
});

describe('outside dev mode', () => {
  it('GET /auth/dev-users is a 404 like POST /auth/dev-token', async () => {
    const prod = await bootApi({ worker: false, harness: api.h, env: { AUTH_MODE: 'jwt' } });
    try {
      expect((await prod.call('GET', '/auth/dev-users')).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
