import type { TriagedItem } from '../../triage.js';

/** Who sent the item and from where: user (or anonymous id), page URL, app version, e-mail. */
export function FeedbackOrigin({ item }: { item: TriagedItem }) {
  return (
    <div class="card-foot muted small">
      {item.userId ? <span>User {item.userId}</span> : <span>Anonymous {item.anonymousId.slice(0, 12)}</span>}
      {item.url && <span class="url">{item.url}</span>}
      {item.appVersion && <span>App {item.appVersion}</span>}
      {item.email && <span>{item.email}</span>}
    </div>
  );
}
