/**
 * The reconciliation upload (`POST /reports/regulator-monthly/:month/reconciliation`): the regulator's valid-appeal
 * list as a raw body — CSV (`text/csv`) or XLSX (the spreadsheet media type) — up to `RECONCILIATION_BODY_LIMIT`,
 * read by a raw parser of this route only (the API's JSON bodies stay at 64 KiB), and parsed into rows with a
 * per-row error (row number, column, reason in Chinese) for each bad cell. Synchronous: at most
 * `RECONCILIATION_MAX_ROWS` data rows (docs/api.md Reports).
 */
import ExcelJS from 'exceljs';
import { raw, type NextFunction, type Request, type Response } from 'express';
import type { ReconciliationRowError } from '@complaintflow/persistence/repositories/regulator-reports';
import { errorBody } from '../common/api-error';

export const RECONCILIATION_BODY_LIMIT = '2mb';
/** Data rows one upload may hold (the import is synchronous). */
export const RECONCILIATION_MAX_ROWS = 5000;
export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv'] as const;
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ROUTE = /^\/reports\/regulator-monthly\/[^/]+\/reconciliation\/?$/;

/**
 * The raw parser of the reconciliation route (mounted before the API's JSON-only check, which lets a parsed raw body
 * through): another media type is 415, a larger body 413, in the API error shape.
 */
export function reconciliationUpload() {
  const parse = raw({ type: [...CSV_MEDIA_TYPES, XLSX_MEDIA_TYPE], limit: RECONCILIATION_BODY_LIMIT });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !ROUTE.test(req.path)) return next();
    if (!req.is([...CSV_MEDIA_TYPES, XLSX_MEDIA_TYPE])) {
      res.status(415).json(
        errorBody('REQUEST.UNSUPPORTED_MEDIA_TYPE', '请以 CSV(text/csv)或 XLSX 文件上传监管部门的有效申诉清单。', [
          {
            en: 'Send the list as text/csv or as the XLSX media type.',
            accepted: [...CSV_MEDIA_TYPES, XLSX_MEDIA_TYPE],
          },
        ]),
      );
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string };
      if (e.type === 'entity.too.large') {
        res.status(413).json(errorBody('REQUEST.TOO_LARGE', `文件大于 ${RECONCILIATION_BODY_LIMIT.toUpperCase()}。`));
        return;
      }
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
      res.status(status).json(errorBody('REQUEST.INVALID', '无法读取上传的文件。'));
    });
  };
}

/** Whether a body was read by the raw parser (the JSON-only check lets it through). */
export function isRawUpload(req: Request): boolean {
  return Buffer.isBuffer(req.body);
}

/** The regulator's list's columns, by the names the header may use (Chinese or English). */
export const RECONCILIATION_COLUMNS = {
  externalRef: {
    label: '申诉编号',
    names: ['申诉编号', '申诉单号', '外部编号', 'externalref', 'external_ref', 'external ref'],
  },
  waybillNo: { label: '运单号', names: ['运单号', '快递单号', '运单编号', 'waybillno', 'waybill_no', 'waybill'] },
  outlet: { label: '责任网点', names: ['责任网点', '网点', '网点编码', 'outlet'] },
  parcels: { label: '件数', names: ['件数', '票数', 'parcels'] },
  fineYuan: {
    label: '罚款金额(元)',
    names: ['罚款金额(元)', '罚款金额(元)', '罚款金额', '罚款', 'fine', 'fineyuan', 'fine_yuan'],
  },
} as const;
export type ReconciliationColumn = keyof typeof RECONCILIATION_COLUMNS;

/** One valid data row of the regulator's list. */
export interface RegulatorListRow {
  /** The row number in the file (the header is row 1). */
  readonly row: number;
  readonly externalRef: string | null;
  readonly waybillNo: string | null;
  readonly outlet: string | null;
  readonly parcels: number;
  /** The fine the regulator states, in fen, when the list has one. */
  readonly fineFen: number | null;
}

export interface ParsedRegulatorList {
  readonly rows: readonly RegulatorListRow[];
  /** Data rows in the file (valid or not). */
  readonly totalRows: number;
  readonly errors: readonly ReconciliationRowError[];
}

/** The file could not be used at all (no header with the columns, too many rows, not a spreadsheet). */
export class RegulatorListError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly errors: readonly ReconciliationRowError[] = [],
  ) {
    super(reason);
  }
}

/** Cells of a CSV text (RFC 4180: quoted cells, doubled quotes, CRLF or LF; a UTF-8 BOM is dropped). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Cells of the first worksheet of an XLSX file, as their displayed text. */
export async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw new RegulatorListError('REQUEST.INVALID', '无法读取该 XLSX 文件。');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 0); c++) cells.push(row.getCell(c).text ?? '');
    rows.push(cells);
  }
  return rows;
}

