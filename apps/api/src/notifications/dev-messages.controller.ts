/**
 * `GET /dev/messages` — only when AUTH_MODE=dev (404 otherwise): the messages the relay kept (`held`) because their
 * channel (e-mail, SMS) is not configured, rendered as they would have gone out, addresses masked. An HTML page with
 * a banner saying they were NOT sent; JSON with `Accept: application/json`.
 */
import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '@complaintflow/config';
import { Public } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { APP_CONFIG } from '../tokens';
import type { heldMessageView } from './notification-views';
import { NotificationsService } from './notifications.service';

export const NOT_SENT_BANNER =
  '这些消息并未发送:对应渠道(电子邮件/短信)未配置。/ These messages were NOT sent because the channel is not configured.';

const escape = (s: string | null | number) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(items: ReturnType<typeof heldMessageView>[]): string {
  const rows = items
    .map(
      (m) => `<article>
  <h2>${escape(m.subject)}</h2>
  <p class="meta">#${escape(m.id)} · ${escape(m.channel)} → ${escape(m.recipient.address ?? m.recipient.id ?? m.recipient.kind)} ·
  ${escape(m.kind)} · 工单 ${escape(m.caseId)} · ${escape(m.createdAt)}</p>
  <pre>${escape(m.body)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>未发送的消息 / Messages not sent</title>
<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}.banner{background:#fde68a;border:2px solid #b45309;
padding:1rem;font-weight:bold}article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#555}
pre{white-space:pre-wrap}</style></head>
<body><div class="banner" role="alert">${escape(NOT_SENT_BANNER)}</div>
<h1>开发环境消息 / Development messages (${items.length})</h1>
${rows || '<p>暂无 / None yet.</p>'}
</body></html>`;
}

@ApiExcludeController()
@Controller('dev/messages')
export class DevMessagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  @Public()
  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.AUTH_MODE !== 'dev') throw new ApiError(HttpStatus.NOT_FOUND, 'RESOURCE.NOT_FOUND', 'Not found.');
    const items = await this.notifications.held();
    if (req.accepts(['text/html', 'application/json']) === 'application/json') {
      res.json({ notice: NOT_SENT_BANNER, items });
      return;
    }
    res.type('html').send(page(items));
  }
}
