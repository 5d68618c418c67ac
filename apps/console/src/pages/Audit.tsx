import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Slider, Space, Table, Tag, Typography } from 'antd';
import { api, currentToken, must } from '../api/client';
import { Problem } from '../components/Problem';
import { when } from '../format';
import { useLoad } from '../hooks';
import { STAGES, useI18n } from '../i18n';
import { actorText, EVENT_LABELS, StageBar } from './CasePage';

interface HistoryAnswer {
  events: { seq: number; type: string; at: string; actor: unknown; hash: string; prevHash: string }[];
  verified: boolean;
  problems?: unknown[];
  state: { stage?: string; lastSeq?: number } | null;
}
interface ReplayAnswer {
  deterministic: boolean;
  eventsReplayed: number;
  auditChainVerified: boolean;
  mismatches: unknown[];
}

/** The auditor's view: the history with the chain's state, the case as of an instant, replay, export. */
export function Audit({ initialId }: { initialId?: string }) {
  const { t, label, lang } = useI18n();
  const [id, setId] = useState(initialId ?? '');
  const [caseId, setCaseId] = useState(initialId ?? '');
  const [asOf, setAsOf] = useState<string | undefined>();
  const full = useLoad(
    async () =>
      caseId
        ? must<HistoryAnswer>(await api.GET('/complaints/{id}/history', { params: { path: { id: caseId } } }))
        : undefined,
    [caseId],
  );
  const atInstant = useLoad(
    async () =>
      caseId && asOf
        ? must<HistoryAnswer>(
            await api.GET('/complaints/{id}/history', { params: { path: { id: caseId }, query: { asOf } as never } }),
          )
        : undefined,
    [caseId, asOf],
  );
  const [replay, setReplay] = useState<ReplayAnswer | undefined>();
  const [replayError, setReplayError] = useState<Error | undefined>();
  const [replaying, setReplaying] = useState(false);
  const events = full.data?.events ?? [];
  const shown = asOf ? (atInstant.data ?? full.data) : full.data;
  const ev = (type: string) => EVENT_LABELS[type]?.[lang === 'zh' ? 0 : 1] ?? type;

  async function download() {
    const res = await fetch(`/complaints/${encodeURIComponent(caseId)}/export`, {
      headers: { authorization: `Bearer ${currentToken() ?? ''}` },
    });
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `case-${caseId}-export.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('audit')}</h1>}>
      <Space.Compact style={{ width: 520, maxWidth: '100%' }}>
        <Input aria-label={t('caseId')} placeholder={t('caseId')} value={id} onChange={(e) => setId(e.target.value)} />
        <Button
          type="primary"
          onClick={() => {
            setAsOf(undefined);
            setReplay(undefined);
            setCaseId(id.trim());
          }}
        >
          {t('load')}
        </Button>
      </Space.Compact>
      <Problem error={full.error} />
      {full.data && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Alert
            type={full.data.verified ? 'success' : 'error'}
            data-testid="chain-state"
            title={full.data.verified ? t('chainVerified') : t('chainBroken')}
          />
          <div>
            <Typography.Text id="as-of-label">
              {t('asOf')}: {asOf ? when(asOf, lang) : '—'}
            </Typography.Text>
            <Slider
              aria-labelledby="as-of-label"
              min={1}
              max={Math.max(events.length, 1)}
              defaultValue={events.length}
              tooltip={{ formatter: (v) => (v ? `#${v} ${ev(events[v - 1]?.type ?? '')}` : '') }}
              onChangeComplete={(v: number) => setAsOf(events[v - 1]?.at)}
            />
          </div>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('stage')}>
              <span data-testid="as-of-stage">{label(STAGES, shown?.state?.stage)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('history')}>{shown?.events.length ?? 0}</Descriptions.Item>
          </Descriptions>
          {shown?.state?.stage && <StageBar stage={shown.state.stage} />}
          <Space>
            <Button
              loading={replaying}
              onClick={() => {
                setReplaying(true);
                setReplayError(undefined);
                api
                  .POST('/complaints/{id}/replay', { params: { path: { id: caseId } } })
                  .then((r) => setReplay(must<ReplayAnswer>(r)))
                  .catch((e: unknown) => setReplayError(e as Error))
                  .finally(() => setReplaying(false));
              }}
            >
              {t('replay')}
            </Button>
            <Button onClick={() => void download()}>{t('export')}</Button>
          </Space>
          <Problem error={replayError} />
          {replay && (
            <Descriptions size="small" bordered column={2} title={t('replayResult')} data-testid="replay-result">
              <Descriptions.Item label={t('deterministic')}>
                <Tag color={replay.deterministic ? 'green' : 'red'}>{String(replay.deterministic)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('eventsReplayed')}>{replay.eventsReplayed}</Descriptions.Item>
              <Descriptions.Item label={t('chainVerified')}>
                <Tag color={replay.auditChainVerified ? 'green' : 'red'}>{String(replay.auditChainVerified)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="mismatches">{replay.mismatches.length}</Descriptions.Item>
            </Descriptions>
          )}
          <Table
            size="small"
            rowKey="seq"
            pagination={{ pageSize: 50 }}
            dataSource={shown?.events ?? []}
            columns={[
              { title: '#', dataIndex: 'seq', width: 50 },
              { title: t('what'), dataIndex: 'type', render: (x: string) => ev(x) },
              { title: t('when'), dataIndex: 'at', render: (x: string) => when(x, lang) },
              {
                title: t('who'),
                dataIndex: 'actor',
                render: (a: unknown) => actorText(a, lang),
              },
              { title: 'hash', dataIndex: 'hash', render: (h: string) => <code>{h.slice(0, 12)}</code> },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
