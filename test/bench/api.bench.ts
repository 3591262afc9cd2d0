/**
 * API overhead benchmark: how much of the database's speed survives the HTTP API. On every configured database
 * it seeds BENCH_COMPANIES (100,000) companies, starts the real hapi server and compares two workloads through
 * the API (autocannon, in a separate process) with the same SQL run through knex directly, at the same concurrency:
 *   get-by-id  GET /api/data/company/{id}
 *   list       GET /api/data/company?filter=<active, ≥10 employees>&sort=name&limit=50&offset=<random page>
 * Target: API ≥ 0.5× raw req/s for get-by-id. Results: test/output/bench/api.json.
 * Env: BENCH_COMPANIES, BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (10),
 *      BENCH_DATABASES (sqlite,mysql), BENCH_WORKLOADS (get-by-id,list), BENCH_FLOORS=0 (skip the HTTP floor rows).
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import {
  actorOf,
  createPlatform,
  findUserByName,
  seedDemoData,
  tableName,
  type Actor,
  type Platform,
} from '@folyam/platform';
import { createServer } from '@folyam/runtime';
import { bootstrap } from '../../runtime/src/bootstrap.ts';
import { benchDatabases, type BenchDatabase } from './lib/databases.ts';
import { hasWrk, wrkLoad } from './lib/wrk.ts';
import {
  closedLoop,
  envNumber,
  fmt,
  Latencies,
  mib,
  peakRss,
  RssSampler,
  table,
  writeJson,
  type Sample,
} from './lib/measure.ts';
import type { BenchOptions, BenchOutcome } from './lib/types.ts';

export const name = 'api';
export const description = 'HTTP data API vs the same SQL through knex (get-by-id, filtered list)';

const TARGET_GET_RATIO = 0.5;
const WORKER = fileURLToPath(new URL('./lib/load-worker.ts', import.meta.url));
type LoadResult = {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  codes: string;
  latencies: number[];
};
const ADMIN_PASSWORD = 'Bench-Admin-Pass-2026';
const LIST_FILTER = JSON.stringify({
  and: [
    { field: 'status', op: 'eq', value: 'active' },
    { field: 'employees', op: 'gte', value: 10 },
  ],
});
const PAGE = 50;
const listPath = (offset: number) =>
  `/api/data/company?filter=${encodeURIComponent(LIST_FILTER)}&sort=name&limit=${PAGE}&offset=${offset}`;

type Settings = { companies: number; seconds: number; warmup: number; connections: number };

type Query = { sql: string; bindings: unknown[] };

/** The SQL of one call, with the binding positions that carry the varying value (the id or the offset). */
type Template = { queries: (Query & { vary: number[] })[] };

type Workload = {
  name: 'get-by-id' | 'list';
  /** A fresh API path for each request. */
  apiPath: () => string;
  /** The SQL the record service ran for one call, replayed with a fresh value. */
  template: Template;
  nextValue: () => unknown;
  /** Queries one HTTP request issued in all (authentication included), for the record. */
  apiQueries: string[];
};

/** `load1`: the 1-minute load average before the round, to tell a busy machine from a slow API. */
type RoundResult = { round: number; api: Sample; raw: Sample; ratio: number; load1: number };

type DatabaseResult = {
  database: string;
  dialect: string;
  companies: number;
  seedSeconds: number;
  matchingListRows: number;
  workloads: { name: string; sql: string[]; apiQueriesPerRequest: number; rounds: RoundResult[] }[];
  /** Reference points: the API ceiling in this process without the data service. */
  floors: { name: string; api: Sample }[];
  memory: { peakRssDuringMeasurement: number; peakRssProcess: number };
};

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

/** Collects every query knex sends while `fn` runs (nothing else may run meanwhile). */
async function captureQueries(knex: Knex, fn: () => Promise<unknown>): Promise<Query[]> {
  const seen: Query[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) =>
    seen.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] });
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.off('query', listener);
  }
  return seen;
}

/**
 * The record service's SQL for one call, found by calling it with a sentinel value; the metadata version check
 * (`folyam_meta_versions`, at most once a second and shared by all requests) is left out.
 */
