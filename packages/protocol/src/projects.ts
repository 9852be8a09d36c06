import Type, { type Static } from 'typebox';

/** Projects, their allowed origins and API keys (admin token). */

export const Origin = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'A browser origin such as https://app.example.com, or * for any.',
});

export const CreateProjectRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    allowedOrigins: Type.Optional(Type.Array(Origin, { maxItems: 100 })),
  },
  { title: 'CreateProjectRequest' },
);
export type CreateProjectRequest = Static<typeof CreateProjectRequest>;

export const CreateProjectResponse = Type.Object(
  {
    projectId: Type.String({ format: 'uuid' }),
    publicKey: Type.String({ description: 'pk_…: safe to embed in pages; can only write events.' }),
    secretKey: Type.String({ description: 'sk_…: reads the project data. Shown once, stored only as a hash.' }),
  },
  { title: 'CreateProjectResponse' },
);
export type CreateProjectResponse = Static<typeof CreateProjectResponse>;

export const ProjectParams = Type.Object({ projectId: Type.String({ format: 'uuid' }) });
export const KeyParams = Type.Object({ projectId: Type.String({ format: 'uuid' }), keyId: Type.String({ format: 'uuid' }) });

export const KeyKind = Type.Union([Type.Literal('public'), Type.Literal('secret')]);
export type KeyKind = Static<typeof KeyKind>;

export const ApiKeyInfo = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: KeyKind,
  hint: Type.String({ description: 'The first characters of the key.' }),
  publicKey: Type.Optional(Type.String({ description: 'The whole key, for public keys only.' })),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiKeyInfo = Static<typeof ApiKeyInfo>;

export const ApiKeysResponse = Type.Object({ keys: Type.Array(ApiKeyInfo) }, { title: 'ApiKeysResponse' });
export type ApiKeysResponse = Static<typeof ApiKeysResponse>;

export const CreateKeyRequest = Type.Object({ kind: KeyKind }, { title: 'CreateKeyRequest' });
export const CreateKeyResponse = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: KeyKind,
    key: Type.String({ description: 'The new key; for a secret key this is the only time it is shown.' }),
  },
  { title: 'CreateKeyResponse' },
);
export type CreateKeyResponse = Static<typeof CreateKeyResponse>;

export const UpdateProjectRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    allowedOrigins: Type.Optional(Type.Array(Origin, { maxItems: 100 })),
  },
  { title: 'UpdateProjectRequest' },
);
export type UpdateProjectRequest = Static<typeof UpdateProjectRequest>;

export const ProjectInfo = Type.Object(
  {
    projectId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    allowedOrigins: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ProjectInfo' },
);
export type ProjectInfo = Static<typeof ProjectInfo>;
