/**
 * Decoding the payloads of a raw proto message (Node side): the audit reads workflow histories from the server as they
 * are stored, encrypted by the payload codec (docs/adr/0017-payload-encryption.md), and decodes them with the client's
 * codecs before it reads what the workflow recorded.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';

function isPayload(value: object): value is Payload {
  const v = value as { metadata?: unknown; data?: unknown };
  return (
    v.metadata !== null &&
    typeof v.metadata === 'object' &&
    !(v.metadata instanceof Uint8Array) &&
    (v.data === undefined || v.data === null || v.data instanceof Uint8Array)
  );
}

/**
 * Decodes, in place, every payload anywhere in a proto message (a workflow history, a failure) with `codecs` (last
 * first, as the SDK does); payloads the codecs do not recognise are left as they are. Returns the message.
 */
export async function decodePayloadsIn<T extends object>(message: T, codecs: readonly PayloadCodec[]): Promise<T> {
  if (codecs.length === 0) return message;
  const slots: { holder: Record<string, unknown> | unknown[]; key: string | number; payload: Payload }[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
    const holder = node as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const child = holder[key];
      if (child === null || typeof child !== 'object' || child instanceof Uint8Array) continue;
      if (!Array.isArray(holder) && isPayload(child)) slots.push({ holder, key, payload: child });
      else if (Array.isArray(holder) && isPayload(child)) slots.push({ holder, key: Number(key), payload: child });
      else walk(child);
    }
  };
  walk(message);
  if (slots.length === 0) return message;
  let payloads = slots.map((s) => s.payload);
  for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
  slots.forEach((s, i) => ((s.holder as Record<string | number, unknown>)[s.key] = payloads[i]));
  return message;
}
