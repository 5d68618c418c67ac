import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Space, Typography } from 'antd';
import { api, must } from '../api/client';
import { Problem } from '../components/Problem';
import { yuan } from '../format';
import { useLoad } from '../hooks';
import { CATEGORIES, STAGES, useI18n } from '../i18n';

interface Notice {
  purpose: 'response' | 'survey';
  caseNumber: string;
  stage: string;
  category: string;
  waybillNo: string;
  findings: string | null;
  companyLiable: boolean | null;
  remedies: string[];
  compensationFen: number;
  answered: boolean;
  surveyed: boolean;
  expiresAt: string;
}

const REMEDIES: Record<string, readonly [string, string]> = {
  apology: ['道歉', 'Apology'],
  search: ['查找快件', 'Parcel search'],
  compensation: ['赔偿', 'Compensation'],
  freight_refund: ['退还运费', 'Freight refund'],
  reship: ['重新寄送', 'Reship'],
  improvement: ['服务改进', 'Service improvement'],
  explanation: ['情况说明', 'Explanation'],
};

/**
 * The customer's page behind the signed link (public, mobile-first): the result notice, accept or decline it
 * (`POST /public/cases/:token/response`), the satisfaction survey (`POST /public/cases/:token/survey`).
 */
export function CustomerPage({ token, purpose }: { token: string; purpose: 'response' | 'survey' }) {
  const { t, label } = useI18n();
  const notice = useLoad(
    async () => must<Notice>(await api.GET('/public/cases/{token}', { params: { path: { token } } })),
    [token],
  );
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  async function respond(accepted: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const r = must<{ message: string }>(
        await api.POST('/public/cases/{token}/response', {
          params: { path: { token } },
          body: { accepted, ...(comment ? { comment } : {}) } as never,
        }),
      );
      setDone(r.message);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  async function survey(v: Record<string, number | string | undefined>) {
    setBusy(true);
    setError(undefined);
    try {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '' && x !== 0));
      const r = must<{ message: string }>(
        await api.POST('/public/cases/{token}/survey', { params: { path: { token } }, body: body as never }),
      );
      setDone(r.message);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  if (notice.error) return <Result status="warning" title={t('linkProblem')} subTitle={notice.error.message} />;
  if (!notice.data) return <Card loading />;
  const n = notice.data;
  if (done) return <Result status="success" title={done} data-testid="customer-done" />;
  const lang = t('language') === 'English' ? 0 : 1;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <h1 style={{ fontSize: 18, marginTop: 0 }}>
          {t('caseNumber')}:{n.caseNumber}
        </h1>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('waybillNo')}>{n.waybillNo}</Descriptions.Item>
          <Descriptions.Item label={t('category')}>{label(CATEGORIES, n.category)}</Descriptions.Item>
          <Descriptions.Item label={t('stage')}>
            <span data-testid="customer-stage">{label(STAGES, n.stage)}</span>
          </Descriptions.Item>
          {n.findings && <Descriptions.Item label={t('liability')}>{n.findings}</Descriptions.Item>}
          <Descriptions.Item label={t('plan')}>
            {n.remedies.map((r) => REMEDIES[r]?.[lang] ?? r).join('、') || '—'}
          </Descriptions.Item>
          {n.compensationFen > 0 && (
            <Descriptions.Item label={t('amount')}>{yuan(n.compensationFen)}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {purpose === 'response' &&
        (n.answered ? (
          <Alert type="info" title={t('done')} />
        ) : (
          <Card size="small">
            <Space direction="vertical" style={{ width: '100%' }}>
              <label htmlFor="customer-comment">{t('yourComment')}</label>
              <Input.TextArea
                id="customer-comment"
                rows={3}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <Button type="primary" block size="large" loading={busy} onClick={() => void respond(true)}>
                {t('accept')}
              </Button>
              <Button block size="large" loading={busy} onClick={() => void respond(false)}>
                {t('decline')}
              </Button>
            </Space>
          </Card>
        ))}
      {purpose === 'survey' &&
        (n.surveyed ? (
          <Alert type="info" title={t('done')} />
        ) : (
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('surveyTitle')}</h2>}>
            <Form layout="vertical" name="survey" onFinish={(v) => void survey(v)}>
              {(['speed', 'effectiveness', 'attitude', 'transparency'] as const).map((d) => (
                <div key={d} data-dimension={d}>
                  <Form.Item name={d} label={`${t(d)}(1–5)`} rules={[{ required: true }]}>
                    <Radio.Group
                      aria-label={t(d)}
                      optionType="button"
                      buttonStyle="solid"
                      size="large"
                      options={[1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v) }))}
                    />
                  </Form.Item>
                </div>
              ))}
              <Form.Item name="suggestion" label={t('suggestion')}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy}>
                {t('submit')}
              </Button>
            </Form>
          </Card>
        ))}
      <Problem error={error} />
      <Typography.Text type="secondary">complaintflow</Typography.Text>
    </Space>
  );
}
