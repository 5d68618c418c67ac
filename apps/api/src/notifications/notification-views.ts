/** The API shapes of deliveries (docs/api.md v2): inbox lines, the admin's list, the case view's `notifications`. */
import type { DeliveryRow, InboxItem } from '@complaintflow/persistence/repositories/notification-deliveries';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** `GET /me/notifications` item: `{ id, kind, caseId, at, read, title }`. */
export function inboxItemView(i: InboxItem) {
  return { id: i.id, kind: i.kind, caseId: i.caseId, at: iso(i.at), read: i.read, title: i.title };
}

export type InboxItemView = ReturnType<typeof inboxItemView>;

/** To whom, as anyone who may see the case may see it: a staff id, the customer; addresses masked (R-SEC-1). */
function recipientView(d: DeliveryRow) {
  return {
    kind: d.recipientKind,
    id: d.recipientKind === 'staff' ? d.recipientId : null,
    address: d.addressMasked,
  };
}

/** One line of the case view's `notifications`: what was sent, to whom (masked), on which channel, in which state. */
export function caseNotificationView(d: DeliveryRow) {
  return {
    id: d.id,
    seq: d.seq,
    kind: d.kind,
    channel: d.channel,
    recipient: recipientView(d),
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    sentAt: iso(d.sentAt),
    deliveredAt: iso(d.deliveredAt),
    readAt: iso(d.readAt),
    nextAttemptAt: iso(d.nextAttemptAt),
  };
}

export type CaseNotificationView = ReturnType<typeof caseNotificationView>;

/** `GET /admin/notifications` item: the case view's line and the message's subject. */
export function adminDeliveryView(d: DeliveryRow) {
  return { ...caseNotificationView(d), caseId: d.caseId, subject: d.subject };
}

/** A held message on the development page: everything rendered, the address masked. */
export function heldMessageView(d: DeliveryRow) {
  return { ...adminDeliveryView(d), body: d.body, language: d.language };
}
