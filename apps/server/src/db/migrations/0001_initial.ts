import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { ROLLUP_COLUMNS } from '../../services/aggregates/columns.js';

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
  for (const column of ROLLUP_COLUMNS) {
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
