import type { UpdatesApi } from '@feedloop/sdk';
import type { NoticeStrings } from '../i18n/strings.js';
import type { NoticeModule, WidgetOptions } from '../types.js';

export interface UpdatesCheck {
  client: Pick<UpdatesApi, 'hasSubmitted' | 'updates' | 'markSeen'>;
  /** The notice chunk and the locale's strings, imported only when there is something to show. */
  load(): Promise<[NoticeModule, Partial<NoticeStrings>]>;
  root: ShadowRoot;
  options: WidgetOptions;
  code: string;
  /** The widget's events (`on`): `update` per shown item, `error` when asking failed. */
  emit(name: 'update' | 'error', payload: unknown): void;
}

/**
 * The submitter hears back: a browser that has given feedback asks for its updates (most page
 * views belong to browsers that never did, and make no request), shows them in the notice, marks
 * them seen so the next page view does not show them again, and tells the host app with an
 * `update` event per item (so it can also notify by its own channels). A failure is only an
 * `error` event: the next page view asks again.
 */
export async function checkUpdates({ client, load, root, options, code, emit }: UpdatesCheck): Promise<void> {
  if (!client.hasSubmitted()) return;
  try {
    const updates = await client.updates();
    if (!updates[0]) return;
    const [module, locale] = await load();
    module.showNotice({ root, updates, options, code, locale });
    for (const update of updates) emit('update', update);
    await client.markSeen(updates.map((update) => update.id));
  } catch (error) {
    emit('error', { kind: 'network', code: 'updates_unavailable', message: String(error), events: [] });
  }
}

