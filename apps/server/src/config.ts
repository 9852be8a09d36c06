import envSchema from 'env-schema';
import Type, { type Static } from 'typebox';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '@feedloop/protocol';
import { parseMailbox, type Mailbox } from './services/mail/address.js';
import { parseSmtpUrl, type SmtpOptions } from './services/mail/smtp-url.js';

/** Every setting comes from an environment variable; this schema documents and validates them. */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8787, description: 'HTTP port.' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to listen on (0.0.0.0 in containers).' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL; without it the embedded PGlite database is used.' }),
  ),
  FEEDLOOP_DATA_DIR: Type.String({ minLength: 1, default: './.feedloop', description: 'Where PGlite keeps its data.' }),
  FEEDLOOP_DB_SCHEMA: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', description: 'Schema to use.' })),
  FEEDLOOP_DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 500, default: 10 }),
  FEEDLOOP_ADMIN_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'Bearer token of the project admin API (16+ characters).' }),
  ),
  FEEDLOOP_SESSION_IDLE_HOURS: Type.Number({ exclusiveMinimum: 0, default: 24, description: 'A session ends after this long without a request.' }),
  FEEDLOOP_SESSION_MAX_HOURS: Type.Number({ exclusiveMinimum: 0, default: 14 * 24, description: 'A session ends this long after sign-in, whatever happens.' }),
  FEEDLOOP_PASSWORD_SIGN_IN: Type.Boolean({ default: true, description: 'Sign-in with email and password (turn off when single sign-on is on).' }),
  FEEDLOOP_OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://', description: 'OpenID Connect issuer URL: single sign-on.' })),
  FEEDLOOP_OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  FEEDLOOP_OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  FEEDLOOP_OIDC_NAME: Type.String({ minLength: 1, default: 'SSO', description: 'The provider as the sign-in button names it.' }),
  FEEDLOOP_OIDC_JIT_DOMAINS: Type.Optional(
    Type.String({ description: 'Comma-separated email domains whose people get an account on first SSO sign-in.' }),
  ),
  FEEDLOOP_OIDC_JIT_ROLE: Type.Enum(['viewer', 'member', 'admin'], { default: 'viewer', description: 'Their role in every project listed in FEEDLOOP_OIDC_JIT_PROJECTS.' }),
  FEEDLOOP_OIDC_JIT_PROJECTS: Type.Optional(Type.String({ description: 'Comma-separated project ids the JIT accounts join.' })),
  FEEDLOOP_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'Public base URL of this service.' })),
  FEEDLOOP_DEMO: Type.Enum(['auto', 'on', 'off'], {
    default: 'auto',
    description: 'Create and serve the demo project (auto: only with the embedded database).',
  }),
  FEEDLOOP_MAX_BODY_BYTES: Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024, default: MAX_BODY_BYTES }),
  FEEDLOOP_MAX_BATCH_EVENTS: Type.Integer({ minimum: 1, maximum: 1000, default: MAX_EVENTS_PER_BATCH }),
  FEEDLOOP_EVENT_MAX_AGE_HOURS: Type.Number({ exclusiveMinimum: 0, default: 30 * 24 }),
  FEEDLOOP_EVENT_MAX_FUTURE_HOURS: Type.Number({ minimum: 0, default: 24 }),
  FEEDLOOP_FLUSH_MAX_EVENTS: Type.Integer({ minimum: 1, maximum: 50_000, default: 2000, description: 'Most events per group-commit transaction.' }),
  FEEDLOOP_FLUSH_INTERVAL_MS: Type.Integer({ minimum: 0, maximum: 1000, default: 0, description: 'Wait for more events before a flush (0: adaptive).' }),
  FEEDLOOP_FLUSH_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 64, description: 'Transactions in flight at once (default 2; 1 on PGlite).' })),
  FEEDLOOP_AGGREGATOR: Type.Boolean({
    default: true,
    description: 'Run the aggregator here (one replica at a time runs passes; false: this replica never does).',
  }),
  FEEDLOOP_AGGREGATE_MAX_ROWS: Type.Optional(
    Type.Integer({ minimum: 100, maximum: 1_000_000, description: 'Most raw rows one aggregator pass takes (default 20000; 2000 on PGlite, whose one connection requests share).' }),
  ),
  FEEDLOOP_AGGREGATE_IDLE_POLL_MS: Type.Integer({ minimum: 5, maximum: 60_000, default: 100, description: 'An idle aggregator looks for rows other replicas stored this often.' }),
  FEEDLOOP_AGGREGATE_WORKERS: Type.Integer({
    minimum: 1,
    maximum: 4,
    default: 2,
    description: 'Aggregator passes run at once on PostgreSQL, each over its share of the four parts of the raw rows (1 on PGlite).',
  }),
  FEEDLOOP_AGGREGATE_PACE_MS: Type.Integer({
    minimum: 0,
    maximum: 500,
    default: 100,
    description: 'At most one aggregator pass this often unless the last one was full (fewer, larger passes under a trickle; freshness pays at most this much).',
  }),
  FEEDLOOP_BUFFER_MAX_EVENTS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 20_000, description: 'Events waiting to be written before 503 overloaded.' }),
  FEEDLOOP_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 0, default: 1200, description: 'Requests per minute per key and client address (0: off).' }),
  FEEDLOOP_RETENTION_DAYS: Type.Integer({ minimum: 0, default: 0, description: 'Delete raw events older than this (0: keep forever); aggregates are kept.' }),
  FEEDLOOP_AUDIT_RETENTION_DAYS: Type.Integer({ minimum: 0, default: 365, description: 'Delete audit trail entries older than this (0: keep forever).' }),
  FEEDLOOP_FIRST_SIGHTING_RETENTION_DAYS: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'Delete first sightings (anonymous ids per variant) older than this once none of their raw events is left (default: FEEDLOOP_RETENTION_DAYS; 0: keep).',
    }),
  ),
  FEEDLOOP_ERASURE_RECEIPT_DAYS: Type.Integer({ minimum: 0, default: 3 * 365, description: 'Delete erasure receipts older than this (0: keep forever).' }),
  FEEDLOOP_WEBHOOK_LOG_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'Webhook deliveries (their payloads) are deleted after this, whatever became of them.' }),
  FEEDLOOP_TRUST_PROXY: Type.Boolean({ default: false, description: 'Trust X-Forwarded-* (behind a load balancer).' }),
  FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: Type.Boolean({
    default: false,
    description: 'Let webhooks reach loopback, private and link-local addresses (tests, local development); never in production.',
  }),
  FEEDLOOP_SMTP_URL: Type.Optional(
    Type.String({ description: 'SMTP server for mail, e.g. smtp://user:password@smtp.example.com:587 or smtps://…:465 (with FEEDLOOP_MAIL_FROM; without both, mail is off).' }),
  ),
  FEEDLOOP_MAIL_FROM: Type.Optional(Type.String({ description: 'Sender of every mail: "Name <address@example.com>" or an address.' })),
  FEEDLOOP_SMTP_TIMEOUT_SECONDS: Type.Number({ minimum: 0.1, maximum: 600, default: 30, description: 'Connecting to the SMTP server and each of its replies.' }),
  FEEDLOOP_MAIL_COALESCE_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 86_400,
    default: 180,
    description: "Changes to one item within this long make one mail to its submitter.",
  }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dbSchema: string | undefined;
  dbPoolSize: number;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  passwordSignIn: boolean;
  /** Single sign-on (OpenID Connect), when configured. */
  oidc: OidcConfig | undefined;
  demo: boolean;
  maxBodyBytes: number;
  maxBatchEvents: number;
  eventMaxAgeMs: number;
  eventMaxFutureMs: number;
  trustProxy: boolean;
  /** Webhooks may be sent to non-public addresses (see services/webhooks/address-policy.ts). */
  webhookAllowPrivate: boolean;
  flushMaxEvents: number;
  flushIntervalMs: number;
  flushConcurrency: number | undefined;
  /** Run the aggregator loop in this process (services/rollups/aggregator.ts). */
  aggregator: boolean;
  aggregateMaxRows: number | undefined;
  aggregateIdlePollMs: number;
  aggregatePaceMs: number;
  aggregateWorkers: number;
  bufferMaxEvents: number;
  rateLimitPerMinute: number;
  retentionDays: number;
  auditRetentionDays: number;
  /** First sightings whose raw events are all gone, after this many days (0: kept). */
  firstSightingRetentionDays: number;
  erasureReceiptDays: number;
  webhookLogDays: number;
  logLevel: string;
  /** Mail (SMTP), when FEEDLOOP_SMTP_URL and FEEDLOOP_MAIL_FROM are set; otherwise every mail feature is off. */
  mail: MailConfig | undefined;
  /** Changes to one item within this long make one mail to its submitter. */
  mailCoalesceMs: number;
}

