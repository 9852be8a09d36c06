import type { FeatureDetailResponse, FeatureSummary, FeaturesResponse, FeedbackListResponse } from '@feedloop/protocol';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { inBatches, segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { FreshnessNotice } from '../components/freshness-notice.js';
import { PageHead } from '../components/page-head.js';
import { Sparkline } from '../components/charts.js';
import { FeedbackLine } from '../components/feedback-line.js';
import {
  formatCount,
  formatPercent,
  formatSigned,
  normalised,
  ratingChangeText,
  relativeTime,
  scalesIn,
  summaryText,
  volumeChange,
} from '../format.js';
import { useLoad, useThrottled } from '../load.js';
import { describeRange, previousRange } from '../range.js';
import { href } from '../router.js';

interface Row {
  feature: string;
  current: FeatureSummary;
  previous: FeatureSummary | undefined;
  change: number | undefined;
  rating: number | undefined;
}

type SortKey = 'feature' | 'count' | 'change' | 'rating' | 'comments' | 'lastAt';
const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'feature', label: 'Feature', numeric: false },
  { key: 'count', label: 'Feedback', numeric: true },
  { key: 'change', label: 'Change', numeric: true },
  { key: 'rating', label: 'Rating', numeric: true },
  { key: 'comments', label: 'Comments', numeric: true },
  { key: 'lastAt', label: 'Latest', numeric: true },
];

