/**
 * The part of the `smpp` package (0.5.1, no types of its own) that complaintflow uses: a client session, the server
 * the integration tests run as a local SMSC, PDUs, and the status and constant tables.
 */
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import { Server as NetServer, type Socket } from 'node:net';
  import type { ConnectionOptions } from 'node:tls';

  /** PDU fields by name (`system_id`, `short_message`, `message_id`, TLVs such as `receipted_message_id`, …). */
  export type PduFields = Record<string, unknown>;

  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    /** The response to this PDU (`submit_sm` → `submit_sm_resp`), same sequence number. */
    response(options?: PduFields): PDU;
  }

  type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    socket: Socket;
    /** Sends a PDU; false when the socket is not writable (then no callback is ever called). */
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    bind_transceiver(options: PduFields, responseCallback?: ResponseCallback): boolean;
    submit_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
    deliver_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
    enquire_link(options?: PduFields, responseCallback?: ResponseCallback): boolean;
    unbind(options?: PduFields, responseCallback?: ResponseCallback): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export interface ConnectOptions extends ConnectionOptions {
    url?: string;
    host?: string;
    port?: number;
    tls?: boolean;
    auto_enquire_link_period?: number;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function createServer(options: PduFields, listener?: (session: Session) => void): Server;
  export function createServer(listener?: (session: Session) => void): Server;

  /** Command status codes by name (`ESME_ROK`, `ESME_RTHROTTLED`, …). */
  export const errors: Readonly<Record<string, number>>;

  export const consts: {
    readonly ESM_CLASS: Readonly<Record<string, number>>;
    readonly MESSAGE_STATE: Readonly<Record<string, number>>;
    readonly REGISTERED_DELIVERY: Readonly<Record<string, number>>;
    readonly ENCODING: Readonly<Record<string, number>>;
    readonly TON: Readonly<Record<string, number>>;
    readonly NPI: Readonly<Record<string, number>>;
  };
}
