import type { ApiToken, ApiTokensResponse, CreateTokenResponse } from '@feedloop/protocol';
import { MAX_TOKEN_NAME_LENGTH } from '@feedloop/protocol/limits';
import { TOKEN_SCOPES, type TokenScope } from '@feedloop/protocol/vocabulary';
import { useState } from 'preact/hooks';
import { segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { CopyButton } from '../components/copy-button.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime, relativeTime } from '../format.js';
import { useLoad } from '../load.js';
import { Outcome } from '../components/outcome.js';
import { useAction } from '../use-action.js';

/** What each scope lets a script do, in words. */
const SCOPE_HINTS: Record<TokenScope, string> = {
  read: 'read everything of the project (no submitter emails)',
  export: 'read and export, with submitter emails',
  triage: 'read and triage, with submitter emails',
  admin: 'manage members, tokens, keys, webhooks and settings',
};

/** How long a new token lives: days, or never (0). */
const LIFETIMES = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'Never' },
] as const;

/** A token's state in words: live, revoked or expired. */
function tokenState(token: ApiToken, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/**
 * The project's API tokens (admins), for scripts, CI and the CLI: create one with a name, scopes
 * and a lifetime (the token is shown once, right then: the service keeps only its hash), see when
 * each was last used, revoke one (refused from its next request on).
 */
export function TokensPage({ api, project }: PageProps) {
  const list = useLoad((signal) => api.get<ApiTokensResponse>(api.inProject('/tokens'), undefined, signal), [api]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<TokenScope>>(new Set(['read']));
  const [days, setDays] = useState<number>(90);
  const { busy, message, error, fail, act } = useAction(() => list.reload());
  const [created, setCreated] = useState<CreateTokenResponse | undefined>();

  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  const create = (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return fail('Name the token (what uses it, e.g. "CI export").');
    if (scopes.size === 0) return fail('Choose at least one scope.');
    setCreated(undefined);
    void act(async () => {
      const body = {
        name: name.trim(),
        // In the order the service lists them.
        scopes: TOKEN_SCOPES.filter((s) => scopes.has(s)),
        ...(days ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
      };
      const answer = await api.post<CreateTokenResponse>(api.inProject('/tokens'), body);
      setCreated(answer);
      setName('');
      return `Token ${answer.info.name} created.`;
    });
  };
  const revoke = (token: ApiToken) =>
    act(async () => {
      await api.delete(api.inProject(`/tokens/${segment(token.id)}`));
      return `Token ${token.name} revoked: it is refused from now on.`;
    });

  const tokens = list.data?.tokens ?? [];
  return (
    <>
      <PageHead title="Tokens">API tokens of {project.name} for scripts, CI and the command line: sent as Authorization: Bearer flt_….</PageHead>

      <section class="card" aria-labelledby="create-token-title">
        <h2 id="create-token-title">Create a token</h2>
        <form class="token-form" onSubmit={create} noValidate>
          <label>
            <span>Name</span>
            <input type="text" maxLength={MAX_TOKEN_NAME_LENGTH} value={name} placeholder="CI export" onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <fieldset class="scopes">
            <legend>Scopes</legend>
            {TOKEN_SCOPES.map((scope) => (
              <label key={scope} class="check">
                <input type="checkbox" checked={scopes.has(scope)} onChange={(e) => toggle(scope, e.currentTarget.checked)} />
                <span>
                  <strong>{scope}</strong>: {SCOPE_HINTS[scope]}
                </span>
              </label>
            ))}
          </fieldset>
          <label>
            <span>Expires after</span>
            <select value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
              {LIFETIMES.map((l) => (
                <option key={l.days} value={String(l.days)}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <div>
            <button type="submit" disabled={busy}>
              Create token
            </button>
          </div>
        </form>
        {created && (
          <div class="secret shown-once">
            <p>
              Token {created.info.name}, shown only now (the service keeps only its hash): copy it into your script's secrets.
            </p>
            <p>
              <code class="token-value">{created.token}</code> <CopyButton text={created.token} label="Copy token" />
            </p>
          </div>
        )}
      </section>

      <Outcome message={message} error={error || list.error?.message} />
      {!list.data && list.loading && <p class="muted">Loading…</p>}
      {list.data && tokens.length === 0 && <p class="empty">No token yet.</p>}
      {tokens.length > 0 && (
        <section class="card" aria-labelledby="tokens-title">
          <h2 id="tokens-title">Tokens</h2>
          <Table
            class="tokens"
            caption={`API tokens of ${project.name}, newest first`}
            hideCaption
            head={
              <>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </>
            }
          >
            {tokens.map((token) => {
              const state = tokenState(token);
              return (
                <tr key={token.id} data-id={token.id}>
                  <th scope="row" class="token-name">
                    {token.name}
                  </th>
                  <td>
                    <code>{token.hint}</code>
                  </td>
                  <td>{token.scopes.join(', ')}</td>
                  <td>
                    <time dateTime={token.createdAt}>{formatTime(token.createdAt)}</time>
                  </td>
                  <td>{token.lastUsedAt ? <time dateTime={token.lastUsedAt}>{relativeTime(token.lastUsedAt)}</time> : 'never'}</td>
                  <td>{token.expiresAt ? <time dateTime={token.expiresAt}>{formatTime(token.expiresAt)}</time> : 'never'}</td>
                  <td>
                    <span class={`chip token-${state}`}>{state}</span>
                  </td>
                  <td>
                    {state === 'active' && (
                      <ConfirmButton
                        label={
                          <>
                            Revoke…<span class="visually-hidden"> {token.name}</span>
                          </>
                        }
                        question={`Revoke ${token.name}? Scripts using it stop working at once.`}
                        confirmLabel="Revoke token"
                        groupLabel={`Confirm revoking ${token.name}`}
                        disabled={busy}
                        onConfirm={() => void revoke(token)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        </section>
      )}
    </>
  );
}
