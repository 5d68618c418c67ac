/**
 * SMS over SMPP 3.4 (the `smpp` package): the SMS of R-CON-1 to a customer who could not be reached, and every
 * notice whose channel is SMS because the customer asked for it (R-CON-2).
 *
 * - One transceiver session (bind_transceiver with system_id/password), kept up: a dropped session is rebound with
 *   backoff, `enquire_link` every 30 s detects a dead one, and the SMSC's `enquire_link` and `unbind` are answered.
 * - `submit_sm` with `registered_delivery: 1`. Chinese (anything outside a GSM/ASCII-safe set) goes as UCS-2
 *   (`data_coding` 8): 70 characters in one SMS, else segments of 67 joined by a concatenation UDH (IEI 0x00,
 *   8-bit reference, `esm_class` UDHI); plain ASCII-safe text goes as the SMSC default alphabet (`data_coding` 0,
 *   160 / 153 characters). A surrogate pair is never split across segments.
 * - `deliver_sm` delivery receipts (esm_class receipt type, `receipted_message_id` / `message_state` TLVs, or the
 *   `id:` and `stat:` of the receipt text) are answered with `deliver_sm_resp` and reported as `delivered` or
 *   `failed` for the message's `providerMessageId` (the id of its first segment; a long message is delivered when
 *   every segment is, failed as soon as one fails).
 * - A refused `submit_sm`: a fault of this destination or this content (invalid destination, message length, data
 *   coding, prohibited) is a `PermanentChannelError`; throttling, a full queue and everything else are retryable.
 *
 * Nothing about the recipient or the text is logged (R-SEC-1): the case id, the kind, message ids and status names.
 */
import { createHash } from 'node:crypto';
import * as smpp from 'smpp';
import type { Logger } from '@complaintflow/config';
import {
  type Accepted,
  type DeliveryReport,
  type NotificationChannel,
  type OutgoingMessage,
  PermanentChannelError,
  RetryableChannelError,
} from './channel';

export interface SmsChannelOptions {
  /** `smpp://system_id:password@host:2775`, or `ssmpp://…:3550` for SMPP over TLS. */
  readonly url?: string;
  /** Instead of `url`. */
  readonly host?: string;
  readonly port?: number;
  readonly tls?: boolean;
  readonly systemId?: string;
  readonly password?: string;
  readonly systemType?: string;
  /** The sender: a service number (`1069…`), an international number (`+86…`) or an alphanumeric name. */
  readonly sourceAddr: string;
  /** Override the TON/NPI derived from `sourceAddr`. */
  readonly sourceTon?: number;
  readonly sourceNpi?: number;
  /** How long `send` waits for a bound session before giving up (retryable); default 15 s. */
  readonly connectTimeoutMs?: number;
  /** How long to wait for any response PDU; default 10 s. A missing response drops the session. */
  readonly responseTimeoutMs?: number;
  /** Interval of our `enquire_link`; default 30 s, 0 switches it off. */
  readonly enquireLinkMs?: number;
  /** Reconnect backoff: first delay and cap, doubling in between; defaults 500 ms and 30 s. */
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
  /** The wait suggested to the caller when the SMSC throttles us; default 1 s. */
  readonly throttleRetryAfterMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface SmsChannel extends NotificationChannel {
  readonly name: 'sms';
  onDeliveryReport(listener: (report: DeliveryReport) => void): void;
  /** Whether a session is bound right now. */
  readonly bound: boolean;
  /** Resolves once a session is bound (rejects after `timeoutMs`, default `connectTimeoutMs`). */
  waitUntilBound(timeoutMs?: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// encoding and segmentation
// ---------------------------------------------------------------------------------------------------------------

/** `data_coding` values used: the SMSC default alphabet (GSM 03.38) and UCS-2. */
export const DATA_CODING = { DEFAULT: 0x00, UCS2: 0x08 } as const;

/** Characters that are the same octet in ASCII, Latin-1 and the GSM 03.38 default alphabet (no `@ $ _ [ ] …`). */
const GSM_SAFE = /^[A-Za-z0-9 \n\r!"#%&'()*+,\-./:;<=>?]*$/;

const UDHI = 0x40;
const MAX_SEGMENTS = 255;

/** A text ready for `submit_sm`: one `short_message` per segment, each with its UDH when there are several. */
export interface EncodedSms {
  readonly dataCoding: number;
  readonly esmClass: number;
  readonly segments: readonly Buffer[];
}

/**
 * Encodes an SMS text: GSM-safe text in the default alphabet (160 characters, 153 per segment), everything else in
 * UCS-2 (70, 67 per segment), segments carrying the 6-octet concatenation UDH `05 00 03 ref total seq`.
 * @throws PermanentChannelError for an empty text or one beyond 255 segments.
 */
export function encodeSms(text: string, reference: number): EncodedSms {
  if (text.length === 0) throw new PermanentChannelError('sms: empty text');
  const gsm = GSM_SAFE.test(text);
  const [single, perSegment] = gsm ? [160, 153] : [70, 67];
  const encode = (chunk: string) => (gsm ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk, 'utf16le').swap16());
  const dataCoding = gsm ? DATA_CODING.DEFAULT : DATA_CODING.UCS2;
  if (text.length <= single) return { dataCoding, esmClass: 0, segments: [encode(text)] };
  const chunks: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + perSegment, text.length);
    // Never split a surrogate pair: end before a high surrogate whose low half would go to the next segment.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  if (chunks.length > MAX_SEGMENTS) {
    throw new PermanentChannelError(`sms: text too long (${chunks.length} segments, at most ${MAX_SEGMENTS})`);
  }
  const ref = reference & 0xff;
  const segments = chunks.map((chunk, i) =>
    Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref, chunks.length, i + 1]), encode(chunk)]),
  );
  return { dataCoding, esmClass: UDHI, segments };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The 8-bit concatenation reference of a message: from its idempotency key, so a retry reuses it. */
