/**
 * A minimal SMSC for the SMS tests, speaking SMPP 3.4 with the `smpp` package's server: checks the bind, answers
 * `submit_sm` with an id and records it, sends delivery receipts when asked. Three destinations misbehave on purpose:
 * `SMSC_THROTTLED` (ESME_RTHROTTLED), `SMSC_INVALID` (ESME_RINVDSTADR) and `SMSC_SILENT` (the session dropped).
 */
import type { AddressInfo } from 'node:net';
import * as smpp from 'smpp';

export const SMSC_SYSTEM_ID = 'cf_esme';
export const SMSC_PASSWORD = 'pw123456';
export const SMSC_THROTTLED = '13900000058';
export const SMSC_INVALID = '10000000000';
export const SMSC_SILENT = '13700000000';

export interface Submitted {
  readonly pdu: smpp.PDU;
  readonly messageId: string;
  readonly text: string;
  readonly udh: Buffer | undefined;
}

/** A minimal SMSC: checks the bind, answers submit_sm, records everything, sends receipts when asked. */
export class LocalSmsc {
  readonly server: smpp.Server;
  readonly binds: { systemId: unknown; password: unknown; accepted: boolean }[] = [];
  readonly submitted: Submitted[] = [];
  readonly sessions: smpp.Session[] = [];
  private seq = 0x1f00;

  constructor() {
    this.server = smpp.createServer((session) => {
      this.sessions.push(session);
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu: smpp.PDU) => {
        const accepted = pdu.system_id === SMSC_SYSTEM_ID && pdu.password === SMSC_PASSWORD;
        this.binds.push({ systemId: pdu.system_id, password: pdu.password, accepted });
        session.send(pdu.response({ command_status: accepted ? 0 : smpp.errors.ESME_RINVPASWD! }));
      });
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('submit_sm', (pdu: smpp.PDU) => {
        if (pdu.destination_addr === SMSC_SILENT) {
          session.destroy(); // drops the session before answering
          return;
        }
        if (pdu.destination_addr === SMSC_THROTTLED) {
          return session.send(pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED! }));
        }
        if (pdu.destination_addr === SMSC_INVALID) {
          return session.send(pdu.response({ command_status: smpp.errors.ESME_RINVDSTADR! }));
        }
        const messageId = (++this.seq).toString(16);
        const sm = pdu.short_message as { message: string; udh?: Buffer[] };
        this.submitted.push({ pdu, messageId, text: sm.message, udh: sm.udh?.[0] });
        session.send(pdu.response({ message_id: messageId }));
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** The session bound last (the one the channel uses now). */
  get current(): smpp.Session {
    const live = this.sessions.filter((s) => !s.socket.destroyed);
    return live[live.length - 1]!;
  }

  /** Sends a delivery receipt on the current session and resolves with the deliver_sm_resp status. */
  receipt(messageId: string, stat: 'DELIVRD' | 'UNDELIV', withTlv = true): Promise<number> {
    const state = stat === 'DELIVRD' ? 2 : 5;
    return new Promise((resolve) => {
      this.current.deliver_sm(
        {
          source_addr: '13800138000',
          destination_addr: '106900001234',
          esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvr:${stat === 'DELIVRD' ? '001' : '000'} submit date:2505031405 done date:2505031406 stat:${stat} err:000 text:`,
          ...(withTlv ? { receipted_message_id: messageId, message_state: state } : {}),
        },
        (resp) => resolve(resp.command_status),
      );
    });
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
