import { ConfigError, loadConfig } from '@complaintflow/config';

function problems(env: Record<string, string>): { variable: string; reason: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('Invalid configuration');
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration validated at boot', () => {
  it('an empty environment means the embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      AUTH_MODE: 'jwt',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'complaint-cases',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('a bad value is refused with a message naming the variable and the reason', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_ADDRESS: 'no-port',
      AUTH_MODE: 'open',
    });
    expect(found.map((p) => p.variable).sort()).toEqual(['AUTH_MODE', 'DATABASE_URL', 'PORT', 'TEMPORAL_ADDRESS']);
    expect(found.find((p) => p.variable === 'DATABASE_URL')?.reason).toMatch(/postgres/);
  });

  it('production refuses the dev token endpoint and requires real servers and secrets', () => {
    const found = problems({ NODE_ENV: 'production', AUTH_MODE: 'dev' }).map((p) => p.variable);
    expect(found).toEqual(expect.arrayContaining(['AUTH_MODE', 'JWT_SECRET', 'DATABASE_URL', 'TEMPORAL_ADDRESS']));
  });

  it('blank values count as unset', () => {
    expect(loadConfig({ PORT: '  ', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});
