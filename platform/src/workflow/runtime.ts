/**
 * The workflow runtime of one node: the runner, its durable jobs, and its listeners to domain events (task
 * records, record-triggered starts). `createWorkflow(platform)` builds it once per platform; the hapi plugin and
 * tests use what it returns.
 */
import { feelCondition } from '@folyam/metamodel';
import type { DomainEvent } from '../events/bus.ts';
import type { Knex } from 'knex';
import { MessageOutbox } from '../messaging/outbox.ts';
import type { Platform } from '../platform.ts';
import { TIMER_JOB, WorkflowRuntime } from './runtime.service.ts';
import { registerWorkflowJobs, scheduleOverdueRefresh } from './workflow.job.ts';

export * from './runtime.service.ts';
export * from './instance.store.ts';
export * from './errors.ts';
export { checkProcessDefinition, recordTriggers, type RecordTrigger } from './bpmn-check.ts';
export { candidatesOf, findOrgUser, resolveAssignee, resolveDue, durationMs, processFeelContext } from './assignee.ts';
export { taskStatus, TASK_ENTITY, TaskRecords } from './task-records.ts';
export { scheduleOverdueRefresh } from './workflow.job.ts';
export { sendsBack } from './graph.ts';
export { resolveRecipients, fillText, outboxServiceCall, isOutboxAction } from './service-call.ts';

export type Workflow = { runtime: WorkflowRuntime; outbox: MessageOutbox; close(): void };

/** Whether a trigger's `on` (`created`, `updated`, `saved`) covers an event. */
function triggerCovers(on: string, type: DomainEvent['type']): boolean {
  const o = on.toLowerCase();
  if (o === 'saved' || o === 'createdorupdated' || o === 'created,updated' || o === 'any') return true;
  return (o === 'created' && type === 'record.created') || (o === 'updated' && type === 'record.updated');
}

/**
 * Registers the workflow's job handlers and event listeners on a platform.
 * `const { runtime } = createWorkflow(platform); await runtime.start(actor, 'offerApproval', { variables })`
 */
export function createWorkflow(platform: Platform, options: { outbox?: MessageOutbox } = {}): Workflow {
  if (platform.jobs.has(TIMER_JOB)) throw new Error('workflow: already registered on this platform');
  const runtime = new WorkflowRuntime(platform);
  const outbox =
    options.outbox ??
    new MessageOutbox({ knex: platform.knex, clock: platform.clock, events: platform.events, jobs: platform.jobs });
  runtime.outbox = outbox;
  registerWorkflowJobs({ runtime, outbox });

  const onRecord = async (event: DomainEvent, trx: Knex) => {
    if (event.type !== 'record.created' && event.type !== 'record.updated') return;
    await runtime.taskRecords.onRecordEvent(event, trx);
    const version = await runtime.definitions.latestVersion(trx);
    const triggers = await runtime.definitions.recordTriggers(trx, version);
    for (const { key, trigger } of triggers) {
      if (trigger.entity !== event.entity || !triggerCovers(trigger.on, event.type)) continue;
      const values = { ...event.after, id: event.id };
      if (trigger.condition) {
        let ok: boolean;
        try {
          ok = feelCondition(trigger.condition.replace(/^=/, ''), { ...values, record: values });
        } catch {
          ok = false;
        }
        if (!ok) continue;
      }
      await runtime.start(
        event.actor,
        key,
        { record: { entity: event.entity, id: event.id, values }, startEventId: trigger.startEventId },
        trx,
      );
    }
  };
  const offCreated = platform.events.on('record.created', onRecord);
  const offUpdated = platform.events.on('record.updated', onRecord);
  void scheduleOverdueRefresh(runtime).catch(() => {});
  return {
    runtime,
    outbox,
    close() {
      offCreated();
      offUpdated();
    },
  };
}
