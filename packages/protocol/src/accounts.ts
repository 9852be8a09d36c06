import Type, { type Static } from 'typebox';
import { MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MAX_TOKEN_NAME_LENGTH, MIN_PASSWORD_LENGTH } from './limits.js';
import { DateTime, Nullable, Uuid } from './primitives.js';
import { ROLES, TOKEN_SCOPES } from './vocabulary.js';

/** People and what they may do: sign-in, sessions, users, members, API tokens, one-time links. */

export const RoleSchema = Type.Enum([...ROLES], { description: 'viewer < member < admin < owner.' });
export const TokenScopeSchema = Type.Enum([...TOKEN_SCOPES]);

const Email = Type.String({ minLength: 3, maxLength: MAX_EMAIL_LENGTH, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });
const DisplayName = Type.String({ minLength: 1, maxLength: MAX_DISPLAY_NAME_LENGTH, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

// ---------------------------------------------------------------------------------------------
// Signing in

export const SignInRequest = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: MAX_EMAIL_LENGTH }), password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { title: 'SignInRequest', additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

export const SignInOptions = Type.Object(
  {
    password: Type.Boolean({ description: 'Password sign-in is on.' }),
    sso: Nullable(Type.Object({ name: Type.String({ description: 'The provider, for "Sign in with <name>".' }), url: Type.String() })),
    setupNeeded: Type.Boolean({ description: 'No account exists yet: the operator has a one-time set-up link.' }),
  },
  { title: 'SignInOptions' },
);
export type SignInOptions = Static<typeof SignInOptions>;

export const UserInfo = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    displayName: Type.String(),
    instanceAdmin: Type.Boolean(),
    disabled: Type.Boolean(),
    hasPassword: Type.Boolean(),
    createdAt: DateTime,
    lastSignInAt: Nullable(DateTime),
  },
  { title: 'UserInfo' },
);
export type UserInfo = Static<typeof UserInfo>;

export const Membership = Type.Object({ projectId: Uuid, name: Type.String(), role: RoleSchema }, { title: 'Membership' });
export type Membership = Static<typeof Membership>;

export const MeResponse = Type.Object({ user: UserInfo, memberships: Type.Array(Membership) }, { title: 'MeResponse' });
export type MeResponse = Static<typeof MeResponse>;

export const UpdateMeRequest = Type.Object(
  { displayName: Type.Optional(DisplayName) },
  { title: 'UpdateMeRequest', additionalProperties: false },
);
export type UpdateMeRequest = Static<typeof UpdateMeRequest>;

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.Optional(Type.String({ maxLength: MAX_PASSWORD_LENGTH })), newPassword: Password },
  { title: 'ChangePasswordRequest', additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const SessionInfo = Type.Object(
  {
    id: Uuid,
    createdAt: DateTime,
    lastSeenAt: DateTime,
    expiresAt: DateTime,
    userAgent: Nullable(Type.String()),
    clientAddress: Nullable(Type.String({ description: 'Truncated: IPv4 /24, IPv6 /48.' })),
    current: Type.Boolean(),
  },
  { title: 'SessionInfo' },
);
export type SessionInfo = Static<typeof SessionInfo>;

export const SessionsResponse = Type.Object({ sessions: Type.Array(SessionInfo) }, { title: 'SessionsResponse' });
export type SessionsResponse = Static<typeof SessionsResponse>;

export const SessionParams = Type.Object({ sessionId: Uuid });
export type SessionParams = Static<typeof SessionParams>;

// ---------------------------------------------------------------------------------------------
// One-time links: set-up of the first admin, invitations, password resets

export const OneTimeLink = Type.Object(
  {
    url: Type.String({ description: 'Give it to the person (it works once): mail is not configured.' }),
    expiresAt: DateTime,
  },
  { title: 'OneTimeLink' },
);
export type OneTimeLink = Static<typeof OneTimeLink>;

export const LinkParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });
export type LinkParams = Static<typeof LinkParams>;

export const LinkInfo = Type.Object(
  {
    kind: Type.Enum(['setup', 'invite', 'reset']),
    email: Nullable(Type.String()),
    projectName: Nullable(Type.String()),
    role: Nullable(RoleSchema),
    accountExists: Type.Boolean(),
  },
  { title: 'LinkInfo' },
);
export type LinkInfo = Static<typeof LinkInfo>;

