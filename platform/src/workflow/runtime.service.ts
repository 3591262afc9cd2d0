/**
 * The process runner: starts instances, feeds them events (a task completed, a timer fired, a service answered)
 * and persists each step — snapshot, variables, history, and the step's effects (user tasks, task records,
 * timer / reminder / notification / service jobs) — in ONE transaction, guarded by the instance's version. The
 * engine (`./index.ts`) is pure; everything with I/O is here.
 */
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import { toDbDateTime } from '../db/connection.ts';

import { uuidv7 } from '../ids.ts';
import { loadOrg } from '../org/load.ts';
import type { Org } from '../org/org.ts';
import type { Platform } from '../platform.ts';
import { findOrgUser, resolveAssignee, resolveDue, durationMs } from './assignee.ts';
import { ProcessDefinitions, type LoadedProcess } from './definitions.store.ts';
import { checkVariables, workflowErrors } from './errors.ts';
import {
  resumeSession,
  startSession,
  WorkflowError,
  type EngineEvent,
  type InstanceSession,
  type StepResult,
} from './index.ts';
import {
  HISTORY,
  INSTANCES,
  TASKS,
  loadInstance,
  loadTask,
  rowToTask,
  type Instance,
  type ReminderSpec,
  type WfTask,
} from './instance.store.ts';
import { TaskRecords } from './task-records.ts';
import { OUTCOME_COMMENT } from './interpret.ts';
import { isOutboxAction, outboxServiceCall, serviceActionName } from './service-call.ts';
import type { MessageOutbox } from '../messaging/outbox.ts';

export const TIMER_JOB = 'workflow.timer';
export const REMINDER_JOB = 'workflow.reminder';
export const NOTIFY_JOB = 'workflow.notify';
export const SERVICE_JOB = 'workflow.service';
export const OVERDUE_JOB = 'workflow.overdue';

type Effect = StepResult['effects'][number];
type TaskCreate = Extract<Effect, { type: 'task.create' }>;
type HistoryEntry = StepResult['history'][number];

/** What a step's effects need to know of their instance. */
type InstanceRef = Pick<Instance, 'id' | 'startedBy' | 'record'>;

/** A step with the outbox-only service calls it reached already run (see `WorkflowRuntime.settle`). */
type Settled = {
  result: StepResult;
  history: { entry: HistoryEntry; actorId: string | null }[];
  effects: { effect: Effect; variables: Record<string, unknown> }[];
  /** Messages the step queued in its service calls, sent by one job once the step commits. */
  unsent: string[];
  /** The user tasks the step opened (filled by `afterStep`). */
  opened: OpenedTask[];
};

/** A user task a step opened, as its starter or completer is told of it. */
export type OpenedTask = {
  id: string;
  name: string;
  elementId: string;
  assigneeId: string | null;
  dueAt: string | null;
};

export type ReminderPayload = { taskId: string; index: number; occurrence: number };
export type NotifyPayload = {
  instanceId: string;
  key: string;
  elementId: string;
  to: string;
  channel: string;
  subject?: string | null;
  text?: string | null;
  template?: string | null;
  variables: Record<string, unknown>;
};
export type ServicePayload = {
  instanceId: string;
  activationId: string;
  attempt?: number;
  elementId: string;
  connector: string;
  action: string;
  inputs: Record<string, unknown>;
};

/** A history entry's outcome as its column holds it: text as it is, anything else as JSON (255 characters). */
export function storedOutcome(outcome: unknown): string | null {
  if (outcome === undefined || outcome === null) return null;
  if (typeof outcome !== 'object') return String(outcome).slice(0, 255);
  const json = JSON.stringify(outcome);
  return json.length <= 255 ? json : JSON.stringify({ ...outcome, comment: undefined }).slice(0, 255);
}

/** The stored outcome back: JSON objects parsed, anything else the text it is. */
export function readOutcome(stored: unknown): unknown {
  if (typeof stored !== 'string' || !stored.startsWith('{')) return stored ?? null;
  try {
    return JSON.parse(stored);
  } catch {
    return stored;
  }
}

