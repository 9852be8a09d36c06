import { MAX_ACTOR_LENGTH } from '@feedloop/protocol/limits';
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api.js';
import { looksLikeSecretKey } from '../session.js';
import { actorName, setActorName } from '../triage.js';

/** The project's secret key, checked against the service before it is kept (sessionStorage only). */
export function SignIn({ onSignIn }: { onSignIn(key: string): void }) {
  const [key, setKey] = useState('');
  const [name, setName] = useState(actorName() ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const candidate = key.trim();
    if (!looksLikeSecretKey(candidate)) {
      setError(candidate.startsWith('pk_') ? 'This is a public key. Sign in with the secret key (sk_…).' : 'A secret key starts with sk_.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await new Api(candidate).get('/v1/features', { from: new Date().toISOString().slice(0, 10) });
      setActorName(name);
      onSignIn(candidate);
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'This key was not accepted: unknown or revoked.' : `Could not reach the service: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} class="card" noValidate>
        <h1>Feedloop dashboard</h1>
        <p class="muted">Sign in with your project's secret key. It is kept in this browser tab only and sent as an Authorization header.</p>
        <label for="secret-key">Secret key</label>
        <input
          id="secret-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          placeholder="sk_…"
          value={key}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <label for="actor-name">Your name (optional, recorded in the triage history)</label>
        <input id="actor-name" type="text" autocomplete="name" maxLength={MAX_ACTOR_LENGTH} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <p id="sign-in-error" class="error" role="alert">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
