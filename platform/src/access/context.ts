/** The access evaluator's view of the database: department members, subordinates and shares, per evaluation. */
import type { Role } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import { loadOrg } from '../org/load.ts';
import { subordinatesOf, type Org } from '../org/org.ts';
import type { AccessContext } from './evaluator.ts';
import { sharedRecordIds } from './shares.ts';

export type AccessContextFactory = (roles: Role[]) => AccessContext;

/** Department membership from the organisation tables: the actor's department and all below it. */
export function departmentMembersFromDb(knex: Knex): (actor: Actor) => Promise<string[]> {
  return async (actor) => {
    if (!actor.departmentId) return [actor.id];
    const departments = await knex('folyam_departments').select('id', 'parent_id');
    const below = new Set<string>([actor.departmentId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of departments) {
        if (d.parent_id && below.has(d.parent_id) && !below.has(d.id)) {
          below.add(d.id);
          grew = true;
        }
      }
    }
    const users = await knex('folyam_users')
      .whereIn('department_id', [...below])
      .select('id');
    return [...new Set([actor.id, ...users.map((u) => String(u.id))])];
  };
}

/**
 * `accessContextFromDb(knex)(snapshot.roles)` → an AccessContext reading the organisation and the shares. Nothing
 * is cached between evaluations, so an organisation change or a new share counts at the next request.
 */
export function accessContextFromDb(knex: Knex): AccessContextFactory {
  const departmentMembers = departmentMembersFromDb(knex);
  return (roles) => {
    let org: Promise<Org> | null = null;
    return {
      roles,
      departmentMembers,
      async subordinates(actor) {
        org ??= loadOrg(knex);
        return subordinatesOf(await org, actor.id);
      },
      sharedWith: (actor, entity, access) => sharedRecordIds(knex, actor.id, entity, access),
    };
  };
}
