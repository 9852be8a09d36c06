import type { RatingScale } from '@feedloop/protocol/vocabulary';
import type { Strings } from '../i18n/strings.js';

/**
 * The choices of each rating scale, without Preact: the panel's rating group (`ChoiceGroup`) and a
 * prompt (prompts/view.ts) show the same choices, with the same accessible names.
 */
export interface Choice {
  /** The radio's value: a rating, or a category's name. */
  value: number | string;
  label: string;
  glyph: string;
}

/** The default scale's choices. */
export const thumbs = (t: Pick<Strings, 'thumbsUp' | 'thumbsDown'>): Choice[] => [
  { value: 1, label: t.thumbsUp, glyph: '👍' },
  { value: 0, label: t.thumbsDown, glyph: '👎' },
];

const EMOJI = ['😞', '🙁', '😐', '🙂', '😄'];

/** The choices of a rating scale, with an accessible name each. */
export function choicesFor(scale: RatingScale, t: Strings): Choice[] {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  switch (scale) {
    case 'thumbs':
      return thumbs(t);
    case 'stars':
      return range(1, 5).map((value) => ({ value, label: t.star.replace('{n}', String(value)), glyph: '★' }));
    case 'emoji':
      return range(1, 5).map((value) => ({ value, label: t[`emoji${value}` as 'emoji1'], glyph: EMOJI[value - 1]! }));
    case 'nps':
      return range(0, 10).map((value) => ({ value, label: String(value), glyph: String(value) }));
  }
}
