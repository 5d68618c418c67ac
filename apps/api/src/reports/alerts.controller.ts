/**
 * `GET /reports/alerts` (docs/api.md Reports, R-RPT-2, R-CAT-3): the early warnings the hourly detector raised
 * (docs/adr/0014-early-warning.md), newest window first; filters `since` (ISO-8601: windows ending after it),
 * `outlet`, `category`, `limit`. An outlet-level user sees their own outlet's only.
 */
import { Controller, Get, Headers, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CATEGORY_IDS, type Category } from '@complaintflow/domain/vocabulary';
import { ReportAlertsRepository } from '@complaintflow/persistence/repositories/report-alerts';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { REPORT_FORMATS, headerLanguage, reportFile, reportFormat } from './export';
import { exportFormat } from './regulator.controller';
import { alertsTable } from './regulator-export';

const SAFE = /^[A-Za-z0-9._:@-]{1,64}$/;

function invalid(field: string, reason: string, value: unknown): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', '请求内容有误,请按各字段的原因修改。', [
    { field, reason, value: value ?? null },
  ]);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/alerts')
export class AlertsController {
  private readonly alerts: ReportAlertsRepository;

  constructor(dataSource: DataSource) {
    this.alerts = new ReportAlertsRepository(dataSource);
  }

  @Get()
  @Roles('supervisor', 'manager', 'auditor', 'admin')
  @ApiOperation({
    summary: '投诉预警 / Early warnings',
    description:
      '各网点×类别的投诉数与其自身基线比较(泊松控制上限,最少件数;延误、服务态度、未及时赔付阈值更严,R-CAT-3)。' +
      '每小时检测,同一时段只预警一次(R-RPT-2)。',
  })
  @ApiQuery({ name: 'since', required: false, example: '2025-11-01T00:00:00Z' })
  @ApiQuery({ name: 'outlet', required: false, example: 'SH-001' })
  @ApiQuery({ name: 'category', required: false, example: 'delay' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx', 'html'] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('since') since?: string,
    @Query('outlet') outlet?: string,
    @Query('category') category?: string,
    @Query('limit') limit?: string,
    @Query('format') format?: string,
    @Headers('accept') accept?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const as = reportFormat(exportFormat(format), accept, REPORT_FORMATS);
    const sinceMs = since === undefined ? undefined : Date.parse(since);
    if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw invalid('since', 'must be an ISO-8601 date-time', since);
    if (outlet !== undefined && !SAFE.test(outlet)) throw invalid('outlet', 'must be an outlet code', outlet);
    if (category !== undefined && !CATEGORY_IDS.includes(category as Category)) {
      throw invalid('category', `must be one of ${CATEGORY_IDS.join(', ')}`, category);
    }
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isSafeInteger(n) || n < 1 || n > 500) throw invalid('limit', 'must be an integer from 1 to 500', limit);
    // An outlet-level user sees their own outlet's alerts only.
    const scoped = principal.outlet ?? outlet;
    const alerts =
      principal.outlet !== undefined && outlet !== undefined && outlet !== principal.outlet
        ? []
        : await this.alerts.list({
            ...(sinceMs !== undefined ? { since: sinceMs } : {}),
            ...(scoped !== undefined ? { outlet: scoped } : {}),
            ...(category !== undefined ? { category } : {}),
            limit: n,
          });
    if (as === 'json') return { alerts };
    const lang = headerLanguage(acceptLanguage);
    const table = alertsTable(alerts);
    return reportFile(as, [table], lang, 'early-warnings', table.title[lang]);
  }
}