export const CompleteLinkRequest = Type.Object(
  {
    password: Type.Optional(Password),
    email: Type.Optional(Email),
    displayName: Type.Optional(DisplayName),
  },
  { title: 'CompleteLinkRequest', additionalProperties: false },
);
export type CompleteLinkRequest = Static<typeof CompleteLinkRequest>;

// ---------------------------------------------------------------------------------------------
// Users (instance admins)

export const UsersResponse = Type.Object({ users: Type.Array(UserInfo) }, { title: 'UsersResponse' });
export type UsersResponse = Static<typeof UsersResponse>;

export const CreateUserRequest = Type.Object(
  { email: Email, displayName: Type.Optional(DisplayName), instanceAdmin: Type.Optional(Type.Boolean()) },
  { title: 'CreateUserRequest', additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const CreateUserResponse = Type.Object(
  { user: UserInfo, link: OneTimeLink },
  { title: 'CreateUserResponse', description: 'The link lets the new user choose a password.' },
);
export type CreateUserResponse = Static<typeof CreateUserResponse>;

export const UpdateUserRequest = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    disabled: Type.Optional(Type.Boolean({ description: 'A disabled user is signed out everywhere and cannot sign in.' })),
    instanceAdmin: Type.Optional(Type.Boolean()),
  },
  { title: 'UpdateUserRequest', additionalProperties: false },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

export const UserParams = Type.Object({ userId: Uuid });
export type UserParams = Static<typeof UserParams>;

// ---------------------------------------------------------------------------------------------
// Members of a project

export const Member = Type.Object(
  { userId: Uuid, email: Type.String(), displayName: Type.String(), role: RoleSchema, disabled: Type.Boolean(), createdAt: DateTime },
  { title: 'Member' },
);
export type Member = Static<typeof Member>;

export const MembersResponse = Type.Object(
  { members: Type.Array(Member), invitations: Type.Array(Type.Object({ email: Type.String(), role: RoleSchema, expiresAt: DateTime })) },
  { title: 'MembersResponse' },
);
export type MembersResponse = Static<typeof MembersResponse>;

export const AddMemberRequest = Type.Object({ email: Email, role: RoleSchema }, { title: 'AddMemberRequest', additionalProperties: false });
export type AddMemberRequest = Static<typeof AddMemberRequest>;

export const AddMemberResponse = Type.Object(
  {
    member: Nullable(Member),
    invitation: Nullable(OneTimeLink),
  },
  { title: 'AddMemberResponse', description: 'A known user becomes a member at once; anyone else gets an invitation link.' },
);
export type AddMemberResponse = Static<typeof AddMemberResponse>;

export const UpdateMemberRequest = Type.Object({ role: RoleSchema }, { title: 'UpdateMemberRequest', additionalProperties: false });
export type UpdateMemberRequest = Static<typeof UpdateMemberRequest>;

export const MemberParams = Type.Object({ projectId: Uuid, userId: Uuid });
export type MemberParams = Static<typeof MemberParams>;

// ---------------------------------------------------------------------------------------------
// API tokens

export const ApiToken = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    hint: Type.String({ description: 'First characters, to recognise the token.' }),
    scopes: Type.Array(TokenScopeSchema),
    expiresAt: Nullable(DateTime),
    createdAt: DateTime,
    lastUsedAt: Nullable(DateTime),
    revokedAt: Nullable(DateTime),
  },
  { title: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokensResponse = Type.Object({ tokens: Type.Array(ApiToken) }, { title: 'ApiTokensResponse' });
export type ApiTokensResponse = Static<typeof ApiTokensResponse>;

export const CreateTokenRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_TOKEN_NAME_LENGTH, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }),
    scopes: Type.Array(TokenScopeSchema, { minItems: 1, uniqueItems: true }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'Default: never.' })),
  },
  { title: 'CreateTokenRequest', additionalProperties: false },
);
export type CreateTokenRequest = Static<typeof CreateTokenRequest>;

export const CreateTokenResponse = Type.Object(
  { token: Type.String({ description: 'Shown once: only its hash is stored.' }), info: ApiToken },
  { title: 'CreateTokenResponse' },
);
export type CreateTokenResponse = Static<typeof CreateTokenResponse>;

export const TokenParams = Type.Object({ projectId: Uuid, tokenId: Uuid });
export type TokenParams = Static<typeof TokenParams>;
