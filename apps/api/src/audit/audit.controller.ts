/**
 * Audit endpoints (docs/api.md "Complaints", issue 6): a case's verified history and as-of state, the replay of its
 * workflow history against the deployed code, and the self-contained export bundle.
 */
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuditBundle, CaseHistoryView, CaseReplayReport } from '@complaintflow/audit';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('complaints')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get(':id/history')
  @Roles('agent', 'team_lead', 'investigator', 'supervisor', 'manager', 'auditor', 'admin')
  @ApiOperation({
    summary: '案件审计轨迹与历史状态 / Audit trail, chain verification and the case as of an instant',
    description:
      'Every audit row up to `asOf` with its hash and prevHash; `verified` and `problems` cover the whole stored ' +
      'chain (changed, deleted or reordered rows, and a tail cut short of the case row); `state` is the case folded ' +
      'from the rows as it stood at `asOf` (default now).',
  })
  @ApiParam({ name: 'id', description: 'case id' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 instant, e.g. 2026-11-24T02:00:00Z' })
  @ApiResponse({ status: 200, description: '{ events, verified, problems, state, asOf, head }' })
  @ApiResponse({ status: 400, description: 'asOf is not an ISO-8601 instant' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query('asOf') asOf: unknown,
  ): Promise<CaseHistoryView> {
    return this.audit.history(principal, id, asOf);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: '以当前流程代码重放案件历史 / Replay the case workflow history against the deployed code',
    description:
      'Replays every run of the case workflow against the deployed workflow code and checks what the workflow ' +
      'recorded (its recordCaseEvents inputs and results) against case_events: ' +
      '`{ deterministic, eventsReplayed, auditChainVerified, mismatches }` plus the detail behind each.',
  })
  @ApiParam({ name: 'id', description: 'case id' })
  @ApiResponse({ status: 200, description: '{ deterministic, eventsReplayed, auditChainVerified, mismatches, … }' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({ status: 503, description: 'Temporal unreachable' })
  replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CaseReplayReport> {
    return this.audit.replay(principal, id);
  }

  @Get(':id/export')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: '导出自包含审计包 / Export a self-contained audit bundle',
    description:
      'The case row, every audit row with its hashes, the Temporal history (every run), the policy document, a ' +
      'format version and a SHA-256 digest. `npm run audit -- verify bundle.json` checks it offline.',
  })
  @ApiParam({ name: 'id', description: 'case id' })
  @ApiResponse({ status: 200, description: 'the audit bundle (JSON, served as an attachment)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuditBundle> {
    const bundle = await this.audit.export(principal, id);
    res.setHeader('Content-Disposition', `attachment; filename="case-${bundle.caseId}-audit.json"`);
    return bundle;
  }
}
