import { h } from 'preact';
import type { RatingScale } from '@feedloop/protocol/limits';
import type { Strings } from '../i18n/strings.js';

interface Choice {
  value: number;
  label: string;
  glyph: string;
}

const EMOJI = ['😞', '🙁', '😐', '🙂', '😄'];

/** The choices of a rating scale, with an accessible name each. */
export function choicesFor(scale: RatingScale, t: Strings): Choice[] {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  switch (scale) {
    case 'thumbs':
      return [
        { value: 1, label: t.thumbsUp, glyph: '👍' },
        { value: 0, label: t.thumbsDown, glyph: '👎' },
      ];
    case 'stars':
      return range(1, 5).map((value) => ({ value, label: t.star.replace('{n}', String(value)), glyph: '★' }));
    case 'emoji':
      return range(1, 5).map((value) => ({ value, label: t[`emoji${value}` as 'emoji1'], glyph: EMOJI[value - 1]! }));
    case 'nps':
      return range(0, 10).map((value) => ({ value, label: String(value), glyph: String(value) }));
  }
}

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
      <div class="opts">
        {choices.map((choice) => (
          <label class={`opt${fill ? ` star${value != null && choice.value <= value ? ' on' : ''}` : ''}`} title={choice.label}>
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
