import type { AuditEntry } from '@feedloop/protocol';
import { formatTime } from '../../format.js';
import { describeChanges } from '../../triage.js';

/** Who changed what and when, folded away under "History". */
export function AuditTrail({ audit }: { audit: AuditEntry[] }) {
  if (audit.length === 0) return null;
  return (
    <details class="audit">
      <summary>History ({audit.length})</summary>
      <ol>
        {audit.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{formatTime(entry.at)}</time> {entry.actor ?? entry.keyHint ?? 'someone'}: {describeChanges(entry)}
          </li>
        ))}
      </ol>
    </details>
  );
}
