import type { AlertEventsResponse, AlertKind, AlertPreviewResponse, AlertRule, AlertRulesResponse, DigestSettings, MailLocale, WebhooksResponse } from '@feedloop/protocol';
import { ALERT_KINDS, MAIL_LOCALES } from '@feedloop/protocol/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { Outcome } from '../components/outcome.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';
import { useAction } from '../use-action.js';

const KIND_LABELS: Record<AlertKind, string> = {
  rating_drop: 'Rating significantly worse',
  negative_spike: 'Negative feedback spike',
  srm: 'Sample-ratio mismatch',
  keyword: 'Keyword in new feedback',
};
const LOCALE_LABELS: Record<MailLocale, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', ja: '日本語', ar: 'العربية' };
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function describe(rule: AlertRule): string {
  const p = rule.params;
  switch (rule.kind) {
    case 'rating_drop':
      return `${p.feature ?? 'every feature'}; ${p.baseline === 'release' ? 'since the latest release' : 'against the previous period'} of ${p.days} days; at least ${p.minCount} ratings a side`;
    case 'negative_spike':
      return `${p.feature ?? 'every feature'}; ≥ ${p.factor}× the ${p.trailingDays}-day rate, at least ${p.minCount}`;
    case 'srm':
      return p.experiment ?? 'every running experiment';
    case 'keyword':
      return (p.keywords ?? []).join(', ');
  }
}

function destinations(rule: AlertRule): string {
  const to = [rule.email ? 'mail to subscribers' : '', rule.webhookId ? 'a webhook' : ''].filter(Boolean);
  return to.length ? `Sent as ${to.join(' and ')}` : 'Recorded only';
}

/**
 * Alerts (/v1/alerts): the rules (admins create, pause, delete and preview them; everyone may
 * subscribe to their mail), the alerts fired, and the person's own digest. Every name, keyword,
 * summary and quote is rendered as text.
 */
