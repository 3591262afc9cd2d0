/**
 * Persisted workflow throughput: the fixture `test/bench/fixtures/workflow.bpmn` (three service tasks, an exclusive
 * gateway, a user task) run through the real runtime — started with `POST /api/processes/{key}/start`, its
 * service tasks run as durable jobs, its user task completed with `POST /api/tasks/{id}/complete` — every step
 * persisted (snapshot, variables, history, tasks, jobs) in its transaction. Measures completed instances per
 * second on SQLite, and on MariaDB/MySQL when FOLYAM_BENCH_MYSQL_URL / FOLYAM_TEST_MYSQL_URL is set.
 * Target: ≥ 300 completed instances/s on SQLite. Results: test/output/bench/workflow-persisted.json.
 *
 * Baseline, same run: the rows one Folyam instance wrote (instance, history, task, messages and their events, jobs,
 * audit) copied by hand on a fresh SQLite file through better-sqlite3 — the same two transactions per instance with
 * the same reads, and a send batch per eight instances — without HTTP, the engine or knex. The ratio says how much
 * of the machine's bare SQLite write rate the whole stack keeps, which varies less between machines than the rate.
 * Env: BENCH_SECONDS (8), BENCH_CONCURRENCY (16), BENCH_DATABASES.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Server } from '@hapi/hapi';
import { createPlatform, createUser, uuidv7, type Platform } from '@folyam/platform';
import { publishProcess } from '@folyam/platform/testing';
import { createServer } from '../../runtime/src/server.ts';
import { benchDatabases } from './lib/databases.ts';
import { closedLoop, envNumber, fmt, table, writeJson, type Sample } from './lib/measure.ts';
import type { BenchOptions, BenchOutcome } from './lib/types.ts';

export const name = 'workflow-persisted';
export const description = 'Completed process instances per second through the API, persisted (SQLite, MariaDB)';

const TARGET = 300;
const PASSWORD = 'Bench-Pass-2026';
const FIXTURE = fileURLToPath(new URL('./fixtures/workflow.bpmn', import.meta.url));
const KEY = 'benchFlow';

/** The process id inside the fixture becomes irrelevant: the metadata key is `benchFlow`. */
async function publishFixture(platform: Platform): Promise<void> {
  await publishProcess(platform, KEY, fs.readFileSync(FIXTURE, 'utf8'), { hu: 'Mérés', en: 'Benchmark' });
}