export function concatReference(idempotencyKey: string): number {
  return createHash('sha256').update(idempotencyKey, 'utf8').digest()[0] ?? 0;
}

/** A destination as SMPP wants it: digits, with TON international for `+…`. Separators are dropped. */
export interface SmppAddress {
  readonly addr: string;
  readonly ton: number;
  readonly npi: number;
}

const TON = { UNKNOWN: 0x00, INTERNATIONAL: 0x01, ALPHANUMERIC: 0x05 } as const;
const NPI = { UNKNOWN: 0x00, ISDN: 0x01 } as const;

/** @throws PermanentChannelError when `to` is not a phone number (the number itself is not put in the message). */
export function destinationAddress(to: string): SmppAddress {
  const compact = to.replace(/[\s\-().]/g, '');
  const m = /^(\+|00)?(\d{3,20})$/.exec(compact);
  if (m === null) throw new PermanentChannelError('sms: the destination is not a phone number');
  return m[1] === undefined
    ? { addr: m[2]!, ton: TON.UNKNOWN, npi: NPI.ISDN }
    : { addr: m[2]!, ton: TON.INTERNATIONAL, npi: NPI.ISDN };
}

/** The source address with its TON/NPI: alphanumeric names TON 5, `+…` international, digits unknown/ISDN. */
export function sourceAddress(source: string): SmppAddress {
  const s = source.trim();
  if (/^\+\d{1,20}$/.test(s)) return { addr: s.slice(1), ton: TON.INTERNATIONAL, npi: NPI.ISDN };
  if (/^\d{1,20}$/.test(s)) return { addr: s, ton: TON.UNKNOWN, npi: NPI.ISDN };
  return { addr: s, ton: TON.ALPHANUMERIC, npi: NPI.UNKNOWN };
}

// ---------------------------------------------------------------------------------------------------------------
// statuses and receipts
// ---------------------------------------------------------------------------------------------------------------

