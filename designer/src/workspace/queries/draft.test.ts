import type { Entity } from '@folyam/metamodel';
import { describe, expect, it } from 'vitest';
import { columnKey, emptyDraft, fromDefinition, isComplete, move, newCondition, toDefinition } from './draft.ts';

const company = {
  name: 'company',
  fields: [
    { name: 'name', type: 'text', label: { hu: 'Cégnév', en: 'Company name' } },
    { name: 'status', type: 'enum', label: { hu: 'Státusz', en: 'Status' }, options: [] },
    { name: 'createdOn', type: 'date', label: { hu: 'Létrehozva', en: 'Created' } },
  ],
} as unknown as Entity;
const lookup = (n: string) => (n === 'company' ? company : undefined);

describe('query draft', () => {
  it('turns a draft with a related sum, a relative date and a parameter into a definition and back', () => {
    const d = emptyDraft('company');
    d.columns.push({ id: 1, path: 'name' });
    const rel = newCondition('status', 'eq');
    rel.value = 'open';
    d.columns.push({
      id: 2,
      related: { entity: 'contract', via: 'company', conditions: [rel] },
      fn: 'sum',
      path: 'value',
    });
    const since = newCondition('createdOn', 'gte');
    since.mode = 'relative';
    since.relative = 'daysAgo';
    since.n = 30;
    const status = newCondition('status', 'eq');
    status.mode = 'param';
    status.param = 'status';
    d.conditions.push(since, status);
    d.sort.push({ id: 3, path: columnKey(d.columns[1]!), dir: 'desc' });

    const def = toDefinition(d, lookup);
    expect(def).toEqual({
      entity: 'company',
      columns: [
        { path: 'name' },
        {
          related: { entity: 'contract', via: 'company', filter: { field: 'status', op: 'eq', value: 'open' } },
          fn: 'sum',
          path: 'value',
        },
      ],
      filter: {
        and: [
          { field: 'createdOn', op: 'gte', value: { relative: 'daysAgo', n: 30 } },
          { field: 'status', op: 'eq', value: { param: 'status' } },
        ],
      },
      sort: [{ path: 'contract_company_value_sum', dir: 'desc' }],
      params: [{ name: 'status', type: 'text', label: { hu: 'Státusz', en: 'Status' } }],
    });
    expect(toDefinition(fromDefinition(def), lookup)).toEqual(def);
  });

  it('leaves out incomplete conditions and groups rows when asked', () => {
    const d = emptyDraft('company');
    d.mode = 'grouped';
    d.groupBy = ['status'];
    d.aggregates.push({ id: 1, fn: 'count' });
    const empty = newCondition('name', 'contains');
    expect(isComplete(empty)).toBe(false);
    d.conditions.push(empty);
    expect(toDefinition(d, lookup)).toEqual({ entity: 'company', groupBy: ['status'], aggregates: [{ fn: 'count' }] });
  });

  it('keeps nested groups, negations and deeper subtrees of a saved filter through the editor', () => {
    // given a saved filter with a group, a negated group, a "me" condition and a subtree nested deeper
    const deep = {
      or: [{ and: [{ field: 'name', op: 'contains', value: 'Kft' }] }, { field: 'status', op: 'eq', value: 'x' }],
    };
    const def = {
      entity: 'company',
      columns: [{ path: 'name' }],
      filter: {
        and: [
          { field: 'ownerId', op: 'eq', value: { currentUser: true } },
          {
            or: [
              { field: 'status', op: 'eq', value: 'active' },
              { field: 'status', op: 'eq', value: 'prospect' },
            ],
          },
          { not: { field: 'name', op: 'startsWith', value: 'Teszt' } },
          deep,
        ],
      },
    } as const;
    // when it is opened in the editor
    const d = fromDefinition(def as never);
    // then the parts land where they can be edited, nothing is dropped, and it saves back unchanged
    expect(d.conditions.map((c) => c.mode)).toEqual(['me']);
    expect(d.groups.map((g) => [g.match, g.negate, g.conditions.length])).toEqual([
      ['or', false, 2],
      ['and', true, 1],
    ]);
    expect(d.kept).toEqual([deep]);
    expect(toDefinition(d, lookup)).toEqual(def);
  });

  it('moves a column', () => {
    const list = ['a', 'b', 'c'];
    move(list, 2, 0);
    expect(list).toEqual(['c', 'a', 'b']);
    move(list, 0, 5);
    expect(list).toEqual(['c', 'a', 'b']);
  });
});
