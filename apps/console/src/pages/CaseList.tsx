import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { api, must } from '../api/client';
import { Problem } from '../components/Problem';
import { countdown, deadlineColour, when } from '../format';
import { useLoad, useNow } from '../hooks';
import { CATEGORIES, STAGES, URGENCIES, useI18n } from '../i18n';
import { navigate } from '../router';

export interface CaseSummary {
  id: string;
  stage: string;
  category: string;
  urgency: string;
  escalationLevel: number;
  ownerId: string;
  waybillNo: string;
  originOutlet: string;
  deliveryOutlet: string;
  overdue: boolean;
  nextDueAt: string | null;
  receivedAt: string;
}

export interface CaseFilter {
  stage?: string;
  category?: string;
  urgency?: string;
  outlet?: string;
  escalationLevel?: number;
  overdue?: boolean;
  q?: string;
}

const SAVED_KEY = 'cf.savedFilters';
const savedFilters = (): Record<string, CaseFilter> => {
  try {
    return JSON.parse(localStorage.getItem(SAVED_KEY) ?? '{}') as Record<string, CaseFilter>;
  } catch {
    return {};
  }
};

/** Overdue first, then the earliest next deadline. */
export function byUrgencyOfDeadline(a: CaseSummary, b: CaseSummary): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.nextDueAt ? Date.parse(a.nextDueAt) : Infinity;
  const db = b.nextDueAt ? Date.parse(b.nextDueAt) : Infinity;
  return da - db;
}

export async function listCases(filter: CaseFilter): Promise<{ items: CaseSummary[]; total: number }> {
  const query = {
    ...filter,
    ...(filter.overdue ? { overdue: 'true' as const } : { overdue: undefined }),
    pageSize: 200,
  };
  return must(await api.GET('/complaints', { params: { query: query as never } }));
}

export function CaseTable({ items, loading }: { items: CaseSummary[]; loading?: boolean }) {
  const { t, label, lang } = useI18n();
  const now = useNow();
  return (
    <Table<CaseSummary>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={[...items].sort(byUrgencyOfDeadline)}
      pagination={{ pageSize: 20 }}
      scroll={{ x: 1100 }}
      onRow={(r) => ({ 'data-case': r.id }) as never}
      columns={[
        {
          title: t('waybill'),
          dataIndex: 'waybillNo',
          render: (w: string, r) => (
            <a
              href={`/console/cases/${r.id}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`cases/${r.id}`);
              }}
            >
              {w}
            </a>
          ),
        },
        { title: t('stage'), dataIndex: 'stage', render: (s: string) => <Tag>{label(STAGES, s)}</Tag> },
        { title: t('category'), dataIndex: 'category', render: (c: string) => label(CATEGORIES, c) },
        { title: t('urgency'), dataIndex: 'urgency', render: (u: string) => label(URGENCIES, u) },
        {
          title: t('escalationLevel'),
          dataIndex: 'escalationLevel',
          render: (l: number) => <Tag color={l > 0 ? 'volcano' : 'default'}>L{l}</Tag>,
        },
        {
          title: t('nextDue'),
          dataIndex: 'nextDueAt',
          render: (d: string | null, r) => (
            <Tag color={r.overdue ? 'red' : deadlineColour('running', d, now)} data-testid="countdown">
              {d ? countdown(d, now, lang) : '—'}
            </Tag>
          ),
        },
        { title: t('owner'), dataIndex: 'ownerId' },
        { title: t('outlet'), render: (_: unknown, r) => `${r.originOutlet} → ${r.deliveryOutlet}` },
        { title: t('receivedAt'), dataIndex: 'receivedAt', render: (d: string) => when(d, lang) },
      ]}
    />
  );
}

/** The case list: the API's filters and search, overdue first, saved filters (localStorage). */
export function CaseList() {
  const { t, label } = useI18n();
  const [filter, setFilter] = useState<CaseFilter>({});
  const [saved, setSaved] = useState(savedFilters());
  const [form] = Form.useForm<CaseFilter>();
  const [saveName, setSaveName] = useState('');
  const list = useLoad(() => listCases(filter), [JSON.stringify(filter)]);
  const clean = (v: CaseFilter): CaseFilter =>
    Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '' && x !== false && x !== null));

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('cases')}</h1>}>
      <Form form={form} layout="inline" name="case-filter" onFinish={(v) => setFilter(clean(v))} style={{ rowGap: 8 }}>
        <Form.Item name="q" label={t('searchButton')}>
          <Input placeholder={t('search')} allowClear style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="stage" label={t('stage')}>
          <Select
            allowClear
            style={{ width: 130 }}
            options={Object.keys(STAGES).map((s) => ({ value: s, label: label(STAGES, s) }))}
          />
        </Form.Item>
        <Form.Item name="category" label={t('category')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={Object.keys(CATEGORIES).map((s) => ({ value: s, label: label(CATEGORIES, s) }))}
          />
        </Form.Item>
        <Form.Item name="urgency" label={t('urgency')}>
          <Select
            allowClear
            style={{ width: 90 }}
            options={Object.keys(URGENCIES).map((s) => ({ value: s, label: label(URGENCIES, s) }))}
          />
        </Form.Item>
        <Form.Item name="outlet" label={t('outlet')}>
          <Input allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="escalationLevel" label={t('escalationLevel')}>
          <InputNumber min={0} max={3} style={{ width: 60 }} />
        </Form.Item>
        <Form.Item name="overdue" label={t('overdueOnly')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('searchButton')}
        </Button>
      </Form>
      <Space style={{ margin: '12px 0' }} wrap>
        <Input
          aria-label={t('filterName')}
          placeholder={t('filterName')}
          value={saveName}
          onChange={(e) => setSaveName(e.target.value)}
          style={{ width: 160 }}
        />
        <Button
          disabled={!saveName}
          onClick={() => {
            const next = { ...saved, [saveName]: clean(form.getFieldsValue()) };
            localStorage.setItem(SAVED_KEY, JSON.stringify(next));
            setSaved(next);
            setSaveName('');
          }}
        >
          {t('saveFilter')}
        </Button>
        {Object.keys(saved).length > 0 && <Typography.Text>{t('savedFilters')}:</Typography.Text>}
        {Object.entries(saved).map(([name, f]) => (
          <Tag
            key={name}
            closable
            onClose={() => {
              const next = { ...saved };
              delete next[name];
              localStorage.setItem(SAVED_KEY, JSON.stringify(next));
              setSaved(next);
            }}
          >
            <a
              href="#"
              onClick={(e) => {
                e.preventDefault();
                form.setFieldsValue({ ...f });
                setFilter(f);
              }}
            >
              {name}
            </a>
          </Tag>
        ))}
      </Space>
      <Problem error={list.error} />
      <Typography.Text type="secondary">
        {t('total')}: <span data-testid="case-total">{list.data?.total ?? 0}</span>
      </Typography.Text>
      <CaseTable items={list.data?.items ?? []} loading={list.loading} />
    </Card>
  );
}
