/**
 * The SMS channel against a local SMSC (the `smpp` package's server, on a free loopback port): the bind and its
 * credentials, `submit_sm` with the Chinese text in UCS-2 and the destination, a long message reassembled from its
 * UDH segments, `deliver_sm` delivery receipts reported as `delivered` / `failed` for the right providerMessageId
 * (and answered with `deliver_sm_resp`), throttling retryable, an invalid destination permanent, and a dropped
 * session that reconnects.
 */
import { LocalSmsc, SMSC_INVALID, SMSC_PASSWORD, SMSC_SILENT, SMSC_SYSTEM_ID, SMSC_THROTTLED } from '../support/smsc';
import {
  createSmsChannel,
  type DeliveryReport,
  type OutgoingMessage,
  PermanentChannelError,
  renderMessage,
  RetryableChannelError,
  type SmsChannel,
} from '@complaintflow/integrations';

const SYSTEM_ID = SMSC_SYSTEM_ID;
const PASSWORD = SMSC_PASSWORD;
const THROTTLED = SMSC_THROTTLED;
const INVALID = SMSC_INVALID;
const SILENT = SMSC_SILENT;

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function sms(to: string, text: string, key = `case-1:${Math.random()}:customer:sms`): OutgoingMessage {
  return {
    idempotencyKey: key,
    channel: 'sms',
    to,
    language: 'zh-CN',
    subject: '',
    text,
    caseId: 'case-1',
    kind: 'unreachable_sms',
  };
}

let smsc: LocalSmsc;
let port: number;
let channel: SmsChannel;
const reports: DeliveryReport[] = [];

