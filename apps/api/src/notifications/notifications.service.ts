/**
 * The notification relay seen from the API (docs/adr/0011-notification-relay-on-temporal.md): a staff member's inbox
 * (their `channel = 'inbox'` deliveries), the admin's parked messages and their retry, a case's deliveries for the
 * case view, and the development page's held messages. The SQL is in `@complaintflow/persistence`.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { retryWorkflowId, startRelay } from '@complaintflow/activities/notify/start';
import type { AppConfig } from '@complaintflow/config';
import {
  DELIVERY_STATUSES,
  NotificationDeliveriesRepository,
  type DeliveryStatus,
} from '@complaintflow/persistence/repositories/notification-deliveries';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { adminDeliveryView, caseNotificationView, heldMessageView, inboxItemView } from './notification-views';

/** A delivery id from the path: a positive integer, else nothing is found (404, not 400: ids are opaque). */
export function deliveryIdOf(raw: string): number {
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : 0;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly deliveries: NotificationDeliveriesRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `GET /me/notifications`: the caller's inbox, newest first, and how many are unread. */
  async inbox(userId: string, limit?: number) {
    const [items, unread] = await Promise.all([
      this.deliveries.inbox(userId, limit === undefined ? {} : { limit }),
      this.deliveries.unreadCount(userId),
    ]);
    return { items: items.map(inboxItemView), unread };
  }

  /** `POST /me/notifications/:id/read`: only one's own (someone else's id is 404, as an unknown one). */
  async markRead(userId: string, rawId: string) {
    const id = deliveryIdOf(rawId);
    if (!(await this.deliveries.markRead(id, userId))) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'NOTIFICATION.NOT_FOUND', '没有这条通知 / No such notification.');
    }
    return { id, read: true, unread: await this.deliveries.unreadCount(userId) };
  }

  /** `GET /admin/notifications?status=parked`: deliveries in one state, newest first. */
  async list(rawStatus: string | undefined) {
    const status = (rawStatus ?? 'parked') as DeliveryStatus;
    if (!DELIVERY_STATUSES.includes(status)) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', `status 取值:${DELIVERY_STATUSES.join(', ')}`, [
        { field: 'status', reason: `one of ${DELIVERY_STATUSES.join(', ')}` },
      ]);
    }
    return { status, items: (await this.deliveries.withStatus(status)).map(adminDeliveryView) };
  }

  /**
   * `POST /admin/notifications/:id/retry`: a parked (or failed, or held) delivery goes back to `pending` and a relay run
   * of its own sends it again; if that run cannot be started it is parked again and the caller is told to retry.
   */
  async retry(rawId: string) {
    const id = deliveryIdOf(rawId);
    const row = await this.deliveries.reopenForRetry(id);
    if (!row) {
      const existing = await this.deliveries.byId(id);
      if (!existing)
        throw new ApiError(HttpStatus.NOT_FOUND, 'NOTIFICATION.NOT_FOUND', '没有这条通知 / No such notification.');
      throw new ApiError(
        HttpStatus.CONFLICT,
        'NOTIFICATION.NOT_RETRYABLE',
        `该通知状态为 ${existing.status},无需重试 / The notification is ${existing.status}: nothing to retry.`,
      );
    }
    const workflowId = retryWorkflowId(row.caseId, row.seq, row.id, row.attempts);
    try {
      await startRelay(
        { client: this.temporal, taskQueue: this.config.TEMPORAL_TASK_QUEUE },
        { caseId: row.caseId, seq: row.seq, deliveryIds: [row.id] },
        workflowId,
      );
    } catch {
      await this.deliveries.settle(row.id, 'parked', null);
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'SERVICE.UNAVAILABLE',
        '暂时无法重新发送,请稍后再试 / The retry could not be started; try again shortly.',
      );
    }
    return { id: row.id, status: row.status, workflowId };
  }

  /** The case view's `notifications`: every delivery of the case, in order. */
  async forCase(caseId: string) {
    return (await this.deliveries.forCase(caseId)).map(caseNotificationView);
  }

  /** The development page: messages kept because their channel is not configured (`held`). */
  async held() {
    return (await this.deliveries.withStatus('held', 200)).map(heldMessageView);
  }
}
