/**
 * Sessions and API tokens. The browser holds a random token in an HttpOnly cookie; the database holds only its
 * SHA-256, so a leaked table does not leak live sessions. API tokens (`fly_…`) work the same way.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { secretToken, uuidv7 } from '../ids.ts';
import { rowToUser, type User } from './users.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(
  knex: Knex,
  clock: Clock,
  userId: string,
  ttlHours: number,
  info: { ip?: string; userAgent?: string } = {},
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = secretToken();
  const id = sha256(token);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await knex('folyam_sessions').insert({
    id,
    user_id: userId,
    created_at: toDbDateTime(now),
    expires_at: toDbDateTime(expiresAt),
    last_seen_at: toDbDateTime(now),
    ip: info.ip?.slice(0, 64) ?? null,
    user_agent: info.userAgent?.slice(0, 255) ?? null,
  });
  return { token, id, expiresAt };
}

/** The user of a live session, or null; a disabled user's session does not count. */
export async function resolveSession(
  knex: Knex,
  clock: Clock,
  token: string,
): Promise<{ user: User; sessionId: string } | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const row = await knex('folyam_sessions as s')
    .join('folyam_users as u', 'u.id', 's.user_id')
    .where('s.id', id)
    .select('u.*', 's.expires_at as s_expires_at', 's.last_seen_at as s_last_seen_at')
    .first();
  if (!row || row.disabled) return null;
  const now = clock.now();
  if (new Date(fromDbDateTime(row.s_expires_at)!).getTime() <= now.getTime()) {
    await knex('folyam_sessions').where({ id }).delete();
    return null;
  }
  // Touch at most once a minute, so reads do not turn into writes.
  if (now.getTime() - new Date(fromDbDateTime(row.s_last_seen_at)!).getTime() > 60_000) {
    await knex('folyam_sessions')
      .where({ id })
      .update({ last_seen_at: toDbDateTime(now) });
  }
  return { user: rowToUser(row), sessionId: id };
}

export async function endSession(knex: Knex, sessionId: string): Promise<void> {
  await knex('folyam_sessions').where({ id: sessionId }).delete();
}

export async function createApiToken(
  knex: Knex,
  clock: Clock,
  userId: string,
  name: string,
  expiresAt?: Date,
): Promise<{ id: string; token: string; prefix: string }> {
  const token = `fly_${secretToken()}`;
  const id = uuidv7();
  const prefix = token.slice(0, 12);
  await knex('folyam_api_tokens').insert({
    id,
    user_id: userId,
    name: name.slice(0, 200),
    token_hash: sha256(token),
    prefix,
    created_at: toDbDateTime(clock.now()),
    expires_at: expiresAt ? toDbDateTime(expiresAt) : null,
  });
  return { id, token, prefix };
}

export async function resolveApiToken(knex: Knex, clock: Clock, token: string): Promise<User | null> {
  if (!token.startsWith('fly_') || token.length > 100) return null;
  const row = await knex('folyam_api_tokens as k')
    .join('folyam_users as u', 'u.id', 'k.user_id')
    .where('k.token_hash', sha256(token))
    .whereNull('k.revoked_at')
    .select('u.*', 'k.expires_at as k_expires_at', 'k.id as k_id')
    .first();
  if (!row || row.disabled) return null;
  if (row.k_expires_at && new Date(fromDbDateTime(row.k_expires_at)!).getTime() <= clock.now().getTime()) return null;
  await knex('folyam_api_tokens')
    .where({ id: row.k_id })
    .update({ last_used_at: toDbDateTime(clock.now()) });
  return rowToUser(row);
}

export async function revokeApiToken(knex: Knex, clock: Clock, id: string, userId: string): Promise<boolean> {
  const n = await knex('folyam_api_tokens')
    .where({ id, user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: toDbDateTime(clock.now()) });
  return n > 0;
}
