import type { RatingScale } from '@feedloop/protocol/vocabulary';
import { h } from 'preact';
import type { Strings } from '../i18n/strings.js';
import { thumbs, type Choice, type ScaleView } from './rating.js';

export { enScales } from '../i18n/en-scales.js';

/**
 * The rating scales other than the default (thumbs): a lazy chunk, loaded (with its CSS and
 * English strings) only when the feature being rated is configured with one of them.
 */
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

/** The rating group of a scale: NPS has its own legend and the labels of its ends. */
export const viewFor = (scale: RatingScale, t: Strings): ScaleView =>
  scale == 'nps'
    ? {
        choices: choicesFor(scale, t),
        legend: t.nps,
        className: 'n',
        after: h('div', { class: 'x', 'aria-hidden': 'true' }, h('span', null, t.npsLow), h('span', null, t.npsHigh)),
      }
    : { choices: choicesFor(scale, t), className: scale == 'stars' ? 's' : undefined };

/**
 * NPS (`.n`) buttons, stars (`.s`: the chosen one and those before it are filled, by CSS alone)
 * and the NPS ends' labels (`.x`).
 */
export const SCALES_CSS = `.n .c{min-width:30px;padding:4px;font-size:14px}.s .c{color:var(--m)}.s .c:is(:has(:checked),:has(~.c :checked)){color:#e3a008}.x{display:flex;justify-content:space-between;color:var(--m);font-size:12px;margin-top:4px}`;
