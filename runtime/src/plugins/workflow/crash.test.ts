/**
 * A process step and its notification survive a crash: the node is killed with SIGKILL (1) right after the step
 * committed, before its notification job ran, and (2) right after the notification's message committed, before
 * the job was marked done. After each restart exactly one message exists: the job is durable, and the message's
 * idempotency key (`wf:<instance>:<key>`) makes the repeated job find the message it already wrote.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, createWorkflow, systemActor, type Platform } from '@folyam/platform';
import { testDatabases, publishProcess } from '@folyam/platform/testing';

const here = path.dirname(fileURLToPath(import.meta.url));

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="defs" targetNamespace="https://folyam.hu/test">
  <bpmn:process id="crashNotice" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="end" name="Kész">
      <bpmn:extensionElements>
        <folyam:notification event="end" to="&quot;ops@example.hu&quot;" channel="email" subject="Rendelés {{orderNo}} lezárva" text="A(z) {{orderNo}} rendelés folyamata lezárult." />
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

function runChild(url: string, mode: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash.child.ts'), url, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

describe.each(testDatabases())('workflow crash recovery on $dialect', (db) => {
  let url: string;
  let drop: () => Promise<void>;
  let platform: Platform | undefined;

  beforeAll(async () => {
    ({ url, drop } = await db.create());
    const setup = await createPlatform({ databaseUrl: url, metaRefreshMs: 0 });
    await publishProcess(setup, 'crashNotice', BPMN);
    await setup.close();
  });
  afterAll(async () => {
    await platform?.close();
    await drop?.();
  });

  const notices = (p: Platform) => p.knex('folyam_messages').where({ to_address: 'ops@example.hu' }).select();
  const noticeJobs = (p: Platform) => p.knex('folyam_jobs').where({ kind: 'workflow.notify' }).select();

  it(
    'sends one notification after a kill between the step commit and the notification job',
    { timeout: 60_000 },
    async () => {
      // given: a node killed right after the step that queued the notification committed
      expect(await runChild(url, 'after-step')).toBe('SIGKILL');
      platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, jobs: { leaseMs: 1500 } });
      expect(await platform.knex('folyam_wf_instances').where({ status: 'completed' })).toHaveLength(1);
      expect(await notices(platform)).toHaveLength(0);
      expect((await noticeJobs(platform)).map((j) => j.status)).toEqual(['queued']);
      // when: another node runs the jobs
      createWorkflow(platform);
      await platform.jobs.runDue();
      await platform.jobs.runDue();
      // then: exactly one message, under the stable key
      const sent = await notices(platform);
      expect(sent).toHaveLength(1);
      expect(sent[0].subject).toBe('Rendelés R-1 lezárva');
      expect(String(sent[0].idempotency_key)).toMatch(/^wf:[0-9a-f-]{36}:/);
      await platform.close();
      platform = undefined;
    },
  );

  it(
    'sends one notification after a kill between the message commit and the job bookkeeping',
    { timeout: 60_000 },
    async () => {
      // given: a second instance whose notification job is queued
      platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, jobs: { leaseMs: 1500 } });
      const { runtime } = createWorkflow(platform);
      await runtime.start(systemActor, 'crashNotice', { variables: { orderNo: 'R-2' } });
      await platform.close();
      platform = undefined;
      // when: a node runs the notification job and is killed right after its message committed
      expect(await runChild(url, 'after-message')).toBe('SIGKILL');
      platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, jobs: { leaseMs: 1500 } });
      const jobs = (await noticeJobs(platform)).filter((j) => JSON.parse(j.payload).variables.orderNo === 'R-2');
      expect(jobs.map((j) => j.status)).toEqual(['running']);
      expect((await notices(platform)).filter((m) => m.subject === 'Rendelés R-2 lezárva')).toHaveLength(1);
      // and another node takes the job over once its lease expired
      createWorkflow(platform);
      await new Promise((resolve) => setTimeout(resolve, 1700));
      await platform.jobs.runDue();
      // then: the job is done, and still exactly one message
      expect((await platform.knex('folyam_jobs').where({ id: jobs[0].id }).first()).status).toBe('done');
      expect((await notices(platform)).filter((m) => m.subject === 'Rendelés R-2 lezárva')).toHaveLength(1);
    },
  );
});
