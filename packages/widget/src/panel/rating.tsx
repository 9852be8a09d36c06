import { h } from 'preact';
import type { Strings } from '../i18n/strings.js';

export interface Choice {
  value: number;
  label: string;
  glyph: string;
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
  value: number | undefined;
  onChange(value: number): void;
  className?: string;
  /** Marks stars up to the chosen one. */
  fill?: boolean;
}

/**
 * A group of native radio buttons: they bring the arrow-key behaviour, the radiogroup semantics
 * and form labelling of the platform, styled as buttons.
 */
export function ChoiceGroup({ name, legend, choices, value, onChange, className, fill }: ChoiceGroupProps) {
  return (
    <fieldset class={className}>
      <legend>{legend}</legend>
      <div class="g">
        {choices.map((choice) => (
          <label class={`c${fill ? ` s${value != null && choice.value <= value ? ' y' : ''}` : ''}`} title={choice.label}>
            <input
              type="radio"
              name={name}
              value={choice.value}
              aria-label={choice.label}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <span aria-hidden="true">{choice.glyph}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
