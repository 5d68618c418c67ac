import { useEffect, useState } from 'react';
import { Badge, Card, Col, List, Row, Tag, Typography } from 'antd';
import { api, currentToken, must, type Session } from '../api/client';
import { Problem } from '../components/Problem';
import { countdown, when } from '../format';
import { useLoad, useNow } from '../hooks';
import { STAGES, useI18n } from '../i18n';
import { navigate } from '../router';
import { byUrgencyOfDeadline, CaseTable, listCases } from './CaseList';

export interface InboxItem {
  id: string;
  kind: string;
  caseId: string | null;
  at: string | null;
  read: boolean;
  title: string;
}

/** My notifications: the inbox, then each new one live over Server-Sent Events (`?access_token=`: EventSource). */
export function useInbox() {
  const inbox = useLoad(
    async () => must<{ items: InboxItem[]; unread: number }>(await api.GET('/me/notifications')),
    [],
  );
  const [live, setLive] = useState<InboxItem[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const token = currentToken();
    if (!token) return;
    const es = new EventSource(`/me/notifications/stream?access_token=${encodeURIComponent(token)}`);
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener('notification', (e) => {
      try {
        const item = JSON.parse((e as MessageEvent<string>).data) as InboxItem;
        setLive((l) => (l.some((x) => x.id === item.id) ? l : [item, ...l]));
      } catch {
        // not ours
      }
    });
    return () => es.close();
  }, []);
  const known = new Set(live.map((i) => i.id));
  const items = [...live, ...(inbox.data?.items ?? []).filter((i) => !known.has(i.id))];
  return { items, unread: items.filter((i) => !i.read).length, connected, error: inbox.error };
}

export function Inbox() {
  const { t, lang } = useI18n();
  const { items, unread, connected, error } = useInbox();
  return (
    <Card
      size="small"
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>
          {t('myNotifications')} <Badge count={unread} aria-label={`${unread} ${t('unread')}`} />{' '}
          <Tag color={connected ? 'green' : 'default'} data-testid="sse-state">
            {connected ? t('live') : '…'}
          </Tag>
        </h2>
      }
    >
      <Problem error={error} />
      <List<InboxItem>
        size="small"
        dataSource={items}
        locale={{ emptyText: t('nothing') }}
        renderItem={(i) => (
          <List.Item data-testid="inbox-item">
            <Typography.Text strong={!i.read}>
              {i.caseId ? (
                <a
                  href={`/console/cases/${i.caseId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`cases/${i.caseId}`);
                  }}
                >
                  {i.title}
                </a>
              ) : (
                i.title
              )}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">{when(i.at, lang)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** My work: the cases I own, what is due next (countdowns), my notifications live. */
export function MyWork({ session }: { session: Session }) {
  const { t, label, lang } = useI18n();
  const now = useNow();
  const cases = useLoad(
    async () => (await listCases({})).items.filter((c) => c.ownerId === session.sub),
    [session.sub],
  );
  const dueNext = [...(cases.data ?? [])]
    .filter((c) => c.nextDueAt)
    .sort(byUrgencyOfDeadline)
    .slice(0, 5);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('myCases')}</h1>} size="small">
          <Problem error={cases.error} />
          <CaseTable items={cases.data ?? []} loading={cases.loading} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dueNext')}</h2>}
          size="small"
          style={{ marginBottom: 16 }}
        >
          <List
            size="small"
            dataSource={dueNext}
            locale={{ emptyText: t('nothing') }}
            renderItem={(c) => (
              <List.Item>
                <a
                  href={`/console/cases/${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`cases/${c.id}`);
                  }}
                >
                  {c.waybillNo}
                </a>{' '}
                <Tag>{label(STAGES, c.stage)}</Tag>
                <Tag color={c.overdue ? 'red' : 'blue'}>{countdown(c.nextDueAt, now, lang)}</Tag>
              </List.Item>
            )}
          />
        </Card>
        <Inbox />
      </Col>
    </Row>
  );
}
