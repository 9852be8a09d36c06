import type { Query } from '../../api.js';
import type { DayRange } from '../../range.js';
import type { TriagedItem } from '../../triage.js';

/** The stream's filters as the form holds them; an empty string means "any". */
export interface Filters {
  q: string;
  category: string;
  /** "scale:value" (see rating-choices.ts) or "". */
  rating: string;
  status: string;
  hasComment: boolean;
}

export const DEFAULT_FILTERS: Filters = { q: '', category: '', rating: '', status: '', hasComment: true };

/** Items per page of `GET /v1/feedback`. */
const PAGE_SIZE = 25;

/** The `GET /v1/feedback` query that applies the filters to a feature (or all) in a range. */
export function feedbackQuery(filters: Filters, feature: string | undefined, range: DayRange): Query {
  const [scale, value] = filters.rating ? filters.rating.split(':') : [];
  return {
    feature,
    from: range.from,
    to: range.to,
    q: filters.q.trim() || undefined,
    category: filters.category || undefined,
    status: filters.status || undefined,
    hasComment: filters.hasComment ? true : undefined,
    scale,
    rating: value,
    limit: PAGE_SIZE,
  };
}

/** Client-side twin of the server's filters, for live items. */
export function matchesFilters(item: TriagedItem, feature: string | undefined, filters: Filters): boolean {
  const f = filters;
  if (feature !== undefined && item.feature !== feature) return false;
  if (f.category && item.category !== f.category) return false;
  if (f.status && (item.status ?? 'new') !== f.status) return false;
  if (f.hasComment && !item.comment) return false;
  if (f.q && !(item.comment ?? '').toLowerCase().includes(f.q.toLowerCase())) return false;
  if (f.rating) {
    const [scale, value] = f.rating.split(':');
    if (!item.rating || item.rating.scale !== scale || item.rating.value !== Number(value)) return false;
  }
  return true;
}
