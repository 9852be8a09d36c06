/**
 * @feedloop/protocol: the v1 wire contract in one place. The server validates with these
 * schemas, the SDK takes its types from them, the OpenAPI document is generated from them.
 */
export * from './limits.js';
export * from './errors.js';
export * from './events.js';
export * from './ingest.js';
export * from './features.js';
export * from './projects.js';
export * from './statistics.js';
export * from './analytics.js';
export * from './feedback-list.js';
export * from './releases.js';
export * from './semantics.js';
export * from './loop.js';
