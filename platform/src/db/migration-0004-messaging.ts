/** Migration 0004: the message outbox (`folyam_messages`) and each message's status history. */
import type { Knex } from 'knex';
import type { Dialect } from './connection.ts';
import { dateTimeColumn, tableDefaults } from './table-helpers.ts';

export const migration0004Messaging = {
  name: '0004_messaging',
  async up(knex: Knex, dialect: Dialect): Promise<void> {
    const longText = (t: Knex.CreateTableBuilder, name: string) =>
      dialect === 'mysql' ? t.specificType(name, 'mediumtext') : t.text(name);
    await knex.schema.createTable('folyam_messages', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      // email | sms | fax
      t.string('channel', 8).notNullable();
      t.string('to_address', 320).notNullable();
      t.string('to_entity', 64).nullable();
      t.string('to_record_id', 64).nullable();
      t.string('subject', 998).nullable();
      longText(t, 'body_html').nullable();
      longText(t, 'body_text').nullable();
      // JSON array of stored file ids
      t.text('attachments').nullable();
      // queued | sent | delivered | bounced | failed | undeliverable | held
      t.string('status', 16).notNullable();
      // JSON { code, messages } of the last failure or hold, for the sender to read
      t.text('error').nullable();
      t.string('provider_id', 255).nullable();
      t.string('idempotency_key', 200).notNullable().unique();
      t.string('campaign_id', 36).nullable();
      t.string('created_by', 36).nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      t.index(['to_entity', 'to_record_id']);
      t.index(['provider_id']);
      t.index(['campaign_id']);
      t.index(['created_by']);
    });
    await knex.schema.createTable('folyam_message_events', (t) => {
      tableDefaults(t, dialect);
      t.bigIncrements('id').primary();
      t.string('message_id', 36).notNullable().references('id').inTable('folyam_messages').onDelete('CASCADE');
      t.string('status', 16).notNullable();
      dateTimeColumn(t, 'at', dialect).notNullable();
      // The provider's answer (JSON), trimmed by the connector to what is safe to store.
      t.text('provider').nullable();
      t.index(['message_id']);
    });
  },
};
