/**
 * The early warning (issue 12, R-RPT-2, R-CAT-3; docs/adr/0014-early-warning.md): the `earlyWarningDetector`
 * workflow run directly on synthetic histories seeded into the read model — a long steady history raises nothing, a
 * planted spike raises one alert and one inbox row per manager in scope (never twice for the same window), and
 * `GET /reports/alerts` lists it with its filters.
 */
import { randomUUID } from 'node:crypto';
import type { Category } from '@complaintflow/domain/vocabulary';
import { EARLY_WARNING_KIND, alertDeliverySeq } from '@complaintflow/activities/reports/early-warning';
import type { AlertRow } from '@complaintflow/persistence/repositories/report-alerts';
import { StaffDirectoryRepository } from '@complaintflow/persistence/repositories/staff-directory';
import type { EarlyWarningDetectorResult } from '@complaintflow/workflows/reports/early-warning-detector';
import { bootApi, seedCase, type ApiHarness } from '../support/api';
import { intake } from '../support/fixtures';
import { FAST_POLICY } from '../support/policies';

const DAY = 86_400_000;
const tag = randomUUID().slice(0, 6).toUpperCase();
const STEADY = `EW-S${tag}`;
const SPIKE = `EW-P${tag}`;
const OTHER = `EW-O${tag}`;
/** Beijing midnight of 2018-01-01 and 2018-06-01 (UTC+8). */
const JAN = Date.UTC(2017, 11, 31, 16);
const JUNE = Date.UTC(2018, 4, 31, 16);

let api: ApiHarness;
const managers = { network: `mgr-net-${tag}`, spike: `mgr-p-${tag}`, other: `mgr-o-${tag}`, supervisor: `sup-${tag}` };

async function seedMany(outlet: string, category: Category, dayStart: number, count: number): Promise<void> {
  for (let k = 0; k < count; k++) {
    const i = intake({
      category,
      receivedAt: dayStart + 3_600_000 + k * 60_000,
      shipment: { ...intake().shipment, originOutlet: 'SH-001', deliveryOutlet: outlet },
      complainantKey: `ck_${randomUUID().slice(0, 12)}`,
    });
    await seedCase(api.h, FAST_POLICY, i);
  }
}

async function detect(asOf: number): Promise<EarlyWarningDetectorResult> {
  return api.h.client.workflow.execute('earlyWarningDetector', {
    taskQueue: api.h.taskQueue,
    workflowId: `early-warning-test-${randomUUID()}`,
    args: [{ asOf }],
  });
}

async function inboxRows(alertId: number) {
  return api.h.dataSource.query(
    `SELECT recipient_id, channel, kind, status, subject FROM notification_deliveries WHERE seq = $1 ORDER BY recipient_id`,
    [alertDeliverySeq(alertId)],
  ) as Promise<{ recipient_id: string; channel: string; kind: string; status: string; subject: string }[]>;
}

beforeAll(async () => {
  api = await bootApi({ acceptLanguage: null });
  const staff = StaffDirectoryRepository.on(api.h.dataSource);
  await staff.insert({ id: managers.network, name: '网络经理', roles: ['manager'] });
  await staff.insert({ id: managers.spike, name: '网点经理', roles: ['manager'], outlet: SPIKE });
  await staff.insert({ id: managers.other, name: '他店经理', roles: ['manager'], outlet: OTHER });
  await staff.insert({ id: managers.supervisor, name: '主管', roles: ['supervisor'], outlet: SPIKE });
  // A long steady history: 60 days of delay (watched, R-CAT-3) and loss complaints at one outlet, 1–3 a day.
  const pattern = [1, 2, 3, 2, 1, 2, 2, 3, 1, 2];
  for (let d = 0; d < 60; d++) {
    await seedMany(STEADY, 'delay', JAN + d * DAY, pattern[d % pattern.length]);
    await seedMany(STEADY, 'loss', JAN + d * DAY, pattern[(d + 3) % pattern.length]);
  }
  // The spike's outlet: one delay complaint a day for 28 days, then 9 in one day.
  for (let d = 0; d < 28; d++) await seedMany(SPIKE, 'delay', JUNE + d * DAY, 1);
  await seedMany(SPIKE, 'delay', JUNE + 28 * DAY, 9);
}, 600_000);

afterAll(async () => {
  await api?.close();
});

it('R-RPT-2: a long steady history raises no alert on any of its days', async () => {
  for (let d = 30; d < 60; d += 3) {
    const result = await detect(JAN + d * DAY + 20 * 3_600_000);
    expect(result.assessed).toBeGreaterThan(0);
    expect(result.found).toBe(0);
    expect(result.newAlertIds).toEqual([]);
  }
  const [{ n }] = await api.h.dataSource.query(`SELECT count(*)::int AS n FROM report_alerts WHERE outlet = $1`, [
    STEADY,
  ]);
  expect(n).toBe(0);
});

