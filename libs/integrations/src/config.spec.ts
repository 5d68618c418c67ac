import { ConfigError } from '@complaintflow/config';
import { channelConfigFromEnv } from './config';

const EMAIL = { SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465', MAIL_FROM: '客户投诉部 <noreply@example.com>' };
const SMS = { SMPP_URL: 'smpp://cf_esme:pw123456@smsc.example.com:2775', SMS_SOURCE_ADDR: '106900001234' };

function problems(env: Record<string, string | undefined>): { variable: string; reason: string }[] {
  try {
    channelConfigFromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

function variables(env: Record<string, string | undefined>): string[] {
  return problems(env)
    .map((p) => p.variable)
    .sort();
}

describe('channelConfigFromEnv', () => {
  it('no variable set outside production: both channels absent (the development sink)', () => {
    expect(channelConfigFromEnv({})).toEqual({ email: { state: 'absent' }, sms: { state: 'absent' } });
    expect(channelConfigFromEnv({ NODE_ENV: 'test', SMTP_URL: '  ', MAIL_FROM: '' })).toEqual({
      email: { state: 'absent' },
      sms: { state: 'absent' },
    });
  });

  it('every variable set: both channels configured, with the options the channels take', () => {
    expect(channelConfigFromEnv({ ...EMAIL, ...SMS, NODE_ENV: 'production' })).toEqual({
      email: { state: 'configured', options: { url: EMAIL.SMTP_URL, from: EMAIL.MAIL_FROM } },
      sms: { state: 'configured', options: { url: SMS.SMPP_URL, sourceAddr: SMS.SMS_SOURCE_ADDR } },
    });
  });

  it('one channel configured, the other absent', () => {
    const config = channelConfigFromEnv({ ...SMS, SMS_SOURCE_ADDR: ' +8613800000000 ' });
    expect(config.email).toEqual({ state: 'absent' });
    expect(config.sms).toEqual({
      state: 'configured',
      options: { url: SMS.SMPP_URL, sourceAddr: '+8613800000000' },
    });
  });

  it('a half-set channel is an error naming the missing variables', () => {
    const p = problems({ SMTP_URL: EMAIL.SMTP_URL });
    expect(p).toHaveLength(1);
    expect(p[0]!.variable).toBe('MAIL_FROM');
    expect(p[0]!.reason).toMatch(/required when SMTP_URL is set/);
    expect(variables({ SMS_SOURCE_ADDR: 'Courier' })).toEqual(['SMPP_URL']);
    expect(variables({ MAIL_FROM: EMAIL.MAIL_FROM, SMPP_URL: SMS.SMPP_URL })).toEqual(['SMS_SOURCE_ADDR', 'SMTP_URL']);
  });

  it('in production an absent channel is an error', () => {
    expect(variables({ NODE_ENV: 'production' })).toEqual(['MAIL_FROM', 'SMPP_URL', 'SMS_SOURCE_ADDR', 'SMTP_URL']);
    const p = problems({ NODE_ENV: 'production', ...EMAIL });
    expect(p.map((x) => x.variable).sort()).toEqual(['SMPP_URL', 'SMS_SOURCE_ADDR']);
    expect(p[0]!.reason).toMatch(/NODE_ENV=production/);
  });

  it.each([
    ['SMTP_URL', 'http://smtp.example.com', /smtp:\/\/ .*smtps:\/\//],
    ['SMTP_URL', 'not a url', /smtp:\/\//],
    ['MAIL_FROM', 'noreply', /one e-mail address/],
    ['MAIL_FROM', 'a@example.com, b@example.com', /one e-mail address/],
    ['SMPP_URL', 'http://smsc.example.com', /smpp:\/\//],
    ['SMPP_URL', 'smpp://smsc.example.com:2775', /no system_id/],
    ['SMPP_URL', 'smpp://cf_esme@smsc.example.com:2775', /no password/],
    ['SMPP_URL', 'smpp://cf_esme:toolongpassword@smsc.example.com', /longer than 8/],
    ['SMPP_URL', 'smpp://a_much_too_long_system_id:pw@smsc.example.com', /longer than 15/],
    ['SMS_SOURCE_ADDR', 'Courier$$', /number of up to 20 digits/],
    ['SMS_SOURCE_ADDR', 'TwelveLetter', /up to 11 letters/],
  ])('%s=%s is refused with a clear message', (variable, value, reason) => {
    const env = { ...EMAIL, ...SMS, [variable]: value };
    const p = problems(env);
    expect(p.map((x) => x.variable)).toEqual([variable]);
    expect(p[0]!.reason).toMatch(reason);
  });

  it('never echoes a password in its message', () => {
    try {
      channelConfigFromEnv({
        SMPP_URL: 'smpp://cf_esme:toolongpassword@smsc.example.com',
        SMTP_URL: 'ftp://u:hunter22@x',
      });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as Error).message).toMatch(/SMPP_URL/);
      expect((err as Error).message).not.toMatch(/toolongpassword|hunter22/);
    }
  });
});
