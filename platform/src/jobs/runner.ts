/**
 * Durable jobs: one table (`folyam_jobs`) for exports, imports, sends, timers and index work, shared by every
 * runtime node. Jobs are claimed in batches with a lease — `SELECT … FOR UPDATE SKIP LOCKED` on MySQL/MariaDB, a
 * single `UPDATE … WHERE id IN (SELECT …) RETURNING *` on SQLite (one writer) — so two nodes never run one at once,
 * and a crashed node's job is claimed again once its lease expires. Failures retry with exponential backoff; an
 * idempotency key makes enqueueing the same work twice return the first job. Bookkeeping writes are retried on
 * deadlocks and busy databases. Time comes from the injected clock.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
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

/** One job's end in a batch: its result, or the error it failed with (a FolyamError 4xx fails it for good). */
export type BatchOutcome = { result: unknown } | { error: unknown };

/**
 * Does the work of several claimed jobs of one kind at once (their shared reads and writes done once); answers one
 * outcome per job, in the order given. Throwing fails every job of the batch as a handler's error would.
 */
export type BatchJobHandler<P = unknown> = (ctx: {
  jobs: Job<P>[];
  platform: Platform;
  /** Aborted when the runner stops or a job's lease is lost. */
  signal: AbortSignal;
}) => Promise<BatchOutcome[]>;

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

/**
 * A lock conflict that leaves the database consistent and may succeed when run again: MySQL/MariaDB deadlock (1213)
 * or lock wait timeout (1205), SQLite busy or locked.
 */
export function isTransientLockError(e: unknown): boolean {
  const err = e as { code?: unknown; errno?: unknown } | null;
  if (err === null || typeof err !== 'object') return false;
  if (err.errno === 1213 || err.errno === 1205) return true;
  return typeof err.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(err.code);
}

export type RetryOptions = {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Pause before the first retry; each further one doubles it, with ±50% jitter. */
  delayMs?: number;
};

/**
 * Runs `fn` again after a short jittered pause while it fails with a transient lock error, up to `attempts` tries;
 * other errors, and the last one, are thrown. `fn` must be safe to repeat: one statement, or a whole transaction.
 */
