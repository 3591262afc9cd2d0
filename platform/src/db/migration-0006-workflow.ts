/**
 * Migration 0006: running processes. `folyam_wf_instances` holds each instance's engine snapshot and variables
 * (with a version for optimistic locking) and the published metadata version it runs on; `folyam_wf_history` its
 * steps; `folyam_wf_tasks` the user tasks waiting for people. Timers, reminders, notifications and service calls
 * are not tables of their own: they are durable jobs in `folyam_jobs`, keyed by idempotency keys
 * (`timer:<instance>:<timerId>`, …), so the job runner's claim guarantees each fires once across runtime nodes.
 */
import type { Knex } from 'knex';
import type { Dialect } from './connection.ts';
import { dateTimeColumn, tableDefaults } from './table-helpers.ts';

export const migration0006Workflow = {
  name: '0006_workflow',
  async up(knex: Knex, dialect: Dialect): Promise<void> {
    const longText = (t: Knex.CreateTableBuilder, name: string) =>
      dialect === 'mysql' ? t.specificType(name, 'mediumtext') : t.text(name);
    await knex.schema.createTable('folyam_wf_instances', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      t.string('process_key', 64).notNullable();
      // The published metadata version whose BPMN the instance runs: a later publish does not move it.
      t.integer('meta_version').notNullable();
      // running | completed | terminated | failed
      t.string('status', 16).notNullable();
      longText(t, 'snapshot').notNullable();
      longText(t, 'variables').notNullable();
      // JSON: the waiting elements `[{ activationId, elementId, elementType }]`, for views without the engine
      t.text('active').nullable();
      t.string('started_by', 36).nullable();
      t.string('record_entity', 64).nullable();
      t.string('record_id', 64).nullable();
      t.integer('version').notNullable();
      dateTimeColumn(t, 'started_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      dateTimeColumn(t, 'ended_at', dialect).nullable();
      t.index(['started_by', 'status']);
      t.index(['process_key', 'status']);
      t.index(['record_entity', 'record_id']);
    });
    await knex.schema.createTable('folyam_wf_history', (t) => {
      tableDefaults(t, dialect);
      t.bigIncrements('id').primary();
      t.string('instance_id', 36).notNullable().references('id').inTable('folyam_wf_instances').onDelete('CASCADE');
      dateTimeColumn(t, 'at', dialect).notNullable();
      t.string('element_id', 128).notNullable();
      t.string('element_type', 64).notNullable();
      t.string('name', 255).nullable();
      // entered | completed | cancelled | taken
      t.string('event', 16).notNullable();
      t.string('activation_id', 64).nullable();
      t.string('actor_id', 36).nullable();
      t.string('outcome', 255).nullable();
      t.index(['instance_id']);
    });
    await knex.schema.createTable('folyam_wf_tasks', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      t.string('instance_id', 36).notNullable().references('id').inTable('folyam_wf_instances').onDelete('CASCADE');
      // Unique within an instance (`prepare#3`): the engine numbers activations per instance.
      t.string('activation_id', 64).notNullable();
      t.string('element_id', 128).notNullable();
      t.string('name', 255).notNullable();
      t.string('assignee_id', 36).nullable();
      // JSON arrays of role names and group names
      t.text('candidate_roles').notNullable();
      t.text('candidate_groups').notNullable();
      dateTimeColumn(t, 'due_at', dialect).nullable();
      // open | claimed | done | cancelled
      t.string('status', 16).notNullable();
      t.string('form', 64).nullable();
      // JSON: the reminders and notifications of the task, as the engine gave them
      t.text('settings').nullable();
      t.string('completed_by', 36).nullable();
      dateTimeColumn(t, 'completed_at', dialect).nullable();
      t.string('task_record_id', 64).nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      t.index(['assignee_id', 'status']);
      t.index(['status', 'due_at']);
      t.unique(['instance_id', 'activation_id']);
      t.index(['task_record_id']);
    });
  },
};
