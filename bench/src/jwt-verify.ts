/**
 * What verifying a bearer token costs (every authenticated request does it once): jsonwebtoken's `verify` with the
 * HS256 secret as a string — the library then tries to parse the string as a public key first on every call — against
 * the same secret as a `KeyObject` built once (apps/api/src/auth/jwt.ts does this), against a raw HMAC-SHA256 of the
 * token's signing input with the same key, the floor. Arms alternated, in one run.
 *
 *   npm run build && npm run bench:jwt [-- N]
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { sign, verify } from 'jsonwebtoken';
import { percentile } from './scratch';

function main(): void {
  const n = Number(process.argv[2] ?? 20_000);
  const secret = randomBytes(32).toString('hex');
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const token = sign({ sub: 'bench-agent', roles: ['agent'], name: 'bench-agent' }, secret, {
    algorithm: 'HS256',
    expiresIn: 3600,
  });
  const signingInput = token.slice(0, token.lastIndexOf('.'));
  const arms = {
    'raw HMAC-SHA256': () => createHmac('sha256', key).update(signingInput).digest('base64url'),
    'verify, string secret': () => verify(token, secret, { algorithms: ['HS256'] }),
    'verify, KeyObject': () => verify(token, key, { algorithms: ['HS256'] }),
  };
  const times = Object.fromEntries(Object.keys(arms).map((k) => [k, [] as number[]]));
  for (let i = 0; i < n + 1_000; i++) {
    for (const [name, fn] of Object.entries(arms)) {
      const t = process.hrtime.bigint();
      fn();
      if (i >= 1_000) times[name]!.push(Number(process.hrtime.bigint() - t) / 1e6); // the first 1,000: warm-up
    }
  }
  const p50 = (name: string) =>
    percentile(
      times[name]!.sort((a, b) => a - b),
      50,
    );
  process.stdout.write(`${n} verifications per arm, alternated\n`);
  for (const name of Object.keys(arms)) {
    const a = times[name]!;
    process.stdout.write(
      `${name.padEnd(24)} p50 ${(p50(name) * 1000).toFixed(1)} µs  p99 ${(percentile(a, 99) * 1000).toFixed(1)} µs\n`,
    );
  }
  process.stdout.write(
    `ratio p50 string/KeyObject ${(p50('verify, string secret') / p50('verify, KeyObject')).toFixed(1)}, ` +
      `KeyObject/raw HMAC ${(p50('verify, KeyObject') / p50('raw HMAC-SHA256')).toFixed(1)}\n`,
  );
}

main();
