/**
 * The regulator's month (R-REG-1/3) and the early warnings (R-RPT-2) as export tables (export.ts: CSV, XLSX, a
 * printable page), Chinese headers by default. Money stays in fen, as everywhere in the API, with the CNY beside it.
 */
import type { AlertRow } from '@complaintflow/persistence/repositories/report-alerts';
import type { StoredRegulatorReport } from '@complaintflow/persistence/repositories/regulator-reports';
import type { ReportTable } from './export';

const yuan = (fen: number) => fen / 100;

/** Two tables: the month's valid appeals, then the fines per outlet. */
export function regulatorTables(report: StoredRegulatorReport): ReportTable[] {
  return [
    {
      title: { zh: `${report.month} 有效申诉`, en: `${report.month} valid appeals` },
      columns: [
        { key: 'externalRef', label: { zh: '申诉编号', en: 'Appeal reference' } },
        { key: 'waybillNo', label: { zh: '运单号', en: 'Waybill' } },
        { key: 'outlet', label: { zh: '责任网点', en: 'Outlet responsible' } },
        { key: 'parcels', label: { zh: '件数', en: 'Parcels' } },
        { key: 'fineFen', label: { zh: '罚款(分)', en: 'Fine (fen)' } },
        { key: 'fineCny', label: { zh: '罚款(元)', en: 'Fine (CNY)' } },
        { key: 'penaltyAppealable', label: { zh: '可内部申诉(R-REG-3)', en: 'Penalty appealable (R-REG-3)' } },
        { key: 'validSince', label: { zh: '认定有效时间', en: 'Found valid at' } },
        { key: 'duplicateOf', label: { zh: '同票重复', en: 'Duplicate of' } },
      ],
      rows: report.rows.map((r) => ({
        externalRef: r.externalRef,
        waybillNo: r.waybillNo,
        outlet: r.outlet,
        parcels: r.parcels,
        fineFen: r.fineFen,
        fineCny: yuan(r.fineFen),
        penaltyAppealable: r.penaltyAppealable,
        validSince: r.validSince,
        duplicateOf: r.duplicateOf,
      })),
    },
    {
      title: { zh: `${report.month} 各网点罚款`, en: `${report.month} fines per outlet` },
      columns: [
        { key: 'outlet', label: { zh: '网点', en: 'Outlet' } },
        { key: 'validAppeals', label: { zh: '有效申诉数', en: 'Valid appeals' } },
        { key: 'parcels', label: { zh: '件数', en: 'Parcels' } },
        { key: 'fineFen', label: { zh: '罚款(分)', en: 'Fine (fen)' } },
        { key: 'fineCny', label: { zh: '罚款(元)', en: 'Fine (CNY)' } },
        { key: 'notAppealable', label: { zh: '不可申诉数', en: 'Not appealable' } },
      ],
      rows: report.outlets.map((o) => ({ ...o, fineCny: yuan(o.fineFen) })),
    },
  ];
}

/** The alerts, newest window first. */
export function alertsTable(alerts: readonly AlertRow[]): ReportTable {
  return {
    title: { zh: '投诉预警', en: 'Early warnings' },
    columns: [
      { key: 'outlet', label: { zh: '网点', en: 'Outlet' } },
      { key: 'category', label: { zh: '类别', en: 'Category' } },
      { key: 'windowStart', label: { zh: '时段开始', en: 'Window start' } },
      { key: 'windowEnd', label: { zh: '时段结束', en: 'Window end' } },
      { key: 'count', label: { zh: '投诉数', en: 'Complaints' } },
      { key: 'baselineMean', label: { zh: '基线均值', en: 'Baseline mean' } },
      { key: 'threshold', label: { zh: '预警阈值', en: 'Threshold' } },
      { key: 'pValue', label: { zh: 'P 值', en: 'p-value' } },
      { key: 'watched', label: { zh: '重点关注类别', en: 'Watched category' } },
      { key: 'messageZh', label: { zh: '说明', en: 'Message (zh)' } },
      { key: 'messageEn', label: { zh: '说明(英文)', en: 'Message' } },
    ],
    rows: alerts.map((a) => ({
      outlet: a.outlet,
      category: a.category,
      windowStart: a.windowStart,
      windowEnd: a.windowEnd,
      count: a.count,
      baselineMean: a.baselineMean,
      threshold: a.threshold,
      pValue: a.pValue,
      watched: a.watched,
      messageZh: a.message.zh,
      messageEn: a.message.en,
    })),
  };
}
