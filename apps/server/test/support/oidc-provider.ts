import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) in the test process, on 127.0.0.1, with a
 * minimal login form of its own ("Username", "Password": TEST_PASSWORD for every account).
 */
export interface TestAccount {
  email?: string;
  emailVerified?: boolean;
  /** As Microsoft Entra ID says it: no email_verified, but xms_edov (the domain is verified). */
  entraVerified?: boolean;
  name?: string;
}

export const TEST_CLIENT = { id: 'feedloop-test', secret: 'test-client-secret-0123456789' };
export const TEST_PASSWORD = 'provider-password';

export interface TestIdentityProvider {
  /** Its issuer identifier (its own URL). */
  issuer: string;
  /** The service's FEEDLOOP_OIDC_* settings for this provider. */
  env: Record<string, string>;
  /** Registers the service as the client (its callback URL is known once it listens) and opens. */
  open(redirectUri: string): void;
  close(): Promise<void>;
}

/**
 * Listens at once, so the issuer is known before the service starts; answers 503 until `open`
 * (the client's redirect URI is part of the provider's configuration).
 */
export async function startIdentityProvider(accounts: Record<string, TestAccount>): Promise<TestIdentityProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end();
  });
  const issuer = await listenLocally(server);
  return {
    issuer,
    env: {
      FEEDLOOP_OIDC_ISSUER: issuer,
      FEEDLOOP_OIDC_CLIENT_ID: TEST_CLIENT.id,
      FEEDLOOP_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      FEEDLOOP_OIDC_NAME: 'Test IdP',
    },
    open(redirectUri) {
      handler = serveProvider(createProvider(issuer, redirectUri, accounts), accounts);
    },
    close: () => closeServer(server),
  };
}

/**
 * A discovery document at its own URL for someone else's provider: with `claimIssuer` it names
 * itself as the issuer while every endpoint is the other provider's (a mix-up: tokens come back
 * from the wrong issuer); without, it serves the other's document as is (its issuer is not the URL).
 */
export async function startImpostorDiscovery(real: TestIdentityProvider, claimIssuer: boolean): Promise<{ url: string; close(): Promise<void> }> {
  let url = '';
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') {
      res.statusCode = 404;
      return res.end();
    }
    void fetch(`${real.issuer}/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<Record<string, unknown>>)
      .then((metadata) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(claimIssuer ? { ...metadata, issuer: url } : metadata));
      });
  });
  url = await listenLocally(server);
  return { url, close: () => closeServer(server) };
}

function createProvider(issuer: string, redirectUri: string, accounts: Record<string, TestAccount>): Provider {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    adapter: MapAdapter,
    jwks: { keys: [{ ...signingKey, use: 'sig', kid: 'test-key' }] as never },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Grant: 3600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          ...(account.email !== undefined
            ? account.entraVerified !== undefined
              ? { email: account.email, xms_edov: account.entraVerified }
              : { email: account.email, email_verified: account.emailVerified ?? true }
            : {}),
          ...(account.name !== undefined ? { name: account.name } : {}),
        }),
      };
    },
    // First-party client: the scopes are granted without a consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'name']);
      await grant.save();
      return grant;
    },
  });
}

/** The provider's own endpoints, and its sign-in page: /interaction/:uid (GET form, POST login, GET abort). */
function serveProvider(provider: Provider, accounts: Record<string, TestAccount>) {
  const endpoints = provider.callback();
  return (req: IncomingMessage, res: ServerResponse) => {
    // No icon: a browser's request for one must not end in a 404 (a console error).
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    const match = /^\/interaction\/([\w-]+)(\/abort)?$/.exec(req.url ?? '');
    if (!match) return endpoints(req, res);
    const uid = match[1]!;
    void (async () => {
      if (match[2]) {
        return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person cancelled' }, { mergeWithLastSubmission: false });
      }
      if (req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const login = form.get('username') ?? '';
        if (accounts[login] && form.get('password') === TEST_PASSWORD) {
          return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        }
        return sendPage(res, 401, loginPage(uid, 'Wrong username or password.'));
      }
      await provider.interactionDetails(req, res);
      sendPage(res, 200, loginPage(uid, ''));
    })().catch((error: unknown) => sendPage(res, 400, `<p>${String(error)}</p>`));
  };
}

function loginPage(uid: string, error: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP: sign in</title></head><body><main>
<h1>Sign in to Test IdP</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label for="username">Username</label> <input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Continue</button>
</form>
<p><a href="/interaction/${uid}/abort">Cancel</a></p>
</main></body></html>`;
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(html);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The providers' storage (codes, sessions, grants), in memory; ids are random, so providers can share it. */
class MapAdapter {
  private static readonly shared = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();

  constructor(private readonly model: string) {}

  private key(id: string) {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
    MapAdapter.shared.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }

  async find(id: string) {
    const entry = MapAdapter.shared.get(this.key(id));
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  }

  async findByUid(uid: string) {
    for (const [key, entry] of MapAdapter.shared) if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid) return entry.payload;
    return undefined;
  }

  async findByUserCode(userCode: string) {
    for (const [key, entry] of MapAdapter.shared) if (key.startsWith(`${this.model}:`) && entry.payload.userCode === userCode) return entry.payload;
    return undefined;
  }

  async consume(id: string) {
    const entry = MapAdapter.shared.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string) {
    MapAdapter.shared.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string) {
    for (const [key, entry] of MapAdapter.shared) if (entry.payload.grantId === grantId) MapAdapter.shared.delete(key);
  }
}

async function listenLocally(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
