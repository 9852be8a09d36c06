import type { BulkUpdateResponse, FeedbackStatus, TriageChanges } from '@feedloop/protocol';
import { useState } from 'preact/hooks';
import type { Api } from '../../api.js';
import { bulkUpdate, parseTags, triageError, type TriagedItem } from '../../triage.js';
import { StatusOptions } from './status-options.js';

/** Select all shown, then set a status or add tags to every selected item at once. */
export function BulkTriageForm({
  api,
  shown,
  selected,
  onSelectAll,
  onUpdated,
}: {
  api: Api;
  shown: TriagedItem[];
  selected: TriagedItem[];
  onSelectAll(on: boolean): void;
  /** The items' states after the change (the selection is done with). */
  onUpdated(result: BulkUpdateResponse): void;
}) {
  const [status, setStatus] = useState('');
  const [tags, setTags] = useState('');
  const [notice, setNotice] = useState('');
  const allSelected = shown.length > 0 && selected.length === shown.length;

  const apply = async (event: Event) => {
    event.preventDefault();
    const changes: TriageChanges = {
      ...(status ? { status: status as FeedbackStatus } : {}),
      ...(tags.trim() ? { addTags: parseTags(tags) } : {}),
    };
    if (selected.length === 0 || Object.keys(changes).length === 0) return;
    try {
      const result = await bulkUpdate(api, selected.map((i) => i.id), changes);
      onUpdated(result);
      const n = result.updated;
      setNotice(`Updated ${n} ${n === 1 ? 'item' : 'items'}${result.unchanged ? `, ${result.unchanged} unchanged` : ''}.`);
      setTags('');
    } catch (e) {
      setNotice(triageError(e));
    }
  };

  return (
    <form class="bulk" aria-label="Bulk triage" onSubmit={apply}>
      <label class="check">
        <input type="checkbox" checked={allSelected} disabled={shown.length === 0} onChange={(e) => onSelectAll(e.currentTarget.checked)} />
        <span>Select all shown</span>
      </label>
      <span class="muted">{selected.length} selected</span>
      <label>
        <span>Set status</span>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Unchanged</option>
          <StatusOptions />
        </select>
      </label>
      <label>
        <span>Add tags</span>
        <input type="text" value={tags} placeholder="ux, billing" onInput={(e) => setTags(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={selected.length === 0 || (!status && !tags.trim())}>
        Apply to selected
      </button>
      <span role="status" class="notice">
        {notice}
      </span>
    </form>
  );
}