const STATUS_NAMES = new Map<number, string>(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** `ESME_RTHROTTLED (0x00000058)`. */
export function smppStatusName(status: number): string {
  return `${STATUS_NAMES.get(status) ?? 'unknown status'} (0x${status.toString(16).toUpperCase().padStart(8, '0')})`;
}

/** Statuses that say this destination or this content will never be accepted. */
const PERMANENT_STATUSES = new Set<number>([
  0x0001, // ESME_RINVMSGLEN: message length invalid
  0x000b, // ESME_RINVDSTADR: invalid destination address
  0x0050, // ESME_RINVDSTTON
  0x0051, // ESME_RINVDSTNPI
  0x0065, // ESME_RX_P_APPN: ESME receiver permanent application error
  0x0101, // ESME_RPROHIBITED
  0x0104, // ESME_RINVDCS: invalid data coding
]);

/** Statuses that ask us to slow down: retry after a pause. */
const BACKOFF_STATUSES = new Set<number>([0x0058 /* ESME_RTHROTTLED */, 0x0014 /* ESME_RMSGQFUL */]);

/** The error for a non-zero `submit_sm_resp` status. */
export function submitError(status: number, throttleRetryAfterMs = 1000, partNote = ''): Error {
  const text = `sms: submit_sm refused: ${smppStatusName(status)}${partNote}`;
  if (PERMANENT_STATUSES.has(status)) return new PermanentChannelError(text);
  return new RetryableChannelError(text, BACKOFF_STATUSES.has(status) ? throttleRetryAfterMs : undefined);
}

/** A delivery receipt read from a `deliver_sm`. `pending` states (enroute, accepted, unknown) are not final. */
export interface ParsedReceipt {
  readonly messageId: string;
  readonly state: 'delivered' | 'failed' | 'pending';
  readonly stat: string;
  readonly err?: string;
}

const MESSAGE_STATES: Readonly<Record<number, [string, ParsedReceipt['state']]>> = {
  0: ['SCHEDULED', 'pending'],
  1: ['ENROUTE', 'pending'],
  2: ['DELIVRD', 'delivered'],
  3: ['EXPIRED', 'failed'],
  4: ['DELETED', 'failed'],
  5: ['UNDELIV', 'failed'],
  6: ['ACCEPTD', 'pending'],
  7: ['UNKNOWN', 'pending'],
  8: ['REJECTD', 'failed'],
  9: ['SKIPPED', 'failed'],
};

const TEXT_STATES: Readonly<Record<string, ParsedReceipt['state']>> = {
  DELIVRD: 'delivered',
  EXPIRED: 'failed',
  DELETED: 'failed',
  UNDELIV: 'failed',
  REJECTD: 'failed',
  SKIPPED: 'failed',
  ACCEPTD: 'pending',
  ENROUTE: 'pending',
  UNKNOWN: 'pending',
  SCHEDULED: 'pending',
};

/** esm_class message type bits (2–5): 0001 MC delivery receipt, 1000 intermediate delivery notification. */
const ESM_TYPE_MASK = 0x3c;
const ESM_RECEIPT = 0x04;
const ESM_INTERMEDIATE = 0x20;

/**
 * Reads a delivery receipt from `deliver_sm` fields; undefined when it is not one (a mobile-originated SMS). The
 * TLVs win over the text: `receipted_message_id` over `id:`, `message_state` over `stat:`.
 */
export function parseDeliveryReceipt(pdu: { readonly [field: string]: unknown }): ParsedReceipt | undefined {
  const esm = typeof pdu.esm_class === 'number' ? pdu.esm_class & ESM_TYPE_MASK : 0;
  const text = messageText(pdu.short_message) || messageText(pdu.message_payload);
  const textId = /(?:^|\s)id:(\S+)/i.exec(text)?.[1];
  const textStat = /(?:^|\s)stat:(\S+)/i.exec(text)?.[1]?.toUpperCase();
  const err = /(?:^|\s)err:(\S+)/i.exec(text)?.[1];
  const claimsReceipt = esm === ESM_RECEIPT || esm === ESM_INTERMEDIATE;
  if (!claimsReceipt && (textId === undefined || textStat === undefined)) return undefined;
  const tlvId =
    typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id !== ''
      ? pdu.receipted_message_id
      : undefined;
  const messageId = tlvId ?? textId;
  if (messageId === undefined) return undefined;
  const fromTlv = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;
  const [stat, state]: [string, ParsedReceipt['state']] =
    fromTlv ?? (textStat === undefined ? ['UNKNOWN', 'pending'] : [textStat, TEXT_STATES[textStat] ?? 'pending']);
  // An intermediate notification is never final, whatever it says.
  const final = esm === ESM_INTERMEDIATE ? 'pending' : state;
  return { messageId, state: final, stat, ...(err === undefined ? {} : { err }) };
}

function messageText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'object' && value !== null && 'message' in value) return messageText(value.message);
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// the channel
// ---------------------------------------------------------------------------------------------------------------

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly systemId: string;
  readonly password: string;
}

