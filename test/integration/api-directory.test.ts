/**
 * The staff directory and the outlet directory on the real stack (docs/api.md v2; issue 11, issue 10 R-CH-4): admin
 * only, strict bodies (400 naming each field with a reason in Chinese, nothing written), 409 for a duplicate, the
 * directory's roles and scope winning over a token's claims, an inactive user refused with 401, and the outlets'
 * append-only history with its pending reports to headquarters.
 *
 * The database is shared with the other test files running at the same time, so every user id and outlet code here
 * carries this run's suffix (a listed id would change what another file's tokens may do).
 */
import { randomBytes } from 'node:crypto';
import { OutletDirectoryRepository } from '@complaintflow/persistence/repositories/outlet-directory';
import { StaffDirectoryError, StaffDirectoryRepository } from '@complaintflow/persistence/repositories/staff-directory';
import { chooseRecipients, tiersFor } from '@complaintflow/domain/recipients';
import type { Role } from '@complaintflow/domain/vocabulary';
import { bootApi, intakeBody, type ApiHarness, type ErrorAnswer } from '../support/api';

const S = randomBytes(4).toString('hex');
const id = (name: string) => `${name}-${S}`;
const code = (n: string) => `T${S}-${n}`;

let api: ApiHarness;
let admin: string;

const NON_ADMINS: Role[] = ['agent', 'team_lead', 'investigator', 'supervisor', 'manager', 'auditor'];

interface User {
  id: string;
  name: string;
  roles: string[];
  outlet: string | null;
  department: string | null;
  email: string | null;
  phone: string | null;
  language: string;
  preferences: { channels: Record<string, string[]>; quietHours: { start: string; end: string } };
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Change {
  id: string;
  code: string;
  changedAt: string;
  changedBy: string;
  field: string;
  old: string | null;
  new: string;
  reported: boolean | null;
  reportedAt: string | null;
}

interface OutletAnswer {
  code: string;
  name: string;
  complaintPhone: string;
  complaintHandler: string;
  history: Change[];
}

function userBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: id('sup-sh'),
    name: '王主管',
    roles: ['supervisor'],
    outlet: 'SH-001',
    department: '上海客服部',
    email: 'wang.zhuguan@example.com',
    phone: '13812345678',
    language: 'zh-CN',
    ...overrides,
  };
}

async function rows(): Promise<{ users: number; outlets: number; changes: number }> {
  const [r] = (await api.h.dataSource.query(
    `SELECT (SELECT count(*)::int FROM staff_users) AS users,
            (SELECT count(*)::int FROM outlets) AS outlets,
            (SELECT count(*)::int FROM outlet_changes) AS changes`,
  )) as { users: number; outlets: number; changes: number }[];
  return r;
}

beforeAll(async () => {
  api = await bootApi({ acceptLanguage: null }); // the API's default language: Simplified Chinese
  admin = api.token(id('admin'), ['admin']);
});

afterAll(async () => {
  await api?.close();
});

