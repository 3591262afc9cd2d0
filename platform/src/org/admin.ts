/**
 * Administration of the organisation: departments (a tree, each with a head), work groups with members, and users
 * (display name, email, roles, department, manager, locale, disabled, password reset). Administrators only; every
 * change is a domain event, so the audit log records it in the same transaction.
 */
import { issue, type Issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import { checkPasswordPolicy } from '../auth/passwords.ts';
import { createUser, findUserById, rowToUser, setPassword, type User } from '../auth/users.ts';
import type { Clock } from '../clock.ts';
import { toDbDateTime } from '../db/connection.ts';
import { errors } from '../errors.ts';
import type { DomainEvent, EventBus } from '../events/bus.ts';
import { uuidv7 } from '../ids.ts';
import type { MetaStore } from '../meta/store.ts';
import { loadOrg } from './load.ts';
import { toE164 } from './phone.ts';
import { wouldCycle, wouldCycleManager, type OrgDepartment, type OrgGroup } from './org.ts';

export type OrgAdminDeps = { knex: Knex; clock: Clock; events: EventBus; meta: MetaStore };
type Input = Record<string, unknown>;

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_MEMBERS = 5000;

const custom = (path: string, code: string, hu: string, en: string): Issue => ({ path, code, message: { hu, en } });

/** Issues for keys outside `allowed`. */
function unknownKeys(input: Input, allowed: string[]): Issue[] {
  return Object.keys(input)
    .filter((k) => !allowed.includes(k))
    .map((k) => issue(k, 'unknownKey', { key: k }));
}

/** A trimmed string of 1..max characters (null allowed when not required), or an issue. */
function text(
  input: Input,
  key: string,
  issues: Issue[],
  opts: { required?: boolean; max: number },
): string | null | undefined {
  if (!(key in input)) {
    if (opts.required) issues.push(issue(key, 'required'));
    return undefined;
  }
  const v = input[key];
  if (v === null || (typeof v === 'string' && v.trim() === '')) {
    if (opts.required) issues.push(issue(key, 'required'));
    return null;
  }
  if (typeof v !== 'string') {
    issues.push(issue(key, 'invalidType', { expected: 'string' }));
    return undefined;
  }
  if (v.trim().length > opts.max) issues.push(issue(key, 'tooLong', { max: opts.max }));
  return v.trim();
}

function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw errors.forbidden();
}

export class OrgAdmin {
  constructor(private readonly deps: OrgAdminDeps) {}

  private async exists(table: string, id: unknown): Promise<boolean> {
    return typeof id === 'string' && ID_RE.test(id) && Boolean(await this.deps.knex(table).where({ id }).first('id'));
  }

  /** An id field that may be null: it must name an existing row of `table`. */
  private async reference(
    input: Input,
    key: string,
    table: string,
    issues: Issue[],
  ): Promise<string | null | undefined> {
    if (!(key in input)) return undefined;
    const v = input[key];
    if (v === null) return null;
    if (!(await this.exists(table, v))) {
      issues.push(issue(key, 'referenceMissing'));
      return undefined;
    }
    return v as string;
  }

  private async emit(
    trx: Knex,
    type: 'org.department' | 'org.group' | 'org.user',
    actor: Actor,
    info: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.events.emit(trx, { type, actor, info } as DomainEvent);
  }

  // ---- departments

