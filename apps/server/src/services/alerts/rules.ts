import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AlertKind, AlertParams, AlertRule, CreateAlertRuleRequest, UpdateAlertRuleRequest } from '@feedloop/protocol';
import type { AlertRulesTable, Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

/** A rule's parameters with every default filled in, as the checks read them. */
export interface RuleParams {
  feature: string | null;
  baseline: 'previous' | 'release';
  days: number;
  minCount: number;
  factor: number;
  trailingDays: number;
  experiment: string | null;
  keywords: string[];
}

export interface StoredRule {
  projectId: string;
  id: string;
  name: string;
  kind: AlertKind;
  params: RuleParams;
  email: boolean;
  webhookId: string | null;
  paused: boolean;
}

export const MAX_KEYWORDS = 20;

const out = (field: string, range: string, got: unknown): never => {
  throw new HttpError(400, 'threshold_out_of_range', `${field} must be ${range} (got ${JSON.stringify(got)})`);
};

function inRange(field: string, value: number | undefined, min: number, max: number, integer: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    out(field, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, value);
  }
}

/**
 * The kind's parameters, checked against their ranges (400 threshold_out_of_range names the
 * field) and completed with the defaults: the report's minimum sample (30 per side) for a rating
 * drop, 3× the trailing 14-day rate with at least 5 items for a spike.
 */
export function checkParams(kind: AlertKind, p: AlertParams = {}): RuleParams {
  inRange('params.days', p.days, 1, 90, true);
  inRange('params.minCount', p.minCount, 1, 100_000, true);
  inRange('params.factor', p.factor, 1.5, 100, false);
  inRange('params.trailingDays', p.trailingDays, 3, 90, true);
  const keywords = [...new Set((p.keywords ?? []).map((k) => k.trim().toLowerCase()))];
  if (kind === 'keyword') {
    if (keywords.length === 0 || keywords.length > MAX_KEYWORDS) out('params.keywords', `1 to ${MAX_KEYWORDS} keywords`, p.keywords?.length ?? 0);
    for (const k of keywords) if (k.length < 1 || k.length > 50 || /[\p{Cc}]/u.test(k)) out('params.keywords', 'words of 1 to 50 characters, without control characters', k);
  } else if (p.keywords !== undefined && p.keywords.length > 0) {
    out('params.keywords', 'given only for keyword rules', p.keywords);
  }
  const feature = p.feature?.trim() || null;
  const experiment = p.experiment?.trim() || null;
  const baseline = p.baseline ?? 'previous';
  return {
    feature: kind === 'rating_drop' || kind === 'negative_spike' ? feature : null,
    baseline,
    days: p.days ?? 7,
    minCount: p.minCount ?? (kind === 'negative_spike' ? 5 : 30),
    factor: p.factor ?? 3,
    trailingDays: p.trailingDays ?? 14,
    experiment: kind === 'srm' ? experiment : null,
    keywords: kind === 'keyword' ? keywords : [],
  };
}

/** What a kind's parameters are, shown back: only the ones that kind reads. */
function publicParams(kind: AlertKind, p: RuleParams): AlertParams {
  switch (kind) {
    case 'rating_drop':
      return { feature: p.feature, baseline: p.baseline, days: p.days, minCount: p.minCount };
    case 'negative_spike':
      return { feature: p.feature, factor: p.factor, trailingDays: p.trailingDays, minCount: p.minCount };
    case 'srm':
      return { experiment: p.experiment };
    case 'keyword':
      return { keywords: p.keywords };
  }
}

export function storedRule(row: Selectable<AlertRulesTable>): StoredRule {
  const kind = row.kind as AlertKind;
  return {
    projectId: row.project_id,
    id: row.id,
    name: row.name,
    kind,
    params: checkParamsStored(kind, row.params as AlertParams),
    email: row.email,
    webhookId: row.webhook_id,
    paused: row.paused,
  };
}

/** Stored parameters were checked when saved; defaults may have changed since, so fill them again. */
function checkParamsStored(kind: AlertKind, p: AlertParams): RuleParams {
  try {
    return checkParams(kind, p);
  } catch {
    return checkParams(kind, {});
  }
}

