/**
 * Tasks as records: every user task of a process is also a record of the `task` entity (when the published
 * metadata has one), so it shows in lists, queries and the customer's history, under the ordinary access rules.
 * The entity is found by convention: `task`, with `title`, `taskType`, `customer`, `startDate`, `deadline`,
 * `completionDate`, `status` (read-only: inProgress / overdue / done), `processInstance`, `activation`,
 * `nextTaskType` and `nextTaskAfterDays`; fields it lacks are simply not written.
 *
 * Status: a stored computed field cannot depend on "today" (it is evaluated once, on write, from the record
 * alone), so the status is written here on every create and update with the injected clock's date, and the
 * daily `workflow.overdue` job turns `inProgress` into `overdue` once a deadline passes. Lists and filters then
 * read a plain indexed column.
 *
 * Entering a completion date through the data API completes the linked workflow task in the same transaction
 * (and the process generates its next task); a plain task record with `nextTaskType` generates its follow-up.
 */
import type { Entity } from '@folyam/metamodel';
import type { Knex } from 'knex';
import { systemActor, type Actor } from '../auth/actor.ts';
import { toDbDateTime } from '../db/connection.ts';
import type { DomainEvent } from '../events/bus.ts';
import { uuidv7 } from '../ids.ts';
import type { Platform } from '../platform.ts';
import { recordToRow } from '../data/rows.ts';
import { columnName, tableName } from '../schema/columns.ts';
import { TASKS, rowToTask, type Instance, type WfTask } from './instance.store.ts';
import type { WorkflowRuntime } from './runtime.service.ts';

export const TASK_ENTITY = 'task';
export type TaskStatusValue = 'inProgress' | 'overdue' | 'done' | 'cancelled';

const DAY = 86_400_000;

/** `taskStatus({ completionDate: null, deadline: '2026-01-01' }, '2026-01-02')` → 'overdue' */
export function taskStatus(values: Record<string, unknown>, today: string): TaskStatusValue {
  if (values.completionDate) return 'done';
  // a task its process cancelled stays cancelled (see markCancelled)
  if (values.status === 'cancelled') return 'cancelled';
  const deadline = typeof values.deadline === 'string' ? values.deadline.slice(0, 10) : null;
  return deadline && deadline < today ? 'overdue' : 'inProgress';
}

