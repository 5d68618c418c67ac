/**
 * The one interface every notification channel implements (in-app inbox, e-mail over SMTP, SMS over SMPP), so the
 * relay delivers a message the same way whatever carries it. A channel only transports: who receives what is decided
 * before (recipients, templates), and whether it was already sent is the relay's idempotency key.
 */

/** The channels a message can go out on. `inbox` is the in-app notification inbox of a staff member. */
export const CHANNEL_NAMES = ['inbox', 'email', 'sms'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** The languages templates are written in: Simplified Chinese by default, English by preference. */
export type MessageLanguage = 'zh-CN' | 'en';

/** One message to one recipient on one channel, rendered and addressed. */
export interface OutgoingMessage {
  /** Unique per (case, event seq, recipient, channel): a retry with the same key must never send twice. */
  readonly idempotencyKey: string;
  readonly channel: ChannelName;
  /** The address on that channel: a staff id (inbox), an e-mail address, or a phone number (E.164 or national). */
  readonly to: string;
  readonly language: MessageLanguage;
  /** A subject or title (e-mail subject, inbox title; SMS ignores it). */
  readonly subject: string;
  readonly text: string;
  /** The case the message is about, for the inbox and for tracing; never personal data. */
  readonly caseId: string;
  /** The notification kind (e.g. `escalation`, `result_notice`). */
  readonly kind: string;
}

/** The channel accepted the message: the provider's id for it, to match delivery reports later. */
export interface Accepted {
  readonly providerMessageId: string;
}

/** A delivery report that came back from the provider (SMS delivery receipt, mailbox bounce). */
export interface DeliveryReport {
  readonly providerMessageId: string;
  readonly state: 'delivered' | 'failed';
  readonly at: number;
  readonly detail?: string;
}

export interface NotificationChannel {
  readonly name: ChannelName;
  /**
   * Sends one message. Resolves once the channel has accepted it (SMTP 250 after DATA, SMPP submit_sm_resp with
   * status 0, the inbox row written). Rejects with `PermanentChannelError` when retrying cannot help (bad address,
   * refused content), with any other error when it may (connection lost, timeout, throttled).
   */
  send(message: OutgoingMessage): Promise<Accepted>;
  /** Subscribes to delivery reports, when the channel has them. */
  onDeliveryReport?(listener: (report: DeliveryReport) => void): void;
  close(): Promise<void>;
}

/** A failure that retrying will not cure: the relay parks the message at once instead of retrying. */
export class PermanentChannelError extends Error {
  override readonly name = 'PermanentChannelError';
}

/**
 * A failure that retrying may cure (connection lost, timeout, the provider throttling us). Any error other than
 * `PermanentChannelError` means "retry"; this one may also say when, e.g. after an SMPP throttling answer.
 */
export class RetryableChannelError extends Error {
  override readonly name = 'RetryableChannelError';
  constructor(
    message: string,
    /** How long the provider asked us to wait, when it said (milliseconds). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
