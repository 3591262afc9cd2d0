/**
 * Databases for benchmarks: always SQLite (a file in a fresh temp folder), and MariaDB/MySQL when
 * `FOLYAM_BENCH_MYSQL_URL` or `FOLYAM_TEST_MYSQL_URL` is set (a fresh `folyam_bench_<random>` database created
 * through that root connection, dropped afterwards). `BENCH_DATABASES=sqlite` or `=mysql` picks one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';

export type BenchDatabase = {
  dialect: 'sqlite' | 'mysql';
  /** A display name without credentials. */
  label: string;
  create(): Promise<{ url: string; drop(): Promise<void> }>;
};

function sqlite(): BenchDatabase {
  return {
    dialect: 'sqlite',
    label: 'SQLite (temp file)',
    async create() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folyam-bench-'));
      return {
        url: `sqlite:${path.join(dir, 'bench.sqlite')}`,
        drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

function mysql(base: string): BenchDatabase {
  const u = new URL(base.replace(/^mariadb:/, 'mysql:'));
  return {
    dialect: 'mysql',
    label: `MySQL/MariaDB (${u.hostname}:${u.port || 3306})`,
    async create() {
      const name = `folyam_bench_${randomBytes(5).toString('hex')}`;
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
      try {
        await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_hungarian_ci`);
      } catch (e) {
        await admin.destroy();
        throw e;
      }
      const dbUrl = new URL(u.toString());
      dbUrl.pathname = `/${name}`;
      return {
        url: dbUrl.toString(),
        drop: async () => {
          try {
            await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
          } finally {
            await admin.destroy();
          }
        },
      };
    },
  };
}

export function benchDatabases(): BenchDatabase[] {
  const url = process.env.FOLYAM_BENCH_MYSQL_URL || process.env.FOLYAM_TEST_MYSQL_URL;
  const all = url ? [sqlite(), mysql(url)] : [sqlite()];
  const only = process.env.BENCH_DATABASES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return only?.length ? all.filter((d) => only.includes(d.dialect)) : all;
}
