import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

describe.each(testDatabases())('data API on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let acme: { id: string; version: number };
  beforeAll(async () => {
    app = await startTestApp(db);
    admin = await app.login();
    const names = ['Alfa Kft.', 'Béta Bt.', 'Cékla Zrt.', 'Csoki Kft.', 'Delta Kft.'];
    for (const [i, name] of names.entries()) {
      const res = await admin.request('POST', '/api/data/company', { name, status: i % 2 ? 'active' : 'prospect', employees: i * 10 });
      expect(res.status).toBe(201);
    }
    const created = await admin.request('POST', '/api/data/company', { name: 'Acme Kft.', status: 'active', taxNumber: '12345676-2-41', employees: 42 });
    acme = created.body;
    await admin.request('POST', '/api/data/contact', { familyName: 'Kovács', givenName: 'Anna', company: acme.id, email: 'anna@acme.hu' });
    await admin.request('POST', '/api/data/contact', { familyName: 'Nagy', givenName: 'Béla', company: acme.id });
  });
  afterAll(() => app?.close());

  it('stores a valid tax number and refuses an invalid one with the field path', async () => {
    expect(acme).toMatchObject({ taxNumber: '12345676-2-41', version: 1 });
    const bad = await admin.request('POST', '/api/data/company', { name: 'Rossz Kft.', taxNumber: '12345678-2-41' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details[0]).toMatchObject({ path: 'taxNumber', code: 'huTaxNumber' });
    expect(bad.body.details[0].messages.hu).toMatch(/adószám/);
    expect(bad.body.details[0].message).toMatch(/tax number/);
  });

  it('lists with a filter tree, sort, paging and chosen fields', async () => {
    const filter = { and: [{ field: 'status', op: 'eq', value: 'active' }, { field: 'employees', op: 'gte', value: 10 }] };
    const res = await admin.request('GET', `/api/data/company?filter=${q(filter)}&sort=-employees&limit=2&offset=0&fields=name,employees`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((r: { name: string }) => r.name)).toEqual(['Acme Kft.', 'Csoki Kft.']);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['_titles', 'createdAt', 'createdBy', 'employees', 'id', 'name', 'ownerId', 'updatedAt', 'updatedBy', 'version']);
    const page2 = await admin.request('GET', `/api/data/company?filter=${q(filter)}&sort=-employees&limit=2&offset=2`);
    expect(page2.body.items.map((r: { name: string }) => r.name)).toEqual(['Béta Bt.']);
  });

  it('supports every operator, and or/not', async () => {
    const names = async (filter: unknown) =>
      (await admin.request('GET', `/api/data/company?filter=${q(filter)}&sort=name&limit=100`)).body.items.map((r: { name: string }) => r.name);
    expect((await names({ field: 'name', op: 'startsWith', value: 'C' })).sort()).toEqual(['Csoki Kft.', 'Cékla Zrt.']);
    expect(await names({ field: 'name', op: 'contains', value: 'kft' })).toHaveLength(4);
    expect((await names({ field: 'employees', op: 'between', value: [10, 30] })).sort()).toEqual(['Béta Bt.', 'Csoki Kft.', 'Cékla Zrt.']);
    expect(await names({ field: 'employees', op: 'in', value: [0, 40] })).toEqual(['Alfa Kft.', 'Delta Kft.']);
    expect(await names({ or: [{ field: 'employees', op: 'lt', value: 10 }, { field: 'employees', op: 'gt', value: 40 }] })).toEqual(['Acme Kft.', 'Alfa Kft.']);
    expect(await names({ not: { field: 'status', op: 'ne', value: 'active' } })).toEqual(['Acme Kft.', 'Béta Bt.', 'Csoki Kft.']);
    expect(await names({ field: 'taxNumber', op: 'isNotEmpty' })).toEqual(['Acme Kft.']);
    expect(await names({ field: 'taxNumber', op: 'isEmpty' })).toHaveLength(5);
    expect(await names({ field: 'name', op: 'contains', value: '%' })).toEqual([]);
  });

  it('filters and sorts by fields of referenced records, and names them in _titles', async () => {
    const filter = { field: 'company.name', op: 'eq', value: 'Acme Kft.' };
    const res = await admin.request('GET', `/api/data/contact?filter=${q(filter)}&sort=company.name,familyName`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { fullName: string }) => r.fullName)).toEqual(['Kovács Anna', 'Nagy Béla']);
    expect(res.body.items[0]._titles).toEqual({ company: 'Acme Kft.' });
    // inside and/or/not groups too (knex builds those lazily; their joins must exist all the same)
    const nested = { or: [{ not: { field: 'company.name', op: 'ne', value: 'Acme Kft.' } }, { and: [{ field: 'company.status', op: 'eq', value: 'inactive' }] }] };
    const res2 = await admin.request('GET', `/api/data/contact?filter=${q(nested)}`);
    expect(res2.status).toBe(200);
    expect(res2.body.total).toBe(2);
  });

  it.runIf(db.dialect === 'mysql')('sorts in Hungarian order on MySQL/MariaDB (Cs after C)', async () => {
    const res = await admin.request('GET', `/api/data/company?filter=${q({ field: 'name', op: 'startsWith', value: 'C' })}&sort=name`);
    expect(res.body.items.map((r: { name: string }) => r.name)).toEqual(['Cékla Zrt.', 'Csoki Kft.']);
  });

  it('quick-searches the search fields', async () => {
    const res = await admin.request('GET', '/api/data/company?q=acme');
    expect(res.body.items.map((r: { name: string }) => r.name)).toEqual(['Acme Kft.']);
  });

  it('gets, patches with optimistic locking, and refuses a stale version without changing anything', async () => {
    const got = await admin.request('GET', `/api/data/company/${acme.id}`);
    expect(got.headers.etag).toBe('"1"');
    const ok = await admin.request('PATCH', `/api/data/company/${acme.id}`, { version: 1, employees: 43 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, employees: 43 });
    const stale = await admin.request('PATCH', `/api/data/company/${acme.id}`, { version: 1, employees: 99 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const staleIfMatch = await admin.request('PATCH', `/api/data/company/${acme.id}`, { employees: 99 }, { 'if-match': '"1"' });
    expect(staleIfMatch.status).toBe(412);
    const after = await admin.request('GET', `/api/data/company/${acme.id}`);
    expect(after.body).toMatchObject({ version: 2, employees: 43 });
    const noVersion = await admin.request('PATCH', `/api/data/company/${acme.id}`, { employees: 1 });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.details[0].path).toBe('version');
  });

  it('keeps an audit history with before and after values', async () => {
    const res = await admin.request('GET', `/api/data/company/${acme.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'updated']);
    expect(res.body.items[1]).toMatchObject({ actor: { username: 'admin' }, changes: { employees: { before: 42, after: 43 } } });
  });

  it('refuses to change or delete audit entries at the database level', async () => {
    await expect(app.platform.knex('folyam_audit').update({ action: 'x' })).rejects.toThrow(/append-only/);
    await expect(app.platform.knex('folyam_audit').delete()).rejects.toThrow(/append-only/);
  });

  it('refuses to delete a record others refer to, then deletes it once free', async () => {
    const blocked = await admin.request('POST', '/api/data/contract', { number: 'SZ-1', kind: 'contract', issueDate: '2026-01-10', company: acme.id, status: 'open' });
    expect(blocked.status).toBe(201);
    const del = await admin.request('DELETE', `/api/data/company/${acme.id}`);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('RECORD_REFERENCED');
    expect((await admin.request('DELETE', `/api/data/contract/${blocked.body.id}?version=1`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/data/company/${acme.id}?version=1`)).status).toBe(409);
    expect((await admin.request('DELETE', `/api/data/company/${acme.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
    expect((await admin.request('GET', `/api/data/company/${acme.id}`)).status).toBe(404);
    const contacts = await admin.request('GET', `/api/data/contact?filter=${q({ field: 'company', op: 'eq', value: acme.id })}`);
    expect(contacts.body.total).toBe(0);
  });

  it('stores money, dates, booleans and computed fields', async () => {
    const company = (await admin.request('GET', '/api/data/company?limit=1&sort=name')).body.items[0];
    const res = await admin.request('POST', '/api/data/contract', {
      number: 'SZ-2',
      kind: 'order',
      issueDate: '2026-03-05',
      value: { amount: 1234567.5, currency: 'EUR' },
      company: company.id,
      status: 'signed',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ issueDate: '2026-03-05', value: { amount: 1234567.5, currency: 'EUR' } });
    const contact = await admin.request('POST', '/api/data/contact', { familyName: 'Szabó', givenName: 'Éva', company: company.id, isPrimary: true });
    expect(contact.body).toMatchObject({ fullName: 'Szabó Éva', isPrimary: true });
    const byMoney = await admin.request('GET', `/api/data/contract?filter=${q({ field: 'value', op: 'gt', value: 1000000 })}`);
    expect(byMoney.body.total).toBe(1);
    const byCurrency = await admin.request('GET', `/api/data/contract?filter=${q({ field: 'value.currency', op: 'eq', value: 'EUR' })}`);
    expect(byCurrency.body.total).toBe(1);
  });
});