/** Every feature: volume, rating, change against the previous period, trend; sortable; live. */
export function Overview({ api, range, live }: PageProps) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'count', descending: true });
  const [filter, setFilter] = useState('');
  const [trends, setTrends] = useState<Map<string, number[]>>(new Map());

  const features = useLoad(
    async (signal) => {
      const previous = previousRange(range);
      const [now, before] = await Promise.all([
        api.aggregate<FeaturesResponse>('/v1/features', { ...range }, signal),
        api.aggregate<FeaturesResponse>('/v1/features', { ...previous }, signal),
      ]);
      const earlier = new Map(before.features.map((f) => [f.feature, f]));
      const rows = now.features.map((current): Row => {
        const previousSummary = earlier.get(current.feature);
        return {
          feature: current.feature,
          current,
          previous: previousSummary,
          change: volumeChange(current.count, previousSummary?.count),
          rating: normalised(current.ratings),
        };
      });
      return { rows, answers: [now, before] };
    },
    [api, range.from, range.to],
  );

  const recent = useLoad((signal) => api.get<FeedbackListResponse>('/v1/feedback', { limit: 8 }, signal), [api]);

  // Sparklines: each feature's daily series, a few requests at a time.
  const names = features.data?.rows.map((r) => r.feature).join('\n') ?? '';
  useEffect(() => {
    if (!names) return;
    const controller = new AbortController();
    const list = names.split('\n');
    void inBatches(
      list.map((feature) => async () => {
        const detail = await api.get<FeatureDetailResponse>(
          `/v1/features/${segment(feature)}`,
          { ...range, interval: 'day', comments: 0 },
          controller.signal,
        );
        if (!controller.signal.aborted) setTrends((t) => new Map(t).set(feature, detail.series.map((p) => p.count)));
      }),
      4,
    ).catch(() => undefined);
    return () => controller.abort();
  }, [api, names, range.from, range.to]);

  const refresh = useThrottled(() => features.reload(), 1000);
  useEffect(() => {
    if (live.tick > 0) refresh();
  }, [live.tick]);

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const list = (features.data?.rows ?? []).filter((r) => !needle || r.feature.toLowerCase().includes(needle));
    const value = (r: Row): number | string => {
      switch (sort.key) {
        case 'feature':
          return r.feature;
        case 'count':
          return r.current.count;
        case 'change':
          return r.change ?? -Infinity;
        case 'rating':
          return r.rating ?? -Infinity;
        case 'comments':
          return r.current.comments;
        case 'lastAt':
          return r.current.lastAt;
      }
    };
    return list.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = x < y ? -1 : x > y ? 1 : a.feature < b.feature ? -1 : 1;
      return sort.descending ? -order : order;
    });
  }, [features.data, filter, sort]);

  const latest = [...live.items, ...(recent.data?.feedback ?? []).filter((item) => !live.items.some((l) => l.id === item.id))].slice(0, 8);

  return (
    <>
      <PageHead title="Features">
        {describeRange(range)} (UTC), compared with the {describeRange(previousRange(range))}.
      </PageHead>
      <FreshnessNotice answers={features.data?.answers ?? []} />
      <div class="columns">
        <section class="card grow" aria-labelledby="features-title">
          <div class="section-head">
            <h2 id="features-title">All features</h2>
            <label class="inline">
              <span>Filter</span>
              <input type="search" value={filter} placeholder="Feature name" onInput={(e) => setFilter(e.currentTarget.value)} />
            </label>
          </div>
          {features.error && <p class="error" role="alert">{features.error.message}</p>}
          {!features.data && features.loading && <p class="muted">Loading…</p>}
          {features.data && features.data.rows.length === 0 && <p class="empty">No feedback in this range yet.</p>}
          {rows.length > 0 && (
            <div class="table-wrap">
              <table class="features">
                <caption class="visually-hidden">Features, sortable by each column</caption>
                <thead>
                  <tr>
                    {COLUMNS.map((column) => (
                      <th
                        key={column.key}
                        scope="col"
                        class={column.numeric ? 'num' : undefined}
                        aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
                      >
                        <button
                          type="button"
                          class="sort"
                          onClick={() =>
                            setSort((s) => ({ key: column.key, descending: s.key === column.key ? !s.descending : column.numeric }))
                          }
                        >
                          {column.label}
                          <span aria-hidden="true" class="sort-mark">
                            {sort.key === column.key ? (sort.descending ? '▼' : '▲') : ''}
                          </span>
                        </button>
                      </th>
                    ))}
                    <th scope="col">Trend</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <FeatureRow key={row.feature} row={row} trend={trends.get(row.feature)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section class="card side" aria-labelledby="latest-title">
          <h2 id="latest-title">Latest feedback</h2>
          {latest.length === 0 ? (
            <p class="empty">Nothing yet. New feedback appears here as it arrives.</p>
          ) : (
            <ol class="latest" aria-live="off">
              {latest.map((item) => (
                <li key={item.id}>
                  <FeedbackLine item={item} showFeature />
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}

function FeatureRow({ row, trend }: { row: Row; trend: number[] | undefined }) {
  const { current, previous, change } = row;
  const scales = scalesIn(current.ratings);
  return (
    <tr>
      <th scope="row">
        <a href={href({ page: 'feature', feature: row.feature })}>{row.feature}</a>
      </th>
      <td class="num">{formatCount(current.count)}</td>
      <td class={`num change ${change === undefined ? '' : change > 0 ? 'up' : change < 0 ? 'down' : ''}`}>
        {change === undefined ? (
          <span class="muted">{previous ? '–' : 'new'}</span>
        ) : (
          `${formatSigned(change * 100, 0)} %`
        )}
      </td>
      <td class="num rating">
        {scales.length === 0 ? (
          <span class="muted">no ratings</span>
        ) : (
          scales.map((scale) => {
            const delta = ratingChangeText(current.ratings, previous?.ratings, scale);
            const n = current.ratings[scale]!.count;
            return (
              <div key={scale}>
                {summaryText(current.ratings, scale)} <span class="muted">(n={formatCount(n)})</span>
                {delta && <span class="delta"> {delta}</span>}
              </div>
            );
          })
        )}
      </td>
      <td class="num">
        {formatCount(current.comments)}
        {current.count > 0 && <span class="muted"> ({formatPercent(current.comments / current.count)})</span>}
      </td>
      <td class="num">
        <time dateTime={current.lastAt} title={current.lastAt}>
          {relativeTime(current.lastAt)}
        </time>
      </td>
      <td>
        {trend ? (
          <Sparkline values={trend} label={`Daily feedback for ${row.feature}: ${trend.join(', ')}`} />
        ) : (
          <span class="muted">…</span>
        )}
      </td>
    </tr>
  );
}
