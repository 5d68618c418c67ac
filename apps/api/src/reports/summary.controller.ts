/**
 * `GET /reports/summary` (R-RPT-1, docs/api.md Reports): counts and shares by category, group (R-CAT-2), channel,
 * stage and outlet; deadline compliance per clock; mean and p90 handling time; satisfaction averages; reopen and
 * repeat rates. Served from `report_rollups` only (docs/adr/0013-report-rollups.md): a year's figures add up a few
 * thousand rollup rows, never the cases. As JSON, CSV or XLSX (Chinese headers by default).
 */
import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { summarise, type CountLine, type SummaryFigures } from '@complaintflow/domain/reports/summary';
import { SURVEY_DIMENSIONS, SURVEY_DIMENSION_IDS } from '@complaintflow/domain/survey';
import { DEADLINE_KINDS } from '@complaintflow/domain/policy/types';
import type { Label } from '@complaintflow/domain/vocabulary';
import {
  REPORT_CLOCKS,
  REPORT_HANDLING_BOUNDS_MS,
  ReportRollupsRepository,
} from '@complaintflow/persistence/repositories/report-rollups';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { headerLanguage, reportFile, reportFormat, type HeaderLanguage, type ReportTable } from './export';
import { parseQuery, reportOutlet, SUMMARY_QUERY } from './summary.schema';

/** Who reads the reports (docs/api.md Reports). */
export const REPORT_ROLES = ['supervisor', 'manager', 'auditor', 'admin'] as const;

const HOUR_MS = 3_600_000;

/** The clocks' names (R-SLA-*), for the export. */
const CLOCK_LABELS: Record<string, Label> = {
  classify: { zh: '分类受理', en: 'Classification' },
  forward: { zh: '转交部门', en: 'Forwarding' },
  department_response: { zh: '部门响应', en: 'Department response' },
  investigation_start: { zh: '开始调查', en: 'Investigation start' },
  evidence_request: { zh: '索取证据', en: 'Evidence request' },
  investigation: { zh: '调查', en: 'Investigation' },
  plan: { zh: '处理方案', en: 'Handling plan' },
  approval: { zh: '审批', en: 'Approval' },
  reply_after_approval: { zh: '批后答复', en: 'Reply after approval' },
  execution: { zh: '方案执行', en: 'Execution' },
  confirmation: { zh: '客户确认', en: 'Customer confirmation' },
  first_reply: { zh: '首次答复', en: 'First reply' },
  archive: { zh: '归档', en: 'Archiving' },
  analysis: { zh: '总结分析', en: 'Analysis' },
  statutory_reply: { zh: '法定答复', en: 'Statutory reply' },
  refund: { zh: '退款', en: 'Refund' },
};

const SECTIONS = {
  total: { zh: '总计', en: 'Total' },
  category: { zh: '按投诉类别', en: 'By category' },
  group: { zh: '按类别大类', en: 'By category group' },
  channel: { zh: '按渠道', en: 'By channel' },
  stage: { zh: '按阶段', en: 'By stage' },
  outlet: { zh: '按网点', en: 'By outlet' },
  deadline: { zh: '时限达标率', en: 'Deadline compliance' },
  handling: { zh: '处理时长(小时)', en: 'Handling time (hours)' },
  satisfaction: { zh: '满意度', en: 'Satisfaction' },
  rates: { zh: '比率', en: 'Rates' },
} as const satisfies Record<string, Label>;

const SUMMARY_COLUMNS = [
  { key: 'section', label: { zh: '指标', en: 'Section' } },
  { key: 'key', label: { zh: '项目', en: 'Item' } },
  { key: 'label', label: { zh: '名称', en: 'Name' } },
  { key: 'count', label: { zh: '数量', en: 'Count' } },
  { key: 'share', label: { zh: '占比', en: 'Share' } },
  { key: 'value', label: { zh: '数值', en: 'Value' } },
] as const;

