/** The task inbox's endpoints: lists by assignee, candidate or team, one task with its form, claim and complete. */
import { http } from '../../api/client.ts';

export type TaskRecordRef = { entity: string; id: string; title?: string | null };
export type TaskStatus = 'open' | 'done';

export type Task = {
  id: string;
  name: string | null;
  /** The step's English name, when the BPMN gives one (`localName` picks). */
  nameEn?: string | null;
  processKey: string;
  processLabel?: { hu: string; en: string } | string | null;
  instanceId: string;
  elementId: string;
  assignee: string | { id: string; name?: string; displayName?: string } | null;
  candidateRoles?: string[] | null;
  candidateGroups?: string[] | null;
  dueAt?: string | null;
  overdue?: boolean;
  status: TaskStatus | string;
  form?: string | null;
  record?: TaskRecordRef | null;
  createdAt?: string;
  completedAt?: string | null;
  variables?: Record<string, unknown>;
  formSchema?: { components: unknown[]; [k: string]: unknown } | null;
  /** The next gateway tests `decision`, so "send back" (`decision: "reject"`) has somewhere to go. */
  canSendBack?: boolean;
  /** The caller may hand it to someone else (its assignee, their managers, administrators). */
  canReassign?: boolean;
  /** Reminders sent about it so far: how many times, and when last. */
  reminders?: { sent: number; lastAt: string | null };
  /** What earlier steps of the instance were completed with, newest first. */
  comments?: TaskComment[];
  [k: string]: unknown;
};

export type TaskComment = {
  at: string;
  step: string | null;
  stepEn?: string | null;
  actor: { id: string; name?: string | null } | null;
  decision: string | null;
  /** whom the task was handed to, when the comment came with a handover */
  assignee?: { id: string; name?: string | null } | null;
  comment: string;
};

/** `overdue`: how many of all the selected open tasks are past their due time. */
export type TaskList = { items: Task[]; total: number; overdue?: number };

/** A task a start or a completion opened for the caller: the next step is theirs. */
export type OpenedTask = { id: string; name: string; elementId: string; dueAt: string | null };

/** The inbox's tabs and the query each of them sends. */
export const TABS = ['mine', 'claim', 'team', 'done'] as const;
export type InboxTab = (typeof TABS)[number];

/** `tabQuery('claim')` → `{ candidate: 'me', status: 'open' }`. */
export function tabQuery(tab: InboxTab): Record<string, string> {
  switch (tab) {
    case 'mine':
      return { assignee: 'me', status: 'open' };
    case 'claim':
      return { candidate: 'me', status: 'open' };
    case 'team':
      return { scope: 'team', status: 'open' };
    case 'done':
      return { assignee: 'me', status: 'done' };
  }
}

const one = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

/** One whom a task may be given to; `seesRecord`: may read the process's record (null: it runs on none). */
export type Assignee = { id: string; name: string; seesRecord: boolean | null };

export const tasksApi = {
  list: (query: Record<string, string | number>) => http.get<TaskList>('/api/tasks', query),
  get: (id: string) => http.get<Task>(one(id)),
  claim: (id: string) => http.post<Task>(`${one(id)}/claim`),
  unclaim: (id: string) => http.post<Task>(`${one(id)}/unclaim`),
  complete: (id: string, variables: Record<string, unknown>) =>
    http.post<{ instanceId: string; status: string; tasks: OpenedTask[] }>(`${one(id)}/complete`, { variables }),
  assignees: (id: string) => http.get<{ items: Assignee[] }>(`${one(id)}/assignees`),
  assign: (id: string, assignee: string, comment: string) =>
    http.post<Task>(`${one(id)}/assign`, { assignee, ...(comment ? { comment } : {}) }),
};