it('R-RPT-2/R-CAT-3: a planted spike raises one alert and one inbox row per manager in scope, never twice', async () => {
  const asOf = JUNE + 28 * DAY + 12 * 3_600_000; // noon of the spike day, Beijing time
  const first = await detect(asOf);
  expect(first.newAlertIds).toHaveLength(1);
  const [alertId] = first.newAlertIds;
  const [alert] = (await api.h.dataSource.query(`SELECT * FROM report_alerts WHERE id = $1`, [alertId])) as {
    outlet: string;
    category: string;
    count: number;
    watched: boolean;
    window_start: Date;
    raised_at: Date | null;
    rule_ids: string[];
  }[];
  expect(alert).toMatchObject({ outlet: SPIKE, category: 'delay', count: 9, watched: true });
  expect(alert.rule_ids).toEqual(['R-RPT-2', 'R-CAT-3']);
  expect(alert.window_start.getTime()).toBe(JUNE + 28 * DAY);
  expect(alert.raised_at).not.toBeNull();

  // The managers of the outlet and the network-wide one; not another outlet's manager, not a supervisor.
  const rows = await inboxRows(alertId);
  expect(rows.map((r) => r.recipient_id)).toEqual([managers.network, managers.spike].sort());
  for (const r of rows) {
    expect(r).toMatchObject({ channel: 'inbox', kind: EARLY_WARNING_KIND, status: 'delivered' });
    expect(r.subject).toContain('投诉预警');
    expect(r.subject).toContain(SPIKE);
  }
  const inbox = await api.call<{ items?: { kind: string }[] } | { kind: string }[]>('GET', '/me/notifications', {
    token: api.token(managers.spike, ['manager'], { outlet: SPIKE }),
  });
  expect(JSON.stringify(inbox.body)).toContain(EARLY_WARNING_KIND);

  // Never twice for the same window: a later run of the same day and the next morning's run add nothing.
  const again = await detect(asOf + 3 * 3_600_000);
  expect(again.newAlertIds).toEqual([]);
  expect(again.found).toBe(1);
  expect(again.raised).toEqual({ alerts: 0, deliveries: 0 });
  const nextMorning = await detect(JUNE + 29 * DAY + 3_600_000);
  expect(nextMorning.newAlertIds).toEqual([]);
  expect(await inboxRows(alertId)).toHaveLength(2);
});

it('R-RPT-2: GET /reports/alerts lists the alert, with the since, outlet and category filters', async () => {
  const token = api.token('sup-x', ['supervisor']);
  const all = await api.call<{ alerts: AlertRow[] }>('GET', `/reports/alerts?outlet=${SPIKE}`, { token });
  expect(all.status).toBe(200);
  expect(all.body.alerts).toHaveLength(1);
  expect(all.body.alerts[0]).toMatchObject({ outlet: SPIKE, category: 'delay', count: 9, watched: true });
  expect(all.body.alerts[0].message.zh).toContain('异常上升');
  const loss = await api.call<{ alerts: AlertRow[] }>('GET', `/reports/alerts?outlet=${SPIKE}&category=loss`, {
    token,
  });
  expect(loss.body.alerts).toEqual([]);
  const later = await api.call<{ alerts: AlertRow[] }>(
    'GET',
    `/reports/alerts?outlet=${SPIKE}&since=${new Date(JUNE + 30 * DAY).toISOString()}`,
    { token },
  );
  expect(later.body.alerts).toEqual([]);
  const steady = await api.call<{ alerts: AlertRow[] }>('GET', `/reports/alerts?outlet=${STEADY}`, { token });
  expect(steady.body.alerts).toEqual([]);
  // An outlet-level manager sees their own outlet's alerts only.
  const otherManager = api.token(managers.other, ['manager'], { outlet: OTHER });
  const scoped = await api.call<{ alerts: AlertRow[] }>('GET', `/reports/alerts?outlet=${SPIKE}`, {
    token: otherManager,
  });
  expect(scoped.body.alerts).toEqual([]);
  // R-RPT-2 export: the same list as CSV with Chinese headers.
  const csv = await api.call<string>('GET', `/reports/alerts?outlet=${SPIKE}&format=csv`, { token });
  expect(csv.status).toBe(200);
  const lines = csv.body
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r\n/);
  expect(lines[0].split(',').slice(0, 5)).toEqual(['网点', '类别', '时段开始', '时段结束', '投诉数']);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${SPIKE},delay`);
  const bad = await api.call('GET', '/reports/alerts?category=nope', { token });
  expect(bad.status).toBe(400);
  const agent = await api.call('GET', '/reports/alerts', { token: api.token('agent-1', ['agent']) });
  expect(agent.status).toBe(403);
});
