import type { Membership } from '@feedloop/protocol';

/**
 * What this browser remembers about signing in. The session itself is an HttpOnly cookie this
 * script never sees; beside it, localStorage keeps only
 * - a hint that a session may exist, so a page opened signed out shows the sign-in form at once
 *   instead of asking the service first (and drawing a 401);
 * - the project last chosen in the switcher.
 * Neither is a credential: the service decides on every request.
 */
const SIGNED_IN = 'feedloop.dashboard.signedIn';
const PROJECT = 'feedloop.dashboard.project';

function read(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage disabled: the dashboard asks the service each time */
  }
}

/** Whether a session may exist (set on signing in, also just before leaving for single sign-on). */
export function maybeSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN) === '1';
  } catch {
    return true; // cannot tell: ask the service
  }
}

export function rememberSignedIn(on: boolean): void {
  write(SIGNED_IN, on ? '1' : undefined);
}

/** The project to open: the one chosen last if still among the person's projects, else the first. */
export function chooseProject(memberships: Membership[]): Membership | undefined {
  const stored = read(PROJECT);
  return memberships.find((m) => m.projectId === stored) ?? memberships[0];
}

export function rememberProject(projectId: string): void {
  write(PROJECT, projectId);
}
