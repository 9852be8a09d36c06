import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { purgeLinks } from '../accounts/links.js';
import { purgeSessions, type SessionLifetime } from '../accounts/sessions.js';
import { purgeFailures } from '../accounts/throttle.js';

const DAY = 86_400_000;

export interface AccountPurgeResult {
  /** Sessions past their idle or absolute end. */
  sessions: number;
  /** One-time links used or expired. */
  links: number;
  /** Sign-in failure counters that no longer count or block. */
  failures: number;
  /** Single sign-on attempts that were never finished. */
  ssoLogins: number;
  /** Audit trail entries older than the audit retention. */
  audit: number;
}

/**
 * What accounts leave behind and nobody needs any more, deleted: ended sessions, spent links,
 * stale throttle counters, abandoned single sign-on attempts, and audit entries past
 * `auditRetentionDays` (0: the trail is kept). Independent of the raw events' retention.
 * Each delete is idempotent: replicas running it at once do no harm.
 */
export async function purgeAccountRecords(
  db: Kysely<Database>,
  options: { lifetime: SessionLifetime; auditRetentionDays: number },
): Promise<AccountPurgeResult> {
  return {
    sessions: await purgeSessions(db, options.lifetime),
    links: await purgeLinks(db),
    failures: await purgeFailures(db),
    ssoLogins: await purgeSsoLogins(db),
    audit: options.auditRetentionDays > 0 ? await purgeAuditLog(db, new Date(Date.now() - options.auditRetentionDays * DAY)) : 0,
  };
}

/** Single sign-on attempts past their end (the browser never came back from the provider). */
export async function purgeSsoLogins(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom('sso_logins').where('expires_at', '<=', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Audit entries (the instance's and every project's) recorded before the cutoff, in batches: short transactions. */
export async function purgeAuditLog(db: Kysely<Database>, cutoff: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await sql`
      delete from audit_log where id in (
        select id from audit_log where at < ${cutoff} limit ${batchSize})`.execute(db);
    const n = Number(deleted.numAffectedRows ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