describe('staff directory: admin creates and changes users', () => {
  it('POST /users adds an entry (defaults: active, quiet hours outside 09:00–18:00) and GET /users lists it', async () => {
    const res = await api.call<User>('POST', '/users', { token: admin, body: userBody() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: id('sup-sh'),
      name: '王主管',
      roles: ['supervisor'],
      outlet: 'SH-001',
      department: '上海客服部',
      email: 'wang.zhuguan@example.com',
      phone: '13812345678',
      language: 'zh-CN',
      active: true,
      preferences: { channels: {}, quietHours: { start: '18:00', end: '09:00' } },
    });
    const list = await api.call<{ items: User[] }>('GET', '/users', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.find((u) => u.id === id('sup-sh'))).toEqual(res.body);
  });

  it('PATCH /users/:id changes only the fields given; null clears; preferences keys replace', async () => {
    await api.call('POST', '/users', { token: admin, body: userBody({ id: id('tl-bj'), roles: ['team_lead'] }) });
    const res = await api.call<User>('PATCH', `/users/${id('tl-bj')}`, {
      token: admin,
      body: {
        id: id('tl-bj'),
        outlet: code('BJ'),
        email: null,
        language: 'en',
        preferences: { channels: { escalation: ['inbox', 'sms'] } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: id('tl-bj'),
      name: '王主管',
      roles: ['team_lead'],
      outlet: code('BJ'),
      email: null,
      phone: '13812345678',
      language: 'en',
      preferences: { channels: { escalation: ['inbox', 'sms'] }, quietHours: { start: '18:00', end: '09:00' } },
    });
    const again = await api.call<User>('PATCH', `/users/${id('tl-bj')}`, {
      token: admin,
      body: { preferences: { quietHours: { start: '20:00', end: '08:30' } } },
    });
    expect(again.body.preferences).toEqual({
      channels: { escalation: ['inbox', 'sms'] },
      quietHours: { start: '20:00', end: '08:30' },
    });
  });

  it('an unknown id is 404; a duplicate id is 409 and the first entry stays as it was', async () => {
    const unknown = await api.call<ErrorAnswer>('PATCH', `/users/${id('nobody')}`, {
      token: admin,
      body: { name: '无' },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'DIRECTORY.USER_NOT_FOUND']);
    const before = await rows();
    const dup = await api.call<ErrorAnswer>('POST', '/users', {
      token: admin,
      body: userBody({ name: '冒名者', roles: ['admin'] }),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DIRECTORY.USER_EXISTS');
    expect(dup.body.error.message).toContain('已在员工目录中');
    expect(await rows()).toEqual(before);
    const list = await api.call<{ items: User[] }>('GET', '/users', { token: admin });
    expect(list.body.items.find((u) => u.id === id('sup-sh'))).toMatchObject({ name: '王主管', roles: ['supervisor'] });
  });

  it('bad bodies are 400 naming each field with a reason in Chinese, and nothing is written', async () => {
    const before = await rows();
    const cases: [string, string, unknown, { field: string; reason: string | RegExp }[]][] = [
      [
        'POST',
        '/users',
        {},
        [
          { field: 'id', reason: '必填' },
          { field: 'name', reason: '必填' },
          { field: 'roles', reason: '必填' },
          { field: 'language', reason: '必填' },
        ],
      ],
      [
        'POST',
        '/users',
        userBody({ id: id('bad1'), roles: ['courier'] }),
        [{ field: 'roles', reason: /^每一项必须是以下值之一:agent, team_lead/ }],
      ],
      ['POST', '/users', userBody({ id: id('bad2'), roles: [] }), [{ field: 'roles', reason: '至少包含 1 项' }]],
      [
        'POST',
        '/users',
        userBody({ id: id('bad3'), roles: ['agent', 'agent'] }),
        [{ field: 'roles', reason: '不能有重复项' }],
      ],
      [
        'POST',
        '/users',
        userBody({ id: 'has space', email: 'not-an-email', phone: '电话' }),
        [
          { field: 'id', reason: /^必须是用户 id/ },
          { field: 'email', reason: '必须是有效的电子邮件地址' },
          { field: 'phone', reason: /^必须是电话号码/ },
        ],
      ],
      [
        'POST',
        '/users',
        userBody({ id: id('bad4'), name: '   ', language: 'fr', outlet: 'SH 001' }),
        [
          { field: 'name', reason: '不能为空白' },
          { field: 'language', reason: '必须是以下值之一:zh-CN, en' },
          { field: 'outlet', reason: /^必须是网点编码/ },
        ],
      ],
      [
        'POST',
        '/users',
        userBody({ id: id('bad5'), isAdmin: true, name: 'x'.repeat(101) }),
        [
          { field: 'isAdmin', reason: '不是允许的字段' },
          { field: 'name', reason: '不能超过 100 个字符' },
        ],
      ],
      [
        'POST',
        '/users',
        userBody({
          id: id('bad6'),
          preferences: { channels: { Escalation: ['pigeon'] }, quietHours: { start: '25:00', end: '9' } },
        }),
        [
          { field: 'preferences.channels.Escalation', reason: /通知种类名/ },
          { field: 'preferences.quietHours.start', reason: /^必须是 HH:MM/ },
          { field: 'preferences.quietHours.end', reason: /^必须是 HH:MM/ },
        ],
      ],
      [
        'POST',
        '/users',
        userBody({ id: id('bad7'), active: 'yes', roles: 'admin' }),
        [
          { field: 'active', reason: '必须是布尔值' },
          { field: 'roles', reason: '必须是数组' },
        ],
      ],
      ['POST', '/users', [userBody()], [{ field: '(body)', reason: '必须是 JSON 对象' }]],
      [
        'PATCH',
        `/users/${encodeURIComponent('bad id!')}`,
        { name: '新名字' },
        [{ field: 'id', reason: /^必须是用户 id/ }],
      ],
      ['PATCH', `/users/${id('sup-sh')}`, { id: id('other') }, [{ field: 'id', reason: /必须与路径中的 id 一致/ }]],
      [
        'PATCH',
        `/users/${id('sup-sh')}`,
        { name: null, roles: ['admin'], active: 1 },
        [
          { field: 'name', reason: '不能为 null' },
          { field: 'active', reason: '必须是布尔值' },
        ],
      ],
    ];
    for (const [method, path, body, expected] of cases) {
      const res = await api.call<ErrorAnswer>(method, path, { token: admin, body });
      expect({ path, body, status: res.status, code: res.body.error.code }).toEqual({
        path,
        body,
        status: 400,
        code: 'REQUEST.INVALID',
      });
      expect(res.body.error.message).toMatch(/^请求无效:/);
      for (const e of expected) {
        const got = res.body.error.details.find((d) => d.field === e.field);
        expect({ body, field: e.field, reason: got?.reason }).toEqual({
          body,
          field: e.field,
          reason: typeof e.reason === 'string' ? e.reason : expect.stringMatching(e.reason),
        });
      }
    }
    // The prototype keys are refused like every body's (common/validation.ts sanitizeBody).
    const proto = await api.call<ErrorAnswer>('POST', '/users', {
      token: admin,
      raw: `{"id":"${id('bad8')}","name":"x","roles":["agent"],"language":"zh-CN","__proto__":{"admin":true}}`,
    });
    expect(proto.status).toBe(400);
    expect(proto.body.error.details).toContainEqual({ field: '__proto__', reason: '不是允许的字段' });
    expect(await rows()).toEqual(before);
    const list = await api.call<{ items: User[] }>('GET', '/users', { token: admin });
    expect(list.body.items.find((u) => u.id === id('sup-sh'))).toMatchObject({ name: '王主管', roles: ['supervisor'] });
  });

  it('Accept-Language: en gives the reasons in English', async () => {
    const res = await api.call<ErrorAnswer>('POST', '/users', {
      token: admin,
      body: { id: id('en1'), roles: ['courier'] },
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^The request is not valid: /);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'name', reason: 'is required' },
        { field: 'roles', reason: expect.stringMatching(/^each value must be one of the following values: agent/) },
      ]),
    );
  });

  it('only admins: every other role gets 403 on every directory endpoint, and nothing is written', async () => {
    const before = await rows();
    const endpoints: [string, string, unknown][] = [
      ['GET', '/users', undefined],
      ['POST', '/users', userBody({ id: id('sneaky') })],
      ['PATCH', `/users/${id('sup-sh')}`, { roles: ['admin'] }],
      ['GET', '/outlets', undefined],
      ['POST', '/outlets', { code: code('X'), name: '网点', complaintPhone: '95311', complaintHandler: '张三' }],
      ['GET', `/outlets/${code('X')}`, undefined],
      ['PATCH', `/outlets/${code('X')}`, { name: '网点' }],
      ['GET', '/outlets/changes/pending', undefined],
    ];
    for (const role of NON_ADMINS) {
      const token = api.token(id(`${role}-probe`), [role]);
      for (const [method, path, body] of endpoints) {
        const res = await api.call<ErrorAnswer>(method, path, { token, body });
        expect({ role, method, path, status: res.status, code: res.body.error.code }).toEqual({
          role,
          method,
          path,
          status: 403,
          code: 'AUTH.ROLE_FORBIDDEN',
        });
      }
    }
    for (const [method, path, body] of endpoints) expect((await api.call(method, path, { body })).status).toBe(401);
    expect(await rows()).toEqual(before);
  });

  it('an admin cannot deactivate themselves or drop their own admin role (422)', async () => {
    const self = id('admin-self');
    await api.call('POST', '/users', { token: admin, body: userBody({ id: self, roles: ['admin'], outlet: null }) });
    const token = api.token(self, ['admin']);
    for (const body of [{ active: false }, { roles: ['manager'] }]) {
      const res = await api.call<ErrorAnswer>('PATCH', `/users/${self}`, { token, body });
      expect([res.status, res.body.error.code]).toEqual([422, 'DIRECTORY.SELF_LOCKOUT']);
    }
    expect(
      (await api.call<User>('PATCH', `/users/${self}`, { token, body: { roles: ['admin', 'auditor'] } })).status,
    ).toBe(200);
  });
});

describe('the token sub maps to the directory', () => {
  it("a listed user acts with the directory's roles, whatever the token claims", async () => {
    const sub = id('inv');
    await api.call('POST', '/users', {
      token: admin,
      body: userBody({ id: sub, roles: ['investigator'], outlet: null }),
    });
    // The token claims admin; the directory says investigator.
    const claimsAdmin = api.token(sub, ['admin'], { name: '假名' });
    const refused = await api.call<ErrorAnswer>('GET', '/users', { token: claimsAdmin });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
    const me = await api.call<User & { listed: boolean }>('GET', '/me', { token: claimsAdmin });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: sub, name: '王主管', roles: ['investigator'], listed: true });

    // The other way round: the token claims agent, the directory (after a change) says admin.
    await api.call('PATCH', `/users/${sub}`, { token: admin, body: { roles: ['admin'] } });
    const claimsAgent = api.token(sub, ['agent']);
    expect((await api.call('GET', '/users', { token: claimsAgent })).status).toBe(200);
    // An agent token could take in a complaint; the directory says admin, which may too — but not auditor-only.
    await api.call('PATCH', `/users/${sub}`, { token: admin, body: { roles: ['auditor'] } });
    const intake = await api.call<ErrorAnswer>('POST', '/complaints', { token: claimsAgent, body: intakeBody() });
    expect([intake.status, intake.body.error.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
  });

  it("the directory's outlet is the scope: a case of other outlets is out of reach (404)", async () => {
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token: api.token(id('intake-agent'), ['agent']),
      body: intakeBody(),
    });
    expect(created.status).toBe(201);
    const sub = id('sup-zz');
    const token = api.token(sub, ['supervisor']); // no outlet in the token: sees every case while not listed
    expect((await api.call('GET', `/complaints/${created.body.id}`, { token })).status).toBe(200);
    await api.call('POST', '/users', { token: admin, body: userBody({ id: sub, outlet: 'ZZ-999' }) });
    const hidden = await api.call<ErrorAnswer>('GET', `/complaints/${created.body.id}`, { token });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'CASE.NOT_FOUND']);
    await api.call('PATCH', `/users/${sub}`, { token: admin, body: { outlet: 'BJ-007' } });
    expect((await api.call('GET', `/complaints/${created.body.id}`, { token })).status).toBe(200);
  });

  it('an inactive user is refused with 401 AUTH.USER_INACTIVE, and let in again once reactivated', async () => {
    const sub = id('agent-off');
    await api.call('POST', '/users', { token: admin, body: userBody({ id: sub, roles: ['agent'] }) });
    const token = api.token(sub, ['agent']);
    expect((await api.call('GET', '/me', { token })).status).toBe(200);
    const off = await api.call<User>('PATCH', `/users/${sub}`, { token: admin, body: { active: false } });
    expect(off.body.active).toBe(false);
    const refused = await api.call<ErrorAnswer>('GET', '/complaints', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('AUTH.USER_INACTIVE');
    expect(refused.body.error.message).toContain('停用');
    expect((await api.call('GET', '/me', { token })).status).toBe(401);
    await api.call('PATCH', `/users/${sub}`, { token: admin, body: { active: true } });
    expect((await api.call('GET', '/complaints', { token })).status).toBe(200);
  });

  it("a user the directory does not list keeps the token's own claims (dev tokens)", async () => {
    const token = api.token(id('unlisted'), ['manager'], { outlet: 'SH-001', name: '赵经理' });
    const me = await api.call<User & { listed: boolean }>('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: id('unlisted'),
      name: '赵经理',
      roles: ['manager'],
      outlet: 'SH-001',
      listed: false,
      active: true,
    });
    expect((await api.call('GET', '/users', { token })).status).toBe(403);
  });

  it('a database error about a staff row is re-thrown without the personal data in it', async () => {
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      }),
    );
    const err = await StaffDirectoryRepository.on(api.h.dataSource)
      .insert({ id: id('raw'), name: '', roles: ['agent'], email: 'secret.person@example.com', phone: '13900001111' })
      .catch((e: unknown) => e)
      .finally(() => spies.forEach((spy) => spy.mockRestore()));
    // Nothing printed it (TypeORM's query log prints a failed statement's parameters) ...
    expect(printed.join('\n')).not.toMatch(/secret\.person|13900001111/);
    expect(err).toBeInstanceOf(StaffDirectoryError);
    expect((err as StaffDirectoryError).constraint).toBe('staff_users_name_check');
    const everything = JSON.stringify({
      ...(err as object),
      message: (err as Error).message,
      stack: (err as Error).stack,
    });
    // ... and the error a log line would serialise does not hold it either.
    expect(everything).not.toContain('secret.person');
    expect(everything).not.toContain('13900001111');
  });
});