/**
 * History entries that the person behind a step did themselves: a user task completed, and the process entered —
 * its start, by whoever started it. Everything else in the step the engine did on its own.
 */
function actsInStep(h: HistoryEntry): boolean {
  return (
    (h.event === 'completed' && h.elementType === 'userTask') || (h.event === 'entered' && h.elementType === 'process')
  );
}

const STALE = new Set(['workflow.unknownActivation', 'workflow.unknownTimer', 'workflow.notRunning']);

/** Whether an error is the engine refusing an event that no longer applies (a fired timer, a closed task). */
export function isStaleEvent(e: unknown): boolean {
  return e instanceof WorkflowError && STALE.has(e.code);
}

export class WorkflowRuntime {
  readonly definitions = new ProcessDefinitions();
  readonly taskRecords: TaskRecords;
  /** Set by `createWorkflow`: lets outbox-only service tasks run inside their step. */
  outbox: MessageOutbox | null = null;

  /** The organisation, reused for two seconds across steps; any change to it empties the cache at once. */
  private orgCache: { at: number; org: Org } | null = null;

  constructor(readonly platform: Platform) {
    this.taskRecords = new TaskRecords(platform, this);
    platform.meta.onPublished((snapshot) => this.definitions.noteVersion(snapshot.version));
    for (const type of ['org.user', 'org.department', 'org.group'] as const) {
      platform.events.on(type, () => {
        this.orgCache = null;
      });
    }
  }

  /** The organisation read through `db` (the step's transaction), or the one read a moment ago. */
  async org(db: Knex): Promise<Org> {
    const now = Date.now();
    if (this.orgCache && now - this.orgCache.at < 2000) return this.orgCache.org;
    const org = await loadOrg(db);
    this.orgCache = { at: now, org };
    return org;
  }

  private get knex(): Knex {
    return this.platform.knex;
  }

  private now(): Date {
    return this.platform.clock.now();
  }

  /** Runs `fn` in the given transaction, or in a new one. */
  async inTransaction<T>(trx: Knex | null | undefined, fn: (trx: Knex) => Promise<T>): Promise<T> {
    return trx ? fn(trx) : this.knex.transaction((t) => fn(t));
  }

  /** The latest published process by key, or a `workflow.notFound`. */
  async published(db: Knex, key: string): Promise<{ version: number; process: LoadedProcess }> {
    const version = await this.definitions.latestVersion(db);
    const process = typeof key === 'string' && key ? await this.definitions.load(db, version, key) : null;
    if (!process) throw workflowErrors.notFound();
    return { version, process };
  }

  /**
   * Starts an instance as `actor` (no permission check: callers decide who may start).
   * `await workflow.start(actor, 'offerApproval', { variables: { amount: 1200000 }, record: { entity: 'company', id } })`
   */
  async start(
    actor: Actor,
    key: string,
    input: {
      variables?: Record<string, unknown>;
      record?: { entity: string; id: string; values?: Record<string, unknown> } | null;
      startEventId?: string;
    } = {},
    trx?: Knex,
  ): Promise<{ instanceId: string; status: string; opened: OpenedTask[] }> {
    return this.inTransaction(trx, async (db) => {
      const { version, process } = await this.published(db, key);
      const variables: Record<string, unknown> = {
        ...checkVariables(input.variables ?? {}),
        initiator: actor.via === 'system' ? null : actor.username,
      };
      if (input.record) variables.record = { entity: input.record.entity, id: input.record.id, ...input.record.values };
      const now = this.now();
      const first = startSession(process.compiled, {
        variables,
        now: now.toISOString(),
        ...(input.startEventId ? { startEventId: input.startEventId } : {}),
      } as Parameters<typeof startSession>[1]);
      const id = uuidv7();
      const actorId = actor.via === 'system' ? null : actor.id;
      const settled = await this.settle(db, id, first, actorId);
      const result = settled.result;
      const at = toDbDateTime(now);
      await db(INSTANCES).insert({
        id,
        process_key: key,
        meta_version: version,
        status: result.status,
        snapshot: JSON.stringify(result.snapshot),
        variables: JSON.stringify(result.variables ?? {}),
        active: JSON.stringify(result.active ?? []),
        started_by: actorId,
        record_entity: input.record?.entity ?? null,
        record_id: input.record?.id ?? null,
        version: 1,
        started_at: at,
        updated_at: at,
        ended_at: result.status === 'running' ? null : at,
      });
      await this.afterStep(
        db,
        { id, startedBy: actorId, record: input.record ? { entity: input.record.entity, id: input.record.id } : null },
        settled,
      );
      return { instanceId: id, status: result.status, opened: settled.opened };
    });
  }