export interface MailConfig {
  smtp: SmtpOptions;
  from: Mailbox;
  /** Connecting, and each SMTP reply. */
  timeoutMs: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  name: string;
  jitDomains: string[];
  jitRole: 'viewer' | 'member' | 'admin';
  jitProjects: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  let parsed: Env;
  try {
    // env: false: read only what is passed (process.env by default), never merge it in again.
    parsed = envSchema<Env>({ schema: EnvSchema, data: withoutEmpty(env), dotenv: false, env: false });
  } catch (error) {
    throw new ConfigError(describe(error, env));
  }
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: parsed.FEEDLOOP_DATA_DIR,
    dbSchema: parsed.FEEDLOOP_DB_SCHEMA,
    dbPoolSize: parsed.FEEDLOOP_DB_POOL_SIZE,
    adminToken: parsed.FEEDLOOP_ADMIN_TOKEN,
    publicUrl: parsed.FEEDLOOP_PUBLIC_URL?.replace(/\/+$/, ''),
    sessionIdleMs: parsed.FEEDLOOP_SESSION_IDLE_HOURS * 3_600_000,
    sessionAbsoluteMs: parsed.FEEDLOOP_SESSION_MAX_HOURS * 3_600_000,
    passwordSignIn: parsed.FEEDLOOP_PASSWORD_SIGN_IN,
    oidc: oidcConfig(parsed),
    demo: parsed.FEEDLOOP_DEMO === 'on' || (parsed.FEEDLOOP_DEMO === 'auto' && !parsed.DATABASE_URL),
    maxBodyBytes: parsed.FEEDLOOP_MAX_BODY_BYTES,
    maxBatchEvents: parsed.FEEDLOOP_MAX_BATCH_EVENTS,
    eventMaxAgeMs: parsed.FEEDLOOP_EVENT_MAX_AGE_HOURS * 3_600_000,
    eventMaxFutureMs: parsed.FEEDLOOP_EVENT_MAX_FUTURE_HOURS * 3_600_000,
    trustProxy: parsed.FEEDLOOP_TRUST_PROXY,
    webhookAllowPrivate: parsed.FEEDLOOP_WEBHOOK_ALLOW_PRIVATE,
    flushMaxEvents: parsed.FEEDLOOP_FLUSH_MAX_EVENTS,
    flushIntervalMs: parsed.FEEDLOOP_FLUSH_INTERVAL_MS,
    flushConcurrency: parsed.FEEDLOOP_FLUSH_CONCURRENCY,
    aggregator: parsed.FEEDLOOP_AGGREGATOR,
    aggregateMaxRows: parsed.FEEDLOOP_AGGREGATE_MAX_ROWS,
    aggregateIdlePollMs: parsed.FEEDLOOP_AGGREGATE_IDLE_POLL_MS,
    aggregatePaceMs: parsed.FEEDLOOP_AGGREGATE_PACE_MS,
    aggregateWorkers: parsed.FEEDLOOP_AGGREGATE_WORKERS,
    bufferMaxEvents: parsed.FEEDLOOP_BUFFER_MAX_EVENTS,
    rateLimitPerMinute: parsed.FEEDLOOP_RATE_LIMIT_PER_MINUTE,
    retentionDays: parsed.FEEDLOOP_RETENTION_DAYS,
    auditRetentionDays: parsed.FEEDLOOP_AUDIT_RETENTION_DAYS,
    firstSightingRetentionDays: parsed.FEEDLOOP_FIRST_SIGHTING_RETENTION_DAYS ?? parsed.FEEDLOOP_RETENTION_DAYS,
    erasureReceiptDays: parsed.FEEDLOOP_ERASURE_RECEIPT_DAYS,
    webhookLogDays: parsed.FEEDLOOP_WEBHOOK_LOG_DAYS,
    logLevel: parsed.LOG_LEVEL,
    mail: mailConfig(parsed),
    mailCoalesceMs: parsed.FEEDLOOP_MAIL_COALESCE_SECONDS * 1000,
  };
}

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

