import type { AuditEvent } from '@feedloop/protocol';

/** The actions of a project's audit trail, in words (unknown ones show as their code). */
const ACTION_LABELS: Record<string, string> = {
  'feedback.triaged': 'Triaged feedback',
  'feedback.exported': 'Exported feedback',
  'member.added': 'Added a member',
  'member.invited': 'Invited someone',
  'member.role_changed': 'Changed a role',
  'member.removed': 'Removed a member',
  'invitation.accepted': 'Accepted an invitation',
  'token.created': 'Created a token',
  'token.revoked': 'Revoked a token',
  'key.created': 'Created a key',
  'key.revoked': 'Revoked a key',
  'webhook.created': 'Added a webhook',
  'webhook.updated': 'Changed a webhook',
  'webhook.deleted': 'Deleted a webhook',
  'webhook.redelivered': 'Redelivered a webhook delivery',
  'project.created': 'Created the project',
  'project.updated': 'Changed the project',
  'project.deleted': 'Deleted the project',
};

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

/** The audit trail's action filter: a prefix ending in "." matches every action of its kind. */
export const ACTION_FILTERS: readonly (readonly [string, string])[] = [
  ['', 'All actions'],
  ['feedback.', 'Feedback: triage and exports'],
  ['member.', 'Members'],
  ['invitation.', 'Invitations accepted'],
  ['token.', 'API tokens'],
  ['key.', 'Keys'],
  ['webhook.', 'Webhooks'],
  ['project.', 'Project settings'],
];

/** Who made the change, as recorded then (a person's display name, a token's name, …). */
export function actorLabel(actor: AuditEvent['actor']): string {
  return actor.label ?? actor.type;
}

/** What changed, in words: "role: viewer → admin; name: CI". */
export function describeAuditChanges(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([field, value]) => (isChange(value) ? `${field}: ${show(value.from)} → ${show(value.to)}` : `${field}: ${show(value)}`))
    .join('; ');
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return !!value && typeof value === 'object' && !Array.isArray(value) && 'from' in value && 'to' in value && Object.keys(value).length === 2;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '–';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
