/** Users of the platform: stored in `folyam_users`, passwords as argon2id hashes. */
import type { Knex } from 'knex';
import { issue } from '@folyam/metamodel';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { errors } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Actor } from './actor.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  /** Mobile number in E.164 (`+36301234567`), for SMS reminders and notifications. */
  phone: string | null;
  roles: string[];
  departmentId: string | null;
  managerId: string | null;
  locale: 'hu' | 'en';
  disabled: boolean;
  createdAt: string;
};

export function rowToUser(r: Record<string, unknown>): User {
  return {
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    email: (r.email as string) ?? null,
    phone: (r.phone as string) ?? null,
    roles: JSON.parse(String(r.roles ?? '[]')),
    departmentId: (r.department_id as string) ?? null,
    managerId: (r.manager_id as string) ?? null,
    locale: r.locale === 'en' ? 'en' : 'hu',
    disabled: Boolean(r.disabled),
    createdAt: fromDbDateTime(r.created_at)!,
  };
}

/** The actor a user acts as; `adminRoles` are the names of roles marked admin in the published metadata. */
export function actorOf(user: User, via: Actor['via'], adminRoles: string[], sessionId?: string): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    departmentId: user.departmentId,
    managerId: user.managerId,
    locale: user.locale,
    admin: user.roles.includes('admin') || user.roles.some((r) => adminRoles.includes(r)),
    via,
    sessionId,
  };
}

export type NewUser = {
  username: string;
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  password: string;
  roles?: string[];
  departmentId?: string | null;
  managerId?: string | null;
  locale?: 'hu' | 'en';
};

export async function createUser(knex: Knex, clock: Clock, input: NewUser): Promise<User> {
  if (!/^[a-z0-9._-]{2,64}$/.test(input.username)) {
    throw errors.validation([
      {
        path: 'username',
        code: 'username',
        message: {
          hu: 'A felhasználónév 2–64 kisbetű, számjegy, pont, kötőjel vagy aláhúzás lehet.',
          en: 'The username is 2–64 lowercase letters, digits, dots, dashes or underscores.',
        },
      },
    ]);
  }
  const policy = checkPasswordPolicy(input.password, input.username);
  if (policy.length) throw errors.validation(policy);
  if (await knex('folyam_users').where({ username: input.username }).first()) {
    throw errors.conflict(
      'USERNAME_TAKEN',
      { hu: 'Ez a felhasználónév már foglalt.', en: 'This username is already taken.' },
      [issue('username', 'unique')],
    );
  }
  const now = toDbDateTime(clock.now());
  const row = {
    id: uuidv7(),
    username: input.username,
    display_name: input.displayName ?? input.username,
    email: input.email ?? null,
    phone: input.phone ?? null,
    password_hash: await hashPassword(input.password),
    roles: JSON.stringify(input.roles ?? []),
    department_id: input.departmentId ?? null,
    manager_id: input.managerId ?? null,
    locale: input.locale ?? 'hu',
    disabled: false,
    created_at: now,
    updated_at: now,
    password_changed_at: now,
  };
  await knex('folyam_users').insert(row);
  return rowToUser(row);
}

export async function findUserByName(
  knex: Knex,
  username: string,
): Promise<(User & { passwordHash: string | null }) | null> {
  const r = await knex('folyam_users').where({ username }).first();
  return r ? { ...rowToUser(r), passwordHash: r.password_hash } : null;
}

export async function findUserById(knex: Knex, id: string): Promise<User | null> {
  const r = await knex('folyam_users').where({ id }).first();
  return r ? rowToUser(r) : null;
}

/** Sets a new password and ends every session of the user. */
export async function setPassword(
  knex: Knex,
  clock: Clock,
  userId: string,
  username: string,
  password: string,
): Promise<void> {
  const policy = checkPasswordPolicy(password, username);
  if (policy.length) throw errors.validation(policy);
  const now = toDbDateTime(clock.now());
  await knex.transaction(async (trx) => {
    await trx('folyam_users')
      .where({ id: userId })
      .update({ password_hash: await hashPassword(password), password_changed_at: now, updated_at: now });
    await trx('folyam_sessions').where({ user_id: userId }).delete();
  });
}

/** Disables or enables a user; disabling ends their sessions and revokes nothing else. */
export async function setDisabled(knex: Knex, clock: Clock, userId: string, disabled: boolean): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('folyam_users')
      .where({ id: userId })
      .update({ disabled, updated_at: toDbDateTime(clock.now()) });
    if (disabled) await trx('folyam_sessions').where({ user_id: userId }).delete();
  });
}
