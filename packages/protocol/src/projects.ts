import Type, { type Static } from 'typebox';

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
