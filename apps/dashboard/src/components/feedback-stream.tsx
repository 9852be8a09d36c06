import type { FeedbackListResponse } from '@feedloop/protocol';
import { CATEGORIES } from '@feedloop/protocol/limits';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../api.js';
import type { LiveFeed } from '../app.js';
import type { DayRange } from '../range.js';
import { formatTime, ratingLabel } from '../format.js';
import {
  STATUSES,
  STATUS_LABELS,
  bulkUpdate,
  describeChanges,
  loadTriage,
  mergeState,
  parseTags,
  safeLink,
  triageError,
  updateFeedback,
  type AuditEntry,
  type TriageChanges,
  type TriagedItem,
} from '../triage.js';

interface Filters {
  q: string;
  category: string;
  rating: string; // "scale:value" or ""
  status: string;
  hasComment: boolean;
}

const RATING_CHOICES: { value: string; label: string }[] = [
  { value: 'thumbs:1', label: 'Thumbs up' },
  { value: 'thumbs:0', label: 'Thumbs down' },
  ...[5, 4, 3, 2, 1].map((v) => ({ value: `stars:${v}`, label: `${v} stars` })),
  ...[5, 4, 3, 2, 1].map((v) => ({ value: `emoji:${v}`, label: `Emoji ${v}` })),
  ...[10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((v) => ({ value: `nps:${v}`, label: `NPS ${v}` })),
];

const PAGE = 25;

/** Client-side twin of the server's filters, for live items. */
function matches(item: TriagedItem, feature: string | undefined, f: Filters): boolean {
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

/** The comment stream of a feature (or all): filters, live arrivals, triage one by one or in bulk. */
export function FeedbackStream({ api, feature, live, range }: { api: Api; feature?: string; live: LiveFeed; range: DayRange }) {
  const [filters, setFilters] = useState<Filters>({ q: '', category: '', rating: '', status: '', hasComment: true });
  const [query, setQuery] = useState(filters);
  const [items, setItems] = useState<TriagedItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkStatus, setBulkStatus] = useState('');
  const [bulkTag, setBulkTag] = useState('');
  const [notice, setNotice] = useState('');
  const [sinceLoad, setSinceLoad] = useState(0);

  // Typing in the search box waits a moment; the other filters apply at once.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(filters), filters.q === query.q ? 0 : 300);
    return () => clearTimeout(timer);
  }, [filters]);

  const params = (q: Filters) => {
    const [scale, value] = q.rating ? q.rating.split(':') : [];
    return {
      feature,
      from: range.from,
      to: range.to,
      q: q.q.trim() || undefined,
      category: q.category || undefined,
      status: q.status || undefined,
      hasComment: q.hasComment ? true : undefined,
      scale,
      rating: value,
      limit: PAGE,
    };
  };

  const load = async (after: string | null, signal?: AbortSignal) => {
    setLoading(true);
    setError('');
    try {
      const page = await api.get<FeedbackListResponse>('/v1/feedback', { ...params(query), cursor: after }, signal);
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
    setSelected(new Set());
    setSinceLoad(live.tick);
    void load(null, controller.signal);
    return () => controller.abort();
  }, [api, feature, query, range.from, range.to]);

  // Live arrivals that match go on top, without a reload.
  useEffect(() => {
    if (live.tick === sinceLoad) return;
    const arrived = live.items.filter((item) => matches(item, feature, query));
    if (arrived.length > 0) setItems((current) => [...arrived.filter((a) => !current.some((c) => c.id === a.id)), ...current]);
    setSinceLoad(live.tick);
  }, [live.tick]);
  useEffect(() => {
    if (live.updated.size === 0) return;
    setItems((current) => current.map((item) => live.updated.get(item.id) ?? item));
  }, [live.updated]);

  const replace = (next: TriagedItem) => setItems((current) => current.map((item) => (item.id === next.id ? next : item)));
  const selectedItems = useMemo(() => items.filter((i) => selected.has(i.id)), [items, selected]);
  const allSelected = items.length > 0 && selectedItems.length === items.length;

  const applyToSelected = async (event: Event) => {
    event.preventDefault();
    const changes: TriageChanges = {
      ...(bulkStatus ? { status: bulkStatus as TriageChanges['status'] } : {}),
      ...(bulkTag.trim() ? { addTags: parseTags(bulkTag) } : {}),
    };
    if (selectedItems.length === 0 || Object.keys(changes).length === 0) return;
    try {
      const result = await bulkUpdate(api, selectedItems.map((i) => i.id), changes);
      const states = new Map(result.items.map((state) => [state.id, state]));
      setItems((current) => current.map((item) => (states.has(item.id) ? mergeState(item, states.get(item.id)!) : item)));
      const n = result.updated;
      setNotice(`Updated ${n} ${n === 1 ? 'item' : 'items'}${result.unchanged ? `, ${result.unchanged} unchanged` : ''}.`);
      setSelected(new Set());
      setBulkTag('');
    } catch (e) {
      setNotice(triageError(e));
    }
  };

  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));
  const idPrefix = feature ? 'f' : 'all';

  return (
    <section class="card" aria-labelledby={`${idPrefix}-stream-title`}>
      <h2 id={`${idPrefix}-stream-title`}>Feedback</h2>
      <form class="filters" role="search" aria-label="Filter feedback" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Search comments</span>
          <input type="search" value={filters.q} maxLength={200} onInput={(e) => set({ q: e.currentTarget.value })} />
        </label>
        <AnySelect label="Category" value={filters.category} onChange={(category) => set({ category })}
          choices={CATEGORIES.map((c) => ({ value: c, label: c }))} />
        <AnySelect label="Rating" value={filters.rating} onChange={(rating) => set({ rating })} choices={RATING_CHOICES} />
        <AnySelect label="Status" value={filters.status} onChange={(status) => set({ status })}
          choices={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <label class="check">
          <input type="checkbox" checked={filters.hasComment} onChange={(e) => set({ hasComment: e.currentTarget.checked })} />
          <span>With a comment only</span>
        </label>
      </form>

      <form class="bulk" aria-label="Bulk triage" onSubmit={applyToSelected}>
        <label class="check">
          <input
            type="checkbox"
            checked={allSelected}
            disabled={items.length === 0}
            onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.id)) : new Set())}
          />
          <span>Select all shown</span>
        </label>
        <span class="muted">{selectedItems.length} selected</span>
        <label>
          <span>Set status</span>
          <select value={bulkStatus} onChange={(e) => setBulkStatus(e.currentTarget.value)}>
            <option value="">Unchanged</option>
            <StatusOptions />
          </select>
        </label>
        <label>
          <span>Add tags</span>
          <input type="text" value={bulkTag} placeholder="ux, billing" onInput={(e) => setBulkTag(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={selectedItems.length === 0 || (!bulkStatus && !bulkTag.trim())}>
          Apply to selected
        </button>
        <span role="status" class="notice">
          {notice}
        </span>
      </form>

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
              selected={selected.has(item.id)}
              onSelect={(on) =>
                setSelected((s) => {
                  const next = new Set(s);
                  if (on) next.add(item.id);
                  else next.delete(item.id);
                  return next;
                })
              }
              onChange={replace}
            />
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" class="secondary" disabled={loading} onClick={() => load(cursor)}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
      {loading && !cursor && <p class="muted">Loading…</p>}
    </section>
  );
}

