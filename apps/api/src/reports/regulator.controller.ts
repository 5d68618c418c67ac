/**
 * The regulator's month (docs/api.md Reports, R-REG-1, R-REG-3):
 *
 * - `GET /reports/regulator-monthly?month=YYYY-MM`: the stored monthly valid-appeal report (404 until generated).
 * - `POST /reports/regulator-monthly/:month/run` (admin): runs the `regulatorMonthlyReport` workflow now (202).
 * - `POST /reports/regulator-monthly/:month/reconciliation`: the regulator's valid-appeal list as a raw CSV or XLSX
 *   body (at most 2 MB and 5000 rows; synchronous), matched to our cases; stores and answers the differences.
 * - `GET /reports/regulator-monthly/:month/reconciliation`: the month's latest import and its result.
 */
import { Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REPORT_FORMATS, headerLanguage, reportFile, reportFormat, type ReportFormat } from './export';
import { regulatorTables } from './regulator-export';
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@complaintflow/config';
import { RegulatorReportsRepository } from '@complaintflow/persistence/repositories/regulator-reports';
import {
  REGULATOR_MONTHLY_REPORT_WORKFLOW,
  type RegulatorMonthlyReportInput,
} from '@complaintflow/workflows/reports/regulator-monthly-report';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { reconcile } from './regulator-reconciliation';
import {
  CSV_MEDIA_TYPES,
  parseRegulatorList,
  RegulatorListError,
  RECONCILIATION_MAX_ROWS,
  XLSX_MEDIA_TYPE,
} from './regulator-upload';

const REPORT_ROLES = ['supervisor', 'manager', 'auditor', 'admin'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthOf(month: string | undefined): string {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', '月份须为 YYYY-MM 格式。', [
      { field: 'month', reason: 'must be YYYY-MM', value: month ?? null },
    ]);
  }
  return month;
}

/** The workflow id of an admin's run of a month (one at a time; a finished one may run again). */
export function regulatorReportRunId(month: string): string {
  return `regulator-monthly-report:${month}`;
}

/** `?format=`: one of the export formats, else 400 naming the field. */
export function exportFormat(format: string | undefined): ReportFormat | undefined {
  if (format === undefined) return undefined;
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', '请求内容有误,请按各字段的原因修改。', [
    { field: 'format', reason: `must be one of the following values: ${REPORT_FORMATS.join(', ')}` },
  ]);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/regulator-monthly')
export class RegulatorController {
  private readonly reports: RegulatorReportsRepository;

  constructor(
    dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reports = new RegulatorReportsRepository(dataSource);
  }

  @Get()
  @Roles(...REPORT_ROLES)
  @ApiOperation({
    summary: '监管部门月度有效申诉报表 / The regulator monthly report',
    description:
      '每月1日(北京时间)自动生成上月报表:各有效申诉的责任网点、件数、罚款(每票1000元,R-REG-1)及可否申诉(R-REG-3)。',
  })
  @ApiQuery({ name: 'month', example: '2025-10' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx', 'html'] })
  async get(
    @Query('month') month?: string,
    @Query('format') format?: string,
    @Headers('accept') accept?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const m = monthOf(month);
    const wanted = exportFormat(format);
    const report = await this.reports.byMonth(m);
    if (!report) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'REPORT.NOT_GENERATED', `${m} 的监管部门月度报表尚未生成。`, [
        { month: m, en: 'The report of this month has not been generated yet.' },
      ]);
    }
    const as = reportFormat(wanted, accept, REPORT_FORMATS);
    if (as === 'json') return report;
    const lang = headerLanguage(acceptLanguage);
    const tables = regulatorTables(report);
    return reportFile(as, tables, lang, `regulator-monthly-${m}`, tables[0].title[lang]);
  }

  @Post(':month/run')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: '立即生成月度报表 / Run the monthly report now',
    description: '启动 regulatorMonthlyReport 工作流;重复生成同一月份得到相同的报表(R-REG-1)。',
  })
  @ApiParam({ name: 'month', example: '2025-10' })
  async run(@Param('month') month: string, @CurrentPrincipal() principal: Principal) {
    const m = monthOf(month);
    const input: RegulatorMonthlyReportInput = { month: m, trigger: `admin:${principal.sub}` };
    const handle = await this.temporal.workflow.start(REGULATOR_MONTHLY_REPORT_WORKFLOW, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: regulatorReportRunId(m),
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [input],
    });
    return { month: m, workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  }

  @Post(':month/reconciliation')
  @Roles('supervisor', 'manager', 'admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '导入监管部门有效申诉清单并对账 / Reconcile the regulator list',
    description:
      `请求体为 CSV(text/csv)或 XLSX 文件本身,至多 2 MB、${RECONCILIATION_MAX_ROWS} 行(同步处理)。` +
      '表头含“申诉编号”或“运单号”,可选“责任网点”“件数”“罚款金额(元)”。按申诉编号、其次运单号匹配我方案件,' +
      '返回双方差异、各网点罚款及不得申诉的网点(R-REG-3);错误行给出行号、列与原因。',
  })
  @ApiParam({ name: 'month', example: '2025-10' })
  async reconcileUpload(
    @Param('month') month: string,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
    @Headers('content-type') contentType?: string,
  ) {
    const m = monthOf(month);
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', '请上传监管部门的有效申诉清单(CSV 或 XLSX)。');
    }
    const fileType = (contentType ?? '').toLowerCase().startsWith(XLSX_MEDIA_TYPE)
      ? 'xlsx'
      : CSV_MEDIA_TYPES.some((t) => (contentType ?? '').toLowerCase().startsWith(t))
        ? 'csv'
        : null;
    if (fileType === null) {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        '请以 CSV 或 XLSX 上传。',
      );
    }
    const report = await this.reports.byMonth(m);
    if (!report) {
      throw new ApiError(
        HttpStatus.NOT_FOUND,
        'REPORT.NOT_GENERATED',
        `${m} 的监管部门月度报表尚未生成,请先生成再对账。`,
      );
    }
    let parsed;
    try {
      parsed = await parseRegulatorList(body, fileType);
    } catch (err) {
      if (!(err instanceof RegulatorListError)) throw err;
      const status = err.code === 'REQUEST.TOO_MANY_ROWS' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
      throw new ApiError(status, err.code, err.reason, err.errors);
    }
    const known = await this.reports.appealCasesByReference(
      parsed.rows.flatMap((r) => (r.externalRef === null ? [] : [r.externalRef])),
      parsed.rows.flatMap((r) => (r.waybillNo === null ? [] : [r.waybillNo])),
    );
    const result = reconcile(report, parsed.rows, known);
    return this.reports.insertReconciliation({
      month: m,
      status: 'done',
      fileType,
      fileBytes: body.length,
      totalRows: parsed.totalRows,
      errors: parsed.errors,
      uploadedBy: principal.sub,
      result,
    });
  }

  @Get(':month/reconciliation')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: '最近一次对账结果 / The latest reconciliation of a month' })
  @ApiParam({ name: 'month', example: '2025-10' })
  async latest(@Param('month') month: string) {
    const m = monthOf(month);
    const found = await this.reports.latestReconciliation(m);
    if (!found) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'RECONCILIATION.NOT_FOUND', `${m} 尚未导入监管部门的有效申诉清单。`);
    }
    return found;
  }
}
