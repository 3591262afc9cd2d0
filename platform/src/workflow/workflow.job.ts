/**
 * The workflow's durable jobs, claimed by the platform's JobRunner so two runtime nodes never run one twice:
 * - `workflow.timer`: a timer's moment came; resumes the instance with `timer.fire` (stale → done).
 * - `workflow.reminder`: reminds a task's assignee; a repeating reminder enqueues its next occurrence in the
 *   same transaction, until the task is done or cancelled.
 * - `workflow.notify`: a process notification (`folyam:notification`, end-event notices).
 * - `workflow.service`: a service task's connector action, then `service.done` / `service.failed`.
 * - `workflow.overdue`: daily, marks task records past their deadline as overdue.
 * Every message goes through the outbox in the job's transaction under a stable idempotency key
 * (`wf:<instance>:…`), so a crash after the commit but before the job is marked done never sends twice.
 */
import type { Knex } from 'knex';
import { actorOf, findUserById } from '../auth/users.ts';
import { FolyamError } from '../errors.ts';
import { loadOrg } from '../org/load.ts';
import type { Org } from '../org/org.ts';
import type { MessageOutbox } from '../messaging/outbox.ts';
import type { MessageChannel } from '../messaging/types.ts';
import { candidatesOf, durationMs } from './assignee.ts';
import { evaluateInputs, fillText, isOutboxAction, outboxServiceCall, resolveRecipients } from './service-call.ts';
import { loadInstance, loadTask, type Instance, type WfTask } from './instance.store.ts';
import {
  NOTIFY_JOB,
  OVERDUE_JOB,
  REMINDER_JOB,
  SERVICE_JOB,
  TIMER_JOB,
  type NotifyPayload,
  type ReminderPayload,
  type ServicePayload,
  type WorkflowRuntime,
} from './runtime.service.ts';
import type { EngineEvent } from './index.ts';

export type WorkflowJobsDeps = { runtime: WorkflowRuntime; outbox: MessageOutbox };