  /**
   * Feeds one event to an instance and persists the step in `trx` (or a new transaction). Returns false when the
   * event no longer applies (instance ended, timer or task gone): the caller treats it as done, not as an error.
   */
  async signal(trx: Knex | null, instanceId: string, event: EngineEvent, actorId: string | null): Promise<boolean> {
    return (await this.step(trx, instanceId, event, actorId)) !== null;
  }

  /**
   * `signal`, answering the instance's status after the step and the tasks it opened, or null when the event no
   * longer applied.
   */
  private async step(
    trx: Knex | null,
    instanceId: string,
    event: EngineEvent,
    actorId: string | null,
  ): Promise<{ status: string; opened: OpenedTask[] } | null> {
    return this.inTransaction(trx, async (db) => {
      const instance = await loadInstance(db, this.platform.dialect, instanceId, true);
      if (!instance) return null;
      if (instance.status !== 'running') return null;
      const process = await this.definitions.load(db, instance.metaVersion, instance.processKey);
      if (!process) throw new Error(`Process ${instance.processKey} v${instance.metaVersion} is missing`);
      let first: InstanceSession;
      try {
        first = resumeSession(process.compiled, instance.snapshot, event, this.now().toISOString());
      } catch (e) {
        if (isStaleEvent(e)) return null;
        throw e;
      }
      const settled = await this.settle(db, instance.id, first, actorId);
      const result = settled.result;
      const at = toDbDateTime(this.now());
      const n = await db(INSTANCES)
        .where({ id: instance.id, version: instance.version })
        .update({
          status: result.status,
          snapshot: JSON.stringify(result.snapshot),
          variables: JSON.stringify(result.variables ?? {}),
          active: JSON.stringify(result.active ?? []),
          version: instance.version + 1,
          updated_at: at,
          ended_at: result.status === 'running' ? null : at,
        });
      if (n !== 1) throw workflowErrors.conflict();
      await this.afterStep(db, instance, settled);
      return { status: result.status, opened: settled.opened };
    });
  }

  /**
   * Runs the outbox-only service calls a step reached (`email.send`, `sms.send`) right here: their messages are
   * queued in `db` and their answers fed back to the engine in memory, until the instance waits for something
   * else. The instance row is then written once for the whole step. Answers the last result, every history entry
   * with the actor it belongs to, and the other effects — in the order they arose — with the variables they saw.
   */
  private async settle(
    db: Knex,
    instanceId: string,
    session: InstanceSession,
    actorId: string | null,
  ): Promise<Settled> {
    try {
      return await this.settleOpen(db, instanceId, session, actorId);
    } finally {
      session.close();
    }
  }

