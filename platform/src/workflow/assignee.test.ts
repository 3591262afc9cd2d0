/** Assignees, due dates, recipients and task status: the pure rules the runner applies to engine effects. */
import { describe, expect, it } from 'vitest';
import { buildOrg } from '../org/org.ts';
import { durationMs, resolveAssignee, resolveDue } from './assignee.ts';
import { taskStatus } from './task-records.ts';
import { fillText, resolveRecipients } from './service-call.ts';

const user = (id: string, username: string, departmentId: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  username,
  displayName: username,
  email: `${username}@example.hu`,
  roles: [],
  departmentId,
  managerId: null,
  disabled: false,
  ...extra,
});
const org = buildOrg({
  users: [
    user('u-head', 'manager', 'd-bp'),
    user('u-1', 'sales1', 'd-bp'),
    user('u-off', 'gone', 'd-bp', { disabled: true }),
  ],
  departments: [{ id: 'd-bp', name: 'Budapest', parentId: null, headId: 'u-head' }],
});

describe('workflow rules', () => {
  it('resolves assignees: names, FEEL over variables, the initiator’s manager', () => {
    expect(resolveAssignee('sales1', org, {})).toBe('u-1');
    expect(resolveAssignee('=initiator', org, { initiator: 'sales1' })).toBe('u-1');
    expect(resolveAssignee('=manager(initiator)', org, { initiator: 'sales1' })).toBe('u-head');
    expect(resolveAssignee('=record.ownerId', org, { record: { ownerId: 'u-1' } })).toBe('u-1');
    expect(resolveAssignee('gone', org, {})).toBeNull();
    expect(resolveAssignee('=nobody(', org, {})).toBeNull();
    expect(resolveAssignee(null, org, {})).toBeNull();
  });

  it('reads ISO 8601 durations and due dates', () => {
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('PT1H30M')).toBe(5_400_000);
    expect(durationMs('P1W')).toBe(7 * 86_400_000);
    expect(durationMs('P')).toBeNull();
    expect(durationMs('soon')).toBeNull();
    const now = new Date('2026-03-02T08:00:00Z');
    expect(resolveDue('P2D', now, org, {})!.toISOString()).toBe('2026-03-04T08:00:00.000Z');
    expect(resolveDue('2026-03-10', now, org, {})!.toISOString()).toBe('2026-03-10T23:59:59.000Z');
    expect(resolveDue('=days', now, org, { days: 'PT4H' })!.toISOString()).toBe('2026-03-02T12:00:00.000Z');
    expect(resolveDue(null, now, org, {})).toBeNull();
  });

  it('resolves recipients from FEEL: users by their profile email, addresses as given', () => {
    expect(resolveRecipients('=initiator', 'email', org, { initiator: 'sales1' }).map((r) => r.address)).toEqual([
      'sales1@example.hu',
    ]);
    expect(
      resolveRecipients('customerEmail', 'email', org, { customerEmail: 'vevo@example.hu' }).map((r) => r.address),
    ).toEqual(['vevo@example.hu']);
    expect(resolveRecipients('"a@example.hu, manager"', 'email', org, {}).map((r) => r.address)).toEqual([
      'a@example.hu',
      'manager@example.hu',
    ]);
    expect(resolveRecipients('gone', 'email', org, {})).toEqual([]);
    expect(fillText('Rendelés {{order.no}}: {{missing}}!', { order: { no: 'R-1' } })).toBe('Rendelés R-1: !');
  });

  it('computes a task record’s status from its dates and today', () => {
    expect(taskStatus({ completionDate: '2026-03-01', deadline: '2026-02-01' }, '2026-03-02')).toBe('done');
    expect(taskStatus({ deadline: '2026-03-01' }, '2026-03-02')).toBe('overdue');
    expect(taskStatus({ deadline: '2026-03-02' }, '2026-03-02')).toBe('inProgress');
    expect(taskStatus({}, '2026-03-02')).toBe('inProgress');
  });
});
