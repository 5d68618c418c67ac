import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError } from './codec';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const SECRET = { name: '张三', phone: '13912345678', note: '客户说快件被拆开过', claimedFen: 123456 };

describe('AesGcmPayloadCodec', () => {
  it('round-trips a payload, leaving nothing of it in clear and the key id in the metadata', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const plain = defaultPayloadConverter.toPayload(SECRET);
    const [enc] = await codec.encode([plain]);
    expect(text(enc.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(enc.metadata?.[KEY_ID_METADATA])).toBe('k1');
    const raw = Buffer.from(enc.data as Uint8Array);
    for (const clear of ['张三', '13912345678', '拆开', '123456', 'json/plain']) {
      expect(raw.includes(Buffer.from(clear))).toBe(false);
    }
    const [dec] = await codec.decode([enc]);
    expect(defaultPayloadConverter.fromPayload(dec)).toEqual(SECRET);
    expect(text(dec.metadata?.encoding)).toBe('json/plain');
  });

  it('uses a fresh IV each time: the same value encrypts differently', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const plain = defaultPayloadConverter.toPayload('same');
    const [a, b] = await codec.encode([plain, plain]);
    expect(Buffer.from(a.data as Uint8Array).equals(Buffer.from(b.data as Uint8Array))).toBe(false);
  });

  it('rotation: the new current key encrypts, the old key (kept second) still decrypts older payloads', async () => {
    const before = new AesGcmPayloadCodec([k1]);
    const [old] = await before.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const after = new AesGcmPayloadCodec([k2, k1]);
    expect(after.currentKeyId).toBe('k2');
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(SECRET)]);
    expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const decoded = await after.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([SECRET, SECRET]);
    // Without the old key, its payloads are refused with a message naming the key id (never silently garbled).
    await expect(new AesGcmPayloadCodec([k2]).decode([old])).rejects.toThrow(
      /key id "k1".*not in TEMPORAL_PAYLOAD_KEYS/,
    );
  });

  it('refuses altered ciphertext, a payload moved under another key id, and a wrong key of the same id', async () => {
    const codec = new AesGcmPayloadCodec([k1, k2]);
    const [enc] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const flipped = Buffer.from(enc.data as Uint8Array);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...enc, data: flipped }])).rejects.toBeInstanceOf(PayloadDecryptionError);
    const relabelled: Payload = { ...enc, metadata: { ...enc.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not authenticate/);
    await expect(new AesGcmPayloadCodec([{ id: 'k1', key: randomBytes(32) }]).decode([enc])).rejects.toThrow(
      /does not authenticate/,
    );
    await expect(codec.decode([{ ...enc, data: Buffer.alloc(5) }])).rejects.toThrow(/too short/);
  });

  it('passes payloads without its encoding through unchanged (histories recorded before encryption)', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const plain = defaultPayloadConverter.toPayload({ stage: 'received' });
    const empty: Payload = {};
    const [a, b] = await codec.decode([plain, empty]);
    expect(a).toBe(plain);
    expect(b).toBe(empty);
  });

  it('refuses a bad keyring', () => {
    expect(() => new AesGcmPayloadCodec([])).toThrow(/at least one key/);
    expect(() => new AesGcmPayloadCodec([{ id: 'short', key: randomBytes(16) }])).toThrow(/16 bytes/);
    expect(() => new AesGcmPayloadCodec([k1, { id: 'k1', key: randomBytes(32) }])).toThrow(/twice/);
  });
});

describe('decodePayloadsIn', () => {
  it('decodes every payload of a history-like message in place, wherever it sits, and leaves the rest', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [input, result, memo, failure] = await codec.encode([
      defaultPayloadConverter.toPayload(SECRET),
      defaultPayloadConverter.toPayload({ lastHash: 'abc' }),
      defaultPayloadConverter.toPayload('memo'),
      defaultPayloadConverter.toPayload({ message: 'bad note 张三' }),
    ]);
    const searchAttribute = defaultPayloadConverter.toPayload(['BJ-007']);
    const history = {
      events: [
        {
          eventId: 1,
          workflowExecutionStartedEventAttributes: {
            input: { payloads: [input] },
            memo: { fields: { note: memo } },
            searchAttributes: { indexedFields: { CaseDeliveryOutlet: searchAttribute } },
          },
        },
        { eventId: 2, activityTaskCompletedEventAttributes: { result: { payloads: [result] } } },
        {
          eventId: 3,
          workflowExecutionFailedEventAttributes: {
            failure: { message: 'Encoded failure', encodedAttributes: failure },
          },
        },
      ],
    };
    await decodePayloadsIn(history, [codec]);
    const started = history.events[0].workflowExecutionStartedEventAttributes!;
    expect(defaultPayloadConverter.fromPayload(started.input.payloads[0])).toEqual(SECRET);
    expect(defaultPayloadConverter.fromPayload(started.memo.fields.note)).toBe('memo');
    expect(started.searchAttributes.indexedFields.CaseDeliveryOutlet).toBe(searchAttribute);
    expect(
      defaultPayloadConverter.fromPayload(history.events[1].activityTaskCompletedEventAttributes!.result.payloads[0]),
    ).toEqual({
      lastHash: 'abc',
    });
    expect(
      defaultPayloadConverter.fromPayload(
        history.events[2].workflowExecutionFailedEventAttributes!.failure.encodedAttributes,
      ),
    ).toEqual({ message: 'bad note 张三' });
    // No codec: nothing to do.
    const untouched = { events: [] };
    await expect(decodePayloadsIn(untouched, [])).resolves.toBe(untouched);
  });
});
