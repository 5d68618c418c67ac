import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { ApiFailure, api, must } from '../api/client';
import { Problem } from '../components/Problem';
import { CATEGORIES, URGENCIES, useI18n } from '../i18n';
import { navigate } from '../router';

interface Intake {
  channel: string;
  waybillNo: string;
  name: string;
  phone?: string;
  email?: string;
  party: string;
  preferredChannel: string;
  category: string;
  urgency: string;
  description: string;
  expectedOutcome: string;
  claimedYuan: number;
  originOutlet: string;
  deliveryOutlet: string;
  freightYuan: number;
  chargedYuan: number;
  insured: boolean;
}

const CHANNELS = [
  'phone',
  'sms',
  'email',
  'web',
  'app',
  'social',
  'onsite',
  'regulator',
  'consumer_association',
  'media',
];
const fen = (y: number | undefined) => Math.round((y ?? 0) * 100);

/** Intake (`POST /complaints`, agent): the complaint as the customer gave it; the API's field errors shown in place. */
export function NewCase() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Intake>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Intake) {
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        channel: v.channel,
        waybillNo: v.waybillNo,
        complainant: {
          name: v.name,
          ...(v.phone ? { phone: v.phone } : {}),
          ...(v.email ? { email: v.email } : {}),
          party: v.party,
          preferredChannel: v.preferredChannel,
        },
        category: v.category,
        urgency: v.urgency,
        description: v.description,
        expectedOutcome: v.expectedOutcome,
        claimedFen: fen(v.claimedYuan),
        shipment: {
          originOutlet: v.originOutlet,
          deliveryOutlet: v.deliveryOutlet,
          freightFen: fen(v.freightYuan),
          chargedFen: fen(v.chargedYuan),
          insured: v.insured,
          declaredValueFen: 0,
        },
      };
      const created = must<{ id: string }>(
        await api.POST('/complaints', {
          body: body as never,
          headers: { 'idempotency-key': `intake-${crypto.randomUUID()}` },
        }),
      );
      message.success(t('created'));
      navigate(`cases/${created.id}`);
    } catch (e) {
      setError(e as Error);
      if (e instanceof ApiFailure) {
        const map: Record<string, keyof Intake> = {
          waybillNo: 'waybillNo',
          'complainant.name': 'name',
          'complainant.phone': 'phone',
          'complainant.email': 'email',
          description: 'description',
          expectedOutcome: 'expectedOutcome',
          'shipment.originOutlet': 'originOutlet',
          'shipment.deliveryOutlet': 'deliveryOutlet',
        };
        form.setFields(
          (e.body?.error.details ?? [])
            .filter((d) => d.field && map[d.field])
            .map((d) => ({ name: map[d.field!], errors: [d.reason ?? ''] })),
        );
      }
    } finally {
      setBusy(false);
    }
  }

  const opts = (table: Record<string, readonly [string, string]>) =>
    Object.keys(table).map((k) => ({ value: k, label: label(table, k) }));

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('newCase')}</h1>}>
      <Form
        form={form}
        layout="vertical"
        name="intake"
        onFinish={(v) => void submit(v)}
        initialValues={{
          channel: 'phone',
          party: 'recipient',
          preferredChannel: 'phone',
          category: 'delay',
          urgency: 'normal',
          claimedYuan: 0,
          freightYuan: 18,
          chargedYuan: 18,
          insured: false,
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="waybillNo" label={t('waybillNo')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('channel')}>
              <Select options={CHANNELS.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="category" label={t('category')}>
              <Select options={opts(CATEGORIES)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="urgency" label={t('urgency')}>
              <Select options={opts(URGENCIES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="name" label={t('complainantName')} rules={[{ required: true }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="phone" label={t('phone')}>
              <Input autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="email" label={t('email')}>
              <Input autoComplete="off" inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={12} md={3}>
            <Form.Item name="party" label={t('party')}>
              <Select
                options={[
                  { value: 'sender', label: t('sender') },
                  { value: 'recipient', label: t('recipient') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={3}>
            <Form.Item name="preferredChannel" label={t('preferredChannel')}>
              <Select options={['phone', 'sms', 'email'].map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="description" label={t('description')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="expectedOutcome" label={t('expectedOutcome')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="originOutlet" label={t('originOutlet')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="deliveryOutlet" label={t('deliveryOutlet')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="freightYuan" label={t('freight')}>
              <InputNumber min={0} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="chargedYuan" label={t('charged')}>
              <InputNumber min={0} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="claimedYuan" label={t('claimedFen')}>
              <InputNumber min={0} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="insured" label="保价 / Insured" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Problem error={error} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
