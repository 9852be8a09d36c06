import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { aggregate } from './aggregate.js';
import { ingest } from './ingest.js';

/**
 * The database's routines, each defined in one file of this folder: repeatable, like Flyway's
 * repeatable migrations. After the migrations, a routine whose text changed (or that is missing)
 * is created again; its digest is kept as its comment. Migrations never define routines, so
 * reading today's write path means opening one file. A change of a routine's arguments or result
 * type needs a migration that drops the old one first (CREATE OR REPLACE cannot change them); a
 * routine removed from here needs a migration that drops it.
 */
export const ROUTINES: readonly { name: string; definition: string }[] = [
  { name: 'feedloop_ingest', definition: ingest },
  { name: 'feedloop_aggregate', definition: aggregate },
];

const tagOf = (definition: string) => `feedloop:${createHash('sha256').update(definition).digest('hex')}`;

/** Creates every routine whose text differs from the database's; returns the names it created. */
export async function applyRoutines(db: Kysely<any>): Promise<string[]> {
  const applied: string[] = [];
  // One transaction, serialised across replicas starting together: concurrent CREATE OR
  // REPLACE of one routine fails with "tuple concurrently updated".
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('feedloop_routines'))`.execute(trx);
    for (const { name, definition } of ROUTINES) {
      const tag = tagOf(definition);
      const found = async () =>
        (
          await sql<{ signature: string; tag: string | null }>`
            select p.oid::regprocedure::text as signature, obj_description(p.oid, 'pg_proc') as tag
            from pg_proc p where p.proname = ${name} and p.pronamespace = current_schema()::regnamespace`.execute(trx)
        ).rows[0];
      if ((await found())?.tag === tag) continue;
      await sql.raw(definition).execute(trx);
      await sql.raw(`comment on routine ${(await found())!.signature} is '${tag}'`).execute(trx);
      applied.push(name);
    }
  });
  return applied;
}
