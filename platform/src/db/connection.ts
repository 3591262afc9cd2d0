import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.ts';

export type Dialect = 'sqlite' | 'mysql';
export type Database = {
  knex: Knex;
  dialect: Dialect;
  url: string;
  /** SQLite files opened with `backgroundCheckpoint`: the worker that checkpoints the write-ahead log. */
  checkpointer?: () => Checkpointer | null;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  poolMax?: number;
  /**
   * SQLite files: checkpoint the write-ahead log in a worker thread (see `checkpointer.ts`) instead of in the commit
   * that fills it. The runtime turns it on; short-lived processes and tests need not.
   */
  backgroundCheckpoint?: boolean;
};

/** Hungarian collation on MySQL/MariaDB: sorts Cs, Dzs, Gy, Sz… where Hungarians expect them. */
export const MYSQL_CHARSET = 'utf8mb4';
export const MYSQL_COLLATION = 'utf8mb4_hungarian_ci';

function sqliteFile(url: string): string {
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  return file === ':memory:' || file === '' ? ':memory:' : path.resolve(file);
}

type SqliteConnection = { pragma(s: string): unknown; prepare(sql: string): unknown };

/**
 * Keeps prepared statements of data queries (knex prepares every query anew, which costs as much as running a
 * primary-key lookup). SQLite re-prepares a cached statement by itself after a schema change.
 */
function cacheStatements(conn: SqliteConnection, max = 500): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    if (!/^\s*(select|insert|update|delete)\b/i.test(sql)) return prepare(sql);
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

/**
 * Opens the database named by a URL: `sqlite:./data/folyam.sqlite`, `sqlite::memory:` or
 * `mysql://user:pass@host:3306/db`.
 */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (url.startsWith('sqlite:')) {
    const filename = sqliteFile(url);
    if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
    const background = options.backgroundCheckpoint === true && filename !== ':memory:';
    let checkpointer: Checkpointer | null = null;
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          cacheStatements(conn);
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('foreign_keys = ON');
          // Enough pages for the file's working set: the default 2 MiB keeps re-reading index pages from the OS.
          conn.pragma('cache_size = -65536');
          if (background) {
            conn.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
            checkpointer ??= startCheckpointer(filename);
          }
          done(null, conn);
        },
      },
    });
    return {
      knex,
      dialect: 'sqlite',
      url,
      checkpointer: () => checkpointer,
      close: async () => {
        await checkpointer?.stop();
        await knex.destroy();
      },
    };
  }
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) {
    const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const knex = knexFactory({
      client: 'mysql2',
      connection: {
        host: u.hostname,
        port: u.port ? Number(u.port) : 3306,
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: u.pathname.replace(/^\//, ''),
        charset: MYSQL_CHARSET,
        dateStrings: true,
        decimalNumbers: true,
        supportBigNumbers: true,
        timezone: 'Z',
      },
      pool: {
        min: 0,
        max: options.poolMax ?? 10,
        afterCreate(
          conn: { query(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) {
          conn.query(
            `SET NAMES ${MYSQL_CHARSET} COLLATE ${MYSQL_COLLATION}, time_zone = '+00:00', ` +
              `sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'`,
            (err) => done(err, conn),
          );
        },
      },
    });
    return { knex, dialect: 'mysql', url, close: () => knex.destroy() };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:, got "${url.split(':')[0]}:"`);
}

/** An instant as `toISOString` writes it: `2026-03-18T10:00:00.000Z`. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Date-time values are stored as UTC `YYYY-MM-DD HH:MM:SS.mmm` on both dialects, so they compare as text too. */
export function toDbDateTime(value: Date | string): string {
  // An ISO instant in UTC (what the engine and the clock hand around) is rewritten without parsing it.
  if (typeof value === 'string' && ISO_UTC.test(value) && validDateTime(value))
    return `${value.slice(0, 10)} ${value.slice(11, 23)}`;
  const d = typeof value === 'string' ? new Date(value) : value;
  const iso = d.toISOString();
  // `2026-03-18T10:00:00.000Z` → `2026-03-18 10:00:00.000` (years beyond 9999 keep their longer form)
  return iso.length === 24 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.replace('T', ' ').replace('Z', '');
}

/** What the databases give back for a value `toDbDateTime` wrote: with milliseconds, or without (MySQL `DATETIME`). */
const DB_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})?$/;

export function fromDbDateTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const s = String(value);
  // The stored form is read without parsing a Date (rows are read far more often than written).
  const m = DB_DATETIME.exec(s);
  if (m && validDateTime(s)) return `${s.slice(0, 10)}T${s.slice(11, 19)}${m[1] ?? '.000'}Z`;
  return new Date(s.includes('T') ? s : s.replace(' ', 'T') + 'Z').toISOString();
}

/** Whether `YYYY-MM-DD HH:MM:SS…` (or `…THH…`) names a real instant: month 1–12, the day in its month, the time in range. */
function validDateTime(s: string): boolean {
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || Number(s.slice(11, 13)) > 23) return false;
  if (Number(s.slice(14, 16)) > 59 || Number(s.slice(17, 19)) > 59) return false;
  const year = Number(s.slice(0, 4));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
