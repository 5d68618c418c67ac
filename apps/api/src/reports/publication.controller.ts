/**
 * `GET /reports/liability-publication?month=YYYY-MM` (R-LIA-11, docs/api.md Reports): the periodic public summary
 * of liability results (公示) — for the cases received in the month (Beijing time) that have findings: category,
 * cause (the root cause), liability result (the rule that decided it, liable or not) and the measures taken (the
 * plan's remedies), with how many cases each. No personal data: no names, contacts, waybills, free text or case ids.
 * As JSON, CSV, XLSX or a printable HTML page.
 */
import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { liabilityPublicationRow, type LiabilityPublicationRow } from '@complaintflow/domain/early-warning';
import { monthDays } from '@complaintflow/domain/reports/periods';
import {
  CATEGORY_IDS,
  REMEDY_IDS,
  ROOT_CAUSE_IDS,
  type Category,
  type Remedy,
  type RootCause,
} from '@complaintflow/domain/vocabulary';
import {
  ReportRollupsRepository,
  type LiabilityPublicationDbRow,
} from '@complaintflow/persistence/repositories/report-rollups';
import { Roles } from '../auth/decorators';
import {
  headerLanguage,
  reportFile,
  reportFormat,
  REPORT_FORMATS,
  type HeaderLanguage,
  type ReportTable,
} from './export';
import { REPORT_ROLES } from './summary.controller';
import { parseQuery, PUBLICATION_QUERY } from './summary.schema';

/** One published line (R-LIA-11): the domain's row, the deciding rule and the number of cases. */
export type PublicationLine = LiabilityPublicationRow & { readonly ruleId: string | null; readonly cases: number };

/** The published line of a group, or null when its words are not the vocabulary's (never published half-labelled). */
export function publicationLine(r: LiabilityPublicationDbRow): PublicationLine | null {
  if (!CATEGORY_IDS.includes(r.category as Category) || !ROOT_CAUSE_IDS.includes(r.cause as RootCause)) return null;
  const measures = r.measures.filter((m): m is Remedy => REMEDY_IDS.includes(m as Remedy));
  return {
    ...liabilityPublicationRow({
      category: r.category as Category,
      cause: r.cause as RootCause,
      companyLiable: r.companyLiable,
      measures,
    }),
    ruleId: r.ruleId,
    cases: r.cases,
  };
}

const COLUMNS = [
  { key: 'category', label: { zh: '投诉类别', en: 'Category' } },
  { key: 'cause', label: { zh: '原因', en: 'Cause' } },
  { key: 'liability', label: { zh: '责任认定', en: 'Liability' } },
  { key: 'ruleId', label: { zh: '认定依据', en: 'Rule' } },
  { key: 'measures', label: { zh: '整改措施', en: 'Measures taken' } },
  { key: 'cases', label: { zh: '件数', en: 'Cases' } },
] as const;

export function publicationTable(month: string, lines: readonly PublicationLine[], lang: HeaderLanguage): ReportTable {
  return {
    title: { zh: `${month} 投诉责任认定公示`, en: `Liability publication ${month}` },
    columns: COLUMNS,
    rows: lines.map((l) => ({
      category: l.categoryLabel[lang],
      cause: l.causeLabel[lang],
      liability: l.liabilityLabel[lang],
      ruleId: l.ruleId,
      measures: l.measuresLabel[lang],
      cases: l.cases,
    })),
  };
}

@ApiTags('reports')
@ApiBearerAuth()
@Roles(...REPORT_ROLES)
@Controller('reports')
export class PublicationController {
  private readonly reports: ReportRollupsRepository;

  constructor(dataSource: DataSource) {
    this.reports = new ReportRollupsRepository(dataSource);
  }

  @Get('liability-publication')
  @ApiOperation({
    summary: '责任认定公示 / Liability publication (R-LIA-11)',
    description:
      '当月(北京时间)受理且已有调查结论的案件:类别、原因、责任认定(依据规则、是否有责)、整改措施及件数;不含任何个人信息。' +
      '`format=csv|xlsx|html`(可打印页面)或 `Accept: text/csv`。',
  })
  @ApiQuery({ name: 'month', required: true, example: '2026-06' })
  @ApiQuery({ name: 'format', required: false, enum: REPORT_FORMATS })
  async publication(
    @Query() query: unknown,
    @Headers('accept') accept?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const q = parseQuery(PUBLICATION_QUERY, query, acceptLanguage);
    const days = monthDays(q.month)!;
    const lines = (await this.reports.liabilityPublication(days.from, days.to))
      .map(publicationLine)
      .filter((l): l is PublicationLine => l !== null);
    const format = reportFormat(q.format, accept, REPORT_FORMATS);
    if (format === 'json') {
      return { ruleId: 'R-LIA-11', month: q.month, cases: lines.reduce((n, l) => n + l.cases, 0), rows: lines };
    }
    const lang = headerLanguage(acceptLanguage);
    const table = publicationTable(q.month, lines, lang);
    return reportFile(format, [table], lang, `liability-publication-${q.month}`, table.title[lang]);
  }
}
