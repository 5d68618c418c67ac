/** `/complaints`: intake, list/search, detail, and the customer link for a case (docs/api.md Complaints). */
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AppConfig } from '@complaintflow/config';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdempotencyInterceptor, IdempotencyKey } from '../common/idempotency.interceptor';
import { StrictValidationPipe } from '../common/validation';
import { APP_CONFIG, AUTH_SECRET } from '../tokens';
import { ActionsService } from './actions.service';
import { CaseReads } from './case-reads';
import { IntakeDto, IntakeResponseDto } from './dto/intake.dto';
import { CaseListDto, ListComplaintsQuery, PublicLinkDto, PublicLinkRequestDto } from './dto/query.dto';
import { IntakeService } from './intake.service';
import { signPublicLink } from '@complaintflow/integrations/public-link';
import { ApiErrors, CaseViewDoc, IDEMPOTENCY_HEADER } from './openapi';

// Every staff role reads cases: a team lead (R-APR-1, the lowest approval tier, R-SLA-8 the first escalation tier)
// opens the case it is asked to approve or was escalated to.
const STAFF = ['agent', 'investigator', 'team_lead', 'supervisor', 'manager', 'auditor', 'admin'] as const;

@ApiTags('complaints')
@ApiBearerAuth()
@UsePipes(StrictValidationPipe)
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly intakes: IntakeService,
    private readonly actions: ActionsService,
    private readonly store: CaseReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  @Post()
  @Roles('agent', 'admin')
  @ApiOperation({
    summary: '受理投诉 / Intake a complaint',
    description:
      '校验投诉要素(R-ACC-1/2、R-CH-1),识别重复投诉(R-CAT-4),加密保存投诉人信息(R-SEC-1),启动工单流程。' +
      '同一 Idempotency-Key 同一请求返回同一工单(200,Idempotent-Replayed: true);不同请求 422。' +
      '已登记的申诉编号(externalRef)返回原工单(200)。',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: IntakeDto })
  @ApiResponse({ status: 201, type: IntakeResponseDto, description: '新工单' })
  @ApiResponse({ status: 200, type: IntakeResponseDto, description: '幂等重放或已登记的申诉' })
  @ApiErrors(400, 401, 403, 413, 422, 429, 503)
  @UseInterceptors(IdempotencyInterceptor)
  intake(@CurrentPrincipal() principal: Principal, @Body() body: IntakeDto, @IdempotencyKey() key: string | undefined) {
    return this.intakes.intake(principal, body, key);
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({
    summary: '工单列表与检索 / List and search cases',
    description: '按阶段、类别、网点(发件或派件)、紧急程度、升级层级、是否超时筛选;q 检索运单号、渠道编号与投诉描述。',
  })
  @ApiOkResponse({ type: CaseListDto })
  @ApiErrors(400, 401, 403, 429)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListComplaintsQuery) {
    return this.store.list(
      principal,
      {
        stage: query.stage,
        category: query.category,
        outlet: query.outlet,
        urgency: query.urgency,
        escalationLevel: query.escalationLevel,
        overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
        q: query.q?.trim(),
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 50,
        sort: query.sort ?? '-receivedAt',
      },
      Date.now(),
    );
  }

  @Get(':id')
  @Roles(...STAFF)
  @ApiOperation({
    summary: '工单详情 / One case',
    description:
      '阶段、负责人、时限(实时状态)、责任认定、建议赔偿、方案、审批、联系记录、协商轮次、底限方案、满意度。审计员看到的个人信息已脱敏。',
  })
  @ApiParam({ name: 'id', example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' })
  @ApiOkResponse({ type: CaseViewDoc })
  @ApiErrors(401, 403, 404, 429)
  async detail(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.actions.visibleCase(principal, id);
    return this.actions.view(principal, row, row.state);
  }

  @Post(':id/public-link')
  @Roles('agent', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '生成客户链接 / Customer link for a case',
    description: '签名、限时(7 天)、限定用途的链接令牌:response 用于确认处理结果(一次性),survey 用于满意度调查。',
  })
  @ApiParam({ name: 'id', example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' })
  @ApiBody({ type: PublicLinkRequestDto })
  @ApiOkResponse({ type: PublicLinkDto })
  @ApiErrors(400, 401, 403, 404, 429)
  async publicLink(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: PublicLinkRequestDto,
  ): Promise<PublicLinkDto> {
    await this.actions.visibleCase(principal, id);
    const { token, claims } = signPublicLink(id, body.purpose, this.secret);
    const base = (this.config.PUBLIC_BASE_URL ?? `http://${this.config.HOST}:${this.config.PORT}`).replace(/\/+$/, '');
    return {
      token,
      url: `${base}/public/cases/${token}/${body.purpose}`,
      expiresAt: new Date(claims.expiresAt).toISOString(),
    };
  }
}
