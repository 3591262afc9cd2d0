/** Rows of running processes, their history and their user tasks, as the runtime reads and writes them. */
import type { Knex } from 'knex';
import { fromDbDateTime, type Dialect } from '../db/connection.ts';

export const INSTANCES = 'folyam_wf_instances';
export const HISTORY = 'folyam_wf_history';
export const TASKS = 'folyam_wf_tasks';

export const INSTANCE_STATUSES = ['running', 'completed', 'terminated', 'failed'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
export const TASK_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type ActiveElement = {
  activationId: string;
  elementId: string;
  elementType: string;
  /** Why an automatic step waits: its action was refused (`service.failed`). */
  incident?: { code: string; message: string; messages?: { hu: string; en: string } };
};

export type Instance = {
  id: string;
  processKey: string;
  metaVersion: number;
  status: InstanceStatus;
  snapshot: unknown;
  variables: Record<string, unknown>;
  active: ActiveElement[];
  startedBy: string | null;
  record: { entity: string; id: string } | null;
  version: number;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
};

export type ReminderSpec = { before?: string; after?: string; repeat?: string; channel?: string; template?: string };

export type WfTask = {
  id: string;
  instanceId: string;
  activationId: string;
  elementId: string;
  name: string;
  assigneeId: string | null;
  candidateRoles: string[];
  candidateGroups: string[];
  dueAt: string | null;
  status: TaskStatus;
  form: string | null;
  settings: { reminders: ReminderSpec[]; notifications: unknown[] };
  completedBy: string | null;
  completedAt: string | null;
  taskRecordId: string | null;
  createdAt: string;
  updatedAt: string;
};

type Row = Record<string, unknown>;

export function parseJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined || v === '') return fallback;
  try {
    return JSON.parse(String(v)) as T;
  } catch {
    return fallback;
  }
}

export function rowToInstance(r: Row): Instance {
  return {
    id: String(r.id),
    processKey: String(r.process_key),
    metaVersion: Number(r.meta_version),
    status: r.status as InstanceStatus,
    snapshot: parseJson<unknown>(r.snapshot, null),
    variables: parseJson<Record<string, unknown>>(r.variables, {}),
    active: parseJson<ActiveElement[]>(r.active, []),
    startedBy: (r.started_by as string) ?? null,
    record: r.record_entity && r.record_id ? { entity: String(r.record_entity), id: String(r.record_id) } : null,
    version: Number(r.version),
    startedAt: fromDbDateTime(r.started_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
    endedAt: fromDbDateTime(r.ended_at),
  };
}

export function rowToTask(r: Row): WfTask {
  return {
    id: String(r.id),
    instanceId: String(r.instance_id),
    activationId: String(r.activation_id),
    elementId: String(r.element_id),
    name: String(r.name),
    assigneeId: (r.assignee_id as string) ?? null,
    candidateRoles: parseJson<string[]>(r.candidate_roles, []),
    candidateGroups: parseJson<string[]>(r.candidate_groups, []),
    dueAt: fromDbDateTime(r.due_at),
    status: r.status as TaskStatus,
    form: (r.form as string) ?? null,
    settings: parseJson(r.settings, { reminders: [], notifications: [] }),
    completedBy: (r.completed_by as string) ?? null,
    completedAt: fromDbDateTime(r.completed_at),
    taskRecordId: (r.task_record_id as string) ?? null,
    createdAt: fromDbDateTime(r.created_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
  };
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An instance row; `lock` takes the row lock on MySQL/MariaDB (SQLite's transaction already serialises writers). */
export async function loadInstance(db: Knex, dialect: Dialect, id: string, lock = false): Promise<Instance | null> {
  if (typeof id !== 'string' || !ID.test(id)) return null;
  const q = db(INSTANCES).where({ id });
  if (lock && dialect === 'mysql') q.forUpdate();
  const r = await q.first();
  return r ? rowToInstance(r) : null;
}

export async function loadTask(db: Knex, id: string): Promise<WfTask | null> {
  if (typeof id !== 'string' || !ID.test(id)) return null;
  const r = await db(TASKS).where({ id }).first();
  return r ? rowToTask(r) : null;
}
