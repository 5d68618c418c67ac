/**
 * `GET /reports/assessment?from=&to=&by=handler|outlet` (R-RPT-3, R-REV-3): for the cases closed in the period
 * (Beijing dates, inclusive), per handler (the case owner) or per origin outlet — timeliness (clocks met in time over
 * clocks due), quality (survey mean, reopened cases, dissatisfied surveys) and compliance (share of cases without a
 * breached statutory clock), by `assessHandling`; and the survey summary for the leadership (R-REV-3: how many, the
 * mean of each dimension, dissatisfied). As JSON, CSV (the assessment) or XLSX (both sheets).
 */
import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { assessmentLines, type AssessedCase, type AssessmentLine } from '@complaintflow/domain/reports/assessment';
import { surveyTotals, type SurveyTotals } from '@complaintflow/domain/reports/summary';
import { SURVEY_DIMENSIONS, SURVEY_DIMENSION_IDS, type SurveyDimension } from '@complaintflow/domain/survey';
import { ReportRollupsRepository, type AssessedCaseRow } from '@complaintflow/persistence/repositories/report-rollups';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { headerLanguage, reportFile, reportFormat, type HeaderLanguage, type ReportTable } from './export';
import { REPORT_ROLES } from './summary.controller';
import { ASSESSMENT_QUERY, parseQuery, reportOutlet } from './summary.schema';

const round = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

/** The assessed case of a row (R-RPT-3). */
export function assessedCase(r: AssessedCaseRow): AssessedCase {
  return {
    ...(r.handler ? { handler: r.handler } : {}),
    ...(r.outlet ? { outlet: r.outlet } : {}),
    deadlinesMet: r.deadlinesMet,
    deadlinesTotal: r.deadlinesTotal,
    satisfaction: r.survey?.mean ?? null,
    compliant: r.compliant,
    reopened: r.reopened,
    dissatisfied: r.dissatisfied,
  };
}

/** R-REV-3: the survey results of the period's closed cases. */
export function surveySummary(rows: readonly AssessedCaseRow[]): SurveyTotals {
  const surveyed = rows.filter((r) => r.survey !== null);
  const sums = Object.fromEntries(
    SURVEY_DIMENSION_IDS.map((d) => [d, surveyed.reduce((n, r) => n + r.survey!.scores[d], 0)]),
  ) as Record<SurveyDimension, number>;
  return surveyTotals(surveyed.length, sums, surveyed.filter((r) => r.dissatisfied).length);
}

const COLUMNS = [
  { key: 'key', label: { zh: '考核对象', en: 'Assessed' } },
  { key: 'cases', label: { zh: '结案数', en: 'Cases closed' } },
  { key: 'timeliness', label: { zh: '及时率', en: 'Timeliness' } },
  { key: 'quality', label: { zh: '满意度均分', en: 'Mean satisfaction' } },
  { key: 'surveyed', label: { zh: '回访数', en: 'Surveyed' } },
  { key: 'dissatisfied', label: { zh: '不满意数', en: 'Dissatisfied' } },
  { key: 'reopened', label: { zh: '重开数', en: 'Reopened' } },
  { key: 'reopenRate', label: { zh: '重开率', en: 'Reopen rate' } },
  { key: 'compliance', label: { zh: '合规率', en: 'Compliance' } },
] as const;

export function assessmentTables(
  by: 'handler' | 'outlet',
  lines: readonly AssessmentLine[],
  survey: SurveyTotals,
  lang: HeaderLanguage,
): ReportTable[] {
  const byLabel = by === 'handler' ? { zh: '按处理人', en: 'by handler' } : { zh: '按网点', en: 'by outlet' };
  return [
    {
      title: { zh: `考核(${byLabel.zh})`, en: `Assessment ${byLabel.en}` },
      columns: COLUMNS,
      rows: lines.map((l) => ({
        key: l.key,
        cases: l.cases,
        timeliness: round(l.timeliness),
        quality: round(l.quality),
        surveyed: l.surveyed,
        dissatisfied: l.dissatisfied,
        reopened: l.reopened,
        reopenRate: round(l.reopenRate),
        compliance: round(l.compliance),
      })),
    },
    {
      title: { zh: '回访结果汇总', en: 'Survey summary' },
      columns: [
        { key: 'item', label: { zh: '项目', en: 'Item' } },
        { key: 'value', label: { zh: '数值', en: 'Value' } },
      ],
      rows: [
        { item: lang === 'zh' ? '回访数' : 'Surveyed', value: survey.surveyed },
        ...SURVEY_DIMENSION_IDS.map((d) => ({ item: SURVEY_DIMENSIONS[d][lang], value: round(survey.means[d]) })),
        { item: lang === 'zh' ? '综合平均' : 'Overall', value: round(survey.overall) },
        { item: lang === 'zh' ? '不满意数' : 'Dissatisfied', value: survey.dissatisfied },
      ],
    },
  ];
}

@ApiTags('reports')
@ApiBearerAuth()
@Roles(...REPORT_ROLES)
@Controller('reports')
export class AssessmentController {
  private readonly reports: ReportRollupsRepository;

  constructor(dataSource: DataSource) {
    this.reports = new ReportRollupsRepository(dataSource);
  }

  @Get('assessment')
  @ApiOperation({
    summary: '处理考核 / Handling assessment (R-RPT-3, R-REV-3)',
    description:
      '期间内(北京时间,含首尾)结案的案件,按处理人或始发网点:及时率、质量(满意度、重开、不满意)、合规率;并附回访结果汇总。',
  })
  @ApiQuery({ name: 'from', required: true, example: '2026-06-01' })
  @ApiQuery({ name: 'to', required: true, example: '2026-06-30' })
  @ApiQuery({ name: 'by', required: false, enum: ['handler', 'outlet'] })
  @ApiQuery({ name: 'outlet', required: false, example: 'SH-001' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  async assessment(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
    @Headers('accept') accept?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const q = parseQuery(ASSESSMENT_QUERY, query, acceptLanguage);
    const by = q.by ?? 'handler';
    const outlet = reportOutlet(principal, q.outlet);
    const rows = await this.reports.assessedCases(q.from, q.to, outlet);
    const lines = assessmentLines(rows.map(assessedCase), by);
    const survey = surveySummary(rows);
    const format = reportFormat(q.format, accept, ['json', 'csv', 'xlsx']);
    if (format === 'json') {
      return { ruleIds: ['R-RPT-3', 'R-REV-3'], from: q.from, to: q.to, by, outlet: outlet ?? null, lines, survey };
    }
    const lang = headerLanguage(acceptLanguage);
    return reportFile(
      format === 'html' ? 'csv' : format,
      assessmentTables(by, lines, survey, lang),
      lang,
      `assessment-${by}-${q.from}-${q.to}`,
      '',
    );
  }
}
