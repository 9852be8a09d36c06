import { MAX_SEARCH_LENGTH } from '@feedloop/protocol/limits';
import { CATEGORIES, FEEDBACK_STATUSES, FEEDBACK_STATUS_LABELS } from '@feedloop/protocol/vocabulary';
import { AnySelect } from './any-select.js';
import type { Filters } from './filters.js';
import { RATING_CHOICES } from './rating-choices.js';

const CATEGORY_CHOICES = CATEGORIES.map((c) => ({ value: c, label: c }));
const STATUS_CHOICES = FEEDBACK_STATUSES.map((s) => ({ value: s, label: FEEDBACK_STATUS_LABELS[s] }));

/** Search text, category, rating, status and "with a comment only". */
export function FilterForm({ filters, onChange }: { filters: Filters; onChange(change: Partial<Filters>): void }) {
  return (
    <form class="filters" role="search" aria-label="Filter feedback" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>Search comments</span>
        <input type="search" value={filters.q} maxLength={MAX_SEARCH_LENGTH} onInput={(e) => onChange({ q: e.currentTarget.value })} />
      </label>
      <AnySelect label="Category" value={filters.category} onChange={(category) => onChange({ category })} choices={CATEGORY_CHOICES} />
      <AnySelect label="Rating" value={filters.rating} onChange={(rating) => onChange({ rating })} choices={RATING_CHOICES} />
      <AnySelect label="Status" value={filters.status} onChange={(status) => onChange({ status })} choices={STATUS_CHOICES} />
      <label class="check">
        <input type="checkbox" checked={filters.hasComment} onChange={(e) => onChange({ hasComment: e.currentTarget.checked })} />
        <span>With a comment only</span>
      </label>
    </form>
  );
}