async function templateOf(knex: Knex, sentinel: unknown, fn: () => Promise<unknown>): Promise<Template> {
  const queries = (await captureQueries(knex, fn)).filter((q) => !q.sql.includes('folyam_meta_versions'));
  const tpl = {
    queries: queries.map((q) => ({ ...q, vary: q.bindings.flatMap((b, i) => (b === sentinel ? [i] : [])) })),
  };
  if (!tpl.queries.some((q) => q.vary.length))
    throw new Error(`the captured SQL does not carry the sentinel ${String(sentinel)}`);
  return tpl;
}

async function replay(knex: Knex, tpl: Template, value: unknown): Promise<void> {
  for (const q of tpl.queries) {
    const bindings = q.vary.length ? q.bindings.map((b, i) => (q.vary.includes(i) ? value : b)) : q.bindings;
    await knex.raw(q.sql, bindings as Knex.RawBinding[]);
  }
}

/** Drives the API from a separate process (a fair share of the two cores for the server), cycling through fresh paths. */
async function runApi(
  url: string,
  cookie: string,
  w: { name: string; apiPath: () => string },
  s: Settings,
  seconds: number,
): Promise<Sample> {
  const paths = Array.from({ length: 50_000 }, () => w.apiPath());
  if (hasWrk()) return wrkLoad(url, cookie, paths, s.connections, seconds);
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send({ url, cookie, connections: s.connections, seconds, paths });
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors > 0) {
    throw new Error(
      `${w.name} through the API: ${result.non2xx} non-2xx (${result.codes}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const lat = new Latencies();
  for (const ms of result.latencies) lat.add(ms);
  return lat.summary(result.duration, errors);
}

async function benchDatabase(db: BenchDatabase, s: Settings, log: (s: string) => void): Promise<DatabaseResult> {
  log(`\n--- ${db.label} ---`);
  const { url, drop } = await db.create();
  let platform: Platform | null = null;
  let server: Awaited<ReturnType<typeof createServer>> | null = null;
  try {
    platform = await createPlatform({ databaseUrl: url, poolMax: s.connections });
    await bootstrap(platform, { adminPassword: ADMIN_PASSWORD, seedDemo: false });
    const admin = await findUserByName(platform.knex, 'admin');
    if (!admin) throw new Error('bootstrap did not create the admin user');

    const seedStart = performance.now();
    const seeded = await seedDemoData(
      platform,
      {
        seed: 1,
        companies: s.companies,
        contactsPerCompany: [0, 0],
        contractsPerCompany: [0, 0],
        balanceSheetYears: 0,
      },
      { ownerIds: [admin.id] },
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(
      `seeded ${seeded.company ?? 0} companies in ${seedSeconds.toFixed(1)} s (${fmt((seeded.company ?? 0) / seedSeconds, 0)} rows/s); peak RSS so far ${mib(peakRss())}`,
    );

    const snap = await platform.meta.published();
    const company = snap.entities.find((e) => e.name === 'company');
    if (!company) throw new Error('the CRM package has no company entity');
    const ids = (await platform.knex(tableName(company)).select('id')).map((r: { id: string }) => r.id);
    if (ids.length !== s.companies) throw new Error(`expected ${s.companies} companies, found ${ids.length}`);

    server = await createServer({ platform, host: '127.0.0.1', port: 0, distDir: '/nonexistent' });
    // Reference routes, added by the benchmark only: what HTTP + hapi + autocannon cost in this process with no
    // database work, and with the session check every data request pays. They bound the ratio from above.
    server.route([
      { method: 'GET', path: '/__bench/noop', options: { auth: false }, handler: () => ({ ok: true }) },
      { method: 'GET', path: '/__bench/session', handler: () => ({ ok: true }) },
    ]);
    await server.start();
    const base = `http://127.0.0.1:${server.info.port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const roles = snap.roles.filter((r) => r.admin).map((r) => r.name);
    const actor: Actor = actorOf(admin, 'session', roles);
    const knex = platform.knex;

    // The list's size decides the pages a random offset may land on; the API and the service must agree.
    const first = await platform.records.list(actor, 'company', {
      filter: JSON.parse(LIST_FILTER),
      sort: 'name',
      limit: PAGE,
      offset: 0,
    });
    const total = first.total;
    if (total === 0) throw new Error('the list filter matches no company');
    const pages = Math.ceil(total / PAGE);
    const randomOffset = () => Math.floor(Math.random() * pages) * PAGE;

    const httpQueries = async (p: string) =>
      (
        await captureQueries(knex, async () => {
          const res = await fetch(base + p, { headers: { cookie } });
          if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        })
      ).map((q) => q.sql);

    // A sentinel offset that is a real page but no other binding of the query (limit 50, employees 10…).
    const sentinelOffset = pages > 3 ? (pages - 2) * PAGE : 7919;
    const sentinelId = pick(ids);
    const workloads: Workload[] = [
      {
        name: 'get-by-id',
        apiPath: () => `/api/data/company/${pick(ids)}`,
        template: await templateOf(knex, sentinelId, () => platform!.records.get(actor, 'company', sentinelId)),
        nextValue: () => pick(ids),
        apiQueries: await httpQueries(`/api/data/company/${sentinelId}`),
      },
      {
        name: 'list',
        apiPath: () => listPath(randomOffset()),
        template: await templateOf(knex, sentinelOffset, () =>
          platform!.records.list(actor, 'company', {
            filter: JSON.parse(LIST_FILTER),
            sort: 'name',
            limit: PAGE,
            offset: sentinelOffset,
          }),
        ),
        nextValue: randomOffset,
        apiQueries: await httpQueries(listPath(sentinelOffset)),
      },
    ];
    const only = process.env.BENCH_WORKLOADS?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (only?.length) workloads.splice(0, workloads.length, ...workloads.filter((w) => only.includes(w.name)));
    if (!workloads.length) throw new Error(`BENCH_WORKLOADS matches none of get-by-id, list`);
    log(
      `list filter matches ${total} companies (${pages} pages of ${PAGE}); ${s.connections} connections, ${s.warmup} s warm-up, ${s.seconds} s per measurement`,
    );
    for (const w of workloads) {
      log(
        `${w.name}: record service SQL (${w.template.queries.length} per call; the API request issues ${w.apiQueries.length} in all):`,
      );
      for (const q of w.template.queries) log(`    ${q.sql}`);
    }

    const rss = new RssSampler().start();
    const out: DatabaseResult['workloads'] = [];
    for (const w of workloads) {
      const rawCall = () => replay(knex, w.template, w.nextValue());
      log(`${w.name}: warm-up…`);
      await runApi(base, cookie, w, s, s.warmup);
      await closedLoop(s.connections, s.warmup, rawCall);
      const rounds: RoundResult[] = [];
      for (let round = 1; round <= 2; round++) {
        const load1 = os.loadavg()[0];
        const api = await runApi(base, cookie, w, s, s.seconds);
        const raw = await closedLoop(s.connections, s.seconds, rawCall);
        const r = { round, api, raw, ratio: api.rps / raw.rps, load1 };
        rounds.push(r);
        log(
          `  round ${round}: API ${fmt(api.rps)} req/s p95 ${fmt(api.p95, 2)} ms | raw ${fmt(raw.rps)} req/s p95 ${fmt(raw.p95, 2)} ms | ` +
            `ratio ${r.ratio.toFixed(2)} | load avg ${load1.toFixed(1)}`,
        );
      }
      out.push({
        name: w.name,
        sql: w.template.queries.map((q) => q.sql),
        apiQueriesPerRequest: w.apiQueries.length,
        rounds,
      });
    }
    const floors: DatabaseResult['floors'] = [];
    if (process.env.BENCH_FLOORS !== '0') {
      for (const [label, p] of [
        ['http floor: no-op route, no auth', '/__bench/noop'],
        ['http floor: no-op route, session auth', '/__bench/session'],
      ] as const) {
        const api = await runApi(base, cookie, { name: label, apiPath: () => p }, s, s.seconds);
        floors.push({ name: label, api });
        log(`  ${label}: ${fmt(api.rps)} req/s p95 ${fmt(api.p95, 2)} ms`);
      }
    }
    const peakDuring = rss.stop();
    return {
      database: db.label,
      dialect: db.dialect,
      companies: s.companies,
      seedSeconds,
      matchingListRows: total,
      workloads: out,
      floors,
      memory: { peakRssDuringMeasurement: peakDuring, peakRssProcess: peakRss() },
    };
  } finally {
    if (server) await server.stop({ timeout: 2000 });
    if (platform) await platform.close();
    await drop();
  }
}

