/**
 * Report exports (issue 12): every report as JSON (default), CSV (`?format=csv` or `Accept: text/csv`) and XLSX
 * (`?format=xlsx` or the spreadsheet media type, exceljs); the liability publication also as a printable HTML page.
 * Headers and labels in Simplified Chinese by default, English when `Accept-Language` prefers it. CSV is UTF-8 with a
 * byte-order mark (so spreadsheet programs read the Chinese), and a text cell that starts like a formula is quoted
 * with a leading apostrophe (no formula injection).
 */
import { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Label } from '@complaintflow/domain/vocabulary';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type HeaderLanguage = 'zh' | 'en';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** English headers when the caller's first language is English; Chinese otherwise. */
export function headerLanguage(acceptLanguage: string | undefined): HeaderLanguage {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh';
}

/** The format asked for: `?format=` first, else the first media type of `Accept` we produce, else JSON. */
export function reportFormat(
  format: ReportFormat | undefined,
  accept: string | undefined,
  allowed: readonly ReportFormat[],
): ReportFormat {
  if (format !== undefined) return format;
  const first = (accept ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  if (first === 'text/csv' && allowed.includes('csv')) return 'csv';
  if (first === XLSX_TYPE && allowed.includes('xlsx')) return 'xlsx';
  return 'json';
}

export type Cell = string | number | boolean | null;

export interface ReportColumn {
  readonly key: string;
  readonly label: Label;
}

/** One table of a report: a sheet of the XLSX, the CSV itself (the first table), a table of the HTML page. */
export interface ReportTable {
  readonly title: Label;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: Cell, lang: HeaderLanguage): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of a table: a header row in `lang`, then one line per row (CRLF, RFC 4180), with a byte-order mark. */
export function toCsv(table: ReportTable, lang: HeaderLanguage): string {
  const lines = [
    table.columns.map((c) => csvCell(c.label[lang], lang)).join(','),
    ...table.rows.map((row) => table.columns.map((c) => csvCell(row[c.key] ?? null, lang)).join(',')),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The XLSX of the tables: one worksheet each, its header row bold and frozen. */
export async function toXlsx(tables: readonly ReportTable[], lang: HeaderLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'complaintflow';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title[lang].slice(0, 31).replace(/[*?:\\/[\]]/g, ' '), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow(table.columns.map((c) => c.label[lang])).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(
        table.columns.map((c) => {
          const v = row[c.key] ?? null;
          if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
          return v;
        }),
      );
    }
    table.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.max(10, [...c.label[lang]].length * 2 + 2)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable HTML page of the tables (no scripts, every text escaped). */
export function toHtml(heading: string, tables: readonly ReportTable[], lang: HeaderLanguage, note?: string): string {
  const cell = (v: Cell) =>
    v === null ? '' : typeof v === 'boolean' ? (lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no') : String(v);
  const body = tables
    .map(
      (t) =>
        `<h2>${escapeHtml(t.title[lang])}</h2>\n<table>\n<thead><tr>${t.columns
          .map((c) => `<th>${escapeHtml(c.label[lang])}</th>`)
          .join('')}</tr></thead>\n<tbody>\n${t.rows
          .map((r) => `<tr>${t.columns.map((c) => `<td>${escapeHtml(cell(r[c.key] ?? null))}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody>\n</table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><title>${escapeHtml(heading)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 8px;text-align:left}th{background:#eee}@media print{body{margin:0}}</style>
</head>
<body>
<h1>${escapeHtml(heading)}</h1>
${note ? `<p>${escapeHtml(note)}</p>\n` : ''}${body}
</body>
</html>
`;
}

/** The file answer of a non-JSON format (`json` is the caller's own body). */
export async function reportFile(
  format: Exclude<ReportFormat, 'json'>,
  tables: readonly ReportTable[],
  lang: HeaderLanguage,
  filename: string,
  heading: string,
): Promise<StreamableFile> {
  if (format === 'csv') {
    return new StreamableFile(Buffer.from(toCsv(tables[0], lang), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${filename}.csv"`,
    });
  }
  if (format === 'xlsx') {
    return new StreamableFile(await toXlsx(tables, lang), {
      type: XLSX_TYPE,
      disposition: `attachment; filename="${filename}.xlsx"`,
    });
  }
  return new StreamableFile(Buffer.from(toHtml(heading, tables, lang), 'utf8'), {
    type: 'text/html; charset=utf-8',
    disposition: `inline; filename="${filename}.html"`,
  });
}
