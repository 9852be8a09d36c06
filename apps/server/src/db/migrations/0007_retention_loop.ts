import { sql, type Kysely } from 'kysely';

/**
 * Retention takes a feedback item whole (issue: retention and the audit trail): with the raw row
 * go its audit trail and the webhook deliveries that carry its content. Audit rows are found by
 * feedback_audit_item (0004); deliveries have no feedback column (the outbox is filled by ingest
 * and triage from the event payload), so this expression index finds them by the item id inside
 * the payload, project first like every key.
 *
 * Rows that earlier versions' retention left behind (audit trails and deliveries of items already
 * purged) are removed once here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index webhook_deliveries_feedback
    on webhook_deliveries (project_id, (payload #>> '{data,feedback,id}'))`.execute(db);
  await sql`
    delete from feedback_audit a
    where not exists (select 1 from feedback f where f.project_id = a.project_id and f.id = a.feedback_id)`.execute(db);
  await sql`
    delete from webhook_deliveries d
    where d.payload #>> '{data,feedback,id}' is not null
      and not exists (
        select 1 from feedback f where f.project_id = d.project_id and f.id::text = d.payload #>> '{data,feedback,id}')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index webhook_deliveries_feedback`.execute(db);
}
