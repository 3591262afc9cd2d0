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
  const name = username.trim().toLowerCase();
  const ip = info.ip ?? '';
  // Checked before the password, so a blocked caller learns nothing, not even a right guess.
  const wait = await platform.loginLimiter.retryAfter(name, ip);
  if (wait > 0) {
    await writeAudit(platform.knex, platform.clock, {
      actorName: name.slice(0, 64),
      action: 'loginBlocked',
      info: { ip: info.ip, retryAfter: wait },
    });
    throw errors.tooManyAttempts(wait);
  }
  const user = await findUserByName(platform.knex, name);
  const ok = user && !user.disabled && (await verifyPassword(user.passwordHash, password));
  if (!user || !ok) {
    await platform.loginLimiter.failed(name, ip);
    await writeAudit(platform.knex, platform.clock, {
      actorId: user?.id ?? null,
      actorName: username.slice(0, 64),
      action: 'loginFailed',
      info: { ip: info.ip },
    });
    throw errors.badCredentials();
  }
  await platform.loginLimiter.succeeded(name, ip);
  // Always a fresh session id at login, so a planted cookie cannot be carried into the session.
  const session = await createSession(platform.knex, platform.clock, user.id, info.ttlHours, info);
  const actor = actorOf(user, 'session', await adminRoles(platform), session.id);
  await writeAudit(platform.knex, platform.clock, {
    actorId: user.id,
    actorName: user.username,
    action: 'login',
    info: { ip: info.ip },
  });
  return { token: session.token, actor, expiresAt: session.expiresAt };
}

export async function logout(platform: Platform, actor: Actor): Promise<void> {
  if (actor.sessionId) {
    await endSession(platform.knex, actor.sessionId);
    platform.sessionCache.evictSession(actor.sessionId);
  }
  await writeAudit(platform.knex, platform.clock, { actorId: actor.id, actorName: actor.username, action: 'logout' });
}

export async function authenticateSession(platform: Platform, token: string): Promise<Actor | null> {
  // A session seen in the last couple of seconds is trusted without a database round trip.
  const found = platform.sessionCache.get(token) ?? (await resolveSession(platform.knex, platform.clock, token));
  if (found) platform.sessionCache.set(token, found.user, found.sessionId);
  return found ? actorOf(found.user, 'session', await adminRoles(platform), found.sessionId) : null;
}

export async function authenticateToken(platform: Platform, token: string): Promise<Actor | null> {
  const user: User | null = await resolveApiToken(platform.knex, platform.clock, token);
  return user ? actorOf(user, 'token', await adminRoles(platform)) : null;
}

/** Changes the actor's own password; every session of theirs ends, this one included. Guessing is rate limited. */
export async function changePassword(platform: Platform, actor: Actor, current: unknown, next: unknown): Promise<void> {
  const wait = await platform.loginLimiter.retryAfter(actor.username, 'password-change');
  if (wait > 0) throw errors.tooManyAttempts(wait);
  const user = await findUserByName(platform.knex, actor.username);
  if (!user || typeof current !== 'string' || !(await verifyPassword(user.passwordHash, current))) {
    await platform.loginLimiter.failed(actor.username, 'password-change');
    await writeAudit(platform.knex, platform.clock, {
      actorId: actor.id,
      actorName: actor.username,
      action: 'passwordChangeFailed',
    });
    throw errors.validation([
      {
        path: 'currentPassword',
        code: 'badPassword',
        message: { hu: 'A jelenlegi jelszó hibás.', en: 'The current password is wrong.' },
      },
    ]);
  }
  await setPassword(platform.knex, platform.clock, user.id, user.username, String(next ?? ''));
  platform.sessionCache.evictUser(user.id);
  await platform.loginLimiter.succeeded(actor.username, 'password-change');
  await writeAudit(platform.knex, platform.clock, {
    actorId: actor.id,
    actorName: actor.username,
    action: 'passwordChanged',
  });
}

export async function issueToken(platform: Platform, actor: Actor, name: unknown) {
  if (typeof name !== 'string' || !name.trim() || name.length > 200) {
    throw errors.validation([
      { path: 'name', code: 'required', message: { hu: 'Adjon nevet a tokennek.', en: 'Give the token a name.' } },
    ]);
  }
  return createApiToken(platform.knex, platform.clock, actor.id, name.trim());
}
