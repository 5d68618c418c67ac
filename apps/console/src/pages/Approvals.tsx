import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { api, must, type Session } from '../api/client';
import { Problem } from '../components/Problem';
import { countdown, yuan } from '../format';
import { useLoad, useNow } from '../hooks';
import { CATEGORIES, ROLES, URGENCIES, useI18n } from '../i18n';
import { navigate } from '../router';
import type { CaseDetail } from './CasePage';

interface PendingApproval {
  caseId: string;
  category: string;
  urgency: string;
  requiredApproval: string;
  plan: { remedies: string[]; compensationFen: number; floorOffer: boolean; note: string | null };
  proposedBy: string;
  proposedAt: string;
  approvalDueAt: string | null;
  mine?: boolean;
}

type Row = PendingApproval & { detail?: CaseDetail };

function Decision({ item, onDone }: { item: Row; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const decide = async (approve: boolean) => {
    setError(undefined);
    try {
      must(
        await api.POST('/complaints/{id}/actions/decide-approval', {
          params: { path: { id: item.caseId } },
          body: { approve, ...(comment ? { comment } : {}) } as never,
        }),
      );
      message.success(t('done'));
      onDone();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        aria-label={t('comment')}
        placeholder={t('comment')}
        rows={2}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <Space>
        <Button type="primary" onClick={() => void decide(true)}>
          {t('approve')}
        </Button>
        <Button danger onClick={() => void decide(false)}>
          {t('reject')}
        </Button>
      </Space>
      <Problem error={error} />
    </Space>
  );
}

/** The approval inbox (R-APR-1/2): what waits for my tier; my own proposals are shown, not actionable. */
export function Approvals({ session }: { session: Session }) {
  const { t, label, lang } = useI18n();
  const now = useNow();
  const list = useLoad(async () => {
    const { items } = must<{ items: PendingApproval[] }>(
      await api.GET('/approvals/pending', { params: { query: { include: 'own' } as never } }),
    );
    return Promise.all(
      items.map(async (i): Promise<Row> => {
        const r = await api.GET('/complaints/{id}', { params: { path: { id: i.caseId } } });
        return r.response.ok ? { ...i, detail: r.data as unknown as CaseDetail } : i;
      }),
    );
  }, []);
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('approvals')}</h1>}>
      <Problem error={list.error} />
      <List<Row>
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('noPending')} /> }}
        renderItem={(i) => {
          const own = i.mine ?? i.proposedBy === session.sub;
          return (
            <List.Item key={i.caseId} data-approval={i.caseId}>
              <Card
                size="small"
                style={{ width: '100%' }}
                title={
                  <a
                    href={`/console/cases/${i.caseId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`cases/${i.caseId}`);
                    }}
                  >
                    {i.detail?.waybillNo ?? i.caseId}
                  </a>
                }
                extra={
                  <Space>
                    <Tag>{label(CATEGORIES, i.category)}</Tag>
                    <Tag>{label(URGENCIES, i.urgency)}</Tag>
                    <Tag color="gold">{label(ROLES, i.requiredApproval)}</Tag>
                    <Tag color="orange">{countdown(i.approvalDueAt, now, lang)}</Tag>
                  </Space>
                }
              >
                <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label={t('amount')}>{yuan(i.plan.compensationFen)}</Descriptions.Item>
                  <Descriptions.Item label={t('suggested')}>
                    {yuan(i.detail?.suggestedCompensationFen)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('plan')}>
                    {i.plan.remedies.join('、')} {i.plan.note ?? ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('liability')}>
                    {i.detail?.liability
                      ? `${i.detail.liability.companyLiable ? (lang === 'zh' ? '公司有责' : 'company liable') : lang === 'zh' ? '公司无责' : 'not liable'}`
                      : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('rule')}>{i.detail?.liability?.ruleId ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('owner')}>{i.proposedBy}</Descriptions.Item>
                </Descriptions>
                {own ? (
                  <Typography.Text type="warning" data-testid="own-proposal">
                    {t('ownProposal')}
                  </Typography.Text>
                ) : (
                  <Decision item={i} onDone={list.reload} />
                )}
              </Card>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