  private async settleOpen(
    db: Knex,
    instanceId: string,
    session: InstanceSession,
    actorId: string | null,
  ): Promise<Settled> {
    const first = session.result;
    const settled: Settled = { result: first, history: [], effects: [], unsent: [], opened: [] };
    const worklist: { effect: Effect; variables: Record<string, unknown> }[] = [];
    const take = (r: StepResult, actor: string | null) => {
      const variables = (r.variables ?? {}) as Record<string, unknown>;
      for (const h of r.history ?? []) settled.history.push({ entry: h, actorId: actor });
      for (const effect of r.effects ?? []) worklist.push({ effect, variables });
    };
    take(first, actorId);
    while (worklist.length) {
      const item = worklist.shift()!;
      const effect = item.effect;
      if (
        effect.type !== 'service.call' ||
        !this.outbox ||
        !isOutboxAction(serviceActionName(effect)) ||
        settled.result.status !== 'running'
      ) {
        settled.effects.push(item);
        continue;
      }
      const event = await outboxServiceCall(
        db,
        this.outbox,
        await this.org(db),
        { id: instanceId, variables: item.variables },
        {
          instanceId,
          activationId: effect.activationId,
          connector: effect.connector,
          action: effect.action,
          inputs: effect.inputs,
          ...(effect.attempt ? { attempt: effect.attempt } : {}),
        },
        settled.unsent,
      );
      let next: StepResult;
      try {
        next = session.resume(event!, this.now().toISOString());
      } catch (e) {
        if (isStaleEvent(e)) continue;
        throw e;
      }
      settled.result = next;
      take(next, null);
    }
    return settled;
  }

  /** Writes a settled step's history and applies its effects, in the step's transaction. */
  private async afterStep(db: Knex, instance: InstanceRef, settled: Settled): Promise<void> {
    const instanceId = instance.id;
    if (settled.unsent.length && this.outbox)
      await this.outbox.sendLater(db, settled.unsent, `wf:${instanceId}:${settled.unsent[0]}`);
    if (settled.history.length) {
      await db(HISTORY).insert(
        settled.history.map(({ entry: h, actorId }) => ({
          instance_id: instanceId,
          at: toDbDateTime(h.at ?? this.now()),
          element_id: String(h.elementId).slice(0, 128),
          element_type: String(h.elementType ?? '').slice(0, 64),
          name: h.name ? String(h.name).slice(0, 255) : null,
          event: String(h.event).slice(0, 16),
          activation_id: h.activationId ?? null,
          actor_id: h.actor ?? (actsInStep(h) ? actorId : null),
          outcome: storedOutcome(h.outcome),
        })),
      );
    }
    for (const { effect, variables } of settled.effects) {
      switch (effect.type) {
        case 'task.create':
          settled.opened.push(await this.createTask(db, instance, effect, variables, await this.org(db)));
          break;
        case 'task.cancel':
          await this.cancelTask(db, instanceId, effect.activationId);
          break;
        case 'timer.schedule':
          await this.platform.jobs.enqueue(
            db,
            TIMER_JOB,
            { instanceId, timerId: effect.timerId, elementId: effect.elementId },
            { runAt: new Date(effect.at), idempotencyKey: `timer:${instanceId}:${effect.timerId}`, maxAttempts: 10 },
          );
          break;
        case 'timer.cancel':
          await db('folyam_jobs')
            .where({ idempotency_key: `timer:${instanceId}:${effect.timerId}`, status: 'queued' })
            .update({ status: 'cancelled', updated_at: toDbDateTime(this.now()) });
          break;
        case 'service.call':
          await this.platform.jobs.enqueue(
            db,
            SERVICE_JOB,
            {
              instanceId,
              activationId: effect.activationId,
              elementId: effect.elementId,
              connector: effect.connector,
              action: effect.action,
              inputs: (effect.inputs ?? {}) as Record<string, unknown>,
              ...(effect.attempt ? { attempt: effect.attempt } : {}),
            } satisfies ServicePayload,
            {
              idempotencyKey: `service:${instanceId}:${effect.activationId}${effect.attempt ? `:${effect.attempt}` : ''}`,
              maxAttempts: 5,
            },
          );
          break;
        case 'notify':
          await this.enqueueNotification(db, instanceId, effect, variables);
          break;
      }
    }
  }

