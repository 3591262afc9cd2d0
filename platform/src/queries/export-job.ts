/**
 * The `query.export` job: runs a query as the user who asked for it (their access as it is when the job runs),
 * streams the rows into an xlsx or CSV file in the file store, and audits who exported what and how many rows.
 */
import type { Locale, QueryDefinition } from '@folyam/metamodel';
import { actorOf, findUserById } from '../auth/users.ts';
import { errors } from '../errors.ts';
import type { JobContext, JobRunner } from '../jobs/runner.ts';
import type { Platform } from '../platform.ts';
import { QueryEngine } from './engine.ts';
import { MIME, writeCsv, writeXlsx, type CsvSeparator, type ExportFormat } from './outputs.ts';
import { localToday } from './values.ts';

export const EXPORT_JOB = 'query.export';

export type ExportPayload = {
  definition: QueryDefinition;
  queryId: string | null;
  title: string;
  params: Record<string, unknown>;
  format: ExportFormat;
  csvSeparator: CsvSeparator;
  locale: Locale;
};

export type ExportResult = { fileId: string; fileName: string; format: ExportFormat; rows: number; size: number };

/** `Cégek 2026` → a file name safe on every system, accents kept: `Cégek 2026-2026-03-18.xlsx`. */
export function exportFileName(title: string, date: string, format: ExportFormat): string {
  const base =
    title
      // eslint-disable-next-line no-control-regex
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 100) || 'export';
  return `${base}-${date}.${format}`;
}

export function queryEngineOf(
  platform: Pick<Platform, 'db' | 'knex' | 'dialect' | 'meta' | 'records' | 'clock'>,
): QueryEngine {
  return new QueryEngine({
    knex: platform.knex,
    dialect: platform.dialect,
    databaseUrl: platform.db.url,
    meta: platform.meta,
    records: platform.records,
    clock: platform.clock,
  });
}

export async function runExportJob({
  job,
  platform,
  reportProgress,
  signal,
}: JobContext<ExportPayload>): Promise<ExportResult> {
  const p = job.payload;
  const user = job.createdBy ? await findUserById(platform.knex, job.createdBy) : null;
  if (!user || user.disabled) throw errors.forbidden();
  const snapshot = await platform.meta.published();
  const actor = actorOf(
    user,
    'session',
    snapshot.roles.filter((r) => r.admin).map((r) => r.name),
  );
  const engine = queryEngineOf(platform);
  const { compiled } = await engine.prepare(actor, p.definition, { params: p.params, action: 'export' });
  const total = await engine.count(compiled);
  const totalsRow = await engine.totals(compiled);
  const totals = totalsRow ? { columns: compiled.totalColumns, row: totalsRow } : null;
  const fileName = exportFileName(p.title, localToday(platform.clock.now(), engine.timeZone), p.format);
  const step = Math.max(500, Math.ceil(total / 50));
  const onRow = async (n: number) => {
    if (n % step === 0 && total > 0) await reportProgress(Math.min(99, (n * 100) / total));
  };
  let rows = 0;
  const file = await platform.files.save(
    { id: job.id, key: `exports/${job.id}.${p.format}`, name: fileName, mime: MIME[p.format], createdBy: user.id },
    async (tmp) => {
      const options = {
        columns: compiled.columns,
        rows: engine.rows(compiled, { signal }),
        locale: p.locale,
        timeZone: engine.timeZone,
        totals,
        onRow,
      };
      rows =
        p.format === 'xlsx' ? await writeXlsx(tmp, p.title, options) : await writeCsv(tmp, p.csvSeparator, options);
    },
  );
  await engine.auditOutput(actor, 'export', compiled.entity.name, {
    queryId: p.queryId,
    title: p.title,
    format: p.format,
    rows,
    jobId: job.id,
    fileId: file.id,
  });
  return { fileId: file.id, fileName, format: p.format, rows, size: file.size };
}

/** Registers the query jobs with a runner (a second call changes nothing). */
export function registerQueryJobs(jobs: JobRunner): void {
  if (!jobs.has(EXPORT_JOB)) jobs.register<ExportPayload>(EXPORT_JOB, runExportJob);
}
