import type { Kysely } from 'kysely';
import type { LoopFeedback } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { FEEDBACK_ITEM_COLUMNS } from '../../db/feedback-item.js';
import { toLoopFeedback } from '../feedback/item.js';
import { parseNotice, type LiveEventName } from './notify.js';

export type LiveListener = (event: LiveEventName | 'resync', feedback?: LoopFeedback) => void;

/**
 * Fans the live notifications this replica receives out to its stream subscribers, per project.
 * A notification names ids only; the rows are read once per notification, and only when
 * someone on this replica watches that project.
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<LiveListener>>();

  constructor(private readonly db: Kysely<Database>, private readonly onError: (error: unknown) => void = () => {}) {}

  subscribe(projectId: string, listener: LiveListener): () => void {
    let set = this.subscribers.get(projectId);
    if (!set) this.subscribers.set(projectId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.subscribers.get(projectId) === set) this.subscribers.delete(projectId);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** A NOTIFY payload arrived. */
  handle(payload: string): void {
    const notice = parseNotice(payload);
    if (!notice || !this.subscribers.has(notice.p)) return;
    this.db
      .selectFrom('feedback')
      .select(FEEDBACK_ITEM_COLUMNS)
      .where('project_id', '=', notice.p)
      .where('id', 'in', notice.ids)
      .orderBy('occurred_at')
      .execute()
      .then((rows) => {
        for (const row of rows) this.emit(notice.p, notice.e, toLoopFeedback(row));
      }, this.onError);
  }

  /** The listener was reconnected: notifications may have been missed. */
  resyncAll(): void {
    for (const projectId of this.subscribers.keys()) this.emit(projectId, 'resync');
  }

  private emit(projectId: string, event: LiveEventName | 'resync', feedback?: LoopFeedback): void {
    for (const listener of this.subscribers.get(projectId) ?? []) {
      try {
        listener(event, feedback);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
