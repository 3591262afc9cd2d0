/**
 * Migration 0007: a mobile number on each user (E.164), so process reminders and notifications can reach people
 * by SMS where email is not enough.
 */
import type { Knex } from 'knex';

export const migration0007UserPhone = {
  name: '0007_user_phone',
  async up(knex: Knex): Promise<void> {
    await knex.schema.alterTable('folyam_users', (t) => {
      t.string('phone', 32).nullable();
    });
  },
};
