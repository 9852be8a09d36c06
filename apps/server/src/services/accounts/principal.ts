import type { ActorType, Role, TokenScope } from '@feedloop/protocol';

/**
 * Who is calling, once authenticated (plugins/app/access.ts):
 * - user: a person, by their session cookie;
 * - token: an API token of one project, with its scopes;
 * - key: a project's secret key, which acts as a token with read, export and triage;
 * - operator: FEEDLOOP_ADMIN_TOKEN, the instance's operator (scripts, first set-up).
 */
export type Principal =
  | { kind: 'user'; userId: string; email: string; name: string; instanceAdmin: boolean; sessionId: string }
  | { kind: 'token'; tokenId: string; projectId: string; name: string; hint: string; scopes: readonly TokenScope[] }
  | { kind: 'key'; keyId: string; projectId: string; hint: string }
  | { kind: 'operator' };

/** What a request may do in one project. */
export type Permission = 'read' | 'emails' | 'triage' | 'export' | 'admin' | 'owner';

const BY_ROLE: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  member: ['read', 'emails', 'triage', 'export'],
  admin: ['read', 'emails', 'triage', 'export', 'admin'],
  owner: ['read', 'emails', 'triage', 'export', 'admin', 'owner'],
};

const BY_SCOPE: Record<TokenScope, readonly Permission[]> = {
  read: ['read'],
  export: ['read', 'emails', 'export'],
  triage: ['read', 'emails', 'triage'],
  admin: ['read', 'admin'],
};

/** The scopes a project's secret key carries: what it could do before there were tokens. */
export const SECRET_KEY_SCOPES: readonly TokenScope[] = ['read', 'export', 'triage'];

export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return new Set(BY_ROLE[role]);
}

export function permissionsOfScopes(scopes: readonly TokenScope[]): ReadonlySet<Permission> {
  return new Set(scopes.flatMap((scope) => BY_SCOPE[scope]));
}

/** The actor of the audit trail: type, id and a label shown beside changes. */
export function actorOf(principal: Principal | undefined): { type: ActorType; id: string | null; label: string | null } {
  switch (principal?.kind) {
    case 'user':
      return { type: 'user', id: principal.userId, label: principal.name };
    case 'token':
      return { type: 'token', id: principal.tokenId, label: `token ${principal.name} (${principal.hint})` };
    case 'key':
      return { type: 'key', id: principal.keyId, label: `secret key ${principal.hint}` };
    case 'operator':
      return { type: 'operator', id: null, label: 'operator' };
    default:
      return { type: 'anonymous', id: null, label: null };
  }
}
