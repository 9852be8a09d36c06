import type { DeliveriesResponse, Webhook, WebhookDelivery, WebhooksResponse } from '@feedloop/protocol';
import { WEBHOOK_FORMATS, type WebhookFormat } from '@feedloop/protocol/vocabulary';
import { useState } from 'preact/hooks';
import { segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';

/** How the add form names each webhook format. */
const FORMAT_LABELS: Record<WebhookFormat, string> = { json: 'JSON (signed event)', slack: 'Slack incoming webhook' };

/**
 * The project's webhooks (/v1/webhooks): add one; pause, resume, rotate the secret of or delete
 * each; see its delivery log, and send a delivery again once the receiver is fixed. URLs, errors
 * and descriptions are rendered as text only.
 */
export function WebhooksPage({ api }: PageProps) {
  const hooks = useLoad((signal) => api.get<WebhooksResponse>('/v1/webhooks', undefined, signal), [api]);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<WebhookFormat>('json');
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState('');
  // The signing secret is returned once, on creation: shown until the next page, never stored.
  const [created, setCreated] = useState<Webhook | undefined>();

  async function add(event: Event) {
    event.preventDefault();
    setAdding(true);
    setAddError('');
    try {
      const hook = await api.post<Webhook>('/v1/webhooks', { url: url.trim(), format });
      setCreated(hook);
      setUrl('');
      hooks.reload();
    } catch (error) {
      setAddError(error instanceof Error ? error.message : String(error));
    } finally {
      setAdding(false);
    }
  }

  const list = hooks.data?.webhooks ?? [];
  return (
    <>
      <PageHead title="Webhooks">
        Each new or triaged feedback item is POSTed, signed with HMAC-SHA256, to these URLs; failed deliveries are retried with backoff.
      </PageHead>

      <section class="card" aria-labelledby="add-webhook-title">
        <h2 id="add-webhook-title">Add a webhook</h2>
        <form class="filters add-webhook" onSubmit={add}>
          <label>
            <span>URL</span>
            <input type="url" required value={url} placeholder="https://example.com/feedloop" onInput={(e) => setUrl(e.currentTarget.value)} />
          </label>
          <label>
            <span>Format</span>
            <select value={format} onChange={(e) => setFormat(e.currentTarget.value as WebhookFormat)}>
              {WEBHOOK_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={adding}>
            Add webhook
          </button>
        </form>
        {addError && (
          <p class="error" role="alert">
            {addError}
          </p>
        )}
        {created?.secret && (
          <p class="secret" role="status">
            Signing secret for {created.url} (shown only now): <code>{created.secret}</code>
          </p>
        )}
      </section>

      {hooks.error && (
        <p class="error" role="alert">
          {hooks.error.message}
        </p>
      )}
      {!hooks.data && hooks.loading && <p class="muted">Loading…</p>}
      {hooks.data && list.length === 0 && <p class="empty">No webhook yet.</p>}
      {list.map((hook) => (
        <WebhookCard key={hook.id} api={api} hook={hook} onChanged={hooks.reload} />
      ))}
    </>
  );
}

function WebhookCard({ api, hook, onChanged }: { api: PageProps['api']; hook: Webhook; onChanged(): void }) {
  const log = useLoad(
    (signal) => api.get<DeliveriesResponse>(`/v1/webhooks/${segment(hook.id)}/deliveries`, { limit: 20 }, signal),
    [api, hook.id],
  );
  const [message, setMessage] = useState('');

  async function redeliver(delivery: WebhookDelivery) {
    setMessage('');
    try {
      await api.post<WebhookDelivery>(`/v1/webhooks/${segment(hook.id)}/deliveries/${segment(delivery.id)}/redeliver`, {});
      setMessage('Queued again.');
      // The dispatcher sends it right away; look again shortly to show the outcome.
      setTimeout(() => log.reload(), 1000);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
    log.reload();
  }

  const path = `/v1/webhooks/${segment(hook.id)}`;
  // A rotated secret is shown once, like a new webhook's.
  const [rotated, setRotated] = useState('');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [busy, setBusy] = useState(false);

  async function change(work: () => Promise<void>) {
    setBusy(true);
    setMessage('');
    try {
      await work();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }
  const setActive = (active: boolean) =>
    change(async () => {
      await api.patch<Webhook>(path, { active });
      setMessage(active ? 'Resumed: new events are delivered again.' : 'Paused: new events are not delivered.');
      onChanged();
    });
  const rotate = () =>
    change(async () => {
      const updated = await api.patch<Webhook>(path, { rotateSecret: true });
      setRotated(updated.secret ?? '');
      onChanged();
    });
  const remove = () =>
    change(async () => {
      await api.delete(path);
      onChanged();
    });

  const titleId = `hook-${hook.id}`;
  const deliveries = log.data?.deliveries ?? [];
  return (
    <section class="card webhook" aria-labelledby={titleId}>
      <h2 id={titleId} class="webhook-url">
        {hook.url}
      </h2>
      <p class="muted">
        {hook.format === 'slack' ? 'Slack format' : 'JSON'} · {hook.events.join(', ')} · {hook.active ? 'active' : 'paused'} · secret{' '}
        <code>{hook.secretHint}</code>
        {hook.description && <> · {hook.description}</>}
      </p>
      <div class="webhook-actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => void setActive(!hook.active)}>
          {hook.active ? 'Pause' : 'Resume'}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void rotate()}>
          Rotate secret
        </button>
        {confirmingDelete ? (
          <span role="group" aria-label="Confirm deletion">
            <span>Delete this webhook and its delivery log?</span>{' '}
            <button type="button" class="danger" disabled={busy} onClick={() => void remove()}>
              Delete webhook
            </button>{' '}
            <button type="button" class="secondary" onClick={() => setConfirmingDelete(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirmingDelete(true)}>
            Delete…
          </button>
        )}
      </div>
      {rotated && (
        <p class="secret" role="status">
          New signing secret (shown only now; the old one no longer signs): <code>{rotated}</code>
        </p>
      )}
      <div class="section-head">
        <h3>Delivery log</h3>
        <button type="button" class="secondary" onClick={() => log.reload()}>
          Refresh
        </button>
      </div>
      {message && (
        <p class="muted" role="status">
          {message}
        </p>
      )}
      {log.error && (
        <p class="error" role="alert">
          {log.error.message}
        </p>
      )}
      {log.data && deliveries.length === 0 && <p class="empty">Nothing delivered yet.</p>}
      {deliveries.length > 0 && (
        <Table
          class="deliveries"
          caption={`Deliveries to ${hook.url}, newest first`}
          hideCaption
          head={
            <>
              <th scope="col">Created</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </>
          }
        >
          {deliveries.map((d) => (
            <tr key={d.id} data-id={d.id}>
              <td>
                <time dateTime={d.createdAt}>{formatTime(d.createdAt)}</time>
              </td>
              <td>{d.event}</td>
              <td>
                <span class={`chip delivery-${d.status}`}>{d.status}</span>
                {d.status === 'pending' && d.nextAttemptAt && <div class="muted small">next {formatTime(d.nextAttemptAt)}</div>}
              </td>
              <td class="num">{d.attempts}</td>
              <td class="delivery-answer">{d.lastError ?? (d.responseStatus === null ? '–' : `HTTP ${d.responseStatus}`)}</td>
              <td>
                <button type="button" class="secondary" onClick={() => void redeliver(d)}>
                  Redeliver<span class="visually-hidden"> delivery of {formatTime(d.createdAt)}</span>
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
