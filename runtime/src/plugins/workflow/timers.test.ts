/**
 * MariaDB/MySQL only: two runtime processes share 10,000 due process timers. The job table's
 * `FOR UPDATE SKIP LOCKED` claim hands each timer to one of them; each fires exactly once, every instance moves
 * past its timer once, and both processes do part of the work.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, createWorkflow, systemActor, TIMER_JOB, type Platform } from '@folyam/platform';
import { testDatabases, publishProcess, type TestDatabase } from '@folyam/platform/testing';

const here = path.dirname(fileURLToPath(import.meta.url));
// 10,000 in a full run (`FOLYAM_TEST_TIMERS=10000`, about 9 minutes); fewer by default to keep CI short.
const COUNT = Number(process.env.FOLYAM_TEST_TIMERS ?? 1_000);

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="https://folyam.hu/test">
  <bpmn:process id="waitABit" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wait" name="Várakozás">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="wait_def"><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** A runtime node in a child process: `ready` resolves once it is up, `go()` lets it claim, `done` its count. */
function runNode(url: string): {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ worker: string; fired: number }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'timers.child.ts'), url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d) => {
    out += String(d);
    if (out.includes('ready\n')) markReady();
  });
  const done = new Promise<{ worker: string; fired: number }>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`node exited ${code}`)),
    ),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

const mysql = testDatabases().filter((d) => d.dialect === 'mysql');

// Without MariaDB/MySQL the suite is reported as skipped (an empty `each` would be an empty, failing file).
const suite = mysql.length ? describe.each(mysql) : describe.skip.each([{ dialect: 'mysql' } as TestDatabase]);

suite('shared process timers on $dialect', (db) => {
  let platform: Platform;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ url, drop } = await db.create());
    platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, poolMax: 8 });
    await publishProcess(platform, 'waitABit', BPMN);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await drop?.();
  });

  it(`fires each of ${COUNT} timers exactly once across two runner processes`, { timeout: 1_500_000 }, async () => {
    // given: 10,000 instances waiting on a timer
    const t0 = Date.now();
    const { runtime } = createWorkflow(platform);
    // four writers side by side, 250 starts per transaction
    const batches = Array.from({ length: Math.ceil(COUNT / 250) }, (_, b) => b * 250);
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (const i of batches.filter((_, b) => b % 4 === w)) {
          await platform.knex.transaction(async (trx) => {
            for (let j = i; j < Math.min(COUNT, i + 250); j++)
              await runtime.start(systemActor, 'waitABit', { variables: { n: j } }, trx);
          });
        }
      }),
    );
    console.log(`started ${COUNT} instances in ${Date.now() - t0} ms`);
    expect(
      Number(
        (await platform.knex('folyam_jobs').where({ kind: TIMER_JOB, status: 'queued' }).count({ n: '*' }).first())?.n,
      ),
    ).toBe(COUNT);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // when: two runtime processes run them
    // (both up before either claims, so neither has the timers to itself while the other is still starting)
    const nodes = [runNode(url), runNode(url)];
    await Promise.race([Promise.all(nodes.map((n) => n.ready)), Promise.all(nodes.map((n) => n.done))]);
    const t1 = Date.now();
    for (const n of nodes) n.go();
    const [a, b] = await Promise.all(nodes.map((n) => n.done));
    console.log(`fired in ${Date.now() - t1} ms: ${a.fired} + ${b.fired}`);
    // then: every timer job is done. A job whose "done" bookkeeping lost a lock deadlock ran again after its
    // lease, found its timer already fired (the engine refuses a stale timer) and changed nothing.
    const jobs = await platform.knex('folyam_jobs').where({ kind: TIMER_JOB }).select('status', 'attempts');
    expect(jobs).toHaveLength(COUNT);
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    console.log(`timer jobs run more than once: ${jobs.filter((j) => Number(j.attempts) > 1).length}`);
    expect(a.fired + b.fired).toBe(COUNT);
    expect(Math.min(a.fired, b.fired)).toBeGreaterThan(COUNT / 10);
    expect(
      Number((await platform.knex('folyam_wf_instances').where({ status: 'completed' }).count({ n: '*' }).first())?.n),
    ).toBe(COUNT);
    const passed = await platform
      .knex('folyam_wf_history')
      .where({ element_id: 'wait', event: 'completed' })
      .groupBy('instance_id')
      .select('instance_id')
      .count({ n: '*' });
    expect(passed).toHaveLength(COUNT);
    expect(passed.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
