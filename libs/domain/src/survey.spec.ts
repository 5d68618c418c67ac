import fc from 'fast-check';
import {
  followUpReasons,
  isDissatisfied,
  needsFollowUpVisit,
  type Survey,
  surveyMean,
  surveyOutcome,
  validateSurvey,
} from './survey';
import { URGENCY_IDS } from './vocabulary';

const good: Survey = { speed: 5, effectiveness: 4, attitude: 5, transparency: 4 };

describe('survey validation', () => {
  it('R-REV-1: a survey of four integer scores 1–5 and a suggestion is accepted', () => {
    expect(validateSurvey({ ...good, suggestion: '  希望处理再快一些  ' })).toEqual({
      ok: true,
      survey: { ...good, suggestion: '希望处理再快一些' },
    });
  });

  it('R-REV-1: the suggestion is optional; null or blank means none; unknown fields are not copied', () => {
    for (const suggestion of [undefined, null, '   ']) {
      const result = validateSurvey({ ...good, suggestion, extra: 'x' });
      expect(result).toEqual({ ok: true, survey: good });
      expect(result.ok && 'suggestion' in result.survey).toBe(false);
    }
  });

  it('R-REV-1: missing, fractional, out-of-range and non-numeric scores are each reported', () => {
    expect(validateSurvey({ speed: 0, effectiveness: 2.5, attitude: '5', transparency: null })).toEqual({
      ok: false,
      errors: [
        { field: 'speed', reason: 'must be an integer from 1 to 5' },
        { field: 'effectiveness', reason: 'must be an integer from 1 to 5' },
        { field: 'attitude', reason: 'must be an integer from 1 to 5' },
        { field: 'transparency', reason: 'is required' },
      ],
    });
    expect(validateSurvey({ ...good, speed: 6 })).toEqual({
      ok: false,
      errors: [{ field: 'speed', reason: 'must be an integer from 1 to 5' }],
    });
  });

  it('R-REV-1: a suggestion must be a string of at most 2000 characters', () => {
    expect(validateSurvey({ ...good, suggestion: 42 })).toEqual({
      ok: false,
      errors: [{ field: 'suggestion', reason: 'must be a string' }],
    });
    expect(validateSurvey({ ...good, suggestion: '好'.repeat(2001) })).toEqual({
      ok: false,
      errors: [{ field: 'suggestion', reason: 'must be at most 2000 characters' }],
    });
    // 2000 characters (code points, here astral emoji of two UTF-16 units each) is fine.
    expect(validateSurvey({ ...good, suggestion: '😀'.repeat(2000) }).ok).toBe(true);
  });

  it('R-REV-1: a body that is not an object is refused', () => {
    for (const body of [null, 'survey', 5, [1, 2, 3, 4]]) {
      expect(validateSurvey(body)).toEqual({ ok: false, errors: [{ field: 'body', reason: 'must be an object' }] });
    }
  });

  it('R-REV-1: every integer score from 1 to 5 validates, and nothing else does (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double(), fc.string()), (value) => {
        const ok = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
        expect(validateSurvey({ ...good, speed: value }).ok).toBe(ok);
      }),
    );
  });
});

describe('dissatisfaction', () => {
  it('R-REV-1: one score of 2 or less makes the survey dissatisfied and reopens the review', () => {
    const survey = { ...good, attitude: 2 };
    expect(isDissatisfied(survey)).toBe(true);
    expect(surveyOutcome(survey)).toEqual({ reopenReview: true, mean: 3.75, lowScores: ['attitude'] });
  });

  it('R-REV-1: all scores 3 or more is not dissatisfied and does not reopen the review', () => {
    const survey = { speed: 3, effectiveness: 3, attitude: 3, transparency: 3 };
    expect(isDissatisfied(survey)).toBe(false);
    expect(surveyOutcome(survey)).toEqual({ reopenReview: false, mean: 3, lowScores: [] });
  });

  it('R-REV-1: a mean below 3 is dissatisfied even without a low score (non-integer scores)', () => {
    // Only reachable with scores off the integer scale: the mean threshold stands on its own.
    expect(isDissatisfied({ speed: 2.5, effectiveness: 2.5, attitude: 3, transparency: 3 })).toBe(true);
  });

  it('R-REV-1: the mean is the average of the four dimensions', () => {
    expect(surveyMean({ speed: 1, effectiveness: 2, attitude: 3, transparency: 5 })).toBe(2.75);
  });

  it('R-REV-1: dissatisfied exactly when some score is at most 2 (property over valid surveys)', () => {
    const score = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(score, score, score, score, (speed, effectiveness, attitude, transparency) => {
        const survey = { speed, effectiveness, attitude, transparency };
        const outcome = surveyOutcome(survey);
        expect(outcome.reopenReview).toBe(Math.min(speed, effectiveness, attitude, transparency) <= 2);
        expect(outcome.mean).toBeGreaterThanOrEqual(1);
        expect(outcome.mean).toBeLessThanOrEqual(5);
      }),
    );
  });
});

describe('follow-up visit', () => {
  const ordinary = { urgency: 'normal', isAppeal: false, isRepeat: false, dissatisfied: false } as const;

  it('R-RES-4: an ordinary normal case satisfied with the result needs no follow-up visit', () => {
    expect(needsFollowUpVisit(ordinary)).toBe(false);
    expect(followUpReasons(ordinary)).toEqual([]);
  });

  it('R-RES-4: urgent and major cases, appeals, repeats and dissatisfied customers are key cases', () => {
    expect(followUpReasons({ ...ordinary, urgency: 'urgent' })).toEqual(['urgent']);
    expect(followUpReasons({ ...ordinary, urgency: 'major' })).toEqual(['major']);
    expect(followUpReasons({ ...ordinary, isAppeal: true })).toEqual(['appeal']);
    expect(followUpReasons({ ...ordinary, isRepeat: true })).toEqual(['repeat']);
    expect(followUpReasons({ ...ordinary, dissatisfied: true })).toEqual(['dissatisfied']);
    expect(followUpReasons({ urgency: 'major', isAppeal: true, isRepeat: true, dissatisfied: true })).toEqual([
      'major',
      'appeal',
      'repeat',
      'dissatisfied',
    ]);
  });

  it('R-RES-4: a follow-up visit is needed exactly when any key-case fact holds (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...URGENCY_IDS),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (urgency, isAppeal, isRepeat, dissatisfied) => {
          expect(needsFollowUpVisit({ urgency, isAppeal, isRepeat, dissatisfied })).toBe(
            urgency !== 'normal' || isAppeal || isRepeat || dissatisfied,
          );
        },
      ),
    );
  });
});
