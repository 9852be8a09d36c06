import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_analytics.js';
import * as m0003 from './0003_retention.js';
import * as m0004 from './0004_loop.js';
import * as m0005 from './0005_ingest_function.js';
import * as m0007 from './0007_retention_loop.js';
import * as m0008 from './0008_durable_flush.js';
import * as m0009 from './0009_first_seen_one_probe.js';
import * as m0010 from './0010_teams.js';
import * as m0011 from './0011_incremental_aggregates.js';
import * as m0012 from './0012_cheaper_aggregation.js';
import * as m0013 from './0013_privacy_requests.js';
import * as m0014 from './0014_privacy_settings.js';
import * as m0015 from './0015_mail.js';
import * as m0016 from './0016_prompts.js';
import * as m0017 from './0017_alerts.js';

/** Every migration, in order. Names sort in the order they must run; never rename or edit one. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_analytics': m0002,
  '0003_retention': m0003,
  '0004_loop': m0004,
  '0005_ingest_function': m0005,
  '0007_retention_loop': m0007,
  '0008_durable_flush': m0008,
  '0009_first_seen_one_probe': m0009,
  '0010_teams': m0010,
  '0011_incremental_aggregates': m0011,
  '0012_cheaper_aggregation': m0012,
  '0013_privacy_requests': m0013,
  '0014_privacy_settings': m0014,
  '0015_mail': m0015,
  '0016_prompts': m0016,
  '0017_alerts': m0017,
};
