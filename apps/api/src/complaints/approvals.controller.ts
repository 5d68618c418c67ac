/** `GET /approvals/pending` (docs/api.md): the plans waiting for the caller's approval tier (R-APR-1, R-APR-2). */
import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../common/api-error';
import { approverTier } from '@complaintflow/domain/approval';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CaseReads } from './case-reads';
import { ApprovalListDto } from './dto/query.dto';
import { ApiErrors } from './openapi';

/** R-APR-2: the requirement tiers a caller may approve — a higher tier also approves what a lower one may. */
export function approvableTiers(principal: Principal): string[] {
  const order = ['team_lead', 'supervisor', 'manager'];
  const tier = approverTier(principal.roles);
  return tier === 'none' ? [] : order.slice(0, order.indexOf(tier) + 1);
}

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly store: CaseReads) {}

  @Get('pending')
  @Roles('team_lead', 'supervisor', 'manager')
  @ApiOperation({
    summary: '待我审批的方案 / Plans waiting for my approval',
    description: '按审批层级(R-APR-2:经理可审批主管层级)列出待审批方案,不含本人提出的方案;最早提出的在前。',
  })
  @ApiQuery({
    name: 'include',
    required: false,
    enum: ['own'],
    description: 'own:同时列出本人提出的方案(mine 为 true,仅供查看,不能审批)',
  })
  @ApiOkResponse({ type: ApprovalListDto })
  @ApiErrors(400, 401, 403, 429)
  async pending(@CurrentPrincipal() principal: Principal, @Query('include') include?: unknown) {
    if (include !== undefined && include !== 'own') {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', 'include must be own.', [
        { field: 'include', reason: 'must be own' },
      ]);
    }
    return this.store.pendingApprovals(principal, approvableTiers(principal), Date.now(), include === 'own');
  }
}
