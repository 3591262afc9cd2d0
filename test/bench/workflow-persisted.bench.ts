/**
 * Persisted workflow throughput: the fixture `test/bench/fixtures/workflow.bpmn` (three service tasks, an exclusive
 * gateway, a user task) run through the real runtime — started with `POST /api/processes/{key}/start`, its
 * service tasks run as durable jobs, its user task completed with `POST /api/tasks/{id}/complete` — every step
 * persisted (snapshot, variables, history, tasks, jobs) in its transaction. Measures completed instances per
 * second on SQLite, and on MariaDB/MySQL when FOLYAM_BENCH_MYSQL_URL / FOLYAM_TEST_MYSQL_URL is set.
 * Target: ≥ 300 completed instances/s on SQLite. Results: test/output/bench/workflow-persisted.json.
 * Env: BENCH_SECONDS (8), BENCH_CONCURRENCY (16), BENCH_DATABASES.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Server } from '@hapi/hapi';
import { createPlatform, createUser, type Platform } from '@folyam/platform';
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
    return { dialect, instancesPerSecond, drainSeconds: drain, ...sample };
  } finally {
    await server.stop();
    await platform.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  }
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
  log(
    table(
      ['database', 'instances/s', 'p50 ms', 'p95 ms', 'errors'],
      results.map((r) => [r.dialect, fmt(r.instancesPerSecond), fmt(r.p50), fmt(r.p95), r.errors]),
    ),
  );
  writeJson(path.join(outputDir, 'workflow-persisted.json'), { target: TARGET, concurrency, seconds, results });
  const sqlite = results.find((r) => r.dialect === 'sqlite');
  const ok = !sqlite || sqlite.instancesPerSecond >= TARGET;
  return {
    ok,
    summary:
      results.map((r) => `${r.dialect} ${fmt(r.instancesPerSecond)}/s`).join(', ') +
      ` (target ≥ ${TARGET}/s on SQLite)`,
  };
}