  async listDepartments(actor: Actor): Promise<OrgDepartment[]> {
    requireAdmin(actor);
    const rows = await this.deps.knex('folyam_departments').select('*').orderBy('name');
    return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id ?? null, headId: r.head_id ?? null }));
  }

  private async departmentInput(input: Input, id: string | null): Promise<Partial<OrgDepartment>> {
    const issues = unknownKeys(input, ['name', 'parentId', 'headId']);
    const out: Partial<OrgDepartment> = {};
    const name = text(input, 'name', issues, { required: id === null, max: 200 });
    if (name) out.name = name;
    const parentId = await this.reference(input, 'parentId', 'folyam_departments', issues);
    if (parentId !== undefined) {
      if (id && parentId && wouldCycle(await loadOrg(this.deps.knex), id, parentId)) {
        issues.push(
          custom(
            'parentId',
            'cycle',
            'Egy osztály nem kerülhet önmaga vagy egy alosztálya alá.',
            'A department cannot be placed under itself or one of its sub-departments.',
          ),
        );
      } else out.parentId = parentId;
    }
    const headId = await this.reference(input, 'headId', 'folyam_users', issues);
    if (headId !== undefined) out.headId = headId;
    if (issues.length) throw errors.validation(issues);
    return out;
  }

  async createDepartment(actor: Actor, input: Input): Promise<OrgDepartment> {
    requireAdmin(actor);
    const v = await this.departmentInput(input, null);
    const dep: OrgDepartment = { id: uuidv7(), name: v.name!, parentId: v.parentId ?? null, headId: v.headId ?? null };
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_departments').insert({
        id: dep.id,
        name: dep.name,
        parent_id: dep.parentId,
        head_id: dep.headId,
      });
      await this.emit(trx, 'org.department', actor, { op: 'created', id: dep.id, after: dep });
    });
    return dep;
  }

  async updateDepartment(actor: Actor, id: string, input: Input): Promise<OrgDepartment> {
    requireAdmin(actor);
    const before = await this.deps.knex('folyam_departments').where({ id }).first();
    if (!before) throw errors.notFound({ hu: 'Az osztály', en: 'The department' });
    const v = await this.departmentInput(input, id);
    const after: OrgDepartment = {
      id,
      name: v.name ?? before.name,
      parentId: v.parentId !== undefined ? v.parentId : (before.parent_id ?? null),
      headId: v.headId !== undefined ? v.headId : (before.head_id ?? null),
    };
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_departments')
        .where({ id })
        .update({ name: after.name, parent_id: after.parentId, head_id: after.headId });
      await this.emit(trx, 'org.department', actor, { op: 'updated', id, changes: v });
    });
    return after;
  }

  /** Deletes an empty department; one with members or sub-departments is a 409. */
  async deleteDepartment(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    const dep = await this.deps.knex('folyam_departments').where({ id }).first();
    if (!dep) throw errors.notFound({ hu: 'Az osztály', en: 'The department' });
    const child = await this.deps.knex('folyam_departments').where({ parent_id: id }).first('id');
    const member = await this.deps.knex('folyam_users').where({ department_id: id }).first('id');
    if (child || member) {
      throw errors.conflict('DEPARTMENT_NOT_EMPTY', {
        hu: 'Az osztálynak vannak tagjai vagy alosztályai; előbb helyezze át őket.',
        en: 'The department has members or sub-departments; move them first.',
      });
    }
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_departments').where({ id }).delete();
      await this.emit(trx, 'org.department', actor, { op: 'deleted', id, before: { name: dep.name } });
    });
  }

  // ---- groups

  async listGroups(actor: Actor): Promise<OrgGroup[]> {
    requireAdmin(actor);
    const org = await loadOrg(this.deps.knex);
    return [...org.groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'hu'));
  }

  private async groupInput(input: Input, id: string | null): Promise<Partial<OrgGroup>> {
    const issues = unknownKeys(input, ['name', 'description', 'members']);
    const out: Partial<OrgGroup> = {};
    const name = text(input, 'name', issues, { required: id === null, max: 200 });
    if (name) {
      const clash = await this.deps
        .knex('folyam_groups')
        .where({ name })
        .whereNot('id', id ?? '')
        .first('id');
      if (clash) issues.push(issue('name', 'unique'));
      out.name = name;
    }
    const description = text(input, 'description', issues, { max: 1000 });
    if (description !== undefined) out.description = description;
    if ('members' in input) {
      const m = input.members;
      if (!Array.isArray(m) || m.some((x) => typeof x !== 'string' || !ID_RE.test(x)))
        issues.push(issue('members', 'invalidType', { expected: 'array of user ids' }));
      else if (m.length > MAX_MEMBERS) issues.push(issue('members', 'tooManyItems', { max: MAX_MEMBERS }));
      else {
        const ids = [...new Set(m as string[])];
        const found = new Set(
          (await this.deps.knex('folyam_users').whereIn('id', ids).select('id')).map((r) => String(r.id)),
        );
        ids.forEach((uid) => {
          if (!found.has(uid)) issues.push(issue(`members[${(m as string[]).indexOf(uid)}]`, 'referenceMissing'));
        });
        out.members = ids;
      }
    }
    if (issues.length) throw errors.validation(issues);
    return out;
  }

  private async writeMembers(trx: Knex, groupId: string, members: string[]): Promise<void> {
    await trx('folyam_group_members').where({ group_id: groupId }).delete();
    for (let i = 0; i < members.length; i += 500) {
      await trx('folyam_group_members').insert(
        members.slice(i, i + 500).map((user_id) => ({ group_id: groupId, user_id })),
      );
    }
  }

  async createGroup(actor: Actor, input: Input): Promise<OrgGroup> {
    requireAdmin(actor);
    const v = await this.groupInput(input, null);
    const group: OrgGroup = {
      id: uuidv7(),
      name: v.name!,
      description: v.description ?? null,
      members: v.members ?? [],
    };
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_groups').insert({ id: group.id, name: group.name, description: group.description });
      await this.writeMembers(trx, group.id, group.members);
      await this.emit(trx, 'org.group', actor, { op: 'created', id: group.id, after: group });
    });
    return group;
  }

  async updateGroup(actor: Actor, id: string, input: Input): Promise<OrgGroup> {
    requireAdmin(actor);
    const before = (await loadOrg(this.deps.knex)).groups.get(id);
    if (!before) throw errors.notFound({ hu: 'A csoport', en: 'The group' });
    const v = await this.groupInput(input, id);
    const after: OrgGroup = { ...before, ...v };
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_groups').where({ id }).update({ name: after.name, description: after.description });
      if (v.members) await this.writeMembers(trx, id, v.members);
      await this.emit(trx, 'org.group', actor, { op: 'updated', id, changes: v });
    });
    return after;
  }

  async deleteGroup(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    const group = await this.deps.knex('folyam_groups').where({ id }).first();
    if (!group) throw errors.notFound({ hu: 'A csoport', en: 'The group' });
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_groups').where({ id }).delete();
      await this.emit(trx, 'org.group', actor, { op: 'deleted', id, before: { name: group.name } });
    });
  }

  // ---- users

  async listUsers(actor: Actor): Promise<User[]> {
    requireAdmin(actor);
    const rows = await this.deps.knex('folyam_users').select('*').orderBy('username');
    return rows.map(rowToUser);
  }

  /** The validated profile fields shared by create and update. */
  private async profileInput(input: Input, userId: string | null, issues: Issue[]) {
    const out: {
      displayName?: string;
      email?: string | null;
      phone?: string | null;
      roles?: string[];
      departmentId?: string | null;
      managerId?: string | null;
      locale?: 'hu' | 'en';
      disabled?: boolean;
    } = {};
    const displayName = text(input, 'displayName', issues, { max: 200 });
    if (displayName === null) issues.push(issue('displayName', 'required'));
    else if (displayName !== undefined) out.displayName = displayName;
    const email = text(input, 'email', issues, { max: 254 });
    if (email && !EMAIL_RE.test(email)) issues.push(issue('email', 'email'));
    else if (email !== undefined) out.email = email;
    const phone = text(input, 'phone', issues, { max: 40 });
    if (phone) {
      const e164 = toE164(phone);
      if (e164) out.phone = e164;
      else
        issues.push(
          custom(
            'phone',
            'phone',
            'Érvénytelen telefonszám (pl. +36 30 123 4567).',
            'Not a valid phone number (e.g. +36 30 123 4567).',
          ),
        );
    } else if (phone !== undefined) out.phone = null;
    if ('roles' in input) {
      const roles = input.roles;
      const known = new Set(['admin', ...(await this.deps.meta.published()).roles.map((r) => r.name)]);
      if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
        issues.push(issue('roles', 'invalidType', { expected: 'array of role names' }));
      else {
        roles.forEach((r, i) => {
          if (!known.has(r as string)) issues.push(issue(`roles[${i}]`, 'invalidOption', { value: r }));
        });
        out.roles = [...new Set(roles as string[])];
      }
    }
    const departmentId = await this.reference(input, 'departmentId', 'folyam_departments', issues);
    if (departmentId !== undefined) out.departmentId = departmentId;
    const managerId = await this.reference(input, 'managerId', 'folyam_users', issues);
    if (managerId !== undefined) {
      if (
        managerId &&
        userId &&
        (managerId === userId || wouldCycleManager(await loadOrg(this.deps.knex), userId, managerId))
      ) {
        issues.push(
          custom('managerId', 'cycle', 'A felettesi lánc nem lehet körkörös.', 'The chain of managers cannot loop.'),
        );
      } else out.managerId = managerId;
    }
    if ('locale' in input) {
      if (input.locale !== 'hu' && input.locale !== 'en')
        issues.push(issue('locale', 'invalidOption', { value: String(input.locale) }));
      else out.locale = input.locale;
    }
    if ('disabled' in input) {
      if (typeof input.disabled !== 'boolean') issues.push(issue('disabled', 'boolean'));
      else out.disabled = input.disabled;
    }
    return out;
  }

  async createUser(actor: Actor, input: Input): Promise<User> {
    requireAdmin(actor);
    const issues = unknownKeys(input, [
      'username',
      'password',
      'displayName',
      'email',
      'phone',
      'roles',
      'departmentId',
      'managerId',
      'locale',
    ]);
    const v = await this.profileInput(input, null, issues);
    if (typeof input.username !== 'string') issues.push(issue('username', 'required'));
    issues.push(
      ...checkPasswordPolicy(input.password, typeof input.username === 'string' ? input.username : undefined),
    );
    if (issues.length) throw errors.validation(issues);
    const user = await createUser(this.deps.knex, this.deps.clock, {
      ...v,
      username: input.username as string,
      password: input.password as string,
    });
    await this.deps.knex.transaction((trx) =>
      this.emit(trx, 'org.user', actor, { op: 'created', id: user.id, username: user.username, roles: user.roles }),
    );
    return user;
  }

  /** Updates a profile; disabling a user ends their sessions. Administrators cannot lock themselves out. */
  async updateUser(actor: Actor, id: string, input: Input): Promise<User> {
    requireAdmin(actor);
    const before = await findUserById(this.deps.knex, id);
    if (!before) throw errors.notFound({ hu: 'A felhasználó', en: 'The user' });
    const issues = unknownKeys(input, [
      'displayName',
      'email',
      'phone',
      'roles',
      'departmentId',
      'managerId',
      'locale',
      'disabled',
    ]);
    const v = await this.profileInput(input, id, issues);
    if (id === actor.id && v.disabled)
      issues.push(custom('disabled', 'selfLockout', 'Saját magát nem tilthatja le.', 'You cannot disable yourself.'));
    if (id === actor.id && v.roles && before.roles.includes('admin') && !v.roles.includes('admin')) {
      issues.push(
        custom(
          'roles',
          'selfLockout',
          'Saját magától nem veheti el a rendszergazdai szerepkört.',
          'You cannot remove your own administrator role.',
        ),
      );
    }
    if (issues.length) throw errors.validation(issues);
    const row: Record<string, unknown> = { updated_at: toDbDateTime(this.deps.clock.now()) };
    if (v.displayName !== undefined) row.display_name = v.displayName;
    if (v.email !== undefined) row.email = v.email;
    if (v.phone !== undefined) row.phone = v.phone;
    if (v.roles !== undefined) row.roles = JSON.stringify(v.roles);
    if (v.departmentId !== undefined) row.department_id = v.departmentId;
    if (v.managerId !== undefined) row.manager_id = v.managerId;
    if (v.locale !== undefined) row.locale = v.locale;
    if (v.disabled !== undefined) row.disabled = v.disabled;
    await this.deps.knex.transaction(async (trx) => {
      await trx('folyam_users').where({ id }).update(row);
      if (v.disabled) await trx('folyam_sessions').where({ user_id: id }).delete();
      await this.emit(trx, 'org.user', actor, {
        op: v.disabled ? 'disabled' : 'updated',
        id,
        username: before.username,
        changes: v,
      });
    });
    return (await findUserById(this.deps.knex, id))!;
  }

  /** Sets a user's password (policy checked) and ends every session of theirs. */
  async resetPassword(actor: Actor, id: string, input: Input): Promise<void> {
    requireAdmin(actor);
    const user = await findUserById(this.deps.knex, id);
    if (!user) throw errors.notFound({ hu: 'A felhasználó', en: 'The user' });
    const issues = unknownKeys(input, ['password']);
    if (issues.length) throw errors.validation(issues);
    await setPassword(this.deps.knex, this.deps.clock, id, user.username, input.password as string);
    await this.deps.knex.transaction((trx) =>
      this.emit(trx, 'org.user', actor, { op: 'passwordReset', id, username: user.username }),
    );
  }
}
