import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AddMemberRequest,
  AddMemberResponse,
  ErrorResponse,
  MemberParams,
  MembersResponse,
  ProjectParams,
  UpdateMemberRequest,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { createLink, pendingInvitations } from '../../../services/accounts/links.js';
import { findUserByEmail } from '../../../services/accounts/users.js';
import { checkRoleChange, listMembers, removeMember, roleOf, setMember } from '../../../services/members/members.js';
import type { FastifyRequest } from 'fastify';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** A project's members and their roles (admins; owners for owners). */
const members: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };

  /** The highest role the caller may give or take: any with the owner permission, else up to admin (tokens included). */
  const actorRole = (request: FastifyRequest) => (request.permissions.has('owner') ? undefined : ('admin' as const));

  app.get(
    '/v1/projects/:projectId/members',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'Members and pending invitations', params: ProjectParams, response: { 200: MembersResponse, ...errors } },
    },
    async (request) => ({
      members: await listMembers(app.db, request.projectId),
      invitations: (await pendingInvitations(app.db, request.projectId)).map((i) => ({
        email: i.email!,
        role: i.role!,
        expiresAt: new Date(i.expires_at).toISOString(),
      })),
    }),
  );

  app.post(
    '/v1/projects/:projectId/members',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Add a member, or invite one',
        description: 'A known account becomes a member at once; for anyone else the answer holds a one-time invitation link (7 days).',
        params: ProjectParams,
        body: AddMemberRequest,
        response: { 201: AddMemberResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { email, role } = request.body;
      checkRoleChange(actorRole(request), undefined, role);
      const user = await findUserByEmail(app.db, email);
      if (user) {
        const before = await setMember(app.db, request.projectId, user.id, role);
        await request.audit({
          action: before ? 'member.role_changed' : 'member.added',
          target: { type: 'user', id: user.id },
          changes: { role: { from: before ?? null, to: role } },
        });
        const member = (await listMembers(app.db, request.projectId)).find((m) => m.userId === user.id)!;
        return reply.code(201).send({ member, invitation: null });
      }
      const createdBy = request.principal?.kind === 'user' ? request.principal.userId : null;
      const invitation = await createLink(app.db, 'invite', { email, projectId: request.projectId, role, createdBy }, app.ownOrigin(request));
      await request.audit({
        action: 'member.invited',
        target: { type: 'invitation', id: null },
        changes: { email: email.toLowerCase(), role },
      });
      return reply.code(201).send({ member: null, invitation });
    },
  );

  app.patch(
    '/v1/projects/:projectId/members/:userId',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'Change a member’s role', params: MemberParams, body: UpdateMemberRequest, response: { 200: MembersResponse, ...errors } },
    },
    async (request) => {
      const { userId } = request.params;
      const before = await roleOf(app.db, request.projectId, userId);
      if (!before) throw new HttpError(404, 'not_found', `${userId} is not a member of this project`);
      checkRoleChange(actorRole(request), before, request.body.role);
      await setMember(app.db, request.projectId, userId, request.body.role);
      await request.audit({
        action: 'member.role_changed',
        target: { type: 'user', id: userId },
        changes: { role: { from: before, to: request.body.role } },
      });
      return { members: await listMembers(app.db, request.projectId), invitations: [] };
    },
  );

  app.delete(
    '/v1/projects/:projectId/members/:userId',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'Remove a member', params: MemberParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const before = await roleOf(app.db, request.projectId, userId);
      if (!before) throw new HttpError(404, 'not_found', `${userId} is not a member of this project`);
      checkRoleChange(actorRole(request), before, undefined);
      await removeMember(app.db, request.projectId, userId);
      await request.audit({
        action: 'member.removed',
        target: { type: 'user', id: userId },
        changes: { role: { from: before, to: null } },
      });
      return reply.code(204).send(null);
    },
  );
};

export default members;
