/** How urgent a task is, for its badge: overdue, due within a day, later, or no due date. */

export type DueState = 'overdue' | 'soon' | 'later' | 'none';

const DAY = 24 * 60 * 60 * 1000;

/** `dueState({ dueAt: '2026-03-05T10:00:00Z' }, new Date('2026-03-05T09:00:00Z'))` → `soon`. */
export function dueState(task: { dueAt?: string | null; overdue?: boolean; status?: string }, now: Date): DueState {
  if (!task.dueAt) return 'none';
  const due = new Date(task.dueAt).getTime();
  if (Number.isNaN(due)) return 'none';
  if (task.status === 'done') return 'later';
  if (task.overdue || due < now.getTime()) return 'overdue';
  return due - now.getTime() <= DAY ? 'soon' : 'later';
}

/** The name of whoever holds a task, whatever shape the server sends. */
export function assigneeName(assignee: unknown): string {
  if (!assignee) return '';
  if (typeof assignee === 'string') return assignee;
  const a = assignee as { name?: string; displayName?: string; username?: string; id?: string };
  return a.displayName ?? a.name ?? a.username ?? a.id ?? '';
}

/** Whether the signed-in user holds the task (`assignee` may be an id, a username or an object). */
export function isMine(assignee: unknown, user: { id: string; username: string } | null | undefined): boolean {
  if (!assignee || !user) return false;
  if (typeof assignee === 'string') return assignee === user.id || assignee === user.username;
  const a = assignee as { id?: string; username?: string };
  return a.id === user.id || a.username === user.username;
}
