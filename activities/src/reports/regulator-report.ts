/**
 * The regulator's month (R-REG-1): the stored monthly valid-appeal report, built from the regulator appeals first
 * found valid in the month (Beijing time), per case — the outlet with the external responsibility (R-REG-4), parcels,
 * fine, whether the penalty may be appealed internally (R-REG-3) — and per outlet. Run by the `regulatorMonthlyReport`
 * workflow (a Temporal Schedule on the 1st of each month, or an admin's run); re-running a month stores the same
 * report (idempotent upsert keyed by month, unchanged when its content is).
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  APPEAL_FINE_PER_PARCEL_FEN,
  CHINA_OFFSET_MINUTES,
  appealFineFen,
  regulatorDataDueDate,
} from '@complaintflow/domain/appeals';
import {
  RegulatorReportsRepository,
  type AppealCaseRow,
  type NewRegulatorReport,
  type RegulatorOutletLine,
  type RegulatorReportLine,
} from '@complaintflow/persistence/repositories/regulator-reports';

/** The outlet named when a valid appeal has neither a penalty, a liability finding nor an origin on record. */
export const UNKNOWN_OUTLET = '未定';

/** [from, to) of a 'YYYY-MM' month in local time at `offsetMinutes` (China Standard Time), as epoch ms. */
export function monthRange(month: string, offsetMinutes = CHINA_OFFSET_MINUTES): { from: number; to: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`month must be 'YYYY-MM', got '${month}'`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const offset = offsetMinutes * 60_000;
  return { from: Date.UTC(year, index, 1) - offset, to: Date.UTC(year, index + 1, 1) - offset };
}

/** One valid appeal's line: R-REG-4 outlet, R-REG-1 fine (the recorded penalty, else the policy's per parcel). */
export function reportLineOf(a: AppealCaseRow): Omit<RegulatorReportLine, 'duplicateOf'> {
  const outlet = a.penalty?.outlet ?? a.liabilityExternal ?? a.originOutlet ?? UNKNOWN_OUTLET;
  const parcels = a.penalty?.parcels ?? 1;
  const perParcel = a.penalty?.perParcelFen ?? a.policyFinePerParcelFen ?? APPEAL_FINE_PER_PARCEL_FEN;
  return {
    caseId: a.caseId,
    externalRef: a.externalRef,
    waybillNo: a.waybillNo,
    outlet,
    parcels,
    fineFen: a.penalty?.amountFen ?? appealFineFen(parcels, perParcel),
    // R-REG-3: an outlet whose unclear reply caused the valid finding cannot appeal the penalty internally.
    penaltyAppealable: a.penalty?.internalAppealAllowed ?? true,
    validSince: new Date(a.validSince ?? 0).toISOString(),
  };
}

/**
 * The report's content from the month's valid appeals. R-REG-1 (元/票): a second case about the same waybill against
 * the same outlet in the month is listed with `duplicateOf` and fined 0 — the parcel is fined once.
 */
export function regulatorReportContent(
  month: string,
  appeals: readonly AppealCaseRow[],
  generatedBy: string,
): NewRegulatorReport {
  const ordered = [...appeals].sort(
    (a, b) => (a.validSince ?? 0) - (b.validSince ?? 0) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0),
  );
  const firstOf = new Map<string, string>();
  const rows: RegulatorReportLine[] = ordered.map((appeal) => {
    const line = reportLineOf(appeal);
    const key = `${line.outlet}\u0000${line.waybillNo}`;
    const first = firstOf.get(key);
    if (first !== undefined) return { ...line, fineFen: 0, duplicateOf: first };
    firstOf.set(key, line.caseId);
    return { ...line, duplicateOf: null };
  });
  const byOutlet = new Map<string, { validAppeals: number; parcels: number; fineFen: number; notAppealable: number }>();
  for (const row of rows) {
    const o = byOutlet.get(row.outlet) ?? { validAppeals: 0, parcels: 0, fineFen: 0, notAppealable: 0 };
    if (row.duplicateOf === null) {
      o.validAppeals += 1;
      o.parcels += row.parcels;
      o.fineFen += row.fineFen;
    }
    if (!row.penaltyAppealable) o.notAppealable += 1;
    byOutlet.set(row.outlet, o);
  }
  const outlets: RegulatorOutletLine[] = [...byOutlet.keys()]
    .sort()
    .map((outlet) => ({ outlet, ...byOutlet.get(outlet)! }));
  const dataDueDate = regulatorDataDueDate(month);
  const contentHash = createHash('sha256').update(JSON.stringify({ month, dataDueDate, rows, outlets })).digest('hex');
  return {
    month,
    dataDueDate,
    generatedBy,
    totalValidAppeals: outlets.reduce((sum, o) => sum + o.validAppeals, 0),
    totalParcels: outlets.reduce((sum, o) => sum + o.parcels, 0),
    totalFineFen: outlets.reduce((sum, o) => sum + o.fineFen, 0),
    rows,
    outlets,
    contentHash,
  };
}

/** What `generateRegulatorReport` answers (ids and figures only). */
export interface RegulatorReportSummary {
  readonly month: string;
  readonly totalValidAppeals: number;
  readonly totalFineFen: number;
  readonly contentHash: string;
  /** False when the stored report already had this content (a re-run). */
  readonly changed: boolean;
}

export function createRegulatorReportActivities(ds: DataSource) {
  const reports = new RegulatorReportsRepository(ds);
  return {
    /** R-REG-1: builds and stores the month's report (Beijing-time month). */
    async generateRegulatorReport(input: { month: string; trigger?: string }): Promise<RegulatorReportSummary> {
      const { from, to } = monthRange(input.month);
      const appeals = await reports.validAppealsBetween(from, to);
      const content = regulatorReportContent(input.month, appeals, input.trigger ?? 'schedule');
      const changed = await reports.upsert(content, Date.now());
      return {
        month: content.month,
        totalValidAppeals: content.totalValidAppeals,
        totalFineFen: content.totalFineFen,
        contentHash: content.contentHash,
        changed,
      };
    },
  };
}
