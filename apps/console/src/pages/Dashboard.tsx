import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Table } from 'antd';
import { api, must } from '../api/client';
import { Chart } from '../components/Chart';
import { Problem } from '../components/Problem';
import { useLoad } from '../hooks';
import { CATEGORIES, useI18n } from '../i18n';

interface CountLine {
  key: string;
  count: number;
  share: number | null;
}
interface Summary {
  cases: number;
  closed: number;
  byCategory: CountLine[];
  byOutlet: CountLine[];
  deadlineCompliance: { compliance: number | null; met: number; breached: number; due: number };
  satisfaction: { overall: number | null };
}

/** Accept and Accept-Language: the client's middleware sets them on every request (api/client.ts). */
const SET_BY_CLIENT = {} as { accept: string; 'accept-language': string };

const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 - offset * 86_400_000).toISOString().slice(0, 10);

/** The dashboard: the summary report's charts (R-RPT-1), a 7-day compliance trend, and the early warnings (R-RPT-2). */
export function Dashboard() {
  const { t, label } = useI18n();
  const summary = useLoad(
    async () => must<Summary>(await api.GET('/reports/summary', { params: { header: SET_BY_CLIENT } })),
    [],
  );
  const trend = useLoad(
    async () =>
      Promise.all(
        [6, 5, 4, 3, 2, 1, 0].map(async (o) => {
          const d = day(o);
          const s = must<Summary>(
            await api.GET('/reports/summary', { params: { query: { from: d, to: d }, header: SET_BY_CLIENT } }),
          );
          return { day: d, compliance: s.deadlineCompliance.compliance };
        }),
      ),
    [],
  );
  const alerts = useLoad(
    async () =>
      must<{ alerts: Record<string, unknown>[] }>(
        await api.GET('/reports/alerts', { params: { header: SET_BY_CLIENT } }),
      ),
    [],
  );
  const s = summary.data;
  const categoryOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' as const },
      series: [
        {
          type: 'pie' as const,
          radius: '65%',
          data: (s?.byCategory ?? []).map((c) => ({ name: label(CATEGORIES, c.key), value: c.count })),
        },
      ],
    }),
    [s, label],
  );
  const outletOption = useMemo(
    () => ({
      tooltip: {},
      xAxis: { type: 'category' as const, data: (s?.byOutlet ?? []).map((o) => o.key) },
      yAxis: { type: 'value' as const },
      series: [{ type: 'bar' as const, data: (s?.byOutlet ?? []).map((o) => o.count) }],
    }),
    [s],
  );
  const trendOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'category' as const, data: (trend.data ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value' as const, min: 0, max: 100 },
      series: [
        {
          type: 'line' as const,
          connectNulls: true,
          data: (trend.data ?? []).map((d) => (d.compliance === null ? null : Math.round(d.compliance * 1000) / 10)),
        },
      ],
    }),
    [trend.data],
  );
  const alertRows = alerts.data?.alerts ?? [];
  const alertKeys = Object.keys(alertRows[0] ?? {}).slice(0, 8);
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <h1 style={{ fontSize: 18, margin: 0 }}>{t('dashboard')}</h1>
        <Problem error={summary.error} />
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('total')} value={s?.cases ?? 0} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('closure')} value={s?.closed ?? 0} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title={t('compliance')}
            value={s?.deadlineCompliance.compliance == null ? '—' : (s.deadlineCompliance.compliance * 100).toFixed(1)}
            suffix="%"
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('surveyTitle')} value={s?.satisfaction.overall?.toFixed(2) ?? '—'} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('categoryShares')}</h2>}>
          <Chart option={categoryOption} label={t('categoryShares')} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('compliance')}</h2>}>
          <Chart option={trendOption} label={t('compliance')} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('perOutlet')}</h2>}>
          <Chart option={outletOption} label={t('perOutlet')} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('alerts')}</h2>}>
          <Problem error={alerts.error} />
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            dataSource={alertRows}
            columns={alertKeys.map((k) => ({
              title: k,
              dataIndex: k,
              render: (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v)),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}
