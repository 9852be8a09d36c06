import type { ApiTokensResponse, AuditEvent, AuditResponse, MembersResponse } from '@feedloop/protocol';
import { useEffect, useState } from 'preact/hooks';
import { ACTION_FILTERS, actionLabel, actorLabel, describeAuditChanges } from '../audit.js';
import type { PageProps } from '../page-props.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';

const PAGE = 50;

/**
 * The project's audit trail (admins): every change with who made it (the authenticated person or
 * token, as named then), when, what and from which network; filtered by kind of action and by
 * actor, older entries by "Load more". Names and values are text only.
 */
export function AuditPage({ api, project }: PageProps) {
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const first = useLoad(
    (signal) => api.get<AuditResponse>(api.inProject('/audit'), { action, actorId, limit: PAGE }, signal),
    [api, action, actorId],
  );
  // Pages after the first, for these filters.
  const [older, setOlder] = useState<{ events: AuditEvent[]; nextCursor: string | null } | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  useEffect(() => setOlder(undefined), [first.data]);

  // Names for the actor filter and for targets: the members and tokens (either may fail to load: ids then).
  const members = useLoad((signal) => api.get<MembersResponse>(api.inProject('/members'), undefined, signal), [api]);
  const tokens = useLoad((signal) => api.get<ApiTokensResponse>(api.inProject('/tokens'), undefined, signal), [api]);

  const events = [...(first.data?.events ?? []), ...(older?.events ?? [])];
  const nextCursor = older ? older.nextCursor : first.data?.nextCursor;
  const names = new Map<string, string>();
  for (const m of members.data?.members ?? []) names.set(m.userId, m.displayName);
  for (const t of tokens.data?.tokens ?? []) names.set(t.id, `token ${t.name}`);
  const actors = new Map(names);
  for (const e of events) if (e.actor.id && !actors.has(e.actor.id)) actors.set(e.actor.id, actorLabel(e.actor));
  if (actorId && !actors.has(actorId)) actors.set(actorId, actorId);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await api.get<AuditResponse>(api.inProject('/audit'), { action, actorId, limit: PAGE, cursor: nextCursor });
      setOlder({ events: [...(older?.events ?? []), ...page.events], nextCursor: page.nextCursor });
    } catch (e) {
      setMoreError((e as Error).message);
    } finally {
      setLoadingMore(false);
    }
  };

  const target = (e: AuditEvent) => {
    if (!e.target) return '–';
    const name = e.target.id ? names.get(e.target.id) : undefined;
    return name ?? `${e.target.type}${e.target.id ? ` ${e.target.id.slice(0, 8)}` : ''}`;
  };

  return (
    <>
      <PageHead title="Audit trail">Every change in {project.name}: who made it, when, what changed and from which network (truncated). Newest first.</PageHead>
      <section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title" class="visually-hidden">
          Changes
        </h2>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            <span>Action</span>
            <select value={action} onChange={(e) => setAction(e.currentTarget.value)}>
              {ACTION_FILTERS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Actor</span>
            <select value={actorId} onChange={(e) => setActorId(e.currentTarget.value)}>
              <option value="">Anyone</option>
              {[...actors].map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </form>
        {first.error && (
          <p class="error" role="alert">
            {first.error.message}
          </p>
        )}
        {!first.data && first.loading && <p class="muted">Loading…</p>}
        {first.data && events.length === 0 && <p class="empty">Nothing recorded{action || actorId ? ' that matches' : ''}.</p>}
        {events.length > 0 && (
          <Table
            class="audit-trail"
            caption={`Audit trail of ${project.name}, newest first`}
            hideCaption
            head={
              <>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Changes</th>
                <th scope="col">Client address</th>
              </>
            }
          >
            {events.map((e) => (
              <tr key={e.id} data-id={e.id} data-action={e.action}>
                <td>
                  <time dateTime={e.at}>{formatTime(e.at, true)}</time>
                </td>
                <td class="audit-actor">{actorLabel(e.actor)}</td>
                <td>
                  {actionLabel(e.action)}
                  <div class="muted small">
                    <code>{e.action}</code>
                  </div>
                </td>
                <td class="audit-target">{target(e)}</td>
                <td class="audit-changes">{describeAuditChanges(e.changes) || '–'}</td>
                <td>{e.clientAddress ?? '–'}</td>
              </tr>
            ))}
          </Table>
        )}
        {moreError && (
          <p class="error" role="alert">
            {moreError}
          </p>
        )}
        {nextCursor && (
          <button type="button" class="secondary" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}
