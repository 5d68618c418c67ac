/**
 * The deployment files are checked where no Docker engine runs (issue 16; docs/adr/0018-production-deployment.md):
 * - docker/compose.yaml through `docker-compose config` (the Debian package; .ci/run installs it when absent), with
 *   docker/.env.example — and refused when a required secret is missing;
 * - every Dockerfile through dockerfile-utils' linter (the Docker language server's validator), plus the rules this
 *   project holds them to: exact base image tags, a non-root USER, a HEALTHCHECK and an exec-form CMD;
 * - the environment compose gives the API and the workers passes the service's own production validation.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '@complaintflow/config';
import { channelConfigFromEnv } from '@complaintflow/integrations/config';
import { DOCKERFILES, dockerDir, finalStage } from '../support/deploy';

const COMPOSE = join(dockerDir, 'compose.yaml');
const ENV_EXAMPLE = join(dockerDir, '.env.example');

function composeConfig(envFile: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('docker-compose', ['--env-file', envFile, '-f', COMPOSE, 'config'], { encoding: 'utf8' });
  if (r.error) throw new Error(`docker-compose could not run (apt-get install -y docker-compose): ${r.error.message}`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface ComposeService {
  image?: string;
  environment?: Record<string, string | null>;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  networks?: Record<string, { aliases?: string[] } | null>;
}

describe('docker/compose.yaml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(() => {
    // The example's secrets are placeholders production refuses: render with fresh ones, as an operator would.
    const dir = mkdtempSync(join(tmpdir(), 'cf-compose-'));
    const fresh: Record<string, string> = {
      PII_KEY: randomBytes(32).toString('hex'),
      TEMPORAL_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    const env = readFileSync(ENV_EXAMPLE, 'utf8')
      .split('\n')
      .map((l) => {
        const name = l.split('=')[0]!;
        return Object.hasOwn(fresh, name) ? `${name}=${fresh[name]}` : l;
      })
      .join('\n');
    writeFileSync(join(dir, '.env'), env);
    const r = composeConfig(join(dir, '.env'));
    if (r.status !== 0) throw new Error(`docker-compose config failed:\n${r.stderr}`);
    services = (parseYaml(r.stdout) as { services: Record<string, ComposeService> }).services;
  });

  it('is valid for docker-compose with docker/.env.example, and has the production-like stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api-1', 'api-2', 'console', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker-1', 'worker-2'].sort(),
    );
    expect(execFileSync('docker-compose', ['version', '--short'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+/);
    // Temporal on PostgreSQL (the official auto-setup image creates the schemas), its UI decoding through the API.
    expect(services.temporal!.image).toMatch(/^temporalio\/auto-setup:\d+\.\d+\.\d+$/);
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    expect(services['temporal-ui']!.environment!.TEMPORAL_CODEC_ENDPOINT).toBe('http://api:3000/codec');
    // Both API replicas answer as `api`; everything app-side waits for the one-off migration job.
    for (const name of ['api-1', 'api-2']) expect(services[name]!.networks!.default!.aliases).toContain('api');
    for (const name of ['api-1', 'api-2', 'worker-1', 'worker-2']) {
      expect(services[name]!.depends_on!.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(services.migrate!.command).toEqual(['node', 'scripts/dist/migrate.js']);
  });

  it('refuses to render without a required secret (each names itself)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-compose-'));
    const env = readFileSync(ENV_EXAMPLE, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('PII_KEY='))
      .join('\n');
    writeFileSync(join(dir, '.env'), env);
    const r = composeConfig(join(dir, '.env'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PII_KEY');
  });

  it("the example's placeholder keys are refused by the production validation (they must be replaced)", () => {
    const r = composeConfig(ENV_EXAMPLE);
    expect(r.status).toBe(0);
    const example = (parseYaml(r.stdout) as { services: Record<string, ComposeService> }).services;
    const env = Object.fromEntries(
      Object.entries(example['api-1']!.environment ?? {}).map(([k, v]) => [k, v ?? '']),
    ) as Record<string, string>;
    expect(() => loadConfig(env)).toThrow(/PII_KEY|TEMPORAL_PAYLOAD_KEYS/);
  });

  it("gives the API and the workers an environment the service's production validation accepts", () => {
    for (const name of ['api-1', 'worker-1', 'migrate']) {
      const env = Object.fromEntries(
        Object.entries(services[name]!.environment ?? {}).map(([k, v]) => [k, v ?? '']),
      ) as Record<string, string>;
      expect(env.NODE_ENV).toBe('production');
      const config = loadConfig(env);
      expect(config).toMatchObject({ NODE_ENV: 'production', AUTH_MODE: 'jwt', TEMPORAL_ADDRESS: 'temporal:7233' });
      if (name.startsWith('worker')) {
        expect(config).toMatchObject({ WORKER_HEALTH_PORT: 8080, WORKER_METRICS_PORT: 9464 });
        const channels = channelConfigFromEnv(env);
        expect([channels.email.state, channels.sms.state]).toEqual(['configured', 'configured']);
      }
    }
  });
});

describe('the Dockerfiles', () => {
  it.each(DOCKERFILES)('%s passes the dockerfile-utils linter', (name) => {
    const problems = validate(readFileSync(join(dockerDir, name), 'utf8'));
    expect(problems.map((p) => `${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('the linter is not a rubber stamp: it names the faults of a broken Dockerfile', () => {
    const problems = validate('FROM node:20\nCMD ["node" "x.js"]\nHEALTHCHECK NONE\nHEALTHCHECK NONE\nEXPOSE abc\n');
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it.each(DOCKERFILES)('%s: multi-stage, exact base tags, non-root, a health check, an exec-form CMD', (name) => {
    const stage = finalStage(name);
    expect(stage.baseImages.length).toBeGreaterThanOrEqual(2);
    // An exact version in every tag: not `latest`, not a bare major.
    for (const image of stage.baseImages) expect(image).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/);
    expect(stage.user).toBeDefined();
    expect(['root', '0']).not.toContain(stage.user);
    expect(stage.healthcheck).toMatch(/^CMD \[/);
    expect(stage.cmd?.length).toBeGreaterThan(0);
  });

  it('the API and worker images run the built apps in production mode', () => {
    expect(finalStage('api.Dockerfile')).toMatchObject({
      cmd: ['node', 'apps/api/dist/main.js'],
      env: { NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '3000' },
    });
    expect(finalStage('worker.Dockerfile')).toMatchObject({
      cmd: ['node', 'apps/worker/dist/main.js'],
      env: { NODE_ENV: 'production', WORKER_HEALTH_PORT: '8080' },
    });
    // The worker image is built with the prebuilt workflow bundle (apps/worker/src/bundle.ts writes it).
    expect(readFileSync(join(dockerDir, 'worker.Dockerfile'), 'utf8')).toContain('workflows/dist/workflow-bundle.js');
  });
});
