import { sql, type Kysely, type Transaction } from 'kysely';
import type { AlertPreviewResponse } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { addDays, utcDayOf } from '../rollups/days.js';
import { findings } from './conditions.js';
import { fireAlert, type FireContext } from './fire.js';
import { keywordMatcher } from './keywords.js';
import { storedRule, type StoredRule } from './rules.js';

/**
 * The rules other than keywords, judged on today: a subject whose condition holds and has no
 * open episode fires (and opens one); an open episode whose condition no longer holds closes,
 * so the next time it holds is a new episode. Each rule in a savepoint: one failing rule does
 * not hold back the others. Resolves with the number of alerts fired.
 */
export async function metricPass(trx: Transaction<Database>, ctx: FireContext, onError?: (error: unknown, rule: StoredRule) => void): Promise<number> {
  const rules = (await trx.selectFrom('alert_rules').selectAll().where('kind', '<>', 'keyword').where('paused', '=', false).orderBy('created_at').execute()).map(storedRule);
  const day = utcDayOf(ctx.now);
  let fired = 0;
  for (const rule of rules) {
    await sql`savepoint feedloop_alert_rule`.execute(trx);
    try {
      const found = await findings(trx, rule, day);
      const open = new Set((await trx.selectFrom('alert_episodes').select('subject').where('project_id', '=', rule.projectId).where('rule_id', '=', rule.id).execute()).map((e) => e.subject));
      const holding = new Set(found.map((f) => f.subject));
      for (const f of found) {
        if (open.has(f.subject)) continue;
        const event = await fireAlert(trx, rule, f, ctx);
        await trx
          .insertInto('alert_episodes')
          .values({ project_id: rule.projectId, rule_id: rule.id, subject: f.subject, started_at: ctx.now, event_id: event.id })
          .execute();
        fired += 1;
      }
      const cleared = [...open].filter((s) => !holding.has(s));
      if (cleared.length > 0) {
        await trx.deleteFrom('alert_episodes').where('project_id', '=', rule.projectId).where('rule_id', '=', rule.id).where('subject', 'in', cleared).execute();
      }
      await sql`release savepoint feedloop_alert_rule`.execute(trx);
    } catch (error) {
      await sql`rollback to savepoint feedloop_alert_rule`.execute(trx);
      onError?.(error, rule);
    }
  }
  return fired;
}

export const PREVIEW_DAYS = 30;
const MAX_PREVIEW_ALERTS = 200;

/**
 * What a rule would have done over the last 30 days (today included, as far as it has come):
 * judged day by day with the same episodes (fires when its condition starts to hold for a
 * subject, not again until it has cleared). Keyword rules: the items of those days that match.
 */
export async function previewRule(db: Kysely<Database>, rule: StoredRule, now: Date): Promise<AlertPreviewResponse> {
  const today = utcDayOf(now);
  const from = addDays(today, -(PREVIEW_DAYS - 1));
  const to = addDays(today, 1);
  const alerts: AlertPreviewResponse['alerts'] = [];
  if (rule.kind === 'keyword') {
    const match = keywordMatcher(rule.params.keywords);
    const rows = await db
      .selectFrom('feedback')
      .select(['id', 'feature', 'comment', 'occurred_at'])
      .where('project_id', '=', rule.projectId)
      .where('occurred_at', '>=', new Date(`${from}T00:00:00Z`))
      .where('occurred_at', '<', new Date(`${to}T00:00:00Z`))
      .where('comment', 'is not', null)
      .orderBy('occurred_at')
      .execute();
    for (const r of rows) {
      const matched = match(r.comment!);
      if (matched.length === 0) continue;
      const at = new Date(r.occurred_at).toISOString();
      alerts.push({
        day: at.slice(0, 10),
        subject: r.id,
        evidence: { summary: `Feedback on ${r.feature} mentions ${matched.map((k) => `"${k}"`).join(', ')}.`, from: at, to: at, pValue: null, numbers: { keywords: matched.length }, keywords: matched, feedbackId: r.id },
      });
    }
  } else {
    let open = new Set<string>();
    for (let day = from; day < to; day = addDays(day, 1)) {
      const found = await findings(db, rule, day);
      for (const f of found) if (!open.has(f.subject)) alerts.push({ day, subject: f.subject, evidence: f.evidence });
      open = new Set(found.map((f) => f.subject));
    }
  }
  return { from, to, days: [...new Set(alerts.map((a) => a.day))], alerts: alerts.slice(0, MAX_PREVIEW_ALERTS) };
}
