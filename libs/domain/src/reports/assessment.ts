/**
 * The assessment report (R-RPT-3): timeliness, quality and compliance of handling per handler or per outlet over a
 * period, by `assessHandling`, with the quality signals the leadership reads beside the survey mean (R-REV-3):
 * reopened cases and dissatisfied surveys.
 */
import { assessHandling, shareOf, type Assessment, type AssessmentRow } from '../early-warning';

/** One closed case of the period, as the assessment reads it. */
export interface AssessedCase extends AssessmentRow {
  /** Reopened at least once (R-RES-3). */
  readonly reopened: boolean;
  /** The survey was dissatisfied (R-REV-1). */
  readonly dissatisfied: boolean;
}

/** One handler's or outlet's assessment (R-RPT-3) with its quality signals. */
export interface AssessmentLine extends Assessment {
  readonly reopened: number;
  readonly reopenRate: number | null;
  readonly dissatisfied: number;
  readonly dissatisfiedShare: number | null;
}

/**
 * R-RPT-3: `assessHandling` of the cases by `by`, each line with its reopened cases (share of its cases) and
 * dissatisfied surveys (share of its surveyed cases). Cases without the key are nobody's assessment and left out.
 */
export function assessmentLines(cases: readonly AssessedCase[], by: 'handler' | 'outlet'): AssessmentLine[] {
  const signals = new Map<string, { reopened: number; dissatisfied: number }>();
  for (const c of cases) {
    const key = c[by];
    if (key === undefined || key === '') continue;
    const s = signals.get(key) ?? { reopened: 0, dissatisfied: 0 };
    if (c.reopened) s.reopened++;
    if (c.dissatisfied) s.dissatisfied++;
    signals.set(key, s);
  }
  return assessHandling(cases, by).map((a): AssessmentLine => {
    const s = signals.get(a.key)!;
    return {
      ...a,
      reopened: s.reopened,
      reopenRate: shareOf(s.reopened, a.cases),
      dissatisfied: s.dissatisfied,
      dissatisfiedShare: shareOf(s.dissatisfied, a.surveyed),
    };
  });
}