  private async enqueueNotification(
    db: Knex,
    instanceId: string,
    n: {
      key: string;
      elementId: string;
      to: unknown;
      channel?: string | null;
      template?: string | null;
      subject?: string | null;
      text?: string | null;
    },
    variables: Record<string, unknown>,
  ): Promise<void> {
    await this.platform.jobs.enqueue(
      db,
      NOTIFY_JOB,
      {
        instanceId,
        key: n.key,
        elementId: n.elementId,
        to: typeof n.to === 'string' ? n.to : JSON.stringify(n.to ?? ''),
        channel: n.channel || 'email',
        subject: n.subject ?? null,
        text: n.text ?? null,
        template: n.template ?? null,
        variables,
      } satisfies NotifyPayload,
      { idempotencyKey: `notify:${instanceId}:${n.key}`.slice(0, 200), maxAttempts: 5 },
    );
  }

  private async createTask(
    db: Knex,
    instance: InstanceRef,
    effect: TaskCreate,
    variables: Record<string, unknown>,
    org: Org,
  ): Promise<OpenedTask> {
    const now = this.now();
    const context = { ...variables, initiator: variables.initiator ?? null };
    const assigneeId = resolveAssignee(effect.assignee ?? null, org, context);
    const due = resolveDue(effect.due ?? null, now, org, context);
    const id = uuidv7();
    const at = toDbDateTime(now);
    const reminders = (effect.reminders ?? []) as ReminderSpec[];
    const task: WfTask = {
      id,
      instanceId: instance.id,
      activationId: effect.activationId,
      elementId: effect.elementId,
      name: String(effect.name || effect.elementId).slice(0, 255),
      assigneeId,
      candidateRoles: effect.candidateRoles ?? [],
      candidateGroups: effect.candidateGroups ?? [],
      dueAt: due ? due.toISOString() : null,
      status: 'open',
      form: effect.form ?? null,
      settings: { reminders, notifications: (effect.notifications ?? []) as unknown[] },
      completedBy: null,
      completedAt: null,
      taskRecordId: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    task.taskRecordId = await this.taskRecords.createForTask(db, instance, task, variables);
    await db(TASKS).insert({
      id,
      instance_id: instance.id,
      activation_id: task.activationId,
      element_id: task.elementId,
      name: task.name,
      assignee_id: assigneeId,
      candidate_roles: JSON.stringify(task.candidateRoles),
      candidate_groups: JSON.stringify(task.candidateGroups),
      due_at: due ? toDbDateTime(due) : null,
      status: 'open',
      form: task.form,
      settings: JSON.stringify(task.settings),
      completed_by: null,
      completed_at: null,
      task_record_id: task.taskRecordId,
      created_at: at,
      updated_at: at,
    });
    if (due) {
      for (const [index, r] of reminders.entries()) {
        const runAt = firstReminderAt(r, due);
        if (!runAt) continue;
        await this.platform.jobs.enqueue(
          db,
          REMINDER_JOB,
          { taskId: id, index, occurrence: 0 } satisfies ReminderPayload,
          { runAt, idempotencyKey: `reminder:${id}:${index}:0`, maxAttempts: 5 },
        );
      }
    }
    // Task-level notifications fire when the task is created (`event="create"` or none).
    for (const [i, spec] of (task.settings.notifications as Record<string, unknown>[]).entries()) {
      const event = typeof spec?.event === 'string' ? spec.event : 'create';
      if (!['create', 'created', 'assigned'].includes(event) || typeof spec.to !== 'string') continue;
      await this.enqueueNotification(
        db,
        instance.id,
        {
          key: `${task.activationId}:notification:${i}`,
          elementId: task.elementId,
          to: spec.to,
          channel: spec.channel as string,
          subject: spec.subject as string,
          text: spec.text as string,
          template: spec.template as string,
        },
        { ...variables, taskName: task.name },
      );
    }
    return { id, name: task.name, elementId: task.elementId, assigneeId, dueAt: task.dueAt };
  }

  private async cancelTask(db: Knex, instanceId: string, activationId: string): Promise<void> {
    const row = await db(TASKS).where({ instance_id: instanceId, activation_id: activationId }).first();
    if (!row || ['done', 'cancelled'].includes(String(row.status))) return;
    await db(TASKS)
      .where({ id: row.id })
      .update({ status: 'cancelled', updated_at: toDbDateTime(this.now()) });
    await this.taskRecords.markCancelled(db, rowToTask(row));
  }

  /**
   * Stops a running instance by hand: every waiting step is cancelled (its task and task record too), pending
   * timers and reminders come to nothing, and the history names `actor` and the reason. No permission check:
   * callers decide who may.
   */
  async cancel(
    actor: Actor,
    instanceId: string,
    input: { reason?: unknown },
  ): Promise<{ instanceId: string; status: string }> {
    if (input.reason !== undefined && input.reason !== null && typeof input.reason !== 'string')
      throw workflowErrors.invalidInput('reason', 'invalidType', { expected: 'string' });
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason.length > OUTCOME_COMMENT)
      throw workflowErrors.invalidInput('reason', 'tooLong', { max: OUTCOME_COMMENT });
    return this.knex.transaction(async (db) => {
      const instance = await loadInstance(db, this.platform.dialect, instanceId, true);
      if (!instance) throw workflowErrors.notFound();
      if (instance.status !== 'running') throw workflowErrors.notRunning();
      const moved = await this.step(
        db,
        instanceId,
        { type: 'process.cancel', actor: actor.id, ...(reason ? { reason } : {}) } as EngineEvent,
        actor.id,
      );
      if (!moved) throw workflowErrors.notRunning();
      return { instanceId, status: moved.status };
    });
  }

