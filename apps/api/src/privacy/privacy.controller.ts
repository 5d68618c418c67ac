/**
 * Personal data on request and on schedule (issue 15, docs/adr/0019-personal-data-free-text-retention.md):
 * `POST /privacy/subject-access` (admin) exports everything held about one person, found by phone or e-mail through
 * the keyed hash, and is recorded; `POST /admin/retention/run` (admin) runs the retention sweep now (the service runs
 * it on its own every `PII_RETENTION_SWEEP_MINUTES`).
 */
import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { bodySchema, DirectoryErrors } from '../directory/openapi';
import { parseBody, reasonLanguage } from '../directory/schemas';
import { ACCEPT_LANGUAGE } from '../directory/users.controller';
import { RetentionService, type RetentionRun } from './retention.service';
import { SUBJECT_ACCESS } from './schemas';
import { SubjectAccessService, type SubjectAccessExport } from './subject-access.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller()
export class PrivacyController {
  constructor(
    private readonly access: SubjectAccessService,
    private readonly retention: RetentionService,
  ) {}

  @Post('privacy/subject-access')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '个人信息查阅复制 / Export one person’s data (data-subject access request)',
    description:
      '按电话或电子邮件(经密钥哈希,从不以明文检索)找出此人的全部工单,返回管理员可见的完整案件视图(个人信息与' +
      '自由文本为明文)及其审计记录。每次导出都记入 personal_data_requests(操作人、时间、哈希键、工单、理由)。' +
      '联系方式放在请求体中,不会出现在网址或访问日志里。',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiBody({ schema: bodySchema(SUBJECT_ACCESS) })
  @ApiResponse({ status: 200, description: '{ format, version, generatedAt, subjectKeys, cases: [{ case, events }] }' })
  @DirectoryErrors(400, 401, 403, 429)
  subjectAccess(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<SubjectAccessExport> {
    return this.access.export(principal, parseBody(SUBJECT_ACCESS, body, reasonLanguage(acceptLanguage)));
  }

  @Post('admin/retention/run')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '立即执行个人信息保存期限清理 / Run the retention sweep now',
    description:
      '结案超过 PII_RETENTION_DAYS 天的工单:删除投诉人个人信息、隐去员工自由文本,审计链仍可校验,非个人数据保留供报表使用。',
  })
  @ApiResponse({ status: 200, description: '{ closedBefore, retentionDays, erased: [caseId], rowsRedacted }' })
  @DirectoryErrors(401, 403, 429)
  runRetention(): Promise<RetentionRun> {
    return this.retention.run();
  }
}
