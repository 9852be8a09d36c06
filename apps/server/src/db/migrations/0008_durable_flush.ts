import type { Kysely } from 'kysely';

/**
 * Created the procedure `feedloop_ingest_durable` (a flush in one round trip), which now lives in
 * db/functions/ingest-durable.ts. Kept, empty, because databases have it recorded as applied.
 */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