  /**
   * Runs a stuck automatic step again — the one named, or the instance's only one — after setting `variables` when
   * given (to fix what made it fail). No permission check: callers decide who may.
   */
  async retry(
    actor: Actor,
    instanceId: string,
    input: { activationId?: unknown; variables?: unknown },
  ): Promise<{ instanceId: string; status: string }> {
    const variables = checkVariables(input.variables);
    return this.knex.transaction(async (db) => {
      const instance = await loadInstance(db, this.platform.dialect, instanceId, true);
      if (!instance) throw workflowErrors.notFound();
      if (instance.status !== 'running') throw workflowErrors.notRunning();
      const stuck = instance.active.filter((a) => a.incident);
      const activationId =
        typeof input.activationId === 'string' ? input.activationId : stuck.length === 1 ? stuck[0].activationId : null;
      if (!activationId || !stuck.some((a) => a.activationId === activationId)) throw workflowErrors.noIncident();
      const moved = await this.step(
        db,
        instanceId,
        { type: 'service.retry', activationId, variables, actor: actor.id } as EngineEvent,
        actor.id,
      );
      if (!moved) throw workflowErrors.noIncident();
      return { instanceId, status: moved.status };
    });
  }

  /** Whether the actor is one of a task's candidates (by role or work group). */
  async isCandidate(db: Knex, actor: Actor, task: WfTask): Promise<boolean> {
    if (task.candidateRoles.some((r) => actor.roles.includes(r))) return true;
    if (!task.candidateGroups.length) return false;
    const groups = await db('folyam_group_members as m')
      .join('folyam_groups as g', 'g.id', 'm.group_id')
      .where('m.user_id', actor.id)
      .select('g.id', 'g.name');
    return groups.some(
      (g) => task.candidateGroups.includes(String(g.id)) || task.candidateGroups.includes(String(g.name)),
    );
  }

