/**
 * The notification channels' configuration, from the environment, validated at boot with messages that name the
 * variable. Each channel is:
 * - `configured`: every variable set and valid;
 * - `absent`: none set. Outside production the messages then go to the development sink (kept and shown on a
 *   development page); with NODE_ENV=production an absent channel is an error, nothing would reach anyone;
 * - half-set (some variables, not all): an error that names the missing ones.
 *
 * E-mail: SMTP_URL (smtp:// or smtps://) and MAIL_FROM. SMS: SMPP_URL (smpp://system_id:password@host:port, or
 * ssmpp:// for TLS) and SMS_SOURCE_ADDR. Empty strings count as unset. Passwords are never echoed in a message.
 */
import { z } from 'zod';
import { ConfigError } from '@complaintflow/config';

export interface EmailSettings {
  readonly url: string;
  readonly from: string;
}

export interface SmsSettings {
  readonly url: string;
  readonly sourceAddr: string;
}

export type ChannelSetting<T> = { readonly state: 'configured'; readonly options: T } | { readonly state: 'absent' };

export interface ChannelConfig {
  readonly email: ChannelSetting<EmailSettings>;
  readonly sms: ChannelSetting<SmsSettings>;
}

/** The variables of each channel, all required together. */
export const CHANNEL_VARIABLES = {
  email: ['SMTP_URL', 'MAIL_FROM'],
  sms: ['SMPP_URL', 'SMS_SOURCE_ADDR'],
} as const;

const CHANNEL_TITLES: Record<keyof typeof CHANNEL_VARIABLES, string> = { email: 'e-mail', sms: 'SMS' };

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const smtpUrl = z.string().superRefine((value, ctx) => {
  const u = parsedUrl(value);
  if (u === undefined || (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || u.hostname === '') {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be an smtp:// (STARTTLS) or smtps:// (TLS) URL with a host, e.g. smtps://user:password@smtp.example.com:465',
    });
  }
});

/** `客户投诉部 <noreply@example.com>` or `noreply@example.com`. */
const mailFrom = z
  .string()
  .regex(
    /^(?:[^<>]*<[^\s@<>,;:"]+@[^\s@<>,;:"]+>|[^\s@<>,;:"]+@[^\s@<>,;:"]+)$/,
    'must be one e-mail address, optionally with a display name, e.g. "客户投诉部 <noreply@example.com>"',
  );

const smppUrl = z.string().superRefine((value, ctx) => {
  const u = parsedUrl(value);
  if (u === undefined || (u.protocol !== 'smpp:' && u.protocol !== 'ssmpp:') || u.hostname === '') {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an smpp:// (or ssmpp:// for TLS) URL, e.g. smpp://system_id:password@smsc.example.com:2775',
    });
    return;
  }
  const systemId = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (systemId === '' && password === '') {
    ctx.addIssue({
      code: 'custom',
      message: 'names no system_id and no password (smpp://system_id:password@host:port)',
    });
    return;
  }
  if (systemId === '') {
    ctx.addIssue({ code: 'custom', message: 'names no system_id (smpp://system_id:password@host:port)' });
  } else if (systemId.length > 15) {
    ctx.addIssue({ code: 'custom', message: 'has a system_id longer than 15 characters (the SMPP 3.4 limit)' });
  }
  if (password === '') {
    ctx.addIssue({ code: 'custom', message: 'names no password (smpp://system_id:password@host:port)' });
  } else if (password.length > 8) {
    ctx.addIssue({ code: 'custom', message: 'has a password longer than 8 characters (the SMPP 3.4 limit)' });
  }
});

const smsSourceAddr = z
  .string()
  .regex(
    /^(?:\+?\d{1,20}|[A-Za-z0-9 ]{1,11})$/,
    'must be a number of up to 20 digits (e.g. 106900001234 or +8613800000000) or a name of up to 11 letters and digits',
  );

const schema = z.object({
  NODE_ENV: z.string().optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.optional(),
  SMPP_URL: smppUrl.optional(),
  SMS_SOURCE_ADDR: smsSourceAddr.optional(),
});

/**
 * Reads the channels' configuration from `env` (default `process.env`).
 * @throws ConfigError naming every bad, missing (half-set channel) or, in production, absent variable.
 */
export function channelConfigFromEnv(env: Record<string, string | undefined> = process.env): ChannelConfig {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key]?.trim();
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const problems: { variable: string; reason: string }[] = [];
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0] ?? '(environment)'), reason: issue.message });
    }
  }
  const production = cleaned.NODE_ENV === 'production';
  for (const channel of ['email', 'sms'] as const) {
    const names: readonly string[] = CHANNEL_VARIABLES[channel];
    const set = names.filter((name) => cleaned[name] !== undefined);
    const missing = names.filter((name) => cleaned[name] === undefined);
    if (set.length > 0 && missing.length > 0) {
      for (const name of missing) {
        problems.push({
          variable: name,
          reason: `is required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set (${
            CHANNEL_TITLES[channel]
          } needs ${names.join(' and ')})`,
        });
      }
    } else if (set.length === 0 && production) {
      for (const name of names) {
        problems.push({
          variable: name,
          reason: `is required when NODE_ENV=production (${CHANNEL_TITLES[channel]} has no development sink in production)`,
        });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    email:
      cleaned.SMTP_URL !== undefined && cleaned.MAIL_FROM !== undefined
        ? { state: 'configured', options: { url: cleaned.SMTP_URL, from: cleaned.MAIL_FROM } }
        : { state: 'absent' },
    sms:
      cleaned.SMPP_URL !== undefined && cleaned.SMS_SOURCE_ADDR !== undefined
        ? { state: 'configured', options: { url: cleaned.SMPP_URL, sourceAddr: cleaned.SMS_SOURCE_ADDR } }
        : { state: 'absent' },
  };
}
