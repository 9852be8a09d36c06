import * as client from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { OidcConfig } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { recordAudit } from '../audit/audit.js';
import { hashSecret } from './secrets.js';
import { createSession, type SessionLifetime } from './sessions.js';
import { accountForVerifiedEmail } from './sso-account.js';
import { normalizeEmail } from './users.js';

export const SSO_CALLBACK_PATH = '/v1/sso/callback';
const DASHBOARD = '/dashboard/';
const SCOPE = 'openid email profile';
/** How long a sign-in may take at the identity provider. */
export const SSO_LOGIN_LIFETIME_MS = 10 * 60_000;
/** Seconds a request to the identity provider may take. */
const PROVIDER_TIMEOUT_S = 10;

export interface SsoContext {
  clientAddress: string | null;
  userAgent: string | undefined;
  lifetime: SessionLifetime;
}

/** A refused sign-in: answered as `sso_failed` (or `account_disabled`), and in the audit trail with its reason. */
class SsoRefusal extends HttpError {
  constructor(
    statusCode: number,
    message: string,
    readonly userId: string | null = null,
    code: 'sso_failed' | 'account_disabled' = 'sso_failed',
    /** A finer reason for the sign-in page, when it has words for it. */
    readonly pageCode: string = code,
  ) {
    super(statusCode, code, message);
  }
}

/** The code the dashboard's sign-in page explains a failure with (`#/sign-in?error=`). */
export function signInPageCode(error: HttpError): string {
  return error instanceof SsoRefusal ? error.pageCode : error.code;
}

/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256), state and
 * nonce; the issuer, audience, signature and nonce of the ID token are checked by openid-client.
 * What travels between the redirect and the callback is a row of sso_logins keyed by the hash
 * of the state (so any replica can finish a sign-in another started), used once. The state is
 * also kept in a cookie of the browser that started, so a callback URL made elsewhere cannot sign
 * a victim in to the attacker's account.
 */
export class SingleSignOn {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly oidc: OidcConfig,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The provider's metadata, discovered on first use and kept: the service starts while the provider is down. */
  #provider(): Promise<client.Configuration> {
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = undefined;
      throw error;
    });
    return this.#configuration;
  }

  async #discover(): Promise<client.Configuration> {
    const issuer = new URL(this.oidc.issuer);
    const auth = this.oidc.clientSecret ? client.ClientSecretBasic(this.oidc.clientSecret) : client.None();
    try {
      return await client.discovery(issuer, this.oidc.clientId, undefined, auth, {
        timeout: PROVIDER_TIMEOUT_S,
        // An http:// issuer is the operator's explicit choice (a provider on the same host or network).
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      });
    } catch (error) {
      this.log.error({ err: error, issuer: issuer.href }, 'single sign-on: the identity provider’s discovery failed');
      throw new HttpError(503, 'sso_failed', `single sign-on is unavailable: the identity provider (${issuer.href}) cannot be reached or its discovery document is unusable (${describe(error)})`);
    }
  }

  /** Where to send the browser to sign in; `state` goes into the browser's cookie. */
  async start(origin: string, returnTo: string | undefined): Promise<{ url: string; state: string }> {
    const configuration = await this.#provider();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await this.db
      .insertInto('sso_logins')
      .values({
        state_hash: hashSecret(state),
        nonce,
        code_verifier: codeVerifier,
        return_to: safeReturnPath(returnTo),
        expires_at: new Date(Date.now() + SSO_LOGIN_LIFETIME_MS),
      })
      .execute();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: origin + SSO_CALLBACK_PATH,
      scope: SCOPE,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * The provider's answer (`search`: the callback's query string) to a new session and where to
   * go next. Every refusal is in the audit trail with its reason, and changes nothing else.
   */
  async finish(origin: string, search: string, browserState: string | undefined, context: SsoContext) {
    try {
      return await this.#finish(origin, search, browserState, context);
    } catch (error) {
      if (error instanceof HttpError) {
        await recordAudit(this.db, {
          principal: undefined,
          projectId: null,
          action: 'session.sign_in_failed',
          target: { type: 'user', id: error instanceof SsoRefusal ? error.userId : null },
          changes: { method: 'sso', reason: error.message.slice(0, 300) },
          clientAddress: context.clientAddress,
        });
      }
      throw error;
    }
  }

  async #finish(origin: string, search: string, browserState: string | undefined, context: SsoContext) {
    const params = new URLSearchParams(search);
    const state = params.get('state');
    if (!state) throw new SsoRefusal(400, 'the identity provider’s answer has no state');
    if (browserState !== state) throw new SsoRefusal(400, 'this sign-in was not started in this browser (state does not match)');
    const login = await this.db.deleteFrom('sso_logins').where('state_hash', '=', hashSecret(state)).returningAll().executeTakeFirst();
    if (!login || new Date(login.expires_at).getTime() <= Date.now()) throw new SsoRefusal(400, 'unknown, used or expired sign-in (state)');

    const configuration = await this.#provider();
    const callbackUrl = new URL(SSO_CALLBACK_PATH, origin);
    callbackUrl.search = params.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw providerFailure(error, this.log);
    }
    const { email, emailVerified, name } = await this.#identity(configuration, tokens);
    if (!email) throw new SsoRefusal(403, 'the identity provider sent no email address (scope email)');
    if (!emailVerified) throw new SsoRefusal(403, `the identity provider has not verified ${email} (email_verified)`);

    const user = await accountForVerifiedEmail(this.db, this.oidc, email, name, context.clientAddress);
    if (!user) throw new SsoRefusal(403, `no account for ${email}: ask an admin to invite you`, null, 'sso_failed', 'sso_no_account');
    if (user.disabled) throw new SsoRefusal(403, 'this account is disabled: ask an admin', user.id, 'account_disabled');

    const session = await createSession(this.db, user.id, context.lifetime, { userAgent: context.userAgent, address: context.clientAddress });
    await recordAudit(this.db, {
      principal: { kind: 'user', userId: user.id, email: user.email, name: user.display_name, instanceAdmin: user.instance_admin, sessionId: session.sessionId },
      projectId: null,
      action: 'session.signed_in',
      changes: { method: 'sso' },
      clientAddress: context.clientAddress,
    });
    return { ...session, returnTo: login.return_to };
  }

  /** Email, its verification and name: from the ID token, else (some providers keep them there) from userinfo. */
  async #identity(
    configuration: client.Configuration,
    tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>,
  ): Promise<{ email: string | undefined; emailVerified: boolean; name: string | undefined }> {
    const idToken = tokens.claims();
    if (!idToken) throw new SsoRefusal(400, 'the identity provider sent no ID token');
    let claims: Record<string, unknown> = idToken;
    if ((idToken.email === undefined || verifiedOf(idToken) === undefined) && configuration.serverMetadata().userinfo_endpoint) {
      try {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)) };
      } catch (error) {
        throw providerFailure(error, this.log);
      }
    }
    const email = typeof claims.email === 'string' && /^[^@\s]+@[^@\s]+$/.test(claims.email) ? normalizeEmail(claims.email) : undefined;
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : undefined;
    return { email, emailVerified: verifiedOf(claims) === true, name };
  }
}

