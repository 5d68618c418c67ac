/**
 * The satisfaction survey taken right after closing (R-REV-1) and the follow-up visit for key cases (R-RES-4).
 */
import { type Urgency } from './vocabulary';

/** The four survey dimensions, each scored 1–5 (R-REV-1; seed 004 3.10.18). */
export const SURVEY_DIMENSIONS = {
  speed: { zh: '投诉处理速度', en: 'Speed of handling' },
  effectiveness: { zh: '投诉处理效果', en: 'Effectiveness of the solution' },
  attitude: { zh: '客服态度', en: 'Staff attitude' },
  transparency: { zh: '信息透明度', en: 'Transparency' },
} as const;
export type SurveyDimension = keyof typeof SURVEY_DIMENSIONS;
export const SURVEY_DIMENSION_IDS = Object.keys(SURVEY_DIMENSIONS) as SurveyDimension[];

/** The lowest and highest score of a dimension. */
export const SURVEY_MIN_SCORE = 1;
export const SURVEY_MAX_SCORE = 5;
/** The longest suggestion accepted, in characters (Unicode code points). */
export const SURVEY_SUGGESTION_MAX_CHARS = 2000;

/**
 * Dissatisfaction threshold (R-REV-1): a survey is dissatisfied when any dimension scores at most this value
 * (1 很不满意 or 2 不满意 on the 5-point scale) …
 */
export const DISSATISFIED_MAX_SCORE = 2;
/** … or when the mean of the four dimensions is below this value (below "neutral"). */
export const DISSATISFIED_MEAN_BELOW = 3;

/** A validated survey (R-REV-1). */
export interface Survey {
  readonly speed: number;
  readonly effectiveness: number;
  readonly attitude: number;
  readonly transparency: number;
  /** The customer's suggestion, trimmed; absent when none was given. */
  readonly suggestion?: string;
}

/** Why a survey field was refused. */
export interface SurveyFieldError {
  readonly field: string;
  readonly reason: string;
}

export type SurveyValidation =
  { readonly ok: true; readonly survey: Survey } | { readonly ok: false; readonly errors: readonly SurveyFieldError[] };

/**
 * Validates a survey as it arrives from a client (R-REV-1): speed, effectiveness, attitude and transparency are
 * integers 1–5; the suggestion is optional (null, absent or blank means none), a string of at most 2000 characters.
 * Every failing field is reported. Unknown fields are ignored and not copied into the survey.
 */
export function validateSurvey(input: unknown): SurveyValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'body', reason: 'must be an object' }] };
  }
  const body = input as Record<string, unknown>;
  const errors: SurveyFieldError[] = [];
  const scores: Partial<Record<SurveyDimension, number>> = {};
  for (const dimension of SURVEY_DIMENSION_IDS) {
    const value = body[dimension];
    if (value === undefined || value === null) {
      errors.push({ field: dimension, reason: 'is required' });
    } else if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < SURVEY_MIN_SCORE ||
      value > SURVEY_MAX_SCORE
    ) {
      errors.push({ field: dimension, reason: `must be an integer from ${SURVEY_MIN_SCORE} to ${SURVEY_MAX_SCORE}` });
    } else {
      scores[dimension] = value;
    }
  }
  let suggestion: string | undefined;
  const rawSuggestion = body.suggestion;
  if (rawSuggestion !== undefined && rawSuggestion !== null) {
    if (typeof rawSuggestion !== 'string') {
      errors.push({ field: 'suggestion', reason: 'must be a string' });
    } else if ([...rawSuggestion].length > SURVEY_SUGGESTION_MAX_CHARS) {
      errors.push({ field: 'suggestion', reason: `must be at most ${SURVEY_SUGGESTION_MAX_CHARS} characters` });
    } else if (rawSuggestion.trim() !== '') {
      suggestion = rawSuggestion.trim();
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const survey: Survey = {
    speed: scores.speed!,
    effectiveness: scores.effectiveness!,
    attitude: scores.attitude!,
    transparency: scores.transparency!,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
  return { ok: true, survey };
}

/** The mean of the four dimension scores (R-REV-1). */
export function surveyMean(survey: Survey): number {
  return SURVEY_DIMENSION_IDS.reduce((sum, dimension) => sum + survey[dimension], 0) / SURVEY_DIMENSION_IDS.length;
}

/** The dimensions scored at or below the dissatisfaction threshold, in survey order (R-REV-1). */
export function lowScores(survey: Survey): SurveyDimension[] {
  return SURVEY_DIMENSION_IDS.filter((dimension) => survey[dimension] <= DISSATISFIED_MAX_SCORE);
}

/**
 * Whether the customer is dissatisfied (R-REV-1). Threshold: any dimension scores 2 or less
 * (`DISSATISFIED_MAX_SCORE`: one "dissatisfied" answer is enough to look again), or the mean of the four is below 3
 * (`DISSATISFIED_MEAN_BELOW`, below neutral). On today's integer 1–5 scale the mean test is implied by the score test;
 * it is kept so that either constant can be tuned on its own.
 */
export function isDissatisfied(survey: Survey): boolean {
  return lowScores(survey).length > 0 || surveyMean(survey) < DISSATISFIED_MEAN_BELOW;
}

/** What a survey leads to (R-REV-1). */
export interface SurveyOutcome {
  /** Dissatisfied results reopen the review of how the case was handled. */
  readonly reopenReview: boolean;
  readonly mean: number;
  /** The dimensions that scored low, for the review. */
  readonly lowScores: readonly SurveyDimension[];
}

/** R-REV-1: the survey's mean, and whether it reopens the review of the case's handling (when dissatisfied). */
export function surveyOutcome(survey: Survey): SurveyOutcome {
  return { reopenReview: isDissatisfied(survey), mean: surveyMean(survey), lowScores: lowScores(survey) };
}

/** The facts that make a case a key case for a follow-up visit (R-RES-4). */
export interface FollowUpFacts {
  readonly urgency: Urgency;
  /** A regulator appeal (escalated complaint, R-CH-2). */
  readonly isAppeal: boolean;
  /** A repeat complaint (R-CAT-4). */
  readonly isRepeat: boolean;
  /** The survey was dissatisfied (R-REV-1), when one was taken. */
  readonly dissatisfied: boolean;
}

/** Why a case is a key case (R-RES-4). */
export type FollowUpReason = 'urgent' | 'major' | 'appeal' | 'repeat' | 'dissatisfied';

/**
 * The reasons a case is a key case that gets thanks and a follow-up visit (回访) (R-RES-4): urgent or major
 * urgency, a regulator appeal, a repeat complaint, or a dissatisfied survey. Empty for an ordinary case.
 */
export function followUpReasons(facts: FollowUpFacts): FollowUpReason[] {
  const reasons: FollowUpReason[] = [];
  if (facts.urgency !== 'normal') reasons.push(facts.urgency);
  if (facts.isAppeal) reasons.push('appeal');
  if (facts.isRepeat) reasons.push('repeat');
  if (facts.dissatisfied) reasons.push('dissatisfied');
  return reasons;
}

/** R-RES-4: whether a case is a key case that needs a follow-up visit (see `followUpReasons`). */
export function needsFollowUpVisit(facts: FollowUpFacts): boolean {
  return followUpReasons(facts).length > 0;
}
