import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  List,
  Row,
  Space,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { api, must, type Session } from '../api/client';
import { ActionForm } from '../components/ActionForm';
import { Problem } from '../components/Problem';
import { countdown, deadlineColour, when, yuan } from '../format';
import { useLoad, useNow } from '../hooks';
import {
  ACTIONS,
  CATEGORIES,
  DEADLINE_KINDS,
  DEADLINE_STATES,
  FIVE_STAGES,
  ROLES,
  STAGES,
  URGENCIES,
  useI18n,
} from '../i18n';

interface Deadline {
  dueAt: string | null;
  state: string;
  statutory: boolean;
}
export interface CaseDetail {
  id: string;
  stage: string;
  status: string;
  waybillNo: string;
  category: string;
  urgency: string;
  escalationLevel: number;
  tier: string;
  owner: { id: string; department: string | null };
  complainant: { name: string | null; phone: string | null; email: string | null };
  description: string | null;
  deadlines: Record<string, Deadline>;
  overdue: boolean;
  liability: { companyLiable?: boolean; ruleId?: string; external?: unknown; internal?: unknown } | null;
  suggestedCompensationFen: number | null;
  plan: {
    remedies: string[];
    compensationFen: number;
    approval: string;
    requiredApproval: string;
    proposedBy: string;
    note?: string;
  } | null;
  approvals: { approve: boolean; approverId: string; role: string; comment?: string; at?: string }[];
  contactAttempts: { reached: boolean; channel: string; note?: string; at?: string }[];
  negotiationRounds: Record<string, unknown>[];
  notifications?: {
    id: string;
    kind: string;
    channel: string;
    status: string;
    recipient: { kind: string; id: string | null; address: string | null };
    createdAt: string | null;
    sentAt: string | null;
  }[];
  closure: Record<string, unknown> | null;
  survey: Record<string, unknown> | null;
  actions: string[];
}

interface HistoryEvent {
  seq: number;
  type: string;
  at: string;
  actor: { kind: string; id?: string; role?: string } | string;
}

export const EVENT_LABELS: Record<string, readonly [string, string]> = {
  'case.received': ['登记投诉', 'Complaint received'],
  'case.classified': ['受理并分类', 'Accepted and classified'],
  'case.assigned': ['分派', 'Assigned'],
  'findings.recorded': ['记录调查结论', 'Findings recorded'],
  'plan.proposed': ['提出处理方案', 'Plan proposed'],
  'approval.decided': ['审批', 'Approval decided'],
  'customer.responded': ['客户答复', 'Customer responded'],
  'contact.attempted': ['联系客户', 'Contact attempt'],
  'plan.executed': ['执行方案', 'Plan carried out'],
  'survey.recorded': ['满意度调查', 'Survey recorded'],
  'case.escalated': ['升级', 'Escalated'],
  'case.archived': ['归档', 'Archived'],
  'case.reopened': ['重新开启', 'Reopened'],
  'notification.requested': ['发送通知', 'Notification requested'],
  'notification.delivery': ['通知送达', 'Notification delivery'],
  'deadline.warning': ['时限预警', 'Deadline warning'],
  'deadline.breached': ['时限超时', 'Deadline breached'],
  'reply.signed_off': ['书面回复审核', 'Reply signed off'],
  'sla.paused': ['暂停时限', 'Deadlines paused'],
  'sla.resumed': ['恢复时限', 'Deadlines resumed'],
};

/** Who: the audit row's actor (`{ id, role }`: a staff id and the role acted in, or the customer, or the system). */
export function actorText(a: unknown, lang: 'zh' | 'en'): string {
  const x = (typeof a === 'object' && a ? a : {}) as { id?: string; role?: string; kind?: string };
  const role = x.role ?? x.kind;
  if (role === 'system') return lang === 'zh' ? '系统' : 'system';
  if (role === 'customer') return lang === 'zh' ? '客户' : 'customer';
  const r = role ? ROLES[role]?.[lang === 'zh' ? 0 : 1] : undefined;
  return `${x.id ?? ''}${r ? ` (${r})` : ''}`;
}