function oidcConfig(parsed: Env): OidcConfig | undefined {
  const issuer = parsed.FEEDLOOP_OIDC_ISSUER;
  const clientId = parsed.FEEDLOOP_OIDC_CLIENT_ID;
  if (!issuer && !clientId) {
    if (!parsed.FEEDLOOP_PASSWORD_SIGN_IN) throw new ConfigError(['FEEDLOOP_PASSWORD_SIGN_IN=false needs single sign-on: set FEEDLOOP_OIDC_ISSUER and FEEDLOOP_OIDC_CLIENT_ID']);
    return undefined;
  }
  if (!issuer || !clientId) throw new ConfigError(['single sign-on needs both FEEDLOOP_OIDC_ISSUER and FEEDLOOP_OIDC_CLIENT_ID']);
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId,
    clientSecret: parsed.FEEDLOOP_OIDC_CLIENT_SECRET,
    name: parsed.FEEDLOOP_OIDC_NAME,
    jitDomains: list(parsed.FEEDLOOP_OIDC_JIT_DOMAINS).map((d) => d.toLowerCase()),
    jitRole: parsed.FEEDLOOP_OIDC_JIT_ROLE,
    jitProjects: list(parsed.FEEDLOOP_OIDC_JIT_PROJECTS),
  };
}

