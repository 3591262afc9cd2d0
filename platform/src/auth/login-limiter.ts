/**
 * Login rate limiting, kept in the database (`folyam_login_limits`) so every runtime node counts the same attempts:
 * rate-limiter-flexible's RateLimiterMySQL on MySQL/MariaDB and RateLimiterSQLite on SQLite. Failed attempts are
 * counted per username+IP (5 per 15 minutes by default) and per IP (50 per 15 minutes), and a success clears the
 * username+IP count. The library reads `Date.now()` itself, so these windows follow the wall clock, not the
 * injected one.
 */
import type { Knex } from 'knex';
import {
  RateLimiterMySQL,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import type { Dialect } from '../db/connection.ts';

export type LoginLimits = { perUser: number; perIp: number; windowSeconds: number };
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 5, perIp: 50, windowSeconds: 15 * 60 };
export const LOGIN_LIMIT_TABLE = 'folyam_login_limits';

export type LoginLimiter = {
  /** Seconds until this username+IP may try again; 0 when it may try now. */
  retryAfter(username: string, ip: string): Promise<number>;
  /** Counts a failed attempt. */
  failed(username: string, ip: string): Promise<void>;
  /** Clears the username+IP count after a successful login. */
  succeeded(username: string, ip: string): Promise<void>;
};

function store(
  knex: Knex,
  dialect: Dialect,
  keyPrefix: string,
  points: number,
  duration: number,
): RateLimiterStoreAbstract {
  const common = {
    storeClient: knex,
    storeType: 'knex',
    tableName: LOGIN_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix,
    points,
    duration,
  };
  if (dialect === 'mysql') {
    const dbName = (knex.client.config.connection as { database?: string }).database;
    return new RateLimiterMySQL({ ...common, dbName });
  }
  return new RateLimiterSQLite(common);
}

/** `createLoginLimiter(knex, dialect)` → the limiter the login route consults before checking a password. */
export function createLoginLimiter(
  knex: Knex,
  dialect: Dialect,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): LoginLimiter {
  const perUser = store(knex, dialect, 'login', limits.perUser, limits.windowSeconds);
  const perIp = store(knex, dialect, 'loginip', limits.perIp, limits.windowSeconds);
  const userKey = (username: string, ip: string) => `${username.toLowerCase().slice(0, 64)}|${ip.slice(0, 64)}`;
  const waitOf = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  const consume = async (limiter: RateLimiterStoreAbstract, key: string) => {
    try {
      await limiter.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e; // over the limit already: nothing more to count
    }
  };
  return {
    async retryAfter(username, ip) {
      const [u, i] = await Promise.all([perUser.get(userKey(username, ip)), perIp.get(ip)]);
      return Math.max(waitOf(u, limits.perUser), waitOf(i, limits.perIp));
    },
    async failed(username, ip) {
      await consume(perUser, userKey(username, ip));
      await consume(perIp, ip);
    },
    async succeeded(username, ip) {
      await perUser.delete(userKey(username, ip));
    },
  };
}
