import { Card, List, Tag, Typography } from 'antd';
import type { Session } from '../api/client';
import { when } from '../format';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { useInbox } from './MyWork';
import { CaseTable, listCases } from './CaseList';
import { useLoad } from '../hooks';
import { Problem } from '../components/Problem';

/**
 * Escalations (manager): the escalation notices addressed to me, live (why and since when, from the inbox), and the
 * escalated cases (escalation level ≥ 1), overdue first.
 */
export function Escalations({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const { items, connected } = useInbox();
  const escalations = items.filter((i) => i.kind.includes('escalat'));
  const minLevel = session.roles.includes('manager') ? 3 : session.roles.includes('supervisor') ? 2 : 1;
  const cases = useLoad(async () => {
    const lists = await Promise.all(
      [1, 2, 3].filter((l) => l >= minLevel).map((l) => listCases({ escalationLevel: l })),
    );
    return lists.flatMap((l) => l.items);
  }, [minLevel]);
  return (
    <Card
      title={
        <h1 style={{ fontSize: 18, margin: 0 }}>
          {t('escalations')}{' '}
          <Tag color={connected ? 'green' : 'default'} data-testid="sse-state">
            {connected ? t('live') : '…'}
          </Tag>
        </h1>
      }
    >
      <List
        size="small"
        dataSource={escalations}
        locale={{ emptyText: t('nothing') }}
        renderItem={(i) => (
          <List.Item data-testid="escalation-item">
            <Typography.Text strong>
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
            <Typography.Text type="secondary">
              {t('escalatedSince')}: {when(i.at, lang)}
            </Typography.Text>
          </List.Item>
        )}
      />
      <Problem error={cases.error} />
      <CaseTable items={cases.data ?? []} loading={cases.loading} />
    </Card>
  );
}
