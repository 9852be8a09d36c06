import type { AuditEntry, TriageChanges } from '@feedloop/protocol';
import { useState } from 'preact/hooks';
import type { Api } from '../../api.js';
import { loadTriage, mergeState, parseTags, safeLink, triageError, updateFeedback, type TriagedItem } from '../../triage.js';

/** The editor's fields as typed: the public reply, the issue link, the tags (comma separated). */
export interface TriageDraft {
  reply: string;
  issue: string;
  tags: string;
}

/** One item's triage on the card: its status changes, the reply/link/tag editor, the outcome. */
export interface ItemTriage {
  /** A save is under way. */
  busy: boolean;
  /** The outcome of the last save or load, in words. */
  message: string;
  editing: boolean;
  draft: TriageDraft;
  /** The item's history, once the editor has loaded it. */
  audit: AuditEntry[] | undefined;
  /** Saves changes; true when they were stored. */
  save(changes: TriageChanges): Promise<boolean>;
  /** Opens the editor with the stored state (the list does not carry it) and loads the history. */
  open(): Promise<void>;
  change(fields: Partial<TriageDraft>): void;
  /** Saves the draft and closes the editor once stored. */
  saveDraft(): Promise<void>;
  close(): void;
}

const draftOf = (state: { publicReply?: string | null; issueUrl?: string | null; tags?: string[] }): TriageDraft => ({
  reply: state.publicReply ?? '',
  issue: state.issueUrl ?? '',
  tags: (state.tags ?? []).join(', '),
});

export function useItemTriage(api: Api, item: TriagedItem, onChange: (item: TriagedItem) => void): ItemTriage {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<TriageDraft>({ reply: '', issue: '', tags: '' });
  const [audit, setAudit] = useState<AuditEntry[] | undefined>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (changes: TriageChanges) => {
    setBusy(true);
    setMessage('');
    try {
      onChange(await updateFeedback(api, item, changes));
      setMessage('Saved.');
      return true;
    } catch (e) {
      setMessage(triageError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const open = async () => {
    setEditing(true);
    setDraft(draftOf(item));
    try {
      const state = await loadTriage(api, item.id);
      setDraft(draftOf(state));
      setAudit(state.audit);
      onChange(mergeState(item, state));
    } catch (e) {
      setMessage(triageError(e));
    }
  };

  const saveDraft = async () => {
    const issueUrl = draft.issue.trim();
    if (issueUrl && !safeLink(issueUrl)) return setMessage('The issue link must start with https:// or http://');
    if (await save({ publicReply: draft.reply.trim() || null, issueUrl: issueUrl || null, tags: parseTags(draft.tags) })) setEditing(false);
  };

  return {
    busy,
    message,
    editing,
    draft,
    audit,
    save,
    open,
    change: (fields) => setDraft((current) => ({ ...current, ...fields })),
    saveDraft,
    close: () => setEditing(false),
  };
}