function report(r: DatabaseResult, log: (s: string) => void): boolean {
  const rows = r.workloads.flatMap((w) =>
    w.rounds.map((x) => [
      `${w.name} #${x.round}`,
      fmt(x.api.rps),
      fmt(x.api.p95, 2),
      fmt(x.raw.rps),
      fmt(x.raw.p95, 2),
      x.ratio.toFixed(2),
      w.name === 'get-by-id' ? (x.ratio >= TARGET_GET_RATIO ? 'ok' : 'BELOW TARGET') : '',
    ]),
  );
  for (const f of r.floors) rows.push([f.name, fmt(f.api.rps), fmt(f.api.p95, 2), '', '', '', '']);
  log(`\n${r.database}: ${r.companies.toLocaleString('en-US')} companies (seeded in ${r.seedSeconds.toFixed(1)} s)`);
  log(
    table(
      ['workload', 'API req/s', 'API p95 ms', 'raw req/s', 'raw p95 ms', 'API/raw', `target ≥${TARGET_GET_RATIO}×`],
      rows,
    ),
  );
  log(
    `peak RSS: ${mib(r.memory.peakRssDuringMeasurement)} while measuring, ${mib(r.memory.peakRssProcess)} for the process so far (seeding included)`,
  );
  const get = r.workloads.find((w) => w.name === 'get-by-id');
  if (!get) return true;
  const ok = get.rounds.every((x) => x.ratio >= TARGET_GET_RATIO);
  const best = Math.max(...get.rounds.map((x) => x.ratio));
  log(
    ok
      ? `target met: get-by-id API is ${best.toFixed(2)}× raw (≥ ${TARGET_GET_RATIO}×)`
      : `*** below target on ${r.dialect}: get-by-id API is ${get.rounds.map((x) => x.ratio.toFixed(2)).join(' / ')}× raw, target ≥ ${TARGET_GET_RATIO}× ***`,
  );
  return ok;
}

