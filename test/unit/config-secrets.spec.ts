/**
 * Secrets only from the environment, and production refuses what would leave it open (issue 15): a missing or public
 * payload keyring (docs/adr/0017-payload-encryption.md), placeholder keys and secrets, a bad codec CORS origin.
 * (The dev token endpoint, missing secrets and half-set channels: test/unit/config.spec.ts and
 * libs/integrations/src/config.spec.ts.)
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, DEV_PAYLOAD_KEYS, loadConfig, parsePayloadKeys, payloadKeys } from '@complaintflow/config';

const key = () => randomBytes(32).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(32).toString('hex'),
  PII_KEY: randomBytes(32).toString('hex'),
  DATABASE_URL: 'postgres://cf@db.internal:5432/complaintflow',
  TEMPORAL_ADDRESS: 'temporal.internal:7233',
  TEMPORAL_PAYLOAD_KEYS: `k2026b:${key()},k2026a:${key()}`,
};

function problems(env: Record<string, string>): { variable: string; reason: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected the configuration to be refused');
}

describe('TEMPORAL_PAYLOAD_KEYS', () => {
  it('parses id:base64key entries, the first the current key', () => {
    const a = key();
    const b = key();
    const { keys, problems: found } = parsePayloadKeys(`new:${a}, old:${b}`);
    expect(found).toEqual([]);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys[0].key.equals(Buffer.from(a, 'base64'))).toBe(true);
    expect(payloadKeys({ TEMPORAL_PAYLOAD_KEYS: `new:${a},old:${b}` }).map((k) => k.id)).toEqual(['new', 'old']);
  });

  it('outside production, unset means the public development keyring', () => {
    expect(loadConfig({}).TEMPORAL_PAYLOAD_KEYS).toBeUndefined();
    expect(payloadKeys({}).map((k) => k.id)).toEqual(parsePayloadKeys(DEV_PAYLOAD_KEYS).keys.map((k) => k.id));
  });

  it('a bad keyring is refused with the variable and a reason that never quotes the key', () => {
    const short = randomBytes(16).toString('base64');
    const found = problems({ TEMPORAL_PAYLOAD_KEYS: `ok:${key()},bad id:${key()},short:${short},nocolon,ok:${key()}` });
    expect(found.every((p) => p.variable === 'TEMPORAL_PAYLOAD_KEYS')).toBe(true);
    const reasons = found.map((p) => p.reason).join('\n');
    expect(reasons).toMatch(/entry 2 has the key id "bad id"/);
    expect(reasons).toMatch(/key "short" is not 32 bytes of base64 \(16 bytes\)/);
    expect(reasons).toMatch(/entry 4 is not id:base64key/);
    expect(reasons).toMatch(/key id "ok" appears twice/);
    expect(reasons).not.toContain(short);
    expect(() => payloadKeys({ TEMPORAL_PAYLOAD_KEYS: 'x:not-base64!' })).toThrow(/TEMPORAL_PAYLOAD_KEYS/);
  });
});

describe('production refuses default and placeholder secrets', () => {
  it('a complete production environment passes', () => {
    expect(loadConfig(PRODUCTION).NODE_ENV).toBe('production');
  });

  it('refuses a missing payload keyring', () => {
    const { TEMPORAL_PAYLOAD_KEYS: _omitted, ...rest } = PRODUCTION;
    expect(problems(rest)).toEqual([
      { variable: 'TEMPORAL_PAYLOAD_KEYS', reason: expect.stringMatching(/required when NODE_ENV=production/) },
    ]);
  });

  it('refuses the public development key, even set explicitly or kept as an old key', () => {
    const found = problems({ ...PRODUCTION, TEMPORAL_PAYLOAD_KEYS: `k1:${key()},${DEV_PAYLOAD_KEYS}` });
    expect(found).toEqual([
      { variable: 'TEMPORAL_PAYLOAD_KEYS', reason: expect.stringMatching(/"dev-0" is the public development key/) },
    ]);
  });

  it('refuses placeholder keys (one byte repeated) for payloads and for personal data', () => {
    const zeros = Buffer.alloc(32).toString('base64');
    expect(problems({ ...PRODUCTION, TEMPORAL_PAYLOAD_KEYS: `zero:${zeros}` }).map((p) => p.variable)).toEqual([
      'TEMPORAL_PAYLOAD_KEYS',
    ]);
    expect(problems({ ...PRODUCTION, PII_KEY: '0'.repeat(64) })).toEqual([
      { variable: 'PII_KEY', reason: expect.stringMatching(/placeholder/) },
    ]);
    // Outside production the same values are accepted (local and test setups).
    expect(loadConfig({ TEMPORAL_PAYLOAD_KEYS: `zero:${zeros}`, PII_KEY: '0'.repeat(64) }).PII_KEY).toBe(
      '0'.repeat(64),
    );
  });

  it('refuses a placeholder JWT secret (long enough, but a handful of characters)', () => {
    expect(problems({ ...PRODUCTION, JWT_SECRET: 'a'.repeat(40) })).toEqual([
      { variable: 'JWT_SECRET', reason: expect.stringMatching(/placeholder/) },
    ]);
  });

  it('CODEC_CORS_ORIGINS must be http(s) origins', () => {
    expect(loadConfig({ CODEC_CORS_ORIGINS: 'http://127.0.0.1:8233' }).CODEC_CORS_ORIGINS).toBe(
      'http://127.0.0.1:8233',
    );
    expect(problems({ CODEC_CORS_ORIGINS: 'temporal-ui' }).map((p) => p.variable)).toEqual(['CODEC_CORS_ORIGINS']);
  });
});
