/**
 * Notifications reach real people on real channels (issue 11), end to end on the real stack: the API, PostgreSQL, the
 * Temporal dev server, a real SMTP server (smtp-server, parsed with mailparser) and a local SMSC (the `smpp` package's
 * server), both started here. The worker is built as apps/worker/src/main.ts builds it: its channels from
 * `channelConfigFromEnv` (`createChannels`), the staff directory's recipients (`directoryRecipients`, R-FLOW-6), the
 * personal-data key derived from the auth secret as the API derives it.
 *
 * - The directory is made through the API (`POST /users`): a manager (with e-mail, wanting e-mail for escalations) and
 *   a supervisor for the case's outlet, a team lead for another outlet.
 * - An untouched case under a fast policy warns its owner (the manager took the call) and escalates: both reach the
 *   manager's inbox (seen over SSE) and mailbox (Chinese subject with the case number, no complainant data).
 * - R-FLOW-6: the team-lead tier nobody holds for the outlet goes to the supervisor, not to a parked placeholder.
 * - R-CON-1: an unreachable customer (preferred channel SMS) gets exactly one SMS for the round; the SMSC's delivery
 *   receipt makes it delivered, on the delivery row and in the case (R-CON-4).
 * - The daily digest of open escalations reaches the manager once (inbox and e-mail), run directly; the schedule that
 *   starts it every morning exists.
 *
 * The database is shared with the other test files running at the same time: every user id and the outlet code carry
 * this run's suffix, and the assertions look at this file's own users and cases.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { NativeConnection, type Worker } from '@temporalio/worker';
import {
  audienceOf,
  caseNumberOf,
  channelsOf,
  createNotificationRelay,
  digestScheduleId,
  digestSeq,
  digestsFor,
  directoryRecipients,
  piiRootKey,
  recipientsFromDirectory,
  renderDigest,
  rolesToRead,
  ESCALATION_DIGEST_WORKFLOW,
  type DirectoryRecipient,
} from '@complaintflow/activities';
import { channelConfigFromEnv } from '@complaintflow/integrations/config';
import type { EscalatedCaseRow } from '@complaintflow/persistence/repositories/escalation-digest';
import { DEFAULT_STAFF_PREFERENCES, type StaffUser } from '@complaintflow/persistence/repositories/staff-directory';
import type { EscalationDigestResult } from '@complaintflow/workflows/escalation-digest';
import { createCaseWorker, createChannels, type WorkerChannels } from '@complaintflow/worker/worker';
import { TEST_SECRET, bootApi, intakeBody, newPhone, type ApiHarness } from '../support/api';
import { LocalSmsc, SMSC_PASSWORD, SMSC_SYSTEM_ID } from '../support/smsc';
import { openStream } from '../support/sse';
import { eventually } from '../support/cases';
import { testDataConverter, testEnv } from '../support/env';
import { policyWith } from '../support/policies';

const run = randomUUID().slice(0, 8);
const id = (name: string) => `${name}-${run}`;
const OUTLET = `E2E${run}`;
const OTHER_OUTLET = `E2X${run}`;
/** The delivery outlet, this run's own too: nobody another test file lists may cover the case. */
const DELIVERY_OUTLET = `E2D${run}`;
const FAST_RETRY = { maximumAttempts: 2, initialIntervalMs: 200, maximumIntervalMs: 400, backoffCoefficient: 2 };

// ---------------------------------------------------------------------------------------------------------------
// the pure parts: the directory's mapping and the digest's text
// ---------------------------------------------------------------------------------------------------------------

function user(over: Partial<StaffUser> & Pick<StaffUser, 'id' | 'roles'>): StaffUser {
  return {
    name: over.id,
    outlet: null,
    department: null,
    email: null,
    phone: null,
    language: 'zh-CN',
    preferences: DEFAULT_STAFF_PREFERENCES,
    active: true,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...over,
  };
}

const caseFacts = {
  caseId: '00000000-0000-4000-8000-000000000001',
  ownerId: 'owner-1',
  originOutlet: 'SH-001',
  deliveryOutlet: 'BJ-007',
  department: null,
};