export function registerWorkflowJobs({ runtime, outbox }: WorkflowJobsDeps): void {
  const { platform } = runtime;
  const jobs = platform.jobs;
  const now = () => platform.clock.now();

  jobs.register<{ instanceId: string; timerId: string }>(TIMER_JOB, async ({ job }) => {
    const moved = await runtime.signal(
      null,
      job.payload.instanceId,
      { type: 'timer.fire', timerId: job.payload.timerId } as EngineEvent,
      null,
    );
    return { fired: moved, worker: jobs.workerId };
  });

  jobs.register<ReminderPayload>(REMINDER_JOB, async ({ job }) => {
    const { taskId, index, occurrence } = job.payload;
    return platform.knex.transaction(async (db) => {
      const task = await loadTask(db, taskId);
      if (!task || task.status === 'done' || task.status === 'cancelled') return { sent: 0, reason: 'closed' };
      const spec = task.settings.reminders[index];
      if (!spec) return { sent: 0 };
      const org = await loadOrg(db);
      const instance = await loadInstance(db, platform.dialect, task.instanceId);
      const sent = await sendReminder(db, org, task, instance, spec.channel, `${index}.${occurrence}`, spec.template);
      const repeat = spec.repeat ? durationMs(spec.repeat) : null;
      if (repeat && repeat > 0) {
        // The next occurrence keeps the rhythm of the first; after a long outage it skips to the next slot ahead.
        let next = new Date(job.runAt).getTime() + repeat;
        const t = now().getTime();
        if (next <= t) next += Math.ceil((t - next + 1) / repeat) * repeat;
        await jobs.enqueue(db, REMINDER_JOB, { taskId, index, occurrence: occurrence + 1 } satisfies ReminderPayload, {
          runAt: new Date(next),
          idempotencyKey: `reminder:${taskId}:${index}:${occurrence + 1}`,
          maxAttempts: 5,
        });
      }
      return { sent };
    });
  });

  async function sendReminder(
    db: Knex,
    org: Org,
    task: WfTask,
    instance: Instance | null,
    channel: string | undefined,
    n: string,
    template: string | undefined,
  ): Promise<number> {
    const users = task.assigneeId ? [task.assigneeId] : candidatesOf(org, task);
    let sent = 0;
    // read once for all the candidates: the task's name for those who read English
    const nameEn = await runtime.taskName(db, task, 'en');
    for (const userId of users) {
      const user = org.users.get(userId);
      // SMS reaches a user on their mobile number; without one (or for any other channel) the reminder is an email.
      const phone = channel === 'sms' ? (user?.phone ?? null) : null;
      if (!user || (!phone && !user.email)) continue;
      const hu = user ? (await db('folyam_users').where({ id: user.id }).first('locale'))?.locale !== 'en' : true;
      const due = task.dueAt ? new Date(task.dueAt) : null;
      const overdue = due ? due.getTime() < now().getTime() : false;
      const dueText = due ? due.toLocaleString(hu ? 'hu-HU' : 'en-GB', { timeZone: 'Europe/Budapest' }) : '';
      const name = hu ? (task.name ?? task.elementId) : nameEn;
      const vars = { ...(instance?.variables ?? {}), taskName: name, due: dueText };
      const subject = hu
        ? `${overdue ? 'Lejárt feladat' : 'Emlékeztető'}: ${name}`
        : `${overdue ? 'Overdue task' : 'Reminder'}: ${name}`;
      const text = template
        ? fillText(template, vars)
        : hu
          ? `A(z) „${name}” feladat határideje: ${dueText}.\nA feladatot a Feladataim listában találja.`
          : `The task "${name}" is due ${dueText}.\nYou will find it in your task list.`;
      const sms = hu ? `${subject} – határidő: ${dueText}` : `${subject} – due ${dueText}`;
      await outbox.queueMessage(db, {
        ...(phone
          ? { channel: 'sms' as const, to: { address: phone }, subject: null, text: template ? text : sms }
          : { channel: 'email' as const, to: { address: user.email!, entity: null, recordId: null }, subject, text }),
        idempotencyKey: `wf:${task.instanceId}:${task.activationId}:reminder:${n}${users.length > 1 ? `:${userId}` : ''}`,
        actor: null,
      });
      sent++;
    }
    return sent;
  }

  jobs.register<NotifyPayload>(NOTIFY_JOB, async ({ job }) => {
    const p = job.payload;
    return platform.knex.transaction(async (db) => {
      const org = await loadOrg(db);
      const channel = (['email', 'sms', 'fax'].includes(p.channel) ? p.channel : 'email') as MessageChannel;
      const recipients = resolveRecipients(p.to, channel, org, p.variables);
      const subject = fillText(
        p.subject ?? (p.template ? '' : 'Folyamat értesítés / Process notification'),
        p.variables,
      );
      const text = fillText(p.text ?? p.template ?? subject, p.variables);
      for (const [i, r] of recipients.entries()) {
        await outbox.queueMessage(db, {
          channel: r.channel,
          to: { address: r.address },
          subject: r.channel === 'email' ? subject || null : null,
          text: text || subject || '-',
          idempotencyKey: `wf:${p.instanceId}:${p.key}${recipients.length > 1 ? `:${i}` : ''}`.slice(0, 180),
          actor: null,
        });
      }
      return { sent: recipients.length };
    });
  });

  jobs.register<ServicePayload>(SERVICE_JOB, async ({ job }) => {
    const p = job.payload;
    const action = p.action ? `${p.connector}.${p.action}` : p.connector;
    const instance = await loadInstance(platform.knex, platform.dialect, p.instanceId);
    if (!instance || instance.status !== 'running') return { skipped: true };
    const org = await loadOrg(platform.knex);
    const inputs = evaluateInputs(p.inputs, org, instance.variables);
    const fail = (code: string, message: string, messages?: { hu: string; en: string }) =>
      runtime.signal(
        null,
        p.instanceId,
        {
          type: 'service.failed',
          activationId: p.activationId,
          error: { code, message, ...(messages ? { messages } : {}) },
        } as EngineEvent,
        null,
      );
    if (isOutboxAction(action)) {
      return platform.knex.transaction(async (db) => {
        const event = (await outboxServiceCall(db, outbox, org, instance, p))!;
        return { moved: await runtime.signal(db, p.instanceId, event, null) };
      });
    }
    if (action === 'record.update') {
      const entity = String(inputs.entity ?? instance.record?.entity ?? '');
      const id = String(inputs.id ?? instance.record?.id ?? '');
      const values =
        inputs.values && typeof inputs.values === 'object'
          ? (inputs.values as Record<string, unknown>)
          : Object.fromEntries(Object.entries(inputs).filter(([k]) => !['entity', 'id', 'values'].includes(k)));
      const user = instance.startedBy ? await findUserById(platform.knex, instance.startedBy) : null;
      if (!user)
        return {
          failed: await fail('noInitiator', 'The process has no initiator to act as', {
            hu: 'A folyamatnak nincs indítója, akinek a nevében a rekord módosítható lenne.',
            en: 'The process has no initiator to act as.',
          }),
        };
      const snap = await platform.meta.published();
      const actor = actorOf(
        user,
        'system',
        snap.roles.filter((r) => r.admin).map((r) => r.name),
      );
      try {
        const current = await platform.records.get(actor, entity, id, 'update');
        const updated = await platform.records.update(actor, entity, id, { ...values, version: current.version });
        const moved = await runtime.signal(
          null,
          p.instanceId,
          { type: 'service.done', activationId: p.activationId, result: { version: updated.version } } as EngineEvent,
          null,
        );
        return { moved };
      } catch (e) {
        if (e instanceof FolyamError && e.status < 500)
          return { failed: await fail(e.code, e.messages.en, e.messages) };
        throw e;
      }
    }
    return {
      failed: await fail('unknownConnector', `Unknown connector action ${action}`, {
        hu: `Ismeretlen csatoló-művelet: ${action}`,
        en: `Unknown connector action ${action}`,
      }),
    };
  });

  jobs.register<{ date: string }>(OVERDUE_JOB, async () => {
    const changed = await runtime.taskRecords.refreshOverdue();
    await scheduleOverdueRefresh(runtime);
    return { changed };
  });
}

/** Enqueues tomorrow's overdue refresh (once per day across nodes, by its idempotency key). */
export async function scheduleOverdueRefresh(runtime: WorkflowRuntime): Promise<void> {
  const t = runtime.platform.clock.now();
  const next = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1, 0, 5));
  const date = next.toISOString().slice(0, 10);
  await runtime.platform.jobs.enqueue(
    null,
    OVERDUE_JOB,
    { date },
    { runAt: next, idempotencyKey: `workflow.overdue:${date}` },
  );
}
