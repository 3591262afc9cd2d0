/**
 * The organisation as a value: persons, hierarchical departments (each with a head), work groups, and the
 * relations between them ("manager of", "subordinates of", "members of a role"). Pure functions over an in-memory
 * snapshot, so the access evaluator, FEEL contexts and processes ask the same questions the same way; `loadOrg`
 * builds the snapshot from the database.
 */

export type OrgUser = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  /** Mobile number in E.164, when known. */
  phone?: string | null;
  roles: string[];
  departmentId: string | null;
  /** An explicit manager; without one, the manager is the head of the user's department (or the one above). */
  managerId: string | null;
  disabled: boolean;
};

export type OrgDepartment = { id: string; name: string; parentId: string | null; headId: string | null };
export type OrgGroup = { id: string; name: string; description: string | null; members: string[] };

export type Org = {
  users: Map<string, OrgUser>;
  departments: Map<string, OrgDepartment>;
  groups: Map<string, OrgGroup>;
};

/** `buildOrg({ users, departments, groups })` → an Org indexed by id. */
export function buildOrg(input: { users: OrgUser[]; departments: OrgDepartment[]; groups?: OrgGroup[] }): Org {
  return {
    users: new Map(input.users.map((u) => [u.id, u])),
    departments: new Map(input.departments.map((d) => [d.id, d])),
    groups: new Map((input.groups ?? []).map((g) => [g.id, g])),
  };
}

/** A department and every department below it (cycle-safe). `departmentsBelow(org, 'dep-sales')` → Set of ids. */
export function departmentsBelow(org: Org, departmentId: string): Set<string> {
  const below = new Set<string>([departmentId]);
  const children = new Map<string, string[]>();
  for (const d of org.departments.values()) {
    if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  }
  const queue = [departmentId];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      if (!below.has(c)) {
        below.add(c);
        queue.push(c);
      }
    }
  }
  return below;
}

/** The department and its ancestors, nearest first (cycle-safe). */
export function departmentPath(org: Org, departmentId: string): OrgDepartment[] {
  const out: OrgDepartment[] = [];
  const seen = new Set<string>();
  let d = org.departments.get(departmentId);
  while (d && !seen.has(d.id)) {
    out.push(d);
    seen.add(d.id);
    d = d.parentId ? org.departments.get(d.parentId) : undefined;
  }
  return out;
}

const active = (org: Org, id: string) => org.users.get(id)?.disabled === false;

/**
 * Users of a department (and, with `below`, of every department under it). Disabled users are left out unless
 * `includeDisabled` — access scopes include them, since their records still belong to the department.
 */
export function membersOfDepartment(
  org: Org,
  departmentId: string,
  options: { below?: boolean; includeDisabled?: boolean } = {},
): string[] {
  const depts = options.below === false ? new Set([departmentId]) : departmentsBelow(org, departmentId);
  return [...org.users.values()]
    .filter((u) => u.departmentId && depts.has(u.departmentId) && (options.includeDisabled || !u.disabled))
    .map((u) => u.id);
}

/**
 * The manager of a user: the explicit manager when set, else the head of their department, else (when they head
 * it themselves or it has none) the nearest head above. `managerOf(org, salesId)` → the sales head's id, or null.
 */
export function managerOf(org: Org, userId: string): string | null {
  const user = org.users.get(userId);
  if (!user) return null;
  if (user.managerId && user.managerId !== userId && org.users.has(user.managerId)) return user.managerId;
  if (!user.departmentId) return null;
  for (const d of departmentPath(org, user.departmentId)) {
    if (d.headId && d.headId !== userId && org.users.has(d.headId)) return d.headId;
  }
  return null;
}

/** Users whose manager (by `managerOf`) is this user. */
export function directReportsOf(org: Org, userId: string): string[] {
  return [...org.users.keys()].filter((id) => id !== userId && managerOf(org, id) === userId);
}

/**
 * Everyone a user manages, directly or through others, all the way down (the user not included).
 * `subordinatesOf(org, headId)` → ids of the department's members and of the heads below and their people.
 */
export function subordinatesOf(org: Org, userId: string): string[] {
  const reports = new Map<string, string[]>();
  for (const id of org.users.keys()) {
    const m = managerOf(org, id);
    if (m) reports.set(m, [...(reports.get(m) ?? []), id]);
  }
  const out = new Set<string>();
  const queue = [userId];
  while (queue.length) {
    for (const r of reports.get(queue.shift()!) ?? []) {
      if (r !== userId && !out.has(r)) {
        out.add(r);
        queue.push(r);
      }
    }
  }
  return [...out];
}

/** Active users holding a role. `membersOfRole(org, 'salesManager')` → ids. */
export function membersOfRole(org: Org, role: string): string[] {
  return [...org.users.values()].filter((u) => !u.disabled && u.roles.includes(role)).map((u) => u.id);
}

/** A group by id or by name. */
export function findGroup(org: Org, group: string): OrgGroup | undefined {
  return org.groups.get(group) ?? [...org.groups.values()].find((g) => g.name === group);
}

/** Active members of a work group, by the group's id or name. `membersOfGroup(org, 'Kulcsügyfelek')` → ids. */
export function membersOfGroup(org: Org, group: string): string[] {
  return (findGroup(org, group)?.members ?? []).filter((id) => active(org, id));
}

/** The ids of the groups a user belongs to. */
export function groupsOf(org: Org, userId: string): string[] {
  return [...org.groups.values()].filter((g) => g.members.includes(userId)).map((g) => g.id);
}

/** Whether making `parentId` the parent of `departmentId` would close a loop in the tree. */
export function wouldCycle(org: Org, departmentId: string, parentId: string | null): boolean {
  return parentId !== null && departmentsBelow(org, departmentId).has(parentId);
}

/** Whether making `managerId` the explicit manager of `userId` would close a loop of explicit managers. */
export function wouldCycleManager(org: Org, userId: string, managerId: string | null): boolean {
  const seen = new Set<string>([userId]);
  let m = managerId;
  while (m) {
    if (seen.has(m)) return true;
    seen.add(m);
    m = org.users.get(m)?.managerId ?? null;
  }
  return false;
}
