import type { MeResponse } from '@feedloop/protocol';
import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError } from './api.js';
import { parseRoute, type Route } from './router.js';
import { maybeSignedIn, rememberSignedIn } from './session.js';
import { Shell } from './shell.js';
import { LinkPage } from './pages/link.js';
import { SignIn } from './pages/sign-in.js';

/** Where signing in stands: asking the service (GET /v1/me), signed out, or signed in as someone. */
type Auth = { state: 'checking' } | { state: 'signed-out'; problem?: string } | { state: 'signed-in'; me: MeResponse };

/**
 * The page's root: a one-time link, the sign-in page, or the signed-in dashboard (the shell).
 * Any call the service refuses with 401 (session ended, expired, signed out elsewhere) leads
 * back to sign-in.
 */
export function App() {
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [auth, setAuth] = useState<Auth>(() => {
    // Back from a failed single sign-on (`#/sign-in?error=…` or `?error=…`), or never signed in here: the form at once.
    const turnedBack = (route.page === 'sign-in' && route.error !== undefined) || new URLSearchParams(location.search).has('error');
    if (turnedBack) rememberSignedIn(false);
    return maybeSignedIn() && !turnedBack ? { state: 'checking' } : { state: 'signed-out' };
  });

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (auth.state !== 'checking') return;
    let current = true;
    new Api().get<MeResponse>('/v1/me').then(
      (me) => current && setAuth({ state: 'signed-in', me }),
      (error: Error) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 401) rememberSignedIn(false);
        const problem = error instanceof ApiError && error.status === 401 ? undefined : `Could not reach the service: ${error.message}`;
        setAuth(problem ? { state: 'signed-out', problem } : { state: 'signed-out' });
      },
    );
    return () => void (current = false);
  }, [auth.state]);

  /** Signed in just now: leave the sign-in or link page for the overview, and ask who it is. */
  const signedIn = () => {
    if (route.page === 'sign-in' || route.page === 'link') location.hash = '#/';
    if (location.search) history.replaceState(null, '', location.pathname + location.hash);
    setAuth({ state: 'checking' });
  };
  const signedOut = () => {
    rememberSignedIn(false);
    setAuth({ state: 'signed-out' });
  };

  if (route.page === 'link') return <LinkPage key={route.token} token={route.token} onSignedIn={signedIn} />;
  if (auth.state === 'checking') {
    return (
      <main class="sign-in" id="main">
        <p class="muted">Loading…</p>
      </main>
    );
  }
  if (auth.state === 'signed-out') {
    return <SignIn error={route.page === 'sign-in' ? route.error : undefined} problem={auth.problem} onSignedIn={signedIn} />;
  }
  return <Shell me={auth.me} route={route} onMeChanged={(me) => setAuth({ state: 'signed-in', me })} onSignedOut={signedOut} />;
}
