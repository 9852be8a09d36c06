import type { Strings } from '../i18n/strings.js';

/**
 * The default scale's choices, without Preact: the panel's rating group (`ChoiceGroup`) and a
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