/**
 * Whether the provider vouches for the email: the standard `email_verified`, or Microsoft Entra
 * ID's `xms_edov` (the email's domain is verified as the tenant's), an optional claim it sends in
 * place of the standard one. Undefined when the provider says neither.
 */
function verifiedOf(claims: Record<string, unknown>): boolean | undefined {
  if (typeof claims.email_verified === 'boolean') return claims.email_verified;
  if (claims.xms_edov !== undefined) return claims.xms_edov === true || claims.xms_edov === 1 || claims.xms_edov === '1' || claims.xms_edov === 'true';
  return undefined;
}

/** What the provider answered (an error, a failed check) is a refusal; not reaching it is a 503. */
function providerFailure(error: unknown, log: FastifyBaseLogger): HttpError {
  if (
    error instanceof client.AuthorizationResponseError ||
    error instanceof client.ResponseBodyError ||
    error instanceof client.WWWAuthenticateChallengeError ||
    error instanceof client.ClientError
  ) {
    return new SsoRefusal(400, `the identity provider’s answer was refused: ${describe(error)}`);
  }
  log.error({ err: error }, 'single sign-on: the identity provider cannot be reached');
  return new HttpError(503, 'sso_failed', `the identity provider cannot be reached (${describe(error)})`);
}

function describe(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  }
  // openid-client wraps the check that failed (e.g. 'unexpected JWT "nonce" (nonce) claim value') in its cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof client.ClientError && cause instanceof Error) return cause.message;
  return typeof cause?.code === 'string' ? `${message}: ${cause.code}` : message;
}

/**
 * Where to land after signing in: a path of the dashboard on this service, else the dashboard
 * itself (never another site: an open redirect would lend it this service's name).
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value || value.length > 1000 || !value.startsWith(DASHBOARD) || /[\\\s\p{Cc}]/u.test(value)) return DASHBOARD;
  const base = 'http://service.invalid';
  const url = new URL(value, base);
  if (url.origin !== base || !url.pathname.startsWith(DASHBOARD)) return DASHBOARD;
  return url.pathname + url.search + url.hash;
}
