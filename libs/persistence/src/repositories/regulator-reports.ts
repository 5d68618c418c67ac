/**
 * `regulator_reports` and `regulator_reconciliations` (migration 1764810000000): the stored monthly valid-appeal
 * report (R-REG-1) and the imports of the regulator's own list for a month; and the reads of regulator appeals they
 * are built from (R-CH-2 valid, R-REG-3 penalty appealable, R-REG-4 charged to the outlet with the external
 * responsibility).
 */
import type { Queryable } from './db';

/** One regulator appeal case as the report reads it (from `complaint_cases.state` and its `appeal.assessed` event). */
export interface AppealCaseRow {
  readonly caseId: string;
  readonly externalRef: string | null;
  readonly waybillNo: string;
  readonly originOutlet: string | null;
  /** R-CH-2: the validity on record. */
  readonly valid: boolean;
  /** When the appeal was first found valid (epoch ms), or null when it never was. */
  readonly validSince: number | null;
  /** The recorded penalty (R-REG-1/3/4), if any. */
  readonly penalty: {
    readonly outlet: string;
    readonly amountFen: number;
    readonly parcels: number;
    readonly perParcelFen: number;
    readonly internalAppealAllowed: boolean;
    readonly ruleIds: readonly string[];
  } | null;
  /** The outlet with the external responsibility from the liability finding (R-REG-4), if any. */
  readonly liabilityExternal: string | null;
  /** The case policy's fine per parcel (R-REG-1), when it sets one. */
  readonly policyFinePerParcelFen: number | null;
}

/** One valid appeal in the stored report. */
export interface RegulatorReportLine {
  readonly caseId: string;
  readonly externalRef: string | null;
  readonly waybillNo: string;
  /** The outlet with the external responsibility, fined (R-REG-1, R-REG-4). */
  readonly outlet: string;
  readonly parcels: number;
  readonly fineFen: number;
  /** R-REG-3: false when the outlet's unclear reply caused the valid finding. */
  readonly penaltyAppealable: boolean;
  /** ISO-8601 UTC: when the appeal was found valid. */
  readonly validSince: string;
  /** True when an earlier line of the month already counts this waybill against this outlet (fined once: 元/票). */
  readonly duplicateOf: string | null;
}

/** One outlet's fines in the stored report. */
export interface RegulatorOutletLine {
  readonly outlet: string;
  readonly validAppeals: number;
  readonly parcels: number;
  readonly fineFen: number;
  /** R-REG-3: how many of its valid appeals' penalties it may not appeal internally. */
  readonly notAppealable: number;
}

export interface NewRegulatorReport {
  readonly month: string;
  readonly dataDueDate: string;
  readonly generatedBy: string;
  readonly totalValidAppeals: number;
  readonly totalParcels: number;
  readonly totalFineFen: number;
  readonly rows: readonly RegulatorReportLine[];
  readonly outlets: readonly RegulatorOutletLine[];
  /** A hash of rows and outlets: a re-run with the same content leaves the stored report as it was. */
  readonly contentHash: string;
}

export interface StoredRegulatorReport extends NewRegulatorReport {
  /** ISO-8601 UTC. */
  readonly generatedAt: string;
}