  /** `claim(actor, taskId)`: a candidate takes an open, unassigned task. */
  async claim(actor: Actor, taskId: string): Promise<WfTask> {
    return this.knex.transaction(async (db) => {
      const task = await loadTask(db, taskId);
      if (!task) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
      if (task.status === 'done' || task.status === 'cancelled') throw workflowErrors.taskClosed();
      if (task.assigneeId === actor.id) return task;
      if (task.assigneeId) throw workflowErrors.alreadyClaimed();
      if (!actor.admin && !(await this.isCandidate(db, actor, task))) throw workflowErrors.notCandidate();
      const n = await db(TASKS)
        .where({ id: task.id, status: 'open' })
        .whereNull('assignee_id')
        .update({ assignee_id: actor.id, status: 'claimed', updated_at: toDbDateTime(this.now()) });
      if (n !== 1) throw workflowErrors.alreadyClaimed();
      await this.taskRecords.setOwner(db, task, actor.id);
      return rowToTask(await db(TASKS).where({ id: task.id }).first());
    });
  }

  /**
   * Hands an open task to another active user — `input.assignee` a user id or user name — with an optional
   * `comment` for them: the task and its record move to them (reminders follow, as they go to the assignee when
   * they fire), the history names who handed it over, and the new assignee gets an email. No permission check:
   * callers decide who may.
   */
  async reassign(actor: Actor, taskId: string, input: { assignee?: unknown; comment?: unknown }): Promise<WfTask> {
    if (typeof input.assignee !== 'string' || !input.assignee)
      throw workflowErrors.invalidInput('assignee', 'required');
    if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string')
      throw workflowErrors.invalidInput('comment', 'invalidType', { expected: 'string' });
    const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
    if (comment.length > OUTCOME_COMMENT)
      throw workflowErrors.invalidInput('comment', 'tooLong', { max: OUTCOME_COMMENT });
    const wanted = input.assignee;
    return this.knex.transaction(async (db) => {
      const task = await loadTask(db, taskId);
      if (!task) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
      if (task.status === 'done' || task.status === 'cancelled') throw workflowErrors.taskClosed();
      const org = await this.org(db);
      const target = findOrgUser(org, wanted);
      if (!target || target.disabled) throw workflowErrors.invalidInput('assignee', 'referenceMissing');
      if (target.id === task.assigneeId) return task;
      const at = toDbDateTime(this.now());
      const n = await db(TASKS)
        .where({ id: task.id })
        .whereIn('status', ['open', 'claimed'])
        .update({
          assignee_id: target.id,
          status: task.status === 'open' && !task.assigneeId ? 'claimed' : task.status,
          updated_at: at,
        });
      if (n !== 1) throw workflowErrors.taskClosed();
      await this.taskRecords.setOwner(db, task, target.id);
      const handovers = Number(
        (
          await db(HISTORY)
            .where({ instance_id: task.instanceId, activation_id: task.activationId, event: 'assigned' })
            .count({ n: '*' })
            .first()
        )?.n ?? 0,
      );
      await db(HISTORY).insert({
        instance_id: task.instanceId,
        at,
        element_id: task.elementId,
        element_type: 'userTask',
        name: task.name,
        event: 'assigned',
        activation_id: task.activationId,
        actor_id: actor.id,
        outcome: storedOutcome({ assignee: target.id, ...(comment ? { comment } : {}) }),
      });
      if (this.outbox && target.email) {
        const hu = (await db('folyam_users').where({ id: target.id }).first('locale'))?.locale !== 'en';
        const from = org.users.get(actor.id)?.displayName ?? actor.id;
        const name = await this.taskName(db, task, hu ? 'hu' : 'en');
        await this.outbox.queueMessage(db, {
          channel: 'email',
          to: { address: target.email, entity: null, recordId: null },
          subject: hu ? `Önre bízott feladat: ${name}` : `A task for you: ${name}`,
          text: [
            hu ? `${from} Önre bízta a(z) „${name}” feladatot.` : `${from} handed the task "${name}" to you.`,
            ...(comment ? [hu ? `Megjegyzés: ${comment}` : `Comment: ${comment}`] : []),
            hu ? 'A feladatot a Feladataim listában találja.' : 'You will find it in your task list.',
          ].join('\n'),
          idempotencyKey: `wf:${task.instanceId}:${task.activationId}:assigned:${handovers + 1}`,
          actor: null,
        });
      }
      return rowToTask(await db(TASKS).where({ id: task.id }).first());
    });
  }

