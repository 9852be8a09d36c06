import type { Strings } from './strings.js';

export type ScaleStrings = Pick<Strings, 'star' | 'emoji1' | 'emoji2' | 'emoji3' | 'emoji4' | 'emoji5' | 'nps' | 'npsLow' | 'npsHigh'>;

/** English strings of the stars, emoji and NPS scales: in their lazy chunk, not in the panel's. */
export const enScales: ScaleStrings = {
  star: '{n} of 5 stars',
  emoji1: 'Very unhappy',
  emoji2: 'Unhappy',
  emoji3: 'Neutral',
  emoji4: 'Happy',
  emoji5: 'Very happy',
  nps: 'How likely are you to recommend us?',
  npsLow: 'Not likely',
  npsHigh: 'Very likely',
};
