import { EMAIL_PATTERN, FEATURE_PATTERN, MAX_COMMENT_LENGTH, MAX_EMAIL_LENGTH } from '@feedloop/protocol/limits';
import { RATING_SCALES } from '@feedloop/protocol/vocabulary';
import type { FeedbackInput } from './types.js';

const NAME = new RegExp(FEATURE_PATTERN);
const EMAIL = new RegExp(EMAIL_PATTERN);

/** Feature, experiment and variant names share one alphabet: 1-100 chars of [A-Za-z0-9._:/-]. */
export const isName = (value: unknown): value is string => typeof value == 'string' && NAME.test(value);

/**
 * What is wrong with a feedback call, checked before queueing: an event the service would reject
 * is better reported to the developer now than dropped later.
 */
export function feedbackProblem({ rating, comment, email }: FeedbackInput, feature: string | undefined): string | undefined {
  const range = rating && RATING_SCALES[rating.scale];
  const value = rating?.value as number;
  return !isName(feature)
    ? 'feature'
    : rating && !(range && value % 1 == 0 && value >= range.min && value <= range.max)
      ? 'rating'
      : (comment?.length as number) > MAX_COMMENT_LENGTH
        ? 'comment'
        : email?.trim() && !(email.trim().length <= MAX_EMAIL_LENGTH && EMAIL.test(email.trim()))
          ? 'email'
        : rating || comment?.trim()
          ? undefined
          : 'no rating or comment';
}
