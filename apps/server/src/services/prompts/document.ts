import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BrowserPrompt, PromptDocument } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { activePrompts } from './prompts.js';

/** The prompt document of a project, serialised once, and its strong ETag. */
export interface CachedDocument {
  etag: string;
  body: string;
}

/**
 * The browser document (`GET /v1/prompt-document`) per project, kept in memory: every page view
 * of a site with the widget may ask for it, so it is a map lookup, not a query. A change made
 * through this replica drops its entry at once; entries also expire after `ttlMs`, which bounds
 * how long another replica serves a changed document (browsers add up to max-age on top).
 * Concurrent misses of one project share one query.
 */
export class PromptDocumentCache {
  private readonly entries = new Map<string, { at: number; value: Promise<CachedDocument> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(projectId: string): Promise<CachedDocument> {
    const now = Date.now();
    const entry = this.entries.get(projectId);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = buildDocument(this.db, projectId);
    this.entries.set(projectId, { at: now, value });
    // A failed build is not kept: the next request tries again.
    value.catch(() => this.entries.get(projectId)?.value === value && this.entries.delete(projectId));
    return value;
  }

  invalidate(projectId: string): void {
    this.entries.delete(projectId);
  }
}

export async function buildDocument(db: Kysely<Database>, projectId: string): Promise<CachedDocument> {
  const prompts: BrowserPrompt[] = (await activePrompts(db, projectId)).map((p) => ({
    id: p.id,
    feature: p.feature,
    scale: p.scale,
    comment: p.comment,
    question: p.question,
    defaultLocale: p.defaultLocale,
    when: p.when,
    who: p.who,
    frequency: p.frequency,
  }));
  const content = JSON.stringify(prompts);
  const version = createHash('sha256').update(content).digest('base64url').slice(0, 22);
  const document: PromptDocument = { version, prompts };
  return { etag: `"${version}"`, body: JSON.stringify(document) };
}

/**
 * Whether an If-None-Match header matches the ETag (RFC 9110 §13.1.2: weak comparison, a list,
 * or "*").
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
