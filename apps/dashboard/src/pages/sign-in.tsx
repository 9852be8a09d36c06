import type { SignInOptions } from '@feedloop/protocol';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '@feedloop/protocol/limits';
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api.js';
import { useLoad } from '../load.js';
import { rememberSignedIn } from '../session.js';

/** Why a sign-in elsewhere (single sign-on) sent the person back here, in words. */
const RETURN_ERRORS: Record<string, string> = {
  sso_failed: 'Single sign-on did not complete. Try again, or ask an admin.',
  sso_no_account: 'Single sign-on worked, but there is no Feedloop account for that email address. Ask an admin to invite you.',
  account_disabled: 'This account is disabled. Ask an admin.',
};

/** The reason in the URL (`/dashboard/?error=…` or `#/sign-in?error=…`), as a sentence. */
export function returnError(code: string | undefined): string {
  if (!code) return '';
  return RETURN_ERRORS[code] ?? `Sign-in did not complete (${code.slice(0, 80)}).`;
}

/** A refused sign-in, in words: wrong credentials, throttled (with the wait), disabled. */
export function signInError(error: unknown): string {
  if (!(error instanceof ApiError)) return `Could not reach the service: ${(error as Error).message}`;
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong email or password.';
    case 'rate_limited':
      return `Too many failed attempts. Try again in ${error.retryAfter ?? 'a few'} seconds.`;
    case 'account_disabled':
      return 'This account is disabled. Ask an admin.';
    case 'password_sign_in_disabled':
      return 'Password sign-in is off here: use single sign-on.';
    default:
      return `Could not sign in: ${error.message}`;
  }
}

/**
 * Email and password (POST /v1/session sets an HttpOnly session cookie), and single sign-on
 * where the service has it; on a new instance, how the operator sets up the first account.
 */
export function SignIn({
  error: returned,
  problem,
  onSignedIn,
}: {
  /** Why the person was sent back here (single sign-on), as a code. */
  error?: string | undefined;
  /** What went wrong asking the service whether the person is signed in. */
  problem?: string | undefined;
  onSignedIn(): void;
}) {
  const api = new Api();
  const options = useLoad((signal) => api.get<SignInOptions>('/v1/session/options', undefined, signal), []);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const fromUrl = returnError(returned ?? new URLSearchParams(location.search).get('error') ?? undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!email.trim() || !password) return setError('Enter your email and password.');
    setBusy(true);
    setError('');
    try {
      await api.post<void>('/v1/session', { email: email.trim(), password });
      rememberSignedIn(true);
      onSignedIn();
    } catch (e) {
      setError(signInError(e));
    } finally {
      setBusy(false);
    }
  };

  const sso = options.data?.sso;
  return (
    <main class="sign-in" id="main">
      <div class="card sign-in-card">
        <h1>Feedloop dashboard</h1>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        {fromUrl && (
          <p class="error" role="alert">
            {fromUrl}
          </p>
        )}
        {options.error && (
          <p class="error" role="alert">
            Could not reach the service: {options.error.message}
          </p>
        )}
        {!options.data && options.loading && <p class="muted">Loading…</p>}
        {options.data?.setupNeeded && (
          <div class="notice-box" role="note">
            <h2>No account yet</h2>
            <p>
              This Feedloop has no account yet. The operator creates the first admin with the one-time set-up link that <code>pnpm start</code>{' '}
              printed, or from a shell: <code>pnpm feedloop user create --email you@example.com --admin</code>
            </p>
          </div>
        )}
        {sso && (
          // A link: single sign-on leaves for the provider and comes back signed in.
          <a class="button sso" href={sso.url} onClick={() => rememberSignedIn(true)}>
            Sign in with {sso.name}
          </a>
        )}
        {options.data?.password && (
          <form onSubmit={submit} noValidate>
            {sso && <p class="muted or">or with your email and password</p>}
            <label for="sign-in-email">Email</label>
            <input
              id="sign-in-email"
              type="email"
              autocomplete="username"
              spellcheck={false}
              maxLength={MAX_EMAIL_LENGTH}
              value={email}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'sign-in-error' : undefined}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
            <label for="sign-in-password">Password</label>
            <input
              id="sign-in-password"
              type="password"
              autocomplete="current-password"
              maxLength={MAX_PASSWORD_LENGTH}
              value={password}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'sign-in-error' : undefined}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <p id="sign-in-error" class="error" role="alert">
              {error}
            </p>
            <button type="submit" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
        {options.data && !options.data.password && !sso && <p class="muted">No way to sign in is configured on this service.</p>}
        <p class="muted small">Forgot your password? An admin can send you a reset link.</p>
      </div>
    </main>
  );
}
