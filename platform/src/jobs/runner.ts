/**
 * Durable jobs: one table (`folyam_jobs`) for exports, imports, sends, timers and index work, shared by every
 * runtime node. A job is claimed with a lease — `SELECT … FOR UPDATE SKIP LOCKED` on MySQL/MariaDB, a conditional
 * `UPDATE … WHERE id = ? AND status = 'queued'` on SQLite (one writer) — so two nodes never run it at once, and a
 * crashed node's job is claimed again once its lease expires. Failures retry with exponential backoff; an
 * idempotency key makes enqueueing the same work twice return the first job. Time comes from the injected clock.
 */
import os from 'node:os';
import type { Knex } from 'knex';
import type { LocalizedText } from '@folyam/metamodel';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime, type Dialect } from '../db/connection.ts';
import { isUniqueViolation } from '../data/db-errors.ts';
import { FolyamError } from '../errors.ts';
import { secretToken, uuidv7 } from '../ids.ts';
import type { Platform } from '../platform.ts';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Why a job failed, as a user may read it; `detail` is for operators and never leaves the server. */
export type JobError = { code: string; messages: LocalizedText; detail?: string };

export type Job<P = unknown> = {
  id: string;
  kind: string;
  payload: P;
  status: JobStatus;
  progress: number;
  result: unknown;
  error: JobError | null;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseUntil: string | null;
  lockedBy: string | null;
  idempotencyKey: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export type JobContext<P = unknown> = {
  job: Job<P>;
  platform: Platform;
  /** Records progress (0–100) and extends the lease. */
  reportProgress(percent: number): Promise<void>;
  /** Aborted when the job is cancelled, its lease is lost, or the runner stops. */
  signal: AbortSignal;
};

/** Does the work; what it returns (JSON) becomes the job's result. Throw a FolyamError (4xx) to fail for good. */
export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<unknown>;

export type EnqueueOptions = {
  runAt?: Date;
  idempotencyKey?: string;
  maxAttempts?: number;
  createdBy?: string | null;
};

export type JobRunnerOptions = {
  knex: Knex;
  dialect: Dialect;
  clock: Clock;
  /** The platform handed to handlers (a function, because the runner is built while the platform is). */
  platform: () => Platform;
  workerId?: string;
  pollMs?: number;
  leaseMs?: number;
  concurrency?: number;
  /** Backoff of the first retry; each further retry doubles it, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  log?: (message: string, error?: unknown) => void;
};

type Row = Record<string, unknown>;

const TABLE = 'folyam_jobs';

function parseJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
}

export function rowToJob(r: Row): Job {
  return {
    id: String(r.id),
    kind: String(r.kind),
    payload: parseJson(r.payload),
    status: r.status as JobStatus,
    progress: Number(r.progress ?? 0),
    result: parseJson(r.result),
    error: parseJson(r.error) as JobError | null,
    attempts: Number(r.attempts ?? 0),
    maxAttempts: Number(r.max_attempts ?? 1),
    runAt: fromDbDateTime(r.run_at)!,
    leaseUntil: fromDbDateTime(r.lease_until),
    lockedBy: (r.locked_by as string) ?? null,
    idempotencyKey: (r.idempotency_key as string) ?? null,
    createdBy: (r.created_by as string) ?? null,
    createdAt: fromDbDateTime(r.created_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
  };
}

function errorOf(e: unknown): JobError {
  if (e instanceof FolyamError) return { code: e.code, messages: e.messages };
  return {
    code: 'JOB_FAILED',
    messages: { hu: 'A feladat váratlan hibával leállt.', en: 'The job stopped with an unexpected error.' },
    detail: String((e as Error)?.stack ?? e).slice(0, 4000),
  };
}

export class JobRunner {
  readonly workerId: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly log: (message: string, error?: unknown) => void;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly active = new Map<string, { done: Promise<void>; abort: AbortController }>();

  constructor(private readonly options: JobRunnerOptions) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${secretToken(4)}`.slice(0, 100);
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.concurrency = options.concurrency ?? (options.dialect === 'sqlite' ? 1 : 2);
    this.backoffMs = options.backoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.log = options.log ?? ((m, e) => console.error(`[jobs] ${m}`, e ?? ''));
  }

  /** `runner.register('query.export', async ({ job, reportProgress }) => ({ rows: 10 }))` */
  register<P>(kind: string, handler: JobHandler<P>): void {
    if (!/^[a-zA-Z][a-zA-Z0-9._-]{0,63}$/.test(kind)) throw new Error(`Invalid job kind: ${kind}`);
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind ${kind} is already registered`);
    this.handlers.set(kind, handler as JobHandler);
  }

  has(kind: string): boolean {
    return this.handlers.has(kind);
  }

  private now(): string {
    return toDbDateTime(this.options.clock.now());
  }

  private later(ms: number): string {
    return toDbDateTime(new Date(this.options.clock.now().getTime() + ms));
  }

  /**
   * Adds a job, inside `trx` when given (so it exists only if the business transaction commits). With an
   * idempotency key already used, returns the existing job instead.
   */
  async enqueue<P>(
    trx: Knex | null | undefined,
    kind: string,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<Job<P>> {
    const db = trx ?? this.options.knex;
    const key = options.idempotencyKey ?? null;
    if (key !== null && (key.length < 1 || key.length > 200))
      throw new Error('idempotencyKey must be 1–200 characters');
    if (key !== null) {
      const existing = await db(TABLE).where({ idempotency_key: key }).first();
      if (existing) return rowToJob(existing) as Job<P>;
    }
    const now = this.now();
    const row = {
      id: uuidv7(),
      kind,
      payload: JSON.stringify(payload ?? null),
      status: 'queued',
      progress: 0,
      result: null,
      error: null,
      attempts: 0,
      max_attempts: Math.max(1, Math.min(options.maxAttempts ?? 3, 100)),
      run_at: options.runAt ? toDbDateTime(options.runAt) : now,
      lease_until: null,
      locked_by: null,
      idempotency_key: key,
      created_by: options.createdBy ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      await db(TABLE).insert(row);
    } catch (e) {
      if (key !== null && isUniqueViolation(e)) {
        const existing = await db(TABLE).where({ idempotency_key: key }).first();
        if (existing) return rowToJob(existing) as Job<P>;
      }
      throw e;
    }
    if (this.timer && !trx) setImmediate(() => void this.tick());
    return rowToJob(row) as Job<P>;
  }

  async get(id: string): Promise<Job | null> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    const row = await this.options.knex(TABLE).where({ id }).first();
    return row ? rowToJob(row) : null;
  }

  /** Cancels a queued or running job; a running handler sees its signal aborted at the next heartbeat. */
  async cancel(id: string): Promise<boolean> {
    const n = await this.options
      .knex(TABLE)
      .where({ id })
      .whereIn('status', ['queued', 'running'])
      .update({ status: 'cancelled', lease_until: null, updated_at: this.now() });
    this.active.get(id)?.abort.abort();
    return n > 0;
  }

  /** Jobs that may be claimed now: due queued ones, and running ones whose lease expired (a crashed worker). */
  private claimable(qb: Knex.QueryBuilder, now: string): Knex.QueryBuilder {
    return qb
      .whereIn('kind', [...this.handlers.keys()])
      .where((w) =>
        w
          .where((x) => x.where('status', 'queued').where('run_at', '<=', now))
          .orWhere((x) => x.where('status', 'running').where('lease_until', '<', now)),
      );
  }

  private claimUpdate(knex: Knex) {
    return {
      status: 'running',
      attempts: knex.raw('attempts + 1'),
      lease_until: this.later(this.leaseMs),
      locked_by: this.workerId,
      updated_at: this.now(),
    };
  }

  /** Claims one job, or returns null when none is due. */
  private async claim(): Promise<Row | null> {
    if (!this.handlers.size) return null;
    const { knex } = this.options;
    const now = this.now();
    if (this.options.dialect === 'mysql') {
      return knex.transaction(async (trx) => {
        const row = await this.claimable(trx(TABLE).select('id'), now)
          .orderBy('run_at', 'asc')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .first();
        if (!row) return null;
        await trx(TABLE).where({ id: row.id }).update(this.claimUpdate(knex));
        return (await trx(TABLE).where({ id: row.id }).first()) ?? null;
      });
    }
    // SQLite has one writer: a conditional update is the claim; losing the race to another process updates 0 rows.
    const candidates = await this.claimable(knex(TABLE).select('id'), now).orderBy('run_at', 'asc').limit(5);
    for (const c of candidates) {
      const n = await this.claimable(knex(TABLE).where({ id: c.id }), now).update(this.claimUpdate(knex));
      if (n === 1) return (await knex(TABLE).where({ id: c.id }).first()) ?? null;
    }
    return null;
  }

  private backoff(attempts: number): number {
    return Math.min(this.backoffMs * 2 ** Math.max(0, attempts - 1), this.maxBackoffMs);
  }

  /** Runs a claimed job to its end: done, queued again for a retry, or failed. */
  private async execute(row: Row): Promise<void> {
    const { knex } = this.options;
    const job = rowToJob(row);
    const mine = () => knex(TABLE).where({ id: job.id, locked_by: this.workerId, status: 'running' });
    const handler = this.handlers.get(job.kind);
    if (!handler || job.attempts > job.maxAttempts) {
      await mine().update({
        status: 'failed',
        lease_until: null,
        locked_by: null,
        updated_at: this.now(),
        error: JSON.stringify({
          code: 'JOB_ABANDONED',
          messages: { hu: 'A feladat többször is félbeszakadt.', en: 'The job was interrupted too many times.' },
        } satisfies JobError),
      });
      return;
    }
    const abort = new AbortController();
    let lastProgress = job.progress;
    const extend = async (progress?: number): Promise<void> => {
      const n = await mine().update({
        lease_until: this.later(this.leaseMs),
        updated_at: this.now(),
        ...(progress === undefined ? {} : { progress }),
      });
      if (n === 0) abort.abort();
    };
    const heartbeat = setInterval(
      () => void extend().catch((e) => this.log(`heartbeat of ${job.id} failed`, e)),
      Math.max(1000, this.leaseMs / 3),
    );
    heartbeat.unref();
    const done = (async () => {
      try {
        const result = await handler({
          job,
          platform: this.options.platform(),
          signal: abort.signal,
          reportProgress: async (percent) => {
            const p = Math.max(0, Math.min(100, Math.round(percent)));
            if (p === lastProgress) return;
            lastProgress = p;
            await extend(p);
          },
        });
        await mine().update({
          status: 'done',
          progress: 100,
          result: JSON.stringify(result ?? null),
          error: null,
          lease_until: null,
          locked_by: null,
          updated_at: this.now(),
        });
      } catch (e) {
        const err = errorOf(e);
        const permanent = e instanceof FolyamError && e.status < 500;
        if (!permanent && job.attempts < job.maxAttempts) {
          await mine().update({
            status: 'queued',
            run_at: this.later(this.backoff(job.attempts)),
            error: JSON.stringify(err),
            lease_until: null,
            locked_by: null,
            updated_at: this.now(),
          });
        } else {
          if (!permanent) this.log(`job ${job.kind} ${job.id} failed`, e);
          await mine().update({
            status: 'failed',
            error: JSON.stringify(err),
            lease_until: null,
            locked_by: null,
            updated_at: this.now(),
          });
        }
      } finally {
        clearInterval(heartbeat);
      }
    })();
    this.active.set(job.id, { done, abort });
    try {
      await done;
    } finally {
      this.active.delete(job.id);
    }
  }

  /** Claims and runs due jobs one after another until none is due (or `max` ran). For tests and one-off runs. */
  async runDue(max = Number.POSITIVE_INFINITY): Promise<number> {
    let ran = 0;
    while (ran < max) {
      const row = await this.claim();
      if (!row) break;
      await this.execute(row);
      ran++;
    }
    return ran;
  }

  private async tick(): Promise<void> {
    if (this.ticking || !this.timer) return;
    this.ticking = true;
    try {
      while (this.timer && this.active.size < this.concurrency) {
        const row = await this.claim();
        if (!row) break;
        void this.execute(row)
          .catch((e) => this.log('job bookkeeping failed', e))
          .finally(() => {
            if (this.timer) setImmediate(() => void this.tick());
          });
      }
    } catch (e) {
      this.log('claiming jobs failed', e);
    } finally {
      this.ticking = false;
    }
  }

  /** Starts polling for due jobs every `pollMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
    setImmediate(() => void this.tick());
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /**
   * Stops claiming and waits up to `graceMs` for running jobs; those still running are aborted, and their leases
   * let another node take them over.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const pending = [...this.active.values()];
    if (!pending.length) return;
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled(pending.map((p) => p.done)), expired]);
    clearTimeout(timeout);
    for (const p of this.active.values()) p.abort.abort();
  }
}
