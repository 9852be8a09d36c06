import Type, { type Static } from 'typebox';
import { DateTime, Instant, Nullable } from './primitives.js';
import { ACTOR_TYPES } from './vocabulary.js';

/** The audit trail: every change, who made it (authenticated, never a typed name), when and from where. */

export const AuditActor = Type.Object(
  { type: Type.Enum([...ACTOR_TYPES]), id: Nullable(Type.String()), label: Nullable(Type.String()) },
  { title: 'AuditActor' },
);
export type AuditActor = Static<typeof AuditActor>;

export const AuditEvent = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    at: DateTime,
    actor: AuditActor,
    action: Type.String({ description: 'What happened, e.g. member.added, token.revoked, feedback.triaged, session.sign_in_failed.' }),
    target: Nullable(Type.Object({ type: Type.String(), id: Nullable(Type.String()) })),
    changes: Type.Record(Type.String(), Type.Unknown(), { description: 'What changed: never a password, a token or feedback text.' }),
    clientAddress: Nullable(Type.String({ description: 'Truncated: IPv4 /24, IPv6 /48.' })),
  },
  { title: 'AuditEvent' },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'An action, or a prefix ending in "." (member.).' })),
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  from: Type.Optional(Instant('ISO 8601 date or date-time (inclusive).')),
  to: Type.Optional(Instant('ISO 8601 date or date-time (exclusive).')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditResponse = Type.Object(
  { events: Type.Array(AuditEvent, { description: 'Newest first.' }), nextCursor: Nullable(Type.String()) },
  { title: 'AuditResponse' },
);
export type AuditResponse = Static<typeof AuditResponse>;
