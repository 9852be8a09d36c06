import type { RatingScale } from '@feedloop/protocol/vocabulary';
import { h } from 'preact';
import type { Strings } from '../i18n/strings.js';
import { choicesFor } from './scale-choices.js';
import type { ScaleView } from './rating.js';

// The rating scales other than the default (thumbs): a lazy chunk, loaded (with its CSS and
// English strings) only when the feature being rated is configured with one of them.
export { enScales } from '../i18n/en-scales.js';
export { choicesFor } from './scale-choices.js';
export { SCALES_CSS } from './rating-css.js';

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