export function StageBar({ stage }: { stage: string }) {
  const { label } = useI18n();
  const closed = stage === 'closed';
  const idx = closed ? FIVE_STAGES.length : FIVE_STAGES.indexOf(stage as (typeof FIVE_STAGES)[number]);
  const early = stage === 'closed_inadmissible' || stage === 'closed_on_the_spot';
  return (
    <Steps
      aria-label="stages"
      size="small"
      current={early ? 0 : Math.max(idx, 0)}
      status={early ? 'error' : closed ? 'finish' : 'process'}
      items={FIVE_STAGES.map((s) => ({ title: label(STAGES, s) }))}
    />
  );
}

export function CasePage({ id, session }: { id: string; session: Session }) {
  const { t, label, lang } = useI18n();
  const now = useNow();
  const c = useLoad(
    async () => must<CaseDetail>(await api.GET('/complaints/{id}', { params: { path: { id } } })),
    [id],
  );
  const history = useLoad(
    async () =>
      must<{ events: HistoryEvent[] }>(await api.GET('/complaints/{id}/history', { params: { path: { id } } })),
    [id],
  );
  const [link, setLink] = useState<{ url: string; token: string } | undefined>();
  const [linkError, setLinkError] = useState<Error | undefined>();
  const refresh = () => {
    c.reload();
    history.reload();
  };

  if (c.error) return <Problem error={c.error} />;
  if (!c.data) return <Card loading />;
  const k = c.data;
  const ev = (type: string) => EVENT_LABELS[type]?.[lang === 'zh' ? 0 : 1] ?? type;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {k.waybillNo} · <span data-testid="stage">{label(STAGES, k.stage)}</span>
          </h1>
        }
        extra={
          <Space>
            <Tag>{label(CATEGORIES, k.category)}</Tag>
            <Tag color={k.urgency === 'normal' ? 'default' : 'red'}>{label(URGENCIES, k.urgency)}</Tag>
            <Tag color={k.escalationLevel ? 'volcano' : 'default'}>
              {t('escalationLevel')} L{k.escalationLevel}
            </Tag>
            {k.overdue && <Tag color="red">{t('overdue')}</Tag>}
          </Space>
        }
      >
        <StageBar stage={k.stage} />
        {k.stage === 'closed' && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            title={
              lang === 'zh'
                ? '已归档:满意度调查已完成,工单结案'
                : 'Closed: the survey is recorded and the case is archived'
            }
          />
        )}
        <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('owner')}>
            {k.owner.id}
            {k.owner.department ? ` (${k.owner.department})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('complainantName')}>{k.complainant.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('phone')}>{k.complainant.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('description')} span={3}>
            {k.description ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('deadlines')}</h2>} size="small">
              <Table
                size="small"
                pagination={false}
                rowKey="kind"
                dataSource={Object.entries(k.deadlines).map(([kind, d]) => ({ kind, ...d }))}
                columns={[
                  { title: t('what'), dataIndex: 'kind', render: (x: string) => label(DEADLINE_KINDS, x) },
                  { title: t('dueAt'), dataIndex: 'dueAt', render: (d: string | null) => when(d, lang) },
                  {
                    title: t('state'),
                    render: (_: unknown, d: Deadline) => (
                      <Tag color={deadlineColour(d.state, d.dueAt, now)}>{label(DEADLINE_STATES, d.state)}</Tag>
                    ),
                  },
                  {
                    title: t('nextDue'),
                    render: (_: unknown, d: Deadline) => (d.state === 'running' ? countdown(d.dueAt, now, lang) : '—'),
                  },
                ]}
              />
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('plan')}</h2>} size="small">
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('liability')}>
                  {k.liability
                    ? `${k.liability.companyLiable ? (lang === 'zh' ? '公司有责' : 'company liable') : lang === 'zh' ? '公司无责' : 'not liable'} (${k.liability.ruleId ?? ''})`
                    : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('suggested')}>{yuan(k.suggestedCompensationFen)}</Descriptions.Item>
                {k.plan && (
                  <>
                    <Descriptions.Item label={t('plan')}>{k.plan.remedies.join('、')}</Descriptions.Item>
                    <Descriptions.Item label={t('amount')}>{yuan(k.plan.compensationFen)}</Descriptions.Item>
                    <Descriptions.Item label={t('approvalsOfCase')}>
                      <Tag data-testid="plan-approval">{k.plan.approval}</Tag> {k.plan.requiredApproval}
                    </Descriptions.Item>
                  </>
                )}
              </Descriptions>
              <List
                size="small"
                dataSource={k.approvals}
                locale={{ emptyText: t('nothing') }}
                renderItem={(a) => (
                  <List.Item>
                    {a.approve ? t('approve') : t('reject')} · {actorText({ id: a.approverId, role: a.role }, lang)} ·{' '}
                    {a.comment ?? ''} {when(a.at, lang)}
                  </List.Item>
                )}
              />
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('contactAttempts')}</h2>} size="small">
              <List
                size="small"
                dataSource={k.contactAttempts}
                locale={{ emptyText: t('nothing') }}
                renderItem={(a) => (
                  <List.Item>
                    {when(a.at, lang)} · {a.channel} · {a.reached ? '✔' : '✘'} {a.note ?? ''}
                  </List.Item>
                )}
              />
              <Typography.Text strong>{t('negotiation')}</Typography.Text>
              <List
                size="small"
                dataSource={k.negotiationRounds}
                locale={{ emptyText: t('nothing') }}
                renderItem={(r) => <List.Item>{JSON.stringify(r)}</List.Item>}
              />
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('notifications')}</h2>} size="small">
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={k.notifications ?? []}
                locale={{ emptyText: <Empty description={t('nothing')} /> }}
                columns={[
                  { title: t('what'), dataIndex: 'kind' },
                  { title: t('channel'), dataIndex: 'channel' },
                  {
                    title: t('who'),
                    render: (_: unknown, n: NonNullable<CaseDetail['notifications']>[number]) =>
                      n.recipient.id ?? n.recipient.address ?? n.recipient.kind,
                  },
                  { title: t('delivery'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
                  { title: t('when'), dataIndex: 'createdAt', render: (d: string | null) => when(d, lang) },
                ]}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('actions')}</h2>} size="small">
              {k.actions.length === 0 ? (
                <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
              ) : (
                <Collapse
                  accordion
                  items={k.actions.map((a) => ({
                    key: a,
                    label: <span data-action={a}>{label(ACTIONS, a)}</span>,
                    children: <ActionForm caseId={k.id} action={a} onDone={refresh} />,
                  }))}
                />
              )}
              {session.roles.some((r) => r === 'agent' || r === 'admin') && (
                <Space direction="vertical" style={{ marginTop: 12, width: '100%' }}>
                  <Space>
                    {(['response', 'survey'] as const).map((purpose) => (
                      <Button
                        key={purpose}
                        size="small"
                        onClick={() => {
                          setLinkError(undefined);
                          api
                            .POST('/complaints/{id}/public-link', {
                              params: { path: { id: k.id } },
                              body: { purpose },
                            })
                            .then(
                              (r) => setLink(must(r)),
                              (e: unknown) => setLinkError(e as Error),
                            );
                        }}
                      >
                        {t('makeLink')} ({purpose})
                      </Button>
                    ))}
                  </Space>
                  {link && (
                    <Typography.Paragraph copyable data-testid="customer-link" style={{ wordBreak: 'break-all' }}>
                      {link.url}
                    </Typography.Paragraph>
                  )}
                  <Problem error={linkError} />
                </Space>
              )}
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('timeline')}</h2>} size="small">
              <Problem error={history.error} />
              <Timeline
                items={(history.data?.events ?? []).map((e) => ({
                  children: (
                    <span data-testid="timeline-event">
                      <strong>{ev(e.type)}</strong> · {actorText(e.actor, lang)} · {when(e.at, lang)}
                    </span>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
