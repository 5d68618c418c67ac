/**
 * Payload encryption (docs/adr/0017-payload-encryption.md): an AES-256-GCM `PayloadCodec` on every client and worker,
 * so the Temporal server stores workflow inputs, results, signals, Update arguments and results, memos and failure
 * messages only as ciphertext.
 *
 * An encrypted payload is `{ metadata: { encoding: "binary/encrypted", "encryption-key-id": <id> }, data }`, where
 * `data` = 12-byte IV ‖ AES-256-GCM(serialized original Payload) ‖ 16-byte tag, with the key id as additional
 * authenticated data. The first key of the keyring encrypts; any key of the keyring decrypts (rotation). A payload
 * without the `binary/encrypted` encoding passes through both ways unchanged on decode: histories recorded before
 * encryption (workflows/histories) still replay, and search attributes (never given to the codec) stay readable.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { FAILURE_CONVERTER_PATH } from '@complaintflow/contracts/failure-converter-path';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One key of the keyring (the same shape as libs/config's `PayloadKey`). */
export interface CodecKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/** A payload this codec cannot open: unknown key id, or tampered / wrong-key ciphertext. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** The key id new payloads are encrypted under. */
  readonly currentKeyId: string;

  constructor(keyring: readonly CodecKey[]) {
    if (keyring.length === 0) throw new Error('the payload codec needs at least one key');
    const keys = new Map<string, Buffer>();
    for (const k of keyring) {
      if (k.key.length !== 32) throw new Error(`payload key "${k.id}" is ${k.key.length} bytes, AES-256 needs 32`);
      if (keys.has(k.id)) throw new Error(`payload key id "${k.id}" appears twice`);
      keys.set(k.id, Buffer.from(k.key));
    }
    this.keys = keys;
    this.currentKeyId = keyring[0].id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const id = this.currentKeyId;
    const key = this.keys.get(id) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(id, 'utf8'));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID_METADATA]);
      const key = id === undefined ? undefined : this.keys.get(id);
      if (id === undefined || key === undefined) {
        throw new PayloadDecryptionError(
          `payload encrypted with key id "${id ?? '(none)'}", which is not in TEMPORAL_PAYLOAD_KEYS (keys: ${[
            ...this.keys.keys(),
          ].join(', ')}): add the old key back to the keyring`,
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(id, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadDecryptionError(
          `payload under key id "${id}" does not authenticate (altered, or another key)`,
        );
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * The data converter of every client and worker the service creates: the AES-GCM codec over the keyring and the
 * failure converter that moves failure messages into an (encrypted) payload. Workers also need the workflow bundle
 * built with the same failure converter (workflows/src/code.ts `bundleWorkflows` does that).
 */
export function encryptedDataConverter(keyring: readonly CodecKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keyring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