const has = (e: Entity, name: string) => e.fields.some((f) => f.name === name);
const col = (e: Entity, name: string) => columnName(e.fields.find((f) => f.name === name)!);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export class TaskRecords {
  constructor(
    private readonly platform: Platform,
    private readonly runtime: WorkflowRuntime,
  ) {}

  today(): string {
    return this.platform.clock.now().toISOString().slice(0, 10);
  }

  /** The published task entity, read through the caller's transaction; null when the metadata has none. */
  async entity(db: Knex): Promise<Entity | null> {
    const v = await this.runtime.definitions.latestVersion(db);
    return this.runtime.definitions.entity(db, v, TASK_ENTITY);
  }

  /** Inserts a task record and emits its `record.created` (audit) in `db`; returns its id. */
  private async insert(
    db: Knex,
    entity: Entity,
    values: Record<string, unknown>,
    ownerId: string | null,
    actor: Actor | null,
  ): Promise<string> {
    const clean = Object.fromEntries(Object.entries(values).filter(([k, v]) => has(entity, k) && v !== undefined));
    clean.status = taskStatus(clean, this.today());
    if (!has(entity, 'status')) delete clean.status;
    const id = uuidv7();
    const now = toDbDateTime(this.platform.clock.now());
    await db(tableName(entity)).insert({
      ...recordToRow(entity, clean),
      id,
      version: 1,
      created_at: now,
      updated_at: now,
      created_by: actor?.id ?? null,
      updated_by: actor?.id ?? null,
      owner_id: ownerId,
    });
    await this.platform.events.emit(db, {
      type: 'record.created',
      entity: entity.name,
      id,
      actor: actor ?? systemActor,
      after: { ...clean, ownerId },
    });
    return id;
  }

  /** The customer a process task is about: the instance's company, or a `customer`/`company` variable. */
  private async customerOf(
    db: Knex,
    instance: Pick<Instance, 'record'>,
    variables: Record<string, unknown>,
  ): Promise<string | null> {
    const rec = variables.record as Record<string, unknown> | undefined;
    const candidates = [
      instance.record?.entity === 'company' ? instance.record.id : null,
      variables.customer,
      variables.company,
      rec?.company,
    ].filter((x): x is string => typeof x === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(x));
    for (const id of candidates)
      if (
        await db('company')
          .where({ id })
          .first('id')
          .catch(() => null)
      )
        return id;
    return null;
  }

  /** Creates the task record of a new user task; null when there is no task entity. */
  async createForTask(
    db: Knex,
    instance: Pick<Instance, 'id' | 'startedBy' | 'record'>,
    task: WfTask,
    variables: Record<string, unknown>,
  ): Promise<string | null> {
    const entity = await this.entity(db);
    if (!entity) return null;
    const typeField = entity.fields.find((f) => f.name === 'taskType');
    const options = typeField?.type === 'enum' ? typeField.options.map((o) => o.value) : [];
    const wanted = typeof variables.taskType === 'string' ? variables.taskType : 'process';
    const actor = instance.startedBy ? await this.actorById(db, instance.startedBy) : null;
    return this.insert(
      db,
      entity,
      {
        title: task.name,
        taskType: options.includes(wanted) ? wanted : options.includes('process') ? 'process' : undefined,
        customer: await this.customerOf(db, instance, variables),
        startDate: this.today(),
        deadline: task.dueAt ? task.dueAt.slice(0, 10) : null,
        processInstance: instance.id,
        activation: task.activationId,
      },
      task.assigneeId ?? instance.startedBy,
      actor,
    );
  }

  private async actorById(db: Knex, id: string): Promise<Actor | null> {
    const u = await db('folyam_users').where({ id }).first();
    if (!u) return null;
    return {
      id: String(u.id),
      username: String(u.username),
      displayName: String(u.display_name),
      roles: JSON.parse(String(u.roles ?? '[]')) as string[],
      departmentId: u.department_id ?? null,
      managerId: u.manager_id ?? null,
      locale: u.locale === 'en' ? 'en' : 'hu',
      admin: false,
      via: 'system',
    };
  }

  /** A claimed task's record moves to its new assignee, so their "own" scope reaches it. */
  async setOwner(db: Knex, task: WfTask, userId: string): Promise<void> {
    const entity = task.taskRecordId ? await this.entity(db) : null;
    if (!entity) return;
    await db(tableName(entity))
      .where({ id: task.taskRecordId })
      .update({
        owner_id: userId,
        version: db.raw('version + 1'),
        updated_at: toDbDateTime(this.platform.clock.now()),
      });
  }

  /** A task completed in the inbox: its record gets today's completion date and `done`, audited. */
  async markDone(db: Knex, task: WfTask, actor: Actor): Promise<void> {
    const entity = task.taskRecordId ? await this.entity(db) : null;
    if (!entity || !has(entity, 'completionDate')) return;
    const row = await db(tableName(entity)).where({ id: task.taskRecordId }).first();
    if (!row || row[col(entity, 'completionDate')]) return;
    const today = this.today();
    const before = { completionDate: null, ...(has(entity, 'status') ? { status: row[col(entity, 'status')] } : {}) };
    const after = { completionDate: today, ...(has(entity, 'status') ? { status: 'done' } : {}) };
    await db(tableName(entity))
      .where({ id: task.taskRecordId })
      .update({
        ...recordToRow(entity, after),
        version: Number(row.version) + 1,
        updated_at: toDbDateTime(this.platform.clock.now()),
        updated_by: actor.id,
      });
    await this.platform.events.emit(db, {
      type: 'record.updated',
      entity: entity.name,
      id: String(row.id),
      actor,
      before,
      after,
      changes: Object.fromEntries(
        Object.keys(after).map((k) => [
          k,
          { before: before[k as keyof typeof before], after: after[k as keyof typeof after] },
        ]),
      ),
    });
  }

  /**
   * A task the process cancelled (a timer escalated past it, the process was stopped): its record says
   * `cancelled` — when the task entity's status offers that value — instead of staying in progress for ever.
   */
  async markCancelled(db: Knex, task: WfTask): Promise<void> {
    const entity = task.taskRecordId ? await this.entity(db) : null;
    const status = entity?.fields.find((f) => f.name === 'status');
    if (!entity || status?.type !== 'enum' || !status.options.some((o) => o.value === 'cancelled')) return;
    const row = await db(tableName(entity)).where({ id: task.taskRecordId }).first();
    const was = row?.[col(entity, 'status')];
    if (!row || was === 'done' || was === 'cancelled') return;
    await db(tableName(entity))
      .where({ id: task.taskRecordId })
      .update({
        [col(entity, 'status')]: 'cancelled',
        version: Number(row.version) + 1,
        updated_at: toDbDateTime(this.platform.clock.now()),
      });
    await this.platform.events.emit(db, {
      type: 'record.updated',
      entity: entity.name,
      id: String(row.id),
      actor: systemActor,
      before: { status: was },
      after: { status: 'cancelled' },
      changes: { status: { before: was, after: 'cancelled' } },
    });
  }

  /** The domain-event listener: status on every write, completion of the linked task, the follow-up task. */
  async onRecordEvent(event: DomainEvent, db: Knex): Promise<void> {
    if ((event.type !== 'record.created' && event.type !== 'record.updated') || event.entity !== TASK_ENTITY) return;
    const entity = await this.entity(db);
    if (!entity) return;
    const after = event.after;
    if (has(entity, 'status')) {
      const status = taskStatus(after, this.today());
      if (after.status !== status)
        await db(tableName(entity))
          .where({ id: event.id })
          .update({ [col(entity, 'status')]: status });
    }
    if (event.type !== 'record.updated' || !event.changes.completionDate) return;
    const { before: was, after: now } = event.changes.completionDate;
    if (was || !now) return;
    if (typeof after.activation === 'string' && after.activation) {
      const row = await db(TASKS).where({ task_record_id: event.id }).first();
      const task = row ? rowToTask(row) : null;
      if (task && (task.status === 'open' || task.status === 'claimed'))
        await this.runtime.completeTask(event.actor, task.id, {}, { trx: db, fromRecord: true });
      return;
    }
    if (typeof after.nextTaskType === 'string' && after.nextTaskType) {
      const typeField = entity.fields.find((f) => f.name === 'taskType');
      const label =
        typeField?.type === 'enum' ? typeField.options.find((o) => o.value === after.nextTaskType)?.label : undefined;
      const done = String(now).slice(0, 10);
      const days = Number.isInteger(after.nextTaskAfterDays) ? Number(after.nextTaskAfterDays) : 0;
      const current = await db(tableName(entity)).where({ id: event.id }).first('owner_id');
      await this.insert(
        db,
        entity,
        {
          title: label?.hu ?? String(after.nextTaskType),
          taskType: after.nextTaskType,
          customer: after.customer ?? null,
          startDate: done,
          deadline: addDays(done, days),
          notes: `← ${String(after.title ?? '')}`.slice(0, 2000),
        },
        (current?.owner_id as string) ?? event.actor.id,
        event.actor,
      );
    }
  }

  /** Marks task records whose deadline has passed as `overdue`; returns how many changed. */
  async refreshOverdue(db: Knex = this.platform.knex): Promise<number> {
    const entity = await this.entity(db);
    if (!entity || !has(entity, 'status') || !has(entity, 'deadline')) return 0;
    const q = db(tableName(entity))
      .where(col(entity, 'status'), 'inProgress')
      .where(col(entity, 'deadline'), '<', this.today());
    if (has(entity, 'completionDate')) q.whereNull(col(entity, 'completionDate'));
    return q.update({
      [col(entity, 'status')]: 'overdue',
      version: db.raw('version + 1'),
      updated_at: toDbDateTime(this.platform.clock.now()),
    });
  }
}
