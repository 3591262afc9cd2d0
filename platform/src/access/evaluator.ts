/**
 * The access evaluator: one answer to `(actor, entity, action)` for every path — data API, queries, exports,
 * search, documents, reports. It gives whether the action is allowed, the row constraint (a filter tree over the
 * entity, joined into every query) and the field mask (hidden and read-only fields).
 */
import type { Knex } from 'knex';
import type { Action, Entity, FilterTree, Permission, Role } from '@folyam/metamodel';
import type { Actor } from '../auth/actor.ts';

export type AccessDecision = {
  allowed: boolean;
  /** Rows the actor reaches; `null` means every row. */
  rowFilter: FilterTree | null;
  /** Fields the actor may not read (absent from every response). */
  hidden: Set<string>;
  /** Fields the actor may read but not write. */
  readOnly: Set<string>;
};

export const DENIED: AccessDecision = { allowed: false, rowFilter: null, hidden: new Set(), readOnly: new Set() };
const FULL: AccessDecision = { allowed: true, rowFilter: null, hidden: new Set(), readOnly: new Set() };
const NOTHING: FilterTree = { field: 'id', op: 'in', value: [] };

export type AccessContext = {
  roles: Role[];
  /** Ids of the users in the actor's department and every department below it (the actor included). */
  departmentMembers(actor: Actor): Promise<string[]>;
};

function grants(p: Permission, entity: string, action: Action): boolean {
  return (p.entity === entity || p.entity === '*') && p.actions.includes(action);
}

/** The row constraint of one permission, or null when it reaches every row. */
async function constraintOf(p: Permission, actor: Actor, ctx: AccessContext): Promise<FilterTree | null> {
  const parts: FilterTree[] = [];
  const scope = p.scope ?? 'all';
  if (scope === 'own') parts.push({ field: 'ownerId', op: 'eq', value: actor.id });
  if (scope === 'department') {
    const members = actor.departmentId ? await ctx.departmentMembers(actor) : [actor.id];
    parts.push({ field: 'ownerId', op: 'in', value: members });
  }
  if (p.filter) parts.push(p.filter);
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : { and: parts };
}

/**
 * `evaluateAccess(actor, entity, 'read', ctx)` → `{ allowed, rowFilter, hidden, readOnly }`.
 * Several roles add up: any grant allows, row constraints are OR-ed, and a field stays hidden only if every
 * granting permission hides it.
 */
export async function evaluateAccess(
  actor: Actor,
  entity: Pick<Entity, 'name'>,
  action: Action,
  ctx: AccessContext,
): Promise<AccessDecision> {
  if (actor.admin) return FULL;
  const roles = ctx.roles.filter((r) => actor.roles.includes(r.name));
  if (roles.some((r) => r.admin)) return FULL;
  const granting = roles.flatMap((r) => r.permissions ?? []).filter((p) => grants(p, entity.name, action));
  if (!granting.length) return DENIED;
  const constraints: (FilterTree | null)[] = [];
  for (const p of granting) constraints.push(await constraintOf(p, actor, ctx));
  const rowFilter = constraints.some((c) => c === null)
    ? null
    : constraints.length === 1
      ? constraints[0]
      : { or: constraints as FilterTree[] };
  const intersect = (sets: string[][]) =>
    new Set(sets.length ? sets.reduce((a, b) => a.filter((x) => b.includes(x))) : []);
  return {
    allowed: true,
    rowFilter,
    hidden: intersect(granting.map((p) => p.hiddenFields ?? [])),
    readOnly: intersect(granting.map((p) => [...(p.readOnlyFields ?? []), ...(p.hiddenFields ?? [])])),
  };
}

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
    const users = await knex('folyam_users').whereIn('department_id', [...below]).select('id');
    return [...new Set([actor.id, ...users.map((u) => String(u.id))])];
  };
}

export { NOTHING as NO_ROWS };
