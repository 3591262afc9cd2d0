/**
 * Migration 0005: newsletters and campaigns — consent history and its current state, the suppression list,
 * message templates, campaigns and their recipients, tracking events, channel settings kept in the database,
 * and the outbox columns a campaign message needs (purpose, one-click unsubscribe, extra headers).
 */
import type { Knex } from 'knex';
import type { Dialect } from './connection.ts';
import { dateTimeColumn, tableDefaults } from './table-helpers.ts';

export const migration0005Campaigns = {
  name: '0005_campaigns',
  async up(knex: Knex, dialect: Dialect): Promise<void> {
    const longText = (t: Knex.CreateTableBuilder, name: string) =>
      dialect === 'mysql' ? t.specificType(name, 'mediumtext') : t.text(name);
    // Every consent change, appended; the latest row per record and channel wins.
    await knex.schema.createTable('folyam_consents', (t) => {
      tableDefaults(t, dialect);
      t.bigIncrements('id').primary();
      t.string('entity', 64).notNullable();
      t.string('record_id', 64).notNullable();
      // email | sms | fax | tracking
      t.string('channel', 16).notNullable();
      // granted | withdrawn
      t.string('status', 16).notNullable();
      // form | import | phone | email | paper | unsubscribe | bounce | other
      t.string('source', 32).notNullable();
      t.text('wording').nullable();
      dateTimeColumn(t, 'at', dialect).notNullable();
      t.string('by_user', 36).nullable();
      t.string('campaign_id', 36).nullable();
      t.index(['entity', 'record_id', 'channel']);
    });
    // The latest consent per record and channel, written with each history row: what a send reads.
    await knex.schema.createTable('folyam_consent_current', (t) => {
      tableDefaults(t, dialect);
      t.string('entity', 64).notNullable();
      t.string('record_id', 64).notNullable();
      t.string('channel', 16).notNullable();
      t.string('status', 16).notNullable();
      t.bigInteger('consent_id').notNullable();
      t.primary(['entity', 'record_id', 'channel']);
    });
    await knex.schema.createTable('folyam_suppressions', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      // A lower-case email address or an E.164 number
      t.string('address', 320).notNullable().unique();
      // manual | bounce | unsubscribe | complaint
      t.string('reason', 32).notNullable();
      t.string('note', 500).nullable();
      t.string('message_id', 36).nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      t.string('created_by', 36).nullable();
      t.index(['created_at']);
    });
    await knex.schema.createTable('folyam_message_templates', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      t.string('channel', 8).notNullable();
      t.string('subject', 998).nullable();
      longText(t, 'body_html').nullable();
      longText(t, 'body_text').nullable();
      t.string('created_by', 36).nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      t.index(['name']);
    });
    await knex.schema.createTable('folyam_campaigns', (t) => {
      tableDefaults(t, dialect);
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      // email | sms | fax | auto
      t.string('channel', 8).notNullable();
      // marketing | service
      t.string('purpose', 16).notNullable();
      t.string('subject', 998).nullable();
      longText(t, 'body_html').nullable();
      longText(t, 'body_text').nullable();
      // JSON array of stored file ids
      t.text('attachments').nullable();
      // JSON { kind, ids | groups | queryId }
      t.text('recipients').notNullable();
      t.boolean('tracking').notNullable().defaultTo(false);
      // draft | scheduled | sending | sent | cancelled | failed
      t.string('status', 16).notNullable();
      t.string('job_id', 36).nullable();
      t.integer('expected').nullable();
      t.string('owner_id', 36).notNullable();
      dateTimeColumn(t, 'scheduled_at', dialect).nullable();
      dateTimeColumn(t, 'started_at', dialect).nullable();
      dateTimeColumn(t, 'finished_at', dialect).nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      t.index(['owner_id']);
      t.index(['status']);
    });
    await knex.schema.createTable('folyam_campaign_recipients', (t) => {
      tableDefaults(t, dialect);
      t.bigIncrements('id').primary();
      t.string('campaign_id', 36).notNullable().references('id').inTable('folyam_campaigns').onDelete('CASCADE');
      t.string('contact_id', 64).notNullable();
      t.string('name', 300).nullable();
      t.string('channel', 8).nullable();
      t.string('address', 320).nullable();
      // skipped | queued | sent | delivered | bounced | failed | undeliverable | held | unsubscribed
      t.string('status', 16).notNullable();
      // noConsent | suppressed | noAddress | duplicate
      t.string('skip_reason', 16).nullable();
      t.string('message_id', 36).nullable();
      // Unguessable: the one-click unsubscribe link and the tracking links carry it.
      t.string('token', 64).nullable().unique();
      t.boolean('tracked').notNullable().defaultTo(false);
      // JSON array of the URLs in this recipient's message: the only places a click redirect may lead
      t.text('links').nullable();
      dateTimeColumn(t, 'created_at', dialect).notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      dateTimeColumn(t, 'opened_at', dialect).nullable();
      dateTimeColumn(t, 'clicked_at', dialect).nullable();
      dateTimeColumn(t, 'unsubscribed_at', dialect).nullable();
      t.unique(['campaign_id', 'contact_id']);
      t.index(['campaign_id', 'status']);
      t.index(['message_id']);
    });
    await knex.schema.createTable('folyam_tracking_events', (t) => {
      tableDefaults(t, dialect);
      t.bigIncrements('id').primary();
      t.string('campaign_id', 36).notNullable();
      t.bigInteger('recipient_id').notNullable();
      // open | click | unsubscribe
      t.string('kind', 16).notNullable();
      t.string('url', 2000).nullable();
      dateTimeColumn(t, 'at', dialect).notNullable();
      t.index(['campaign_id', 'kind']);
      t.index(['recipient_id']);
    });
    await knex.schema.createTable('folyam_channel_settings', (t) => {
      tableDefaults(t, dialect);
      t.string('channel', 16).primary();
      // JSON settings, secrets included: never returned by the API
      t.text('config').notNullable();
      dateTimeColumn(t, 'updated_at', dialect).notNullable();
      t.string('updated_by', 36).nullable();
    });
    await knex.schema.alterTable('folyam_messages', (t) => {
      // marketing | service | null (a message written by a person or a workflow)
      t.string('purpose', 16).nullable();
      // JSON { unsubscribeUrl?, unsubscribeMailto?, headers? }
      t.text('options').nullable();
      t.index(['status']);
    });
  },
};
