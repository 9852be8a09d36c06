import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import aggregatorPlugin from './plugins/app/aggregator.js';
import auditPlugin from './plugins/app/audit.js';
import authPlugin from './plugins/app/auth.js';
import configPlugin from './plugins/app/config.js';
import databasePlugin from './plugins/app/database.js';
import errorsPlugin from './plugins/app/errors.js';
import eventWriterPlugin from './plugins/app/event-writer.js';
import metricsPlugin from './plugins/app/metrics.js';
import requestLogPlugin from './plugins/app/request-log.js';
import retentionPlugin from './plugins/app/retention.js';
import livePlugin from './plugins/app/live.js';
import webhookDispatcherPlugin from './plugins/app/webhook-dispatcher.js';
import mailWorkerPlugin from './plugins/app/mail-worker.js';
import alertsPlugin from './plugins/app/alerts.js';
import cookiePlugin from './plugins/external/cookie.js';
import corsPlugin from './plugins/external/cors.js';
import helmetPlugin from './plugins/external/helmet.js';
import mailTransportPlugin from './plugins/external/mail.js';
import rateLimitPlugin from './plugins/external/rate-limit.js';
import swaggerPlugin, { docsUi } from './plugins/external/swagger.js';
import healthRoutes from './routes/health.js';
import dashboardRoutes from './routes/static/dashboard.js';
import demoRoutes from './routes/static/demo.js';
import promptPreviewRoutes from './routes/static/prompt-preview.js';
import widgetRoutes from './routes/static/widget.js';
import eventsRoutes from './routes/v1/events/index.js';
import experimentsRoutes from './routes/v1/experiments/index.js';
import feedbackRoutes from './routes/v1/feedback/index.js';
import featureDetailRoutes from './routes/v1/features/detail.js';
import featuresRoutes from './routes/v1/features/index.js';
import projectsRoutes from './routes/v1/projects/index.js';
import releasesRoutes from './routes/v1/releases/index.js';
import triageRoutes from './routes/v1/triage/index.js';
import webhooksRoutes from './routes/v1/webhooks/index.js';
import mailRoutes from './routes/v1/mail/index.js';
import alertsRoutes from './routes/v1/alerts/index.js';
import unsubscribeRoutes from './routes/v1/mail/unsubscribe.js';
import updatesRoutes from './routes/v1/updates/index.js';
import liveRoutes from './routes/v1/live/index.js';
import reportRoutes from './routes/v1/report/index.js';
import sessionRoutes from './routes/v1/session/index.js';
import ssoRoutes from './routes/v1/sso/index.js';
import meRoutes from './routes/v1/me/index.js';
import usersRoutes from './routes/v1/users/index.js';
import linksRoutes from './routes/v1/links/index.js';
import membersRoutes from './routes/v1/members/index.js';
import tokensRoutes from './routes/v1/tokens/index.js';
import auditRoutes from './routes/v1/audit/index.js';
import privacyRoutes from './routes/v1/privacy/index.js';
import promptsRoutes from './routes/v1/prompts/index.js';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Close the database when the app closes (the app owns it). */
  ownsDatabase?: boolean;
  /** The demo project's public key, when the demo page is served. */
  demoPublicKey?: string | undefined;
  /** Pino logger options; false silences logs (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Where the default logger writes (stdout when absent): tests read what it logs. */
  logStream?: { write(line: string): void };
}

/** Builds the service: plugins per concern, routes grouped by resource. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Keys travel in ?key= for beacons: keep them out of the logs.
      serializers: { req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactKey(req.url), id: req.id }) },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // plugins/app/request-log.ts logs each request once, by outcome (Fastify's own two lines off).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Infrastructure: one plugin per concern, each decorating the app.
  await app.register(configPlugin, { config });
  await app.register(requestLogPlugin);
  await app.register(swaggerPlugin);
  await app.register(databasePlugin, { handle: options.database, closeOnShutdown: options.ownsDatabase ?? true, schema: config.dbSchema });
  await app.register(errorsPlugin);
  await app.register(cookiePlugin);
  await app.register(authPlugin);
  await app.register(auditPlugin);
  await app.register(corsPlugin);
  await app.register(metricsPlugin);
  await app.register(rateLimitPlugin);
  await app.register(aggregatorPlugin);
  await app.register(eventWriterPlugin);
  await app.register(retentionPlugin);
  await app.register(livePlugin);
  await app.register(webhookDispatcherPlugin);
  await app.register(mailTransportPlugin);
  await app.register(mailWorkerPlugin);
  await app.register(alertsPlugin);

  // The JSON API, by resource.
  await app.register(healthRoutes);
  await app.register(eventsRoutes);
  await app.register(featuresRoutes);
  await app.register(featureDetailRoutes);
  await app.register(experimentsRoutes);
  await app.register(feedbackRoutes);
  await app.register(triageRoutes);
  await app.register(releasesRoutes);
  await app.register(reportRoutes);
  await app.register(liveRoutes);
  await app.register(updatesRoutes);
  await app.register(webhooksRoutes);
  await app.register(mailRoutes);
  await app.register(promptsRoutes);
  await app.register(alertsRoutes);
  await app.register(projectsRoutes);
  await app.register(sessionRoutes);
  await app.register(ssoRoutes);
  await app.register(meRoutes);
  await app.register(usersRoutes);
  await app.register(linksRoutes);
  await app.register(membersRoutes);
  await app.register(tokensRoutes);
  await app.register(auditRoutes);
  await app.register(privacyRoutes);

  // What browsers render or load: pages and files, with security headers (the API's hot path
  // does without them).
  await app.register(async (web) => {
    await web.register(helmetPlugin);
    await web.register(docsUi);
    await web.register(widgetRoutes);
    await web.register(dashboardRoutes);
    await web.register(promptPreviewRoutes);
    // A page a person opens from a mail: with the security headers of the pages.
    await web.register(unsubscribeRoutes);
    if (options.demoPublicKey) await web.register(demoRoutes, { publicKey: options.demoPublicKey });
  });

  return app;
}

function redactKey(url: string): string {
  return url.replace(/([?&]key=)[^&]*/g, '$1***');
}
