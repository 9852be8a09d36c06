import type { Kysely } from 'kysely';
import type { AlertEvent, AlertEvidence, AlertKind } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';

/** The alerts a project's rules fired, newest first. */
export async function listAlertEvents(db: Kysely<Database>, projectId: string, options: { ruleId?: string | undefined; limit: number }): Promise<AlertEvent[]> {
  const rows = await db
    .selectFrom('alert_events')
    .selectAll()
    .where('project_id', '=', projectId)
    .$if(options.ruleId !== undefined, (qb) => qb.where('rule_id', '=', options.ruleId!))
    .orderBy('fired_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    kind: r.kind as AlertKind,
    subject: r.subject,
    firedAt: new Date(r.fired_at).toISOString(),
    evidence: r.evidence as unknown as AlertEvidence,
    link: r.link,
  }));
}