const WAYBILL = /^[A-Za-z0-9]{8,32}$/;
const EXTERNAL_REF = /^[A-Za-z0-9_\-/.]{1,64}$/;
const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The regulator's list from its cells: the header row names the columns (`RECONCILIATION_COLUMNS`; an external
 * reference or a waybill column is required); each data row needs one of the two. Bad cells are per-row errors (row
 * number, column, reason in Chinese) and leave their row out; blank rows are skipped.
 */
export function regulatorListFromCells(cells: readonly (readonly string[])[]): ParsedRegulatorList {
  const header = (cells[0] ?? []).map((h) => normalise(h));
  const index = {} as Record<ReconciliationColumn, number>;
  for (const [key, column] of Object.entries(RECONCILIATION_COLUMNS) as [
    ReconciliationColumn,
    { names: readonly string[] },
  ][]) {
    index[key] = header.findIndex((h) => column.names.some((n) => normalise(n) === h));
  }
  if (index.externalRef < 0 && index.waybillNo < 0) {
    throw new RegulatorListError('REQUEST.INVALID', '第 1 行须为表头,且包含“申诉编号”或“运单号”列。', [
      { row: 1, column: '表头', reason: '缺少“申诉编号”或“运单号”列' },
    ]);
  }
  const data = cells.slice(1);
  const nonBlank = data.filter((r) => r.some((c) => c.trim() !== '')).length;
  if (nonBlank > RECONCILIATION_MAX_ROWS) {
    throw new RegulatorListError(
      'REQUEST.TOO_MANY_ROWS',
      `清单最多 ${RECONCILIATION_MAX_ROWS} 行,本文件有 ${nonBlank} 行。`,
    );
  }
  const rows: RegulatorListRow[] = [];
  const errors: ReconciliationRowError[] = [];
  const seenRef = new Map<string, number>();
  const seenWaybill = new Map<string, number>();
  let totalRows = 0;
  data.forEach((cellsOfRow, i) => {
    const rowNo = i + 2;
    if (!cellsOfRow.some((c) => c.trim() !== '')) return;
    totalRows++;
    const cell = (key: ReconciliationColumn) => (index[key] < 0 ? '' : (cellsOfRow[index[key]] ?? '').trim());
    const rowErrors: ReconciliationRowError[] = [];
    const err = (key: ReconciliationColumn | null, reason: string) =>
      rowErrors.push({
        row: rowNo,
        column: key === null ? '申诉编号/运单号' : RECONCILIATION_COLUMNS[key].label,
        reason,
      });
    const externalRef = cell('externalRef') || null;
    const waybillNo = cell('waybillNo') || null;
    if (externalRef === null && waybillNo === null) err(null, '申诉编号与运单号不能都为空');
    if (externalRef !== null && !EXTERNAL_REF.test(externalRef))
      err('externalRef', '申诉编号须为 1–64 位字母、数字或 - _ / .');
    if (waybillNo !== null && !WAYBILL.test(waybillNo)) err('waybillNo', '运单号须为 8–32 位字母或数字(R-ACC-1)');
    const parcelsText = cell('parcels');
    const parcels = parcelsText === '' ? 1 : Number(parcelsText);
    if (!Number.isSafeInteger(parcels) || parcels < 1) err('parcels', '件数须为正整数');
    const fineText = cell('fineYuan').replace(/[,,¥￥元\s]/g, '');
    const fineYuan = fineText === '' ? null : Number(fineText);
    if (
      fineYuan !== null &&
      (!Number.isFinite(fineYuan) || fineYuan < 0 || Math.round(fineYuan * 100) !== fineYuan * 100)
    ) {
      err('fineYuan', '罚款金额须为不小于 0 的数字(元,最多两位小数)');
    }
    if (externalRef !== null && seenRef.has(externalRef)) {
      err('externalRef', `与第 ${seenRef.get(externalRef)} 行的申诉编号重复`);
    } else if (externalRef === null && waybillNo !== null && seenWaybill.has(waybillNo)) {
      err('waybillNo', `与第 ${seenWaybill.get(waybillNo)} 行的运单号重复`);
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    if (externalRef !== null) seenRef.set(externalRef, rowNo);
    if (waybillNo !== null && !seenWaybill.has(waybillNo)) seenWaybill.set(waybillNo, rowNo);
    const outlet = cell('outlet') || null;
    rows.push({
      row: rowNo,
      externalRef,
      waybillNo,
      outlet,
      parcels,
      fineFen: fineYuan === null ? null : Math.round(fineYuan * 100),
    });
  });
  return { rows, totalRows, errors };
}

/** Reads an upload: CSV as UTF-8 text, XLSX through exceljs. */
export async function parseRegulatorList(body: Buffer, fileType: 'csv' | 'xlsx'): Promise<ParsedRegulatorList> {
  const cells = fileType === 'csv' ? parseCsv(body.toString('utf8')) : await readXlsx(body);
  return regulatorListFromCells(cells);
}
