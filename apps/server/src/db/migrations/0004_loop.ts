import { sql, type Kysely } from 'kysely';

/**
 * Closing the loop (issue 6): triage fields and their audit trail, webhooks with an outbox of
 * deliveries, and what the submitter has (not yet) been shown. Keyed by project first, like 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Nullable columns and a constant default: a metadata-only change, no table rewrite.
  await db.schema
    .alterTable('feedback')
    .addColumn('public_reply', 'text')
    .addColumn('issue_url', 'text')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('triaged_at', 'timestamptz')
    .addColumn('status_changed_at', 'timestamptz')
    // The submitter-visible state (status, public reply) changed at notice_at; their widget showed it at notice_seen_at.
    .addColumn('notice_at', 'timestamptz')
    .addColumn('notice_seen_at', 'timestamptz')
    .execute();
  // Partial indexes: ingest inserts rows with notice_at / status_changed_at null, which they skip.
  await db.schema
    .createIndex('feedback_notice_anonymous')
    .on('feedback')
    .columns(['project_id', 'anonymous_id'])
    .where(sql.ref('notice_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('feedback_notice_user')
    .on('feedback')
    .columns(['project_id', 'user_id'])
    .where(sql<boolean>`notice_at is not null and user_id is not null`)
    .execute();
  await db.schema
    .createIndex('feedback_status_changed')
    .on('feedback')
    .columns(['project_id', 'status_changed_at'])
    .where(sql.ref('status_changed_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('feedback_audit')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('feedback_id', 'uuid', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text')
    .addColumn('key_id', 'uuid')
    .addColumn('key_hint', 'text')
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_audit_pk', ['project_id', 'id'])
    .execute();
  await db.schema.createIndex('feedback_audit_item').on('feedback_audit').columns(['project_id', 'feedback_id', 'at']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', sql`text[]`, (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('json', 'slack')`))
    // Kept in clear: signing needs it (like any HMAC webhook secret).
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('webhooks_pk', ['project_id', 'id'])
    .execute();

  // The outbox: written in the transaction of the change, sent by the dispatcher afterwards.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('webhook_id', 'uuid', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['project_id', 'id'])
    .addForeignKeyConstraint('webhook_deliveries_webhook_fk', ['project_id', 'webhook_id'], 'webhooks', ['project_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  // What the dispatcher polls: only pending rows are in it.
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_log')
    .on('webhook_deliveries')
    .columns(['project_id', 'webhook_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('delivery_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['project_id', 'delivery_id', 'id'])
    .addForeignKeyConstraint('webhook_attempts_delivery_fk', ['project_id', 'delivery_id'], 'webhook_deliveries', ['project_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhooks', 'feedback_audit']) {
    await db.schema.dropTable(table).execute();
  }
  for (const index of ['feedback_status_changed', 'feedback_notice_user', 'feedback_notice_anonymous']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema
    .alterTable('feedback')
    .dropColumn('public_reply')
    .dropColumn('issue_url')
    .dropColumn('tags')
    .dropColumn('triaged_at')
    .dropColumn('status_changed_at')
    .dropColumn('notice_at')
    .dropColumn('notice_seen_at')
    .execute();
}
