import type { FeedbackListResponse, TriageState } from '@feedloop/protocol';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api.js';
import type { LiveFeed } from '../../page-props.js';
import type { DayRange } from '../../range.js';
import { mergeState, type TriagedItem } from '../../triage.js';
import { feedbackQuery, matchesFilters, type Filters } from './filters.js';

export interface FeedbackList {
  /** Newest first: the pages loaded so far, live arrivals that match on top. */
  items: TriagedItem[];
  /** Where the next page starts; null at the end. */
  cursor: string | null;
  loading: boolean;
  error: string;
  /** Loads the page after `cursor`. */
  showMore(): void;
  /** Puts an item's new version in place of the old. */
  replace(item: TriagedItem): void;
  /** Merges triage states into the items they belong to. */
  mergeStates(states: TriageState[]): void;
}

/** The items of `GET /v1/feedback` for the filters, page by page, kept current by the live feed. */
export function useFeedbackList({
  api,
  feature,
  range,
  filters,
  live,
}: {
  api: Api;
  feature: string | undefined;
  range: DayRange;
  filters: Filters;
  live: LiveFeed;
}): FeedbackList {
  const [items, setItems] = useState<TriagedItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  // The live tick the list has caught up with (what arrived before it loaded is in its first page).
  const [sinceLoad, setSinceLoad] = useState(0);

  const load = async (after: string | null, signal?: AbortSignal) => {
    setLoading(true);
    setError('');
    try {
      const page = await api.get<FeedbackListResponse>('/v1/feedback', { ...feedbackQuery(filters, feature, range), cursor: after }, signal);
      const fresh = page.feedback as TriagedItem[];
      setItems((current) => (after ? [...current, ...fresh.filter((i) => !current.some((c) => c.id === i.id))] : fresh));
      setCursor(page.nextCursor);
    } catch (e) {
      if (!signal?.aborted) setError((e as Error).message);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    setSinceLoad(live.tick);
    void load(null, controller.signal);
    return () => controller.abort();
  }, [api, feature, filters, range.from, range.to]);

  // Live arrivals that match go on top, without a reload.
  useEffect(() => {
    if (live.tick === sinceLoad) return;
    const arrived = live.items.filter((item) => matchesFilters(item, feature, filters));
    if (arrived.length > 0) setItems((current) => [...arrived.filter((a) => !current.some((c) => c.id === a.id)), ...current]);
    setSinceLoad(live.tick);
  }, [live.tick]);
  useEffect(() => {
    if (live.updated.size === 0) return;
    setItems((current) => current.map((item) => live.updated.get(item.id) ?? item));
  }, [live.updated]);

  return {
    items,
    cursor,
    loading,
    error,
    showMore: () => void load(cursor),
    replace: (next) => setItems((current) => current.map((item) => (item.id === next.id ? next : item))),
    mergeStates: (list) => {
      const states = new Map(list.map((state) => [state.id, state]));
      setItems((current) => current.map((item) => (states.has(item.id) ? mergeState(item, states.get(item.id)!) : item)));
    },
  };
}
