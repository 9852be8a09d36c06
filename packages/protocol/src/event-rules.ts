import { RATING_SCALES, type RatingScale } from './vocabulary.js';

/**
 * Rules of a feedback event that JSON Schema cannot state. Typebox-free, so the server (which
 * enforces them) and browser code can share one definition.
 */

export interface RuleViolation {
  code: 'invalid_rating' | 'missing_content';
  message: string;
}

export function checkRatingValue(scale: RatingScale, value: number): RuleViolation | undefined {
  const range = RATING_SCALES[scale];
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    return {
      code: 'invalid_rating',
      message: `rating.value must be an integer from ${range.min} to ${range.max} on the ${scale} scale`,
    };
  }
  return undefined;
}

export function checkFeedbackContent(event: {
  rating?: { scale: RatingScale; value: number };
  comment?: string;
}): RuleViolation | undefined {
  const hasComment = typeof event.comment === 'string' && event.comment.trim().length > 0;
  if (!event.rating && !hasComment) {
    return { code: 'missing_content', message: 'a feedback event needs a rating, a non-blank comment, or both' };
  }
  return event.rating ? checkRatingValue(event.rating.scale, event.rating.value) : undefined;
}
