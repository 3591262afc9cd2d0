import { orgUser } from '../testing/org.ts';
import { describe, expect, it } from 'vitest';
import { evalFeel } from '@folyam/metamodel';
import { orgFeelContext } from './feel.ts';
import {
  buildOrg,
  departmentsBelow,
  directReportsOf,
  managerOf,
  membersOfDepartment,
  membersOfGroup,
  membersOfRole,
  subordinatesOf,
  wouldCycle,
  wouldCycleManager,
} from './org.ts';

const user = orgUser;

// given: a company with a sales division (head: ceo's report "boss") split into two teams
const org = buildOrg({
  departments: [
    { id: 'company', name: 'Cég', parentId: null, headId: 'ceo' },
    { id: 'sales', name: 'Értékesítés', parentId: 'company', headId: 'boss' },
    { id: 'bp', name: 'Budapest', parentId: 'sales', headId: 'lead' },
    { id: 'db', name: 'Debrecen', parentId: 'sales', headId: null },
  ],
  users: [
    user('ceo', { departmentId: 'company' }),
    user('boss', { departmentId: 'sales', roles: ['salesManager'] }),
    user('lead', { departmentId: 'bp', roles: ['salesManager', 'salesperson'] }),
    user('anna', { departmentId: 'bp', roles: ['salesperson'] }),
    user('bela', { departmentId: 'db', roles: ['salesperson'] }),
    user('cecil', { departmentId: 'db', roles: ['salesperson'], managerId: 'anna' }),
    user('gone', { departmentId: 'bp', roles: ['salesperson'], disabled: true }),
    user('solo'),
  ],
  groups: [{ id: 'g1', name: 'Kulcsügyfelek', description: null, members: ['anna', 'bela', 'gone'] }],
});

describe('organisation helpers', () => {
  it('walks the department tree downwards', () => {
    expect([...departmentsBelow(org, 'sales')].sort()).toEqual(['bp', 'db', 'sales']);
    expect([...departmentsBelow(org, 'db')]).toEqual(['db']);
    expect(membersOfDepartment(org, 'sales').sort()).toEqual(['anna', 'bela', 'boss', 'cecil', 'lead']);
    expect(membersOfDepartment(org, 'bp', { includeDisabled: true }).sort()).toEqual(['anna', 'gone', 'lead']);
    expect(membersOfDepartment(org, 'sales', { below: false })).toEqual(['boss']);
  });

  it('finds the manager: explicit, else the head of the department, else the nearest head above', () => {
    expect(managerOf(org, 'anna')).toBe('lead');
    expect(managerOf(org, 'lead')).toBe('boss'); // heads bp themselves: the head above
    expect(managerOf(org, 'bela')).toBe('boss'); // db has no head
    expect(managerOf(org, 'cecil')).toBe('anna'); // explicit
    expect(managerOf(org, 'boss')).toBe('ceo');
    expect(managerOf(org, 'ceo')).toBeNull();
    expect(managerOf(org, 'solo')).toBeNull();
    expect(managerOf(org, 'nobody')).toBeNull();
  });

  it('lists direct reports and every subordinate below', () => {
    expect(directReportsOf(org, 'boss').sort()).toEqual(['bela', 'lead']);
    expect(subordinatesOf(org, 'lead').sort()).toEqual(['anna', 'cecil', 'gone']);
    expect(subordinatesOf(org, 'boss').sort()).toEqual(['anna', 'bela', 'cecil', 'gone', 'lead']);
    expect(subordinatesOf(org, 'anna')).toEqual(['cecil']);
    expect(subordinatesOf(org, 'solo')).toEqual([]);
  });

  it('lists active members of a role and of a group (by id or name)', () => {
    expect(membersOfRole(org, 'salesManager').sort()).toEqual(['boss', 'lead']);
    expect(membersOfRole(org, 'salesperson')).not.toContain('gone');
    expect(membersOfGroup(org, 'g1')).toEqual(['anna', 'bela']);
    expect(membersOfGroup(org, 'Kulcsügyfelek')).toEqual(['anna', 'bela']);
    expect(membersOfGroup(org, 'nope')).toEqual([]);
  });

  it('detects loops in the tree and in the chain of managers', () => {
    expect(wouldCycle(org, 'sales', 'bp')).toBe(true);
    expect(wouldCycle(org, 'sales', 'sales')).toBe(true);
    expect(wouldCycle(org, 'db', 'bp')).toBe(false);
    expect(wouldCycleManager(org, 'anna', 'cecil')).toBe(true);
    expect(wouldCycleManager(org, 'anna', 'bela')).toBe(false);
  });

  it('answers the same questions from FEEL', () => {
    const ctx = { ...orgFeelContext(org), initiator: 'anna' };
    expect(evalFeel('manager(initiator)', ctx)).toBe('lead');
    expect(evalFeel('manager(manager(initiator))', ctx)).toBe('boss');
    expect(evalFeel('count(members("salesManager"))', ctx)).toBe(2);
    expect(evalFeel('groupMembers("Kulcsügyfelek")', ctx)).toEqual(['anna', 'bela']);
    expect(evalFeel('list contains(subordinates("boss"), initiator)', ctx)).toBe(true);
    expect(evalFeel('username(manager("cecil"))', ctx)).toBe('anna');
    expect(evalFeel('manager(null)', ctx)).toBeNull();
  });
});
