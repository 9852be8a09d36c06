import type { FeedbackStatus } from '@feedloop/protocol';
import { FEEDBACK_STATUS_LABELS } from '@feedloop/protocol/vocabulary';
import type { Api } from '../../api.js';
import { formatTime } from '../../format.js';
import type { TriagedItem } from '../../triage.js';
import { FeedbackMeta } from './feedback-meta.js';
import { FeedbackOrigin } from './feedback-origin.js';
import { StatusOptions } from './status-options.js';
import { TriageEditor } from './triage-editor.js';
import { TriageSummary } from './triage-summary.js';
import { useItemTriage } from './use-item-triage.js';

/**
 * One item with its triage. Everything a user or teammate typed (comment, reply, tags, URL,
 * metadata) is a JSX text child or a form value: Preact sets textContent / value, never HTML.
 */
export function FeedbackCard({
  api,
  item,
  showFeature,
  canTriage,
  selected,
  onSelect,
  onChange,
}: {
  api: Api;
  item: TriagedItem;
  showFeature: boolean;
  /** Off for viewers: the status shows as text, without the editor or the selection box. */
  canTriage: boolean;
  selected: boolean;
  onSelect(on: boolean): void;
  onChange(item: TriagedItem): void;
}) {
  const triage = useItemTriage(api, item, onChange);
  const title = `feedback from ${formatTime(item.occurredAt)}`;

  return (
    <article class={`feedback-card${selected ? ' selected' : ''}`} aria-label={title} data-id={item.id}>
      <div class="card-top">
        {canTriage && <input type="checkbox" checked={selected} aria-label={`Select ${title}`} onChange={(e) => onSelect(e.currentTarget.checked)} />}
        <FeedbackMeta item={item} showFeature={showFeature} />
        {canTriage ? (
          <label class="status-select">
            <span class="visually-hidden">Status of {title}</span>
            <select value={item.status ?? 'new'} disabled={triage.busy} onChange={(e) => void triage.save({ status: e.currentTarget.value as FeedbackStatus })}>
              <StatusOptions />
            </select>
          </label>
        ) : (
          <span class="chip status">{(FEEDBACK_STATUS_LABELS as Record<string, string>)[item.status ?? 'new'] ?? item.status}</span>
        )}
      </div>
      {item.comment ? <p class="comment">{item.comment}</p> : <p class="muted">No comment.</p>}
      <FeedbackOrigin item={item} />
      {!triage.editing && <TriageSummary item={item} />}
      {!canTriage ? null : triage.editing ? (
        <TriageEditor triage={triage} />
      ) : (
        <button type="button" class="link" aria-label={`Reply, link, tag: ${title}`} onClick={() => void triage.open()}>
          Reply, link, tag
        </button>
      )}
      <span role="status" class="notice small">
        {triage.message}
      </span>
    </article>
  );
}
