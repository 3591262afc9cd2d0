/** Migration 0003: the durable job table and saved queries. */
import type { Knex } from 'knex';
import type { Dialect } from './connection.ts';
import { dateTimeColumn, tableDefaults } from './table-helpers.ts';

export const migration0003JobsQueries = {
  name: '0003_jobs_queries',
  async up(knex: Knex, dialect: Dialect): Promise<void> {
    const longText = (t: Knex.CreateTableBuilder, name: string) =>
      dialect === 'mysql' ? t.specificType(name, 'mediumtext') : t.text(name);
    await knex.schema.createTable('folyam_jobs', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      t.string('kind', 64).notNullable();
      longText(t, 'payload').notNullable();
      // queued | running | done | failed | cancelled
      t.string('status', 16).notNullable();
      t.integer('progress').notNullable().defaultTo(0);
      longText(t, 'result').nullable();
      t.text('error').nullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.integer('max_attempts').notNullable().defaultTo(3);
      dateTimeColumn(t, 'run_at', dialect).notNullable();
      dateTimeColumn(t, 'lease_until', dialect).nullable();
      t.string('locked_by', 100).nullable();
      t.string('idempotency_key', 200).nullable().unique();
      t.string('created_by', 36).nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      // Claiming looks for due queued jobs and expired leases.
      t.index(['status', 'run_at']);
      t.index(['status', 'lease_until']);
      t.index(['created_by']);
    });
    await knex.schema.createTable('folyam_queries', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      t.string('folder', 200).nullable();
      t.string('owner_id', 36).notNullable();
      // private | roles | everyone
      t.string('sharing', 16).notNullable();
      t.text('roles').notNullable();
      longText(t, 'definition').notNullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      t.index(['owner_id']);
      t.index(['sharing']);
    });
  },
};
