import { PermanentChannelError, RetryableChannelError } from './channel';
import {
  concatReference,
  DATA_CODING,
  destinationAddress,
  encodeSms,
  parseDeliveryReceipt,
  parseSmppUrl,
  smppStatusName,
  sourceAddress,
  submitError,
} from './sms';

/** Reassembles what a handset would show: UDH stripped, segments in order, decoded. */
function reassemble(sms: ReturnType<typeof encodeSms>): string {
  return sms.segments
    .map((segment) => {
      const body = sms.esmClass & 0x40 ? segment.subarray(segment[0]! + 1) : segment;
      return sms.dataCoding === DATA_CODING.UCS2
        ? Buffer.from(body).swap16().toString('utf16le')
        : body.toString('latin1');
    })
    .join('');
}

describe('encodeSms', () => {
  it('Chinese in one segment: UCS-2 (data_coding 8), no UDH, 70 characters at most', () => {
    const text = '【客户服务】您的投诉已受理'.padEnd(70, '好');
    const sms = encodeSms(text, 7);
    expect(sms.dataCoding).toBe(8);
    expect(sms.esmClass).toBe(0);
    expect(sms.segments).toHaveLength(1);
    expect(sms.segments[0]!.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x10])); // 【 big-endian
    expect(reassemble(sms)).toBe(text);
  });

  it('Chinese beyond 70 characters: segments of 67 with the concatenation UDH 05 00 03 ref total seq', () => {
    const text = '尊'.repeat(71) + '敬'.repeat(70);
    const sms = encodeSms(text, 0x1a2);
    expect(sms.esmClass).toBe(0x40);
    expect(sms.segments).toHaveLength(3);
    sms.segments.forEach((segment, i) => {
      expect([...segment.subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, 0xa2, 3, i + 1]);
      expect(segment.length).toBeLessThanOrEqual(140);
    });
    expect(sms.segments[0]!.length).toBe(6 + 67 * 2);
    expect(reassemble(sms)).toBe(text);
  });

  it('never splits a surrogate pair across segments', () => {
    const text = 'a'.repeat(66) + '😀' + '中'.repeat(10);
    const sms = encodeSms(text, 1);
    expect(sms.segments).toHaveLength(2);
    expect(sms.segments[0]!.length).toBe(6 + 66 * 2);
    expect(reassemble(sms)).toBe(text);
  });

  it('plain ASCII-safe text goes in the default alphabet: 160 in one, 153 per segment', () => {
    expect(encodeSms('Complaint CF-1 registered. Questions: 95311', 0).dataCoding).toBe(DATA_CODING.DEFAULT);
    expect(encodeSms('x'.repeat(160), 0).segments).toHaveLength(1);
    const long = encodeSms('y'.repeat(307), 9);
    expect(long.segments.map((s) => s.length)).toEqual([6 + 153, 6 + 153, 6 + 1]);
    expect(reassemble(long)).toBe('y'.repeat(307));
  });

  it('characters the default alphabet writes differently ($ @ _ [ ]) go as UCS-2', () => {
    for (const text of ['Pay $5', 'a@b', 'x_y', '[Customer Service] hi']) {
      expect(encodeSms(text, 0).dataCoding).toBe(DATA_CODING.UCS2);
    }
  });

  it('an empty text or one beyond 255 segments is permanent', () => {
    expect(() => encodeSms('', 0)).toThrow(PermanentChannelError);
    expect(() => encodeSms('中'.repeat(67 * 255 + 1), 0)).toThrow(PermanentChannelError);
  });

  it('the concatenation reference comes from the idempotency key: the same key, the same reference', () => {
    expect(concatReference('case-1:7:cust:sms')).toBe(concatReference('case-1:7:cust:sms'));
    const refs = new Set(Array.from({ length: 50 }, (_, i) => concatReference(`case-1:${i}:cust:sms`)));
    expect(refs.size).toBeGreaterThan(20);
  });
});

