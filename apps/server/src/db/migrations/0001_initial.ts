import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * The rollups' counter columns as of this migration: one per rating value of each scale and one
 * per category. Frozen here (0002 reuses it): a later change of the vocabulary is a new migration.
 */
export const ROLLUP_COLUMNS_0001 = [
  'thumbs_0', 'thumbs_1', 'stars_1', 'stars_2', 'stars_3', 'stars_4', 'stars_5',
  'emoji_1', 'emoji_2', 'emoji_3', 'emoji_4', 'emoji_5',
  'nps_0', 'nps_1', 'nps_2', 'nps_3', 'nps_4', 'nps_5', 'nps_6', 'nps_7', 'nps_8', 'nps_9', 'nps_10',
  'category_bug', 'category_idea', 'category_praise', 'category_question', 'category_other',
] as const;

/** Projects, their keys, raw events, and the daily per-feature rollup. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('allowed_origins', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('public', 'secret')`))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text')
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addPrimaryKeyConstraint('api_keys_pk', ['project_id', 'id'])
    .execute();

  // Raw events. The primary key (project, client-made id) is what makes ingest idempotent.
  await db.schema
    .createTable('feedback')
    .$call(eventColumns)
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('rating_scale', 'text')
    .addColumn('rating_value', 'smallint')
    .addColumn('comment', 'text')
    .addColumn('category', 'text')
    .addColumn('email', 'text')
    .addColumn('metadata', 'jsonb')
    .addPrimaryKeyConstraint('feedback_pk', ['project_id', 'id'])
    .execute();
  await db.schema
    .createIndex('feedback_feature_time')
    .on('feedback')
    .columns(['project_id', 'feature', 'occurred_at'])
    .execute();
  await db.schema.createIndex('feedback_time').on('feedback').columns(['project_id', 'occurred_at']).execute();

  await db.schema
    .createTable('exposures')
    .$call(eventColumns)
    .addColumn('experiment', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exposures_pk', ['project_id', 'id'])
    .execute();
  await db.schema
    .createIndex('exposures_experiment_time')
    .on('exposures')
    .columns(['project_id', 'experiment', 'occurred_at'])
    .execute();

  let rollup = db.schema
    .createTable('feature_daily')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('comments', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_at', 'timestamptz', (c) => c.notNull());
  for (const column of ROLLUP_COLUMNS_0001) {
    rollup = rollup.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await rollup.addPrimaryKeyConstraint('feature_daily_pk', ['project_id', 'feature', 'day']).execute();
}

/** Columns every raw event table shares (the contract's common event fields). */
function eventColumns<T extends string>(table: CreateTableBuilder<T, never>) {
  return table
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('url', 'text')
    .addColumn('experiments', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('app_version', 'text')
    .addColumn('locale', 'text');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['feature_daily', 'exposures', 'feedback', 'api_keys', 'projects']) {
    await db.schema.dropTable(table).execute();
  }
}
