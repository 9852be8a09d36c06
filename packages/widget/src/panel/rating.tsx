import { h, type VNode } from 'preact';
import type { Strings } from '../i18n/strings.js';

export interface Choice {
  /** The radio's value: a rating, or a category's name. */
  value: number | string;
  label: string;
  glyph: string;
}

/** How a rating scale shows: its choices, and what differs from thumbs (set by `scales.ts`). */
export interface ScaleView {
  choices: Choice[];
  legend?: string;
  /** The group's class: `n` NPS, `s` stars. */
  className?: string;
  /** Shown under the group (the NPS ends' labels). */
  after?: VNode;
}

/** The default scale's choices; the other scales are in `scales.ts`, loaded when a feature uses one. */
export const thumbs = (t: Strings): Choice[] => [
  { value: 1, label: t.thumbsUp, glyph: '👍' },
  { value: 0, label: t.thumbsDown, glyph: '👎' },
];

interface ChoiceGroupProps {
  name: string;
  legend: string;
  choices: Choice[];
  className?: string;
}

/**
 * A group of native radio buttons: they bring the arrow-key behaviour, the radiogroup semantics,
 * form labelling and the form's value of the platform, styled as buttons.
 */
export function ChoiceGroup({ name, legend, choices, className }: ChoiceGroupProps) {
  return (
    <fieldset class={className}>
      <legend>{legend}</legend>
      <div class="g">
        {choices.map((choice) => (
          <label class="c" title={choice.label}>
            <input type="radio" name={name} value={choice.value} aria-label={choice.label} />
            <span aria-hidden="true">{choice.glyph}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
