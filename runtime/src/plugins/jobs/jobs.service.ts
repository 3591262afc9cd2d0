/** What a user may see of a job, and the file a finished export left behind. No hapi here. */
import type { Readable } from 'node:stream';
import { errors, type Actor, type Job, type Platform, type StoredFile } from '@folyam/platform';
import { localize, type Locale } from '@folyam/metamodel';

export type JobView = {
  id: string;
  kind: string;
  status: Job['status'];
  progress: number;
  result: unknown;
  error: { code: string; message: string; messages: { hu: string; en: string } } | null;
  createdAt: string;
  updatedAt: string;
  downloadUrl?: string;
};

const LABEL = { hu: 'A feladat', en: 'The job' };

function fileIdOf(job: Job): string | null {
  const r = job.result as { fileId?: unknown } | null;
  return r && typeof r.fileId === 'string' ? r.fileId : null;
}

export class JobsService {
  constructor(private readonly platform: Platform) {}

  /** The job, for its creator or an administrator; anyone else gets the same 404 as for a missing job. */
  private async visible(actor: Actor, id: string): Promise<Job> {
    const job = await this.platform.jobs.get(id);
    if (!job || (job.createdBy !== actor.id && !actor.admin)) throw errors.notFound(LABEL);
    return job;
  }

  async view(actor: Actor, id: string, locale: Locale): Promise<JobView> {
    const job = await this.visible(actor, id);
    const view: JobView = {
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: job.progress,
      result: job.result,
      error: job.error
        ? { code: job.error.code, message: localize(job.error.messages, locale), messages: job.error.messages }
        : null,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
    if (job.status === 'done' && fileIdOf(job)) view.downloadUrl = `/api/jobs/${job.id}/download`;
    return view;
  }

  async cancel(actor: Actor, id: string, locale: Locale): Promise<JobView> {
    await this.visible(actor, id);
    await this.platform.jobs.cancel(id);
    return this.view(actor, id, locale);
  }

  /** The file of a finished job, for the user who started it. */
  async download(actor: Actor, id: string): Promise<{ file: StoredFile; stream: Readable }> {
    const job = await this.platform.jobs.get(id);
    if (!job || job.createdBy !== actor.id) throw errors.notFound(LABEL);
    const fileId = fileIdOf(job);
    if (job.status !== 'done' || !fileId) {
      throw errors.conflict(
        'JOB_NOT_DONE',
        { hu: 'A feladat még nem készült el.', en: 'The job has not finished yet.' },
        [],
        { status: job.status },
      );
    }
    const file = await this.platform.files.get(fileId);
    const stream = file && this.platform.files.open(file);
    if (!file || !stream) throw errors.notFound({ hu: 'A fájl', en: 'The file' });
    return { file, stream };
  }
}

/** `attachment; filename="Cegek-2026-03-18.xlsx"; filename*=UTF-8''C%C3%A9gek-2026-03-18.xlsx` */
export function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._ -]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
