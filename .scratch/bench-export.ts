import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatform, createUser, uuidv7, toDbDateTime, registerQueryJobs, queryEngineOf, type Platform } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { bootstrap } from '../runtime/src/bootstrap.ts';

const N = Number(process.env.N ?? 100_000);
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);

async function seed(p: Platform) {
  const companies = Array.from({ length: 1000 }, (_, i) => ({ id: uuidv7(), version: 1, created_at: toDbDateTime(new Date()), updated_at: toDbDateTime(new Date()), name: `Cég ${i} Kft.`, status: 'active' }));
  for (let i = 0; i < companies.length; i += 500) await p.knex('company').insert(companies.slice(i, i + 500));
  const now = toDbDateTime(new Date());
  for (let i = 0; i < N; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(N, i + 500); j++) {
      rows.push({ id: uuidv7(), version: 1, created_at: now, updated_at: now, number: `K-${j}`, kind: 'order', issue_date: `2025-${String((j % 12) + 1).padStart(2, '0')}-${String((j % 28) + 1).padStart(2, '0')}`, value: (j * 37) % 1000000 + 0.5, value_currency: j % 7 ? 'HUF' : 'EUR', status: 'open', company_id: companies[j % 1000].id, description: j % 1000 === 0 ? '=HYPERLINK("http://x")' : 'Leírás árvíztűrő tükörfúrógép' });
    }
    await p.knex('contract').insert(rows);
  }
}

for (const db of testDatabases()) {
  const { url, drop } = await db.create();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-files-'));
  const platform = await createPlatform({ databaseUrl: url, filesDir, metaRefreshMs: 0 });
  await bootstrap(platform, { adminPassword: 'Admin-Pass-2026', seedDemo: false });
  let t = Date.now();
  await seed(platform);
  console.log(`${db.dialect}: seeded ${N} contracts in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const user = await createUser(platform.knex, platform.clock, { username: 'bench', password: 'Bench-Pass-2026', roles: ['admin'] });
  registerQueryJobs(platform.jobs);
  const definition = { entity: 'contract', columns: [{ path: 'number' }, { path: 'company.name' }, { path: 'issueDate' }, { path: 'value' }, { path: 'status' }, { path: 'description' }, { path: 'createdAt' }], sort: [{ path: 'issueDate', dir: 'desc' as const }] };
  for (const format of ['xlsx', 'csv'] as const) {
    global.gc?.();
    peak = process.memoryUsage().rss;
    const before = peak;
    t = Date.now();
    const job = await platform.jobs.enqueue(null, 'query.export', { definition, queryId: null, title: 'Szerződések', params: {}, format, csvSeparator: ';', locale: 'hu' }, { createdBy: user.id });
    await platform.jobs.runDue();
    const done = await platform.jobs.get(job.id);
    const secs = (Date.now() - t) / 1000;
    console.log(`${db.dialect} ${format}: ${done?.status} ${JSON.stringify(done?.result)} ${done?.error ? JSON.stringify(done.error).slice(0, 300) : ''} in ${secs.toFixed(1)} s; RSS before ${(before / 2 ** 20).toFixed(0)} MB, peak ${(peak / 2 ** 20).toFixed(0)} MB`);
  }
  // run page + count timing
  const engine = queryEngineOf(platform);
  const actor = { id: user.id, username: 'bench', displayName: 'b', roles: ['admin'], departmentId: null, managerId: null, locale: 'hu' as const, admin: true, via: 'session' as const };
  t = Date.now();
  const { compiled } = await engine.prepare(actor, definition, {});
  const page = await engine.page(compiled, 100, 50_000);
  console.log(`${db.dialect} run page (offset 50000, total ${page.total}): ${Date.now() - t} ms`);
  t = Date.now();
  const rel = await engine.prepare(actor, { entity: 'company', columns: [{ path: 'name' }, { related: { entity: 'contract', via: 'company', filter: { field: 'value.currency', op: 'eq', value: 'HUF' } }, fn: 'sum', path: 'value' }, { related: { entity: 'contract', via: 'company' }, fn: 'count' }], sort: [{ path: 'contract_company_count', dir: 'desc' }] }, {});
  const rp = await engine.page(rel.compiled, 100, 0);
  console.log(`${db.dialect} related aggregates over 1000 companies × ${N} contracts, sorted by one: ${Date.now() - t} ms (first: ${JSON.stringify(rp.rows[0])})`);
  await platform.close();
  await drop();
  fs.rmSync(filesDir, { recursive: true, force: true });
}
clearInterval(sampler);
