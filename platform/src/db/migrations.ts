/**
 * Migrations of the platform's own tables (`folyam_*`). Entity tables are not migrated here: schema sync creates
 * them from metadata. Migrations are code, listed in order, and never edited once released.
 */
import type { Knex } from 'knex';
import type { Dialect } from './connection.ts';
import { migration0003JobsQueries } from './migration-0003-jobs-queries.ts';
import { migration0004Messaging } from './migration-0004-messaging.ts';
import { migration0005Campaigns } from './migration-0005-campaigns.ts';
import { migration0006Workflow } from './migration-0006-workflow.ts';
import { migration0007UserPhone } from './migration-0007-user-phone.ts';
import { dateTimeColumn, tableDefaults } from './table-helpers.ts';

export { dateTimeColumn, tableDefaults };

type Migration = { name: string; up(knex: Knex, dialect: Dialect): Promise<void> };

const migrations: Migration[] = [
  {
    name: '0001_platform',
    async up(knex, dialect) {
      await knex.schema.createTable('folyam_departments', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 36).primary();
        t.string('name', 200).notNullable();
        t.string('parent_id', 36).nullable().references('id').inTable('folyam_departments').onDelete('SET NULL');
        t.string('head_id', 36).nullable();
      });
      await knex.schema.createTable('folyam_users', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 36).primary();
        t.string('username', 64).notNullable().unique();
        t.string('display_name', 200).notNullable();
        t.string('email', 254).nullable();
        t.string('password_hash', 255).nullable();
        t.text('roles').notNullable();
        t.string('department_id', 36).nullable().references('id').inTable('folyam_departments').onDelete('SET NULL');
        t.string('manager_id', 36).nullable();
        t.string('locale', 5).notNullable().defaultTo('hu');
        t.boolean('disabled').notNullable().defaultTo(false);
        dateTimeColumn(t, 'created_at', dialect).notNullable();
        dateTimeColumn(t, 'updated_at', dialect).notNullable();
        dateTimeColumn(t, 'password_changed_at', dialect).nullable();
      });
      await knex.schema.createTable('folyam_sessions', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 64).primary();
        t.string('user_id', 36).notNullable().references('id').inTable('folyam_users').onDelete('CASCADE');
        dateTimeColumn(t, 'created_at', dialect).notNullable();
        dateTimeColumn(t, 'expires_at', dialect).notNullable();
        dateTimeColumn(t, 'last_seen_at', dialect).notNullable();
        t.string('ip', 64).nullable();
        t.string('user_agent', 255).nullable();
        t.index(['user_id']);
      });
      await knex.schema.createTable('folyam_api_tokens', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 36).primary();
        t.string('user_id', 36).notNullable().references('id').inTable('folyam_users').onDelete('CASCADE');
        t.string('name', 200).notNullable();
        t.string('token_hash', 64).notNullable().unique();
        t.string('prefix', 16).notNullable();
        dateTimeColumn(t, 'created_at', dialect).notNullable();
        dateTimeColumn(t, 'last_used_at', dialect).nullable();
        dateTimeColumn(t, 'expires_at', dialect).nullable();
        dateTimeColumn(t, 'revoked_at', dialect).nullable();
      });
      await knex.schema.createTable('folyam_meta_versions', (t) => {
        tableDefaults(t, dialect);
        t.integer('version').primary();
        if (dialect === 'mysql') t.specificType('snapshot', 'longtext').notNullable();
        else t.text('snapshot').notNullable();
        t.text('plan').nullable();
        t.string('note', 500).nullable();
        dateTimeColumn(t, 'published_at', dialect).notNullable();
        t.string('published_by', 36).nullable();
      });
      await knex.schema.createTable('folyam_meta_drafts', (t) => {
        tableDefaults(t, dialect);
        t.string('kind', 32).notNullable();
        t.string('meta_id', 64).notNullable();
        t.string('name', 64).notNullable();
        if (dialect === 'mysql') t.specificType('body', 'mediumtext').nullable();
        else t.text('body').nullable();
        t.boolean('deleted').notNullable().defaultTo(false);
        dateTimeColumn(t, 'updated_at', dialect).notNullable();
        t.string('updated_by', 36).nullable();
        t.primary(['kind', 'meta_id']);
      });
      await knex.schema.createTable('folyam_audit', (t) => {
        tableDefaults(t, dialect);
        t.bigIncrements('id').primary();
        dateTimeColumn(t, 'at', dialect).notNullable();
        t.string('actor_id', 36).nullable();
        t.string('actor_name', 64).nullable();
        t.string('action', 32).notNullable();
        t.string('entity', 64).nullable();
        t.string('record_id', 64).nullable();
        if (dialect === 'mysql') t.specificType('changes', 'mediumtext').nullable();
        else t.text('changes').nullable();
        t.text('info').nullable();
        t.index(['entity', 'record_id']);
        t.index(['actor_id']);
        t.index(['at']);
      });
      await knex.schema.createTable('folyam_files', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 36).primary();
        t.string('name', 255).notNullable();
        t.string('mime', 128).notNullable();
        t.bigInteger('size').notNullable();
        t.string('sha256', 64).notNullable();
        t.string('storage_key', 255).notNullable();
        dateTimeColumn(t, 'created_at', dialect).notNullable();
        t.string('created_by', 36).nullable();
      });
      // The audit log is append-only: the database itself refuses to change or delete an entry.
      if (dialect === 'sqlite') {
        await knex.raw(
          `CREATE TRIGGER folyam_audit_no_update BEFORE UPDATE ON folyam_audit BEGIN SELECT RAISE(ABORT, 'folyam_audit is append-only'); END`,
        );
        await knex.raw(
          `CREATE TRIGGER folyam_audit_no_delete BEFORE DELETE ON folyam_audit BEGIN SELECT RAISE(ABORT, 'folyam_audit is append-only'); END`,
        );
      } else {
        await knex.raw(
          `CREATE TRIGGER folyam_audit_no_update BEFORE UPDATE ON folyam_audit FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'folyam_audit is append-only'`,
        );
        await knex.raw(
          `CREATE TRIGGER folyam_audit_no_delete BEFORE DELETE ON folyam_audit FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'folyam_audit is append-only'`,
        );
      }
    },
  },
  {
    // Work groups, record shares, the login rate limiter's counters, and lookup indexes for the organisation.
    name: '0002_organisation',
    async up(knex, dialect) {
      await knex.schema.alterTable('folyam_users', (t) => {
        t.index(['department_id']);
        t.index(['manager_id']);
      });
      await knex.schema.alterTable('folyam_departments', (t) => {
        t.index(['parent_id']);
        t.index(['head_id']);
      });
      await knex.schema.createTable('folyam_groups', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 36).primary();
        t.string('name', 200).notNullable().unique();
        t.string('description', 1000).nullable();
      });
      await knex.schema.createTable('folyam_group_members', (t) => {
        tableDefaults(t, dialect);
        t.string('group_id', 36).notNullable().references('id').inTable('folyam_groups').onDelete('CASCADE');
        t.string('user_id', 36).notNullable().references('id').inTable('folyam_users').onDelete('CASCADE');
        t.primary(['group_id', 'user_id']);
        t.index(['user_id']);
      });
      await knex.schema.createTable('folyam_shares', (t) => {
        tableDefaults(t, dialect);
        t.string('id', 36).primary();
        t.string('entity', 64).notNullable();
        t.string('record_id', 64).notNullable();
        t.string('user_id', 36).nullable().references('id').inTable('folyam_users').onDelete('CASCADE');
        t.string('group_id', 36).nullable().references('id').inTable('folyam_groups').onDelete('CASCADE');
        t.string('access', 16).notNullable();
        dateTimeColumn(t, 'created_at', dialect).notNullable();
        t.string('created_by', 36).nullable();
        t.index(['entity', 'record_id']);
        t.index(['user_id', 'entity']);
        t.index(['group_id', 'entity']);
      });
      // The table rate-limiter-flexible expects (RateLimiterMySQL / RateLimiterSQLite), created here so the
      // limiter never runs DDL itself: `key`, consumed `points`, `expire` in epoch milliseconds.
      if (dialect === 'mysql') {
        await knex.raw(
          'CREATE TABLE `folyam_login_limits` (`key` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, ' +
            '`points` INT(9) NOT NULL DEFAULT 0, `expire` BIGINT UNSIGNED, PRIMARY KEY (`key`)) ENGINE = InnoDB',
        );
      } else {
        await knex.raw(
          'CREATE TABLE folyam_login_limits (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)',
        );
      }
    },
  },
  migration0003JobsQueries,
  migration0004Messaging,
  migration0005Campaigns,
  migration0006Workflow,
  migration0007UserPhone,
];

/** Brings the platform tables up to date; returns the names of the migrations it ran. */
export async function migrate(knex: Knex, dialect: Dialect): Promise<string[]> {
  const source: Knex.MigrationSource<Migration> = {
    getMigrations: async () => migrations,
    getMigrationName: (m) => m.name,
    getMigration: async (m) => ({ up: (k: Knex) => m.up(k, dialect), down: async () => {} }),
  };
  // MySQL DDL commits implicitly, so a transaction around it would only pretend.
  const [, ran] = (await knex.migrate.latest({
    migrationSource: source,
    tableName: 'folyam_migrations',
    disableTransactions: dialect === 'mysql',
  })) as [number, string[]];
  return ran;
}