  /** A task's name in a user's language: its element's `folyam:nameEn` for English, when the BPMN gives one. */
  async taskName(db: Knex, task: WfTask, locale: 'hu' | 'en'): Promise<string> {
    const name = task.name ?? task.elementId;
    if (locale === 'hu') return name;
    const inst = await db(INSTANCES).where({ id: task.instanceId }).first('meta_version', 'process_key');
    const process = inst ? await this.definitions.load(db, Number(inst.meta_version), String(inst.process_key)) : null;
    return process?.model.elements[task.elementId]?.nameEn ?? name;
  }

  /** `unclaim(actor, taskId)`: the claimer (or an administrator) gives a claimed task back to its candidates. */
  async unclaim(actor: Actor, taskId: string): Promise<WfTask> {
    return this.knex.transaction(async (db) => {
      const task = await loadTask(db, taskId);
      if (!task) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
      if (task.status === 'done' || task.status === 'cancelled') throw workflowErrors.taskClosed();
      if (task.status !== 'claimed') throw workflowErrors.notClaimed();
      if (task.assigneeId !== actor.id && !actor.admin) throw workflowErrors.notAssignee();
      await db(TASKS)
        .where({ id: task.id, status: 'claimed' })
        .update({ assignee_id: null, status: 'open', updated_at: toDbDateTime(this.now()) });
      return rowToTask(await db(TASKS).where({ id: task.id }).first());
    });
  }

  /**
   * Completes a user task as `actor` — its assignee, or an administrator — with the variables the form gave, and
   * runs the process on in the same transaction; answers the instance's status and the tasks the step opened. `trx` is given when the completion comes from a task record's
   * write (its completion date), which then commits or fails together with the step.
   */
  async completeTask(
    actor: Actor,
    taskId: string,
    input: unknown,
    options: { trx?: Knex; fromRecord?: boolean } = {},
  ): Promise<{ instanceId: string; status: string; opened: OpenedTask[] }> {
    const variables = checkVariables(input);
    return this.inTransaction(options.trx, async (db) => {
      const task = await loadTask(db, taskId);
      if (!task) throw workflowErrors.notFound({ hu: 'A feladat', en: 'The task' });
      if (task.status === 'done' || task.status === 'cancelled') throw workflowErrors.taskClosed();
      const mayComplete =
        actor.admin ||
        task.assigneeId === actor.id ||
        // Entering the completion date on an unassigned task record claims and completes it in one go.
        (options.fromRecord === true && !task.assigneeId && (await this.isCandidate(db, actor, task)));
      if (!mayComplete) throw workflowErrors.notAssignee();
      const at = toDbDateTime(this.now());
      const n = await db(TASKS)
        .where({ id: task.id })
        .whereIn('status', ['open', 'claimed'])
        .update({ status: 'done', completed_by: actor.id, completed_at: at, updated_at: at });
      if (n !== 1) throw workflowErrors.taskClosed();
      if (!options.fromRecord) await this.taskRecords.markDone(db, task, actor);
      const moved = await this.step(
        db,
        task.instanceId,
        { type: 'task.complete', activationId: task.activationId, variables, actor: actor.id } as EngineEvent,
        actor.id,
      );
      if (!moved) throw workflowErrors.taskClosed();
      return { instanceId: task.instanceId, status: moved.status, opened: moved.opened };
    });
  }
}

/** When a reminder first fires: `before` the due date, `after` it, or at it. */
export function firstReminderAt(r: ReminderSpec, due: Date): Date | null {
  if (r.before) {
    const ms = durationMs(r.before);
    return ms === null ? null : new Date(due.getTime() - Math.abs(ms));
  }
  if (r.after) {
    const ms = durationMs(r.after);
    return ms === null ? null : new Date(due.getTime() + Math.abs(ms));
  }
  return due;
}
