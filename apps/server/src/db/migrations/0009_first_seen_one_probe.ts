import type { Kysely } from 'kysely';

/**
 * Replaced `feedloop_ingest`'s first-sighting step with one index probe per event and experiment;
 * the function now lives in db/functions/ingest.ts. Kept, empty, because databases have it
 * recorded as applied.
 */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
