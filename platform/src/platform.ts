/**
 * Wires the kernel together: database, migrations, metadata store, events, audit, records. Everything is built
 * from explicit arguments, so tests and several runtime nodes each get their own instance.
 */
import type { Knex } from 'knex';
import { departmentMembersFromDb, type AccessContext } from './access/evaluator.ts';
import { registerAuditListener } from './audit/audit.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDatabase, type Database, type Dialect } from './db/connection.ts';
import { migrate } from './db/migrations.ts';
import { RecordService } from './data/records.ts';
import { EventBus } from './events/bus.ts';
import { MetaStore } from './meta/store.ts';

export type Platform = {
  db: Database;
  knex: Knex;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  meta: MetaStore;
  records: RecordService;
  departmentMembers: AccessContext['departmentMembers'];
  close(): Promise<void>;
};

export type PlatformOptions = { databaseUrl: string; clock?: Clock; metaRefreshMs?: number; poolMax?: number };

/** Opens the database, migrates the platform tables and returns the kernel's services. */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const db = createDatabase(options.databaseUrl, { poolMax: options.poolMax });
  const clock = options.clock ?? systemClock;
  try {
    await migrate(db.knex, db.dialect);
  } catch (e) {
    await db.close();
    throw e;
  }
  const events = new EventBus();
  registerAuditListener(events, clock);
  const meta = new MetaStore({ knex: db.knex, dialect: db.dialect, clock, refreshMs: options.metaRefreshMs });
  const departmentMembers = departmentMembersFromDb(db.knex);
  const records = new RecordService({ knex: db.knex, dialect: db.dialect, meta, events, clock, departmentMembers });
  return { db, knex: db.knex, dialect: db.dialect, clock, events, meta, records, departmentMembers, close: () => db.close() };
}
