import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { toDbDateTime } from '../db/connection.ts';
import { errors } from '../errors.ts';
import { createPlatform, type Platform } from '../platform.ts';
import { testDatabases } from '../testing/databases.ts';
import { JobRunner } from './runner.ts';

describe.each(testDatabases())('durable jobs on $dialect', (db) => {
  let platform: Platform;
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

  beforeAll(async () => {
    const created = await db.create();
    drop = created.drop;
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
    const jobs = new JobRunner({
      knex: platform.knex,
      dialect: platform.dialect,
      clock,
      platform: () => platform,
      pollMs: 20,
      log: () => {},
    });
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
});