describe('addresses', () => {
  it('a national number keeps TON unknown; +… and 00… are international', () => {
    expect(destinationAddress('138 0013-8000')).toEqual({ addr: '13800138000', ton: 0, npi: 1 });
    expect(destinationAddress('+86 138 0013 8000')).toEqual({ addr: '8613800138000', ton: 1, npi: 1 });
    expect(destinationAddress('008613800138000')).toEqual({ addr: '8613800138000', ton: 1, npi: 1 });
  });

  it('anything else is a permanent error that does not repeat the address', () => {
    for (const bad of ['someone@example.com', '12', '+86abc', '']) {
      expect(() => destinationAddress(bad)).toThrow(PermanentChannelError);
    }
    expect(() => destinationAddress('someone@example.com')).toThrow(/^sms: the destination is not a phone number$/);
  });

  it('a source: service number, international number, alphanumeric name', () => {
    expect(sourceAddress('106900001234')).toEqual({ addr: '106900001234', ton: 0, npi: 1 });
    expect(sourceAddress('+8613800000000')).toEqual({ addr: '8613800000000', ton: 1, npi: 1 });
    expect(sourceAddress('SudaExpress')).toEqual({ addr: 'SudaExpress', ton: 5, npi: 0 });
  });

  it('parses smpp:// and ssmpp:// URLs, with the default ports', () => {
    expect(parseSmppUrl('smpp://cf%40esme:p%3Ass@smsc.example.com')).toEqual({
      host: 'smsc.example.com',
      port: 2775,
      tls: false,
      systemId: 'cf@esme',
      password: 'p:ss',
    });
    expect(parseSmppUrl('ssmpp://id:pw@[::1]:4000')).toMatchObject({ host: '::1', port: 4000, tls: true });
    expect(parseSmppUrl('ssmpp://id:pw@smsc').port).toBe(3550);
    expect(() => parseSmppUrl('http://smsc')).toThrow(/smpp:\/\//);
    expect(() => parseSmppUrl('nonsense')).toThrow(/not a URL/);
  });
});

describe('submit_sm_resp statuses', () => {
  it('an invalid destination, length, data coding or a prohibited message is permanent', () => {
    for (const status of [0x0b, 0x01, 0x50, 0x51, 0x104, 0x101, 0x65]) {
      expect(submitError(status)).toBeInstanceOf(PermanentChannelError);
    }
    expect(submitError(0x0b).message).toBe('sms: submit_sm refused: ESME_RINVDSTADR (0x0000000B)');
  });

  it('throttling and a full queue are retryable after a pause; other failures are retryable', () => {
    const throttled = submitError(0x58, 2500);
    expect(throttled).toBeInstanceOf(RetryableChannelError);
    expect(throttled).not.toBeInstanceOf(PermanentChannelError);
    expect((throttled as RetryableChannelError).retryAfterMs).toBe(2500);
    expect((submitError(0x14) as RetryableChannelError).retryAfterMs).toBe(1000);
    const sysErr = submitError(0x08);
    expect(sysErr).toBeInstanceOf(RetryableChannelError);
    expect((sysErr as RetryableChannelError).retryAfterMs).toBeUndefined();
    expect(smppStatusName(0x12345)).toBe('unknown status (0x00012345)');
  });
});

describe('parseDeliveryReceipt', () => {
  const text = (s: string) => ({ message: s });

  it('reads the TLVs first: receipted_message_id and message_state', () => {
    expect(
      parseDeliveryReceipt({
        esm_class: 0x04,
        receipted_message_id: 'abc123',
        message_state: 2,
        short_message: text('id:zzz sub:001 dlvr:001 submit date:2505031405 done date:2505031406 stat:UNDELIV err:001'),
      }),
    ).toEqual({ messageId: 'abc123', state: 'delivered', stat: 'DELIVRD', err: '001' });
    expect(parseDeliveryReceipt({ esm_class: 0x04, receipted_message_id: 'm1', message_state: 5 })).toEqual({
      messageId: 'm1',
      state: 'failed',
      stat: 'UNDELIV',
    });
  });

  it('falls back to the id: and stat: of the receipt text', () => {
    const r = parseDeliveryReceipt({
      esm_class: 0x04,
      short_message: text(
        'id:0123456789 sub:001 dlvr:000 submit date:2505031405 done date:2505031406 stat:EXPIRED err:000 text:',
      ),
    });
    expect(r).toEqual({ messageId: '0123456789', state: 'failed', stat: 'EXPIRED', err: '000' });
    expect(parseDeliveryReceipt({ esm_class: 0x04, short_message: Buffer.from('id:77 stat:DELIVRD') })).toMatchObject({
      messageId: '77',
      state: 'delivered',
    });
  });

  it('accepted, enroute and intermediate notifications are not final', () => {
    expect(parseDeliveryReceipt({ esm_class: 0x04, short_message: text('id:1 stat:ACCEPTD') })?.state).toBe('pending');
    expect(parseDeliveryReceipt({ esm_class: 0x04, receipted_message_id: '1', message_state: 1 })?.state).toBe(
      'pending',
    );
    expect(parseDeliveryReceipt({ esm_class: 0x20, short_message: text('id:1 stat:DELIVRD') })?.state).toBe('pending');
    expect(parseDeliveryReceipt({ esm_class: 0x04, short_message: text('id:1 stat:WHATEVER') })?.state).toBe('pending');
  });

  it('a receipt sent without the esm_class flag is still read from its text', () => {
    expect(parseDeliveryReceipt({ esm_class: 0, short_message: text('id:9 sub:001 stat:DELIVRD') })?.messageId).toBe(
      '9',
    );
  });

  it('a mobile-originated SMS is not a receipt', () => {
    expect(parseDeliveryReceipt({ esm_class: 0, short_message: text('好的,谢谢') })).toBeUndefined();
    expect(parseDeliveryReceipt({ esm_class: 0x04, short_message: text('no id here') })).toBeUndefined();
  });
});
