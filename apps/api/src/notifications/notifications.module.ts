/**
 * Notifications (issue 11; docs/adr/0011-notification-relay-on-temporal.md): the in-app inbox with its live stream,
 * the admin's parked messages and retry, and the development page of held messages. Exports `NotificationsService`
 * (its `forCase` is the case view's `notifications`).
 */
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { NotificationDeliveriesRepository } from '@complaintflow/persistence/repositories/notification-deliveries';
import { DevMessagesController } from './dev-messages.controller';
import { InboxHub } from './inbox-hub';
import { AdminNotificationsController, MeNotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The stream's path: the only route that takes the token as `?access_token=`. */
export const STREAM_PATH = 'me/notifications/stream';

/**
 * A browser's EventSource cannot send an Authorization header: on the stream route only, `?access_token=` stands in
 * for it (before the guards run; a header, when sent, wins). Request logs carry the path without the query.
 */
export function accessTokenFromQuery(req: Request, _res: Response, next: NextFunction): void {
  const token = req.query.access_token;
  if (typeof token === 'string' && token !== '' && !req.headers.authorization) {
    req.headers.authorization = `Bearer ${token}`;
  }
  next();
}

@Module({
  controllers: [MeNotificationsController, AdminNotificationsController, DevMessagesController],
  providers: [
    {
      provide: NotificationDeliveriesRepository,
      useFactory: (ds: DataSource) => new NotificationDeliveriesRepository(ds),
      inject: [getDataSourceToken()],
    },
    InboxHub,
    NotificationsService,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(accessTokenFromQuery).forRoutes({ path: STREAM_PATH, method: RequestMethod.GET });
  }
}
