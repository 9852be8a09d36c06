import type { MeResponse, SessionInfo, SessionsResponse } from '@feedloop/protocol';
import { MAX_DISPLAY_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@feedloop/protocol/limits';
import { ROLE_LABELS } from '@feedloop/protocol/vocabulary';
import { useState } from 'preact/hooks';
import { segment, type Api } from '../api.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';
import { Outcome } from '../components/outcome.js';
import { useAction } from '../use-action.js';

/**
 * The signed-in person's own account: display name, password (changing it ends every other
 * session), their sessions (this one marked; End any other), and their projects.
 */
export function AccountPage({ api, me, onMeChanged }: { api: Api; me: MeResponse; onMeChanged(me: MeResponse): void }) {
  const sessions = useLoad((signal) => api.get<SessionsResponse>('/v1/me/sessions', undefined, signal), [api]);
  const [sessionMessage, setSessionMessage] = useState('');
  const end = async (session: SessionInfo) => {
    setSessionMessage('');
    try {
      await api.delete(`/v1/me/sessions/${segment(session.id)}`);
      setSessionMessage(`Ended the session signed in ${formatTime(session.createdAt)}.`);
    } catch (e) {
      setSessionMessage(`Could not end it: ${(e as Error).message}`);
    }
    sessions.reload();
  };

  return (
    <>
      <PageHead title="Your account">
        Signed in as {me.user.email}
        {me.user.instanceAdmin ? ' (instance admin: creates projects and users)' : ''}.
      </PageHead>
      <div class="columns">
        <div class="grow">
          <NameForm api={api} me={me} onMeChanged={onMeChanged} />
          <PasswordForm api={api} hasPassword={me.user.hasPassword} onChanged={sessions.reload} />
        </div>
        <section class="card side" aria-labelledby="projects-title">
          <h2 id="projects-title">Your projects</h2>
          {me.memberships.length === 0 ? (
            <p class="empty">None yet.</p>
          ) : (
            <ul class="plain-list">
              {me.memberships.map((m) => (
                <li key={m.projectId}>
                  {m.name} <span class="chip">{ROLE_LABELS[m.role]}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Your sessions</h2>
        <p class="muted">Every browser signed in as you. End one you do not recognise, or one on a device you no longer use.</p>
        {sessionMessage && (
          <p class="notice" role="status">
            {sessionMessage}
          </p>
        )}
        {sessions.error && (
          <p class="error" role="alert">
            {sessions.error.message}
          </p>
        )}
        {!sessions.data && sessions.loading && <p class="muted">Loading…</p>}
        {sessions.data && (
          <Table
            class="sessions"
            caption="Your sessions, most recently used first"
            hideCaption
            head={
              <>
                <th scope="col">Browser</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">Ends</th>
                <th scope="col">Network</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </>
            }
          >
            {sessions.data.sessions.map((s) => (
              <tr key={s.id} data-id={s.id} class={s.current ? 'current' : undefined}>
                <td class="user-agent">
                  {s.userAgent ?? 'unknown'}
                  {s.current && <span class="chip current-session">this session</span>}
                </td>
                <td>
                  <time dateTime={s.createdAt}>{formatTime(s.createdAt)}</time>
                </td>
                <td>
                  <time dateTime={s.lastSeenAt}>{formatTime(s.lastSeenAt)}</time>
                </td>
                <td>
                  <time dateTime={s.expiresAt}>{formatTime(s.expiresAt)}</time>
                </td>
                <td>{s.clientAddress ?? '–'}</td>
                <td>
                  {!s.current && (
                    <button type="button" class="secondary" onClick={() => void end(s)}>
                      End<span class="visually-hidden"> the session signed in {formatTime(s.createdAt)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}

function NameForm({ api, me, onMeChanged }: { api: Api; me: MeResponse; onMeChanged(me: MeResponse): void }) {
  const [name, setName] = useState(me.user.displayName);
  const { message, error, fail, act } = useAction();
  const save = (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return fail('Enter a name.');
    void act(async () => {
      onMeChanged(await api.patch<MeResponse>('/v1/me', { displayName: name.trim() }));
      return 'Saved. Changes you make from now on show this name.';
    });
  };
  return (
    <section class="card" aria-labelledby="name-title">
      <h2 id="name-title">Your name</h2>
      <form class="filters" onSubmit={save} noValidate>
        <label>
          <span>Display name (as your teammates see it)</span>
          <input type="text" autocomplete="name" maxLength={MAX_DISPLAY_NAME_LENGTH} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit">Save name</button>
      </form>
      <Outcome message={message} error={error} />
    </section>
  );
}

function PasswordForm({ api, hasPassword, onChanged }: { api: Api; hasPassword: boolean; onChanged(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const { busy, message, error, fail, act } = useAction();
  const change = (event: Event) => {
    event.preventDefault();
    if (next.length < MIN_PASSWORD_LENGTH) return fail(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (next !== repeated) return fail('The two new passwords differ.');
    void act(async () => {
      await api.put<void>('/v1/me/password', { ...(hasPassword ? { currentPassword: current } : {}), newPassword: next });
      setCurrent('');
      setNext('');
      setRepeated('');
      onChanged();
      return 'Password changed. Every other session has ended.';
    });
  };
  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">{hasPassword ? 'Change your password' : 'Set a password'}</h2>
      <form class="stacked" onSubmit={change} noValidate>
        {hasPassword && (
          <label>
            <span>Current password</span>
            <input type="password" autocomplete="current-password" maxLength={MAX_PASSWORD_LENGTH} value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
          </label>
        )}
        <label>
          <span>New password (at least {MIN_PASSWORD_LENGTH} characters)</span>
          <input type="password" autocomplete="new-password" maxLength={MAX_PASSWORD_LENGTH} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        </label>
        <label>
          <span>Repeat the new password</span>
          <input type="password" autocomplete="new-password" maxLength={MAX_PASSWORD_LENGTH} value={repeated} onInput={(e) => setRepeated(e.currentTarget.value)} />
        </label>
        <div>
          <button type="submit" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
      <Outcome message={message} error={error} />
    </section>
  );
}
