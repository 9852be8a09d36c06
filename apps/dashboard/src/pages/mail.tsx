import type { MailDeliveriesResponse, MailDelivery, MailSettings, MailUnsubscribesResponse } from '@feedloop/protocol';
import { FEEDBACK_STATUSES, FEEDBACK_STATUS_LABELS, MAIL_LOCALES, type FeedbackStatus, type MailLocale } from '@feedloop/protocol/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { Outcome } from '../components/outcome.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';
import { useAction } from '../use-action.js';

const LOCALE_LABELS: Record<MailLocale, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', ja: '日本語', ar: 'العربية' };
const KIND_LABELS: Record<MailDelivery['kind'], string> = { 'submitter.update': 'Submitter update', test: 'Test mail', alert: 'Alert', digest: 'Digest' };

/**
 * Mail (/v1/mail, admins): whether this service sends mail and why not, a test mail, which
 * statuses are told to submitters and the link their mails carry, the delivery log and the
 * unsubscribe list. Addresses, errors and links are rendered as text only.
 */
export function MailPage({ api }: PageProps) {
  const settings = useLoad((signal) => api.get<MailSettings>('/v1/mail/settings', undefined, signal), [api]);
  const log = useLoad((signal) => api.get<MailDeliveriesResponse>('/v1/mail/deliveries', { limit: 50 }, signal), [api]);
  const unsubscribes = useLoad((signal) => api.get<MailUnsubscribesResponse>('/v1/mail/unsubscribes', undefined, signal), [api]);
  const s = settings.data;
  return (
    <>
      <PageHead title="Mail">
        Submitters who left an address hear back by mail when their item gets a public reply or reaches a status you choose; several changes
        within a few minutes make one mail, and an item sends at most one mail an hour.
      </PageHead>
      {settings.error && (
        <p class="error" role="alert">
          {settings.error.message}
        </p>
      )}
      {s && (
        <section class="card" aria-labelledby="mail-status-title">
          <h2 id="mail-status-title">Status</h2>
          <p class={s.enabled ? 'mail-on' : 'mail-off'} role="status">
            {s.enabled ? `Mail is on: sent as ${s.from ?? ''}.` : (s.reason ?? 'Mail is off.')}
          </p>
          {s.enabled && <TestMail api={api} onSent={log.reload} />}
        </section>
      )}
      {s && <SubmitterSettings api={api} settings={s} onSaved={settings.reload} />}

      <section class="card" aria-labelledby="mail-log-title">
        <div class="section-head">
          <h2 id="mail-log-title">Delivery log</h2>
          <button type="button" class="secondary" onClick={() => log.reload()}>
            Refresh
          </button>
        </div>
        {log.error && (
          <p class="error" role="alert">
            {log.error.message}
          </p>
        )}
        {log.data && log.data.mails.length === 0 && <p class="empty">No mail yet.</p>}
        {log.data && log.data.mails.length > 0 && (
          <Table
            class="mail-log"
            caption="Mails, newest first"
            hideCaption
            head={
              <>
                <th scope="col">Created</th>
                <th scope="col">Kind</th>
                <th scope="col">Recipient</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
              </>
            }
          >
            {log.data.mails.map((m) => (
              <tr key={m.id} data-id={m.id}>
                <td>
                  <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                </td>
                <td>{KIND_LABELS[m.kind]}</td>
                <td class="mail-recipient">{m.recipient}</td>
                <td>
                  <span class={`chip mail-${m.status}`}>{m.status}</span>
                  {m.status === 'pending' && m.notBefore && <div class="muted small">not before {formatTime(m.notBefore)}</div>}
                </td>
                <td class="num">{m.attempts}</td>
                <td class="delivery-answer">{m.lastError ?? lastCode(m)}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section class="card" aria-labelledby="mail-unsubscribes-title">
        <h2 id="mail-unsubscribes-title">Unsubscribed</h2>
        <p class="muted">Addresses are kept only as a keyed hash: each entry shows its first letters.</p>
        {unsubscribes.error && (
          <p class="error" role="alert">
            {unsubscribes.error.message}
          </p>
        )}
        {unsubscribes.data && unsubscribes.data.unsubscribes.length === 0 && <p class="empty">Nobody has unsubscribed.</p>}
        {unsubscribes.data && unsubscribes.data.unsubscribes.length > 0 && (
          <Table
            class="mail-unsubscribes"
            caption="Unsubscribed addresses, newest first"
            hideCaption
            head={
              <>
                <th scope="col">Address</th>
                <th scope="col">How</th>
                <th scope="col">When</th>
              </>
            }
          >
            {unsubscribes.data.unsubscribes.map((u) => (
              <tr key={u.id}>
                <td>{u.hint}</td>
                <td>{u.source === 'one-click' ? 'One click, from the mail' : 'The unsubscribe page'}</td>
                <td>
                  <time dateTime={u.createdAt}>{formatTime(u.createdAt)}</time>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}

function lastCode(m: MailDelivery): string {
  const last = m.attemptLog.at(-1);
  return last?.smtpCode == null ? '–' : `SMTP ${last.smtpCode}`;
}

function TestMail({ api, onSent }: { api: PageProps['api']; onSent(): void }) {
  const [to, setTo] = useState('');
  const [locale, setLocale] = useState<MailLocale>('en');
  const { busy, message, error, act } = useAction();

  function send(event: Event) {
    event.preventDefault();
    void act(async () => {
      const mail = await api.post<MailDelivery>('/v1/mail/test', { ...(to.trim() ? { to: to.trim() } : {}), locale });
      onSent();
      // The worker sends it within a moment: look again then.
      setTimeout(onSent, 1500);
      return `Test mail to ${mail.recipient} queued: its outcome shows in the delivery log.`;
    });
  }

  return (
    <form class="filters" onSubmit={send} aria-label="Send a test mail">
      <label>
        <span>Test mail to</span>
        <input type="email" value={to} placeholder="your own address" onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        <span>Language</span>
        <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as MailLocale)}>
          {MAIL_LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Send a test mail
      </button>
      <Outcome message={message} error={error} />
    </form>
  );
}

function SubmitterSettings({ api, settings, onSaved }: { api: PageProps['api']; settings: MailSettings; onSaved(): void }) {
  const [statuses, setStatuses] = useState<FeedbackStatus[]>(settings.notifyStatuses);
  const [link, setLink] = useState(settings.replyLink ?? '');
  const { busy, message, error, act } = useAction();
  useEffect(() => {
    setStatuses(settings.notifyStatuses);
    setLink(settings.replyLink ?? '');
  }, [settings]);

  const toggle = (status: FeedbackStatus, on: boolean) =>
    setStatuses((current) => FEEDBACK_STATUSES.filter((s) => (s === status ? on : current.includes(s))));

  function save(event: Event) {
    event.preventDefault();
    // Reloaded on success only: the reload resets the form, which keeps a refused entry to correct.
    void act(async () => {
      await api.patch<MailSettings>('/v1/mail/settings', { notifyStatuses: statuses, replyLink: link.trim() === '' ? null : link.trim() });
      onSaved();
      return 'Saved.';
    });
  }

  return (
    <section class="card" aria-labelledby="mail-submitters-title">
      <h2 id="mail-submitters-title">Mails to submitters</h2>
      <form class="period" onSubmit={save}>
        <fieldset>
          <legend>Tell the submitter when their item moves to</legend>
          {FEEDBACK_STATUSES.filter((s) => s !== 'new').map((s) => (
            <label key={s} class="check">
              <input type="checkbox" checked={statuses.includes(s)} onChange={(e) => toggle(s, e.currentTarget.checked)} /> {FEEDBACK_STATUS_LABELS[s]}
            </label>
          ))}
        </fieldset>
        <p class="muted">A public reply is always told.</p>
        <label class="mail-link">
          <span>Link in every mail (optional)</span>
          <input type="url" value={link} placeholder="https://example.com/roadmap" onInput={(e) => setLink(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Save
        </button>
        <Outcome message={message} error={error} />
      </form>
    </section>
  );
}
