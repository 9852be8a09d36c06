import type { LinkInfo } from '@feedloop/protocol';
import { MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@feedloop/protocol/limits';
import { ROLE_LABELS } from '@feedloop/protocol/vocabulary';
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api.js';
import { useLoad } from '../load.js';
import { rememberSignedIn } from '../session.js';

/** The service's reason ("this link is unknown, used or expired: …") as a sentence. */
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** What a one-time link is for, as the page's heading and first sentence. */
function describe(info: LinkInfo): { title: string; text: string } {
  switch (info.kind) {
    case 'setup':
      return { title: 'Set up Feedloop', text: 'Create the first account. It can create projects and invite everybody else.' };
    case 'invite':
      return {
        title: info.projectName ? `Join ${info.projectName}` : 'Join Feedloop',
        text: `You are invited${info.projectName ? ` to ${info.projectName}` : ''}${info.role ? ` as ${ROLE_LABELS[info.role]}` : ''}${info.email ? ` with ${info.email}` : ''}. Choose your name and a password.`,
      };
    case 'reset':
      return { title: 'Choose a new password', text: `For ${info.email ?? 'your account'}. Every other session of the account ends.` };
  }
}

/**
 * A one-time link (`#/link/<token>`): the set-up of the first admin, an invitation or a password
 * reset. The token goes to the service in a request body (POST /v1/links/inspect, then
 * /v1/links/complete, which signs the person in), never in a URL the service sees.
 */
export function LinkPage({ token, onSignedIn }: { token: string; onSignedIn(): void }) {
  const api = new Api();
  const info = useLoad((signal) => api.request<LinkInfo>('POST', '/v1/links/inspect', undefined, { token }, signal), [token]);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const link = info.data;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!link) return;
    if (link.kind === 'setup' && !email.trim()) return setError('Enter your email address.');
    if (password.length < MIN_PASSWORD_LENGTH) return setError(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (password !== repeated) return setError('The two passwords differ.');
    setBusy(true);
    setError('');
    try {
      await api.post<void>('/v1/links/complete', {
        token,
        password,
        ...(link.kind === 'setup' ? { email: email.trim() } : {}),
        ...(link.kind !== 'reset' && displayName.trim() ? { displayName: displayName.trim() } : {}),
      });
      rememberSignedIn(true);
      onSignedIn();
    } catch (e) {
      setError(sentence((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const described = link && describe(link);
  // Someone invited by email who has an account since: they sign in, an admin adds them.
  const existing = link?.kind === 'invite' && link.accountExists;
  return (
    <main class="sign-in" id="main">
      <div class="card sign-in-card">
        <h1>{described?.title ?? 'One-time link'}</h1>
        {!link && info.loading && <p class="muted">Checking the link…</p>}
        {info.error && (
          <p class="error" role="alert">
            {info.error instanceof ApiError && info.error.status < 500 ? sentence(info.error.message) : `Could not check the link: ${info.error.message}`}
          </p>
        )}
        {described && <p>{described.text}</p>}
        {existing && (
          <p role="note">
            An account with this email address exists already. <a href="#/">Sign in</a>, and ask an admin of the project to add you.
          </p>
        )}
        {link && !existing && (
          <form onSubmit={submit} noValidate>
            {link.kind === 'setup' && (
              <>
                <label for="link-email">Email</label>
                <input id="link-email" type="email" autocomplete="username" maxLength={MAX_EMAIL_LENGTH} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
              </>
            )}
            {link.kind !== 'reset' && (
              <>
                <label for="link-name">Your name (as your teammates see it)</label>
                <input
                  id="link-name"
                  type="text"
                  autocomplete="name"
                  maxLength={MAX_DISPLAY_NAME_LENGTH}
                  value={displayName}
                  onInput={(e) => setDisplayName(e.currentTarget.value)}
                />
              </>
            )}
            <label for="link-password">New password (at least {MIN_PASSWORD_LENGTH} characters)</label>
            <input
              id="link-password"
              type="password"
              autocomplete="new-password"
              maxLength={MAX_PASSWORD_LENGTH}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <label for="link-repeat">Repeat the password</label>
            <input id="link-repeat" type="password" autocomplete="new-password" maxLength={MAX_PASSWORD_LENGTH} value={repeated} onInput={(e) => setRepeated(e.currentTarget.value)} />
            <p class="error" role="alert">
              {error}
            </p>
            <button type="submit" disabled={busy}>
              {link.kind === 'reset' ? 'Set the password and sign in' : 'Create the account and sign in'}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