export async function retryTransient<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 6);
  const delayMs = options.delayMs ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !isTransientLockError(e)) throw e;
      const pause = delayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
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
  /** The claim loop in progress, if any; a tick asked for meanwhile makes it look once more. */
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  /** When this runner last looked for expired leases (its clock's time). */
  private expiredScannedAt = 0;
  /** Set while `runDue` claims: it always looks for expired leases too. */
  private alwaysScanExpired = 0;
  /** Claims on MySQL run in READ COMMITTED, unless a statement-based binary log refuses it. */
  private claimIsolation: Knex.IsolationLevels | undefined = 'read committed';
  /** Outermost transactions whose commit already wakes the runner, with the kinds they enqueued. */
  private readonly waking = new WeakMap<object, Set<string>>();
  private readonly active = new Map<string, { done: Promise<void>; abort: AbortController }>();
  /** Kinds whose claimed jobs run together, and how many at most in one batch. */
  private readonly batches = new Map<string, { handler: BatchJobHandler; max: number; linger: number }>();
  /** The abort of the batch each running batched job belongs to (a batch takes one slot of `active`). */
  private readonly batchedAbort = new Map<string, AbortController>();
  /** When the last batch of each batched kind started (`performance.now()`), and the tick set for the next. */
  private readonly batchStartedAt = new Map<string, number>();
  private lingerTimer: NodeJS.Timeout | null = null;
  /** Whether the last look left due jobs unclaimed for want of a free slot: a finished job then looks again. */
  private starved = false;

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

  /**
   * Registers a kind whose due jobs run up to `max` at a time through one call of `handler` (a claim of one of
   * them takes the others that are due too). A batch starts at most every `linger` ms, so under load the jobs
   * gather; a lone job after a quiet spell starts at once. `runDue` goes through the same handler, one job long.
   * `runner.registerBatch('message.send', async ({ jobs }) => jobs.map(() => ({ result: null })), 50)`
   */
  registerBatch<P>(kind: string, handler: BatchJobHandler<P>, max = 50, linger = 20): void {
    this.register<P>(kind, async ({ job, platform, signal }) => {
      const [outcome] = await handler({ jobs: [job], platform, signal });
      if (!outcome) throw new Error(`The ${kind} batch handler answered no outcome`);
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    });
    this.batches.set(kind, {
      handler: handler as BatchJobHandler,
      max: Math.max(1, Math.floor(max)),
      linger: Math.max(0, linger),
    });
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
   * idempotency key already used, returns the existing job instead. A started runner picks up a due job at once, or
   * as soon as the transaction commits.
   */
  async enqueue<P>(
    trx: Knex | null | undefined,
    kind: string,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<Job<P>> {
    const db = trx ?? this.options.knex;
    const inTransaction = db.isTransaction === true;
    const key = options.idempotencyKey ?? null;
    if (key !== null && (key.length < 1 || key.length > 200))
      throw new Error('idempotencyKey must be 1–200 characters');
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
    // Insert first: a repeated key fails only this statement (MySQL and SQLite), the caller's transaction goes on.
    const insert = async (): Promise<Row | null> => {
      try {
        await db(TABLE).insert(row);
        return null;
      } catch (e) {
        if (key === null || !isUniqueViolation(e)) throw e;
        // Inside a MySQL transaction a plain read sees its snapshot, which may predate the other job's commit.
        const query = db(TABLE).where({ idempotency_key: key }).first();
        const existing = await (this.options.dialect === 'mysql' && inTransaction ? query.forShare() : query);
        if (existing) return existing;
        throw e;
      }
    };
    // A lock error inside the caller's transaction is the caller's to retry (on MySQL it rolled everything back).
    const existing = inTransaction ? await insert() : await retryTransient(insert);
    if (existing) return rowToJob(existing) as Job<P>;
    if (this.timer && row.run_at <= now) {
      if (inTransaction) this.wakeAfterCommit(db as Knex.Transaction, kind);
      else this.wake([kind]);
    }
    return rowToJob(row) as Job<P>;
  }

  /**
   * Looks for due jobs soon, when the runner is started — unless all of `kinds` (the kinds just enqueued) are
   * batched kinds whose next batch is already set to start when its linger ends.
   */
  private wake(kinds?: Iterable<string>): void {
    if (!this.timer) return;
    const coming = (k: string) => this.batches.has(k) && this.lingering(k);
    if (kinds && [...kinds].every(coming)) return;
    setImmediate(() => void this.tick());
  }

  /**
   * Wakes the runner when the outermost transaction of `trx` commits: only then do other connections see the job
   * (releasing a savepoint publishes nothing). A rollback with an error wakes nobody; one without (an explicit
   * `trx.rollback()`) resolves the same promise, which costs one needless look.
   */
  private wakeAfterCommit(trx: Knex.Transaction, kind: string): void {
    let root = trx;
    while (root.parentTransaction) root = root.parentTransaction;
    const committed = root.executionPromise as Promise<unknown> | undefined;
    if (!committed) return;
    const kinds = this.waking.get(root);
    if (kinds) {
      kinds.add(kind);
      return;
    }
    const enqueued = new Set([kind]);
    this.waking.set(root, enqueued);
    committed.then(
      () => this.wake(enqueued),
      () => {},
    );
  }

  async get(id: string): Promise<Job | null> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    const row = await this.options.knex(TABLE).where({ id }).first();
    return row ? rowToJob(row) : null;
  }

  /** Cancels a queued or running job; a running handler sees its signal aborted at the next heartbeat. */
  async cancel(id: string): Promise<boolean> {
    const n = await retryTransient(() =>
      this.options
        .knex(TABLE)
        .where({ id })
        .whereIn('status', ['queued', 'running'])
        .update({ status: 'cancelled', lease_until: null, updated_at: this.now() }),
    );
    (this.active.get(id)?.abort ?? this.batchedAbort.get(id))?.abort();
    return n > 0;
  }

  /**
   * Jobs that may be claimed now, in two scans that each follow an index in order — running jobs whose lease expired
   * (a crashed worker's), and due queued jobs, oldest first — so a claim reads, and on MySQL locks, only the rows it
   * takes. (A single `OR` of both makes MySQL read, lock and sort every due job for each claim.)
   */
  private claimable(
    qb: Knex.QueryBuilder,
    now: string,
    scan: 'expired' | 'due',
    dueKinds: string[] = [...this.handlers.keys()],
  ): Knex.QueryBuilder {
    // Expired leases are looked for in every kind: a lingering batch must not hide a crashed node's jobs.
    const kinds = scan === 'expired' ? [...this.handlers.keys()] : dueKinds;
    if (kinds.length === 1) qb.where('kind', kinds[0]);
    else qb.whereIn('kind', kinds);
    return scan === 'expired'
      ? qb.where('status', 'running').where('lease_until', '<', now).orderBy('lease_until', 'asc')
      : qb.where('status', 'queued').where('run_at', '<=', now).orderBy('run_at', 'asc');
  }

  /** What a claim writes, `attempts + 1` aside. */
  private claimValues() {
    return {
      status: 'running',
      lease_until: this.later(this.leaseMs),
      locked_by: this.workerId,
      updated_at: this.now(),
    };
  }

  /**
   * Claims up to `n` jobs (fewer when fewer are due) — of the given kind only, and due ones only, when `kind` is
   * given; lock conflicts are retried a few times.
   */
  private async claim(n: number, kind?: string, polling = false): Promise<Row[]> {
    // Polling starts a batch of a batched kind at most every `linger` ms: its jobs due meanwhile wait for the next
    // batch, and go together. (Batches may overlap: a slow one does not hold back the next.)
    const kinds = kind ? [kind] : [...this.handlers.keys()].filter((k) => !(polling && this.lingering(k)));
    if (!this.handlers.size || n < 1) return [];
    const expired = !kind && this.expiredScanDue();
    if (!kinds.length && !expired) return [];
    return retryTransient(
      () =>
        this.options.dialect === 'mysql' ? this.claimMysql(n, expired, kinds) : this.claimSqlite(n, expired, kinds),
      { attempts: 3 },
    );
  }

  /**
   * Locks the rows with `FOR UPDATE SKIP LOCKED` (another node's are skipped, not waited for) and marks them; the
   * claimed rows are built from what was read and written. READ COMMITTED keeps the scans from taking gap locks,
   * which block other nodes' claims and status changes and deadlock with them. A server whose binary log is
   * statement-based refuses writes in READ COMMITTED (error 1665); there claims fall back to the default level.
   */
  private async claimMysql(n: number, expired: boolean, kinds?: string[]): Promise<Row[]> {
    const { knex } = this.options;
    const isolationLevel = this.claimIsolation;
    try {
      return await knex.transaction(
        async (trx) => {
          const now = this.now();
          const rows: Row[] = expired
            ? await this.claimable(trx(TABLE), now, 'expired', kinds).limit(n).forUpdate().skipLocked()
            : [];
          if (rows.length < n && kinds?.length) {
            const due = this.claimable(trx(TABLE), now, 'due', kinds).limit(n - rows.length);
            rows.push(...(await due.forUpdate().skipLocked()));
          }
          if (!rows.length) return [];
          const values = this.claimValues();
          const ids = rows.map((r) => String(r.id));
          await trx(TABLE)
            .whereIn('id', ids)
            .update({ ...values, attempts: knex.raw('attempts + 1') });
          return rows.map((r) => ({ ...r, ...values, attempts: Number(r.attempts ?? 0) + 1 }));
        },
        isolationLevel ? { isolationLevel } : {},
      );
    } catch (e) {
      if (!isolationLevel || (e as { errno?: unknown })?.errno !== 1665) throw e;
      this.claimIsolation = undefined;
      this.log('claiming in READ COMMITTED is refused by the binary log format; claiming in the default level', e);
      return this.claimMysql(n, expired, kinds);
    }
  }

  /**
   * SQLite has one writer, and one statement reads and writes under the write lock: selecting and marking the
   * rows in a single `UPDATE … RETURNING *` (SQLite ≥ 3.35) cannot race another process.
   */
  private async claimSqlite(n: number, expired: boolean, kinds?: string[]): Promise<Row[]> {
    const { knex } = this.options;
    const now = this.now();
    const take = async (scan: 'expired' | 'due', limit: number): Promise<Row[]> => {
      // A plain read first: most looks find nothing, and a read takes no write lock and writes no journal.
      const ids = (await this.claimable(knex(TABLE).select('id'), now, scan, kinds).limit(limit)).map((r: Row) => r.id);
      if (!ids.length) return [];
      return knex(TABLE)
        .whereIn('id', this.claimable(knex(TABLE).select('id').whereIn('id', ids), now, scan, kinds))
        .update({ ...this.claimValues(), attempts: knex.raw('attempts + 1') }, '*');
    };
    const rows = expired ? await take('expired', n) : [];
    if (rows.length < n && kinds?.length) rows.push(...(await take('due', n - rows.length)));
    return rows;
  }

  /**
   * Whether to look for expired leases (a crashed worker's jobs) in this claim: at most once per poll interval,
   * so the claims that follow every commit and every finished job look only for due jobs.
   */
  private expiredScanDue(): boolean {
    const now = this.options.clock.now().getTime();
    if (this.alwaysScanExpired === 0 && Math.abs(now - this.expiredScannedAt) < this.pollMs) return false;
    this.expiredScannedAt = now;
    return true;
  }

  private backoff(attempts: number): number {
    return Math.min(this.backoffMs * 2 ** Math.max(0, attempts - 1), this.maxBackoffMs);
  }

  /** Updates a job while this worker holds it; a deadlock or busy database is retried, not left to the lease. */
  private mine(ids: string[], values: Row): Promise<number> {
    const { knex } = this.options;
    return retryTransient(() =>
      knex(TABLE)
        .whereIn('id', ids)
        .where({ locked_by: this.workerId, status: 'running' })
        .update({ ...values, updated_at: this.now() }),
    );
  }

  /** A job that has no handler here or was interrupted too often: failed without running. */
  private abandoned(job: Job): boolean {
    return !this.handlers.has(job.kind) || job.attempts > job.maxAttempts;
  }

  private async abandon(job: Job): Promise<void> {
    await this.mine([job.id], {
      status: 'failed',
      lease_until: null,
      locked_by: null,
      error: JSON.stringify({
        code: 'JOB_ABANDONED',
        messages: { hu: 'A feladat többször is félbeszakadt.', en: 'The job was interrupted too many times.' },
      } satisfies JobError),
    });
  }

  /** Records that a job failed: queued again with backoff while attempts remain and the error may pass, else failed. */
  private async failed(job: Job, e: unknown): Promise<void> {
    const err = errorOf(e);
    const permanent = e instanceof FolyamError && e.status < 500;
    if (!permanent && job.attempts < job.maxAttempts) {
      await this.mine([job.id], {
        status: 'queued',
        run_at: this.later(this.backoff(job.attempts)),
        error: JSON.stringify(err),
        lease_until: null,
        locked_by: null,
      });
    } else {
      if (!permanent) this.log(`job ${job.kind} ${job.id} failed`, e);
      await this.mine([job.id], { status: 'failed', error: JSON.stringify(err), lease_until: null, locked_by: null });
    }
  }

  /** Records jobs as done with their results: one statement for the jobs whose results are alike. */
  private async succeeded(done: { job: Job; result: unknown }[]): Promise<void> {
    const byResult = new Map<string, string[]>();
    for (const { job, result } of done) {
      const json = JSON.stringify(result ?? null);
      byResult.set(json, [...(byResult.get(json) ?? []), job.id]);
    }
    for (const [result, ids] of byResult)
      for (let i = 0; i < ids.length; i += 500)
        await this.mine(ids.slice(i, i + 500), {
          status: 'done',
          progress: 100,
          result,
          error: null,
          lease_until: null,
          locked_by: null,
        });
  }

  /** Keeps the leases of running jobs; aborts them when one was lost (cancelled, or taken over). */
  private heartbeat(ids: string[], abort: AbortController): NodeJS.Timeout {
    const beat = setInterval(
      () =>
        void this.mine(ids, { lease_until: this.later(this.leaseMs) })
          .then((n) => {
            if (n < ids.length) abort.abort();
          })
          .catch((e) => this.log(`heartbeat of ${ids[0]} failed`, e)),
      Math.max(1000, this.leaseMs / 3),
    );
    beat.unref();
    return beat;
  }

  /** Runs a claimed job to its end: done, queued again for a retry, or failed. */
  private async execute(row: Row): Promise<void> {
    const job = rowToJob(row);
    if (this.abandoned(job)) return this.abandon(job);
    const handler = this.handlers.get(job.kind)!;
    const abort = new AbortController();
    let lastProgress = job.progress;
    const heartbeat = this.heartbeat([job.id], abort);
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
            const n = await this.mine([job.id], { lease_until: this.later(this.leaseMs), progress: p });
            if (n === 0) abort.abort();
          },
        });
        await this.succeeded([{ job, result }]);
      } catch (e) {
        await this.failed(job, e);
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

  /** Runs claimed jobs of one batched kind together, then records each one's end as `execute` does. */
  private async executeBatch(rows: Row[]): Promise<void> {
    this.batchStartedAt.set(String(rows[0]?.kind), performance.now());
    const all = rows.map(rowToJob);
    for (const job of all.filter((j) => this.abandoned(j))) await this.abandon(job);
    const jobs = all.filter((j) => !this.abandoned(j));
    if (!jobs.length) return;
    const { handler } = this.batches.get(jobs[0].kind)!;
    const ids = jobs.map((j) => j.id);
    const abort = new AbortController();
    const heartbeat = this.heartbeat(ids, abort);
    const done = (async () => {
      let outcomes: BatchOutcome[];
      try {
        outcomes = await handler({ jobs, platform: this.options.platform(), signal: abort.signal });
        if (outcomes.length !== jobs.length)
          throw new Error(
            `The ${jobs[0].kind} batch handler answered ${outcomes.length} outcomes for ${jobs.length} jobs`,
          );
      } catch (e) {
        outcomes = jobs.map(() => ({ error: e }));
      } finally {
        clearInterval(heartbeat);
      }
      const ok: { job: Job; result: unknown }[] = [];
      for (const [i, job] of jobs.entries()) {
        const outcome = outcomes[i];
        if ('error' in outcome) await this.failed(job, outcome.error);
        else ok.push({ job, result: outcome.result });
      }
      await this.succeeded(ok);
    })();
    const slot = `batch:${ids[0]}`;
    this.active.set(slot, { done, abort });
    for (const id of ids) this.batchedAbort.set(id, abort);
    try {
      await done;
    } finally {
      this.active.delete(slot);
      for (const id of ids) this.batchedAbort.delete(id);
    }
  }

  /** Claims and runs due jobs one after another until none is due (or `max` ran). For tests and one-off runs. */
  async runDue(max = Number.POSITIVE_INFINITY): Promise<number> {
    let ran = 0;
    this.alwaysScanExpired++;
    try {
      while (ran < max) {
        const [row] = await this.claim(1);
        if (!row) break;
        await this.execute(row);
        ran++;
      }
    } finally {
      this.alwaysScanExpired--;
    }
    return ran;
  }

  /** Whether a batched kind's last batch started less than its `linger` ago; if so, a tick is set for when it has. */
  private lingering(kind: string): boolean {
    const batch = this.batches.get(kind);
    const started = this.batchStartedAt.get(kind);
    if (!batch || started === undefined) return false;
    const wait = started + batch.linger - performance.now();
    if (wait <= 0) return false;
    if (!this.lingerTimer && this.timer) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        void this.tick();
      }, Math.ceil(wait));
      this.lingerTimer.unref();
    }
    return true;
  }

  /**
   * Runs a claimed job (or batch) to its end; then looks again if due jobs were left for want of a free slot, and
   * for a batch, starts the next one of its kind (when its jobs came meanwhile) once its linger has passed.
   */
  private launch(run: Promise<void>, batchKind?: string): void {
    void run
      .catch((e) => this.log('job bookkeeping failed', e))
      .finally(() => {
        if (this.starved) this.wake();
        else if (batchKind) this.wake([batchKind]);
      });
  }

  /**
   * Starts claimed jobs: each on its own, except those of a batched kind, which run together with the other due
   * jobs of their kind (claimed now, up to the kind's batch size).
   */
  private async launchAll(rows: Row[]): Promise<void> {
    const batched = new Map<string, Row[]>();
    for (const row of rows) {
      const kind = String(row.kind);
      if (this.batches.has(kind)) batched.set(kind, [...(batched.get(kind) ?? []), row]);
      else this.launch(this.execute(row));
    }
    for (const [kind, some] of batched) {
      const { max } = this.batches.get(kind)!;
      let more: Row[] = [];
      try {
        if (some.length < max) more = await this.claim(max - some.length, kind);
      } finally {
        this.launch(this.executeBatch([...some, ...more]), kind);
      }
    }
  }

  /** Fills the free concurrency slots, a batch per claim; a tick asked for while one runs makes it look again. */
  private tick(): Promise<void> {
    if (!this.timer) return Promise.resolve();
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = this.fill().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async fill(): Promise<void> {
    try {
      do {
        this.tickAgain = false;
        for (;;) {
          const free = this.concurrency - this.active.size;
          if (!this.timer) break;
          if (free < 1) {
            this.starved = true;
            break;
          }
          const rows = await this.claim(free, undefined, true);
          await this.launchAll(rows);
          if (rows.length < free) {
            this.starved = false;
            break;
          }
        }
      } while (this.tickAgain && this.timer);
    } catch (e) {
      // Lock conflicts that outlasted the retries are not worth a log line: the next tick claims again.
      if (!isTransientLockError(e)) this.log('claiming jobs failed', e);
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
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    // Jobs a claim in flight takes are run, and waited for, like the others.
    await this.ticking;
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
