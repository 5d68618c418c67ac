import { PermanentChannelError } from './channel';
import { addressOf, classifySmtpError, createEmailChannel, emailMessageId, textToHtml } from './email';

describe('emailMessageId', () => {
  it('is derived from the idempotency key: the same key gives the same id, another key another', () => {
    const a = emailMessageId('case-1:7:customer:email', 'example.com');
    expect(a).toMatch(/^<cf\.[0-9a-f]{32}@example\.com>$/);
    expect(emailMessageId('case-1:7:customer:email', 'example.com')).toBe(a);
    expect(emailMessageId('case-1:8:customer:email', 'example.com')).not.toBe(a);
  });

  it('does not show the key (it may contain a recipient id)', () => {
    expect(emailMessageId('staff-zhang:case-1', 'example.com')).not.toContain('zhang');
  });
});

describe('classifySmtpError', () => {
  it('a 5xx to RCPT TO or DATA is permanent, without the address the reply quotes', () => {
    const rcpt = classifySmtpError({
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 5.1.1 <zhang@example.com>: Recipient address rejected',
    });
    expect(rcpt).toEqual({ permanent: true, summary: 'RCPT TO refused: 550 5.1.1' });
    expect(
      classifySmtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 no' }).permanent,
    ).toBe(true);
  });

  it('4xx, 503, lost connections and refusals of our sender or credentials are retryable', () => {
    expect(classifySmtpError({ command: 'RCPT TO', responseCode: 451, response: '451 4.3.0 try later' })).toEqual({
      permanent: false,
      summary: 'RCPT TO refused: 451 4.3.0',
    });
    expect(classifySmtpError({ command: 'DATA', responseCode: 503 }).permanent).toBe(false);
    expect(classifySmtpError({ command: 'MAIL FROM', responseCode: 553 }).permanent).toBe(false);
    expect(classifySmtpError({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 }).permanent).toBe(false);
    expect(classifySmtpError({ code: 'ECONNECTION', command: 'CONN' })).toEqual({
      permanent: false,
      summary: 'CONN failed (ECONNECTION)',
    });
    expect(classifySmtpError(new Error('boom'))).toEqual({ permanent: false, summary: 'SMTP failed (unknown error)' });
    expect(classifySmtpError('weird')).toEqual({ permanent: false, summary: 'SMTP failed (unknown error)' });
  });

  it('an envelope refused before sending is permanent', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', command: 'API' }).permanent).toBe(true);
  });
});

describe('helpers', () => {
  it('textToHtml escapes, keeps lines and links URLs', () => {
    const html = textToHtml('<b>尊敬的客户</b> & 你好\n请访问 https://kf.example.com/p/a?b=1&c=2 确认', 'zh-CN');
    expect(html).toContain('&lt;b&gt;尊敬的客户&lt;/b&gt; &amp; 你好<br>');
    expect(html).toContain('<a href="https://kf.example.com/p/a?b=1&amp;c=2">');
    expect(html).toContain('lang="zh-CN"');
  });

  it('addressOf reads the address of a mailbox', () => {
    expect(addressOf('客户投诉部 <noreply@example.com>')).toBe('noreply@example.com');
    expect(addressOf(' noreply@example.com ')).toBe('noreply@example.com');
  });

  it('createEmailChannel refuses a bad sender or no server, and a send to a non-address is permanent', async () => {
    expect(() => createEmailChannel({ url: 'smtp://localhost:1', from: 'nobody' })).toThrow(/from/);
    expect(() => createEmailChannel({ from: 'a@example.com' })).toThrow(/url/);
    const channel = createEmailChannel({ url: 'smtp://127.0.0.1:1', from: 'a@example.com', maxConnections: 0 });
    const message = {
      idempotencyKey: 'k',
      channel: 'email' as const,
      language: 'zh-CN' as const,
      subject: 's',
      text: 't',
      caseId: 'c',
      kind: 'escalation',
    };
    for (const to of ['a@example.com, b@example.com', 'Zhang <z@example.com>', 'not-an-address']) {
      await expect(channel.send({ ...message, to })).rejects.toBeInstanceOf(PermanentChannelError);
    }
    await channel.close();
  });
});