/** Reads `smpp://system_id:password@host:port` (`ssmpp://` for TLS; default ports 2775 and 3550). */
export function parseSmppUrl(url: string): Endpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('sms: the SMPP URL is not a URL (smpp://system_id:password@host:port)');
  }
  const tls = u.protocol === 'ssmpp:' || u.protocol === 'smpps:';
  if (!tls && u.protocol !== 'smpp:') throw new Error('sms: the SMPP URL must start with smpp:// or ssmpp://');
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error('sms: the SMPP URL names no host');
  return {
    host,
    port: u.port === '' ? (tls ? 3550 : 2775) : Number(u.port),
    tls,
    systemId: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/** One TCP connection with its session and the requests waiting for an answer on it. */
interface Link {
  readonly session: smpp.Session;
  bound: boolean;
  readonly pending: Set<(err: Error) => void>;
}

/** The segments of one sent message, to turn per-segment receipts into one report. */
interface Sent {
  readonly providerMessageId: string;
  readonly waiting: Set<string>;
  done: boolean;
}

const MAX_TRACKED = 20_000;

class SmppChannel implements SmsChannel {
  readonly name = 'sms' as const;
  private link: Link | undefined;
  private closed = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private enquireTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<{ resolve: () => void; reject: (err: Error) => void }>();
  private readonly listeners: ((report: DeliveryReport) => void)[] = [];
  private readonly sent = new Map<string, Sent>();
  private readonly endpoint: Endpoint;
  private readonly source: SmppAddress;
  private readonly log: Logger | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SmsChannelOptions) {
    const fromUrl = options.url === undefined ? undefined : parseSmppUrl(options.url);
    const host = fromUrl?.host ?? options.host;
    if (host === undefined) throw new Error('sms: set `url` or `host`');
    const tls = fromUrl?.tls ?? options.tls ?? false;
    this.endpoint = {
      host,
      tls,
      port: fromUrl?.port ?? options.port ?? (tls ? 3550 : 2775),
      systemId: fromUrl?.systemId ?? options.systemId ?? '',
      password: fromUrl?.password ?? options.password ?? '',
    };
    const source = sourceAddress(options.sourceAddr);
    this.source = {
      addr: source.addr,
      ton: options.sourceTon ?? source.ton,
      npi: options.sourceNpi ?? source.npi,
    };
    this.log = options.logger;
    this.now = options.now ?? Date.now;
    this.connect();
  }

  get bound(): boolean {
    return this.link?.bound === true;
  }

  onDeliveryReport(listener: (report: DeliveryReport) => void): void {
    this.listeners.push(listener);
  }

  waitUntilBound(timeoutMs = this.options.connectTimeoutMs ?? 15_000): Promise<void> {
    if (this.closed) return Promise.reject(new RetryableChannelError('sms: the channel is closed'));
    if (this.bound) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(err);
        },
      };
      const timer = setTimeout(
        () => waiter.reject(new RetryableChannelError(`sms: no bound SMPP session within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.add(waiter);
    });
  }

  async send(message: OutgoingMessage): Promise<Accepted> {
    const destination = destinationAddress(message.to);
    const encoded = encodeSms(message.text, concatReference(message.idempotencyKey));
    await this.waitUntilBound();
    const link = this.link!;
    const ids: string[] = [];
    const total = encoded.segments.length;
    for (const [i, segment] of encoded.segments.entries()) {
      const resp = await this.request(link, 'submit_sm', {
        source_addr_ton: this.source.ton,
        source_addr_npi: this.source.npi,
        source_addr: this.source.addr,
        dest_addr_ton: destination.ton,
        dest_addr_npi: destination.npi,
        destination_addr: destination.addr,
        esm_class: encoded.esmClass,
        registered_delivery: 1,
        data_coding: encoded.dataCoding,
        short_message: segment,
      });
      if (resp.command_status !== 0) {
        const note =
          total > 1 ? ` (segment ${i + 1} of ${total}${i > 0 ? '; earlier segments were accepted' : ''})` : '';
        this.log?.warn(
          { caseId: message.caseId, kind: message.kind, status: smppStatusName(resp.command_status), segment: i + 1 },
          'submit_sm refused',
        );
        throw submitError(resp.command_status, this.options.throttleRetryAfterMs, note);
      }
      ids.push(typeof resp.message_id === 'string' ? resp.message_id : '');
    }
    const providerMessageId = ids[0]!;
    this.track(providerMessageId, ids);
    this.log?.info({ caseId: message.caseId, kind: message.kind, providerMessageId, segments: total }, 'SMS accepted');
    return { providerMessageId };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.stopEnquireLink();
    for (const waiter of [...this.waiters]) waiter.reject(new RetryableChannelError('sms: the channel is closed'));
    const link = this.link;
    if (link === undefined) return;
    if (link.bound) await this.request(link, 'unbind', {}, 2_000).catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (link.session.socket.destroyed) return resolve();
      link.session.socket.once('close', () => resolve());
      link.session.destroy();
    });
  }

  // -- session lifecycle ----------------------------------------------------------------------------------------

  private connect(): void {
    if (this.closed) return;
    const { host, port, tls } = this.endpoint;
    const session = smpp.connect({ host, port, tls, ...(tls ? { servername: host } : {}) });
    const link: Link = { session, bound: false, pending: new Set() };
    this.link = link;
    session.on(tls ? 'secureConnect' : 'connect', () => this.bind(link));
    session.on('error', (err: NodeJS.ErrnoException) => {
      this.log?.warn({ code: err.code ?? err.message }, 'SMPP session error');
    });
    session.on('close', () => this.onClose(link));
    session.on('deliver_sm', (pdu: smpp.PDU) => this.onDeliverSm(link, pdu));
    session.on('enquire_link', (pdu: smpp.PDU) => {
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: smpp.PDU) => {
      link.bound = false;
      session.send(pdu.response(), () => session.close());
    });
  }

  private bind(link: Link): void {
    this.request(link, 'bind_transceiver', {
      system_id: this.endpoint.systemId,
      password: this.endpoint.password,
      system_type: this.options.systemType ?? '',
      interface_version: 0x34,
    }).then(
      (resp) => {
        if (resp.command_status !== 0) {
          this.log?.error({ status: smppStatusName(resp.command_status) }, 'SMPP bind refused');
          link.session.destroy();
          return;
        }
        link.bound = true;
        this.failures = 0;
        this.log?.info({ host: this.endpoint.host, port: this.endpoint.port }, 'SMPP session bound');
        this.startEnquireLink(link);
        for (const waiter of [...this.waiters]) waiter.resolve();
      },
      () => link.session.destroy(),
    );
  }

  private onClose(link: Link): void {
    link.bound = false;
    for (const fail of [...link.pending]) {
      fail(new RetryableChannelError('sms: the SMPP session closed before the SMSC answered'));
    }
    if (this.link !== link) return;
    this.link = undefined;
    this.stopEnquireLink();
    if (this.closed) return;
    const initial = this.options.reconnectInitialMs ?? 500;
    const delay = Math.min(this.options.reconnectMaxMs ?? 30_000, initial * 2 ** Math.min(this.failures, 16));
    this.failures += 1;
    this.log?.warn({ delayMs: delay }, 'SMPP session lost; reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private startEnquireLink(link: Link): void {
    this.stopEnquireLink();
    const every = this.options.enquireLinkMs ?? 30_000;
    if (every <= 0) return;
    this.enquireTimer = setInterval(() => {
      // No answer within the response timeout: request() drops the session, which reconnects.
      this.request(link, 'enquire_link', {}).catch(() => undefined);
    }, every);
    this.enquireTimer.unref();
  }

  private stopEnquireLink(): void {
    clearInterval(this.enquireTimer);
    this.enquireTimer = undefined;
  }

  /** Sends a request PDU and resolves with its response; a timeout or a closed session rejects (retryable). */
  private request(link: Link, command: string, fields: smpp.PduFields, timeoutMs?: number): Promise<smpp.PDU> {
    const wait = timeoutMs ?? this.options.responseTimeoutMs ?? 10_000;
    return new Promise<smpp.PDU>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.pending.delete(fail);
        reject(err);
      };
      const timer = setTimeout(() => {
        fail(new RetryableChannelError(`sms: no ${command}_resp within ${wait} ms`));
        link.session.destroy();
      }, wait);
      link.pending.add(fail);
      const written = link.session.send(new smpp.PDU(command, fields), (resp) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.pending.delete(fail);
        resolve(resp);
      });
      if (!written) fail(new RetryableChannelError('sms: the SMPP session is not connected'));
    });
  }

  // -- delivery receipts ----------------------------------------------------------------------------------------

  private onDeliverSm(link: Link, pdu: smpp.PDU): void {
    link.session.send(pdu.response());
    const receipt = parseDeliveryReceipt(pdu);
    if (receipt === undefined) {
      this.log?.info('deliver_sm that is not a delivery receipt ignored');
      return;
    }
    if (receipt.state === 'pending') return;
    const detail = `stat:${receipt.stat}${receipt.err === undefined ? '' : ` err:${receipt.err}`}`;
    const sent = this.lookup(receipt.messageId);
    if (sent === undefined) {
      this.emit({ providerMessageId: receipt.messageId, state: receipt.state, at: this.now(), detail });
      return;
    }
    if (sent.done) return;
    if (receipt.state === 'failed') {
      sent.done = true;
      this.emit({ providerMessageId: sent.providerMessageId, state: 'failed', at: this.now(), detail });
      return;
    }
    sent.waiting.delete(receipt.messageId.toLowerCase());
    if (sent.waiting.size === 0) {
      sent.done = true;
      this.emit({ providerMessageId: sent.providerMessageId, state: 'delivered', at: this.now(), detail });
    }
  }

  private track(providerMessageId: string, ids: readonly string[]): void {
    const sent: Sent = { providerMessageId, waiting: new Set(ids.map((id) => id.toLowerCase())), done: false };
    for (const id of sent.waiting) this.sent.set(id, sent);
    for (const key of this.sent.keys()) {
      if (this.sent.size <= MAX_TRACKED) break;
      this.sent.delete(key);
    }
  }

  /** The message a receipt is about. Some SMSCs write the hex id of submit_sm_resp in decimal in the receipt. */
  private lookup(messageId: string): Sent | undefined {
    const id = messageId.toLowerCase();
    const direct = this.sent.get(id);
    if (direct !== undefined || !/^\d{1,20}$/.test(id)) return direct;
    return this.sent.get(BigInt(id).toString(16));
  }

  private emit(report: DeliveryReport): void {
    this.log?.info({ providerMessageId: report.providerMessageId, state: report.state }, 'SMS delivery report');
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch (err) {
        this.log?.error({ err: err instanceof Error ? err.message : String(err) }, 'delivery report listener failed');
      }
    }
  }
}

/** Opens the SMPP channel: it connects and binds at once, so delivery receipts flow before the first send. */
export function createSmsChannel(options: SmsChannelOptions): SmsChannel {
  return new SmppChannel(options);
}