export interface ReconciliationRowError {
  /** The row number in the file (the header is row 1). */
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export interface NewReconciliation {
  readonly month: string;
  readonly status: 'done' | 'rejected';
  readonly fileType: 'csv' | 'xlsx';
  readonly fileBytes: number;
  readonly totalRows: number;
  readonly errors: readonly ReconciliationRowError[];
  readonly uploadedBy: string;
  readonly result: unknown;
}

export interface StoredReconciliation extends Omit<NewReconciliation, 'errors'> {
  readonly id: string;
  readonly errorRows: number;
  readonly errors: readonly ReconciliationRowError[];
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

interface AppealDbRow {
  id: string;
  external_ref: string | null;
  waybill_no: string;
  origin_outlet: string | null;
  valid: boolean | null;
  valid_since: Date | null;
  penalty: AppealCaseRow['penalty'];
  liability_external: string | null;
  fine_per_parcel: string | number | null;
}

const APPEAL_SELECT = `
  SELECT c.id, c.external_ref, c.waybill_no, c.origin_outlet,
         (c.state #>> '{appeal,assessment,valid}')::boolean AS valid,
         v.valid_since,
         c.state #> '{appeal,penalty}' AS penalty,
         c.state #>> '{liability,external}' AS liability_external,
         c.state #>> '{policy,appeal,finePerParcelFen}' AS fine_per_parcel
  FROM complaint_cases c
  LEFT JOIN LATERAL (
    SELECT min(e.at) AS valid_since FROM case_events e
    WHERE e.case_id = c.id AND e.type = 'appeal.assessed' AND e.data #>> '{assessment,valid}' = 'true'
  ) v ON true`;

function appealFromDb(r: AppealDbRow): AppealCaseRow {
  return {
    caseId: r.id,
    externalRef: r.external_ref,
    waybillNo: r.waybill_no,
    originOutlet: r.origin_outlet,
    valid: r.valid === true,
    validSince: r.valid_since ? r.valid_since.getTime() : null,
    penalty: r.penalty ?? null,
    liabilityExternal: r.liability_external,
    policyFinePerParcelFen: r.fine_per_parcel === null ? null : Number(r.fine_per_parcel),
  };
}

interface ReportDbRow {
  month: string;
  data_due_date: string;
  generated_at: Date;
  generated_by: string;
  total_valid_appeals: number;
  total_parcels: number;
  total_fine_fen: string | number;
  rows: RegulatorReportLine[];
  outlets: RegulatorOutletLine[];
  content_hash: string;
}

function reportFromDb(r: ReportDbRow): StoredRegulatorReport {
  return {
    month: r.month,
    dataDueDate: r.data_due_date,
    generatedAt: r.generated_at.toISOString(),
    generatedBy: r.generated_by,
    totalValidAppeals: Number(r.total_valid_appeals),
    totalParcels: Number(r.total_parcels),
    totalFineFen: Number(r.total_fine_fen),
    rows: r.rows,
    outlets: r.outlets,
    contentHash: r.content_hash,
  };
}

interface ReconciliationDbRow {
  id: string;
  month: string;
  status: 'done' | 'rejected';
  file_type: 'csv' | 'xlsx';
  file_bytes: number;
  total_rows: number;
  error_rows: number;
  uploaded_by: string;
  errors: ReconciliationRowError[];
  result: unknown;
  created_at: Date;
}

function reconciliationFromDb(r: ReconciliationDbRow): StoredReconciliation {
  return {
    id: String(r.id),
    month: r.month,
    status: r.status,
    fileType: r.file_type,
    fileBytes: Number(r.file_bytes),
    totalRows: Number(r.total_rows),
    errorRows: Number(r.error_rows),
    uploadedBy: r.uploaded_by,
    errors: r.errors,
    result: r.result,
    createdAt: r.created_at.toISOString(),
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class RegulatorReportsRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * The regulator appeals first found valid (R-CH-2) in [fromMs, toMs), by case id. A valid finding is never revoked
   * (a later "not valid" keeps it), so the first valid `appeal.assessed` event dates it.
   */
  async validAppealsBetween(fromMs: number, toMs: number): Promise<AppealCaseRow[]> {
    const rows: AppealDbRow[] = await this.db.query(
      `${APPEAL_SELECT}
       WHERE c.is_appeal AND c.state #>> '{appeal,assessment,valid}' = 'true'
         AND v.valid_since >= $1 AND v.valid_since < $2
       ORDER BY c.id`,
      [new Date(fromMs), new Date(toMs)],
    );
    return rows.map(appealFromDb);
  }

  /** The regulator appeal cases with one of these external references or waybill numbers (reconciliation). */
  async appealCasesByReference(
    externalRefs: readonly string[],
    waybillNos: readonly string[],
  ): Promise<AppealCaseRow[]> {
    if (externalRefs.length === 0 && waybillNos.length === 0) return [];
    const rows: AppealDbRow[] = await this.db.query(
      `${APPEAL_SELECT}
       WHERE c.is_appeal AND (c.external_ref = ANY($1::text[]) OR c.waybill_no = ANY($2::text[]))
       ORDER BY c.received_at, c.id`,
      [[...externalRefs], [...waybillNos]],
    );
    return rows.map(appealFromDb);
  }

  /**
   * Stores the month's report. Idempotent: the same content again leaves the stored row as it was (its
   * `generated_at` too); different content (late findings) replaces it. Returns whether it changed.
   */
  async upsert(report: NewRegulatorReport, generatedAtMs: number): Promise<boolean> {
    const rows: { month: string }[] = await this.db.query(
      `INSERT INTO regulator_reports (month, data_due_date, generated_at, generated_by, total_valid_appeals,
         total_parcels, total_fine_fen, rows, outlets, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)
       ON CONFLICT (month) DO UPDATE SET data_due_date = EXCLUDED.data_due_date,
         generated_at = EXCLUDED.generated_at, generated_by = EXCLUDED.generated_by,
         total_valid_appeals = EXCLUDED.total_valid_appeals, total_parcels = EXCLUDED.total_parcels,
         total_fine_fen = EXCLUDED.total_fine_fen, rows = EXCLUDED.rows, outlets = EXCLUDED.outlets,
         content_hash = EXCLUDED.content_hash
       WHERE regulator_reports.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING month`,
      [
        report.month,
        report.dataDueDate,
        new Date(generatedAtMs),
        report.generatedBy,
        report.totalValidAppeals,
        report.totalParcels,
        report.totalFineFen,
        JSON.stringify(report.rows),
        JSON.stringify(report.outlets),
        report.contentHash,
      ],
    );
    return rows.length > 0;
  }

  async byMonth(month: string): Promise<StoredRegulatorReport | undefined> {
    if (!MONTH.test(month)) return undefined;
    const rows: ReportDbRow[] = await this.db.query(`SELECT * FROM regulator_reports WHERE month = $1`, [month]);
    return rows[0] ? reportFromDb(rows[0]) : undefined;
  }

  async insertReconciliation(r: NewReconciliation): Promise<StoredReconciliation> {
    const rows: ReconciliationDbRow[] = await this.db.query(
      `INSERT INTO regulator_reconciliations (month, status, file_type, file_bytes, total_rows, error_rows,
         uploaded_by, errors, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb) RETURNING *`,
      [
        r.month,
        r.status,
        r.fileType,
        r.fileBytes,
        r.totalRows,
        new Set(r.errors.map((e) => e.row)).size,
        r.uploadedBy,
        JSON.stringify(r.errors),
        r.result === undefined || r.result === null ? null : JSON.stringify(r.result),
      ],
    );
    return reconciliationFromDb(rows[0]);
  }

  /** The month's latest import, if any. */
  async latestReconciliation(month: string): Promise<StoredReconciliation | undefined> {
    if (!MONTH.test(month)) return undefined;
    const rows: ReconciliationDbRow[] = await this.db.query(
      `SELECT * FROM regulator_reconciliations WHERE month = $1 ORDER BY id DESC LIMIT 1`,
      [month],
    );
    return rows[0] ? reconciliationFromDb(rows[0]) : undefined;
  }
}
