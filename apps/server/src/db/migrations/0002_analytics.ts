import { sql, type Kysely } from 'kysely';
import { ROLLUP_COLUMNS_0001 } from './0001_initial.js';

/**
 * Analytics (issue 5): per-variant rollups, first-seen user tables for distinct counts, releases,
 * and the feedback triage status. Every table is keyed by project first, like 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Daily (UTC) rollup per project × experiment × variant × feature: the same per-value histogram
  // columns as feature_daily, plus the users whose first feedback on the feature in the variant
  // fell on that day (so distinct feedback users per range are a sum of days).
  let variantFeature = db.schema
    .createTable('variant_feature_daily')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('experiment', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('comments', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('feedback_users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_at', 'timestamptz', (c) => c.notNull());
  for (const column of ROLLUP_COLUMNS_0001) {
    variantFeature = variantFeature.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await variantFeature
    .addPrimaryKeyConstraint('variant_feature_daily_pk', ['project_id', 'experiment', 'variant', 'feature', 'day'])
    .execute();

  // Daily exposures per variant, users first exposed that day, users whose first feedback (on any
  // feature) in the variant fell on that day.
  await db.schema
    .createTable('variant_daily')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('experiment', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('exposures', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('exposed_users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('feedback_users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('variant_daily_pk', ['project_id', 'experiment', 'variant', 'day'])
    .execute();

  // First-seen rows: one per user and variant, holding the earliest event time seen so far.
  // They feed the *_users counters above; queries never read them.
  await db.schema
    .createTable('exposed_users')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('experiment', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('first_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('exposed_users_pk', ['project_id', 'experiment', 'variant', 'anonymous_id'])
    .execute();
  // feature '*' (not a valid feature name) stands for "any feature".
  await db.schema
    .createTable('feedback_users')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('experiment', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('first_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_users_pk', ['project_id', 'experiment', 'variant', 'feature', 'anonymous_id'])
    .execute();

  await db.schema
    .createTable('releases')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz', (c) => c.notNull())
    .addColumn('features', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('releases_pk', ['project_id', 'id'])
    .addUniqueConstraint('releases_version_unique', ['project_id', 'version'])
    .execute();

  // Triage status (a later issue manages it); every existing row starts as 'new'.
  await db.schema
    .alterTable('feedback')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .execute();
  // The feedback list pages newest first by (occurred_at, id); the latest comments of a feature
  // come from a partial index, so they never walk rating-only rows.
  await db.schema.createIndex('feedback_time_id').on('feedback').columns(['project_id', 'occurred_at', 'id']).execute();
  await db.schema
    .createIndex('feedback_feature_comments')
    .on('feedback')
    .columns(['project_id', 'feature', 'occurred_at'])
    .where(sql.ref('comment'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('feedback_feature_comments').execute();
  await db.schema.dropIndex('feedback_time_id').execute();
  await db.schema.alterTable('feedback').dropColumn('status').execute();
  for (const table of ['releases', 'feedback_users', 'exposed_users', 'variant_daily', 'variant_feature_daily']) {
    await db.schema.dropTable(table).execute();
  }
}
