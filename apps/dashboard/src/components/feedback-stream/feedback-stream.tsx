import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../../api.js';
import type { LiveFeed } from '../../page-props.js';
import type { DayRange } from '../../range.js';
import { BulkTriageForm } from './bulk-triage-form.js';
import { FeedbackCard } from './feedback-card.js';
import { FilterForm } from './filter-form.js';
import { DEFAULT_FILTERS, type Filters } from './filters.js';
import { useFeedbackList } from './use-feedback-list.js';

/**
 * The comment stream of a feature (or all): filters, live arrivals, triage one by one or in bulk
 * (for roles that may triage; viewers read).
 */
export function FeedbackStream({
  api,
  feature,
  live,
  range,
  canTriage,
}: {
  api: Api;
  feature?: string;
  live: LiveFeed;
  range: DayRange;
  canTriage: boolean;
}) {
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  // The filters the list shows: typing in the search box waits a moment, the others apply at once.
  const [applied, setApplied] = useState(filters);
  useEffect(() => {
    const timer = setTimeout(() => setApplied(filters), filters.q === applied.q ? 0 : 300);
    return () => clearTimeout(timer);
  }, [filters]);

  const list = useFeedbackList({ api, feature, range, filters: applied, live });
  const { items, cursor, loading, error } = list;

  const [selected, setSelected] = useState<Set<string>>(new Set());
  // A new list starts with nothing selected.
  useEffect(() => setSelected(new Set()), [api, feature, applied, range.from, range.to]);
  const selectedItems = useMemo(() => items.filter((i) => selected.has(i.id)), [items, selected]);
  const select = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const idPrefix = feature ? 'f' : 'all';
  return (
    <section class="card" aria-labelledby={`${idPrefix}-stream-title`}>
      <h2 id={`${idPrefix}-stream-title`}>Feedback</h2>
      <FilterForm filters={filters} onChange={(change) => setFilters((f) => ({ ...f, ...change }))} />
      {canTriage && (
        <BulkTriageForm
          api={api}
          shown={items}
          selected={selectedItems}
          onSelectAll={(on) => setSelected(on ? new Set(items.map((i) => i.id)) : new Set())}
          onUpdated={(result) => {
            list.mergeStates(result.items);
            setSelected(new Set());
          }}
        />
      )}

      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!loading && items.length === 0 && !error && <p class="empty">No feedback matches.</p>}
      <ol class="stream" aria-label="Feedback items, newest first">
        {items.map((item) => (
          <li key={item.id}>
            <FeedbackCard
              api={api}
              item={item}
              showFeature={feature === undefined}
              canTriage={canTriage}
              selected={selected.has(item.id)}
              onSelect={(on) => select(item.id, on)}
              onChange={list.replace}
            />
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" class="secondary" disabled={loading} onClick={list.showMore}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
      {loading && !cursor && <p class="muted">Loading…</p>}
    </section>
  );
}
