import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { createDatabase, toDbDateTime, type Database } from '../db/connection.ts';
import { errors } from '../errors.ts';
import { createPlatform, type Platform } from '../platform.ts';
import { testDatabases } from '../testing/databases.ts';
import { isTransientLockError, JobRunner, retryTransient, type JobRunnerOptions } from './runner.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling every 10 ms; fails after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('retryTransient', () => {
  const deadlock = () => Object.assign(new Error('Deadlock found'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' });

  it('runs again after a deadlock and returns what the last try returned', async () => {
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      if (calls < 3) throw deadlock();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the given number of tries with the last error', async () => {
    let calls = 0;
    const failing = retryTransient(
      async () => {
        calls++;
        throw deadlock();
      },
      { attempts: 4, delayMs: 1 },
    );
    await expect(failing).rejects.toMatchObject({ errno: 1213 });
    expect(calls).toBe(4);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const failing = retryTransient(async () => {
      calls++;
      throw Object.assign(new Error('Duplicate entry'), { errno: 1062, code: 'ER_DUP_ENTRY' });
    });
    await expect(failing).rejects.toMatchObject({ errno: 1062 });
    expect(calls).toBe(1);
  });

  it('knows the lock errors of both dialects', () => {
    expect(isTransientLockError({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isTransientLockError({ errno: 1205, code: 'ER_LOCK_WAIT_TIMEOUT' })).toBe(true);
    expect(isTransientLockError({ code: 'SQLITE_BUSY' })).toBe(true);
    expect(isTransientLockError({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe(true);
    expect(isTransientLockError({ code: 'SQLITE_LOCKED' })).toBe(true);
    expect(isTransientLockError({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(false);
    expect(isTransientLockError({ errno: 1062 })).toBe(false);
    expect(isTransientLockError(null)).toBe(false);
    expect(isTransientLockError('SQLITE_BUSY')).toBe(false);
  });
});

describe.each(testDatabases())('durable jobs on $dialect', (db) => {
  let platform: Platform;
  let url: string;
  let drop: () => Promise<void>;
  const clock = manualClock('2026-03-18T10:00:00Z');
  const runner = (workerId: string) =>
    new JobRunner({
      knex: platform.knex,
      dialect: platform.dialect,
      clock,
      platform: () => platform,
      workerId,
      backoffMs: 5000,
      leaseMs: 60_000,
      log: () => {},
    });

  /** A runner on the test database and clock, quiet, with the given options. */
  const runnerWith = (options: Partial<JobRunnerOptions>) =>
    new JobRunner({
      knex: platform.knex,
      dialect: platform.dialect,
      clock,
      platform: () => platform,
      log: () => {},
      ...options,
    });

  beforeAll(async () => {
    const created = await db.create();
    drop = created.drop;
    url = created.url;
    platform = await createPlatform({ databaseUrl: created.url, clock, metaRefreshMs: 0 });
  });
  afterAll(async () => {
    await platform?.close();
    await drop?.();
  });

  it('runs a job to done with its result and progress; handlers get the payload and the platform', async () => {
    // given
    const jobs = runner('w1');
    const seen: unknown[] = [];
    jobs.register<{ n: number }>('test.double', async ({ job, platform: p, reportProgress }) => {
      seen.push(job.payload, p === platform);
      await reportProgress(50);
      return { doubled: job.payload.n * 2 };
    });
    // when
    const job = await jobs.enqueue(null, 'test.double', { n: 21 }, { createdBy: 'u1' });
    const ran = await jobs.runDue();
    // then
    expect(ran).toBe(1);
    expect(seen).toEqual([{ n: 21 }, true]);
    expect(await jobs.get(job.id)).toMatchObject({
      status: 'done',
      progress: 100,
      result: { doubled: 42 },
      attempts: 1,
      createdBy: 'u1',
      leaseUntil: null,
    });
  });

  it('returns the first job for a repeated idempotency key, also inside a transaction', async () => {
    const jobs = runner('w2');
    jobs.register('test.noop', async () => null);
    const a = await jobs.enqueue(null, 'test.noop', { a: 1 }, { idempotencyKey: 'send-invoice-42' });
    const b = await platform.knex.transaction((trx) =>
      jobs.enqueue(trx, 'test.noop', { a: 2 }, { idempotencyKey: 'send-invoice-42' }),
    );
    expect(b.id).toBe(a.id);
    expect(b.payload).toEqual({ a: 1 });
    expect(
      Number(
        (await platform.knex('folyam_jobs').where({ idempotency_key: 'send-invoice-42' }).count({ n: '*' }).first())?.n,
      ),
    ).toBe(1);
    await jobs.runDue();
  });

  it('does not run a job before its time, and not a cancelled one', async () => {
    const jobs = runner('w3');
    let runs = 0;
    jobs.register('test.later', async () => {
      runs++;
    });
    const later = await jobs.enqueue(null, 'test.later', {}, { runAt: new Date(clock.now().getTime() + 60_000) });
    const cancelled = await jobs.enqueue(null, 'test.later', {});
    expect(await jobs.cancel(cancelled.id)).toBe(true);
    expect(await jobs.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await jobs.runDue()).toBe(1);
    expect(runs).toBe(1);
    expect((await jobs.get(later.id))?.status).toBe('done');
    expect((await jobs.get(cancelled.id))?.status).toBe('cancelled');
  });

  it('retries a failing job with exponential backoff, then succeeds', async () => {
    // given: fails twice
    const jobs = runner('w4');
    let calls = 0;
    jobs.register('test.flaky', async () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return 'ok';
    });
    const job = await jobs.enqueue(null, 'test.flaky', {}, { maxAttempts: 3 });
    // when / then
    expect(await jobs.runDue()).toBe(1);
    let j = await jobs.get(job.id);
    expect(j).toMatchObject({ status: 'queued', attempts: 1, error: { code: 'JOB_FAILED' } });
    expect(new Date(j!.runAt).getTime() - clock.now().getTime()).toBe(5000);
    expect(await jobs.runDue()).toBe(0);
    clock.advance(5000);
    expect(await jobs.runDue()).toBe(1);
    j = await jobs.get(job.id);
    expect(new Date(j!.runAt).getTime() - clock.now().getTime()).toBe(10_000);
    clock.advance(10_000);
    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'done', attempts: 3, result: 'ok', error: null });
  });

  it('fails for good after the last attempt, and at once on a user error', async () => {
    const jobs = runner('w5');
    jobs.register('test.broken', async () => {
      throw new Error('always');
    });
    jobs.register('test.refused', async () => {
      throw errors.forbidden();
    });
    const broken = await jobs.enqueue(null, 'test.broken', {}, { maxAttempts: 2 });
    const refused = await jobs.enqueue(null, 'test.refused', {}, { maxAttempts: 5 });
    await jobs.runDue();
    clock.advance(5000);
    await jobs.runDue();
    expect(await jobs.get(broken.id)).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'JOB_FAILED' } });
    expect(await jobs.get(refused.id)).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'FORBIDDEN' } });
  });

  it("claims a crashed worker's job again once its lease has expired", async () => {
    // given: a job another worker claimed and never finished
    const jobs = runner('w6');
    let runs = 0;
    jobs.register('test.crash', async () => {
      runs++;
      return runs;
    });
    const job = await jobs.enqueue(null, 'test.crash', {});
    await platform
      .knex('folyam_jobs')
      .where({ id: job.id })
      .update({
        status: 'running',
        attempts: 1,
        locked_by: 'dead-worker',
        lease_until: toDbDateTime(new Date(clock.now().getTime() + 60_000)),
      });
    // when / then
    expect(await jobs.runDue()).toBe(0);
    clock.advance(60_001);
    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null, result: 1 });
  });

  it('gives up on a job whose leases keep expiring', async () => {
    const jobs = runner('w7');
    jobs.register('test.abandoned', async () => 'never');
    const job = await jobs.enqueue(null, 'test.abandoned', {}, { maxAttempts: 2 });
    await platform
      .knex('folyam_jobs')
      .where({ id: job.id })
      .update({ status: 'running', attempts: 2, locked_by: 'dead', lease_until: toDbDateTime(clock.now()) });
    clock.advance(1);
    await jobs.runDue();
    expect(await jobs.get(job.id)).toMatchObject({ status: 'failed', error: { code: 'JOB_ABANDONED' } });
  });

  it('never runs a job twice when two workers claim at the same time', async () => {
    // given
    const counts = new Map<string, number>();
    const a = runner('wa');
    const b = runner('wb');
    for (const r of [a, b]) {
      r.register('test.once', async ({ job }) => {
        counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 2));
      });
    }
    for (let i = 0; i < 30; i++) await a.enqueue(null, 'test.once', { i });
    // when
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    // then
    expect(ranA + ranB).toBe(30);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('polls when started and finishes running work when stopped', async () => {
    const jobs = runnerWith({ pollMs: 20 });
    jobs.register('test.polled', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return 'polled';
    });
    jobs.start();
    const job = await jobs.enqueue(null, 'test.polled', {});
    for (let i = 0; i < 100 && (await jobs.get(job.id))?.status !== 'done'; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await jobs.stop();
    expect(jobs.running).toBe(false);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'done', result: 'polled' });
  });

  it('returns the first job for a key repeated inside one transaction, which stays usable and commits', async () => {
    // given
    const jobs = runner('w8');
    jobs.register('test.tx', async () => null);
    // when: the second insert fails on the unique key, then the transaction writes on
    const [a, b, c] = await platform.knex.transaction(async (trx) => {
      const first = await jobs.enqueue(trx, 'test.tx', { n: 1 }, { idempotencyKey: 'tx-key' });
      const again = await jobs.enqueue(trx, 'test.tx', { n: 2 }, { idempotencyKey: 'tx-key' });
      const other = await jobs.enqueue(trx, 'test.tx', { n: 3 }, { idempotencyKey: 'tx-other' });
      await trx('folyam_jobs').where({ id: first.id }).update({ progress: 7 });
      return [first, again, other];
    });
    // then
    expect(b.id).toBe(a.id);
    expect(b.payload).toEqual({ n: 1 });
    expect(c.id).not.toBe(a.id);
    const rows = await platform.knex('folyam_jobs').whereIn('idempotency_key', ['tx-key', 'tx-other']);
    expect(rows).toHaveLength(2);
    expect(await jobs.get(a.id)).toMatchObject({ progress: 7, payload: { n: 1 } });
    expect(await jobs.get(c.id)).toMatchObject({ payload: { n: 3 } });
    expect(await jobs.runDue()).toBe(2);
  });

  it.runIf(db.dialect === 'mysql')(
    "returns a job committed after the caller's transaction took its snapshot",
    async () => {
      const jobs = runner('w9');
      jobs.register('test.late', async () => null);
      const trx = await platform.knex.transaction();
      try {
        await trx('folyam_jobs').count({ n: '*' });
        const outside = await jobs.enqueue(null, 'test.late', { by: 'outside' }, { idempotencyKey: 'late-key' });
        const inside = await jobs.enqueue(trx, 'test.late', { by: 'inside' }, { idempotencyKey: 'late-key' });
        expect(inside).toMatchObject({ id: outside.id, payload: { by: 'outside' } });
        await trx.commit();
      } finally {
        if (!trx.isCompleted()) await trx.rollback();
      }
    },
  );

  it('retries a bookkeeping write that meets a deadlock or a busy database, and runs the job once', async () => {
    // given: a runner on its own connections that records its query errors
    const own: Database = createDatabase(url);
    // SQLite: give up waiting for the write lock quickly, so the retries are what succeeds
    if (db.dialect === 'sqlite') await own.knex.raw('pragma busy_timeout = 20');
    const lockErrors: unknown[] = [];
    own.knex.on('query-error', (e: unknown) => {
      if (isTransientLockError(e)) lockErrors.push((e as { code?: string }).code);
    });
    const jobs = new JobRunner({
      knex: own.knex,
      dialect: platform.dialect,
      clock,
      platform: () => platform,
      workerId: 'w10',
      log: () => {},
    });
    let runs = 0;
    let started!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    jobs.register('test.contended', async () => {
      runs++;
      started();
      await gate;
      return 'ok';
    });
    const job = await jobs.enqueue(null, 'test.contended', {});
    const ran = jobs.runDue();
    await running;
    const holder = await platform.knex.transaction();
    try {
      if (db.dialect === 'sqlite') {
        // another connection holds the write lock while the handler finishes
        await holder('folyam_jobs').where({ id: job.id }).update({ progress: 0 });
        release();
        await until(() => lockErrors.length > 0);
      } else {
        // a shared lock on the job's row; the runner's update waits for it; upgrading it is a deadlock
        await holder('folyam_jobs').where({ id: job.id }).forShare().first();
        release();
        await until(async () => {
          const [rows] = await platform.knex.raw(
            "select count(*) as n from information_schema.processlist where db = database() and info like 'update%'",
          );
          return Number(rows[0].n) > 0;
        });
        await holder('folyam_jobs').where({ id: job.id }).update({ progress: 0 });
      }
      await holder.commit();
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
    }
    // then
    try {
      expect(await ran).toBe(1);
      expect(lockErrors).toContain(db.dialect === 'sqlite' ? 'SQLITE_BUSY' : 'ER_LOCK_DEADLOCK');
      expect(runs).toBe(1);
      expect(await jobs.get(job.id)).toMatchObject({ status: 'done', attempts: 1, result: 'ok', lockedBy: null });
    } finally {
      await own.close();
    }
  });

  it('claims as many jobs as it has free slots in one go', async () => {
    // given
    const jobs = runnerWith({ concurrency: 4, pollMs: 60_000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    jobs.register('test.batch', async () => {
      started++;
      await gate;
    });
    for (let i = 0; i < 6; i++) await jobs.enqueue(null, 'test.batch', { i });
    const claims: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (/^update/i.test(q.sql) && q.sql.includes('attempts + 1')) claims.push(q.sql);
    };
    platform.knex.on('query', onQuery);
    // when
    jobs.start();
    try {
      await until(() => started === 4);
      await sleep(50);
      // then: four jobs from one claim (SQLite: one statement per scan, expired leases and due jobs)
      expect(started).toBe(4);
      expect(claims.length).toBeLessThanOrEqual(db.dialect === 'sqlite' ? 2 : 1);
      release();
      await until(
        async () => (await platform.knex('folyam_jobs').where({ kind: 'test.batch', status: 'done' })).length === 6,
      );
    } finally {
      platform.knex.off('query', onQuery);
      release();
      await jobs.stop();
    }
  });

  it('runs the due jobs of a batched kind in one call and records each end: done, retried later, failed', async () => {
    // given: four due jobs of a kind that runs in batches
    const jobs = runnerWith({ concurrency: 2, pollMs: 60_000, backoffMs: 5000 });
    const calls: number[][] = [];
    jobs.registerBatch<{ n: number }>(
      'test.grouped',
      async ({ jobs: batch }) => {
        calls.push(batch.map((j) => j.payload.n));
        return batch.map((j) =>
          j.payload.n === 2
            ? { error: new Error('not yet') }
            : j.payload.n === 3
              ? { error: errors.forbidden() }
              : { result: { n: j.payload.n } },
        );
      },
      10,
    );
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4]) ids.push((await jobs.enqueue(null, 'test.grouped', { n }, { maxAttempts: 3 })).id);
    // when
    jobs.start();
    try {
      await until(async () => (await jobs.get(ids[3]))?.status === 'done');
      await until(async () => (await jobs.get(ids[1]))?.status === 'queued');
    } finally {
      await jobs.stop();
    }
    // then: one call for all four, and each job ended on its own
    expect(calls).toEqual([[1, 2, 3, 4]]);
    expect(await jobs.get(ids[0])).toMatchObject({ status: 'done', result: { n: 1 }, attempts: 1 });
    expect(await jobs.get(ids[3])).toMatchObject({ status: 'done', result: { n: 4 }, attempts: 1 });
    const retried = await jobs.get(ids[1]);
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, error: { code: 'JOB_FAILED' }, lockedBy: null });
    expect(Date.parse(retried!.runAt)).toBe(clock.now().getTime() + 5000);
    expect(await jobs.get(ids[2])).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'FORBIDDEN' } });
    // and run one at a time (`runDue`), the same handler takes the retried job alone once it is due
    clock.advance(5000);
    expect(await jobs.runDue()).toBe(1);
    expect(calls).toEqual([[1, 2, 3, 4], [2]]);
  });

  it('gathers the jobs of a batched kind that come within its linger into the next batch', async () => {
    // given: a kind whose batches start at most every second
    const jobs = runnerWith({ concurrency: 2, pollMs: 60_000 });
    const calls: number[][] = [];
    jobs.registerBatch<{ n: number }>(
      'test.gathered',
      async ({ jobs: batch }) => {
        calls.push(batch.map((j) => j.payload.n));
        return batch.map(() => ({ result: null }));
      },
      10,
      1000,
    );
    jobs.start();
    try {
      // when: a lone job starts a batch at once, and three more come right after it
      await jobs.enqueue(null, 'test.gathered', { n: 1 });
      await until(() => calls.length === 1);
      for (const n of [2, 3, 4]) await jobs.enqueue(null, 'test.gathered', { n });
      await sleep(200);
      expect(calls).toEqual([[1]]);
      // then: they go together once the linger has passed
      await until(
        async () => (await platform.knex('folyam_jobs').where({ kind: 'test.gathered', status: 'done' })).length === 4,
      );
      expect(calls).toEqual([[1], [2, 3, 4]]);
    } finally {
      await jobs.stop();
    }
  });

  it("takes over a crashed node's job of a batched kind while the kind waits out its linger", async () => {
    // given: a batched kind that has just run a batch and waits a minute before the next
    const jobs = runnerWith({ pollMs: 20, leaseMs: 1000 });
    const seen: number[][] = [];
    jobs.registerBatch<{ n: number }>(
      'test.lingering',
      async ({ jobs: batch }) => {
        seen.push(batch.map((j) => j.payload.n));
        return batch.map(() => ({ result: null }));
      },
      10,
      60_000,
    );
    jobs.start();
    try {
      await jobs.enqueue(null, 'test.lingering', { n: 1 });
      await until(() => seen.length === 1);
      // and a job of the kind that another node claimed and never finished
      const lost = await jobs.enqueue(null, 'test.lingering', { n: 2 });
      await platform
        .knex('folyam_jobs')
        .where({ id: lost.id })
        .update({
          status: 'running',
          locked_by: 'crashed-node',
          attempts: 1,
          lease_until: toDbDateTime(new Date(clock.now().getTime() - 1000)),
        });
      // when: the runner next looks for expired leases
      clock.advance(100);
      // then: it runs the job, though the kind's next due batch is still a minute away
      await until(() => seen.length === 2);
      expect(seen[1]).toEqual([2]);
      await until(async () => (await jobs.get(lost.id))?.status === 'done');
    } finally {
      await jobs.stop();
    }
  });

  it('runs each job exactly once with two runners of four slots on the same database', async () => {
    // given: the second runner on connections of its own, like another runtime node
    const other: Database = createDatabase(url);
    const runs = new Map<string, number>();
    const byWorker = new Map<string, number>();
    const busy = new Map<string, number>();
    let mostBusy = 0;
    const make = (knex: typeof platform.knex, workerId: string) => {
      const r = new JobRunner({
        knex,
        dialect: platform.dialect,
        clock,
        platform: () => platform,
        workerId,
        concurrency: 4,
        pollMs: 20,
        log: () => {},
      });
      r.register('test.shared', async ({ job }) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        byWorker.set(workerId, (byWorker.get(workerId) ?? 0) + 1);
        busy.set(workerId, (busy.get(workerId) ?? 0) + 1);
        mostBusy = Math.max(mostBusy, busy.get(workerId)!);
        await sleep(1);
        busy.set(workerId, busy.get(workerId)! - 1);
      });
      return r;
    };
    const a = make(platform.knex, 'node-a');
    const b = make(other.knex, 'node-b');
    try {
      a.start();
      b.start();
      // when
      await platform.knex.transaction(async (trx) => {
        for (let i = 0; i < 500; i++) await a.enqueue(trx, 'test.shared', { i });
      });
      await until(async () => {
        const r = await platform.knex('folyam_jobs').where({ kind: 'test.shared', status: 'done' }).count({ n: '*' });
        return Number(r[0].n) === 500;
      }, 30_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await other.close();
    }
    // then
    expect(runs.size).toBe(500);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byWorker.get('node-a')).toBeGreaterThan(0);
    expect(byWorker.get('node-b')).toBeGreaterThan(0);
    expect(mostBusy).toBeLessThanOrEqual(4);
  });

  it('runs a job enqueued in a transaction as soon as the outermost transaction commits', async () => {
    // given: a runner that would poll only once a minute
    const jobs = runnerWith({ pollMs: 60_000 });
    let runs = 0;
    jobs.register('test.committed', async () => {
      runs++;
      return 'woken';
    });
    jobs.start();
    try {
      // when: enqueued in a savepoint, which is released well before the commit
      const t0 = Date.now();
      const job = await platform.knex.transaction(async (trx) => {
        const j = await trx.transaction((sp) => jobs.enqueue(sp, 'test.committed', {}));
        await sleep(100);
        expect(runs).toBe(0);
        return j;
      });
      // then
      await until(async () => (await jobs.get(job.id))?.status === 'done', 5000);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(runs).toBe(1);
      // a rolled back job never exists
      await expect(
        platform.knex.transaction(async (trx) => {
          await jobs.enqueue(trx, 'test.committed', {}, { idempotencyKey: 'rolled-back' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await platform.knex('folyam_jobs').where({ idempotency_key: 'rolled-back' }).first()).toBeUndefined();
    } finally {
      await jobs.stop();
    }
  });
});
