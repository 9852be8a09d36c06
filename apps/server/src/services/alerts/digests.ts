import { sql, type Kysely, type Transaction } from 'kysely';
import type { DigestSettings, MailLocale, UpdateDigestSettingsRequest } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { enqueueMail } from '../mail/outbox.js';
import { mailLocale } from '../mail/strings.js';
import { addDays, utcDayOf } from '../rollups/days.js';

/** An IANA time zone name that this runtime knows (Intl), e.g. Europe/Berlin, or UTC. */
export function isTimeZone(tz: string): boolean {
  if (tz !== 'UTC' && !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/u.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local calendar date, hour (0–23) and ISO weekday of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { date: string; hour: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24, weekday: WEEKDAYS[parts.weekday!] ?? 1 };
}

export interface Schedule {
  frequency: 'daily' | 'weekly';
  hour: number;
  weekday: number;
  timeZone: string;
}

/**
 * The period of the latest digest due at `now`: the local date on which its hour (and, weekly,
 * its weekday) last came. A digest is due when this is later than the last period sent; after
 * downtime only the latest period is due, so a missed digest goes once, late.
 */
export function duePeriod(now: Date, s: Schedule): string {
  const local = localTime(now, s.timeZone);
  if (s.frequency === 'daily') return local.hour >= s.hour ? local.date : addDays(local.date, -1);
  const back = (local.weekday - s.weekday + 7) % 7;
  const candidate = addDays(local.date, -back);
  return back === 0 && local.hour < s.hour ? addDays(candidate, -7) : candidate;
}

const DEFAULTS = { frequency: 'off' as const, hour: 9, weekday: 1, timeZone: 'UTC', locale: 'en' as MailLocale, lastPeriod: null };

export async function digestSettings(db: Kysely<Database>, projectId: string, userId: string, mailEnabled: boolean): Promise<DigestSettings> {
  const row = await db.selectFrom('member_mail_settings').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  if (!row) return { ...DEFAULTS, mailEnabled };
  return {
    frequency: row.digest,
    hour: row.digest_hour,
    weekday: row.digest_weekday,
    timeZone: row.time_zone,
    locale: mailLocale(row.locale),
    lastPeriod: row.last_digest_period,
    mailEnabled,
  };
}

/**
 * A member's digest schedule and mail locale. A new or changed schedule counts the period due
 * now as sent: the first digest goes at the next chosen hour, not at once.
 */
export async function updateDigestSettings(
  db: Kysely<Database>,
  projectId: string,
  userId: string,
  input: UpdateDigestSettingsRequest,
  now: Date,
  mailEnabled: boolean,
): Promise<DigestSettings> {
  if (input.hour !== undefined && !(Number.isInteger(input.hour) && input.hour >= 0 && input.hour <= 23)) {
    throw new HttpError(400, 'threshold_out_of_range', `hour must be an integer from 0 to 23 (got ${input.hour})`);
  }
  if (input.weekday !== undefined && !(Number.isInteger(input.weekday) && input.weekday >= 1 && input.weekday <= 7)) {
    throw new HttpError(400, 'threshold_out_of_range', `weekday must be an integer from 1 (Monday) to 7 (Sunday) (got ${input.weekday})`);
  }
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw new HttpError(400, 'invalid_time_zone', `timeZone: "${input.timeZone.slice(0, 64)}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const current = await digestSettings(db, projectId, userId, mailEnabled);
  const next = {
    frequency: input.frequency ?? current.frequency,
    hour: input.hour ?? current.hour,
    weekday: input.weekday ?? current.weekday,
    timeZone: input.timeZone ?? current.timeZone,
    locale: input.locale ?? current.locale,
  };
  const scheduleChanged = next.frequency !== current.frequency || next.hour !== current.hour || next.weekday !== current.weekday || next.timeZone !== current.timeZone;
  const lastPeriod = next.frequency === 'off' ? null : scheduleChanged ? duePeriod(now, { ...next, frequency: next.frequency }) : current.lastPeriod;
  const values = {
    locale: next.locale,
    time_zone: next.timeZone,
    digest: next.frequency,
    digest_hour: next.hour,
    digest_weekday: next.weekday,
    last_digest_period: lastPeriod,
    updated_at: sql<Date>`now()`,
  };
  await db
    .insertInto('member_mail_settings')
    .values({ project_id: projectId, user_id: userId, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet(values))
    .execute();
  return digestSettings(db, projectId, userId, mailEnabled);
}

/**
 * Queues the digests due at `now` (inside the scheduler's transaction): for each member whose
 * latest due period is later than the last one sent, the last period is moved to it and the mail
 * queued in the same statement's transaction, guarded so that it moves only forward. So two
 * replicas, or a tick repeated, never queue one period twice (the dedupe key says the same).
 * The report covers whole UTC days before the moment it is due: one (daily) or seven (weekly).
 */
export async function digestPass(trx: Transaction<Database>, now: Date): Promise<number> {
  const { rows } = await sql<{
    project_id: string;
    user_id: string;
    email: string;
    locale: string;
    time_zone: string;
    digest: 'daily' | 'weekly';
    digest_hour: number;
    digest_weekday: number;
    last_digest_period: string | null;
  }>`
    select s.project_id, s.user_id, u.email, s.locale, s.time_zone, s.digest, s.digest_hour, s.digest_weekday, s.last_digest_period
    from member_mail_settings s
      join users u on u.id = s.user_id and not u.disabled
    where s.digest <> 'off'
      and (u.instance_admin or exists (select 1 from memberships m where m.project_id = s.project_id and m.user_id = s.user_id))`.execute(trx);
  let queued = 0;
  for (const r of rows) {
    if (!isTimeZone(r.time_zone)) continue;
    const period = duePeriod(now, { frequency: r.digest, hour: r.digest_hour, weekday: r.digest_weekday, timeZone: r.time_zone });
    if (r.last_digest_period !== null && r.last_digest_period >= period) continue;
    const moved = await sql`
      update member_mail_settings set last_digest_period = ${period}
      where project_id = ${r.project_id} and user_id = ${r.user_id}
        and (last_digest_period is null or last_digest_period < ${period})`.execute(trx);
    if (Number(moved.numAffectedRows ?? 0) !== 1) continue;
    const to = utcDayOf(now);
    const from = addDays(to, r.digest === 'daily' ? -1 : -7);
    await enqueueMail(trx, r.project_id, {
      kind: 'digest',
      recipient: r.email,
      locale: r.locale,
      dedupeKey: `digest:${r.user_id}:${r.digest}:${period}`,
      payload: { userId: r.user_id, period, frequency: r.digest, from, to },
    });
    queued += 1;
  }
  return queued;
}