describe('R-FLOW-6: the directory feeds the choice of recipients', () => {
  it('R-FLOW-6: listActiveForRecipients gives the active holders and the owner whatever their state', async () => {
    const outlet = code('R');
    const add = (name: string, roles: Role[], extra: Record<string, unknown> = {}) =>
      api.call('POST', '/users', { token: admin, body: userBody({ id: id(name), roles, outlet, ...extra }) });
    await add('r-owner', ['agent'], { active: false });
    await add('r-tl-off', ['team_lead'], { active: false });
    await add('r-sup', ['supervisor', 'investigator']);
    await add('r-inv', ['investigator']);
    const repo = StaffDirectoryRepository.on(api.h.dataSource);
    // Other tests of this file list users too: only this test's outlet counts here.
    const mine = <U extends { outlet: string | null }>(users: U[]) => users.filter((u) => u.outlet === outlet);
    const listed = mine(
      await repo.listActiveForRecipients(
        tiersFor('owner').filter((t) => t !== 'owner'),
        [id('r-owner')],
      ),
    );
    expect(listed.map((u) => [u.id, u.active])).toEqual([
      [id('r-owner'), false],
      [id('r-sup'), true],
    ]);
    expect(listed[0]).toMatchObject({ email: 'wang.zhuguan@example.com', phone: '13812345678', language: 'zh-CN' });
    const scope = { originOutlet: outlet, deliveryOutlet: 'BJ-007', department: null, ownerId: id('r-owner') };
    const chosen = chooseRecipients({ audience: 'owner', case: scope, directory: listed });
    expect(chosen).toMatchObject({
      tier: 'supervisor',
      userIds: [id('r-sup')],
      skipped: [
        { tier: 'owner', reason: 'owner_inactive' },
        { tier: 'team_lead', reason: 'none_in_scope' },
      ],
      ruleId: 'R-FLOW-6',
    });
    // Without roles: every active entry.
    expect(mine(await repo.listActiveForRecipients()).map((u) => u.id)).toEqual([id('r-inv'), id('r-sup')]);
  });
});

