/**
 * The keyring of the Temporal payload codec (docs/adr/0017-payload-encryption.md), from `TEMPORAL_PAYLOAD_KEYS`:
 * `id:base64key,id:base64key,...`, each key 32 bytes (AES-256), the FIRST the current key (new payloads are encrypted
 * with it), the others still decrypt what they encrypted (rotation: put the new key first, keep the old ones until
 * no open case's history needs them). Ids are 1–32 letters, digits, `.`, `_` or `-`; they travel in clear in each
 * payload's metadata, the key never does.
 *
 * Unset outside production: the development keyring below, whose key is in this file and so protects nothing; it
 * exists so that `npm start` and the tests run encrypted with no configuration. Production refuses it (config.ts).
 */

export interface PayloadKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

/** The public development keyring (NOT a secret: refused with NODE_ENV=production). */
export const DEV_PAYLOAD_KEYS = 'dev-0:ZGV2LW9ubHkta2V5LWNvbXBsYWludGZsb3ctMDAwMDA=';

const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses a keyring. Returns the keys (current first) or the reasons it is refused; the reasons never quote a key.
 */
export function parsePayloadKeys(spec: string): { keys: PayloadKey[]; problems: string[] } {
  const keys: PayloadKey[] = [];
  const problems: string[] = [];
  const entries = spec.split(',').map((e) => e.trim());
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${where} is not id:base64key (e.g. k2026a:$(openssl rand -base64 32))`);
      return;
    }
    const id = entry.slice(0, colon);
    const b64 = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      problems.push(`${where} has the key id "${id.slice(0, 40)}": 1–32 letters, digits, '.', '_' or '-'`);
      return;
    }
    const key = BASE64.test(b64) ? Buffer.from(b64, 'base64') : undefined;
    if (key === undefined || key.length !== 32) {
      problems.push(
        `key "${id}" is not 32 bytes of base64 (${key ? `${key.length} bytes` : 'not base64'}); make one with \`openssl rand -base64 32\``,
      );
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`key id "${id}" appears twice (each id must name one key)`);
      return;
    }
    keys.push({ id, key });
  });
  return { keys, problems };
}

/** Whether a key is the development key or looks like a placeholder (every byte the same, e.g. all zeros). */
export function isPlaceholderKey(key: Buffer): boolean {
  const dev = parsePayloadKeys(DEV_PAYLOAD_KEYS).keys[0].key;
  return key.equals(dev) || key.every((b) => b === key[0]);
}

/**
 * The payload keyring of a validated configuration: `TEMPORAL_PAYLOAD_KEYS`, else (never in production: loadConfig
 * refuses that) the development keyring.
 */
export function payloadKeys(config: { readonly TEMPORAL_PAYLOAD_KEYS?: string }): PayloadKey[] {
  const { keys, problems } = parsePayloadKeys(config.TEMPORAL_PAYLOAD_KEYS ?? DEV_PAYLOAD_KEYS);
  if (problems.length > 0 || keys.length === 0) {
    throw new Error(`TEMPORAL_PAYLOAD_KEYS: ${problems.join('; ') || 'no key'}`);
  }
  return keys;
}
