import { h, type VNode } from 'preact';
import type { Choice } from './choices.js';

export { thumbs, type Choice } from './choices.js';

/** How a rating scale shows: its choices, and what differs from thumbs (set by `scales.ts`). */
export interface ScaleView {
  choices: Choice[];
  legend?: string;
  /** The group's class: `n` NPS, `s` stars. */
  className?: string;
  /** Shown under the group (the NPS ends' labels). */
  after?: VNode;
}

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
