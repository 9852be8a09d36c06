import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  checkPromptRules,
  MAX_PROMPTS_PER_PROJECT,
  type CreatePromptRequest,
  type Prompt,
  type UpdatePromptRequest,
} from '@feedloop/protocol';
import type { Database, PromptsTable } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

/** A prompt's whole definition: what the API takes, with the defaults filled in. */
type Definition = Omit<Prompt, 'id' | 'createdAt' | 'updatedAt'>;

export function toPrompt(row: Selectable<PromptsTable>): Prompt {
  return {
    id: row.id,
    name: row.name,
    feature: row.feature,
    scale: row.scale,
    comment: row.comment,
    question: row.question,
    defaultLocale: row.default_locale,
    when: row.trigger,
    who: row.audience,
    frequency: row.frequency,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * The rules beyond the schema (prompt-rules.ts, shared with the widget), and text PostgreSQL can
 * store. Wording is otherwise kept exactly as given: it is shown as text everywhere.
 */
function checkDefinition(definition: Definition): Definition {
  const violation = checkPromptRules(definition);
  if (violation) throw new HttpError(400, violation.code, violation.message);
  if (hasNul(definition)) {
    throw new HttpError(400, 'invalid_prompt', 'the prompt contains a NUL character, which cannot be stored');
  }
  return wellFormed(definition);
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
}

/** Lone UTF-16 surrogates (valid in JSON, not in UTF-8 or jsonb) become U+FFFD, as a UTF-8 encoder does. */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return (value as unknown as { toWellFormed(): string }).toWellFormed() as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)])) as T;
  }
  return value;
}

function columnsOf(d: Definition) {
  return {
    name: d.name,
    feature: d.feature,
    scale: d.scale,
    comment: d.comment,
    question: JSON.stringify(d.question),
    default_locale: d.defaultLocale,
    trigger: JSON.stringify(d.when),
    audience: JSON.stringify(d.who),
    frequency: JSON.stringify(d.frequency),
    status: d.status,
  };
}

export async function listPrompts(db: Kysely<Database>, projectId: string): Promise<Prompt[]> {
  const rows = await db.selectFrom('prompts').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toPrompt);
}

export async function findPrompt(db: Kysely<Database>, projectId: string, promptId: string): Promise<Prompt | undefined> {
  const row = await db.selectFrom('prompts').selectAll().where('project_id', '=', projectId).where('id', '=', promptId.toLowerCase()).executeTakeFirst();
  return row && toPrompt(row);
}

export async function createPrompt(db: Kysely<Database>, projectId: string, input: CreatePromptRequest): Promise<Prompt> {
  const definition = checkDefinition({
    name: input.name,
    feature: input.feature,
    scale: input.scale,
    comment: input.comment ?? false,
    question: input.question,
    defaultLocale: input.defaultLocale ?? 'en',
    when: input.when,
    who: input.who,
    frequency: input.frequency ?? { daysBetweenPrompts: 0, daysAfterFeedback: 0 },
    status: input.status ?? 'active',
  });
  return db.transaction().execute(async (trx) => {
    // Serialises creations in one project, so the cap holds under concurrent requests.
    await trx.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
    const { n } = await trx.selectFrom('prompts').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_PROMPTS_PER_PROJECT) {
      throw new HttpError(400, 'too_many_prompts', `a project has at most ${MAX_PROMPTS_PER_PROJECT} prompts: delete one first`);
    }
    const row = await trx
      .insertInto('prompts')
      .values({ project_id: projectId, id: randomUUID(), ...columnsOf(definition) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPrompt(row);
  });
}

/** Merges the changes (an object field is replaced whole) and checks the result; undefined when there is no such prompt. */
export async function updatePrompt(
  db: Kysely<Database>,
  projectId: string,
  promptId: string,
  changes: UpdatePromptRequest,
): Promise<Prompt | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('prompts')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', promptId.toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    if (!row) return undefined;
    const { id: _id, createdAt: _c, updatedAt: _u, ...current } = toPrompt(row);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const definition = checkDefinition({ ...current, ...defined });
    const updated = await trx
      .updateTable('prompts')
      .set({ ...columnsOf(definition), updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPrompt(updated);
  });
}

/** Deletes a prompt and its display and dismissal events (its answers stay: they are feedback). */
export async function deletePrompt(db: Kysely<Database>, projectId: string, promptId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('prompts').where('project_id', '=', projectId).where('id', '=', promptId.toLowerCase()).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await trx.deleteFrom('prompt_events').where('project_id', '=', projectId).where('prompt_id', '=', promptId.toLowerCase()).execute();
    return true;
  });
}

/** The active prompts of a project, oldest first: what the browser document lists. */
export async function activePrompts(db: Kysely<Database>, projectId: string): Promise<Prompt[]> {
  const rows = await db
    .selectFrom('prompts')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toPrompt);
}
