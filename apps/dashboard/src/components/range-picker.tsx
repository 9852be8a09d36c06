import { PRESETS, addDays, describeRange, type DayRange, type RangeChoice, type RangePreset } from '../range.js';

/** Preset ranges or two days picked by hand (UTC days: the service's rollups are daily). */
export function RangePicker({ choice, range, onChange }: { choice: RangeChoice; range: DayRange; onChange(choice: RangeChoice): void }) {
  const through = addDays(range.to, -1);
  return (
    <div class="range-picker" role="group" aria-label="Time range">
      <label>
        <span class="visually-hidden">Time range</span>
        <select
          value={choice.preset}
          onChange={(e) => {
            const preset = e.currentTarget.value as RangePreset;
            onChange(preset === 'custom' ? { preset, from: range.from, through } : { preset });
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {choice.preset === 'custom' ? (
        <>
          <label>
            <span class="visually-hidden">From (UTC day)</span>
            <input type="date" value={choice.from ?? range.from} max={choice.through} onChange={(e) => onChange({ ...choice, from: e.currentTarget.value })} />
          </label>
          <label>
            <span class="visually-hidden">Through (UTC day)</span>
            <input type="date" value={choice.through ?? through} min={choice.from} onChange={(e) => onChange({ ...choice, through: e.currentTarget.value })} />
          </label>
        </>
      ) : (
        <span class="muted range-text">{describeRange(range)}</span>
      )}
    </div>
  );
}
