import { MAX_PUBLIC_REPLY_LENGTH } from '@feedloop/protocol/limits';
import { AuditTrail } from './audit-trail.js';
import type { ItemTriage } from './use-item-triage.js';

/** The public reply, the issue link and the tags of one item, with its history below. */
export function TriageEditor({ triage }: { triage: ItemTriage }) {
  const { draft, change } = triage;
  return (
    <form
      class="triage"
      onSubmit={(event) => {
        event.preventDefault();
        void triage.saveDraft();
      }}
    >
      <label>
        <span>Public reply (shown to the person who sent it)</span>
        <textarea value={draft.reply} maxLength={MAX_PUBLIC_REPLY_LENGTH} onInput={(e) => change({ reply: e.currentTarget.value })} />
      </label>
      <label>
        <span>Issue link (your tracker)</span>
        <input type="url" value={draft.issue} placeholder="https://tracker.example.com/ISSUE-1" onInput={(e) => change({ issue: e.currentTarget.value })} />
      </label>
      <label>
        <span>Tags (comma separated)</span>
        <input type="text" value={draft.tags} onInput={(e) => change({ tags: e.currentTarget.value })} />
      </label>
      <div class="buttons">
        <button type="submit" disabled={triage.busy}>
          Save
        </button>
        <button type="button" class="secondary" onClick={triage.close}>
          Cancel
        </button>
      </div>
      {triage.audit && <AuditTrail audit={triage.audit} />}
    </form>
  );
}
