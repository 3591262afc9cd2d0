import { describe, expect, it } from 'vitest';
import { assigneeName, dueState, isMine } from './due.ts';
import { tabQuery } from './tasks.api.ts';

describe('task urgency', () => {
  const now = new Date('2026-03-05T09:00:00Z');

  it('tells overdue, soon, later and no due date apart', () => {
    expect(dueState({ dueAt: '2026-03-05T08:59:00Z' }, now)).toBe('overdue');
    expect(dueState({ dueAt: '2026-03-06T09:00:00Z' }, now)).toBe('soon');
    expect(dueState({ dueAt: '2026-03-06T09:01:00Z' }, now)).toBe('later');
    expect(dueState({ dueAt: null }, now)).toBe('none');
    expect(dueState({ dueAt: 'not a date' }, now)).toBe('none');
  });

  it('trusts the server when it says overdue, and never calls a done task overdue', () => {
    expect(dueState({ dueAt: '2026-04-01T00:00:00Z', overdue: true }, now)).toBe('overdue');
    expect(dueState({ dueAt: '2026-03-01T00:00:00Z', status: 'done' }, now)).toBe('later');
  });
});

describe('inbox tabs and assignees', () => {
  it('maps each tab to its query', () => {
    expect(tabQuery('mine')).toEqual({ assignee: 'me', status: 'open' });
    expect(tabQuery('claim')).toEqual({ candidate: 'me', status: 'open' });
    expect(tabQuery('team')).toEqual({ scope: 'team', status: 'open' });
    expect(tabQuery('done')).toEqual({ assignee: 'me', status: 'done' });
  });

  it('names and recognises the assignee in any shape', () => {
    const me = { id: 'u1', username: 'sales1' };
    expect(assigneeName({ id: 'u1', name: 'Nagy Péter' })).toBe('Nagy Péter');
    expect(assigneeName(null)).toBe('');
    expect(isMine('u1', me)).toBe(true);
    expect(isMine('sales1', me)).toBe(true);
    expect(isMine({ id: 'u2' }, me)).toBe(false);
    expect(isMine(null, me)).toBe(false);
  });
});
