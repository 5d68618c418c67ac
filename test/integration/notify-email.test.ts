/**
 * The e-mail channel against a real SMTP server (smtp-server, on a free loopback port, AUTH required): what arrives
 * is parsed with mailparser. Chinese subject and text intact in UTF-8 headers and body, the Message-ID derived from
 * the idempotency key, one recipient and no personal data beyond the address (R-SEC-1); a recipient refused with
 * 550 is permanent, a 451 and a lost server are retryable.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import {
  createEmailChannel,
  emailMessageId,
  type EmailChannel,
  type OutgoingMessage,
  PermanentChannelError,
  renderMessage,
  RetryableChannelError,
} from '@complaintflow/integrations';

interface Received {
  readonly raw: string;
  readonly from: string | undefined;
  readonly rcptTo: string[];
  readonly user: string | undefined;
}

const USER = 'mailer';
const PASS = 's3cret-pass';
const FROM = '客户投诉部 <noreply@kf.example.com>';
const TO = 'customer.wang@example.net';

let server: SMTPServer;
let port: number;
const received: Received[] = [];
const auths: string[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      auths.push(auth.username ?? '');
      if (auth.username === USER && auth.password === PASS) return callback(null, { user: USER });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody')) {
        return callback(
          Object.assign(new Error(`<${address.address}>: Recipient address rejected`), { responseCode: 550 }),
        );
      }
      if (address.address.startsWith('greylisted')) {
        return callback(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
      }
      return callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          from: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function channel(overrides: { pass?: string; port?: number } = {}): EmailChannel {
  return createEmailChannel({
    host: '127.0.0.1',
    port: overrides.port ?? port,
    secure: false,
    auth: { user: USER, pass: overrides.pass ?? PASS },
    from: FROM,
    connectionTimeoutMs: 3000,
  });
}

function resultNotice(key: string, to = TO): OutgoingMessage {
  const rendered = renderMessage({
    kind: 'result_notice',
    channel: 'email',
    language: 'zh-CN',
    caseNumber: 'CF-2025-000777',
    contact: { hotline: '95311' },
    notice: {
      complaint: '快件延误三天',
      steps: [{ action: '联系派件网点', reason: '核实延误原因' }],
      result: '已优先派送并减免运费',
      basis: ['《快递服务》国家标准'],
    },
    responseUrl: 'https://kf.example.com/p/eyJhbGciOiJIUzI1NiJ9.c2lnbmVk',
  });
  if (!rendered.ok) throw new Error(rendered.reason);
  return {
    idempotencyKey: key,
    channel: 'email',
    to,
    language: 'zh-CN',
    subject: rendered.subject,
    text: rendered.text,
    caseId: '3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8',
    kind: 'result_notice',
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field === undefined ? [] : [field]).flatMap((a) =>
    a.value.map((v) => v.address ?? ''),
  );
}

describe('e-mail over SMTP (R-RES-1 result notice by e-mail, R-CON-2 the channel the customer asked for)', () => {
  it('delivers the Chinese result notice intact, authenticated, with the Message-ID of its idempotency key', async () => {
    const email = channel();
    const message = resultNotice('case-777:12:customer:email');
    const before = received.length;
    const accepted = await email.send(message);
    await email.close();

    expect(received).toHaveLength(before + 1);
    const got = received[before]!;
    expect(got.user).toBe(USER);
    expect(auths).toContain(USER);
    expect(got.from).toBe('noreply@kf.example.com');
    expect(got.rcptTo).toEqual([TO]);

    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe('投诉处理结果通知(编号:CF-2025-000777)');
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.text).toContain('三、处理结果:已优先派送并减免运费。');
    expect(mail.html).toContain('<a href="https://kf.example.com/p/eyJhbGciOiJIUzI1NiJ9.c2lnbmVk">');
    expect(mail.messageId).toBe(emailMessageId('case-777:12:customer:email', 'kf.example.com'));
    expect(accepted.providerMessageId).toBe(mail.messageId);
    expect(addresses(mail.to)).toEqual([TO]);
    expect(addresses(mail.from)).toEqual(['noreply@kf.example.com']);
    expect(mail.from?.value[0]?.name).toBe('客户投诉部');
    expect(mail.headers.get('x-complaintflow-case')).toBe(message.caseId);
    expect(mail.headers.get('x-complaintflow-kind')).toBe('result_notice');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    // Headers in UTF-8: the Chinese subject and display name go as RFC 2047 encoded words, the body as UTF-8.
    const head = got.raw.slice(0, got.raw.indexOf('\r\n\r\n'));
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(head).toMatch(/^From: =\?UTF-8\?[BQ]\?/im);
    expect(got.raw).toMatch(/charset=utf-8/i);
  });

  it('carries no personal data beyond the recipient address (R-SEC-1)', async () => {
    const email = channel();
    const before = received.length;
    await email.send(resultNotice('case-777:13:customer:email'));
    await email.close();
    const got = received[before]!;
    // The address appears in the To header only; the key (which may name a recipient) never appears.
    expect(got.raw.split(TO)).toHaveLength(2);
    expect(got.raw).toMatch(new RegExp(`^To: ${TO.replace(/\./g, '\\.')}\\r?$`, 'm'));
    expect(got.raw).not.toContain('case-777:13:customer:email');
    const mail = await simpleParser(got.raw);
    const headerNames = [...mail.headers.keys()].sort();
    expect(headerNames).toEqual(
      expect.arrayContaining(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type']),
    );
    for (const name of headerNames) {
      if (name === 'to') continue;
      expect(JSON.stringify(mail.headers.get(name))).not.toContain('customer.wang');
    }
  });

  it('a retry with the same idempotency key arrives with the same Message-ID, recognisable as a duplicate', async () => {
    const email = channel();
    const before = received.length;
    const first = await email.send(resultNotice('case-777:14:customer:email'));
    const again = await email.send(resultNotice('case-777:14:customer:email'));
    const other = await email.send(resultNotice('case-777:15:customer:email'));
    await email.close();
    const ids = await Promise.all(received.slice(before).map(async (r) => (await simpleParser(r.raw)).messageId));
    expect(ids).toEqual([first.providerMessageId, first.providerMessageId, other.providerMessageId]);
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(other.providerMessageId).not.toBe(first.providerMessageId);
  });

  it('a recipient the server refuses with 550 is a PermanentChannelError that does not repeat the address', async () => {
    const email = channel();
    const before = received.length;
    const failure = await email.send(resultNotice('k-550', 'nobody.here@example.net')).catch((e: unknown) => e);
    await email.close();
    expect(failure).toBeInstanceOf(PermanentChannelError);
    expect((failure as Error).message).toMatch(/RCPT TO refused: 550/);
    expect((failure as Error).message).not.toContain('nobody.here');
    expect(received).toHaveLength(before);
  });

  it('a 451 (try again later) is retryable, not permanent', async () => {
    const email = channel();
    const failure = await email.send(resultNotice('k-451', 'greylisted@example.net')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RetryableChannelError);
    expect(failure).not.toBeInstanceOf(PermanentChannelError);
    expect((failure as Error).message).toMatch(/451/);
    // The pooled connection is still usable afterwards.
    const before = received.length;
    await email.send(resultNotice('k-after-451'));
    await email.close();
    expect(received).toHaveLength(before + 1);
  });

  it('no server listening, or credentials refused, is retryable (the message is not at fault)', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ logger: false });
      probe.listen(0, '127.0.0.1', () => {
        const p = (probe.server.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const down = channel({ port: closed });
    const lost = await down.send(resultNotice('k-down')).catch((e: unknown) => e);
    await down.close();
    expect(lost).toBeInstanceOf(RetryableChannelError);

    const wrong = channel({ pass: 'wrong' });
    const refused = await wrong.send(resultNotice('k-auth')).catch((e: unknown) => e);
    await wrong.close();
    expect(refused).toBeInstanceOf(RetryableChannelError);
    expect((refused as Error).message).toMatch(/AUTH/);
    const healthy = channel();
    await expect(healthy.verify()).resolves.toBeUndefined();
    await healthy.close();
  });
});
