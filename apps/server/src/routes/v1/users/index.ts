import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuditQuery,
  AuditResponse,
  CreateUserRequest,
  CreateUserResponse,
  ErrorResponse,
  OneTimeLink,
  UpdateUserRequest,
  UserInfo,
  UserParams,
  UsersResponse,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { createLink, NEW_ACCOUNT_LINK_MS } from '../../../services/accounts/links.js';
import { createUser, findUser, listUsers, toUserInfo, updateUser } from '../../../services/accounts/users.js';
import { listAudit, recordAudit } from '../../../services/audit/audit.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** The instance's people, for instance admins (and the operator token): accounts, not roles. */
const users: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };
  const notFound = (id: string) => new HttpError(404, 'not_found', `no user ${id}`);

  app.get(
    '/v1/users',
    { config: { access: 'instance' }, schema: { ...common, summary: 'Every account', response: { 200: UsersResponse, ...errors } } },
    async () => ({ users: (await listUsers(app.db)).map(toUserInfo) }),
  );

  app.post(
    '/v1/users',
    {
      config: { access: 'instance' },
      schema: {
        ...common,
        summary: 'Create an account',
        description: 'Answers with a one-time link (24 hours) for the person to choose a password; give it to them.',
        body: CreateUserRequest,
        response: { 201: CreateUserResponse, ...errors },
      },
    },
    async (request, reply) => {
      const created = await app.db.transaction().execute(async (trx) => {
        const user = await createUser(trx, request.body);
        const link = await createLink(trx, 'reset', { userId: user.id, createdBy: creatorOf(request.principal) }, app.ownOrigin(request), NEW_ACCOUNT_LINK_MS);
        await recordAudit(trx, {
          principal: request.principal,
          projectId: null,
          action: 'user.created',
          target: { type: 'user', id: user.id },
          changes: { email: user.email, instanceAdmin: user.instance_admin },
          clientAddress: request.clientAddress,
        });
        return { user: toUserInfo(user), link: { ...link, expiresAt: link.expiresAt } };
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/v1/users/:userId',
    {
      config: { access: 'instance' },
      schema: {
        ...common,
        summary: 'Rename, disable or enable an account, or make it an instance admin',
        description: 'Disabling ends every session of the account at once.',
        params: UserParams,
        body: UpdateUserRequest,
        response: { 200: UserInfo, ...errors },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const me = request.principal?.kind === 'user' ? request.principal.userId : undefined;
      if (userId === me && (request.body.disabled === true || request.body.instanceAdmin === false)) {
        throw new HttpError(409, 'conflict', 'you cannot disable yourself or take away your own instance admin right');
      }
      const changed = await updateUser(app.db, userId, request.body);
      if (!changed) throw notFound(userId);
      const { before, after } = changed;
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      if (before.display_name !== after.display_name) diff.displayName = { from: before.display_name, to: after.display_name };
      if (before.disabled !== after.disabled) diff.disabled = { from: before.disabled, to: after.disabled };
      if (before.instance_admin !== after.instance_admin) diff.instanceAdmin = { from: before.instance_admin, to: after.instance_admin };
      await request.audit({
        projectId: null,
        action: 'user.updated',
        target: { type: 'user', id: userId },
        changes: diff,
      });
      return toUserInfo(after);
    },
  );

  app.post(
    '/v1/users/:userId/password-reset',
    {
      config: { access: 'instance' },
      schema: {
        ...common,
        summary: 'A one-time link (1 hour) for the person to choose a new password',
        description: 'Mail is not configured: give the link to the person. Using it ends every session of the account.',
        params: UserParams,
        response: { 201: OneTimeLink, ...errors },
      },
    },
    async (request, reply) => {
      const user = await findUser(app.db, request.params.userId);
      if (!user) throw notFound(request.params.userId);
      const link = await createLink(app.db, 'reset', { userId: user.id, createdBy: creatorOf(request.principal) }, app.ownOrigin(request));
      await request.audit({
        projectId: null,
        action: 'user.password_reset_link',
        target: { type: 'user', id: user.id },
      });
      return reply.code(201).send(link);
    },
  );

  app.get(
    '/v1/audit',
    {
      config: { access: 'instance' },
      schema: {
        ...common,
        summary: 'The instance’s audit trail: sign-ins, failed sign-ins, accounts',
        querystring: AuditQuery,
        response: { 200: AuditResponse, ...errors },
      },
    },
    async (request) => listAudit(app.db, null, request.query),
  );
};

function creatorOf(principal: { kind: string; userId?: string } | undefined): string | null {
  return principal?.kind === 'user' ? principal.userId ?? null : null;
}

export default users;
