/**
 * Access on the data API with the CRM's demo organisation and demo data: scopes, record rules, hidden and
 * read-only fields, the ways of reaching someone else's record (by id, through a related list, through a filter
 * on a hidden field, by handing it over with `ownerId`) — each refused and audited — and sharing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
type Rec = { id: string; ownerId: string; status?: string; version: number; [k: string]: unknown };

describe.each(testDatabases())('access on the data API on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient, manager: TestClient, sales1: TestClient, sales2: TestClient, marketing: TestClient;
  const ids = new Map<string, string>();
  /** One company per (owner, status) from the demo data, as the administrator sees it. */
  const companyOf = async (owner: string, status?: string): Promise<Rec> => {
    const filter = { and: [{ field: 'ownerId', op: 'eq', value: ids.get(owner) }, ...(status ? [{ field: 'status', op: 'eq', value: status }] : [])] };
    const res = await admin.request('GET', `/api/data/company?filter=${q(filter)}&limit=1&sort=name`);
    expect(res.body.items.length, `a company of ${owner} ${status ?? ''}`).toBe(1);
    return res.body.items[0];
  };
  const denials = async (filter: Record<string, unknown>) => {
    const rows = await app.platform.knex('folyam_audit').where({ action: 'denied', ...filter }).select('*');
    return rows.map((r) => ({ ...r, info: JSON.parse(r.info ?? '{}') }));
  };

  beforeAll(async () => {
    app = await startTestApp(db, { seedDemo: true, demoUsers: true });
    for (const u of await app.platform.knex('folyam_users').select('id', 'username')) ids.set(u.username, u.id);
    [admin, manager, sales1, sales2, marketing] = await Promise.all(['admin', 'manager', 'sales1', 'sales2', 'marketing'].map((u) => app.login(u)));
  });
  afterAll(() => app?.close());

  it('spreads the demo companies over sales1, sales2 and manager', async () => {
    const owners = await app.platform.knex('company').distinct('owner_id').pluck('owner_id');
    expect(owners.sort()).toEqual([ids.get('manager'), ids.get('sales1'), ids.get('sales2')].sort());
  });

  it('as sales1 lists only companies in scope (own and the department’s) and cannot open one outside it', async () => {
    // given: sales1 and manager in Budapest, sales2 in Debrecen
    const inScope = [ids.get('sales1'), ids.get('manager')];
    const all = (await admin.request('GET', '/api/data/company?limit=500')).body;
    // when
    const list = await sales1.request('GET', '/api/data/company?limit=500');
    const foreign = await companyOf('sales2');
    const get = await sales1.request('GET', `/api/data/company/${foreign.id}`);
    // then
    expect(list.status).toBe(200);
    expect(list.body.items.every((c: Rec) => inScope.includes(c.ownerId))).toBe(true);
    expect(list.body.total).toBe(all.items.filter((c: Rec) => inScope.includes(c.ownerId)).length);
    expect(list.body.total).toBeLessThan(all.total);
    expect([403, 404]).toContain(get.status);
    expect(get.status).toBe(404);
    const audited = await denials({ entity: 'company', record_id: foreign.id, actor_name: 'sales1' });
    expect(audited[0].info).toMatchObject({ action: 'read', reason: 'outOfScope' });
  });

  it('as sales1 may read a department colleague’s company but not change it (403, audited)', async () => {
    const colleague = await companyOf('manager');
    expect((await sales1.request('GET', `/api/data/company/${colleague.id}`)).status).toBe(200);
    const patch = await sales1.request('PATCH', `/api/data/company/${colleague.id}`, { version: colleague.version, employees: 1 });
    expect(patch.status).toBe(403);
    expect((await denials({ record_id: colleague.id, actor_name: 'sales1' }))[0].info).toMatchObject({ action: 'update', reason: 'outOfScope' });
  });

  it('as marketing lists no active company, cannot filter its way to one, and cannot read balance sheets (403)', async () => {
    const list = await marketing.request('GET', '/api/data/company?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(list.body.items.every((c: Rec) => c.status === 'prospect')).toBe(true);
    const active = await marketing.request('GET', `/api/data/company?filter=${q({ field: 'status', op: 'eq', value: 'active' })}`);
    expect(active.body.total).toBe(0);
    const activeOne = await companyOf('sales1', 'active');
    expect((await marketing.request('GET', `/api/data/company/${activeOne.id}`)).status).toBe(404);
    const sheets = await marketing.request('GET', '/api/data/balanceSheet');
    expect(sheets.status).toBe(403);
    expect(sheets.body.code).toBe('FORBIDDEN');
    const sheet = (await admin.request('GET', '/api/data/balanceSheet?limit=1')).body.items[0];
    expect((await marketing.request('GET', `/api/data/balanceSheet/${sheet.id}`)).status).toBe(403);
    expect((await marketing.request('GET', '/api/data/contract')).status).toBe(403);
    expect((await denials({ entity: 'balanceSheet', actor_name: 'marketing' })).length).toBeGreaterThanOrEqual(2);
  });

  it('as marketing sees only the contacts of prospects, through a rule over the contact’s company', async () => {
    const list = await marketing.request('GET', '/api/data/contact?limit=500&fields=fullName,company');
    const companies = new Set(list.body.items.map((c: Rec) => c.company));
    const statuses = await app.platform.knex('company').whereIn('id', [...companies] as string[]).distinct('status').pluck('status');
    expect(list.body.total).toBeGreaterThan(0);
    expect(statuses).toEqual(['prospect']);
  });

  it('gives marketing the demo company groups, each with member companies, ready as campaign recipients', async () => {
    const groups = await marketing.request('GET', '/api/data/companyGroup?sort=name');
    expect(groups.status).toBe(200);
    expect(groups.body.items.map((g: Rec) => g.name)).toEqual([
      'Construma 2026 kiállítás',
      'Hírlevél – ipari ügyfelek',
      'Partnerek',
    ]);
    const members = await app.platform.knex('company__groups').select('right_id').count({ n: '*' }).groupBy('right_id');
    expect(members.map((m) => Number(m.n)).sort((a, b) => a - b)).toEqual([22, 34, 50]);
    // a member company shows its groups to a user who may read it
    const link = await app.platform.knex('company__groups').first('left_id', 'right_id');
    const company = await admin.request('GET', `/api/data/company/${link!.left_id}`);
    expect(company.body.groups).toContain(link!.right_id);
    // salespeople have no right to the groups
    expect((await sales1.request('GET', '/api/data/companyGroup')).status).toBe(403);
  });

  it('leaves a hidden field out of every response and refuses to filter, sort or select by it', async () => {
    const prospect = await companyOf('sales2', 'prospect');
    await admin.request('PATCH', `/api/data/company/${prospect.id}`, { version: prospect.version, notes: 'Belső megjegyzés' });
    const got = await marketing.request('GET', `/api/data/company/${prospect.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('notes');
    const list = await marketing.request('GET', '/api/data/company?limit=5');
    for (const c of list.body.items) expect(c).not.toHaveProperty('notes');
    const meta = await marketing.request('GET', '/api/meta/entities/company');
    expect(meta.body.fields.map((f: { name: string }) => f.name)).not.toContain('notes');
    expect(meta.body.access).toEqual({ create: true, update: true, delete: false, export: false });
    const byFilter = await marketing.request('GET', `/api/data/company?filter=${q({ field: 'notes', op: 'contains', value: 'Belső' })}`);
    expect(byFilter.status).toBe(400);
    expect(byFilter.body).toMatchObject({ code: 'FIELD_NOT_READABLE', details: [{ path: 'filter.field' }] });
    expect((await marketing.request('GET', '/api/data/company?sort=-notes')).body.code).toBe('FIELD_NOT_READABLE');
    expect((await marketing.request('GET', '/api/data/company?fields=name,notes')).body.code).toBe('FIELD_NOT_READABLE');
    // through a reference: the contact list filtered on its company's hidden field
    const nested = await marketing.request('GET', `/api/data/contact?filter=${q({ and: [{ field: 'company.notes', op: 'isNotEmpty' }] })}`);
    expect(nested.status).toBe(400);
    expect(nested.body.details[0].path).toBe('filter.and[0].field');
    expect((await denials({ actor_name: 'marketing', entity: 'contact' })).some((d) => d.info.reason === 'fieldHidden' && d.info.path === 'company.notes')).toBe(true);
  });

  it('applies the same rule to saved-query runs (a rule over a reference, nested with a share)', async () => {
    const body = { definition: { entity: 'contact', columns: [{ path: 'fullName' }, { path: 'company.status' }] }, limit: 500 };
    const before = await marketing.request('POST', '/api/queries/run', body);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(new Set(before.body.rows.map((r: Record<string, unknown>) => r.company_status))).toEqual(new Set(['prospect']));
    const active = await companyOf('sales1', 'active');
    const contact = (await admin.request('GET', `/api/data/contact?filter=${q({ field: 'company', op: 'eq', value: active.id })}&limit=1`)).body.items[0];
    const share = await admin.request('POST', `/api/data/contact/${contact.id}/shares`, { userId: ids.get('marketing') });
    const after = await marketing.request('POST', '/api/queries/run', body);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.total).toBe(before.body.total + 1);
    await admin.request('DELETE', `/api/data/contact/${contact.id}/shares/${share.body.id}`);
  });

  it('refuses writing a read-only or hidden field (400 with the path, audited)', async () => {
    const prospect = await companyOf('sales1', 'prospect');
    const res = await marketing.request('PATCH', `/api/data/company/${prospect.id}`, { version: prospect.version, status: 'active', notes: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['notes', 'status']);
    const created = await marketing.request('POST', '/api/data/company', { name: 'Érdeklődő Kft.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'prospect', ownerId: ids.get('marketing') });
  });

  it('refuses a related list filtered on someone else’s record (403, audited) and serves one’s own', async () => {
    const foreign = await companyOf('sales2');
    const res = await sales1.request('GET', `/api/data/contact?filter=${q({ field: 'company', op: 'eq', value: foreign.id })}`);
    expect(res.status).toBe(403);
    expect((await denials({ actor_name: 'sales1', record_id: foreign.id })).some((d) => d.info.reason === 'referenceNotReadable')).toBe(true);
    const inList = await sales1.request('GET', `/api/data/contract?filter=${q({ field: 'company', op: 'in', value: [foreign.id] })}`);
    expect(inList.status).toBe(403);
    const own = await companyOf('sales1');
    const mine = await sales1.request('GET', `/api/data/contact?filter=${q({ field: 'company', op: 'eq', value: own.id })}`);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.items.every((c: Rec) => c.company === own.id)).toBe(true);
  });

  it('reads a path into another entity only where the actor may read that record (others as empty)', async () => {
    // given: a contact of sales1 at a company of sales2, which sales1 cannot read
    const foreign = await companyOf('sales2', 'active');
    const contact = (await admin.request('POST', '/api/data/contact', { familyName: 'Rejtett', givenName: 'Róza', company: foreign.id, ownerId: ids.get('sales1') })).body;
    const mine = { field: 'id', op: 'eq', value: contact.id };
    const count = async (filter: unknown, sort = '') => (await sales1.request('GET', `/api/data/contact?filter=${q(filter)}${sort}`)).body.total;
    // then: sales1 sees the contact, but nothing of the company through it
    expect(await count(mine)).toBe(1);
    expect(await count({ and: [mine, { field: 'company.status', op: 'eq', value: 'active' }] })).toBe(0);
    expect(await count({ and: [mine, { field: 'company.status', op: 'ne', value: 'active' }] })).toBe(1);
    expect(await count({ and: [mine, { field: 'company.name', op: 'isEmpty' }] })).toBe(1);
    expect(await count(mine, '&sort=company.name')).toBe(1);
    // the administrator, who reads the company, does see through
    const all = await admin.request('GET', `/api/data/contact?filter=${q({ and: [mine, { field: 'company.status', op: 'eq', value: 'active' }] })}`);
    expect(all.body.total).toBe(1);
  });

  it('refuses handing a record over with ownerId unless the role may assign owners, and then only within scope', async () => {
    const own = await companyOf('sales1', 'active');
    // a salesperson may not set ownerId at all
    const bySales = await sales1.request('PATCH', `/api/data/company/${own.id}`, { version: own.version, ownerId: ids.get('sales2') });
    expect(bySales.status).toBe(400);
    expect(bySales.body.details[0]).toMatchObject({ path: 'ownerId', code: 'readOnly' });
    expect((await denials({ actor_name: 'sales1', record_id: own.id })).some((d) => d.info.reason === 'ownerId')).toBe(true);
    const createdBySales = await sales1.request('POST', '/api/data/company', { name: 'Átjátszott Kft.', ownerId: ids.get('manager') });
    expect(createdBySales.status).toBe(400);
    // the sales manager (assignOwner) may, within the department: sales1 yes, sales2 (Debrecen) no
    const outOfScope = await manager.request('PATCH', `/api/data/company/${own.id}`, { version: own.version, ownerId: ids.get('sales2') });
    expect(outOfScope.status).toBe(400);
    expect(outOfScope.body.details[0]).toMatchObject({ path: 'ownerId', code: 'ownerOutOfScope' });
    const handed = await manager.request('PATCH', `/api/data/company/${own.id}`, { version: own.version, ownerId: ids.get('manager') });
    expect(handed.status).toBe(200);
    expect(handed.body.ownerId).toBe(ids.get('manager'));
    const created = await manager.request('POST', '/api/data/company', { name: 'Kiosztott Kft.', ownerId: ids.get('sales1') });
    expect(created.status).toBe(201);
    expect(created.body.ownerId).toBe(ids.get('sales1'));
    expect((await manager.request('POST', '/api/data/company', { name: 'Elküldött Kft.', ownerId: ids.get('sales2') })).status).toBe(400);
    const history = await admin.request('GET', `/api/data/company/${own.id}/history`);
    expect(history.body.items.at(-1).changes.ownerId).toEqual({ before: ids.get('sales1'), after: ids.get('manager') });
  });

  it('refuses mass assignment of system fields (version, createdBy, id, timestamps)', async () => {
    const res = await sales1.request('POST', '/api/data/company', {
      name: 'Tömeges Kft.',
      id: 'x',
      version: 9,
      createdBy: ids.get('admin'),
      updatedBy: ids.get('admin'),
      createdAt: '2020-01-01T00:00:00Z',
    });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['createdAt', 'createdBy', 'id', 'updatedBy', 'version']);
    const own = await companyOf('sales1');
    const patch = await sales1.request('PATCH', `/api/data/company/${own.id}`, { version: own.version, createdBy: ids.get('admin') });
    expect(patch.status).toBe(400);
    expect(patch.body.details[0]).toMatchObject({ path: 'createdBy', code: 'readOnly' });
  });

  it('shares a record with a user or a group: read, then update, then not at all', async () => {
    // given: a company of sales2 that sales1 cannot see
    const target = await companyOf('sales2', 'active');
    const url = `/api/data/company/${target.id}/shares`;
    expect((await sales1.request('GET', `/api/data/company/${target.id}`)).status).toBe(404);
    // only the owner (or an administrator) manages shares
    expect((await sales1.request('POST', url, { userId: ids.get('sales1') })).status).toBe(404);
    expect((await manager.request('GET', url)).status).toBe(404);
    // when: sales2 shares it with sales1 for reading
    const share = await sales2.request('POST', url, { userId: ids.get('sales1') });
    expect(share.status).toBe(201);
    expect(share.body).toMatchObject({ entity: 'company', recordId: target.id, userId: ids.get('sales1'), access: 'read' });
    // then
    expect((await sales1.request('GET', `/api/data/company/${target.id}`)).status).toBe(200);
    const listed = await sales1.request('GET', `/api/data/company?filter=${q({ field: 'id', op: 'eq', value: target.id })}`);
    expect(listed.body.total).toBe(1);
    expect((await sales1.request('PATCH', `/api/data/company/${target.id}`, { version: target.version, employees: 3 })).status).toBe(403);
    expect((await sales1.request('POST', url, { userId: ids.get('sales1') })).status).toBe(403); // not the owner
    // update access
    await sales2.request('POST', url, { userId: ids.get('sales1'), access: 'update' });
    const patched = await sales1.request('PATCH', `/api/data/company/${target.id}`, { version: target.version, employees: 3 });
    expect(patched.status).toBe(200);
    expect((await sales1.request('DELETE', `/api/data/company/${target.id}`)).status).toBe(403);
    // a share widens rows of granted actions only: marketing still sees no balance sheet
    const sheet = (await admin.request('GET', `/api/data/balanceSheet?filter=${q({ field: 'company', op: 'eq', value: target.id })}`)).body.items[0];
    expect((await admin.request('POST', `/api/data/balanceSheet/${sheet.id}/shares`, { userId: ids.get('marketing') })).status).toBe(201);
    expect((await marketing.request('GET', `/api/data/balanceSheet/${sheet.id}`)).status).toBe(403);
    // groups: sales1 is in "Kulcsügyfél-csapat", marketing is not
    const group = (await admin.request('GET', '/api/org/groups')).body.items.find((g: { name: string }) => g.name === 'Kulcsügyfél-csapat');
    const other = await companyOf('sales2', 'prospect');
    expect((await sales1.request('GET', `/api/data/company/${other.id}`)).status).toBe(404);
    await sales2.request('POST', `/api/data/company/${other.id}/shares`, { groupId: group.id });
    expect((await sales1.request('GET', `/api/data/company/${other.id}`)).status).toBe(200);
    // listing and ending shares
    const shares = await sales2.request('GET', url);
    expect(shares.body.items).toHaveLength(1);
    expect((await sales2.request('DELETE', `${url}/${shares.body.items[0].id}`)).status).toBe(204);
    expect((await sales1.request('GET', `/api/data/company/${target.id}`)).status).toBe(404);
    expect((await sales2.request('DELETE', `/api/data/company/${other.id}/shares?groupId=${group.id}`)).status).toBe(204);
    expect((await sales1.request('GET', `/api/data/company/${other.id}`)).status).toBe(404);
    // invalid input, with paths
    const bad = await sales2.request('POST', url, { userId: 'nobody', access: 'admin', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['access', 'extra', 'userId']);
    // sharing is in the record's history
    const history = await admin.request('GET', `/api/data/company/${target.id}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['shared', 'unshared']));
  });

  it('refuses a path through an entity the actor cannot read at all', async () => {
    // given: a role reading contacts but not companies
    const role = { id: 'contactReader', name: 'contactReader', label: { hu: 'Névjegy-olvasó', en: 'Contact reader' }, permissions: [{ entity: 'contact', actions: ['read'] }] };
    await admin.request('PUT', '/api/meta/roles/contactReader', role);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    const user = await admin.request('POST', '/api/org/users', { username: 'reader', password: 'Reader-pass-2026', roles: ['contactReader'] });
    expect(user.status).toBe(201);
    const reader = await app.login('reader', 'Reader-pass-2026');
    // then
    const list = await reader.request('GET', '/api/data/contact?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.items[0]._titles).toEqual({});
    const byName = await reader.request('GET', `/api/data/contact?filter=${q({ field: 'company.name', op: 'startsWith', value: 'A' })}`);
    expect(byName.status).toBe(400);
    expect(byName.body.code).toBe('FIELD_NOT_READABLE');
    expect((await reader.request('GET', '/api/data/contact?sort=company.name')).status).toBe(400);
    expect((await denials({ actor_name: 'reader' })).map((d) => d.info.reason)).toContain('entityNotReadable');
  });

  it('keeps the metadata API (drafts, roles, publishing, versions) to administrators', async () => {
    for (const [method, url] of [
      ['GET', '/api/meta/entities?draft=1'],
      ['GET', '/api/meta/roles'],
      ['GET', '/api/meta/roles/salesperson'],
      ['PUT', '/api/meta/roles/salesperson'],
      ['DELETE', '/api/meta/entities/company'],
      ['POST', '/api/meta/publish'],
      ['GET', '/api/meta/draft'],
      ['GET', '/api/meta/versions'],
    ]) {
      const res = await sales1.request(method, url, method === 'PUT' || method === 'POST' ? { admin: true } : undefined);
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    const published = await sales1.request('GET', '/api/meta/entities');
    expect(published.status).toBe(200);
    expect(published.body.items.map((e: { name: string }) => e.name).sort()).toEqual(['balanceSheet', 'company', 'contact', 'contract', 'task']);
  });

  it('gives a subordinates scope: a manager reaches the records of everyone they manage', async () => {
    // given: a role reading companies of one's subordinates; sales2 (Debrecen) reports to manager explicitly
    const role = { id: 'teamLead', name: 'teamLead', label: { hu: 'Csoportvezető', en: 'Team lead' }, permissions: [{ entity: 'company', actions: ['read'], scope: 'subordinates' }] };
    expect((await admin.request('PUT', '/api/meta/roles/teamLead', role)).status).toBe(200);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    const foreign = await companyOf('sales2');
    expect((await manager.request('GET', `/api/data/company/${foreign.id}`)).status).toBe(404);
    // when
    const patched = await admin.request('PATCH', `/api/org/users/${ids.get('manager')}`, { roles: ['salesManager', 'teamLead'] });
    // then
    expect(patched.status).toBe(200);
    expect((await manager.request('GET', `/api/data/company/${foreign.id}`)).status).toBe(200);
    const mine = await manager.request('GET', `/api/data/company?filter=${q({ field: 'ownerId', op: 'eq', value: ids.get('sales2') })}&limit=1`);
    expect(mine.body.total).toBeGreaterThan(0);
    // still no update there: that needs the department scope of salesManager
    expect((await manager.request('PATCH', `/api/data/company/${foreign.id}`, { version: foreign.version, employees: 2 })).status).toBe(403);
  });
});
