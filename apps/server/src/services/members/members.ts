import type { Kysely } from 'kysely';
import type { Member, Membership, Role } from '@feedloop/protocol';
import { ROLES } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

/** Roles rank viewer < member < admin < owner. */
export const roleRank = (role: Role) => ROLES.indexOf(role);

export async function listMembers(db: Kysely<Database>, projectId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.disabled', 'memberships.role', 'memberships.created_at'])
    .where('memberships.project_id', '=', projectId)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function roleOf(db: Kysely<Database>, projectId: string, userId: string): Promise<Role | undefined> {
  const row = await db.selectFrom('memberships').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

/**
 * Who may give or take which role: an admin manages members up to admin; only an owner makes,
 * changes or removes owners. `actorRole` undefined means the instance's operator or an instance
 * admin, who may do anything.
 */
export function checkRoleChange(actorRole: Role | undefined, from: Role | undefined, to: Role | undefined): void {
  if (actorRole === undefined || actorRole === 'owner') return;
  if ((from && roleRank(from) > roleRank(actorRole)) || (to && roleRank(to) > roleRank(actorRole))) {
    throw new HttpError(403, 'forbidden', 'only an owner can make, change or remove owners');
  }
}

/** Adds or changes a membership; returns the role it had before (undefined if new). */
export async function setMember(db: Kysely<Database>, projectId: string, userId: string, role: Role): Promise<Role | undefined> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('memberships').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (before) {
      if (before.role === 'owner' && role !== 'owner') await keepAnOwner(trx, projectId, userId);
      await trx.updateTable('memberships').set({ role }).where('project_id', '=', projectId).where('user_id', '=', userId).execute();
    } else {
      await trx.insertInto('memberships').values({ project_id: projectId, user_id: userId, role }).execute();
    }
    return before?.role;
  });
}

/** Removes a member; returns the role they had (undefined: not a member). */
export async function removeMember(db: Kysely<Database>, projectId: string, userId: string): Promise<Role | undefined> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('memberships').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!before) return undefined;
    if (before.role === 'owner') await keepAnOwner(trx, projectId, userId);
    await trx.deleteFrom('memberships').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
    return before.role;
  });
}

/** A project keeps at least one owner. */
async function keepAnOwner(db: Kysely<Database>, projectId: string, leavingUserId: string): Promise<void> {
  const other = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('role', '=', 'owner')
    .where('user_id', '<>', leavingUserId)
    .executeTakeFirst();
  if (!other) throw new HttpError(409, 'conflict', 'a project keeps at least one owner: make someone else owner first');
}

/** The projects a person may open, with their role (an instance admin: every project, as owner). */
export async function membershipsOf(db: Kysely<Database>, userId: string, instanceAdmin: boolean): Promise<Membership[]> {
  if (instanceAdmin) {
    const rows = await db.selectFrom('projects').select(['id', 'name']).orderBy('name').execute();
    return rows.map((r) => ({ projectId: r.id, name: r.name, role: 'owner' }));
  }
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('projects', 'projects.id', 'memberships.project_id')
    .select(['projects.id', 'projects.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('projects.name')
    .execute();
  return rows.map((r) => ({ projectId: r.id, name: r.name, role: r.role }));
}
