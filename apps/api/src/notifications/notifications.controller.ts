/**
 * The in-app inbox (docs/api.md v2): `GET /me/notifications`, `POST /me/notifications/:id/read`,
 * `GET /me/notifications/stream` (Server-Sent Events; the token may come as `?access_token=` on this route only,
 * since a browser's EventSource cannot set headers); and the admin's `GET /admin/notifications?status=parked`,
 * `POST /admin/notifications/:id/retry`.
 */
import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  type MessageEvent,
  Param,
  Post,
  Query,
  Sse,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { InboxHub } from './inbox-hub';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class MeNotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly hub: InboxHub,
  ) {}

  @Get()
  @ApiOperation({
    summary: '我的通知 / My notifications',
    description: '站内通知,最新的在前;unread 为未读数。',
  })
  async list(@CurrentPrincipal() principal: Principal) {
    return this.notifications.inbox(principal.sub);
  }

  @Sse('stream')
  @ApiOperation({
    summary: '通知实时推送 / Live notifications (SSE)',
    description:
      'Server-Sent Events:每条新通知一个 `notification` 事件(id 为通知 id,断线重连时按 Last-Event-ID 补发),' +
      '每 15 秒一条心跳注释。浏览器 EventSource 无法设置请求头,本路由也接受 ?access_token=。',
  })
  @ApiQuery({ name: 'access_token', required: false, description: '令牌(仅本路由;EventSource 用)' })
  stream(
    @CurrentPrincipal() principal: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Observable<MessageEvent> {
    const after = lastEventId && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    return this.hub.stream(principal.sub, after);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '标记已读 / Mark read', description: '只能标记自己的通知;他人的通知为 404。' })
  @ApiParam({ name: 'id', example: '42' })
  async read(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.notifications.markRead(principal.sub, id);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('admin/notifications')
@Roles('admin')
export class AdminNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: '通知投递状态 / Deliveries by state',
    description: '默认列出已搁置(parked)的通知:重试用尽或渠道拒收,附最后一次错误。',
  })
  @ApiQuery({ name: 'status', required: false, example: 'parked' })
  async list(@Query('status') status: string | undefined) {
    return this.notifications.list(status);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: '重新发送 / Retry a delivery', description: '已搁置的通知重新投递一次(新的投递流程)。' })
  @ApiParam({ name: 'id', example: '42' })
  async retry(@Param('id') id: string) {
    return this.notifications.retry(id);
  }
}
