/**
 * The notification relay on Temporal (docs/adr/0011-notification-relay-on-temporal.md), on the real dev server and the
 * real PostgreSQL, through the real API: one `deliverNotification` per outbox row, deliveries idempotent per (case,
 * seq, recipient, channel), the in-app inbox pushed over SSE, parked messages for an admin, the development sink.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import {
  CUSTOMER_QUIET_HOURS,
  caseNumberOf,
  createRelayActivities,
  fixedRecipients,
  piiRootKey,
  quietUntil,
  renderNotification,
  R_CON_3_MISSING,
  type DeliveryOutcome,
  type FixedEntry,
  type NotificationRelayOptions,
  type RelayStarter,
} from '@complaintflow/activities';
import { createCaseActivities } from '@complaintflow/activities/case-activities';
import { PiiCipher } from '@complaintflow/persistence/pii';
import { caseWorkflowId, getCaseQuery, syncUpdate } from '@complaintflow/contracts';
import {
  evolve,
  type CaseEvent,
  type CaseEventData,
  type CaseState,
  type EventActor,
} from '@complaintflow/domain/case';
import { startTier } from '@complaintflow/domain/escalation';
import { CaseComplainantsRepository } from '@complaintflow/persistence/repositories/case-complainants';
import type { RelayActivities } from '@complaintflow/workflows/deliver-notification';
import { createCaseWorker } from '@complaintflow/worker/worker';
import {
  type Accepted,
  type NotificationChannel,
  type OutgoingMessage,
  PermanentChannelError,
} from '@complaintflow/integrations/channel';
import { TEST_SECRET, bootApi, type ApiHarness } from '../support/api';
import { openStream, type SseEvent } from '../support/sse';
import { CALM_POLICY, act, eventually, policyWith, startCase } from '../support/cases';
import { testDataConverter, testEnv, type Harness } from '../support/env';
import { FAST_POLICY } from '../support/policies';
import { intake } from '../support/fixtures';

const run = randomUUID().slice(0, 8);
const id = (name: string) => `${name}-${run}`;
const FAST_RETRY = { maximumAttempts: 2, initialIntervalMs: 200, maximumIntervalMs: 400, backoffCoefficient: 2 };

let api: ApiHarness;
let native: NativeConnection;

beforeAll(async () => {
  api = await bootApi({ worker: false });
  native = await NativeConnection.connect({ address: testEnv.temporalAddress });
});

afterAll(async () => {
  await api.close();
  await native.close();
});

/** A worker on `taskQueue` with relay options of the test's (channels, recipients, fast retries). */
async function startWorker(taskQueue: string, notify: NotificationRelayOptions) {
  const worker: Worker = await createCaseWorker({
    connection: native,
    namespace: testEnv.namespace,
    taskQueue,
    dataSource: api.h.dataSource,
    dataConverter: testDataConverter,
    workflowBundlePath: testEnv.workflowBundle,
    notify: { customerQuietHours: null, retry: FAST_RETRY, sweep: { intervalMs: 1000, olderThanMs: 1500 }, ...notify },
  });
  const running = worker.run();
  return {
    worker,
    running,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/** A channel that records what it accepted; `behave` may fail or hold a send. */
function recordingChannel(
  name: 'email' | 'sms',
  received: OutgoingMessage[],
  behave: (m: OutgoingMessage, call: number) => Promise<void> | void = () => undefined,
): NotificationChannel & { calls: number } {
  const ch = {
    name,
    calls: 0,
    async send(m: OutgoingMessage): Promise<Accepted> {
      ch.calls++;
      await behave(m, ch.calls);
      received.push(m);
      return { providerMessageId: `<${m.idempotencyKey}@test>` };
    },
    async close() {},
  };
  return ch;
}

const STAFF = (actorId: string, role: 'supervisor' | 'manager' | 'investigator' | 'agent'): EventActor => ({
  kind: 'staff',
  id: actorId,
  role,
});

/**
 * Writes a case and its `notification.requested` events the way the case workflow's recording activity does (no case
 * workflow: the relay's report to it is ignored), starting each message's relay after the commit when `starter` is
 * given. Returns the case id and the seq of each notification, in order.
 */
async function seedMessages(
  h: Pick<Harness, 'dataSource'>,
  starter: RelayStarter | undefined,
  notifications: { kind: string; audience: string; channel: string; about?: string }[],
  opts: {
    owner?: string;
    urgency?: 'normal' | 'urgent' | 'major';
    contactAtNight?: boolean;
    before?: { actor: EventActor; data: CaseEventData }[];
  } = {},
): Promise<{ caseId: string; seqs: number[]; state: CaseState }> {
  const i = intake({
    receivedBy: opts.owner ?? id('owner'),
    urgency: opts.urgency ?? 'normal',
    receivedAt: Date.now(),
    ...(opts.contactAtNight ? { contactAtNight: true } : {}),
  });
  const tier = startTier(i.urgency, i.isRepeat, FAST_POLICY.escalation);
  const events: CaseEvent[] = [
    {
      seq: 1,
      at: i.receivedAt,
      actor: { kind: 'system' },
      data: { type: 'case.received', intake: i, policy: FAST_POLICY, tier },
    },
  ];
  for (const e of opts.before ?? [])
    events.push({ seq: events.length + 1, at: Date.now(), actor: e.actor, data: e.data });
  const seqs: number[] = [];
  for (const n of notifications) {
    seqs.push(events.length + 1);
    events.push({
      seq: events.length + 1,
      at: Date.now(),
      actor: { kind: 'system' },
      data: {
        type: 'notification.requested',
        notification: n as never,
        about: n.about ?? 'test',
      },
    });
  }
  let state: CaseState | undefined;
  for (const e of events) state = evolve(state, e);
  await createCaseActivities(h.dataSource as DataSource, starter).recordCaseEvents({
    workflowId: caseWorkflowId(i.caseId),
    events,
    state: state!,
  });
  return { caseId: i.caseId, seqs, state: state! };
}

interface DeliveryDb {
  id: string;
  seq: number;
  recipient_id: string;
  recipient_kind: string;
  channel: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  address_masked: string | null;
  next_attempt_at: Date | null;
  body: string;
}

const deliveriesOf = (caseId: string): Promise<DeliveryDb[]> =>
  api.h.dataSource.query(`SELECT * FROM notification_deliveries WHERE case_id = $1 ORDER BY seq, id`, [caseId]);

const outboxStatuses = async (caseId: string): Promise<string[]> =>
  (
    (await api.h.dataSource.query(`SELECT status FROM notification_outbox WHERE case_id = $1 ORDER BY seq`, [
      caseId,
    ])) as { status: string }[]
  ).map((r) => r.status);

const allDone = (statuses: string[]) => statuses.length > 0 && statuses.every((s) => s === 'done');

// ---------------------------------------------------------------------------------------------------------------
// SSE: a minimal EventSource over fetch
// ---------------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------------

describe('quiet hours (pure)', () => {
  const beijing = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00+08:00`);

  it('customers are never messaged between 21:00 and 08:00 Beijing time: a message at 23:30 waits until 08:00', () => {
    expect(quietUntil(beijing('23:30'), CUSTOMER_QUIET_HOURS)).toBe(Date.parse('2026-12-02T08:00:00+08:00'));
    expect(quietUntil(beijing('07:59'), CUSTOMER_QUIET_HOURS)).toBe(beijing('08:00'));
    expect(quietUntil(beijing('21:00'), CUSTOMER_QUIET_HOURS)).toBe(Date.parse('2026-12-02T08:00:00+08:00'));
    expect(quietUntil(beijing('08:00'), CUSTOMER_QUIET_HOURS)).toBeNull();
    expect(quietUntil(beijing('20:59'), CUSTOMER_QUIET_HOURS)).toBeNull();
  });

  it('a staff window inside one day, and an empty window', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(beijing('12:10'), lunch)).toBe(beijing('13:30'));
    expect(quietUntil(beijing('13:30'), lunch)).toBeNull();
    expect(quietUntil(beijing('11:59'), lunch)).toBeNull();
    expect(quietUntil(beijing('03:00'), { start: '09:00', end: '09:00' })).toBeNull();
    expect(() => quietUntil(beijing('03:00'), { start: '9am', end: '10:00' })).toThrow(/HH:MM/);
  });
});

describe('the relay delivers to the inbox, live over SSE', () => {
  const MGR = id('mgr');
  const SUP = id('sup');
  const LEAD = id('lead');
  const directory: FixedEntry[] = [
    { id: MGR, roles: ['manager'], channels: { inbox: true }, language: 'zh-CN' },
    { id: SUP, roles: ['supervisor'], channels: { inbox: true }, language: 'zh-CN' },
    { id: LEAD, roles: ['team_lead', 'agent'], channels: { inbox: true }, language: 'en' },
  ];

  it('R-SLA-8, R-FLOW-3: an untouched case warns its owner and escalates to the manager; each notice reaches the manager inbox once, over SSE; mark-read updates the unread count', async () => {
    const taskQueue = `${api.h.taskQueue}-sse`;
    const w = await startWorker(taskQueue, { resolveRecipients: fixedRecipients(directory) });
    const token = api.token(MGR, ['manager']);
    const stream = await openStream(api.base, `/me/notifications/stream?access_token=${token}`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      await eventually(
        async () => stream.comments,
        (c) => c.includes('connected'),
        10_000,
      );
      // The manager took the call at headquarters (R-FLOW-1: the owner); nobody touches the case.
      const policy = policyWith({ classify: 5, first_reply: 10, statutory_reply: 15 });
      const { handle, intake: i } = await startCase({ ...api.h, taskQueue }, policy, { receivedBy: MGR });
      try {
        const state = await eventually(
          () => handle.query(getCaseQuery),
          (s) => s.tier === 'manager' && s.deadlines.statutory_reply?.breachedAt !== undefined,
          40_000,
        );
        expect(state.tier).toBe('manager');
        // What the query saw is recorded; then the case stops (no further breaches add messages while we count).
        await handle.executeUpdate(syncUpdate);
        await handle.terminate('counted');
        // Every relay run of the case finished (its outbox rows done), and the stream caught up.
        await eventually(() => outboxStatuses(i.caseId), allDone, 30_000);
        const rows = await deliveriesOf(i.caseId);
        const managerInbox = rows.filter((r) => r.recipient_id === MGR && r.channel === 'inbox');
        await eventually(
          async () => stream.events.filter((e) => e.data.caseId === i.caseId).length,
          (n) => n >= managerInbox.length,
          10_000,
        );
        const seen = stream.events.filter((e) => e.data.caseId === i.caseId);
        // A deadline warning (owner) and the escalation to the manager tier are among them.
        expect(seen.map((e) => e.data.kind)).toEqual(expect.arrayContaining(['deadline_warning', 'escalation']));
        const outbox: { seq: number; kind: string; audience: string }[] = await api.h.dataSource.query(
          `SELECT seq, kind, audience FROM notification_outbox WHERE case_id = $1 ORDER BY seq`,
          [i.caseId],
        );
        const toManager = outbox.filter((o) => o.kind === 'escalation' && o.audience === 'role:manager');
        // At the top tier a further breach tells the manager again (R-SLA-8); each is its own message.
        expect(toManager.length).toBeGreaterThanOrEqual(1);
        const forOwner = outbox.filter((o) => o.kind === 'deadline_warning').map((o) => o.seq);
        expect(forOwner.length).toBeGreaterThanOrEqual(1);
        // Once each: one inbox row per message for the manager, and one SSE event per row, no duplicate.
        expect(new Set(managerInbox.map((r) => r.seq)).size).toBe(managerInbox.length);
        expect(managerInbox.map((r) => r.seq).sort((x, y) => x - y)).toEqual(
          [...forOwner, ...toManager.map((o) => o.seq)].sort((x, y) => x - y),
        );
        expect(managerInbox.every((r) => r.status === 'delivered')).toBe(true);
        expect(seen.map((e) => e.id).sort()).toEqual(managerInbox.map((r) => String(r.id)).sort());
        expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
        // The lower tiers got theirs, in their own inboxes (R-SLA-8: each tier told).
        expect(rows.filter((r) => r.recipient_id === SUP && r.kind === 'escalation')).toHaveLength(1);
        expect(rows.filter((r) => r.recipient_id === LEAD && r.kind === 'escalation')).toHaveLength(1);

        // GET /me/notifications: the manager's inbox, newest first, everything unread.
        const before = await api.call<{ items: SseEvent['data'][]; unread: number }>('GET', '/me/notifications', {
          token,
        });
        expect(before.status).toBe(200);
        const mine = before.body.items.filter((x) => x.caseId === i.caseId);
        expect(mine.map((x) => x.id).sort()).toEqual(managerInbox.map((r) => Number(r.id)).sort());
        expect(before.body.items.map((x) => x.id)).toEqual(
          [...before.body.items.map((x) => x.id)].sort((a, b) => b - a),
        );
        expect(mine.every((x) => x.read === false && typeof x.title === 'string' && x.title !== '')).toBe(true);
        const first = mine[0];
        // Someone else's id is 404, and changes nothing.
        const other = await api.call('POST', `/me/notifications/${first.id}/read`, {
          token: api.token(SUP, ['supervisor']),
        });
        expect(other.status).toBe(404);
        expect((await api.call('POST', `/me/notifications/999999999/read`, { token })).status).toBe(404);
        const read = await api.call<{ id: number; read: boolean; unread: number }>(
          'POST',
          `/me/notifications/${first.id}/read`,
          { token },
        );
        expect(read.status).toBe(200);
        expect(read.body).toEqual({ id: first.id, read: true, unread: before.body.unread - 1 });
        const after = await api.call<{ items: SseEvent['data'][]; unread: number }>('GET', '/me/notifications', {
          token,
        });
        expect(after.body.unread).toBe(before.body.unread - 1);
        expect(after.body.items.find((x) => x.id === first.id)?.read).toBe(true);
        // Marking it again keeps the count.
        const again = await api.call<{ unread: number }>('POST', `/me/notifications/${first.id}/read`, { token });
        expect(again.body.unread).toBe(before.body.unread - 1);
      } finally {
        await handle.terminate('test finished').catch(() => undefined);
      }
    } finally {
      await stream.close();
      await w.stop();
    }
  }, 120_000);

  it('the stream needs a token (header or ?access_token= on this route only), and a reconnecting client gets what it missed', async () => {
    expect((await api.call('GET', '/me/notifications/stream')).status).toBe(401);
    expect((await api.call('GET', '/me/notifications/stream?access_token=not-a-token')).status).toBe(401);
    // ?access_token= does not stand in for the header on other routes.
    expect((await api.call('GET', `/me/notifications?access_token=${api.token(MGR, ['manager'])}`)).status).toBe(401);
    const items = await api.call<{ items: { id: number }[] }>('GET', '/me/notifications', {
      token: api.token(MGR, ['manager']),
    });
    const ids = items.body.items.map((x) => x.id).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThan(1);
    const res = await fetch(`${api.base}/me/notifications/stream`, {
      headers: { authorization: `Bearer ${api.token(MGR, ['manager'])}`, 'last-event-id': String(ids[0]) },
    });
    const reader = res.body!.getReader();
    let text = '';
    const until = Date.now() + 5000;
    while (!ids.slice(1).every((x) => text.includes(`id: ${x}\n`)) && Date.now() < until) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    for (const x of ids.slice(1)) expect(text).toContain(`id: ${x}\n`);
    expect(text).not.toContain(`id: ${ids[0]}\n`);
  });
});

describe('a retry never sends twice', () => {
  it('killing the worker mid-delivery and starting a new one sends nothing twice (delivery rows and the messages the channel received)', async () => {
    const taskQueue = `${api.h.taskQueue}-kill`;
    const MGR = id('mgr2');
    const SUP = id('sup2');
    const directory: FixedEntry[] = [
      { id: MGR, roles: ['manager'], channels: { inbox: true, email: `m-${run}@example.test` }, language: 'zh-CN' },
      { id: SUP, roles: ['supervisor'], channels: { inbox: true, email: `s-${run}@example.test` }, language: 'en' },
    ];
    const received: OutgoingMessage[] = [];
    let hung!: () => void;
    const hanging = new Promise<void>((r) => (hung = r));
    // Worker A: the second e-mail hangs until the worker is killed (its send never completes).
    const channelA = recordingChannel('email', received, async (_m, call) => {
      if (call === 2) {
        hung();
        await new Promise(() => undefined);
      }
    });
    const options = { resolveRecipients: fixedRecipients(directory) };
    const a = await startWorker(taskQueue, { ...options, channels: { email: channelA } });
    const starter: RelayStarter = { client: api.h.client, taskQueue, retry: FAST_RETRY };
    const { caseId } = await seedMessages(
      api.h,
      starter,
      [
        { kind: 'escalation', audience: 'role:manager', channel: 'inbox', about: 'deadline_breached' },
        { kind: 'approval_needed', audience: 'role:supervisor', channel: 'inbox', about: 'R-APR-1' },
        { kind: 'escalation', audience: 'role:supervisor', channel: 'inbox', about: 'urgent' },
      ],
      { owner: MGR },
    );
    await hanging;
    await a.stop(); // killed mid-delivery: one e-mail in flight
    const midway = await deliveriesOf(caseId);
    expect(midway.filter((r) => r.channel === 'email' && r.status === 'pending').length).toBeGreaterThanOrEqual(1);
    const receivedByA = received.length;
    expect(receivedByA).toBeLessThan(3);

    const channelB = recordingChannel('email', received);
    const b = await startWorker(taskQueue, { ...options, channels: { email: channelB } });
    try {
      // An attempt lost with worker A (a task in transit when it stopped) is retried after the relay's heartbeat
      // timeout (RELAY_HEARTBEAT), not after its two-minute start-to-close timeout: every message is done well within.
      expect(allDone(await eventually(() => outboxStatuses(caseId), allDone, 45_000))).toBe(true);
      const settled = (rs: Awaited<ReturnType<typeof deliveriesOf>>) =>
        rs.length === 6 && rs.every((r) => r.status === (r.channel === 'inbox' ? 'delivered' : 'sent'));
      const rows = await eventually(() => deliveriesOf(caseId), settled, 15_000);
      // 3 messages × (inbox + e-mail), one recipient each, every one settled.
      expect(rows.map((r) => `${r.channel}:${r.status}`).sort()).toEqual([
        ...Array<string>(3).fill('email:sent'),
        ...Array<string>(3).fill('inbox:delivered'),
      ]);
      const emails = rows.filter((r) => r.channel === 'email');
      // Every e-mail reached the channel exactly once, across both workers.
      const keys = received.map((m) => m.idempotencyKey);
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(3);
      expect(channelB.calls).toBe(3 - receivedByA);
      expect(emails.map((r) => r.provider_message_id).sort()).toEqual(keys.map((k) => `<${k}@test>`).sort());
      // The addresses are stored masked only (R-SEC-1).
      expect(emails.every((r) => r.address_masked?.includes('***') && !r.address_masked.includes(run))).toBe(true);

      // Running `deliver` again on a sent row (a retry after a lost completion) sends nothing.
      const again = createRelayActivities({
        dataSource: api.h.dataSource,
        channels: { email: channelB },
        resolveRecipients: fixedRecipients(directory),
        customerContact: async () => undefined,
        render: renderNotification,
        contact: { hotline: '95000' },
      });
      const typed: RelayActivities = again; // the workflow's view of the activities matches theirs
      void typed;
      const outcome = (await new MockActivityEnvironment().run(again.deliver, {
        deliveryId: Number(emails[0].id),
      })) as DeliveryOutcome;
      expect(outcome.status).toBe('sent');
      expect(received).toHaveLength(3);
      // Starting a message's relay twice is a no-op, even after it finished.
      const { startRelay } = await import('@complaintflow/activities/notify/start');
      await expect(startRelay(starter, { caseId, seq: rows[0].seq })).resolves.toBe('already');
    } finally {
      await b.stop();
    }
  }, 120_000);
});

describe('parked messages, the admin, R-CON-3 and the development sink', () => {
  const MGR = id('mgr3');
  const SUP = id('sup3');
  const QUIET = id('quiet');
  const DEPT = id('dept');
  const LEGAL = id('legal');
  const BOSS = id('boss');
  const beijingNow = new Date(Date.now() + 8 * 3_600_000);
  const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const quietWindow = {
    start: hhmm(new Date(beijingNow.getTime() - 3_600_000)),
    end: hhmm(new Date(beijingNow.getTime() + 3_600_000)),
  };
  const directory: FixedEntry[] = [
    { id: MGR, roles: ['manager'], channels: { inbox: true, email: `mgr3-${run}@example.test` }, language: 'zh-CN' },
    { id: SUP, roles: ['supervisor'], channels: { inbox: true, email: `sup3-${run}@example.test` }, language: 'zh-CN' },
    { id: QUIET, roles: ['investigator'], channels: { inbox: true }, language: 'zh-CN', quietHours: quietWindow },
  ];
  const received: OutgoingMessage[] = [];
  let mode: 'failing' | 'working' = 'failing';
  // Transient failures for the manager (quoting the address, as SMTP servers do), a refusal for the supervisor.
  const email = recordingChannel('email', received, (m) => {
    if (mode === 'working' || m.to.startsWith('cust-')) return;
    if (m.to.startsWith('sup3-')) throw new PermanentChannelError(`550 5.1.1 <${m.to}> user unknown`);
    throw new Error(`421 4.7.0 <${m.to}> try again later`);
  });
  const cipher = new PiiCipher(piiRootKey(undefined, TEST_SECRET)!);
  const customerEmail = `cust-${run}@example.test`;
  const customerPhone = '13912345678';
  const seal = async (caseId: string) =>
    new CaseComplainantsRepository(api.h.dataSource).insert({
      caseId,
      channel: 'phone',
      externalRef: null,
      waybillNo: 'ZT1234567890',
      complainantKey: 'ck_test',
      sealed: cipher.seal(
        {
          name: '张三',
          phone: customerPhone,
          email: customerEmail,
          description: '快件延误',
          expectedOutcome: '尽快派送',
        },
        caseId,
      ),
      keyId: cipher.keyId,
      searchText: '',
      receivedBy: 'agent',
    });
  let worker: Awaited<ReturnType<typeof startWorker>>;
  const admin = () => api.token(id('admin'), ['admin']);

  beforeAll(async () => {
    // On the API's own task queue: the admin's retry starts its relay run there.
    worker = await startWorker(api.h.taskQueue, {
      resolveRecipients: fixedRecipients(directory),
      channels: { email }, // no SMS channel: SMS is the development sink
      piiRootKey: piiRootKey(undefined, TEST_SECRET),
    });
  });

  afterAll(async () => {
    await worker.stop();
  });

  const starter = (): RelayStarter => ({ client: api.h.client, taskQueue: api.h.taskQueue, retry: FAST_RETRY });

  it('a channel that always fails parks the message, never drops it; GET /admin/notifications?status=parked shows it with its error; a retry sends it once', async () => {
    const { caseId } = await seedMessages(api.h, starter(), [
      { kind: 'escalation', audience: 'role:manager', channel: 'inbox', about: 'deadline_breached' },
      { kind: 'approval_needed', audience: 'role:supervisor', channel: 'inbox', about: 'R-APR-1' },
      { kind: 'escalation', audience: 'role:auditor', channel: 'inbox', about: 'manual' },
    ]);
    await eventually(() => outboxStatuses(caseId), allDone, 30_000);
    const rows = await deliveriesOf(caseId);
    const transient = rows.find((r) => r.recipient_id === MGR && r.channel === 'email')!;
    const permanent = rows.find((r) => r.recipient_id === SUP && r.channel === 'email')!;
    const nobody = rows.find((r) => r.recipient_id === 'nobody:role:auditor')!;
    expect(transient).toMatchObject({ status: 'parked', attempts: 2 });
    expect(transient.last_error).toMatch(/421 4\.7\.0/);
    expect(permanent).toMatchObject({ status: 'parked', attempts: 1 }); // refused for good: not retried
    expect(permanent.last_error).toMatch(/550 5\.1\.1/);
    // R-SEC-1: the address the server quoted is masked in the stored error.
    expect(`${transient.last_error} ${permanent.last_error}`).not.toContain(run);
    // Nobody holds the audience: parked visibly, not dropped.
    expect(nobody).toMatchObject({ status: 'parked', channel: 'inbox' });
    // The inbox copies went out regardless.
    expect(
      rows
        .filter((r) => r.channel === 'inbox' && !r.recipient_id.startsWith('nobody:'))
        .every((r) => r.status === 'delivered'),
    ).toBe(true);

    const list = await api.call<{
      status: string;
      items: {
        id: number;
        caseId: string;
        lastError: string;
        attempts: number;
        channel: string;
        recipient: { address: string | null };
      }[];
    }>('GET', '/admin/notifications?status=parked', { token: admin() });
    expect(list.status).toBe(200);
    const ours = list.body.items.filter((x) => x.caseId === caseId);
    expect(ours.map((x) => x.id).sort()).toEqual([transient.id, permanent.id, nobody.id].map(Number).sort());
    expect(ours.find((x) => x.id === Number(transient.id))).toMatchObject({ attempts: 2, channel: 'email' });
    expect(ours.find((x) => x.id === Number(transient.id))!.lastError).toMatch(/421/);
    expect(JSON.stringify(ours)).not.toContain(`${run}@example.test`); // addresses masked (R-SEC-1)
    expect(
      (await api.call('GET', '/admin/notifications?status=parked', { token: api.token(MGR, ['manager']) })).status,
    ).toBe(403);
    expect((await api.call('GET', '/admin/notifications?status=bogus', { token: admin() })).status).toBe(400);

    // The admin retries once the mail server is back: sent, once.
    mode = 'working';
    const before = received.length;
    const retried = await api.call<{ id: number; status: string }>(
      'POST',
      `/admin/notifications/${transient.id}/retry`,
      {
        token: admin(),
      },
    );
    expect(retried.status).toBe(202);
    const done = await eventually(
      async () => (await deliveriesOf(caseId)).find((r) => r.id === transient.id)!,
      (r) => r.status === 'sent',
      20_000,
    );
    expect(done.status).toBe('sent');
    expect(received.length - before).toBe(1);
    expect(received[received.length - 1].idempotencyKey).toBe(`${caseId}:${transient.seq}:${MGR}:email`);
    // A sent message is not retried; an unknown one is 404.
    expect((await api.call('POST', `/admin/notifications/${transient.id}/retry`, { token: admin() })).status).toBe(409);
    expect((await api.call('POST', `/admin/notifications/999999999/retry`, { token: admin() })).status).toBe(404);
    mode = 'failing';
  }, 90_000);

  it('R-CON-3: a written reply to the customer is parked without the sign-offs and sent with them; R-CON-2 on the channel the customer asked for; SMS unconfigured is held for /dev/messages', async () => {
    const owner = id('writer');
    const notices = [
      { kind: 'result_notice', audience: 'customer', channel: 'email', about: 'R-RES-1' },
      { kind: 'unreachable_sms', audience: 'customer', channel: 'sms', about: 'R-CON-1' },
    ];
    // Without sign-offs.
    const unsigned = await seedMessages(api.h, undefined, notices, { owner });
    await seal(unsigned.caseId);
    // With the department, legal and manager sign-offs, none by the reply's author.
    const signed = await seedMessages(api.h, undefined, notices, {
      owner,
      before: [
        {
          actor: STAFF(DEPT, 'supervisor'),
          data: { type: 'reply.signed_off', step: 'departmentReview' } as CaseEventData,
        },
        {
          actor: STAFF(LEGAL, 'investigator'),
          data: { type: 'reply.signed_off', step: 'legalReview' } as CaseEventData,
        },
        { actor: STAFF(BOSS, 'manager'), data: { type: 'reply.signed_off', step: 'managerApproval' } as CaseEventData },
      ],
    });
    await seal(signed.caseId);
    // Started by no one: the sweeper (a workflow on the worker's task queue) finds the pending rows and starts them.
    await eventually(() => outboxStatuses(unsigned.caseId), allDone, 30_000);
    await eventually(() => outboxStatuses(signed.caseId), allDone, 30_000);

    const [refused, unsignedSms] = await deliveriesOf(unsigned.caseId);
    expect(refused).toMatchObject({ kind: 'result_notice', channel: 'email', status: 'parked', attempts: 0 });
    expect(refused.last_error).toBe(R_CON_3_MISSING);
    expect(refused.last_error).toContain('R-CON-3 sign-off missing');
    expect(received.some((m) => m.caseId === unsigned.caseId)).toBe(false);
    // The R-CON-1 SMS is no written reply: not gated; with no SMS channel configured it is held, not sent.
    expect(unsignedSms).toMatchObject({ kind: 'unreachable_sms', channel: 'sms', status: 'held' });
    expect(unsignedSms.address_masked).toBe('139****5678');

    const [sent, sms] = await deliveriesOf(signed.caseId);
    expect(sent).toMatchObject({ kind: 'result_notice', channel: 'email', status: 'sent', recipient_kind: 'customer' });
    const mail = received.filter((m) => m.caseId === signed.caseId);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: customerEmail, channel: 'email' }); // opened from the sealed record
    expect(sent.address_masked).not.toContain(run);
    expect(sms.status).toBe('held');

    // The development page shows the held messages as rendered, with a banner: NOT sent (AUTH_MODE=dev here).
    const json = await api.call<{
      notice: string;
      items: { id: number; caseId: string; body: string; channel: string }[];
    }>('GET', '/dev/messages', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(json.body.notice).toMatch(/NOT sent/);
    const held = json.body.items.filter((x) => x.caseId === signed.caseId);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ channel: 'sms', body: sms.body });
    expect(JSON.stringify(json.body)).not.toContain(customerPhone);
    const html = await fetch(`${api.base}/dev/messages`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = await html.text();
    expect(page).toContain('NOT sent because the channel is not configured');
    expect(page).toContain(`#${sms.id}`);
  }, 90_000);

  it("quiet hours: a non-urgent staff notice inside the recipient's quiet window waits; an urgent case goes at once (R-FLOW-3)", async () => {
    const normal = await seedMessages(api.h, starter(), [
      { kind: 'escalation', audience: 'role:investigator', channel: 'inbox', about: 'manual' },
    ]);
    const urgent = await seedMessages(
      api.h,
      starter(),
      [{ kind: 'escalation', audience: 'role:investigator', channel: 'inbox', about: 'urgent' }],
      { urgency: 'urgent' },
    );
    await eventually(() => outboxStatuses(urgent.caseId), allDone, 20_000);
    const [sent] = await deliveriesOf(urgent.caseId);
    expect(sent).toMatchObject({ recipient_id: QUIET, status: 'delivered' });
    const [waiting] = await eventually(
      () => deliveriesOf(normal.caseId),
      (r) => r.length === 1,
      10_000,
    );
    expect(waiting).toMatchObject({ recipient_id: QUIET, status: 'waiting' });
    const endsAt = quietUntil(Date.now(), quietWindow);
    expect(endsAt).not.toBeNull();
    expect(Math.abs(waiting.next_attempt_at!.getTime() - endsAt!)).toBeLessThan(60_000);
    expect(await outboxStatuses(normal.caseId)).toEqual(['started']);
    const inbox = await api.call<{ items: { caseId: string }[] }>('GET', '/me/notifications', {
      token: api.token(QUIET, ['investigator']),
    });
    expect(inbox.body.items.map((x) => x.caseId)).toContain(urgent.caseId);
    expect(inbox.body.items.map((x) => x.caseId)).not.toContain(normal.caseId);
    await api.h.client.workflow
      .getHandle(`notify:${normal.caseId}:${normal.seqs[0]}`)
      .terminate('test finished')
      .catch(() => undefined);
  }, 60_000);

  it('customers are never messaged at night unless they asked for it: inside the quiet window a customer SMS waits, unless the intake says contactAtNight', async () => {
    const relay = createRelayActivities({
      dataSource: api.h.dataSource,
      channels: {},
      resolveRecipients: fixedRecipients(directory),
      customerContact: async () => ({ phone: customerPhone }),
      render: renderNotification,
      contact: { hotline: '95000' },
      customerQuietHours: quietWindow, // "night" is now, for this test
    });
    const sms = [{ kind: 'unreachable_sms', audience: 'customer', channel: 'sms', about: 'R-CON-1' }];
    const night = await seedMessages(api.h, undefined, sms);
    const allowed = await seedMessages(api.h, undefined, sms, { contactAtNight: true });
    const [kept] = await relay.planDeliveries({ caseId: night.caseId, seq: night.seqs[0] });
    const [sent] = await relay.planDeliveries({ caseId: allowed.caseId, seq: allowed.seqs[0] });
    expect(kept).toMatchObject({ recipientKind: 'customer', channel: 'sms', status: 'waiting' });
    expect(kept.notBefore).toBe(quietUntil(Date.now(), quietWindow));
    expect(sent).toMatchObject({ recipientKind: 'customer', channel: 'sms', status: 'pending', notBefore: null });
  });

  it('a staff member who asked for a kind by SMS gets it by SMS besides the inbox (masked address, short text); unconfigured SMS is held', async () => {
    const ON_CALL = id('oncall');
    const onCallPhone = `139${String(Date.now()).slice(-8)}`;
    const relay = createRelayActivities({
      dataSource: api.h.dataSource,
      channels: {},
      resolveRecipients: fixedRecipients([
        { id: ON_CALL, roles: ['manager'], channels: { inbox: true, sms: onCallPhone }, language: 'zh-CN' },
      ]),
      customerContact: async () => undefined,
      render: renderNotification,
      contact: { hotline: '95000' },
    });
    const seeded = await seedMessages(
      api.h,
      undefined,
      [{ kind: 'escalation', audience: 'role:manager', channel: 'inbox', about: 'deadline_breached' }],
      { urgency: 'urgent' },
    );
    const planned = await relay.planDeliveries({ caseId: seeded.caseId, seq: seeded.seqs[0] });
    expect(planned.map((p) => `${p.channel}:${p.status}`).sort()).toEqual(['inbox:pending', 'sms:pending']);
    const sms = planned.find((p) => p.channel === 'sms')!;
    expect(await relay.deliver({ deliveryId: sms.deliveryId })).toMatchObject({ channel: 'sms', status: 'held' });
    const [row] = (await deliveriesOf(seeded.caseId)).filter((r) => r.channel === 'sms');
    expect(row.recipient_id).toBe(ON_CALL);
    expect(row.address_masked).toMatch(/^139\*+\d{4}$/);
    expect(row.address_masked).not.toContain(onCallPhone);
    expect(row.body.length).toBeLessThanOrEqual(2 * 67);
    expect(row.body).toContain(caseNumberOf(seeded.caseId));
  });

  it('R-CON-2: a customer who asked to be phoned is called by an agent: the phone message is held (nothing sent) and the case owner gets the call as a task in the inbox, once', async () => {
    const OWNER = id('caller');
    const relay = createRelayActivities({
      dataSource: api.h.dataSource,
      channels: {},
      resolveRecipients: fixedRecipients([]),
      customerContact: async () => ({ phone: customerPhone }),
      render: renderNotification,
      contact: { hotline: '95000' },
      customerQuietHours: null,
    });
    const seeded = await seedMessages(
      api.h,
      undefined,
      [{ kind: 'acknowledgement', audience: 'customer', channel: 'phone', about: 'R-ACC-3' }],
      { owner: OWNER },
    );
    const [phone] = await relay.planDeliveries({ caseId: seeded.caseId, seq: seeded.seqs[0] });
    expect(phone).toMatchObject({ recipientKind: 'customer', channel: 'phone', status: 'pending' });
    expect(await relay.deliver({ deliveryId: phone.deliveryId })).toMatchObject({ status: 'held' });
    expect(await relay.deliver({ deliveryId: phone.deliveryId })).toMatchObject({ status: 'held' }); // a retry: no 2nd task
    const rows = await deliveriesOf(seeded.caseId);
    expect(rows.map((r) => [r.recipient_id, r.channel, r.status])).toEqual([
      ['customer', 'phone', 'held'],
      [OWNER, 'inbox', 'delivered'],
    ]);
    expect(rows[1].body).toContain(rows[0].body); // the text to tell the customer
    expect(rows[1].body).not.toContain(customerPhone);
    const inbox = await api.call<{ items: { caseId: string; title: string }[] }>('GET', '/me/notifications', {
      token: api.token(OWNER, ['agent']),
    });
    const tasks = inbox.body.items.filter((x) => x.caseId === seeded.caseId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].title).toContain('请致电客户');
  });

  it('R-CON-4: what became of a message to the customer is recorded in the case (deliveryReported), on the channel the customer asked for (R-CON-2)', async () => {
    const { handle, intake: i } = await startCase(api.h, CALM_POLICY, { preferredChannel: 'email' });
    try {
      await seal(i.caseId);
      // R-ACC-3: accepting the case tells the customer; the relay sends it and reports it to the case.
      await act(handle, 'accept', { kind: 'staff', id: id('agent'), roles: ['agent'] }, {});
      const state = await eventually(
        () => handle.query(getCaseQuery),
        (s) => (s.deliveries ?? []).some((d) => d.kind === 'acknowledgement' && d.state === 'sent'),
        20_000,
      );
      expect(state.deliveries).toContainEqual(
        expect.objectContaining({ kind: 'acknowledgement', channel: 'email', state: 'sent' }),
      );
      const mail = received.filter((m) => m.caseId === i.caseId && m.kind === 'acknowledgement');
      expect(mail).toHaveLength(1);
      expect(mail[0].to).toBe(customerEmail);
      await handle.executeUpdate(syncUpdate);
      const recorded: { type: string }[] = await api.h.dataSource.query(
        `SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`,
        [i.caseId],
      );
      expect(recorded.map((r) => r.type)).toContain('notification.delivery');
    } finally {
      await handle.terminate('test finished').catch(() => undefined);
    }
  }, 60_000);
});
