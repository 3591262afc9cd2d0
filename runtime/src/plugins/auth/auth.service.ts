/** Login, logout and token handling, with no hapi in sight. */
import {
  actorOf,
  createApiToken,
  createSession,
  endSession,
  errors,
  findUserByName,
  resolveApiToken,
  resolveSession,
  setPassword,
  verifyPassword,
  writeAudit,
  type Actor,
  type Platform,
  type User,
} from '@folyam/platform';

/** Roles marked admin in the published metadata. */
async function adminRoles(platform: Platform): Promise<string[]> {
  const snap = await platform.meta.published();
  return snap.roles.filter((r) => r.admin).map((r) => r.name);
}

export function publicUser(actor: Actor) {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    admin: actor.admin,
    locale: actor.locale,
    departmentId: actor.departmentId,
  };
}

export async function login(
  platform: Platform,
  input: { username: unknown; password: unknown },
  info: { ip?: string; userAgent?: string; ttlHours: number },
): Promise<{ token: string; actor: Actor; expiresAt: Date }> {
  const { username, password } = input;
  if (typeof username !== 'string' || typeof password !== 'string' || username.length > 64 || password.length > 256) {
    throw errors.badCredentials();
  }
  const user = await findUserByName(platform.knex, username.trim().toLowerCase());
  const ok = user && !user.disabled && (await verifyPassword(user.passwordHash, password));
  if (!user || !ok) {
    await writeAudit(platform.knex, platform.clock, { actorId: user?.id ?? null, actorName: username.slice(0, 64), action: 'loginFailed', info: { ip: info.ip } });
    throw errors.badCredentials();
  }
  // Always a fresh session id at login, so a planted cookie cannot be carried into the session.
  const session = await createSession(platform.knex, platform.clock, user.id, info.ttlHours, info);
  const actor = actorOf(user, 'session', await adminRoles(platform), session.id);
  await writeAudit(platform.knex, platform.clock, { actorId: user.id, actorName: user.username, action: 'login', info: { ip: info.ip } });
  return { token: session.token, actor, expiresAt: session.expiresAt };
}

export async function logout(platform: Platform, actor: Actor): Promise<void> {
  if (actor.sessionId) await endSession(platform.knex, actor.sessionId);
  await writeAudit(platform.knex, platform.clock, { actorId: actor.id, actorName: actor.username, action: 'logout' });
}

export async function authenticateSession(platform: Platform, token: string): Promise<Actor | null> {
  const found = await resolveSession(platform.knex, platform.clock, token);
  return found ? actorOf(found.user, 'session', await adminRoles(platform), found.sessionId) : null;
}

export async function authenticateToken(platform: Platform, token: string): Promise<Actor | null> {
  const user: User | null = await resolveApiToken(platform.knex, platform.clock, token);
  return user ? actorOf(user, 'token', await adminRoles(platform)) : null;
}

export async function changePassword(platform: Platform, actor: Actor, current: unknown, next: unknown): Promise<void> {
  const user = await findUserByName(platform.knex, actor.username);
  if (!user || typeof current !== 'string' || !(await verifyPassword(user.passwordHash, current))) {
    throw errors.validation([{ path: 'currentPassword', code: 'badPassword', message: { hu: 'A jelenlegi jelszó hibás.', en: 'The current password is wrong.' } }]);
  }
  await setPassword(platform.knex, platform.clock, user.id, user.username, String(next ?? ''));
}

export async function issueToken(platform: Platform, actor: Actor, name: unknown) {
  if (typeof name !== 'string' || !name.trim() || name.length > 200) {
    throw errors.validation([{ path: 'name', code: 'required', message: { hu: 'Adjon nevet a tokennek.', en: 'Give the token a name.' } }]);
  }
  return createApiToken(platform.knex, platform.clock, actor.id, name.trim());
}
