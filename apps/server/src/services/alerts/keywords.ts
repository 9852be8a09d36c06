import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { fireAlert, type FireContext } from './fire.js';
import { storedRule, type StoredRule } from './rules.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * Case-insensitive whole-word matching: a keyword matches where no letter, digit or underscore
 * touches it on either side ("crash" matches "Crash!" and "app crash", not "crashed").
 */
export function keywordMatcher(keywords: readonly string[]): (text: string) => string[] {
  const patterns = keywords.map((k) => ({ k, re: new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(k)}(?![\\p{L}\\p{N}_])`, 'iu') }));
  return (text) => patterns.filter((p) => p.re.test(text)).map((p) => p.k);
}

/** Longest quote an alert keeps of a comment. */
export const MAX_QUOTE = 1000;

/**
 * New feedback against the keyword rules, by ingest sequence with a watermark of its own
 * (alert_keyword_watermark): every row numbered up to the aggregator's watermark is committed
 * and no row at or below it can still appear (see aggregate.ts), so reading (mine, theirs] and
 * moving mine to its end in one transaction matches each row exactly once. One alert per
 * matching item. Resolves with the number of alerts fired.
 */
export async function keywordPass(trx: Transaction<Database>, ctx: FireContext, limit = 5000): Promise<number> {
  const mine = Number((await sql<{ last_seq: string }>`select last_seq from alert_keyword_watermark where id = 1 for update`.execute(trx)).rows[0]?.last_seq ?? 0);
  const theirs = Number((await sql<{ last_seq: string }>`select last_seq from feedloop_aggregator where id = 1`.execute(trx)).rows[0]?.last_seq ?? 0);
  if (theirs <= mine) return 0;
  const rules = (await trx.selectFrom('alert_rules').selectAll().where('kind', '=', 'keyword').where('paused', '=', false).execute()).map(storedRule);
  let upTo = theirs;
  let fired = 0;
  if (rules.length > 0) {
    const byProject = new Map<string, { rule: StoredRule; match: (text: string) => string[] }[]>();
    for (const rule of rules) {
      const list = byProject.get(rule.projectId) ?? [];
      if (list.length === 0) byProject.set(rule.projectId, list);
      list.push({ rule, match: keywordMatcher(rule.params.keywords) });
    }
    const rows = await trx
      .selectFrom('feedback')
      .select(['project_id', 'id', 'seq', 'feature', 'comment', 'occurred_at'])
      .where('seq', '>', mine)
      .where('seq', '<=', theirs)
      .where('comment', 'is not', null)
      .where('project_id', 'in', [...byProject.keys()])
      .orderBy('seq')
      .limit(limit)
      .execute();
    if (rows.length === limit) upTo = Number(rows[rows.length - 1]!.seq);
    for (const row of rows) {
      for (const { rule, match } of byProject.get(row.project_id) ?? []) {
        const matched = match(row.comment!);
        if (matched.length === 0) continue;
        const at = new Date(row.occurred_at).toISOString();
        const quote = row.comment!.length > MAX_QUOTE ? `${row.comment!.slice(0, MAX_QUOTE)}…` : row.comment!;
        await fireAlert(
          trx,
          rule,
          {
            subject: row.id,
            feedbackId: row.id,
            route: '#/feedback',
            evidence: {
              summary: `New feedback on ${row.feature} mentions ${matched.map((k) => `"${k}"`).join(', ')}.`,
              from: at,
              to: at,
              pValue: null,
              numbers: { keywords: matched.length },
              keywords: matched,
              quote,
              feedbackId: row.id,
            },
          },
          ctx,
        );
        fired += 1;
      }
    }
  }
  await sql`update alert_keyword_watermark set last_seq = ${upTo} where id = 1`.execute(trx);
  return fired;
}