async function checkWebhook(db: Kysely<Database>, projectId: string, webhookId: string | null | undefined): Promise<void> {
  if (webhookId === undefined || webhookId === null) return;
  const hook = await db.selectFrom('webhooks').select('id').where('project_id', '=', projectId).where('id', '=', webhookId).executeTakeFirst();
  if (!hook) throw new HttpError(400, 'invalid_body', 'webhookId: no such webhook in this project');
}

export async function createRule(db: Kysely<Database>, projectId: string, input: CreateAlertRuleRequest, createdBy: string | null): Promise<string> {
  const params = checkParams(input.kind, input.params);
  await checkWebhook(db, projectId, input.webhookId);
  const id = randomUUID();
  await db
    .insertInto('alert_rules')
    .values({
      project_id: projectId,
      id,
      name: input.name.trim() || input.kind,
      kind: input.kind,
      params: JSON.stringify(publicParams(input.kind, params)),
      email: input.email ?? true,
      webhook_id: input.webhookId ?? null,
      paused: input.paused ?? false,
      created_by: createdBy,
    })
    .execute();
  return id;
}

/** undefined when there is no such rule. Pausing closes the rule's open episodes (a resumed rule starts afresh). */
export async function updateRule(db: Kysely<Database>, projectId: string, id: string, input: UpdateAlertRuleRequest): Promise<boolean> {
  const row = await db.selectFrom('alert_rules').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  if (!row) return false;
  const kind = row.kind as AlertKind;
  const params = input.params === undefined ? undefined : checkParams(kind, input.params);
  await checkWebhook(db, projectId, input.webhookId);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('alert_rules')
      .set({
        ...(input.name === undefined ? {} : { name: input.name.trim() || row.name }),
        ...(params === undefined ? {} : { params: JSON.stringify(publicParams(kind, params)) }),
        ...(input.email === undefined ? {} : { email: input.email }),
        ...(input.webhookId === undefined ? {} : { webhook_id: input.webhookId }),
        ...(input.paused === undefined ? {} : { paused: input.paused }),
        updated_at: sql<Date>`now()`,
      })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .execute();
    // New thresholds or a pause: what was open is judged afresh.
    if (params !== undefined || input.paused === true) {
      await trx.deleteFrom('alert_episodes').where('project_id', '=', projectId).where('rule_id', '=', id).execute();
    }
  });
  return true;
}

export async function deleteRule(db: Kysely<Database>, projectId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('alert_rules').where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The project's rules, each with its subscribers, whether `userId` is one, and its open episodes. */
export async function listRules(db: Kysely<Database>, projectId: string, userId: string | null, id?: string): Promise<AlertRule[]> {
  const rows = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('project_id', '=', projectId)
    .$if(id !== undefined, (qb) => qb.where('id', '=', id!))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const subs = await db.selectFrom('alert_subscriptions').select(['rule_id', 'user_id']).where('project_id', '=', projectId).where('rule_id', 'in', ids).execute();
  const episodes = await db.selectFrom('alert_episodes').select(['rule_id', 'subject']).where('project_id', '=', projectId).where('rule_id', 'in', ids).orderBy('subject').execute();
  return rows.map((r) => {
    const rule = storedRule(r);
    return {
      id: r.id,
      name: r.name,
      kind: rule.kind,
      params: publicParams(rule.kind, rule.params),
      email: r.email,
      webhookId: r.webhook_id,
      paused: r.paused,
      subscribers: subs.filter((s) => s.rule_id === r.id).length,
      subscribed: userId !== null && subs.some((s) => s.rule_id === r.id && s.user_id === userId),
      openEpisodes: r.kind === 'keyword' ? [] : episodes.filter((e) => e.rule_id === r.id).map((e) => e.subject),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  });
}

/** Subscribes (or not) a person to a rule's mail; false when there is no such rule. */
export async function setSubscription(db: Kysely<Database>, projectId: string, ruleId: string, userId: string, subscribed: boolean): Promise<boolean> {
  const rule = await db.selectFrom('alert_rules').select('id').where('project_id', '=', projectId).where('id', '=', ruleId).executeTakeFirst();
  if (!rule) return false;
  if (subscribed) {
    await db
      .insertInto('alert_subscriptions')
      .values({ project_id: projectId, rule_id: ruleId, user_id: userId })
      .onConflict((oc) => oc.columns(['project_id', 'rule_id', 'user_id']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('alert_subscriptions').where('project_id', '=', projectId).where('rule_id', '=', ruleId).where('user_id', '=', userId).execute();
  }
  return true;
}
