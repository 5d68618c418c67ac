/**
 * E-mail over SMTP (nodemailer): the written notices of R-RES-1 (result), R-ACC-3 (acknowledgement), R-SLA-6
 * (progress), the written notice of R-CON-1 and the staff alerts of R-SLA-8 / R-APR-1, when e-mail is the channel
 * (R-CON-2: the channel the customer asked for).
 *
 * One message per `send`, to exactly one address. The Message-ID is derived from the idempotency key, so a
 * duplicate that slips through a retry carries the same Message-ID and is recognisable downstream. Nothing about
 * the recipient or the text is logged (R-SEC-1): only the case id, the kind and the SMTP reply code.
 */
import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Logger } from '@complaintflow/config';
import {
  type Accepted,
  type NotificationChannel,
  type OutgoingMessage,
  PermanentChannelError,
  RetryableChannelError,
} from './channel';

export interface SmtpAuth {
  readonly user: string;
  readonly pass: string;
}

export interface EmailChannelOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (TLS from the start). */
  readonly url?: string;
  /** Instead of `url`: the server, its port, whether to speak TLS from the start, and the credentials. */
  readonly host?: string;
  readonly port?: number;
  readonly secure?: boolean;
  readonly auth?: SmtpAuth;
  /** Refuse to send unless the connection is encrypted (STARTTLS required). */
  readonly requireTLS?: boolean;
  /** The From header: `客户投诉部 <noreply@example.com>` or a bare address. */
  readonly from: string;
  /** The domain of the Message-ID; defaults to the domain of `from`. */
  readonly messageIdDomain?: string;
  /** Add a minimal HTML alternative to the plain text (default true). */
  readonly html?: boolean;
  /** Keep up to this many SMTP connections open and reuse them (default 2; 0 opens one per message). */
  readonly maxConnections?: number;
  /** Milliseconds to wait for the connection, the greeting and any reply (defaults 10 s, 10 s, 30 s). */
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
  readonly logger?: Logger;
}

/** The e-mail channel; `send` resolves with the Message-ID as the provider's id. */
export interface EmailChannel extends NotificationChannel {
  readonly name: 'email';
  /** Checks the connection and the credentials (SMTP EHLO + AUTH), e.g. for a health check at boot. */
  verify(): Promise<void>;
}

/** An address nodemailer will accept as one recipient: no display name, no list, no spaces or angle brackets. */
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

/**
 * The Message-ID for an idempotency key: `<cf.` + the first 32 hex digits of SHA-256(key) + `@domain>`. The key is
 * hashed, never shown: it may be built from a recipient id.
 */
export function emailMessageId(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<cf.${digest}@${domain}>`;
}

/** The address inside `Name <addr>` or a bare address. */
export function addressOf(mailbox: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(mailbox);
  return (angle?.[1] ?? mailbox).trim();
}

/** A minimal HTML alternative: the text escaped, lines kept, links clickable. */
export function textToHtml(text: string, language: string): string {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const body = text
    .split('\n')
    .map((line) =>
      line
        .split(/(https?:\/\/[^\s<>"]+)/)
        .map((part, i) => (i % 2 === 1 ? `<a href="${escape(part)}">${escape(part)}</a>` : escape(part)))
        .join(''),
    )
    .join('<br>\n');
  return `<!doctype html><html lang="${escape(language)}"><head><meta charset="utf-8"></head><body><p>${body}</p></body></html>`;
}

export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const from = options.from.trim();
  const fromAddress = addressOf(from);
  if (!SINGLE_ADDRESS.test(fromAddress)) throw new Error('email: `from` must be an e-mail address');
  const domain = options.messageIdDomain ?? fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  if (options.url === undefined && options.host === undefined) throw new Error('email: set `url` or `host`');
  const maxConnections = options.maxConnections ?? 2;
  const common = {
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    ...(options.requireTLS === undefined ? {} : { requireTLS: options.requireTLS }),
    ...(options.url === undefined
      ? {
          host: options.host,
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(options.secure === undefined ? {} : { secure: options.secure }),
          ...(options.auth === undefined ? {} : { auth: { user: options.auth.user, pass: options.auth.pass } }),
        }
      : { url: options.url }),
  };
  const transport =
    maxConnections > 0 ? createTransport({ ...common, pool: true, maxConnections }) : createTransport(common);
  const log = options.logger;
  const withHtml = options.html ?? true;

  return {
    name: 'email',

    async send(message: OutgoingMessage): Promise<Accepted> {
      const to = message.to.trim();
      if (!SINGLE_ADDRESS.test(to)) {
        throw new PermanentChannelError('email: the recipient is not a single e-mail address');
      }
      const messageId = emailMessageId(message.idempotencyKey, domain);
      try {
        await transport.sendMail({
          from,
          to,
          subject: message.subject,
          text: message.text,
          ...(withHtml ? { html: textToHtml(message.text, message.language) } : {}),
          messageId,
          headers: {
            'Content-Language': message.language,
            // RFC 3834: an automatic message; vacation responders stay quiet.
            'Auto-Submitted': 'auto-generated',
            'X-Complaintflow-Case': message.caseId,
            'X-Complaintflow-Kind': message.kind,
          },
        });
      } catch (err) {
        const failure = classifySmtpError(err);
        log?.warn(
          { caseId: message.caseId, kind: message.kind, smtp: failure.summary, permanent: failure.permanent },
          'e-mail not accepted',
        );
        throw failure.permanent
          ? new PermanentChannelError(`email: ${failure.summary}`)
          : new RetryableChannelError(`email: ${failure.summary}`);
      }
      log?.info({ caseId: message.caseId, kind: message.kind, messageId }, 'e-mail accepted');
      return { providerMessageId: messageId };
    },

    async verify(): Promise<void> {
      try {
        await transport.verify();
      } catch (err) {
        throw new RetryableChannelError(`email: ${classifySmtpError(err).summary}`);
      }
    },

    async close(): Promise<void> {
      transport.close();
    },
  };
}

/** What went wrong, in words that carry no address or text (the server's reply text often quotes the address). */
export interface SmtpFailure {
  readonly permanent: boolean;
  /** e.g. `RCPT TO refused: 550 5.1.1` or `connection failed (ECONNECTION)`. */
  readonly summary: string;
}

/**
 * Sorts a nodemailer error. Permanent: a 5xx reply (except 503, a session-state reply) to RCPT TO or to DATA, i.e.
 * this recipient or this content is refused for good. Everything else may pass later: 4xx replies, lost or timed
 * out connections, and refusals of our own sender or credentials (MAIL FROM, AUTH), which are configuration
 * faults that every message would hit alike and that must not park them all.
 */
export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    command?: unknown;
    responseCode?: unknown;
    response?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const command = typeof e.command === 'string' ? e.command : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const enhanced =
    typeof e.response === 'string' ? /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(e.response)?.[1] : undefined;
  if (responseCode !== undefined) {
    const reply = `${responseCode}${enhanced === undefined ? '' : ` ${enhanced}`}`;
    const about = command === 'RCPT TO' || command === 'DATA';
    const permanent = about && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
    return { permanent, summary: `${command ?? 'SMTP'} refused: ${reply}` };
  }
  if (code === 'EENVELOPE' && command === 'API') {
    return { permanent: true, summary: 'the envelope was refused before sending (EENVELOPE)' };
  }
  return {
    permanent: false,
    summary: `${command === undefined ? 'SMTP' : command} failed (${code ?? 'unknown error'})`,
  };
}
