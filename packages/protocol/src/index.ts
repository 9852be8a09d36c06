/**
 * @feedloop/protocol: the v1 wire contract in one place. The server validates with these
 * schemas, the SDK takes its types from them, the OpenAPI document is generated from them.
 *
 * Two kinds of file:
 * - One per resource, with its typebox schemas and the types derived from them: events (and
 *   the ingest batch), features, experiments, feedback, triage, webhooks, mail, updates, report,
 *   releases, projects, privacy, privacy settings, prompts, errors; statistics (estimates and comparisons that several of them
 *   embed) and primitives (ids, times, nullable: internal building blocks).
 * - Plain values, free of typebox, so browser code (the widget's byte budget, the dashboard
 *   bundle) can import them without the schema library, each through its own subpath:
 *     `@feedloop/protocol/limits`      sizes, counts and the name pattern;
 *     `@feedloop/protocol/vocabulary`  closed word lists (event types, rating scales, categories,
 *                                      statuses and their labels, webhook and stream event names,
 *                                      error codes, metrics, verdicts);
 *     `@feedloop/protocol/http`        the path version, header and query parameter names.
 *     `@feedloop/protocol/prompt-rules` what server and widget must decide alike about a prompt
 *                                      (the sampling hash, route patterns, locales, rules).
 *   event-rules holds the checks JSON Schema cannot state, typebox-free too.
 * This root exports everything; browser code imports the subpaths (and types from anywhere).
 */
export * from './limits.js';
export * from './vocabulary.js';
export * from './http.js';
export * from './event-rules.js';
export * from './errors.js';
export * from './events.js';
export * from './features.js';
export * from './experiments.js';
export * from './feedback.js';
export * from './triage.js';
export * from './webhooks.js';
export * from './mail.js';
export * from './updates.js';
export * from './report.js';
export * from './releases.js';
export * from './projects.js';
export * from './privacy-settings.js';
export * from './statistics.js';
export * from './accounts.js';
export * from './audit.js';
export * from './freshness.js';
export * from './privacy.js';
export * from './prompt-rules.js';
export * from './prompts.js';
export * from './alerts.js';
