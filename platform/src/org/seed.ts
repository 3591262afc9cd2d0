/**
 * The demo organisation of a metadata package (`demoOrg` in its manifest): departments, users with roles, work
 * groups, and which users own the demo records. Written on a new database only, all users with one password.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createUser, findUserByName } from '../auth/users.ts';
import type { Clock } from '../clock.ts';
import { uuidv7 } from '../ids.ts';
import { toE164 } from './phone.ts';
import { loadPackage } from '../packages/loader.ts';

export type DemoOrg = {
  departments: { key: string; name: string; parent?: string; head?: string }[];
  users: {
    username: string;
    displayName: string;
    email?: string;
    phone?: string;
    roles: string[];
    department?: string;
    manager?: string;
    locale?: 'hu' | 'en';
  }[];
  groups?: { name: string; description?: string; members: string[] }[];
  /** Usernames the demo records are spread over. */
  owners?: string[];
};

export function readDemoOrg(dir: string): DemoOrg | null {
  const pkg = loadPackage(dir);
  if (!pkg.manifest.demoOrg) return null;
  const org = JSON.parse(fs.readFileSync(path.join(dir, pkg.manifest.demoOrg), 'utf8')) as DemoOrg;
  if (!Array.isArray(org.departments) || !Array.isArray(org.users))
    throw new Error(`${pkg.manifest.demoOrg}: needs "departments" and "users" arrays`);
  return org;
}

/**
 * Creates the departments, users and groups that do not exist yet. Returns the usernames created and the id of
 * every demo user by username.
 */
export async function seedDemoOrg(
  knex: Knex,
  clock: Clock,
  org: DemoOrg,
  password: string,
): Promise<{ created: string[]; ids: Map<string, string> }> {
  const deptIds = new Map<string, string>();
  for (const d of org.departments) {
    const existing = await knex('folyam_departments').where({ name: d.name }).first('id');
    const id = existing?.id ?? uuidv7();
    if (!existing) await knex('folyam_departments').insert({ id, name: d.name, parent_id: null, head_id: null });
    deptIds.set(d.key, id);
  }
  for (const d of org.departments) {
    if (d.parent)
      await knex('folyam_departments')
        .where({ id: deptIds.get(d.key) })
        .update({ parent_id: deptIds.get(d.parent) ?? null });
  }
  const created: string[] = [];
  const ids = new Map<string, string>();
  for (const u of org.users) {
    let user = await findUserByName(knex, u.username);
    if (!user) {
      await createUser(knex, clock, {
        username: u.username,
        displayName: u.displayName,
        email: u.email ?? null,
        phone: u.phone ? toE164(u.phone) : null,
        password,
        roles: u.roles,
        departmentId: u.department ? (deptIds.get(u.department) ?? null) : null,
        locale: u.locale ?? 'hu',
      });
      created.push(u.username);
      user = await findUserByName(knex, u.username);
    }
    ids.set(u.username, user!.id);
  }
  for (const u of org.users) {
    if (u.manager && ids.has(u.manager))
      await knex('folyam_users')
        .where({ id: ids.get(u.username) })
        .update({ manager_id: ids.get(u.manager) });
  }
  for (const d of org.departments) {
    if (d.head && ids.has(d.head))
      await knex('folyam_departments')
        .where({ id: deptIds.get(d.key) })
        .update({ head_id: ids.get(d.head) });
  }
  for (const g of org.groups ?? []) {
    if (await knex('folyam_groups').where({ name: g.name }).first('id')) continue;
    const id = uuidv7();
    await knex('folyam_groups').insert({ id, name: g.name, description: g.description ?? null });
    const members = g.members.map((m) => ids.get(m)).filter((x): x is string => Boolean(x));
    if (members.length)
      await knex('folyam_group_members').insert(members.map((user_id) => ({ group_id: id, user_id })));
  }
  return { created, ids };
}
