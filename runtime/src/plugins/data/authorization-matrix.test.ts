/**
 * The authorization matrix: every CRM demo user (one per role) × entity × route (list, get, create, patch, delete)
 * × record (owned by sales1, manager or sales2; of a prospect or an active customer), through `server.inject`.
 * The expected answers are written out by hand below from the roles' intent — not computed by the evaluator — so
 * a change of the evaluator or of a role that moves any answer fails here.
 *
 * Who is where: manager (salesManager) heads "Értékesítés – Budapest" with sales1; sales2 is alone in
 * "Értékesítés – Debrecen"; marketing, backoffice and auditor are elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, tableName } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const USERS = ['admin', 'manager', 'sales1', 'sales2', 'marketing', 'backoffice', 'auditor'] as const;
const ENTITIES = ['company', 'contact', 'contract', 'balanceSheet'] as const;
const OWNERS = ['sales1', 'manager', 'sales2'] as const;
const STATUSES = ['prospect', 'active'] as const;
type User = (typeof USERS)[number];
type EntityName = (typeof ENTITIES)[number];
/** A fixture record by its owner and its company's status: `sales1/prospect`. */
type Key = `${(typeof OWNERS)[number]}/${(typeof STATUSES)[number]}`;
const KEYS = OWNERS.flatMap((o) => STATUSES.map((s) => `${o}/${s}` as Key));

// Shorthands for writing the table: every record, the records of some owners, the prospects' records.
const ALL: Key[] = KEYS;
const ownedBy = (...owners: string[]): Key[] => KEYS.filter((k) => owners.includes(k.split('/')[0]));
const PROSPECTS: Key[] = KEYS.filter((k) => k.endsWith('/prospect'));

/** `null`: the action is not granted at all (403); a list: the records within reach (others: 403 or 404). */
type Rights = { read: Key[] | null; update: Key[] | null; delete: Key[] | null; create: boolean };
const NONE: Rights = { read: null, update: null, delete: null, create: false };
const READ_ONLY: Rights = { read: ALL, update: null, delete: null, create: false };
const FULL: Rights = { read: ALL, update: ALL, delete: ALL, create: true };

const EXPECTED: Record<User, Record<EntityName, Rights>> = {
  admin: { company: FULL, contact: FULL, contract: FULL, balanceSheet: FULL },
  manager: {
    company: { read: ownedBy('manager', 'sales1'), update: ownedBy('manager', 'sales1'), delete: ownedBy('manager', 'sales1'), create: true },
    contact: { read: ownedBy('manager', 'sales1'), update: ownedBy('manager', 'sales1'), delete: ownedBy('manager', 'sales1'), create: true },
    contract: { read: ownedBy('manager', 'sales1'), update: ownedBy('manager', 'sales1'), delete: ownedBy('manager', 'sales1'), create: true },
    balanceSheet: { read: ALL, update: ALL, delete: null, create: true },
  },
  sales1: {
    company: { read: ownedBy('sales1', 'manager'), update: ownedBy('sales1'), delete: ownedBy('sales1'), create: true },
    contact: { read: ownedBy('sales1', 'manager'), update: ownedBy('sales1'), delete: ownedBy('sales1'), create: true },
    contract: { read: ownedBy('sales1', 'manager'), update: ownedBy('sales1'), delete: null, create: true },
    balanceSheet: READ_ONLY,
  },
  sales2: {
    company: { read: ownedBy('sales2'), update: ownedBy('sales2'), delete: ownedBy('sales2'), create: true },
    contact: { read: ownedBy('sales2'), update: ownedBy('sales2'), delete: ownedBy('sales2'), create: true },
    contract: { read: ownedBy('sales2'), update: ownedBy('sales2'), delete: null, create: true },
    balanceSheet: READ_ONLY,
  },
  marketing: {
    company: { read: PROSPECTS, update: PROSPECTS, delete: null, create: true },
    contact: { read: PROSPECTS, update: PROSPECTS, delete: null, create: true },
    contract: NONE,
    balanceSheet: NONE,
  },
  backoffice: { company: READ_ONLY, contact: READ_ONLY, contract: FULL, balanceSheet: NONE },
  auditor: { company: READ_ONLY, contact: READ_ONLY, contract: READ_ONLY, balanceSheet: READ_ONLY },
};

/** The company a user's new child records refer to: one they may read. */
const HOME_COMPANY: Record<User, Key> = {
  admin: 'sales2/active',
  manager: 'manager/active',
  sales1: 'sales1/active',
  sales2: 'sales2/active',
  marketing: 'sales2/prospect',
  backoffice: 'sales2/active',
  auditor: 'sales1/active',
};

/** A harmless change per entity for PATCH. */
const PATCH: Record<EntityName, Record<string, unknown>> = {
  company: { employees: 7 },
  contact: { position: 'ügyvezető' },
  contract: { description: 'módosítva' },
  balanceSheet: { employees: 12 },
};

type Route = 'list' | 'get' | 'create' | 'patch' | 'delete';
type Case = { user: User; entity: EntityName; route: Route; key: Key | null; status: number };

/** Expected status of a record route from the table: reach → ok, readable but out of reach → 403, else 404. */
function recordStatus(r: Rights, action: 'read' | 'update' | 'delete', key: Key, ok: number): number {
  const reach = r[action];
  if (reach === null) return 403;
  if (reach.includes(key)) return ok;
  return action !== 'read' && r.read?.includes(key) ? 403 : 404;
}