describe('the directory resolver (pure mapping)', () => {
  const wantsMail = {
    channels: { escalation: ['inbox', 'email'] as const },
    quietHours: { start: '19:00', end: '08:30' },
  };
  const sup = user({
    id: 'sup-sh',
    roles: ['supervisor'],
    outlet: 'SH-001',
    email: 's@example.test',
    phone: '13800000001',
    preferences: wantsMail,
  });
  const lead = user({ id: 'lead-gz', roles: ['team_lead'], outlet: 'GZ-003' });
  const admin = user({ id: 'admin-hq', roles: ['admin'] });
  const owner = user({ id: 'owner-1', roles: ['agent'], language: 'en', email: 'o@example.test' });

  it('channels: the inbox always; e-mail and SMS only when the entry has the address and its preferences list them for the kind', () => {
    const both = user({
      id: 'x',
      roles: ['manager'],
      email: 'm@example.test',
      phone: '13800000000',
      preferences: { ...DEFAULT_STAFF_PREFERENCES, channels: { escalation: ['inbox', 'email', 'sms'] } },
    });
    expect(channelsOf(both, 'escalation')).toEqual({ inbox: true, email: 'm@example.test', sms: '13800000000' });
    expect(channelsOf(both, 'deadline_warning')).toEqual({ inbox: true }); // a kind not listed: the inbox only
    expect(channelsOf(both, undefined)).toEqual({ inbox: true });
    expect(channelsOf({ ...both, email: null }, 'escalation')).toEqual({ inbox: true, sms: '13800000000' });
  });

  it('R-FLOW-6: the team lead nobody holds for the outlet goes to the supervisor, with the tier, language and quiet hours', () => {
    const answer = recipientsFromDirectory('role:team_lead', { ...caseFacts, kind: 'escalation' }, [sup, lead, admin]);
    const expected: DirectoryRecipient = {
      id: 'sup-sh',
      channels: { inbox: true, email: 's@example.test' },
      language: 'zh-CN',
      quietHours: { start: '19:00', end: '08:30' },
      tier: 'supervisor',
      fellBack: true,
      ruleId: 'R-FLOW-6',
    };
    expect(answer.recipients).toEqual([expected]);
    expect(answer.choice.skipped).toEqual([{ tier: 'team_lead', reason: 'none_in_scope' }]);
  });

  it('R-FLOW-6: with nobody in the chain for the case, an admin anywhere; never nobody while there is one', () => {
    const answer = recipientsFromDirectory('role:manager', { ...caseFacts, kind: 'escalation' }, [lead, admin]);
    expect(answer.recipients.map((r) => [r.id, r.tier, r.fellBack])).toEqual([['admin-hq', 'admin', true]]);
    expect(recipientsFromDirectory('role:manager', caseFacts, [lead]).recipients).toEqual([]);
  });

  it('the owner: their entry (language, channels), or a bare inbox for a token-only owner; R-FLOW-4 excludes the employee complained about', () => {
    const listed = recipientsFromDirectory('owner', { ...caseFacts, kind: 'escalation' }, [owner, sup]);
    expect(listed.recipients).toEqual([
      {
        id: 'owner-1',
        channels: { inbox: true },
        language: 'en',
        quietHours: DEFAULT_STAFF_PREFERENCES.quietHours,
        tier: 'owner',
        fellBack: false,
      },
    ]);
    const unlisted = recipientsFromDirectory('tier:handler', caseFacts, [sup]);
    expect(unlisted.recipients).toEqual([
      { id: 'owner-1', channels: { inbox: true }, language: 'zh-CN', tier: 'owner', fellBack: false },
    ]);
    const excluded = recipientsFromDirectory('role:supervisor', { ...caseFacts, excludeIds: ['sup-sh'] }, [sup, admin]);
    expect(excluded.recipients.map((r) => r.id)).toEqual(['admin-hq']);
    expect(excluded.choice.skipped[0]).toEqual({ tier: 'supervisor', reason: 'only_excluded' });
  });

  it('a malformed audience climbs from the team lead rather than being dropped; the roles read cover the chain up to admin', () => {
    expect(audienceOf('role:manager')).toBe('role:manager');
    expect(audienceOf('everyone!')).toBe('role:team_lead');
    expect(recipientsFromDirectory('everyone!', caseFacts, [sup]).recipients.map((r) => r.id)).toEqual(['sup-sh']);
    expect(rolesToRead('owner')).toEqual(['team_lead', 'supervisor', 'manager', 'admin']);
    expect(rolesToRead('role:auditor')).toEqual(['auditor', 'admin']);
    expect(rolesToRead('tier:manager')).toEqual(['manager', 'admin']);
  });

  it('the digest: one line per case the manager covers, Chinese by default, English by preference; no personal data', () => {
    const at = Date.parse('2026-12-03T09:00:00+08:00');
    const c = (n: number, over: Partial<EscalatedCaseRow> = {}): EscalatedCaseRow => ({
      caseId: `0000000${n}-aaaa-4000-8000-000000000000`,
      stage: 'investigation',
      category: 'delay',
      urgency: 'normal',
      tier: 'manager',
      escalationLevel: 3,
      originOutlet: 'SH-001',
      deliveryOutlet: 'BJ-007',
      department: null,
      receivedAt: new Date('2026-12-01T02:00:00Z'),
      nextDueAt: new Date('2026-12-02T02:00:00Z'),
      ...over,
    });
    const cases = [c(1), c(2, { originOutlet: 'GZ-003', deliveryOutlet: 'GZ-004', nextDueAt: null })];
    const shMgr = user({ id: 'm-sh', roles: ['manager'], outlet: 'SH-001' });
    const hqMgr = user({ id: 'm-hq', roles: ['manager'] });
    const idle = user({ id: 'm-cd', roles: ['manager'], outlet: 'CD-001' });
    const digests = digestsFor([shMgr, hqMgr, idle, user({ id: 'sup', roles: ['supervisor'] })], cases);
    expect(digests.map((d) => [d.manager.id, d.cases.length])).toEqual([
      ['m-sh', 1],
      ['m-hq', 2],
    ]);
    const zh = renderDigest({ language: 'zh-CN', at, cases });
    expect(zh.subject).toBe('每日升级工单汇总(2026-12-03):2 件未办结');
    expect(zh.text).toContain(`1. 投诉${caseNumberOf(cases[0]!.caseId)}(延误,调查,一般),受理于 2026-12-01 10:00`);
    expect(zh.text).toContain(`2. 投诉${caseNumberOf(cases[1]!.caseId)}`);
    expect(zh.text).toContain('已超时');
    expect(zh.text).toContain('无进行中的时限');
    const en = renderDigest({ language: 'en', at, cases: cases.slice(0, 1), consoleBaseUrl: 'https://console.test' });
    expect(en.subject).toBe('Daily digest of escalated cases (2026-12-03): 1 open');
    expect(en.text).toContain(`Case ${caseNumberOf(cases[0]!.caseId)}`);
    expect(en.text).toContain(`https://console.test/cases/${cases[0]!.caseId}`);
    expect(digestSeq(at)).toBe(-20261203);
    expect(digestSeq(Date.parse('2026-12-03T23:59:00+08:00'))).toBe(-20261203);
    expect(digestSeq(Date.parse('2026-12-04T00:00:00+08:00'))).toBe(-20261204);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// the real stack
// ---------------------------------------------------------------------------------------------------------------

const SMTP_USER = 'mailer';
const SMTP_PASS = 'e2e-pass';
const SYSTEM_ID = SMSC_SYSTEM_ID;
const SMPP_PASSWORD = SMSC_PASSWORD;

interface Mail {
  readonly raw: string;
  readonly rcptTo: string[];
}

interface DeliveryDb {
  id: string;
  seq: number;
  recipient_id: string;
  recipient_kind: string;
  channel: string;
  kind: string;
  status: string;
  provider_message_id: string | null;
  address_masked: string | null;
  body: string;
}

interface CaseView {
  id: string;
  tier: string;
  notifications: {
    id: number;
    seq: number;
    kind: string;
    channel: string;
    status: string;
    recipient: { kind: string };
  }[];
  customerDeliveries: { kind: string; channel: string; state: string }[];
  contactAttempts: { reached: boolean; channel: string; automatic?: boolean; note?: string }[];
}

const MGR = id('mgr');
const SUP = id('sup');
const LEAD = id('lead');
const AGENT = id('agent');
const MGR_MAIL = `mgr-${run}@kf.example.test`;
// Escalations in seconds; no progress notice to the customer while the test runs (R-SLA-6 would be an SMS too).
const POLICY = policyWith(
  { classify: 5, first_reply: 10, statutory_reply: 15 },
  { progressNotice: { every: { amount: 3600, unit: 'seconds' } } },
);
// An empty quiet window: the notices go at once whatever the hour of the run (a default window would hold them).
const NEVER_QUIET = { start: '00:00', end: '00:00' };

let api: ApiHarness;
let native: NativeConnection;
let smtp: SMTPServer;
const mails: Mail[] = [];
let smsc: LocalSmsc;
let channels: WorkerChannels;
let worker: Worker;
let running: Promise<void>;
const admin = () => api.token(id('admin'), ['admin']);

async function parsed(m: Mail) {
  const p = await simpleParser(m.raw);
  return { subject: p.subject ?? '', text: p.text ?? '', to: m.rcptTo };
}

async function mailsTo(address: string) {
  return Promise.all(mails.filter((m) => m.rcptTo.includes(address)).map(parsed));
}

const deliveriesOf = (caseId: string): Promise<DeliveryDb[]> =>
  api.h.dataSource.query(`SELECT * FROM notification_deliveries WHERE case_id = $1 ORDER BY seq, id`, [caseId]);

const outboxOf = (caseId: string): Promise<{ seq: number; kind: string; audience: string; status: string }[]> =>
  api.h.dataSource.query(
    `SELECT seq, kind, audience, status FROM notification_outbox WHERE case_id = $1 ORDER BY seq`,
    [caseId],
  );

const view = async (caseId: string, token = admin()) =>
  (await api.call<CaseView>('GET', `/complaints/${caseId}`, { token })).body;

beforeAll(async () => {
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return callback(null, { user: SMTP_USER });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  smsc = new LocalSmsc();
  const smppPort = await smsc.listen();

  api = await bootApi({ worker: false, policy: POLICY });
  native = await NativeConnection.connect({ address: testEnv.temporalAddress });
  // As apps/worker/src/main.ts: the channels from the environment's configuration, the directory's recipients.
  channels = createChannels(
    channelConfigFromEnv({
      SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtpPort}`,
      MAIL_FROM: '客户投诉部 <noreply@kf.example.test>',
      SMPP_URL: `smpp://${SYSTEM_ID}:${SMPP_PASSWORD}@127.0.0.1:${smppPort}`,
      SMS_SOURCE_ADDR: '106900001234',
    }),
  );
  worker = await createCaseWorker({
    connection: native,
    namespace: testEnv.namespace,
    taskQueue: api.h.taskQueue, // the API starts the case workflows there
    dataSource: api.h.dataSource,
    dataConverter: testDataConverter,
    workflowBundlePath: testEnv.workflowBundle,
    notify: {
      channels: channels.channels,
      resolveRecipients: directoryRecipients(api.h.dataSource),
      piiRootKey: piiRootKey(undefined, TEST_SECRET),
      customerQuietHours: null, // customers may be messaged at any hour of the test run
      retry: FAST_RETRY,
      sweep: { intervalMs: 1000, olderThanMs: 1500 },
    },
  });
  running = worker.run();

  // The directory, through the API (admin).
  const users = [
    {
      id: MGR,
      name: '李经理',
      // The manager of the outlet, who also takes calls (the owner of the case below, R-FLOW-1).
      roles: ['manager', 'agent'],
      outlet: OUTLET,
      email: MGR_MAIL,
      language: 'zh-CN',
      preferences: {
        channels: { escalation: ['inbox', 'email'], deadline_warning: ['inbox', 'email'] },
        quietHours: NEVER_QUIET,
      },
    },
    {
      id: SUP,
      name: '王主管',
      roles: ['supervisor'],
      outlet: OUTLET,
      email: `sup-${run}@kf.example.test`,
      language: 'zh-CN',
      preferences: { quietHours: NEVER_QUIET },
    },
    {
      id: LEAD,
      name: '赵组长',
      roles: ['team_lead'],
      outlet: OTHER_OUTLET,
      language: 'zh-CN',
      preferences: { quietHours: NEVER_QUIET },
    },
  ];
  for (const body of users) {
    const res = await api.call('POST', '/users', { token: admin(), body });
    expect(res.status).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await channels?.close();
  await api?.close();
  await native?.close();
  await smsc?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const shipment = (over: Record<string, unknown> = {}) => ({
  originOutlet: OUTLET,
  deliveryOutlet: DELIVERY_OUTLET,
  freightFen: 1800,
  chargedFen: 1800,
  insured: false,
  declaredValueFen: 0,
  ...over,
});

let escalatedCaseId: string;

describe('the manager is told, in the inbox and by e-mail', () => {
  it('R-SLA-8, R-FLOW-3: an untouched case warns its owner (the manager) and escalates; both reach the manager inbox over SSE and the mailbox (Chinese subject with the case number, no complainant data); R-FLOW-6: the team-lead tier nobody holds for the outlet goes to the supervisor', async () => {
    const token = api.token(MGR, ['manager', 'agent']);
    const stream = await openStream(api.base, `/me/notifications/stream?access_token=${token}`);
    try {
      expect(stream.status).toBe(200);
      await eventually(
        async () => stream.comments,
        (c) => c.includes('connected'),
        10_000,
      );
      const phone = newPhone();
      const body = intakeBody({
        complainant: { name: '张三', phone, party: 'recipient', preferredChannel: 'phone' },
        shipment: shipment(),
      });
      const created = await api.call<{ id: string }>('POST', '/complaints', { token, body });
      expect(created.status).toBe(201);
      const caseId = created.body.id;
      escalatedCaseId = caseId;
      const number = caseNumberOf(caseId);

      const reached = await eventually(
        () => view(caseId),
        (v) => v.tier === 'manager',
        45_000,
      );
      expect(reached.tier).toBe('manager');
      // Every message planned so far has been relayed.
      const outbox = await eventually(
        () => outboxOf(caseId),
        (rows) => rows.some((r) => r.audience === 'role:manager') && rows.every((r) => r.status === 'done'),
        30_000,
      );
      const rows = await deliveriesOf(caseId);

      // The deadline warning (to the owner) and the escalation to the manager tier are in the manager's inbox …
      const warning = outbox.find((o) => o.kind === 'deadline_warning')!;
      const toManager = outbox.find((o) => o.kind === 'escalation' && o.audience === 'role:manager')!;
      expect(warning).toBeDefined();
      expect(toManager).toBeDefined();
      const inbox = rows.filter((r) => r.recipient_id === MGR && r.channel === 'inbox');
      expect(inbox.map((r) => r.seq)).toEqual(expect.arrayContaining([warning.seq, toManager.seq]));
      expect(inbox.every((r) => r.status === 'delivered')).toBe(true);
      // … pushed over SSE, once each.
      await eventually(
        async () => stream.events.filter((e) => e.data.caseId === caseId).length,
        (n) => n >= inbox.length,
        10_000,
      );
      const seen = stream.events.filter((e) => e.data.caseId === caseId);
      expect(seen.map((e) => e.id).sort()).toEqual(inbox.map((r) => String(r.id)).sort());
      expect(seen.map((e) => e.data.kind)).toEqual(expect.arrayContaining(['deadline_warning', 'escalation']));

      // … and in the mailbox: the manager wants e-mail for both kinds; the messages were sent on the real SMTP server.
      const sentMail = rows.filter((r) => r.recipient_id === MGR && r.channel === 'email');
      expect(sentMail.map((r) => r.seq)).toEqual(expect.arrayContaining([warning.seq, toManager.seq]));
      expect(sentMail.every((r) => r.status === 'sent' && r.address_masked?.includes('***'))).toBe(true);
      const received = await eventually(
        () => mailsTo(MGR_MAIL),
        (m) => m.length >= sentMail.length,
        10_000,
      );
      expect(received).toHaveLength(sentMail.length); // nothing twice
      const escalationMail = received.find((m) => m.subject.startsWith('升级'))!;
      expect(escalationMail.subject).toBe(`升级:投诉${number}已升级至经理`);
      expect(received.some((m) => m.subject.includes(number) && /时限|预警/.test(m.subject))).toBe(true);
      for (const m of received) {
        expect(m.subject).toContain(number);
        // R-SEC-1: no complainant data in a staff message.
        expect(`${m.subject}\n${m.text}`).not.toContain(phone);
        expect(`${m.subject}\n${m.text}`).not.toContain('张三');
        expect(m.text).not.toContain('五天没有更新');
      }
      // The supervisor does not want e-mail: inbox only.
      expect(rows.filter((r) => r.recipient_id === SUP && r.channel === 'email')).toEqual([]);

      // R-FLOW-6: nobody holds the team-lead tier for the outlet (the team lead works for another): the supervisor
      // of the outlet receives it, nothing is parked for nobody.
      const toLead = outbox.find((o) => o.kind === 'escalation' && o.audience === 'role:team_lead')!;
      expect(toLead).toBeDefined();
      const leadRows = rows.filter((r) => r.seq === toLead.seq);
      expect(leadRows.map((r) => [r.recipient_id, r.channel, r.status])).toContainEqual([SUP, 'inbox', 'delivered']);
      expect(leadRows.some((r) => r.recipient_id === LEAD)).toBe(false);
      expect(rows.some((r) => r.recipient_id.startsWith('nobody:'))).toBe(false);
    } finally {
      await stream.close();
    }
  }, 120_000);
});

describe('R-CON-1: the unreachable customer gets exactly one SMS, and it is delivered', () => {
  it('one SMS to the complainant (its submit_sm segments) with the Chinese text, sent then delivered on the row and in the case (R-CON-4)', async () => {
    const phone = newPhone();
    const agent = api.token(AGENT, ['agent']);
    const created = await api.call<{ id: string }>('POST', '/complaints', {
      token: agent,
      body: intakeBody({
        complainant: { name: '张三', phone, party: 'recipient', preferredChannel: 'sms' },
        shipment: shipment(),
      }),
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const toCustomer = () => smsc.submitted.filter((s) => s.pdu.destination_addr === phone);

    const attempt = await api.call('POST', `/complaints/${caseId}/actions/contact-attempt`, {
      token: agent,
      body: { reached: false, channel: 'phone', note: '电话关机' },
    });
    expect(attempt.status).toBe(200);
    const sent = await eventually(
      () => view(caseId),
      (v) => v.customerDeliveries.some((d) => d.kind === 'unreachable_sms' && d.state === 'sent'),
      30_000,
    );
    expect(sent.customerDeliveries).toContainEqual(
      expect.objectContaining({ kind: 'unreachable_sms', channel: 'sms', state: 'sent' }),
    );
    // R-CON-1 (2026-12 rules): the SMS counts as the round's notice once the gateway accepted it.
    expect(sent.contactAttempts).toContainEqual(
      expect.objectContaining({ reached: false, channel: 'sms', automatic: true }),
    );
    const row = sent.notifications.find((n) => n.kind === 'unreachable_sms')!;
    expect(row).toMatchObject({ channel: 'sms', recipient: { kind: 'customer' } });
    expect(['sent', 'delivered']).toContain(row.status);

    // The next attempt of the round fails too: no second SMS (once per round).
    const again = await api.call('POST', `/complaints/${caseId}/actions/contact-attempt`, {
      token: agent,
      body: { reached: false, channel: 'phone', note: '仍然关机' },
    });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    // One SMS: the Chinese text is longer than one UCS-2 message (70 characters), so it goes as the segments of one
    // concatenated message — one reference, numbered 1…n, reassembled to the one text — and nothing else was sent.
    const segments = toCustomer();
    expect(segments.length).toBeGreaterThanOrEqual(1);
    const refs = new Set(segments.map((x) => (x.udh ? x.udh[2] : 'single')));
    expect(refs.size).toBe(1);
    if (segments.length > 1)
      expect(segments.map((x) => [x.udh![3], x.udh![4]])).toEqual(segments.map((_, i) => [segments.length, i + 1]));
    const text = segments.map((x) => x.text).join('');
    expect(segments.every((x) => x.pdu.data_coding === 8)).toBe(true); // UCS-2: Chinese
    expect(text).toMatch(/^【[^】]+】/);
    expect(text).toContain('未能接通');
    expect(text).toContain(caseNumberOf(caseId));
    expect(text).not.toContain('张三');
    const [dbRow] = (await deliveriesOf(caseId)).filter((r) => r.kind === 'unreachable_sms');
    expect(dbRow).toMatchObject({ channel: 'sms', status: 'sent', provider_message_id: segments[0]!.messageId });
    expect(dbRow!.body).toBe(text);
    expect(dbRow!.address_masked).not.toContain(phone);

    // The SMSC reports it delivered (a receipt per segment): the row and the case follow.
    for (const x of segments) expect(await smsc.receipt(x.messageId, 'DELIVRD')).toBe(0);
    const delivered = await eventually(
      () => view(caseId),
      (v) => v.customerDeliveries.some((d) => d.kind === 'unreachable_sms' && d.state === 'delivered'),
      20_000,
    );
    expect(delivered.customerDeliveries.filter((d) => d.kind === 'unreachable_sms').map((d) => d.state)).toEqual([
      'sent',
      'delivered',
    ]);
    expect(delivered.notifications.find((n) => n.kind === 'unreachable_sms')!.status).toBe('delivered');
    expect((await deliveriesOf(caseId)).find((r) => r.kind === 'unreachable_sms')!.status).toBe('delivered');
    expect(toCustomer()).toHaveLength(segments.length); // still the one SMS
  }, 90_000);
});

describe('the daily digest of open escalations (issue 11)', () => {
  it('the schedule exists (created at worker start, idempotently); one run gives the manager one digest listing the case, in the inbox and by e-mail; a second run sends nothing again', async () => {
    expect(escalatedCaseId).toBeDefined();
    const schedule = await api.h.client.schedule.getHandle(digestScheduleId(api.h.taskQueue)).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: ESCALATION_DIGEST_WORKFLOW });
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    const again = createNotificationRelay(
      { client: api.h.client, taskQueue: api.h.taskQueue, dataSource: api.h.dataSource },
      {},
    );
    await expect(again.ensureDigestSchedule()).resolves.toBe('exists');

    const runDigest = (n: number) =>
      api.h.client.workflow.execute(ESCALATION_DIGEST_WORKFLOW, {
        taskQueue: api.h.taskQueue,
        workflowId: `digest-test-${run}-${n}`,
        args: [{ retry: FAST_RETRY }],
      }) as Promise<EscalationDigestResult>;
    const first = await runDigest(1);
    const seq = digestSeq(Date.now());
    const mine: DeliveryDb[] = await api.h.dataSource.query(
      `SELECT * FROM notification_deliveries WHERE recipient_id = $1 AND kind = 'escalation_digest' ORDER BY id`,
      [MGR],
    );
    expect(mine.map((r) => [r.seq, r.channel, r.status])).toEqual([
      [seq, 'inbox', 'delivered'],
      [seq, 'email', 'sent'],
    ]);
    expect(first.deliveries.map((d) => d.deliveryId)).toEqual(expect.arrayContaining(mine.map((r) => Number(r.id))));
    const number = caseNumberOf(escalatedCaseId);
    expect(mine[0]!.body).toContain(`投诉${number}`);
    // The manager's inbox lists it.
    const inbox = await api.call<{ items: { id: number; kind: string; title: string }[] }>('GET', '/me/notifications', {
      token: api.token(MGR, ['manager', 'agent']),
    });
    const digestItems = inbox.body.items.filter((x) => x.kind === 'escalation_digest');
    expect(digestItems.map((x) => x.id)).toEqual([Number(mine[0]!.id)]);
    expect(digestItems[0]!.title).toMatch(/^每日升级工单汇总/);
    // And the mailbox: one digest, Chinese, listing the case; no complainant data.
    const digestMails = await eventually(
      async () => (await mailsTo(MGR_MAIL)).filter((m) => m.subject.startsWith('每日升级工单汇总')),
      (m) => m.length >= 1,
      10_000,
    );
    expect(digestMails).toHaveLength(1);
    expect(digestMails[0]!.text).toContain(`投诉${number}`);
    expect(digestMails[0]!.text).not.toContain('张三');

    // Once a day: a second run plans nothing new and sends nothing.
    const second = await runDigest(2);
    expect(second.deliveries.map((d) => d.status).every((s) => s === 'delivered' || s === 'sent')).toBe(true);
    const after: DeliveryDb[] = await api.h.dataSource.query(
      `SELECT * FROM notification_deliveries WHERE recipient_id = $1 AND kind = 'escalation_digest'`,
      [MGR],
    );
    expect(after).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 500));
    // Only digests are counted: the fast-policy case keeps escalating meanwhile, and those notices mail the manager too.
    const digests = (await mailsTo(MGR_MAIL)).filter((m) => m.subject.startsWith('每日升级工单汇总'));
    expect(digests).toHaveLength(1);
  }, 60_000);
});