export function AlertsPage({ api, abilities }: PageProps) {
  const rules = useLoad((signal) => api.get<AlertRulesResponse>('/v1/alerts/rules', undefined, signal), [api]);
  const events = useLoad((signal) => api.get<AlertEventsResponse>('/v1/alerts/events', { limit: 50 }, signal), [api]);
  const action = useAction(() => rules.reload());
  const act = (run: () => Promise<unknown>, done: string) =>
    action.act(async () => {
      await run();
      return done;
    });

  return (
    <>
      <PageHead title="Alerts">
        The team hears first: a rule fires once when its condition starts to hold (and again only after it has cleared), by mail to the members who
        subscribed and to a webhook.
      </PageHead>
      {abilities.administer && <NewRule api={api} onCreated={rules.reload} />}
      <section class="card" aria-labelledby="alert-rules-title">
        <h2 id="alert-rules-title">Rules</h2>
        <Outcome message={action.message} error={action.error || rules.error?.message} />
        {rules.data && rules.data.rules.length === 0 && <p class="empty">No alert rules yet.</p>}
        {rules.data && rules.data.rules.length > 0 && (
          <Table
            class="alert-rules"
            caption="Alert rules"
            hideCaption
            head={
              <>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Settings</th>
                <th scope="col">State</th>
                <th scope="col">Your mail</th>
                {abilities.administer && <th scope="col">Manage</th>}
              </>
            }
          >
            {rules.data.rules.map((r) => (
              <tr key={r.id} data-id={r.id}>
                <td class="alert-name">{r.name}</td>
                <td>{KIND_LABELS[r.kind]}</td>
                <td>
                  {describe(r)}
                  <div class="muted small">{destinations(r)}</div>
                </td>
                <td>
                  {r.paused ? 'Paused' : 'Active'}
                  {r.openEpisodes.length > 0 && <div class="muted small">holding: {r.openEpisodes.join(', ')}</div>}
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${r.subscribed ? 'Unsubscribe from' : 'Subscribe to'} ${r.name}`}
                    onClick={() =>
                      act(
                        () => (r.subscribed ? api.delete(`/v1/alerts/rules/${r.id}/subscription`) : api.put(`/v1/alerts/rules/${r.id}/subscription`, {})),
                        r.subscribed ? `Unsubscribed from ${r.name}.` : `Subscribed to ${r.name}.`,
                      )
                    }
                  >
                    {r.subscribed ? 'Unsubscribe' : 'Subscribe'}
                  </button>
                </td>
                {abilities.administer && (
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`${r.paused ? 'Resume' : 'Pause'} ${r.name}`}
                      onClick={() => act(() => api.patch(`/v1/alerts/rules/${r.id}`, { paused: !r.paused }), r.paused ? `Resumed ${r.name}.` : `Paused ${r.name}.`)}
                    >
                      {r.paused ? 'Resume' : 'Pause'}
                    </button>{' '}
                    <button type="button" class="danger" aria-label={`Delete ${r.name}`} onClick={() => act(() => api.delete(`/v1/alerts/rules/${r.id}`), `Deleted ${r.name}.`)}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section class="card" aria-labelledby="alert-events-title">
        <div class="section-head">
          <h2 id="alert-events-title">Fired alerts</h2>
          <button type="button" class="secondary" onClick={() => events.reload()}>
            Refresh
          </button>
        </div>
        {events.data && events.data.events.length === 0 && <p class="empty">No alert has fired yet.</p>}
        {events.data && events.data.events.length > 0 && (
          <Table
            class="alert-events"
            caption="Fired alerts, newest first"
            hideCaption
            head={
              <>
                <th scope="col">Fired</th>
                <th scope="col">Rule</th>
                <th scope="col">Evidence</th>
                <th scope="col">p-value</th>
              </>
            }
          >
            {events.data.events.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.firedAt}>{formatTime(e.firedAt)}</time>
                </td>
                <td>{e.ruleName}</td>
                <td>
                  {e.evidence.summary}
                  {e.evidence.quote && <blockquote class="alert-quote">{e.evidence.quote}</blockquote>}
                  {e.link && /^https?:\/\//.test(e.link) && (
                    <div>
                      <a href={e.link}>Open</a>
                    </div>
                  )}
                </td>
                <td class="num">{e.evidence.pValue === null ? '–' : e.evidence.pValue.toPrecision(3)}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <Digest api={api} />
    </>
  );
}

function NewRule({ api, onCreated }: { api: PageProps['api']; onCreated(): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AlertKind>('negative_spike');
  const [feature, setFeature] = useState('');
  const [keywords, setKeywords] = useState('');
  const [factor, setFactor] = useState('3');
  const [minCount, setMinCount] = useState('');
  const [email, setEmail] = useState(true);
  const [webhookId, setWebhookId] = useState('');
  // The project's webhooks, a rule's other destination (JSON or Slack, as each webhook is set).
  const hooks = useLoad((signal) => api.get<WebhooksResponse>('/v1/webhooks', undefined, signal), [api]);
  const { busy, message, error, act } = useAction();
  const [preview, setPreview] = useState<AlertPreviewResponse | undefined>();

  const params = () => ({
    ...(kind === 'rating_drop' || kind === 'negative_spike' ? { feature: feature.trim() || null } : {}),
    ...(kind === 'negative_spike' ? { factor: Number(factor) } : {}),
    ...(kind !== 'keyword' && kind !== 'srm' && minCount.trim() ? { minCount: Number(minCount) } : {}),
    ...(kind === 'keyword' ? { keywords: keywords.split(',').map((k) => k.trim()).filter(Boolean) } : {}),
  });

  const run = (what: 'preview' | 'create') =>
    act(async () => {
      if (what === 'preview') {
        setPreview(await api.post<AlertPreviewResponse>('/v1/alerts/preview', { kind, params: params() }));
        return '';
      }
      await api.post<AlertRule>('/v1/alerts/rules', {
        name: name.trim() || KIND_LABELS[kind],
        kind,
        params: params(),
        email,
        webhookId: webhookId || null,
      });
      setPreview(undefined);
      onCreated();
      return 'Rule created.';
    });

  return (
    <section class="card" aria-labelledby="alert-new-title">
      <h2 id="alert-new-title">New rule</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run('create');
        }}
      >
        <label>
          <span>Name</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
        </label>
        <label>
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as AlertKind)}>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {(kind === 'rating_drop' || kind === 'negative_spike') && (
          <label>
            <span>Feature (empty: every feature)</span>
            <input value={feature} onInput={(e) => setFeature(e.currentTarget.value)} />
          </label>
        )}
        {kind === 'negative_spike' && (
          <label>
            <span>Factor</span>
            <input type="number" step="0.5" value={factor} onInput={(e) => setFactor(e.currentTarget.value)} />
          </label>
        )}
        {(kind === 'rating_drop' || kind === 'negative_spike') && (
          <label>
            <span>Minimum count</span>
            <input type="number" value={minCount} placeholder={kind === 'rating_drop' ? '30' : '5'} onInput={(e) => setMinCount(e.currentTarget.value)} />
          </label>
        )}
        {kind === 'keyword' && (
          <label>
            <span>Keywords (comma-separated)</span>
            <input value={keywords} onInput={(e) => setKeywords(e.currentTarget.value)} />
          </label>
        )}
        <label class="check">
          <input type="checkbox" checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} />
          <span>Mail the members who subscribed</span>
        </label>
        <label>
          <span>Webhook</span>
          <select value={webhookId} onChange={(e) => setWebhookId(e.currentTarget.value)}>
            <option value="">None</option>
            {(hooks.data?.webhooks ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.description ? `${w.description} (${w.format})` : `${w.url} (${w.format})`}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" disabled={busy} onClick={() => void run('preview')}>
          Preview last 30 days
        </button>
        <button type="submit" disabled={busy}>
          Create rule
        </button>
      </form>
      <Outcome message={message} error={error} />
      {preview && (
        <div class="alert-preview" role="status">
          {preview.days.length === 0 ? (
            <p>This rule would not have fired in the last 30 days.</p>
          ) : (
            <>
              <p>This rule would have fired on {preview.days.join(', ')}.</p>
              <ul>
                {preview.alerts.slice(0, 20).map((a, i) => (
                  <li key={i}>
                    {a.day}: {a.evidence.summary}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function Digest({ api }: { api: PageProps['api'] }) {
  const digest = useLoad((signal) => api.get<DigestSettings>('/v1/alerts/digest', undefined, signal), [api]);
  const [form, setForm] = useState<Omit<DigestSettings, 'lastPeriod' | 'mailEnabled'> | undefined>();
  const { busy, message, error, act } = useAction();
  useEffect(() => {
    if (!digest.data) return;
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const d = digest.data;
    setForm({ frequency: d.frequency, hour: d.hour, weekday: d.weekday, timeZone: d.frequency === 'off' && d.timeZone === 'UTC' ? own : d.timeZone, locale: d.locale });
  }, [digest.data]);

  function save(event: Event) {
    event.preventDefault();
    if (!form) return;
    // Reloaded on success only: the reload resets the form, which keeps a refused entry to correct.
    void act(async () => {
      await api.put<DigestSettings>('/v1/alerts/digest', form);
      digest.reload();
      return 'Digest saved.';
    });
  }

  return (
    <section class="card" aria-labelledby="alert-digest-title">
      <h2 id="alert-digest-title">Your digest</h2>
      <p class="muted">
        The period report by mail, at your hour in your time zone.
        {digest.data && !digest.data.mailEnabled && ' Mail is off on this service: nothing is sent.'}
      </p>
      {form && (
        <form class="filters" onSubmit={save}>
          <label>
            <span>Digest</span>
            <select value={form.frequency} onChange={(e) => setForm({ ...form, frequency: e.currentTarget.value as DigestSettings['frequency'] })}>
              <option value="off">Off</option>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
          </label>
          {form.frequency === 'weekly' && (
            <label>
              <span>Day</span>
              <select value={String(form.weekday)} onChange={(e) => setForm({ ...form, weekday: Number(e.currentTarget.value) })}>
                {WEEKDAYS.map((w, i) => (
                  <option key={w} value={String(i + 1)}>
                    {w}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span>Hour</span>
            <input type="number" min={0} max={23} value={form.hour} onInput={(e) => setForm({ ...form, hour: Number(e.currentTarget.value) })} />
          </label>
          <label>
            <span>Time zone</span>
            <input value={form.timeZone} onInput={(e) => setForm({ ...form, timeZone: e.currentTarget.value })} />
          </label>
          <label>
            <span>Mail language</span>
            <select value={form.locale} onChange={(e) => setForm({ ...form, locale: e.currentTarget.value as MailLocale })}>
              {MAIL_LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LOCALE_LABELS[l]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            Save digest
          </button>
        </form>
      )}
      <Outcome message={message} error={error} />
    </section>
  );
}
