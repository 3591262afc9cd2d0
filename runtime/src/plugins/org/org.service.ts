/**
 * The organisation API's logic: departments, work groups and users, for administrators only (the platform's
 * OrgAdmin refuses anyone else with 403). Users are returned without anything secret.
 */
import type { Actor, Platform, User } from '@folyam/platform';

export type OrgKind = 'departments' | 'groups' | 'users';

const publicUser = (u: User) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  phone: u.phone,
  roles: u.roles,
  departmentId: u.departmentId,
  managerId: u.managerId,
  locale: u.locale,
  disabled: u.disabled,
  createdAt: u.createdAt,
});

export async function listOrg(platform: Platform, actor: Actor, kind: OrgKind) {
  if (kind === 'departments') return { items: await platform.org.listDepartments(actor) };
  if (kind === 'groups') return { items: await platform.org.listGroups(actor) };
  return { items: (await platform.org.listUsers(actor)).map(publicUser) };
}

export async function createOrg(platform: Platform, actor: Actor, kind: OrgKind, body: Record<string, unknown>) {
  if (kind === 'departments') return platform.org.createDepartment(actor, body);
  if (kind === 'groups') return platform.org.createGroup(actor, body);
  return publicUser(await platform.org.createUser(actor, body));
}

export async function updateOrg(
  platform: Platform,
  actor: Actor,
  kind: OrgKind,
  id: string,
  body: Record<string, unknown>,
) {
  if (kind === 'departments') return platform.org.updateDepartment(actor, id, body);
  if (kind === 'groups') return platform.org.updateGroup(actor, id, body);
  return publicUser(await platform.org.updateUser(actor, id, body));
}

export async function deleteOrg(platform: Platform, actor: Actor, kind: 'departments' | 'groups', id: string) {
  if (kind === 'departments') await platform.org.deleteDepartment(actor, id);
  else await platform.org.deleteGroup(actor, id);
}

export async function resetPassword(platform: Platform, actor: Actor, id: string, body: Record<string, unknown>) {
  await platform.org.resetPassword(actor, id, body);
}