export async function run(options: BenchOptions): Promise<BenchOutcome> {
  const settings: Settings = {
    companies: Math.round(envNumber('BENCH_COMPANIES', 100_000)),
    seconds: envNumber('BENCH_SECONDS', 8),
    warmup: envNumber('BENCH_WARMUP_SECONDS', 2),
    connections: Math.round(envNumber('BENCH_CONNECTIONS', 10)),
  };
  const log = options.log;
  log(
    `target: API ≥ ${TARGET_GET_RATIO}× raw knex req/s for get-by-id (node ${process.version}, load from ${hasWrk() ? 'wrk' : 'autocannon'} in a separate process)`,
  );
  log(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other work on the machine skews the figures)`,
  );
  const results: DatabaseResult[] = [];
  for (const db of benchDatabases()) results.push(await benchDatabase(db, settings, log));
  const verdicts = results.map((r) => ({ dialect: r.dialect, ok: report(r, log) }));
  const file = path.join(options.outputDir, 'api.json');
  writeJson(file, {
    benchmark: name,
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    settings,
    target: { workload: 'get-by-id', minRatio: TARGET_GET_RATIO },
    results: results.map((r, i) => ({ ...r, targetMet: verdicts[i].ok })),
    peakRss: peakRss(),
  });
  log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  const ok = verdicts.every((v) => v.ok);
  return {
    ok,
    summary: verdicts
      .map((v, i) => {
        const get = results[i].workloads.find((w) => w.name === 'get-by-id');
        if (!get) return `${v.dialect} (no get-by-id)`;
        return `${v.dialect} get-by-id ${get.rounds.map((x) => x.ratio.toFixed(2)).join('/')}× ${v.ok ? 'ok' : 'below target'}`;
      })
      .join('; '),
  };
}
