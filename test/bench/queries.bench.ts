/**
 * Query generator benchmark. On every configured database it seeds BENCH_QUERY_COMPANIES (1,000,000) companies, then
 *   query   a three-condition filter with a sort and a page of 50 through the query engine: p50 and p95;
 *   export  .xlsx of 100k and of all rows through Folyam's export path, against raw exceljs streaming the same
 *           SQL's rows, each in a process of its own (seconds and peak RSS).
 * Targets: export speed ≥ 0.7× raw; the full export (1M rows) in ≤ 60 s and ≤ 300 MB RSS.
 * Env: BENCH_QUERY_COMPANIES, BENCH_QUERY_RUNS (30), BENCH_DATABASES.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QueryDefinition } from '@folyam/metamodel';
import { actorOf, createPlatform, findUserByName, seedDemoData } from '@folyam/platform';
import { queryEngineOf } from '../../platform/src/queries/index.ts';
import { bootstrap } from '../../runtime/src/bootstrap.ts';
import { benchDatabases } from './lib/databases.ts';
import { envNumber, fmt, percentile, table, writeJson } from './lib/measure.ts';
import type { BenchOptions, BenchOutcome } from './lib/types.ts';

export const name = 'queries';
export const description = 'query generator: filtered page p50/p95, xlsx export vs raw exceljs (100k and 1M rows)';

const WORKER = fileURLToPath(new URL('./lib/export-worker.ts', import.meta.url));
const COLUMNS = [
  { path: 'name' },
  { path: 'status' },
  { path: 'settlement' },
  { path: 'employees' },
  { path: 'taxNumber' },
  { path: 'createdAt' },
];
const FILTERED: QueryDefinition = {
  entity: 'company',
  columns: COLUMNS,
  filter: {
    and: [
      { field: 'status', op: 'eq', value: 'active' },
      { field: 'employees', op: 'gte', value: 5 },
      { field: 'settlement', op: 'startsWith', value: 'B' },
    ],
  },
  sort: [{ path: 'name', dir: 'asc' }],
} as QueryDefinition;
const ALL: QueryDefinition = {
  entity: 'company',
  columns: COLUMNS,
  sort: [{ path: 'taxNumber', dir: 'asc' }],
} as QueryDefinition;

type ExportRun = { seconds: number; rows: number; size: number; maxRssMiB: number };

function exportIn(databaseUrl: string, mode: 'api' | 'raw', rows: number): Promise<ExportRun> {
  const file = path.join(os.tmpdir(), `folyam-bench-${process.pid}-${mode}-${rows}.xlsx`);
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as ExportRun));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`export worker exited with ${code}`)));
    child.send({ databaseUrl, mode, rows, definition: ALL, file });
  });
}

export async function run({ outputDir, log }: BenchOptions): Promise<BenchOutcome> {
  const companies = envNumber('BENCH_QUERY_COMPANIES', 1_000_000);
  const runs = envNumber('BENCH_QUERY_RUNS', 30);
  const results: unknown[] = [];
  let ok = true;
  const summary: string[] = [];
  for (const db of benchDatabases()) {
    log(`\n--- ${db.label} ---`);
    const { url, drop } = await db.create();
    try {
      const platform = await createPlatform({ databaseUrl: url });
      await bootstrap(platform, { adminPassword: 'Bench-Admin-Pass-2026', seedDemo: false });
      const admin = (await findUserByName(platform.knex, 'admin'))!;
      const t0 = performance.now();
      await seedDemoData(
        platform,
        { seed: 7, companies, contactsPerCompany: [0, 0], contractsPerCompany: [0, 0], balanceSheetYears: 0 },
        { ownerIds: [admin.id] },
      );
      log(`seeded ${companies.toLocaleString('en-US')} companies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      const engine = queryEngineOf(platform);
      const actor = actorOf(admin, 'session', []);
      const { compiled } = await engine.prepare(actor, FILTERED);
      const total = await engine.count(compiled);
      const pages = Math.max(1, Math.min(100, Math.floor(total / 50)));
      const times: number[] = [];
      await engine.page(compiled, 50, 0);
      for (let i = 0; i < runs; i++) {
        const offset = Math.floor(Math.random() * pages) * 50;
        const s = performance.now();
        const { compiled: c } = await engine.prepare(actor, FILTERED);
        await engine.page(c, 50, offset);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const query = { matching: total, p50: percentile(times, 50), p95: percentile(times, 95) };
      log(
        `query (3 conditions, sort, page of 50; ${total.toLocaleString('en-US')} matching): p50 ${fmt(query.p50)} ms, p95 ${fmt(query.p95)} ms`,
      );
      await platform.close();

      const exports: { rows: number; api: ExportRun; raw: ExportRun; speed: number }[] = [];
      for (const n of [...new Set([Math.min(100_000, companies), companies])]) {
        const raw = await exportIn(url, 'raw', n);
        const api = await exportIn(url, 'api', n);
        const speed = raw.seconds / api.seconds;
        exports.push({ rows: n, api, raw, speed });
        log(
          `xlsx ${n.toLocaleString('en-US')} rows: Folyam ${fmt(api.seconds)} s / ${fmt(api.maxRssMiB, 0)} MiB, raw exceljs ${fmt(raw.seconds)} s / ${fmt(raw.maxRssMiB, 0)} MiB, speed ${fmt(speed, 2)}× raw`,
        );
      }
      const full = exports[exports.length - 1];
      const checks = [
        ...exports.map((e) => ({ what: `export ${e.rows} speed ≥ 0.7× raw`, pass: e.speed >= 0.7 })),
        ...(full.rows >= 1_000_000
          ? [
              { what: '1M rows ≤ 60 s', pass: full.api.seconds <= 60 },
              { what: '1M rows ≤ 300 MB RSS', pass: full.api.maxRssMiB * 1.048576 <= 300 },
            ]
          : []),
      ];
      log(
        '\n' +
          table(
            ['export', 'Folyam s', 'Folyam MiB', 'raw s', 'raw MiB', 'speed ×raw'],
            exports.map((e) => [
              `${e.rows.toLocaleString('en-US')} rows`,
              fmt(e.api.seconds),
              fmt(e.api.maxRssMiB, 0),
              fmt(e.raw.seconds),
              fmt(e.raw.maxRssMiB, 0),
              fmt(e.speed, 2),
            ]),
          ),
      );
      for (const c of checks) log(`${c.pass ? 'meets' : '*** BELOW TARGET:'} ${c.what}`);
      if (checks.some((c) => !c.pass)) ok = false;
      summary.push(
        `${db.dialect} p95 ${fmt(query.p95)} ms, export ${fmt(full.api.seconds)} s/${fmt(full.api.maxRssMiB, 0)} MiB (${fmt(full.speed, 2)}× raw)`,
      );
      results.push({ database: db.label, companies, query, exports, checks });
    } finally {
      await drop();
    }
  }
  writeJson(path.join(outputDir, 'queries.json'), results);
  return { ok, summary: summary.join('; ') };
}
