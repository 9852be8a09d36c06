import { RATING_SCALE_NAMES, RATING_SCALES, type RatingScale } from '@feedloop/protocol/vocabulary';

/** How a value reads in the rating filter, per scale. */
const CHOICE_LABELS: Record<RatingScale, (value: number) => string> = {
  thumbs: (value) => (value === 1 ? 'Thumbs up' : 'Thumbs down'),
  stars: (value) => `${value} stars`,
  emoji: (value) => `Emoji ${value}`,
  nps: (value) => `NPS ${value}`,
};

/** A scale's values, highest first. */
function valuesOf(scale: RatingScale): number[] {
  const { min, max } = RATING_SCALES[scale];
  return Array.from({ length: max - min + 1 }, (_, i) => max - i);
}

/** The rating filter's choices: every value of every scale the protocol defines, as "scale:value". */
export const RATING_CHOICES: { value: string; label: string }[] = RATING_SCALE_NAMES.flatMap((scale) =>
  valuesOf(scale).map((value) => ({ value: `${scale}:${value}`, label: CHOICE_LABELS[scale](value) })),
);