/**
 * One item. Everything a user or teammate typed (comment, reply, tags, URL, metadata) is a JSX
 * text child or a form value: Preact sets textContent / value, never HTML.
 */
function FeedbackCard({
  api,
  item,
  showFeature,
  selected,
  onSelect,
  onChange,
}: {
  api: Api;
  item: TriagedItem;
  showFeature: boolean;
  selected: boolean;
  onSelect(on: boolean): void;
  onChange(item: TriagedItem): void;
}) {
  const [editing, setEditing] = useState(false);
  const [reply, setReply] = useState('');
  const [issue, setIssue] = useState('');
  const [tags, setTags] = useState('');
  const [audit, setAudit] = useState<AuditEntry[] | undefined>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const title = `feedback from ${formatTime(item.occurredAt)}`;
  const tracked = safeLink(item.issueUrl);

  const save = async (changes: TriageChanges) => {
    setBusy(true);
    setMessage('');
    try {
      onChange(await updateFeedback(api, item, changes));
      setMessage('Saved.');
      return true;
    } catch (e) {
      setMessage(triageError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** Opens the editor with the stored state (the list does not carry it) and the audit trail. */
  const edit = async () => {
    setEditing(true);
    setReply(item.publicReply ?? '');
    setIssue(item.issueUrl ?? '');
    setTags((item.tags ?? []).join(', '));
    try {
      const state = await loadTriage(api, item.id);
      setReply(state.publicReply ?? '');
      setIssue(state.issueUrl ?? '');
      setTags(state.tags.join(', '));
      setAudit(state.audit);
      onChange(mergeState(item, state));
    } catch (e) {
      setMessage(triageError(e));
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const issueUrl = issue.trim();
    if (issueUrl && !safeLink(issueUrl)) return setMessage('The issue link must start with https:// or http://');
    if (await save({ publicReply: reply.trim() || null, issueUrl: issueUrl || null, tags: parseTags(tags) })) setEditing(false);
  };

  return (
    <article class={`feedback-card${selected ? ' selected' : ''}`} aria-label={title} data-id={item.id}>
      <div class="card-top">
        <input type="checkbox" checked={selected} aria-label={`Select ${title}`} onChange={(e) => onSelect(e.currentTarget.checked)} />
        <div class="meta">
          {showFeature && <span class="chip feature">{item.feature}</span>}
          {item.rating && <span class={`rating-chip ${item.rating.scale}`}>{ratingLabel(item.rating)}</span>}
          {item.category && <span class="chip">{item.category}</span>}
          <time dateTime={item.occurredAt} class="muted">
            {formatTime(item.occurredAt)}
          </time>
          {Object.entries(item.experiments ?? {}).map(([experiment, variant]) => (
            <span key={experiment} class="chip experiment">
              {experiment}: {variant}
            </span>
          ))}
        </div>
        <label class="status-select">
          <span class="visually-hidden">Status of {title}</span>
          <select value={item.status ?? 'new'} disabled={busy} onChange={(e) => void save({ status: e.currentTarget.value as TriageChanges['status'] })}>
            <StatusOptions />
          </select>
        </label>
      </div>
      {item.comment ? <p class="comment">{item.comment}</p> : <p class="muted">No comment.</p>}
      <div class="card-foot muted small">
        {item.userId ? <span>User {item.userId}</span> : <span>Anonymous {item.anonymousId.slice(0, 12)}</span>}
        {item.url && <span class="url">{item.url}</span>}
        {item.appVersion && <span>App {item.appVersion}</span>}
        {item.email && <span>{item.email}</span>}
      </div>
      {(item.publicReply || tracked || (item.tags?.length ?? 0) > 0) && !editing && (
        <div class="triage-summary">
          {item.publicReply && (
            <p class="reply">
              <strong>Public reply:</strong> {item.publicReply}
            </p>
          )}
          {tracked && (
            <p>
              <strong>Issue:</strong>{' '}
              <a href={tracked} target="_blank" rel="noopener noreferrer">
                {tracked}
              </a>
            </p>
          )}
          {(item.tags?.length ?? 0) > 0 && (
            <p class="tags">
              {item.tags!.map((tag) => (
                <span key={tag} class="chip tag">
                  {tag}
                </span>
              ))}
            </p>
          )}
        </div>
      )}
      {editing ? (
        <form class="triage" onSubmit={submit}>
          <label>
            <span>Public reply (shown to the person who sent it)</span>
            <textarea value={reply} maxLength={2000} onInput={(e) => setReply(e.currentTarget.value)} />
          </label>
          <label>
            <span>Issue link (your tracker)</span>
            <input type="url" value={issue} placeholder="https://tracker.example.com/ISSUE-1" onInput={(e) => setIssue(e.currentTarget.value)} />
          </label>
          <label>
            <span>Tags (comma separated)</span>
            <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          </label>
          <div class="buttons">
            <button type="submit" disabled={busy}>
              Save
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          {audit && audit.length > 0 && (
            <details class="audit">
              <summary>History ({audit.length})</summary>
              <ol>
                {audit.map((entry) => (
                  <li key={entry.id}>
                    <time dateTime={entry.at}>{formatTime(entry.at)}</time> {entry.actor ?? entry.keyHint ?? 'someone'}: {describeChanges(entry)}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </form>
      ) : (
        <button type="button" class="link" aria-label={`Reply, link, tag: ${title}`} onClick={() => void edit()}>
          Reply, link, tag
        </button>
      )}
      <span role="status" class="notice small">
        {message}
      </span>
    </article>
  );
}

/** A labelled filter whose empty choice means "Any". */
function AnySelect(props: {
  label: string;
  value: string;
  choices: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">Any</option>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Every triage status as options, in workflow order. */
function StatusOptions() {
  return (
    <>
      {STATUSES.map((s) => (
        <option key={s} value={s}>
          {STATUS_LABELS[s]}
        </option>
      ))}
    </>
  );
}
