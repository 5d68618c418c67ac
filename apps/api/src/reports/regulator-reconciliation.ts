/**
 * Reconciliation of the regulator's valid-appeal list with our stored monthly report (R-REG-1, R-REG-3): each of
 * their rows is matched to our cases by external reference, else waybill; the differences both ways (appeals they
 * count that we do not, with why; ours they do not), the fines per outlet on both sides, and which outlets may not
 * appeal their penalty internally (R-REG-3).
 */
import { APPEAL_FINE_PER_PARCEL_FEN } from '@complaintflow/domain/appeals';
import type {
  AppealCaseRow,
  RegulatorReportLine,
  StoredRegulatorReport,
} from '@complaintflow/persistence/repositories/regulator-reports';
import type { RegulatorListRow } from './regulator-upload';

/** Why one of their appeals is not among ours. */
export const NOT_OURS_REASONS = {
  not_found: { zh: '我方无此申诉案件', en: 'No regulator appeal case of ours has this reference or waybill' },
  not_valid: { zh: '我方案件未认定为有效申诉(R-CH-2)', en: 'Our case is not found a valid appeal (R-CH-2)' },
  other_month: { zh: '我方案件在其他月份认定为有效申诉', en: 'Our case was found valid in another month' },
} as const;
export type NotOursReason = keyof typeof NOT_OURS_REASONS;

export interface MatchedRow {
  readonly row: number;
  readonly caseId: string;
  readonly by: 'external_ref' | 'waybill';
}

export interface OnlyTheirsRow {
  readonly row: number;
  readonly externalRef: string | null;
  readonly waybillNo: string | null;
  readonly outlet: string | null;
  readonly reason: NotOursReason;
  readonly reasonLabel: { readonly zh: string; readonly en: string };
  /** Our case with that reference or waybill, when there is one. */
  readonly caseId: string | null;
}

export interface OnlyOursRow {
  readonly caseId: string;
  readonly externalRef: string | null;
  readonly waybillNo: string;
  readonly outlet: string;
  readonly fineFen: number;
}

export interface OutletReconciliation {
  readonly outlet: string;
  readonly ourValidAppeals: number;
  readonly ourFineFen: number;
  readonly theirValidAppeals: number;
  readonly theirFineFen: number;
  /** Theirs minus ours. */
  readonly differenceFen: number;
  /** R-REG-3: false when one of its valid appeals came from its unclear reply (no internal appeal of the penalty). */
  readonly mayAppealPenalty: boolean;
  /** R-REG-3: the cases whose penalty the outlet may not appeal internally. */
  readonly notAppealableCases: readonly string[];
}

export interface ReconciliationResult {
  readonly month: string;
  readonly reportGeneratedAt: string;
  readonly totals: { readonly theirs: number; readonly ours: number; readonly matched: number };
  readonly matched: readonly MatchedRow[];
  readonly onlyTheirs: readonly OnlyTheirsRow[];
  readonly onlyOurs: readonly OnlyOursRow[];
  readonly outlets: readonly OutletReconciliation[];
  /** R-REG-3: the outlets that may not appeal their penalty internally. */
  readonly outletsNotAppealable: readonly string[];
}

/**
 * Matches their rows to the report's lines (external reference first, else waybill); `known` are our appeal cases
 * with one of their references or waybills (to say why an unmatched row is not ours).
 */
export function reconcile(
  report: StoredRegulatorReport,
  theirs: readonly RegulatorListRow[],
  known: readonly AppealCaseRow[],
): ReconciliationResult {
  const lines = report.rows;
  const byRef = new Map<string, RegulatorReportLine>();
  const byWaybill = new Map<string, RegulatorReportLine>();
  for (const line of lines) {
    if (line.externalRef !== null && !byRef.has(line.externalRef)) byRef.set(line.externalRef, line);
    if (!byWaybill.has(line.waybillNo)) byWaybill.set(line.waybillNo, line);
  }
  const matchedCases = new Set<string>();
  const matched: MatchedRow[] = [];
  const onlyTheirs: OnlyTheirsRow[] = [];
  const theirByOutlet = new Map<string, { count: number; fineFen: number }>();
  const addTheirs = (outlet: string, fineFen: number) => {
    const o = theirByOutlet.get(outlet) ?? { count: 0, fineFen: 0 };
    o.count += 1;
    o.fineFen += fineFen;
    theirByOutlet.set(outlet, o);
  };
  for (const row of theirs) {
    const refLine = row.externalRef === null ? undefined : byRef.get(row.externalRef);
    const line = refLine ?? (row.waybillNo === null ? undefined : byWaybill.get(row.waybillNo));
    const theirFine = row.fineFen ?? row.parcels * APPEAL_FINE_PER_PARCEL_FEN;
    if (line && !matchedCases.has(line.caseId)) {
      matchedCases.add(line.caseId);
      matched.push({ row: row.row, caseId: line.caseId, by: refLine ? 'external_ref' : 'waybill' });
      addTheirs(line.outlet, theirFine);
      continue;
    }
    const ours =
      known.find((k) => row.externalRef !== null && k.externalRef === row.externalRef) ??
      known.find((k) => row.waybillNo !== null && k.waybillNo === row.waybillNo);
    const reason: NotOursReason = ours === undefined ? 'not_found' : ours.valid ? 'other_month' : 'not_valid';
    const outlet = row.outlet ?? ours?.penalty?.outlet ?? ours?.liabilityExternal ?? ours?.originOutlet ?? null;
    onlyTheirs.push({
      row: row.row,
      externalRef: row.externalRef,
      waybillNo: row.waybillNo,
      outlet,
      reason,
      reasonLabel: NOT_OURS_REASONS[reason],
      caseId: ours?.caseId ?? null,
    });
    addTheirs(outlet ?? '未定', theirFine);
  }
  const onlyOurs: OnlyOursRow[] = lines
    .filter((line) => line.duplicateOf === null && !matchedCases.has(line.caseId))
    .map((line) => ({
      caseId: line.caseId,
      externalRef: line.externalRef,
      waybillNo: line.waybillNo,
      outlet: line.outlet,
      fineFen: line.fineFen,
    }));
  const outletNames = [...new Set([...report.outlets.map((o) => o.outlet), ...theirByOutlet.keys()])].sort();
  const outlets = outletNames.map((outlet): OutletReconciliation => {
    const ours = report.outlets.find((o) => o.outlet === outlet);
    const their = theirByOutlet.get(outlet) ?? { count: 0, fineFen: 0 };
    // R-REG-3: an outlet whose unclear reply caused a valid finding may not appeal that penalty internally.
    const notAppealableCases = lines.filter((l) => l.outlet === outlet && !l.penaltyAppealable).map((l) => l.caseId);
    return {
      outlet,
      ourValidAppeals: ours?.validAppeals ?? 0,
      ourFineFen: ours?.fineFen ?? 0,
      theirValidAppeals: their.count,
      theirFineFen: their.fineFen,
      differenceFen: their.fineFen - (ours?.fineFen ?? 0),
      mayAppealPenalty: notAppealableCases.length === 0,
      notAppealableCases,
    };
  });
  return {
    month: report.month,
    reportGeneratedAt: report.generatedAt,
    totals: {
      theirs: theirs.length,
      ours: lines.filter((l) => l.duplicateOf === null).length,
      matched: matched.length,
    },
    matched,
    onlyTheirs,
    onlyOurs,
    outlets,
    outletsNotAppealable: outlets.filter((o) => !o.mayAppealPenalty).map((o) => o.outlet),
  };
}
