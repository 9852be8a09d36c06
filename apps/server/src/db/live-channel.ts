/**
 * Live notifications travel through PostgreSQL NOTIFY on one channel per schema (services sharing
 * a server in different schemas never mix): `feedloop_live_<schema>`. Both the write path's SQL
 * and services/live use these.
 */
export const LIVE_CHANNEL_PREFIX = 'feedloop_live_';

/** Ids per notification: 100 × 39 bytes stays well below NOTIFY's 8,000-byte payload limit. */
export const LIVE_IDS_PER_NOTICE = 100;
