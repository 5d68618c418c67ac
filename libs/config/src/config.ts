/**
 * Process configuration, read from the environment and validated at boot. A bad value is refused with a message
 * naming the variable and the reason; unset database and Temporal settings mean the embedded defaults.
 */
import { z } from 'zod';
import { isPlaceholderKey, parsePayloadKeys } from './payload-keys';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const postgresUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/[^\s]+$/,
    'must be a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/complaintflow',
  );

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    AUTH_MODE: z.enum(['dev', 'jwt']).default('jwt'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    POLICY_FILE: z.string().min(1).optional(),
    /** AES-256-GCM key for complainants' personal data (R-SEC-1): 64 hex characters (32 bytes). */
    PII_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`')
      .optional(),
    /**
     * Requests per minute per caller (verified token subject, else client address); 429 beyond. Counted in PostgreSQL,
     * so the limit holds across every API replica on the database.
     */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /** Where customers open their signed links (the result notice's link), e.g. https://kf.example.com. */
    PUBLIC_BASE_URL: z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL, e.g. https://kf.example.com')
      .optional(),
    /** Comma-separated origins allowed by CORS; unset means CORS stays off. */
    CORS_ORIGINS: z
      .string()
      .regex(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, 'must be a comma-separated list of http(s) origins')
      .optional(),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233')
      .optional(),
    TEMPORAL_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, 'must be a Temporal namespace name')
      .default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('complaint-cases'),
    TEMPORAL_CLI_PATH: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('.data'),
    /** Days after closure that a case keeps its complainant's data and staff free text; then erased (ADR 0019). */
    PII_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(1095),
    /** Minutes between the API's retention sweeps; 0: this process does not sweep (ADR 0019). */
    PII_RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
    EMBEDDED_PG_PORT: port(54329),
    EMBEDDED_TEMPORAL_PORT: port(7233),
    EMBEDDED_TEMPORAL_UI_PORT: port(8233),
    /**
     * The Temporal payload codec's keyring (libs/config/src/payload-keys.ts): `id:base64key,...`, the first the current
     * key. Unset outside production: the public development keyring. Required in production.
     */
    TEMPORAL_PAYLOAD_KEYS: z
      .string()
      .superRefine((value, ctx) => {
        for (const problem of parsePayloadKeys(value).problems) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** Origins (the Temporal UI's) allowed to call the codec endpoint `/codec/*` from a browser; unset: none. */
    CODEC_CORS_ORIGINS: z
      .string()
      .regex(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, 'must be a comma-separated list of http(s) origins')
      .optional(),
    // Deployment (issue 16; docs/adr/0018-production-deployment.md). Worker tuning: unset means the Temporal SDK's own
    // default (1.24: 40 workflow-task slots, 100 activity slots, min(10, slots) pollers each), which no measurement
    // here has beaten; set them to size a worker.
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(10_000).optional(),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).optional(),
    /**
     * Workflows kept in the worker's cache; unset: the SDK's default, which grows with the heap (about 2,300 on a
     * 24 GiB machine). A bound holds the worker's memory down (bench/results/2026-12-01-quiet.md, 2,000 open cases:
     * 250 → 0.5–0.6 GiB, 1,000 → 1.9 GiB, all cached → 2.1 GiB); every task of an evicted case replays its history
     * first, and no bound measured kept a burst of deadlines within the 2 s target, so none is the default.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).optional(),
    WORKER_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(2).max(100).optional(),
    WORKER_ACTIVITY_TASK_POLLERS: z.coerce.number().int().min(1).max(100).optional(),
    /** How long a stopping worker lets running activities finish before cancelling them (ms). */
    WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
    /** The worker's `/health` (and nothing else) on this port; unset: no HTTP listener. */
    WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** The Temporal SDK's Prometheus metrics (`/metrics`) on this port; unset: off. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Where the worker's health and metrics listeners bind. */
    WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    /** OTLP/HTTP traces (the Temporal interceptors' spans) to this collector, e.g. http://otel:4318; unset: off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL, e.g. http://otel-collector:4318')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.AUTH_MODE === 'dev') {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'AUTH_MODE=dev is refused when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && !env.PII_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['PII_KEY'],
        message: "is required when NODE_ENV=production (it encrypts complainants' personal data, R-SEC-1)",
      });
    }
    // Payload encryption (docs/adr/0017-payload-encryption.md): production needs keys of its own.
    if (env.NODE_ENV === 'production' && !env.TEMPORAL_PAYLOAD_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_PAYLOAD_KEYS'],
        message:
          'is required when NODE_ENV=production (it encrypts every Temporal payload), e.g. k1:$(openssl rand -base64 32)',
      });
    }
    if (env.NODE_ENV === 'production' && env.TEMPORAL_PAYLOAD_KEYS) {
      for (const k of parsePayloadKeys(env.TEMPORAL_PAYLOAD_KEYS).keys) {
        if (isPlaceholderKey(k.key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['TEMPORAL_PAYLOAD_KEYS'],
            message: `key "${k.id}" is the public development key or a placeholder (one byte repeated): refused when NODE_ENV=production`,
          });
        }
      }
    }
    if (env.NODE_ENV === 'production' && env.PII_KEY && isPlaceholderKey(Buffer.from(env.PII_KEY, 'hex'))) {
      ctx.addIssue({
        code: 'custom',
        path: ['PII_KEY'],
        message: 'is a placeholder (one byte repeated, e.g. all zeros): refused when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && env.JWT_SECRET && new Set(env.JWT_SECRET).size < 8) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is a placeholder (fewer than 8 different characters): refused when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when NODE_ENV=production (no embedded database in production)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.TEMPORAL_ADDRESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_ADDRESS'],
        message: 'is required when NODE_ENV=production (no embedded Temporal in production)',
      });
    }
  });

export type AppConfig = z.infer<typeof schema>;

/** A configuration error: every offending variable with its reason. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; reason: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.reason}`).join('\n') +
        '\nFix the environment variables above (see README, "Configuration") and start again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from `env` (default `process.env`). Empty strings count as unset.
 * @throws ConfigError naming each bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        reason: issue.message,
      })),
    );
  }
  return parsed.data;
}
