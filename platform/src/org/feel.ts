/**
 * The organisation as FEEL functions, for processes and rules: `manager(initiator)`, `members("salesManager")`,
 * `groupMembers("Kulcsügyfelek")`, `subordinates(userId)`, `departmentMembers(departmentId)`, `username(userId)`.
 * Every function takes and returns user ids (strings), so an assignee expression yields ids directly.
 */
import { managerOf, membersOfDepartment, membersOfGroup, membersOfRole, subordinatesOf, type Org } from './org.ts';

// feelin recovers a JS function's parameter names from its source unless `$args` names them.
function feelFunction<T extends (...args: never[]) => unknown>(fn: T, args: string[]): T {
  return Object.assign(fn, { $args: args });
}

const asId = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** `evalFeel('manager(initiator)', { ...orgFeelContext(org), initiator: id })` → the manager's id or null. */
export function orgFeelContext(org: Org): Record<string, unknown> {
  return {
    manager: feelFunction(
      (userId: unknown) => {
        const id = asId(userId);
        return id ? managerOf(org, id) : null;
      },
      ['userId'],
    ),
    members: feelFunction(
      (role: unknown) => {
        const r = asId(role);
        return r ? membersOfRole(org, r) : [];
      },
      ['role'],
    ),
    groupMembers: feelFunction(
      (group: unknown) => {
        const g = asId(group);
        return g ? membersOfGroup(org, g) : [];
      },
      ['group'],
    ),
    subordinates: feelFunction(
      (userId: unknown) => {
        const id = asId(userId);
        return id ? subordinatesOf(org, id) : [];
      },
      ['userId'],
    ),
    departmentMembers: feelFunction(
      (departmentId: unknown) => {
        const d = asId(departmentId);
        return d && org.departments.has(d) ? membersOfDepartment(org, d) : [];
      },
      ['departmentId'],
    ),
    username: feelFunction(
      (userId: unknown) => {
        const id = asId(userId);
        return (id && org.users.get(id)?.username) ?? null;
      },
      ['userId'],
    ),
  };
}
