import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ChangePasswordRequest, ErrorResponse, MeResponse, SessionParams, SessionsResponse, UpdateMeRequest } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { membershipsOf } from '../../../services/members/members.js';
import { hashPassword, verifyPassword } from '../../../services/accounts/passwords.js';
import type { Principal } from '../../../services/accounts/principal.js';
import { endSession, listSessions } from '../../../services/accounts/sessions.js';
import { findUser, setPassword, toUserInfo, updateUser } from '../../../services/accounts/users.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
const userOf = (principal: Principal | undefined) => principal as UserPrincipal;

/** The signed-in person's own account: who they are, their projects, password and sessions. */
const me: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };
  const lifetime = { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs };

  async function current(principal: UserPrincipal) {
    const user = await findUser(app.db, principal.userId);
    if (!user) throw new HttpError(401, 'unauthorized', 'your account no longer exists');
    return user;
  }

  app.get(
    '/v1/me',
    { config: { access: 'signed-in' }, schema: { ...common, summary: 'The signed-in person and their projects', response: { 200: MeResponse, ...errors } } },
    async (request) => {
      const principal = userOf(request.principal);
      return { user: toUserInfo(await current(principal)), memberships: await membershipsOf(app.db, principal.userId, principal.instanceAdmin) };
    },
  );

  app.patch(
    '/v1/me',
    {
      config: { access: 'signed-in' },
      schema: { ...common, summary: 'Change one’s display name', body: UpdateMeRequest, response: { 200: MeResponse, ...errors } },
    },
    async (request) => {
      const principal = userOf(request.principal);
      const changed = await updateUser(app.db, principal.userId, { displayName: request.body.displayName });
      if (!changed) throw new HttpError(401, 'unauthorized', 'your account no longer exists');
      await request.audit({
        projectId: null,
        action: 'user.updated',
        target: { type: 'user', id: principal.userId },
        changes: { displayName: { from: changed.before.display_name, to: changed.after.display_name } },
      });
      return { user: toUserInfo(changed.after), memberships: await membershipsOf(app.db, principal.userId, principal.instanceAdmin) };
    },
  );

  app.put(
    '/v1/me/password',
    {
      config: { access: 'signed-in' },
      schema: {
        ...common,
        summary: 'Change one’s password',
        description: 'Every other session of the account ends. The current password is required when there is one.',
        body: ChangePasswordRequest,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const principal = userOf(request.principal);
      const user = await current(principal);
      if (user.password_hash !== null && !(await verifyPassword(user.password_hash, request.body.currentPassword ?? ''))) {
        throw new HttpError(400, 'invalid_credentials', 'the current password is wrong');
      }
      await setPassword(app.db, user.id, await hashPassword(request.body.newPassword), principal.sessionId);
      await request.audit({ projectId: null, action: 'user.password_changed', target: { type: 'user', id: user.id } });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/me/sessions',
    { config: { access: 'signed-in' }, schema: { ...common, summary: 'One’s sessions (devices signed in)', response: { 200: SessionsResponse, ...errors } } },
    async (request) => {
      const principal = userOf(request.principal);
      return { sessions: await listSessions(app.db, principal.userId, principal.sessionId, lifetime) };
    },
  );

  app.delete(
    '/v1/me/sessions/:sessionId',
    {
      config: { access: 'signed-in' },
      schema: { ...common, summary: 'End one of one’s sessions', params: SessionParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const principal = userOf(request.principal);
      if (!(await endSession(app.db, principal.userId, request.params.sessionId))) {
        throw new HttpError(404, 'not_found', `no session ${request.params.sessionId} of yours`);
      }
      await request.audit({
        projectId: null,
        action: 'session.ended',
        target: { type: 'session', id: request.params.sessionId },
      });
      return reply.code(204).send(null);
    },
  );
};

export default me;
