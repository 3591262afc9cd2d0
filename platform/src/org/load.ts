/** Builds the in-memory organisation from `folyam_users`, `folyam_departments` and the work-group tables. */
import type { Knex } from 'knex';
import { buildOrg, type Org, type OrgGroup } from './org.ts';

/** `await loadOrg(knex)` → an Org snapshot; cheap enough to load per request for organisations of thousands. */
export async function loadOrg(knex: Knex): Promise<Org> {
  const [users, departments, groups, members] = await Promise.all([
    knex('folyam_users').select(
      'id',
      'username',
      'display_name',
      'email',
      'phone',
      'roles',
      'department_id',
      'manager_id',
      'disabled',
    ),
    knex('folyam_departments').select('id', 'name', 'parent_id', 'head_id'),
    knex('folyam_groups').select('id', 'name', 'description'),
    knex('folyam_group_members').select('group_id', 'user_id'),
  ]);
  const byGroup = new Map<string, string[]>();
  for (const m of members)
    byGroup.set(String(m.group_id), [...(byGroup.get(String(m.group_id)) ?? []), String(m.user_id)]);
  return buildOrg({
    users: users.map((u) => ({
      id: String(u.id),
      username: String(u.username),
      displayName: String(u.display_name),
      email: u.email ?? null,
      phone: u.phone ?? null,
      roles: JSON.parse(String(u.roles ?? '[]')) as string[],
      departmentId: u.department_id ?? null,
      managerId: u.manager_id ?? null,
      disabled: Boolean(u.disabled),
    })),
    departments: departments.map((d) => ({
      id: String(d.id),
      name: String(d.name),
      parentId: d.parent_id ?? null,
      headId: d.head_id ?? null,
    })),
    groups: groups.map((g): OrgGroup => ({
      id: String(g.id),
      name: String(g.name),
      description: g.description ?? null,
      members: byGroup.get(String(g.id)) ?? [],
    })),
  });
}
