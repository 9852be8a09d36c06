import type { RatingScale } from '@feedloop/protocol/vocabulary';
import type { Strings } from '../i18n/strings.js';
import { thumbs, type Choice } from './choices.js';

// Not in choices.ts: the panel's own chunk has thumbs only; the scales chunk and prompts bring these.
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
