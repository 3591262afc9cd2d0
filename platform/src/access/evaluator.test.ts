import { describe, expect, it } from 'vitest';
import type { Role } from '@folyam/metamodel';
import type { Actor } from '../auth/actor.ts';
import { canReadAudit, evaluateAccess, type AccessContext } from './evaluator.ts';

const actor = (id: string, roles: string[], departmentId: string | null = 'dep'): Actor => ({
  id,
  username: id,
  displayName: id,
  roles,
  departmentId,
  managerId: null,
  locale: 'hu',
  admin: false,
  via: 'session',
});

const roles: Role[] = [
  {
    id: 'lead',
    name: 'lead',
    label: { hu: 'Vezető', en: 'Lead' },
    permissions: [
      { entity: 'company', actions: ['read', 'update'], scope: 'subordinates', assignOwner: true },
      { entity: 'company', actions: ['update'], scope: 'department', hiddenFields: ['notes'] },
    ],
  },
  {
    id: 'rep',
    name: 'rep',
    label: { hu: 'Értékesítő', en: 'Rep' },
    permissions: [
      {
        entity: 'company',
        actions: ['read', 'update'],
        scope: 'own',
        filter: { field: 'status', op: 'eq', value: 'active' },
        hiddenFields: ['notes'],
      },
    ],
  },
  {
    id: 'audit',
    name: 'audit',
    label: { hu: 'Ellenőr', en: 'Audit' },
    audit: true,
    permissions: [{ entity: '*', actions: ['read'] }],
  },
];

const ctx = (shared: Record<string, string[]> = {}): AccessContext => ({
  roles,
  departmentMembers: async (a) => [a.id, 'peer'],
  subordinates: async (a) => (a.id === 'boss' ? ['anna', 'bela'] : []),
  sharedWith: async (a, entity, access) => shared[`${a.id}:${entity}:${access}`] ?? [],
});
const company = { name: 'company' };

describe('access evaluator', () => {
  it('reaches own and subordinates’ records with the subordinates scope, and may assign owners among them', async () => {
    const d = await evaluateAccess(actor('boss', ['lead']), company, 'read', ctx());
    expect(d).toMatchObject({
      allowed: true,
      rowFilter: { field: 'ownerId', op: 'in', value: ['boss', 'anna', 'bela'] },
      owners: ['boss', 'anna', 'bela'],
    });
  });

  it('ORs the row constraints of several granting permissions and keeps a field hidden only if all hide it', async () => {
    const d = await evaluateAccess(actor('boss', ['lead']), company, 'update', ctx());
    expect(d.rowFilter).toEqual({
      or: [
        { field: 'ownerId', op: 'in', value: ['boss', 'anna', 'bela'] },
        { field: 'ownerId', op: 'in', value: ['boss', 'peer'] },
      ],
    });
    expect([...d.hidden]).toEqual([]);
    const both = await evaluateAccess(actor('boss', ['rep']), company, 'read', ctx());
    expect([...both.hidden]).toEqual(['notes']);
  });

  it('adds shared records to the row constraint, by share access, only for actions the roles grant', async () => {
    const shared = { 'anna:company:read': ['r1', 'r2'], 'anna:company:update': ['r2'] };
    const read = await evaluateAccess(actor('anna', ['rep']), company, 'read', ctx(shared));
    expect(read.rowFilter).toEqual({
      or: [
        {
          and: [
            { field: 'ownerId', op: 'eq', value: 'anna' },
            { field: 'status', op: 'eq', value: 'active' },
          ],
        },
        { field: 'id', op: 'in', value: ['r1', 'r2'] },
      ],
    });
    const update = await evaluateAccess(actor('anna', ['rep']), company, 'update', ctx(shared));
    expect(update.rowFilter).toMatchObject({ or: [{}, { field: 'id', op: 'in', value: ['r2'] }] });
    expect((await evaluateAccess(actor('anna', ['rep']), company, 'delete', ctx(shared))).allowed).toBe(false);
    expect(update.owners).toBeNull();
  });

  it('gives administrators everything and the audit view to audit roles', async () => {
    const admin = { ...actor('root', []), admin: true };
    expect(await evaluateAccess(admin, company, 'delete', ctx())).toMatchObject({
      allowed: true,
      rowFilter: null,
      owners: 'any',
    });
    expect(canReadAudit(actor('x', ['audit']), roles)).toBe(true);
    expect(canReadAudit(actor('x', ['rep']), roles)).toBe(false);
    expect(canReadAudit(admin, roles)).toBe(true);
  });
});
