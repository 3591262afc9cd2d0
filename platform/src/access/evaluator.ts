/**
 * The access evaluator: one answer to `(actor, entity, action)` for every path — data API, queries, exports,
 * search, documents, reports. It gives whether the action is allowed, the row constraint (a filter tree over the
 * entity, joined into every query) and the field mask (hidden and read-only fields).
 */
import type { Action, Entity, FilterTree, Permission, Role } from '@folyam/metamodel';
import type { Actor } from '../auth/actor.ts';

export type AccessDecision = {
  allowed: boolean;
  /** Rows the actor reaches; `null` means every row. Records shared with the actor are OR-ed in by id. */
  rowFilter: FilterTree | null;
  /** Fields the actor may not read (absent from every response). */
  hidden: Set<string>;
  /** Fields the actor may read but not write. */
  readOnly: Set<string>;
  /**
   * Whom the actor may make a record's owner (`ownerId`): anyone (`'any'`), these users, or nobody (`null`).
   * Granted by administrators and by permissions with `assignOwner`, within their scope.
   */
  owners: 'any' | string[] | null;
};

export const DENIED: AccessDecision = {
  allowed: false,
  rowFilter: null,
  hidden: new Set(),
  readOnly: new Set(),
  owners: null,
};
const FULL: AccessDecision = { allowed: true, rowFilter: null, hidden: new Set(), readOnly: new Set(), owners: 'any' };
const NOTHING: FilterTree = { field: 'id', op: 'in', value: [] };

export type ShareAccess = 'read' | 'update';

export type AccessContext = {
  roles: Role[];
  /** Ids of the users in the actor's department and every department below it (the actor included). */
  departmentMembers(actor: Actor): Promise<string[]>;
  /** Ids of the users the actor manages, directly or through others (the actor not included). */
  subordinates?(actor: Actor): Promise<string[]>;
  /** Ids of the records of `entity` shared with the actor, or with a group of theirs, with at least `access`. */
  sharedWith?(actor: Actor, entity: string, access: ShareAccess): Promise<string[]>;
};

/** Which share access extends which action: read shares reach reads, update shares reach updates too. */
const SHARE_ACCESS: Partial<Record<Action, ShareAccess>> = {
  read: 'read',
  query: 'read',
  export: 'read',
  update: 'update',
};

function grants(p: Permission, entity: string, action: Action): boolean {
  return (p.entity === entity || p.entity === '*') && p.actions.includes(action);
}

/** The owners a permission's scope reaches, or null when it reaches every owner. */
async function ownersOf(p: Permission, actor: Actor, ctx: AccessContext): Promise<string[] | null> {
  switch (p.scope ?? 'all') {
    case 'own':
      return [actor.id];
    case 'department':
      return actor.departmentId ? ctx.departmentMembers(actor) : [actor.id];
    case 'subordinates':
      return [actor.id, ...((await ctx.subordinates?.(actor)) ?? [])];
    default:
      return null;
  }
}

/** The row constraint of one permission, or null when it reaches every row. */
async function constraintOf(p: Permission, actor: Actor, ctx: AccessContext): Promise<FilterTree | null> {
  const parts: FilterTree[] = [];
  const owners = await ownersOf(p, actor, ctx);
  if (owners)
    parts.push(
      owners.length === 1
        ? { field: 'ownerId', op: 'eq', value: owners[0] }
        : { field: 'ownerId', op: 'in', value: owners },
    );
  if (p.filter) parts.push(p.filter);
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : { and: parts };
}

/**
 * `evaluateAccess(actor, entity, 'read', ctx)` → `{ allowed, rowFilter, hidden, readOnly, owners }`.
 * Several roles add up: any grant allows, row constraints are OR-ed, and a field stays hidden only if every
 * granting permission hides it. Sharing widens the rows of an action the actor's roles grant; it never grants an
 * action by itself.
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
  let rowFilter: FilterTree | null = constraints.some((c) => c === null)
    ? null
    : constraints.length === 1
      ? constraints[0]
      : { or: constraints as FilterTree[] };
  const shareAccess = SHARE_ACCESS[action];
  if (rowFilter && shareAccess && ctx.sharedWith) {
    const shared = await ctx.sharedWith(actor, entity.name, shareAccess);
    if (shared.length) rowFilter = { or: [rowFilter, { field: 'id', op: 'in', value: shared }] };
  }
  let owners: AccessDecision['owners'] = null;
  for (const p of granting.filter((x) => x.assignOwner)) {
    const reach = await ownersOf(p, actor, ctx);
    if (reach === null) {
      owners = 'any';
      break;
    }
    owners = [...new Set([...((owners as string[] | null) ?? []), ...reach])];
  }
  const intersect = (sets: string[][]) =>
    new Set(sets.length ? sets.reduce((a, b) => a.filter((x) => b.includes(x))) : []);
  return {
    allowed: true,
    rowFilter,
    hidden: intersect(granting.map((p) => p.hiddenFields ?? [])),
    readOnly: intersect(granting.map((p) => [...(p.readOnlyFields ?? []), ...(p.hiddenFields ?? [])])),
    owners,
  };
}

/** Whether the actor's roles grant the audit view (`GET /api/audit`). */
export function canReadAudit(actor: Actor, roles: Role[]): boolean {
  return actor.admin || roles.some((r) => actor.roles.includes(r.name) && (r.admin || r.audit));
}

export { NOTHING as NO_ROWS };
