/**
 * One xlsx export in a process of its own, so its peak RSS is its own: `api` runs the query engine and Folyam's
 * streaming writer (what an export job does), `raw` streams the same SQL's rows straight into exceljs's
 * WorkbookWriter. Receives `{ databaseUrl, mode, rows, definition, file }` over IPC; answers with the timing.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { actorOf, createPlatform, findUserByName } from '@folyam/platform';
import { queryEngineOf, writeXlsx } from '../../../platform/src/queries/index.ts';
import type { QueryDefinition } from '@folyam/metamodel';

type Job = { databaseUrl: string; mode: 'api' | 'raw'; rows: number; definition: QueryDefinition; file: string };

async function* rawRows(
  knex: Knex,
  dialect: string,
  databaseUrl: string,
  sql: string,
  bindings: unknown[],
): AsyncGenerator<unknown[]> {
  if (dialect === 'sqlite') {
    const db = new Database(databaseUrl.replace(/^sqlite:/, ''), { readonly: true });
    try {
      let n = 0;
      const statement = db.prepare(sql) as unknown as {
        raw(on: boolean): { iterate(...b: unknown[]): Iterable<unknown[]> };
      };
      for (const row of statement.raw(true).iterate(...bindings)) {
        yield row as unknown[];
        if (++n % 1000 === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      db.close();
    }
    return;
  }
  const stream = knex.raw(sql, bindings as Knex.RawBinding[]).stream({ highWaterMark: 500 });
  for await (const row of stream as AsyncIterable<Record<string, unknown>>) yield Object.values(row);
}

process.once('message', async (job: Job) => {
  const platform = await createPlatform({ databaseUrl: job.databaseUrl, poolMax: 2 });
  const user = (await findUserByName(platform.knex, 'admin'))!;
  const actor = actorOf(user, 'session', []);
  const engine = queryEngineOf(platform);
  const { compiled } = await engine.prepare(actor, job.definition, { action: 'export' });
  const start = performance.now();
  let rows = 0;
  if (job.mode === 'api') {
    rows = await writeXlsx(job.file, 'Bench', {
      columns: compiled.columns,
      rows: engine.rows(compiled, { max: job.rows }),
      locale: 'hu',
    });
  } else {
    const { sql, bindings } = compiled.query.clone().limit(job.rows).toSQL().toNative();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: job.file, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Bench');
    ws.columns = compiled.columns.map((c) => ({ key: c.key, header: c.label.hu, width: 24 }));
    for await (const values of rawRows(platform.knex, platform.dialect, job.databaseUrl, sql, bindings as unknown[])) {
      ws.addRow(values).commit();
      rows++;
    }
    ws.commit();
    await wb.commit();
  }
  const seconds = (performance.now() - start) / 1000;
  const size = fs.statSync(job.file).size;
  fs.rmSync(job.file, { force: true });
  await platform.close();
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.send!({ seconds, rows, size, maxRssMiB }, () => process.exit(0));
});
