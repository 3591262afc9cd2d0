/**
 * Databases for tests: every database test runs on SQLite, and on MySQL/MariaDB too when
 * `FOLYAM_TEST_MYSQL_URL` is set (each test file gets a fresh database there, dropped afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';

export type TestDatabase = { dialect: 'sqlite' | 'mysql'; create(): Promise<{ url: string; drop(): Promise<void> }> };

function sqlite(): TestDatabase {
  return {
    dialect: 'sqlite',
    async create() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folyam-test-'));
      return {
        url: `sqlite:${path.join(dir, 'test.sqlite')}`,
        drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

function mysql(base: string): TestDatabase {
  return {
    dialect: 'mysql',
    async create() {
      const u = new URL(base);
      const name = `folyam_t_${randomBytes(5).toString('hex')}`;
      const admin = knexFactory({
        client: 'mysql2',
        connection: {
          host: u.hostname,
          port: Number(u.port || 3306),
          user: decodeURIComponent(u.username),
          password: decodeURIComponent(u.password),
        },
        pool: { min: 0, max: 1 },
      });
      await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_hungarian_ci`);
      u.pathname = `/${name}`;
      return {
        url: u.toString(),
        drop: async () => {
          await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
          await admin.destroy();
        },
      };
    },
  };
}

/** The databases every database test runs on: `describe.each(testDatabases())('… on $dialect', …)`. */
export function testDatabases(): TestDatabase[] {
  const url = process.env.FOLYAM_TEST_MYSQL_URL;
  return url ? [sqlite(), mysql(url)] : [sqlite()];
}
