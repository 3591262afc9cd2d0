import type { Entity } from '@folyam/metamodel';
import { describe, expect, it } from 'vitest';
import { activeCount, newCondition, toFilterTree, type FilterDraft } from './filter.ts';

const entity = {
  id: 'company',
  name: 'company',
  label: { hu: 'Cég', en: 'Company' },
  pluralLabel: { hu: 'Cégek', en: 'Companies' },
  fields: [
    { id: 'f1', name: 'name', type: 'text', label: { hu: 'Név', en: 'Name' } },
    { id: 'f2', name: 'employees', type: 'integer', label: { hu: 'Létszám', en: 'Employees' } },
    {
      id: 'f3',
      name: 'status',
      type: 'enum',
      label: { hu: 'Státusz', en: 'Status' },
      options: [{ value: 'active', label: { hu: 'Aktív', en: 'Active' } }],
    },
  ],
} as Entity;

const cond = (field: string, op: Parameters<typeof newCondition>[1], value: unknown, value2: unknown = null) => ({
  ...newCondition(field, op),
  value: value as never,
  value2: value2 as never,
});

describe('toFilterTree', () => {
  it('joins complete conditions with and', () => {
    // given
    const draft: FilterDraft = {
      match: 'and',
      conditions: [cond('name', 'contains', 'Kft'), cond('employees', 'between', 10, 50)],
    };
    // when / then
    expect(toFilterTree(draft, entity)).toEqual({
      and: [
        { field: 'name', op: 'contains', value: 'Kft' },
        { field: 'employees', op: 'between', value: [10, 50] },
      ],
    });
  });

  it('joins with or, and needs no value for isEmpty', () => {
    const draft: FilterDraft = {
      match: 'or',
      conditions: [cond('name', 'isEmpty', null), cond('status', 'in', ['active'])],
    };
    expect(toFilterTree(draft, entity)).toEqual({
      or: [
        { field: 'name', op: 'isEmpty' },
        { field: 'status', op: 'in', value: ['active'] },
      ],
    });
  });

  it('leaves out half-made conditions and fields the entity no longer has', () => {
    const draft: FilterDraft = {
      match: 'and',
      conditions: [
        cond('name', 'eq', ''),
        cond('employees', 'gt', Number.NaN),
        cond('gone', 'eq', 'x'),
        cond('employees', 'between', 1),
      ],
    };
    expect(toFilterTree(draft, entity)).toBeNull();
    expect(activeCount(draft)).toBe(1);
  });
});
