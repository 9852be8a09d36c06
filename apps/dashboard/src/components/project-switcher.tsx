import type { Membership } from '@feedloop/protocol';
import { ROLE_LABELS } from '@feedloop/protocol/vocabulary';

/** The project the dashboard shows, for people in several (hidden for one). */
export function ProjectSwitcher({ memberships, current, onChange }: { memberships: Membership[]; current: string; onChange(projectId: string): void }) {
  if (memberships.length < 2) return null;
  return (
    <label class="project-choice">
      <span>Project</span>
      <select value={current} onChange={(e) => onChange(e.currentTarget.value)}>
        {memberships.map((m) => (
          <option key={m.projectId} value={m.projectId}>
            {m.name} ({ROLE_LABELS[m.role]})
          </option>
        ))}
      </select>
    </label>
  );
}