describe('R-CH-4: the outlet directory with its history, changes reported to headquarters', () => {
  const base = () => ({
    code: code('001'),
    name: '上海浦东网点',
    complaintPhone: '021-58881234',
    complaintHandler: '李经理',
  });

  it('R-CH-4: POST /outlets puts the line and the handler on record, reported to headquarters', async () => {
    const res = await api.call<OutletAnswer>('POST', '/outlets', { token: admin, body: base() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(base());
    expect(res.body.history.map((c) => [c.field, c.old, c.new, c.reported, c.changedBy])).toEqual([
      ['name', null, '上海浦东网点', null, id('admin')],
      ['complaintPhone', null, '021-58881234', false, id('admin')],
      ['complaintHandler', null, '李经理', false, id('admin')],
    ]);
    const list = await api.call<{ items: OutletAnswer[] }>('GET', '/outlets', { token: admin });
    expect(list.body.items.find((o) => o.code === code('001'))).toMatchObject(base());
  });

  it('R-CH-4: a new complaint line is recorded with old and new, and waits as a report for headquarters', async () => {
    const res = await api.call<OutletAnswer>('PATCH', `/outlets/${code('001')}`, {
      token: admin,
      body: { code: code('001'), complaintPhone: '021-58889999', complaintHandler: '李经理' },
    });
    expect(res.status).toBe(200);
    expect(res.body.complaintPhone).toBe('021-58889999');
    // Only what changed: the handler was given unchanged and is not in the history.
    expect(res.body.history.map((c) => [c.field, c.old, c.new, c.reported])).toEqual([
      ['complaintPhone', '021-58881234', '021-58889999', false],
    ]);
    const pending = await api.call<{ items: Change[] }>('GET', '/outlets/changes/pending', { token: admin });
    const mine = pending.body.items.filter((c) => c.code === code('001'));
    expect(mine.map((c) => [c.field, c.new])).toEqual([
      ['complaintPhone', '021-58881234'],
      ['complaintHandler', '李经理'],
      ['complaintPhone', '021-58889999'],
    ]);
  });

  it('R-CH-4: a name change is history but no report; a patch that changes nothing writes nothing', async () => {
    const before = await rows();
    const same = await api.call<OutletAnswer>('PATCH', `/outlets/${code('001')}`, {
      token: admin,
      body: { complaintHandler: '李经理' },
    });
    expect([same.status, same.body.history]).toEqual([200, []]);
    expect(await rows()).toEqual(before);
    const renamed = await api.call<OutletAnswer>('PATCH', `/outlets/${code('001')}`, {
      token: admin,
      body: { name: '上海浦东新区网点', complaintHandler: '陈主任' },
    });
    expect(renamed.body.history.map((c) => [c.field, c.old, c.new, c.reported])).toEqual([
      ['name', '上海浦东网点', '上海浦东新区网点', null],
      ['complaintHandler', '李经理', '陈主任', false],
    ]);
  });

  it('R-CH-4: GET /outlets/:code gives the whole history in order; the relay marks reports delivered', async () => {
    const res = await api.call<OutletAnswer>('GET', `/outlets/${code('001')}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '上海浦东新区网点',
      complaintPhone: '021-58889999',
      complaintHandler: '陈主任',
    });
    expect(res.body.history.map((c) => `${c.field}:${c.old ?? '-'}→${c.new}`)).toEqual([
      'name:-→上海浦东网点',
      'complaintPhone:-→021-58881234',
      'complaintHandler:-→李经理',
      'complaintPhone:021-58881234→021-58889999',
      'name:上海浦东网点→上海浦东新区网点',
      'complaintHandler:李经理→陈主任',
    ]);
    const ids = res.body.history.map((c) => Number(c.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    // The relay's side (repository): pending reports of this outlet, then delivered.
    const repo = new OutletDirectoryRepository(api.h.dataSource);
    const pending = (await repo.pendingReports(10_000)).filter((c) => c.code === code('001'));
    expect(pending).toHaveLength(4);
    expect(await repo.markReported(pending.map((c) => c.id))).toBe(4);
    expect(await repo.markReported(pending.map((c) => c.id))).toBe(0);
    const after = await api.call<{ items: Change[] }>('GET', '/outlets/changes/pending', { token: admin });
    expect(after.body.items.filter((c) => c.code === code('001'))).toEqual([]);
    const history = (await api.call<OutletAnswer>('GET', `/outlets/${code('001')}`, { token: admin })).body.history;
    expect(history.map((c) => c.reported)).toEqual([null, true, true, true, null, true]);
    expect(history.filter((c) => c.reported).every((c) => c.reportedAt !== null)).toBe(true);
  });

  it('R-CH-4: the history is append-only in the database (no edit of what was recorded, no delete)', async () => {
    const [row] = (await api.h.dataSource.query(`SELECT id FROM outlet_changes WHERE code = $1 ORDER BY id LIMIT 1`, [
      code('001'),
    ])) as { id: string }[];
    await expect(
      api.h.dataSource.query(`UPDATE outlet_changes SET new = 'forged' WHERE id = $1`, [row.id]),
    ).rejects.toThrow(/append-only/);
    await expect(api.h.dataSource.query(`DELETE FROM outlet_changes WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('R-CH-4: duplicates 409, unknown codes 404, bad bodies 400 in Chinese, and nothing written', async () => {
    const before = await rows();
    const dup = await api.call<ErrorAnswer>('POST', '/outlets', {
      token: admin,
      body: { ...base(), name: '别的网点' },
    });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'DIRECTORY.OUTLET_EXISTS']);
    const unknown = await api.call<ErrorAnswer>('GET', `/outlets/${code('404')}`, { token: admin });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'DIRECTORY.OUTLET_NOT_FOUND']);
    const unknownPatch = await api.call<ErrorAnswer>('PATCH', `/outlets/${code('404')}`, {
      token: admin,
      body: { name: '无' },
    });
    expect(unknownPatch.status).toBe(404);
    const bad: [string, string, unknown, { field: string; reason: string | RegExp }[]][] = [
      [
        'POST',
        '/outlets',
        { code: code('002') },
        [
          { field: 'name', reason: '必填' },
          { field: 'complaintPhone', reason: '必填' },
          { field: 'complaintHandler', reason: '必填' },
        ],
      ],
      [
        'POST',
        '/outlets',
        { ...base(), code: 'bad code', complaintPhone: '打这个电话' },
        [
          { field: 'code', reason: /^必须是网点编码/ },
          { field: 'complaintPhone', reason: /^必须是电话号码/ },
        ],
      ],
      ['PATCH', `/outlets/${code('001')}`, {}, [{ field: '(body)', reason: '至少要给出一个要修改的字段' }]],
      [
        'PATCH',
        `/outlets/${code('001')}`,
        { code: code('999'), name: '新' },
        [{ field: 'code', reason: /必须与路径中的 code 一致/ }],
      ],
      [
        'PATCH',
        `/outlets/${code('001')}`,
        { complaintHandler: '', phone: '1' },
        [
          { field: 'complaintHandler', reason: '不能为空白' },
          { field: 'phone', reason: '不是允许的字段' },
        ],
      ],
      ['GET', `/outlets/${encodeURIComponent('a b')}`, undefined, [{ field: 'code', reason: /^必须是网点编码/ }]],
    ];
    for (const [method, path, body, expected] of bad) {
      const res = await api.call<ErrorAnswer>(method, path, { token: admin, body });
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      for (const e of expected) {
        const got = res.body.error.details.find((d) => d.field === e.field);
        expect({ body, field: e.field, reason: got?.reason }).toEqual({
          body,
          field: e.field,
          reason: typeof e.reason === 'string' ? e.reason : expect.stringMatching(e.reason),
        });
      }
    }
    expect(await rows()).toEqual(before);
  });
});

describe('OpenAPI', () => {
  it('documents the directory endpoints with their bodies and Chinese examples', async () => {
    const doc = (
      await api.call<{
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
      }>('GET', '/docs-json')
    ).body;
    for (const [path, methods] of [
      ['/users', ['get', 'post']],
      ['/users/{id}', ['patch']],
      ['/me', ['get']],
      ['/outlets', ['get', 'post']],
      ['/outlets/{code}', ['get', 'patch']],
      ['/outlets/changes/pending', ['get']],
    ] as const) {
      for (const m of methods) expect(doc.paths[path]?.[m]).toBeDefined();
    }
    const createUser = JSON.stringify(doc.paths['/users'].post.requestBody);
    expect(createUser).toContain('王主管');
    expect(createUser).toContain('"additionalProperties":false');
    expect(JSON.stringify(doc.paths['/outlets/{code}'].patch.requestBody)).toContain('对外公布的投诉电话');
  });
});
