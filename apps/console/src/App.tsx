import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Spin, Space, Tag, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { loadSession, saveSession, useCredentials, type Session } from './api/client';
import { I18nContext, makeI18n, ROLES, storedLang, storeLang, type Lang } from './i18n';
import { consoleRoute, navigate, usePath } from './router';
import { SignIn } from './pages/SignIn';
import { CaseList } from './pages/CaseList';
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
import { Approvals } from './pages/Approvals';
import { MyWork } from './pages/MyWork';
import { NewCase } from './pages/NewCase';
import { Escalations } from './pages/Escalations';
const Dashboard = lazy(() => import('./pages/Dashboard').then((m) => ({ default: m.Dashboard })));
const Audit = lazy(() => import('./pages/Audit').then((m) => ({ default: m.Audit })));
import { CustomerPage } from './pages/CustomerPage';

const CUSTOMER_PATH = /^\/public\/cases\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\/(response|survey)\/?$/;

interface MenuEntry {
  key: string;
  word: Parameters<ReturnType<typeof makeI18n>['t']>[0];
  roles?: readonly string[];
}
const MENU: MenuEntry[] = [
  { key: 'work', word: 'myWork' },
  { key: 'approvals', word: 'approvals', roles: ['team_lead', 'supervisor', 'manager'] },
  { key: 'cases', word: 'cases' },
  { key: 'new', word: 'newCase', roles: ['agent', 'admin'] },
  { key: 'escalations', word: 'escalations', roles: ['team_lead', 'supervisor', 'manager', 'admin'] },
  { key: 'dashboard', word: 'dashboard', roles: ['supervisor', 'manager', 'auditor', 'admin'] },
  { key: 'audit', word: 'audit', roles: ['auditor', 'admin'] },
];

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang());
  const [session, setSession] = useState<Session | null>(loadSession());
  const path = usePath();
  useCredentials(session?.token, lang);
  const i18n = useMemo(
    () =>
      makeI18n(lang, (l) => {
        storeLang(l);
        setLangState(l);
      }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const customer = CUSTOMER_PATH.exec(path);
  const route = consoleRoute(path);
  const [section, ...rest] = route.split('/');
  const menu = session ? MENU.filter((m) => !m.roles || m.roles.some((r) => session.roles.includes(r))) : [];

  let page: React.ReactNode;
  if (customer) page = <CustomerPage token={customer[1]} purpose={customer[2] as 'response' | 'survey'} />;
  else if (!session)
    page = (
      <SignIn
        onSignIn={(s) => {
          saveSession(s);
          setSession(s);
          navigate('work');
        }}
      />
    );
  else if (section === 'cases' && rest[0]) page = <CasePage id={decodeURIComponent(rest[0])} session={session} />;
  else if (section === 'cases') page = <CaseList />;
  else if (section === 'approvals') page = <Approvals session={session} />;
  else if (section === 'new') page = <NewCase />;
  else if (section === 'escalations') page = <Escalations session={session} />;
  else if (section === 'dashboard') page = <Dashboard />;
  else if (section === 'audit') page = <Audit initialId={rest[0] ? decodeURIComponent(rest[0]) : undefined} />;
  else page = <MyWork session={session} />;

  const switcher = (
    <Button size="small" onClick={() => i18n.setLang(lang === 'zh' ? 'en' : 'zh')} aria-label="language / 语言">
      {i18n.t('language')}
    </Button>
  );

  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#c7000b' } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <I18nContext.Provider value={i18n}>
          {customer ? (
            <Layout style={{ minHeight: '100vh', background: '#fff' }}>
              <Layout.Header
                style={{ background: '#c7000b', display: 'flex', alignItems: 'center', padding: '0 16px' }}
              >
                <Typography.Text strong style={{ color: '#fff', flex: 1 }}>
                  {i18n.t('customerTitle')}
                </Typography.Text>
                {switcher}
              </Layout.Header>
              <Layout.Content style={{ padding: 16, maxWidth: 560, width: '100%', margin: '0 auto' }}>
                {page}
              </Layout.Content>
            </Layout>
          ) : (
            <Layout style={{ minHeight: '100vh' }}>
              <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 16px' }}>
                <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
                  {i18n.t('appTitle')}
                </Typography.Text>
                <nav aria-label={i18n.t('appTitle')} style={{ flex: 1, minWidth: 0 }}>
                  <Menu
                    theme="dark"
                    mode="horizontal"
                    selectedKeys={[section || 'work']}
                    items={menu.map((m) => ({ key: m.key, label: <a href={`/console/${m.key}`}>{i18n.t(m.word)}</a> }))}
                    onClick={(e) => {
                      e.domEvent.preventDefault();
                      navigate(e.key);
                    }}
                  />
                </nav>
                <Space>
                  {session && (
                    <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
                      {session.name} ·{' '}
                      {session.roles.map((r) => (
                        <Tag key={r} color="gold">
                          {i18n.label(ROLES, r)}
                        </Tag>
                      ))}
                    </Typography.Text>
                  )}
                  {switcher}
                  {session && (
                    <Button
                      size="small"
                      onClick={() => {
                        saveSession(null);
                        setSession(null);
                        navigate('');
                      }}
                    >
                      {i18n.t('signOut')}
                    </Button>
                  )}
                </Space>
              </Layout.Header>
              <Layout.Content style={{ padding: 16 }}>
                <main>
                  <Suspense fallback={<Spin />}>{page}</Suspense>
                </main>
              </Layout.Content>
            </Layout>
          )}
        </I18nContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
