import { useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { api, must, sessionOf, type Session } from '../api/client';
import { Problem } from '../components/Problem';
import { useLoad } from '../hooks';
import { ROLES, useI18n } from '../i18n';

interface DevUser {
  id: string;
  name: string;
  roles: string[];
  outlet?: string | null;
}

/**
 * Sign-in: in the local start (AUTH_MODE=dev) pick a staff member of the directory, or type one, and get a dev token
 * (`POST /auth/dev-token`); in production paste the bearer token the company's identity provider issued.
 */
export function SignIn({ onSignIn }: { onSignIn: (s: Session) => void }) {
  const { t, label } = useI18n();
  const [error, setError] = useState<Error | undefined>();
  const users = useLoad(async () => {
    const r = await api.GET('/auth/dev-users');
    return r.response.ok ? (r.data as unknown as { items: DevUser[] }).items : null;
  }, []);
  const [form] = Form.useForm<{ sub: string; name: string; roles: string[]; outlet?: string }>();

  async function devSignIn(v: { sub: string; name: string; roles: string[]; outlet?: string }) {
    setError(undefined);
    try {
      const body = { sub: v.sub, name: v.name || v.sub, roles: v.roles, ...(v.outlet ? { outlet: v.outlet } : {}) };
      const { token } = must<{ token: string }>(await api.POST('/auth/dev-token', { body: body as never }));
      const s = sessionOf(token);
      if (s) onSignIn(s);
    } catch (e) {
      setError(e as Error);
    }
  }

  return (
    <Row gutter={16} justify="center" style={{ marginTop: 32 }}>
      {users.data !== null && (
        <Col xs={24} md={10}>
          <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('devSignIn')}</h1>}>
            {users.data && users.data.length > 0 && (
              <Form.Item label={t('pickUser')} htmlFor="pick-user">
                <Select
                  id="pick-user"
                  showSearch
                  optionFilterProp="label"
                  options={users.data.map((u) => ({
                    value: u.id,
                    label: `${u.name} (${u.id}) · ${u.roles.map((r) => label(ROLES, r)).join('、')}`,
                  }))}
                  onChange={(id: string) => {
                    const u = users.data?.find((x) => x.id === id);
                    if (u)
                      form.setFieldsValue({ sub: u.id, name: u.name, roles: u.roles, outlet: u.outlet ?? undefined });
                  }}
                />
              </Form.Item>
            )}
            <Form form={form} layout="vertical" onFinish={(v) => void devSignIn(v)} name="dev-sign-in">
              <Form.Item name="sub" label={t('userId')} rules={[{ required: true }]}>
                <Input autoComplete="username" />
              </Form.Item>
              <Form.Item name="name" label={t('name')}>
                <Input />
              </Form.Item>
              <Form.Item name="roles" label={t('roles')} rules={[{ required: true }]}>
                <Select
                  mode="multiple"
                  options={Object.keys(ROLES).map((r) => ({ value: r, label: label(ROLES, r) }))}
                />
              </Form.Item>
              <Form.Item name="outlet" label={t('outlet')}>
                <Input />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('signIn')}
              </Button>
            </Form>
          </Card>
        </Col>
      )}
      <Col xs={24} md={10}>
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('tokenSignIn')}</h2>}>
          <Form
            layout="vertical"
            name="token-sign-in"
            onFinish={(v: { token: string }) => {
              const s = sessionOf(v.token);
              if (s) onSignIn(s);
              else setError(new Error(t('linkProblem')));
            }}
          >
            <Form.Item name="token" label={t('bearerToken')} rules={[{ required: true }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Button htmlType="submit">{t('signIn')}</Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} md={20} style={{ marginTop: 16 }}>
        <Problem error={error} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          complaintflow
        </Typography.Paragraph>
      </Col>
    </Row>
  );
}
