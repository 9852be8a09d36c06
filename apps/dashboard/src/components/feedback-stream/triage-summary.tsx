import { safeLink, type TriagedItem } from '../../triage.js';

/** The item's public reply, issue link and tags as they are stored; nothing when it has none. */
export function TriageSummary({ item }: { item: TriagedItem }) {
  const tracked = safeLink(item.issueUrl);
  const tags = item.tags ?? [];
  if (!item.publicReply && !tracked && tags.length === 0) return null;
  return (
    <div class="triage-summary">
      {item.publicReply && (
        <p class="reply">
          <strong>Public reply:</strong> {item.publicReply}
        </p>
      )}
      {tracked && (
        <p>
          <strong>Issue:</strong>{' '}
          <a href={tracked} target="_blank" rel="noopener noreferrer">
            {tracked}
          </a>
        </p>
      )}
      {tags.length > 0 && (
        <p class="tags">
          {tags.map((tag) => (
            <span key={tag} class="chip tag">
              {tag}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