const CASES: Case[] = USERS.flatMap((user) =>
  ENTITIES.flatMap((entity): Case[] => {
    const r = EXPECTED[user][entity];
    return [
      { user, entity, route: 'list', key: null, status: r.read ? 200 : 403 },
      { user, entity, route: 'create', key: null, status: r.create ? 201 : 403 },
      ...KEYS.map((key): Case => ({ user, entity, route: 'get', key, status: recordStatus(r, 'read', key, 200) })),
      ...KEYS.map((key): Case => ({ user, entity, route: 'patch', key, status: recordStatus(r, 'update', key, 200) })),
      ...KEYS.map((key): Case => ({ user, entity, route: 'delete', key, status: recordStatus(r, 'delete', key, 204) })),
    ];
  }),
);

describe.each(testDatabases())('authorization matrix on $dialect', (db) => {
  let app: TestApp;
  const clients = new Map<User, TestClient>();
  const userIds = new Map<string, string>();
  const fixtures = new Map<EntityName, Map<Key, string>>();
  let seq = 0;
  // A balance sheet is unique per company and year (1990–2100): count the years per company.
  const years = new Map<unknown, number>();
  const nextYear = (company: unknown) => {
    years.set(company, (years.get(company) ?? 1989) + 1);
    return years.get(company)!;
  };

  /** Creates a record as the system, owned by `key`'s owner, under `key`'s company. */
  async function make(entity: EntityName, key: Key): Promise<string> {
    const [owner, status] = key.split('/');
    const ownerId = userIds.get(owner)!;
    const company = fixtures.get('company')?.get(key);
    const n = ++seq;
    const values: Record<EntityName, Record<string, unknown>> = {
      company: { name: `Mátrix ${n} ${key} Kft.`, status },
      contact: { familyName: 'Teszt', givenName: `Elek${n}`, company },
      contract: { number: `M-${n}`, kind: 'order', issueDate: '2026-02-01', status: 'draft', company },
      balanceSheet: { company, year: entity === 'balanceSheet' ? nextYear(company) : 0 },
    };
    const rec = await app.platform.records.create(systemActor, entity, { ...values[entity], ownerId });
    return String(rec.id);
  }

  beforeAll(async () => {
    app = await startTestApp(db, { demoUsers: true });
    for (const u of await app.platform.knex('folyam_users').select('id', 'username')) userIds.set(u.username, u.id);
    for (const entity of ENTITIES) {
      fixtures.set(entity, new Map());
      for (const key of KEYS) fixtures.get(entity)!.set(key, await make(entity, key));
    }
    for (const u of USERS) clients.set(u, await app.login(u));
  });
  afterAll(async () => {
    console.log(`authorization matrix on ${db.dialect}: ${CASES.length} cases (${USERS.length} users × ${ENTITIES.length} entities × 5 routes × ${KEYS.length} records)`);
    await app?.close();
  });

  it('has one case per user × entity × route × record', () => {
    expect(CASES).toHaveLength(USERS.length * ENTITIES.length * (2 + 3 * KEYS.length));
  });

  it.each(CASES)('$user $route $entity $key → $status', async ({ user, entity, route, key, status }) => {
    const client = clients.get(user)!;
    const url = `/api/data/${entity}`;
    const ids = fixtures.get(entity)!;
    if (route === 'list') {
      const filter = encodeURIComponent(JSON.stringify({ field: 'id', op: 'in', value: [...ids.values()] }));
      const res = await client.request('GET', `${url}?filter=${filter}&limit=500`);
      expect(res.status).toBe(status);
      if (status === 200) {
        const seen = res.body.items.map((r: { id: string }) => KEYS.find((k) => ids.get(k) === r.id)).sort();
        expect(seen).toEqual([...EXPECTED[user][entity].read!].sort());
      }
      return;
    }
    if (route === 'create') {
      const home = fixtures.get('company')!.get(HOME_COMPANY[user]);
      const n = ++seq;
      const payload: Record<EntityName, Record<string, unknown>> = {
        company: { name: `Új ${user} ${n} Kft.` },
        contact: { familyName: 'Új', givenName: `Ügyfél${n}`, company: home },
        contract: { number: `U-${n}`, kind: 'contract', issueDate: '2026-03-01', status: 'open', company: home },
        balanceSheet: { company: home, year: entity === 'balanceSheet' ? nextYear(home) : 0 },
      };
      const res = await client.request('POST', url, payload[entity]);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (status === 201) expect(res.body.ownerId).toBe(userIds.get(user));
      return;
    }
    if (route === 'get') {
      const res = await client.request('GET', `${url}/${ids.get(key!)}`);
      expect(res.status).toBe(status);
      return;
    }
    if (route === 'patch') {
      const id = ids.get(key!)!;
      const { version } = await app.platform.knex(tableName({ name: entity })).where({ id }).first('version');
      const res = await client.request('PATCH', `${url}/${id}`, { version, ...PATCH[entity] });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return;
    }
    // delete: a fresh record of the same kind, so the fixtures stay for the other cases
    const id = await make(entity, key!);
    const res = await client.request('DELETE', `${url}/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const still = await app.platform.records.get(systemActor, entity, id).then(() => true, () => false);
    expect(still).toBe(status !== 204);
  });
});
