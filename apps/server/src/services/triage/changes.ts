import type { TriageChanges } from '@feedloop/protocol';
import { HttpError } from '../../http-error.js';

/** The changes of a request, checked and normalised once for every item they apply to. */
export interface CleanChanges {
  status?: string;
  publicReply?: string | null;
  issueUrl?: string | null;
  tags?: string[];
  addTags: string[];
  removeTags: string[];
}

export function cleanChanges(input: TriageChanges): CleanChanges {
  const out: CleanChanges = { addTags: tagList(input.addTags), removeTags: tagList(input.removeTags) };
  if (input.status !== undefined) out.status = input.status;
  if (input.publicReply !== undefined) {
    const reply = input.publicReply?.trim() ?? '';
    if (reply.includes('\u0000')) throw new HttpError(400, 'invalid_body', 'publicReply contains a NUL character');
    out.publicReply = reply === '' ? null : wellFormed(reply);
  }
  if (input.issueUrl !== undefined) out.issueUrl = input.issueUrl === null || input.issueUrl.trim() === '' ? null : issueUrl(input.issueUrl);
  if (input.tags !== undefined) out.tags = tagList(input.tags);
  if (out.tags && (out.addTags.length > 0 || out.removeTags.length > 0)) {
    throw new HttpError(400, 'invalid_body', 'give tags (replace) or addTags/removeTags, not both');
  }
  const any = out.status !== undefined || out.publicReply !== undefined || out.issueUrl !== undefined || out.tags !== undefined;
  if (!any && out.addTags.length === 0 && out.removeTags.length === 0) {
    throw new HttpError(400, 'invalid_body', 'nothing to change: give status, publicReply, issueUrl, tags, addTags or removeTags');
  }
  return out;
}

/**
 * Only http(s) links: the dashboard renders this as a link, so javascript:, data: and the like
 * must never be stored.
 */
function issueUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new HttpError(400, 'invalid_body', 'issueUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpError(400, 'invalid_body', 'issueUrl must be an http(s) URL');
  return url.toString();
}

/** Trimmed, de-duplicated (first spelling wins, case-insensitively), in the order given. */
function tagList(tags: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const tag = wellFormed(raw.trim());
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

export interface ItemState {
  status: string;
  public_reply: string | null;
  issue_url: string | null;
  tags: string[];
}

export type Diff = Record<string, { from: unknown; to: unknown }>;

/** The item's state after the changes, and what changed (API field names, from → to). */
export function applyChanges(before: ItemState, c: CleanChanges, maxTags: number): { after: ItemState; diff: Diff } {
  const after: ItemState = { ...before, tags: [...before.tags] };
  if (c.status !== undefined) after.status = c.status;
  if (c.publicReply !== undefined) after.public_reply = c.publicReply;
  if (c.issueUrl !== undefined) after.issue_url = c.issueUrl;
  if (c.tags !== undefined) after.tags = c.tags;
  if (c.addTags.length > 0 || c.removeTags.length > 0) {
    const removed = new Set(c.removeTags.map((t) => t.toLowerCase()));
    const kept = after.tags.filter((t) => !removed.has(t.toLowerCase()));
    const have = new Set(kept.map((t) => t.toLowerCase()));
    after.tags = [...kept, ...c.addTags.filter((t) => !have.has(t.toLowerCase()) && !removed.has(t.toLowerCase()))];
  }
  if (after.tags.length > maxTags) throw new HttpError(400, 'invalid_body', `an item can have at most ${maxTags} tags`);
  const diff: Diff = {};
  if (after.status !== before.status) diff.status = { from: before.status, to: after.status };
  if (after.public_reply !== before.public_reply) diff.publicReply = { from: before.public_reply, to: after.public_reply };
  if (after.issue_url !== before.issue_url) diff.issueUrl = { from: before.issue_url, to: after.issue_url };
  if (after.tags.join('\u0000') !== before.tags.join('\u0000')) diff.tags = { from: before.tags, to: after.tags };
  return { after, diff };
}

/** Does the submitter have something new to see? A status past 'new', or a (changed) public reply. */
export function isNotice(diff: Diff, after: ItemState): boolean {
  return (diff.status !== undefined && after.status !== 'new') || (diff.publicReply !== undefined && after.public_reply !== null);
}