function mailConfig(parsed: Env): MailConfig | undefined {
  const url = parsed.FEEDLOOP_SMTP_URL;
  const from = parsed.FEEDLOOP_MAIL_FROM;
  if (url === undefined && from === undefined) return undefined;
  const problems: string[] = [];
  if (url === undefined) problems.push('FEEDLOOP_MAIL_FROM is set without FEEDLOOP_SMTP_URL: set both, or neither (mail off)');
  if (from === undefined) problems.push('FEEDLOOP_SMTP_URL is set without FEEDLOOP_MAIL_FROM: set both, or neither (mail off)');
  // The URL may hold a password: named, never shown.
  const smtp = url === undefined ? undefined : parseSmtpUrl(url);
  if (smtp && !smtp.ok) problems.push(`FEEDLOOP_SMTP_URL=(hidden): ${smtp.problem}`);
  const mailbox = from === undefined ? undefined : parseMailbox(from);
  if (from !== undefined && !mailbox) {
    problems.push(`FEEDLOOP_MAIL_FROM=${JSON.stringify(from)}: expected "Name <address@example.com>" or an address, without line breaks or control characters`);
  }
  if (url !== undefined && !parsed.FEEDLOOP_PUBLIC_URL) {
    problems.push('FEEDLOOP_SMTP_URL needs FEEDLOOP_PUBLIC_URL: the unsubscribe link in every mail points to this service');
  }
  if (problems.length > 0 || !smtp?.ok || !mailbox) throw new ConfigError(problems);
  return { smtp: smtp.options, from: mailbox, timeoutMs: Math.round(parsed.FEEDLOOP_SMTP_TIMEOUT_SECONDS * 1000) };
}

/** An empty variable (FOO=) means "not set", as most tools treat it. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Settings whose values are never printed, not even in an error. */
const SECRET_SETTINGS = new Set(['DATABASE_URL', 'FEEDLOOP_ADMIN_TOKEN', 'FEEDLOOP_OIDC_CLIENT_SECRET', 'FEEDLOOP_SMTP_URL']);

interface AjvError {
  instancePath: string;
  message?: string;
  params?: { allowedValues?: unknown[] };
}

/** One line per variable, naming the value given and what is expected. */
function describe(error: unknown, env: Record<string, string | undefined>): string[] {
  const errors = ((error as { errors?: AjvError[] }).errors ?? []).filter((e) => e.instancePath);
  if (errors.length === 0) return [error instanceof Error ? error.message : String(error)];
  const lines = new Map<string, string>();
  for (const e of errors) {
    const name = e.instancePath.replace(/^\//, '');
    if (lines.has(name)) continue;
    const allowed = e.params?.allowedValues ? ` (one of: ${e.params.allowedValues.join(', ')})` : '';
    const shown = SECRET_SETTINGS.has(name) ? '(hidden)' : JSON.stringify(env[name]);
    lines.set(name, `${name}=${shown}: ${e.message ?? 'is invalid'}${allowed}`);
  }
  return [...lines.values()];
}