beforeAll(async () => {
  smsc = new LocalSmsc();
  port = await smsc.listen();
  channel = createSmsChannel({
    url: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${port}`,
    sourceAddr: '106900001234',
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    connectTimeoutMs: 3000,
    responseTimeoutMs: 3000,
  });
  channel.onDeliveryReport((r) => reports.push(r));
  await channel.waitUntilBound();
});

afterAll(async () => {
  await channel.close();
  await smsc.close();
});

describe('SMS over SMPP 3.4', () => {
  it('binds as a transceiver with system_id and password', () => {
    expect(channel.bound).toBe(true);
    expect(smsc.binds[0]).toEqual({ systemId: SYSTEM_ID, password: PASSWORD, accepted: true });
    expect(smsc.sessions[0]).toBeDefined();
  });

  it('R-CON-1: the unreachable SMS arrives in UCS-2 with its Chinese text and destination; the receipt reports delivered', async () => {
    const rendered = renderMessage({
      kind: 'unreachable_sms',
      channel: 'sms',
      language: 'zh-CN',
      caseNumber: 'CF-2025-000123',
      contact: { hotline: '95311' },
      signature: '速达快递',
    });
    if (!rendered.ok) throw new Error(rendered.reason);
    const before = smsc.submitted.length;
    const accepted = await channel.send(sms('+86 138-0013-8000', rendered.text));

    const got = smsc.submitted.slice(before);
    const text = got.map((s) => s.text).join('');
    expect(text).toBe(rendered.text);
    expect(text).toContain('【速达快递】');
    const first = got[0]!.pdu;
    expect(first.destination_addr).toBe('8613800138000');
    expect(first.dest_addr_ton).toBe(1);
    expect(first.source_addr).toBe('106900001234');
    expect(first.data_coding).toBe(8);
    expect(first.registered_delivery).toBe(1);
    expect(accepted.providerMessageId).toBe(got[0]!.messageId);

    // receipts for every segment (TLVs on one, only the receipt text on the other): delivered once all are
    expect(got).toHaveLength(2);
    expect(await smsc.receipt(got[0]!.messageId, 'DELIVRD', true)).toBe(0); // deliver_sm_resp, status 0
    await new Promise((r) => setTimeout(r, 50));
    expect(reports.filter((r) => r.providerMessageId === accepted.providerMessageId)).toEqual([]);
    expect(await smsc.receipt(got[1]!.messageId, 'DELIVRD', false)).toBe(0);
    await until('the delivery report', () => reports.some((r) => r.providerMessageId === accepted.providerMessageId));
    const report = reports.find((r) => r.providerMessageId === accepted.providerMessageId)!;
    expect(report.state).toBe('delivered');
    expect(report.detail).toContain('DELIVRD');
  });

  it('a short Chinese SMS is one submit_sm without UDH', async () => {
    const before = smsc.submitted.length;
    await channel.send(sms('13800138000', '【客户服务】您的投诉已受理,编号CF-1。'));
    const got = smsc.submitted.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.udh).toBeUndefined();
    expect(got[0]!.pdu.esm_class).toBe(0);
    expect(got[0]!.text).toBe('【客户服务】您的投诉已受理,编号CF-1。');
    expect(got[0]!.pdu.destination_addr).toBe('13800138000');
    expect(got[0]!.pdu.dest_addr_ton).toBe(0);
  });

  it('a long message arrives whole: UDH segments with one reference, in order; failed as soon as one segment fails', async () => {
    const long = `【客户服务】${'您的投诉正在处理中,感谢您的耐心等待。'.repeat(10)}完`;
    expect(long.length).toBeGreaterThan(134);
    const before = smsc.submitted.length;
    const accepted = await channel.send(sms('13800138000', long));
    const got = smsc.submitted.slice(before);
    expect(got.length).toBe(Math.ceil(long.length / 67));
    for (const [i, s] of got.entries()) {
      expect((s.pdu.esm_class as number) & 0x40).toBe(0x40);
      expect(s.pdu.data_coding).toBe(8);
      // UDH information element: IEI 00, length 03, reference, total, sequence
      expect([...s.udh!]).toEqual([0x00, 0x03, got[0]!.udh![2], got.length, i + 1]);
    }
    const reassembled = [...got]
      .sort((a, b) => a.udh![4]! - b.udh![4]!)
      .map((s) => s.text)
      .join('');
    expect(reassembled).toBe(long);

    await smsc.receipt(got[0]!.messageId, 'DELIVRD');
    await smsc.receipt(got[1]!.messageId, 'UNDELIV');
    await until('the failure report', () => reports.some((r) => r.providerMessageId === accepted.providerMessageId));
    await smsc.receipt(got[2]!.messageId, 'DELIVRD');
    await new Promise((r) => setTimeout(r, 100));
    const mine = reports.filter((r) => r.providerMessageId === accepted.providerMessageId);
    expect(mine.map((r) => r.state)).toEqual(['failed']);
    expect(mine[0]!.detail).toContain('UNDELIV');
  });

  it('a throttled submit (ESME_RTHROTTLED) is retryable, with a pause', async () => {
    const failure = await channel.send(sms(THROTTLED, '测试')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RetryableChannelError);
    expect(failure).not.toBeInstanceOf(PermanentChannelError);
    expect((failure as RetryableChannelError).message).toContain('ESME_RTHROTTLED');
    expect((failure as RetryableChannelError).retryAfterMs).toBeGreaterThan(0);
  });

  it('an invalid destination (ESME_RINVDSTADR) is permanent, and its message names no number', async () => {
    const failure = await channel.send(sms(INVALID, '测试')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentChannelError);
    expect((failure as Error).message).toContain('ESME_RINVDSTADR');
    expect((failure as Error).message).not.toContain(INVALID);
    await expect(channel.send(sms('not a number', '测试'))).rejects.toBeInstanceOf(PermanentChannelError);
  });

  it('a dropped session reconnects and binds again; sending works afterwards', async () => {
    const binds = smsc.binds.length;
    smsc.current.destroy();
    await until('the channel to notice', () => !channel.bound);
    await until('a new bind', () => smsc.binds.length > binds && channel.bound);
    expect(smsc.binds[smsc.binds.length - 1]!.accepted).toBe(true);
    const before = smsc.submitted.length;
    const accepted = await channel.send(sms('13800138000', '重连后的短信'));
    expect(smsc.submitted.slice(before).map((s) => s.text)).toEqual(['重连后的短信']);
    // and receipts flow on the new session
    expect(await smsc.receipt(accepted.providerMessageId, 'DELIVRD')).toBe(0);
    await until('the report', () => reports.some((r) => r.providerMessageId === accepted.providerMessageId));
  });

  it('a send is retryable when the session drops before the SMSC answers, and the channel recovers', async () => {
    const failure = await channel.send(sms(SILENT, '无应答')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RetryableChannelError);
    await channel.waitUntilBound();
    await expect(channel.send(sms('13800138000', '恢复'))).resolves.toHaveProperty('providerMessageId');
  });

  it('wrong credentials: the SMSC refuses the bind and a send fails retryably (a configuration fault)', async () => {
    const wrong = createSmsChannel({
      url: `smpp://${SYSTEM_ID}:wrongpw@127.0.0.1:${port}`,
      sourceAddr: '106900001234',
      reconnectInitialMs: 1000,
      connectTimeoutMs: 500,
    });
    try {
      const failure = await wrong.send(sms('13800138000', '测试')).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(RetryableChannelError);
      expect(smsc.binds.some((b) => b.password === 'wrongpw' && !b.accepted)).toBe(true);
      expect(wrong.bound).toBe(false);
    } finally {
      await wrong.close();
    }
  });
});