async function login(server: Server): Promise<Record<string, string>> {
  const res = await server.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'bench', password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.payload}`);
  const cookie = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-requested-with': 'folyam' };
}

async function measure(dialect: string, url: string, seconds: number, concurrency: number, log: (s: string) => void) {
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folyam-bench-files-'));
  const platform = await createPlatform({
    databaseUrl: url,
    metaRefreshMs: 1000,
    sessionCacheMs: 2000,
    filesDir,
    poolMax: 10,
    jobs: { pollMs: 50, concurrency: dialect === 'sqlite' ? 2 : 8 },
    backgroundCheckpoint: true,
  });
  const server = await createServer({ platform, distDir: '/nonexistent' });
  await server.initialize();
  try {
    await createUser(platform.knex, platform.clock, {
      username: 'bench',
      displayName: 'Mérő',
      password: PASSWORD,
      roles: ['admin'],
      locale: 'hu',
    });
    await publishFixture(platform);
    const headers = await login(server);
    platform.jobs.start();
    const knex = platform.knex;
    let n = 0;
    const once = async () => {
      const i = n++;
      const started = await server.inject({
        method: 'POST',
        url: `/api/processes/${KEY}/start`,
        headers,
        payload: { variables: { amount: (i % 10) * 1000, n: i } },
      });
      if (started.statusCode !== 201) throw new Error(`start: ${started.statusCode} ${started.payload}`);
      // The service tasks ran in the start's step; the user task is the starter's, so the answer names it.
      const [task] = (JSON.parse(started.payload) as { tasks: { id: string }[] }).tasks;
      if (!task) throw new Error(`start: no task of the starter in ${started.payload}`);
      const done = await server.inject({
        method: 'POST',
        url: `/api/tasks/${task.id}/complete`,
        headers,
        payload: { variables: { approved: true } },
      });
      if (done.statusCode !== 200) throw new Error(`complete: ${done.statusCode} ${done.payload}`);
      // The completion answers the instance's status after the step, committed; the last service task's email
      // is in the outbox with its send job, which the runner sends meanwhile.
      const status = (JSON.parse(done.payload) as { status: string }).status;
      if (status !== 'completed') throw new Error(`instance ${status} after its user task`);
    };
    await closedLoop(concurrency, 1, once); // warm-up: compile, caches, prepared statements
    const sample: Sample = await closedLoop(concurrency, seconds, once);
    // The instances' emails count too: the window is stretched until every send job of the run has finished.
    const t0 = performance.now();
    const backlog = () =>
      knex('folyam_jobs')
        .whereIn('status', ['queued', 'running'])
        .where('kind', 'message.send')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n ?? 0));
    const left = await backlog();
    while ((await backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const drain = (performance.now() - t0) / 1000;
    const instancesPerSecond = sample.count / (sample.seconds + drain);
    const history = Number((await knex('folyam_wf_history').count({ n: '*' }).first())?.n ?? 0);
    const held = Number((await knex('folyam_messages').where({ status: 'held' }).count({ n: '*' }).first())?.n ?? 0);
    log(
      `${dialect}: ${fmt(instancesPerSecond)} completed instances/s with their emails out of the outbox ` +
        `(${sample.count} in ${fmt(sample.seconds)} s + ${fmt(drain)} s for the last ${left} send jobs; ` +
        `p50 ${fmt(sample.p50)} ms, p95 ${fmt(sample.p95)} ms), ${history} history rows, ${held} messages held`,
    );
    const templates = dialect === 'sqlite' ? await rowTemplates(knex) : null;
    return { dialect, instancesPerSecond, drainSeconds: drain, ...sample, templates };
  } finally {
    await server.stop();
    await platform.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown>;
/** What one instance wrote: the rows to copy in the baseline. */
type Templates = {
  instance: Row;
  history: Row[];
  task: Row;
  messages: Row[];
  events: Row[];
  jobs: Row[];
  audit: Row[];
};

/** The rows of one completed instance of the run, and of the messages, jobs and audit entries like the ones it made. */
async function rowTemplates(knex: Platform['knex']): Promise<Templates> {
  const instance = await knex('folyam_wf_instances').where({ status: 'completed' }).first();
  const history = await knex('folyam_wf_history').where({ instance_id: instance.id }).orderBy('id');
  const task = await knex('folyam_wf_tasks').where({ instance_id: instance.id }).first();
  const messages = await knex('folyam_messages').orderBy('created_at', 'desc').limit(3);
  const events = await knex('folyam_message_events')
    .whereIn(
      'message_id',
      messages.map((m) => m.id),
    )
    .where({ status: 'queued' });
  const jobs = [
    ...(await knex('folyam_jobs').where({ kind: 'message.send' }).limit(2)),
    await knex('folyam_jobs').where({ kind: 'workflow.reminder' }).first(),
  ];
  const audit = await knex('folyam_audit').where({ action: 'message.queued' }).limit(2);
  return { instance, history, task, messages, events, jobs, audit };
}

/**
 * Instances per second when the same rows are written by hand (see the header): a fresh SQLite file with the
 * platform's schema and pragmas, two transactions per instance, a send batch per eight.
 */
async function bareSqlite(url: string, t: Templates, seconds: number): Promise<number> {
  const platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, backgroundCheckpoint: true });
  try {
    const client = (
      platform.knex as unknown as {
        client: { acquireConnection(): Promise<Connection>; releaseConnection(c: Connection): Promise<void> };
      }
    ).client;
    const db = await client.acquireConnection();
    try {
      return writeByHand(db, t, seconds);
    } finally {
      await client.releaseConnection(db);
    }
  } finally {
    await platform.close();
  }
}

type Statement = { run(...a: unknown[]): { changes: number }; get(...a: unknown[]): unknown };
type Connection = { prepare(sql: string): Statement; exec(sql: string): void };

/** The loop of `bareSqlite` on its connection. */
function writeByHand(db: Connection, t: Templates, seconds: number): number {
  const inserts = new Map<string, Statement>();
  const insert = (table: string, row: Row) => {
    // an `id: undefined` leaves an auto-increment id to the database
    const cols = Object.keys(row).filter((c) => row[c] !== undefined);
    const key = `${table}:${cols.join(',')}`;
    let st = inserts.get(key);
    if (!st) {
      st = db.prepare(
        `insert into \`${table}\` (${cols.map((c) => `\`${c}\``).join(', ')}) values (${cols.map(() => '?').join(', ')})`,
      );
      inserts.set(key, st);
    }
    st.run(...cols.map((c) => row[c]));
  };
  const selectTask = db.prepare('select * from `folyam_wf_tasks` where `id` = ? limit 1');
  const selectInstance = db.prepare('select * from `folyam_wf_instances` where `id` = ? limit 1');
  const closeTask = db.prepare(
    'update `folyam_wf_tasks` set `status` = ?, `completed_at` = ?, `updated_at` = ? where `id` = ?',
  );
  const moveInstance = db.prepare(
    'update `folyam_wf_instances` set `status` = ?, `snapshot` = ?, `version` = `version` + 1, `updated_at` = ? where `id` = ?',
  );
  const sendMessage = db.prepare('update `folyam_messages` set `status` = ?, `updated_at` = ? where `id` = ?');
  const finishJob = db.prepare('update `folyam_jobs` set `status` = ?, `updated_at` = ? where `id` = ?');
  const half = Math.ceil(t.history.length / 2);
  const unsent: { messages: string[]; jobs: string[] } = { messages: [], jobs: [] };
  const now = () => new Date().toISOString().replace('T', ' ').replace('Z', '');
  const copy = (row: Row, extra: Row) => ({ ...row, ...extra });
  const message = (i: number, instanceNo: number) => {
    const id = uuidv7();
    insert(
      'folyam_messages',
      copy(t.messages[i % t.messages.length], { id, idempotency_key: `bare:${instanceNo}:${i}`, status: 'queued' }),
    );
    insert(
      'folyam_message_events',
      copy(t.events[i % t.events.length] ?? { status: 'queued', at: now() }, { id: undefined, message_id: id }),
    );
    unsent.messages.push(id);
  };
  const job = (template: Row, key: string) => {
    const id = uuidv7();
    insert('folyam_jobs', copy(template, { id, idempotency_key: key, status: 'queued' }));
    return id;
  };
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const instanceId = uuidv7();
    const taskId = uuidv7();
    db.exec('BEGIN');
    insert('folyam_wf_instances', copy(t.instance, { id: instanceId, status: 'running', ended_at: null }));
    message(0, n);
    message(1, n);
    insert('folyam_audit', copy(t.audit[0], { id: undefined }));
    unsent.jobs.push(job(t.jobs[0], `bare:send:${n}:1`));
    for (const h of t.history.slice(0, half))
      insert('folyam_wf_history', copy(h, { id: undefined, instance_id: instanceId }));
    insert('folyam_wf_tasks', copy(t.task, { id: taskId, instance_id: instanceId, status: 'open' }));
    job(t.jobs[2], `bare:reminder:${n}`);
    db.exec('COMMIT');
    db.exec('BEGIN');
    selectTask.get(taskId);
    closeTask.run('done', now(), now(), taskId);
    selectInstance.get(instanceId);
    message(2, n);
    insert('folyam_audit', copy(t.audit[1] ?? t.audit[0], { id: undefined }));
    moveInstance.run('completed', t.instance.snapshot, now(), instanceId);
    unsent.jobs.push(job(t.jobs[1] ?? t.jobs[0], `bare:send:${n}:2`));
    for (const h of t.history.slice(half))
      insert('folyam_wf_history', copy(h, { id: undefined, instance_id: instanceId }));
    db.exec('COMMIT');
    n++;
    if (n % 8 === 0) {
      db.exec('BEGIN');
      for (const id of unsent.messages.splice(0)) {
        sendMessage.run('held', now(), id);
        insert('folyam_message_events', { message_id: id, status: 'held', at: now(), provider: null });
      }
      for (const id of unsent.jobs.splice(0)) finishJob.run('done', now(), id);
      db.exec('COMMIT');
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function run({ outputDir, log }: BenchOptions): Promise<BenchOutcome> {
  const seconds = envNumber('BENCH_SECONDS', 8);
  const concurrency = envNumber('BENCH_CONCURRENCY', 16);
  const results = [];
  for (const db of benchDatabases()) {
    const { url, drop } = await db.create();
    try {
      results.push(await measure(db.dialect, url, seconds, concurrency, log));
    } finally {
      await drop();
    }
  }
  const sqliteRun = results.find((r) => r.dialect === 'sqlite');
  let bare: number | null = null;
  if (sqliteRun?.templates) {
    const { url, drop } = await benchDatabases()
      .find((d) => d.dialect === 'sqlite')!
      .create();
    try {
      bare = await bareSqlite(url, sqliteRun.templates, seconds);
    } finally {
      await drop();
    }
    log(
      `baseline: the same rows by hand on bare SQLite: ${fmt(bare)} instances/s; ` +
        `Folyam keeps ${fmt((100 * sqliteRun.instancesPerSecond) / bare)} % of it`,
    );
  }
  log(
    table(
      ['database', 'instances/s', 'p50 ms', 'p95 ms', 'errors'],
      results.map((r) => [r.dialect, fmt(r.instancesPerSecond), fmt(r.p50), fmt(r.p95), r.errors]),
    ),
  );
  writeJson(path.join(outputDir, 'workflow-persisted.json'), {
    target: TARGET,
    concurrency,
    seconds,
    results: results.map(({ templates: _t, ...r }) => r),
    bareSqliteInstancesPerSecond: bare,
  });
  const sqlite = results.find((r) => r.dialect === 'sqlite');
  const ok = !sqlite || sqlite.instancesPerSecond >= TARGET;
  return {
    ok,
    summary:
      results.map((r) => `${r.dialect} ${fmt(r.instancesPerSecond)}/s`).join(', ') +
      (bare && sqliteRun ? `, ${fmt(sqliteRun.instancesPerSecond / bare, 2)}× bare SQLite` : '') +
      ` (target ≥ ${TARGET}/s on SQLite)`,
  };
}
