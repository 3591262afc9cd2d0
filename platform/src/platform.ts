/**
 * Wires the kernel together: database, migrations, metadata store, events, audit, records. Everything is built
 * from explicit arguments, so tests and several runtime nodes each get their own instance.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { accessContextFromDb, departmentMembersFromDb, type AccessContextFactory } from './access/context.ts';
import type { AccessContext } from './access/evaluator.ts';
import { registerShareCleanup, ShareService } from './access/shares.ts';
import { registerAuditListener } from './audit/audit.ts';
import { AuditView } from './audit/view.ts';
import { createLoginLimiter, type LoginLimiter, type LoginLimits } from './auth/login-limiter.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDatabase, type Database, type Dialect } from './db/connection.ts';
import { migrate } from './db/migrations.ts';
import { RecordService } from './data/records.ts';
import { EventBus } from './events/bus.ts';
import { SessionCache } from './auth/session-cache.ts';
import { FileStore } from './files/store.ts';
import { JobRunner, type JobRunnerOptions } from './jobs/runner.ts';
import { MetaStore } from './meta/store.ts';
import { OrgAdmin } from './org/admin.ts';

export type Platform = {
  db: Database;
  knex: Knex;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  meta: MetaStore;
  records: RecordService;
  /** The evaluator's context for the given roles: organisation and shares read from the database. */
  access: AccessContextFactory;
  shares: ShareService;
  org: OrgAdmin;
  audit: AuditView;
  loginLimiter: LoginLimiter;
  departmentMembers: AccessContext['departmentMembers'];
  /** Stored files (exports, uploads). */
  files: FileStore;
  /** Durable jobs: register handlers, enqueue, start/stop the polling loop. */
  jobs: JobRunner;
  /** Resolved sessions for a couple of seconds; evict a user's entries when their access changes. */
  sessionCache: SessionCache;
  close(): Promise<void>;
};

export type PlatformOptions = {
  databaseUrl: string;
  clock?: Clock;
  metaRefreshMs?: number;
  poolMax?: number;
  loginLimits?: LoginLimits;
  /** How long a resolved session is trusted without asking the database (ms); 0 turns the cache off. */
  sessionCacheMs?: number;
  /** Where stored files live (exports, uploads): `<data dir>/files` in production. */
  filesDir?: string;
  jobs?: Partial<Omit<JobRunnerOptions, 'knex' | 'dialect' | 'clock' | 'platform'>>;
  /** SQLite files: checkpoint the write-ahead log in a worker thread, not in the commits of requests. */
  backgroundCheckpoint?: boolean;
};

/** Opens the database, migrates the platform tables and returns the kernel's services. */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const db = createDatabase(options.databaseUrl, {
    poolMax: options.poolMax,
    backgroundCheckpoint: options.backgroundCheckpoint,
  });
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
  registerShareCleanup(events);
  const access = accessContextFromDb(db.knex);
  const records = new RecordService({ knex: db.knex, dialect: db.dialect, meta, events, clock, access });
  const files = new FileStore(options.filesDir ?? defaultFilesDir(options.databaseUrl), { knex: db.knex, clock });
  const jobs = new JobRunner({ ...options.jobs, knex: db.knex, dialect: db.dialect, clock, platform: () => platform });
  const sessionCache = new SessionCache(options.sessionCacheMs ?? 2000);
  // A changed, disabled or re-passworded user stops being trusted from the cache at once.
  events.on('org.user', (e) => {
    const id = 'info' in e ? e.info.id : undefined;
    if (typeof id === 'string') sessionCache.evictUser(id);
  });
  const platform: Platform = {
    db,
    knex: db.knex,
    dialect: db.dialect,
    clock,
    events,
    meta,
    records,
    access,
    shares: new ShareService({ knex: db.knex, clock, events, records }),
    org: new OrgAdmin({ knex: db.knex, clock, events, meta }),
    audit: new AuditView({ knex: db.knex, meta, records }),
    loginLimiter: createLoginLimiter(db.knex, db.dialect, options.loginLimits),
    departmentMembers: departmentMembersFromDb(db.knex),
    files,
    jobs,
    sessionCache,
    close: async () => {
      await jobs.stop();
      await db.close();
    },
  };
  return platform;
}

/** Files beside an SQLite database file, else `./data/files`. */
function defaultFilesDir(databaseUrl: string): string {
  const m = /^sqlite:(?:\/\/)?(.+)$/.exec(databaseUrl);
  if (m && m[1] !== ':memory:') return path.join(path.dirname(path.resolve(m[1])), 'files');
  return path.resolve('data', 'files');
}