const round = (v: number | null, digits = 4) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** The summary as one table (R-RPT-1): a row per figure, its section and labels in `lang`. */
export function summaryTable(s: SummaryFigures, lang: HeaderLanguage): ReportTable {
  const rows: Record<string, string | number | null>[] = [];
  const row = (
    section: keyof typeof SECTIONS,
    key: string,
    label: string,
    count: number | null,
    share: number | null,
    value: number | null,
  ) => rows.push({ section: SECTIONS[section][lang], key, label, count, share: round(share), value: round(value) });
  row('total', 'cases', lang === 'zh' ? '投诉总数' : 'Cases', s.cases, null, null);
  row('total', 'closed', lang === 'zh' ? '已结案' : 'Closed', s.closed, null, null);
  const lines = (section: keyof typeof SECTIONS, list: readonly CountLine[]) =>
    list.forEach((l) => row(section, l.key, l.label?.[lang] ?? l.key, l.count, l.share, null));
  lines('category', s.byCategory);
  lines('group', s.byGroup);
  lines('channel', s.byChannel);
  lines('stage', s.byStage);
  lines('outlet', s.byOutlet);
  row(
    'deadline',
    'all',
    lang === 'zh' ? '全部时限' : 'All clocks',
    s.deadlineCompliance.due,
    null,
    s.deadlineCompliance.compliance,
  );
  for (const c of s.deadlineCompliance.byClock) {
    if (c.due > 0) row('deadline', c.clock, CLOCK_LABELS[c.clock]?.[lang] ?? c.clock, c.due, null, c.compliance);
  }
  const hours = (ms: number | null) => (ms === null ? null : ms / HOUR_MS);
  row(
    'handling',
    'mean',
    lang === 'zh' ? '平均处理时长' : 'Mean',
    s.handlingTime.closed,
    null,
    hours(s.handlingTime.meanMs),
  );
  row(
    'handling',
    'p90',
    lang === 'zh' ? '90% 分位处理时长(不超过)' : '90th percentile (at most)',
    s.handlingTime.closed,
    null,
    hours(s.handlingTime.p90Ms),
  );
  for (const d of SURVEY_DIMENSION_IDS) {
    row('satisfaction', d, SURVEY_DIMENSIONS[d][lang], s.satisfaction.surveyed, null, s.satisfaction.means[d]);
  }
  row(
    'satisfaction',
    'overall',
    lang === 'zh' ? '综合平均' : 'Overall',
    s.satisfaction.surveyed,
    null,
    s.satisfaction.overall,
  );
  row(
    'satisfaction',
    'dissatisfied',
    lang === 'zh' ? '不满意' : 'Dissatisfied',
    s.satisfaction.dissatisfied,
    s.satisfaction.dissatisfiedShare,
    null,
  );
  row('rates', 'reopen', lang === 'zh' ? '重开率' : 'Reopen rate', s.reopened, s.reopenRate, null);
  row('rates', 'repeat', lang === 'zh' ? '重复投诉率' : 'Repeat rate', s.repeats, s.repeatRate, null);
  return { title: { zh: '投诉统计汇总', en: 'Complaint summary' }, columns: SUMMARY_COLUMNS, rows };
}

/** Every clock the domain knows, in its order, that the rollups count. */
const CLOCKS = DEADLINE_KINDS.filter((k) => REPORT_CLOCKS.includes(k));

@ApiTags('reports')
@ApiBearerAuth()
@Roles(...REPORT_ROLES)
@Controller('reports')
export class SummaryController {
  private readonly rollups: ReportRollupsRepository;

  constructor(dataSource: DataSource) {
    this.rollups = new ReportRollupsRepository(dataSource);
  }

  @Get('summary')
  @ApiOperation({
    summary: '投诉统计汇总 / Complaint summary (R-RPT-1)',
    description:
      '按受理日期(北京时间,含首尾)统计:类别、大类、渠道、阶段、网点的数量与占比;各时限达标率;平均及 90% 分位处理时长;' +
      '满意度;重开率与重复投诉率。`format=csv|xlsx` 或 `Accept: text/csv` 导出。',
  })
  @ApiQuery({ name: 'from', required: false, example: '2026-06-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-06-30' })
  @ApiQuery({ name: 'outlet', required: false, example: 'SH-001', description: '始发网点' })
  @ApiQuery({ name: 'category', required: false, example: 'delay' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  async summary(
    @CurrentPrincipal() principal: Principal,
    @Query() query: unknown,
    @Headers('accept') accept?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const q = parseQuery(SUMMARY_QUERY, query, acceptLanguage);
    const outlet = reportOutlet(principal, q.outlet);
    const filter = { from: q.from, to: q.to, outlet, category: q.category };
    const figures = summarise(await this.rollups.cells(filter), REPORT_HANDLING_BOUNDS_MS, CLOCKS);
    const format = reportFormat(q.format, accept, ['json', 'csv', 'xlsx']);
    if (format === 'json') {
      return {
        ruleId: 'R-RPT-1',
        filters: { from: q.from ?? null, to: q.to ?? null, outlet: outlet ?? null, category: q.category ?? null },
        ...figures,
      };
    }
    const lang = headerLanguage(acceptLanguage);
    return reportFile(format === 'html' ? 'csv' : format, [summaryTable(figures, lang)], lang, 'complaint-summary', '');
  }
}
