/**
 * Who a user task goes to and when it is due. An assignee is a user name or a FEEL expression (`=manager(initiator)`)
 * over the instance's variables, where `initiator` is the starting user's name and `manager(user)` the user's
 * manager (explicit manager, else their department's head). Due dates are ISO 8601 durations (`P3D`, `PT4H`)
 * counted from now, ISO dates, or FEEL yielding either.
 */
import { evalFeel } from '@folyam/metamodel';
import { managerOf, membersOfGroup, membersOfRole, type Org, type OrgUser } from '../org/org.ts';

function feelFunction<T extends (...args: never[]) => unknown>(fn: T, args: string[]): T {
  return Object.assign(fn, { $args: args });
}

/** A user by id or by user name. */
export function findOrgUser(org: Org, ref: unknown): OrgUser | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  return org.users.get(ref) ?? [...org.users.values()].find((u) => u.username === ref);
}

/** Active users a task is offered to: the holders of its candidate roles and the members of its candidate groups. */
export function candidatesOf(org: Org, task: { candidateRoles: string[]; candidateGroups: string[] }): string[] {
  const ids = new Set<string>();
  for (const role of task.candidateRoles) for (const id of membersOfRole(org, role)) ids.add(id);
  for (const group of task.candidateGroups) for (const id of membersOfGroup(org, group)) ids.add(id);
  return [...ids];
}

/** The FEEL context of an instance: its variables, and `manager(user)` answering with user names. */
export function processFeelContext(org: Org, variables: Record<string, unknown>): Record<string, unknown> {
  return {
    ...variables,
    manager: feelFunction(
      (user: unknown) => {
        const u = findOrgUser(org, user);
        const m = u ? managerOf(org, u.id) : null;
        return m ? (org.users.get(m)?.username ?? null) : null;
      },
      ['user'],
    ),
  };
}

/** Evaluates `=expr` against the instance's context; any other text is a literal. */
export function evalSetting(value: string, org: Org, variables: Record<string, unknown>): unknown {
  const v = value.trim();
  if (!v.startsWith('=')) return v;
  return evalFeel(v.slice(1), processFeelContext(org, variables));
}

/** `resolveAssignee('=manager(initiator)', org, vars)` → the user's id, or null when nobody (active) matches. */
export function resolveAssignee(assignee: string | null, org: Org, variables: Record<string, unknown>): string | null {
  if (!assignee) return null;
  let value: unknown;
  try {
    value = evalSetting(assignee, org, variables);
  } catch {
    return null;
  }
  if (Array.isArray(value)) value = value[0];
  const user = findOrgUser(org, value);
  return user && !user.disabled ? user.id : null;
}

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration in milliseconds (months as 30 days, years as 365), or null when it is not one. */
export function durationMs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = ((n(2) * 365 + n(3) * 30 + n(4) * 7 + n(5)) * 24 * 3600 + n(6) * 3600 + n(7) * 60 + n(8)) * 1000;
  return m[1] ? -ms : ms;
}

/** A FEEL duration or date value (feelin's objects) as text. */
function asText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.iso === 'string') return o.iso;
    if (typeof o.toString === 'function') {
      const s = String(o);
      if (s !== '[object Object]') return s;
    }
  }
  return null;
}

/** When a task is due: `resolveDue('P2D', now)` → now + 2 days; `'2026-12-01'` → that day; null when unset. */
export function resolveDue(due: string | null, now: Date, org: Org, variables: Record<string, unknown>): Date | null {
  if (!due) return null;
  let text: string | null;
  try {
    text = asText(evalSetting(due, org, variables));
  } catch {
    return null;
  }
  if (!text) return null;
  const ms = durationMs(text);
  if (ms !== null) return new Date(now.getTime() + ms);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.000Z` : text);
  return Number.isNaN(d.getTime()) ? null : d;
}
