import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { actorOf, createUser, findUserByName, manualClock, queryEngineOf } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const PASSWORD = 'Tester-Pass-2026';
const L = (hu: string, en = hu) => ({ hu, en });

describe.each(testDatabases())('query generator API on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let seller: TestClient;
  let limited: TestClient;
  let reader: TestClient;
  const ids: Record<string, string> = {};
  /** The saved query shared with everyone (made in "saved queries", used by print and export). */
  let sharedId = '';
  const clock = manualClock('2026-03-18T10:00:00Z');

  const run = (client: TestClient, body: unknown, headers?: Record<string, string>) =>
    client.request('POST', '/api/queries/run', body, headers);

  async function role(name: string, permissions: unknown[]) {
    const res = await admin.request('PUT', `/api/meta/roles/${name}`, { id: name, name, label: L(name), permissions });
    expect(res.status).toBe(200);
  }

  async function user(username: string, roles: string[]): Promise<TestClient> {
    const u = await createUser(app.platform.knex, app.platform.clock, { username, password: PASSWORD, roles });
    ids[username] = u.id;
    return app.login(username, PASSWORD);
  }

  async function post(entity: string, body: Record<string, unknown>): Promise<string> {
    const res = await admin.request('POST', `/api/data/${entity}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    app = await startTestApp(db, { clock });
    admin = await app.login();
    await role('seller', [
      { entity: 'company', actions: ['read', 'query'], scope: 'own' },
      { entity: 'contract', actions: ['read', 'query', 'export'], scope: 'own' },
      { entity: 'contact', actions: ['read', 'query'], scope: 'own' },
    ]);
    await role('limited', [
      { entity: 'company', actions: ['read', 'query', 'export'], hiddenFields: ['taxNumber'] },
      { entity: 'contact', actions: ['read', 'query', 'export'] },
      { entity: 'contract', actions: ['read', 'query', 'export'] },
    ]);
    await role('reader', [{ entity: 'company', actions: ['read'] }]);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    seller = await user('seller1', ['seller']);
    limited = await user('limited1', ['limited']);
    reader = await user('reader1', ['reader']);

    ids.acme = await post('company', {
      name: 'Acme Kft.',
      status: 'active',
      employees: 42,
      taxNumber: '12345676-2-41',
    });
    ids.beta = await post('company', { name: 'Béta Bt.', status: 'prospect', employees: 10 });
    ids.formula = await post('company', {
      name: '=SUM(1;2)',
      status: 'active',
      employees: 5,
      activity: '@cmd',
      shortName: '+36 1 234 5678',
    });
    ids.script = await post('company', { name: '<script>alert(1)</script> Kft.', status: 'inactive', employees: 0 });
    ids.own = await post('company', { name: 'Saját Kft.', status: 'active', employees: 3, ownerId: ids.seller1 });
    await post('contact', { familyName: 'Kovács', givenName: 'Anna', company: ids.acme });
    await post('contact', { familyName: 'Nagy', givenName: 'Béla', company: ids.acme });
    await post('contact', { familyName: 'Szabó', givenName: 'Éva', company: ids.beta });
    const contract = (
      number: string,
      company: string,
      amount: number,
      currency: string,
      status: string,
      issueDate: string,
      ownerId?: string,
    ) =>
      post('contract', {
        number,
        kind: 'contract',
        company,
        value: { amount, currency },
        status,
        issueDate,
        ...(ownerId ? { ownerId } : {}),
      });
    await contract('K-1', ids.acme, 1_000_000, 'HUF', 'open', '2026-03-02');
    await contract('K-2', ids.acme, 2500.5, 'EUR', 'signed', '2026-01-15');
    await contract('K-3', ids.acme, 500_000, 'HUF', 'open', '2025-12-01');
    await contract('K-4', ids.beta, 300_000, 'HUF', 'open', '2026-03-17');
    await contract('K-5', ids.own, 70_000, 'HUF', 'open', '2026-02-20', ids.seller1);
    await contract('K-6', ids.acme, 80_000, 'HUF', 'draft', '2026-02-21', ids.seller1);
  });
  afterAll(() => app?.close());

  describe('run', () => {
    it('answers columns with labels and types, rows, total, with sort and paging', async () => {
      // when
      const res = await run(admin, {
        definition: {
          entity: 'company',
          columns: [{ path: 'name' }, { path: 'status' }, { path: 'employees' }],
          sort: [{ path: 'employees', dir: 'desc' }],
        },
        limit: 2,
        offset: 1,
      });
      // then
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(5);
      expect(res.body.columns).toMatchObject([
        { key: 'name', label: { hu: 'Cégnév', en: 'Company name' }, type: 'text' },
        {
          key: 'status',
          type: 'enum',
          options: expect.arrayContaining([expect.objectContaining({ value: 'active' })]),
        },
        { key: 'employees', type: 'integer' },
      ]);
      expect(res.body.rows).toEqual([
        { name: 'Béta Bt.', status: 'prospect', employees: 10 },
        { name: '=SUM(1;2)', status: 'active', employees: 5 },
      ]);
    });

    it('filters on the user who runs a shared query ("my companies")', async () => {
      // given one definition with owner = the current user
      const definition = {
        entity: 'company',
        columns: [{ path: 'name' }],
        filter: { field: 'ownerId', op: 'eq', value: { currentUser: true } },
        sort: [{ path: 'name', dir: 'asc' }],
      };
      // when the seller and the admin run it
      const mine = await run(seller, { definition });
      const admins = await run(admin, { definition });
      // then each gets their own companies
      expect(mine.status, JSON.stringify(mine.body)).toBe(200);
      expect(mine.body.rows).toEqual([{ name: 'Saját Kft.' }]);
      expect(admins.body.rows.map((r: { name: string }) => r.name)).not.toContain('Saját Kft.');
      expect(admins.body.total).toBe(4);
      // and a printed copy names the owner instead of an id
      const me = await seller.request('GET', '/api/auth/me');
      const printed = await seller.request('POST', '/api/queries/print', { definition });
      expect(printed.status).toBe(200);
      expect(String(printed.body)).toContain(`Tulajdonos = ${me.body.user.displayName}`);
      // and a field that holds no user is refused with its path
      const bad = await run(admin, {
        definition: { ...definition, filter: { field: 'name', op: 'eq', value: { currentUser: true } } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].path).toBe('filter.value');
    });

    it('replaces the query order with a sort from the grid header, refusing unknown keys', async () => {
      // given a definition sorted by name
      const definition = {
        entity: 'company',
        columns: [{ path: 'name' }, { path: 'employees' }],
        sort: [{ path: 'name', dir: 'asc' }],
      };
      // when the grid asks for employees, largest first
      const res = await run(admin, { definition, sort: [{ path: 'employees', dir: 'desc' }], limit: 2 });
      // then the override wins
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.rows.map((r: { employees: number }) => r.employees)).toEqual([42, 10]);
      // and a sort on something that is not there is a 400 naming it
      const bad = await run(admin, { definition, sort: [{ path: 'nope', dir: 'asc' }] });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].path).toMatch(/^sort\[0\]/);
      const notArray = await run(admin, { definition, sort: 'employees' });
      expect(notArray.status).toBe(400);
      expect(notArray.body.details[0].path).toBe('sort');
    });

    it('reaches fields of referenced records through dotted paths, and names owners', async () => {
      const res = await run(admin, {
        definition: {
          entity: 'contract',
          columns: [{ path: 'number' }, { path: 'company.name' }, { path: 'company' }, { path: 'ownerId' }],
          filter: { field: 'company.status', op: 'eq', value: 'prospect' },
        },
      });
      expect(res.body.rows).toEqual([
        {
          number: 'K-4',
          company_name: 'Béta Bt.',
          company: { id: ids.beta, title: 'Béta Bt.' },
          ownerId: { id: expect.any(String), title: 'Rendszergazda' },
        },
      ]);
      expect(res.body.columns[3]).toMatchObject({
        key: 'ownerId',
        type: 'user',
        label: { hu: 'Tulajdonos', en: 'Owner' },
      });
    });

    it('aggregates related records through a correlated subquery, with their own filter', async () => {
      // given: per company, the open contracts' value (HUF only) and the count of every contract (mixed currencies)
      const res = await run(admin, {
        definition: {
          entity: 'company',
          columns: [
            { path: 'name' },
            {
              related: { entity: 'contract', via: 'company', filter: { field: 'status', op: 'eq', value: 'open' } },
              fn: 'sum',
              path: 'value',
              key: 'openValue',
              label: L('Nyitott érték', 'Open value'),
            },
            { related: { entity: 'contract', via: 'company' }, fn: 'sum', path: 'value', key: 'allValue' },
            { related: { entity: 'contract', via: 'company' }, fn: 'count', key: 'contracts' },
          ],
          filter: { field: 'name', op: 'in', value: ['Acme Kft.', 'Béta Bt.', 'Saját Kft.'] },
          sort: [{ path: 'contracts', dir: 'desc' }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.rows).toEqual([
        {
          name: 'Acme Kft.',
          openValue: { amount: 1_500_000, currency: 'HUF' },
          allValue: { amount: 1_582_500.5, currency: null },
          contracts: 4,
        },
        {
          name: 'Béta Bt.',
          openValue: { amount: 300_000, currency: 'HUF' },
          allValue: { amount: 300_000, currency: 'HUF' },
          contracts: 1,
        },
        {
          name: 'Saját Kft.',
          openValue: { amount: 70_000, currency: 'HUF' },
          allValue: { amount: 70_000, currency: 'HUF' },
          contracts: 1,
        },
      ]);
      expect(res.body.columns[1]).toMatchObject({ key: 'openValue', type: 'money', label: { en: 'Open value' } });
    });

    it('groups with aggregates and totals', async () => {
      const grouped = await run(admin, {
        definition: {
          entity: 'contract',
          groupBy: ['status'],
          aggregates: [{ fn: 'count' }, { fn: 'sum', path: 'value.amount', key: 'amount' }],
          sort: [{ path: 'count', dir: 'desc' }],
        },
      });
      expect(grouped.status, JSON.stringify(grouped.body)).toBe(200);
      expect(grouped.body.total).toBe(3);
      expect(grouped.body.rows).toEqual([
        { status: 'open', count: 4, amount: 1_870_000 },
        { status: 'draft', count: 1, amount: 80_000 },
        { status: 'signed', count: 1, amount: 2500.5 },
      ]);
      const totals = await run(admin, {
        definition: {
          entity: 'company',
          columns: [{ path: 'name' }],
          aggregates: [{ fn: 'count' }, { fn: 'max', path: 'employees' }],
        },
      });
      expect(totals.body.totals).toEqual({ count: 5, max_employees: 42 });
    });

    it('filters with relative dates and run-time parameters', async () => {
      const numbers = async (filter: unknown, params?: unknown, extra: Record<string, unknown> = {}) => {
        const res = await run(admin, {
          definition: {
            entity: 'contract',
            columns: [{ path: 'number' }],
            filter,
            sort: [{ path: 'number' }],
            ...extra,
          },
          params,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.rows.map((r: { number: string }) => r.number);
      };
      expect(await numbers({ field: 'issueDate', op: 'gte', value: { relative: 'startOfMonth' } })).toEqual([
        'K-1',
        'K-4',
      ]);
      expect(await numbers({ field: 'issueDate', op: 'gte', value: { relative: 'daysAgo', n: 30 } })).toEqual([
        'K-1',
        'K-4',
        'K-5',
        'K-6',
      ]);
      expect(
        await numbers({
          field: 'issueDate',
          op: 'between',
          value: [{ relative: 'startOfYear' }, { relative: 'today' }],
        }),
      ).toEqual(['K-1', 'K-2', 'K-4', 'K-5', 'K-6']);
      const params = [{ name: 'minValue', type: 'number', label: L('Minimum érték', 'Minimum value') }];
      expect(
        await numbers({ field: 'value', op: 'gte', value: { param: 'minValue' } }, { minValue: 500_000 }, { params }),
      ).toEqual(['K-1', 'K-3']);
      const missing = await run(admin, {
        definition: {
          entity: 'contract',
          columns: [{ path: 'number' }],
          filter: { field: 'value', op: 'gte', value: { param: 'minValue' } },
          params,
        },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.details[0]).toMatchObject({ path: 'params.minValue', code: 'required' });
    });

    it('stops reading all rows early without tying up database connections', async () => {
      // given
      const engine = queryEngineOf(app.platform);
      const adminUser = (await findUserByName(app.platform.knex, 'admin'))!;
      const actor = actorOf(adminUser, 'session', []);
      const { compiled } = await engine.prepare(actor, { entity: 'contract', columns: [{ path: 'number' }] });
      // when: more early exits than the pool has connections
      for (let i = 0; i < 15; i++) {
        for await (const row of engine.rows(compiled)) {
          expect(row.number).toBeTruthy();
          break;
        }
      }
      // then
      expect((await run(admin, { definition: { entity: 'contract', columns: [{ path: 'number' }] } })).body.total).toBe(
        6,
      );
    });

    it('refuses bad definitions with 400s that name the path, never a 500', async () => {
      const bad = async (body: unknown) => {
        const res = await run(admin, body);
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        return res.body.details[0]?.path;
      };
      expect(await bad({ definition: { entity: 'company', columns: [{ path: 'nosuch' }] } })).toBe('columns[0].path');
      expect(await bad({ definition: { entity: 'company', columns: [{ path: 'name) or 1=1 --' }] } })).toBe(
        'definition.columns[0].path',
      );
      expect(await bad({ definition: { entity: 'nosuch', columns: [{ path: 'name' }] } })).toBe('definition.entity');
      expect(
        await bad({
          definition: {
            entity: 'company',
            columns: [{ path: 'name' }],
            filter: { field: 'name', op: 'eq', value: { $ne: null } },
          },
        }),
      ).toMatch(/^definition\.filter/);
      expect(await bad({ definition: { entity: 'company', columns: [{ path: 'name' }] }, id: 'x' })).toBe('id');
      expect(await bad({ definition: { entity: 'company', columns: [{ path: 'name' }] }, limit: 5000 })).toBe('limit');
    });
  });

  describe('access', () => {
    it('refuses a user without the query right', async () => {
      const res = await run(reader, { definition: { entity: 'company', columns: [{ path: 'name' }] } });
      expect(res.status).toBe(403);
    });

    it("applies the runner's row constraints, also to referenced records, which show as empty", async () => {
      const res = await run(seller, {
        definition: {
          entity: 'contract',
          columns: [{ path: 'number' }, { path: 'company.name' }, { path: 'company' }],
          sort: [{ path: 'number' }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.rows).toEqual([
        { number: 'K-5', company_name: 'Saját Kft.', company: { id: ids.own, title: 'Saját Kft.' } },
        { number: 'K-6', company_name: null, company: { id: ids.acme, title: null } },
      ]);
      const related = await run(seller, {
        definition: {
          entity: 'company',
          columns: [{ path: 'name' }, { related: { entity: 'contract', via: 'company' }, fn: 'count', key: 'n' }],
        },
      });
      expect(related.body.rows).toEqual([{ name: 'Saját Kft.', n: 1 }]);
    });

    it('refuses a hidden field in columns, filters, sorts and paths through references with a 400 naming the column', async () => {
      const refused = async (definition: unknown) => {
        const res = await run(limited, { definition });
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.code).toBe('FIELD_NOT_READABLE');
        return res.body.details[0].path;
      };
      expect(await refused({ entity: 'company', columns: [{ path: 'name' }, { path: 'taxNumber' }] })).toBe(
        'columns[1].path',
      );
      expect(await refused({ entity: 'contact', columns: [{ path: 'fullName' }, { path: 'company.taxNumber' }] })).toBe(
        'columns[1].path',
      );
      expect(
        await refused({
          entity: 'company',
          columns: [{ path: 'name' }],
          filter: { field: 'taxNumber', op: 'isNotEmpty' },
        }),
      ).toBe('filter.field');
      expect(await refused({ entity: 'company', columns: [{ path: 'name' }], sort: [{ path: 'taxNumber' }] })).toBe(
        'sort[0].path',
      );
      expect(await refused({ entity: 'company', groupBy: ['taxNumber'], aggregates: [{ fn: 'count' }] })).toBe(
        'groupBy[0]',
      );
      const ok = await run(limited, { definition: { entity: 'company', columns: [{ path: 'name' }] } });
      expect(ok.status).toBe(200);
      expect(JSON.stringify(ok.body)).not.toContain('12345676');
    });

    it('refuses a hidden field in print and export requests too', async () => {
      const definition = { entity: 'contact', columns: [{ path: 'fullName' }, { path: 'company.taxNumber' }] };
      const print = await limited.request('POST', '/api/queries/print', { definition });
      expect(print.status).toBe(400);
      expect(print.body.details[0].path).toBe('columns[1].path');
      const exp = await limited.request('POST', '/api/queries/export', { definition, format: 'xlsx' });
      expect(exp.status).toBe(400);
      const noExportRight = await seller.request('POST', '/api/queries/export', {
        definition: { entity: 'company', columns: [{ path: 'name' }] },
      });
      expect(noExportRight.status).toBe(403);
    });
  });

  describe('saved queries', () => {
    let mine: string;
    const shared = () => sharedId;

    it('creates, lists, reads, updates and duplicates; only the owner edits or deletes', async () => {
      // given
      const created = await admin.request('POST', '/api/queries', {
        name: 'Minden szerződés',
        folder: 'Értékesítés',
        sharing: 'everyone',
        definition: {
          entity: 'contract',
          columns: [{ path: 'number' }, { path: 'company.name' }],
          sort: [{ path: 'number' }],
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      sharedId = created.body.id;
      expect(created.body).toMatchObject({
        name: 'Minden szerződés',
        folder: 'Értékesítés',
        sharing: 'everyone',
        ownerId: expect.any(String),
        canEdit: true,
      });
      const priv = await admin.request('POST', '/api/queries', {
        name: 'Privát',
        definition: { entity: 'company', columns: [{ path: 'name' }] },
      });
      mine = priv.body.id;
      // then: others see the shared one only, and cannot change it
      const list = await seller.request('GET', '/api/queries');
      expect(list.body.items.map((q: { name: string }) => q.name)).toEqual(['Minden szerződés']);
      expect(list.body.items[0].canEdit).toBe(false);
      expect((await seller.request('GET', `/api/queries/${mine}`)).status).toBe(404);
      expect(
        (
          await seller.request('PUT', `/api/queries/${shared()}`, {
            name: 'x',
            definition: { entity: 'contract', columns: [{ path: 'number' }] },
          })
        ).status,
      ).toBe(403);
      expect((await seller.request('DELETE', `/api/queries/${shared()}`)).status).toBe(403);
      // and the owner can
      const updated = await admin.request('PUT', `/api/queries/${mine}`, {
        name: 'Privát 2',
        sharing: 'roles',
        roles: ['limited'],
        definition: { entity: 'company', columns: [{ path: 'name' }, { path: 'taxNumber' }] },
      });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Privát 2', sharing: 'roles', roles: ['limited'] });
      const copy = await seller.request('POST', `/api/queries/${shared()}/duplicate`);
      expect(copy.status).toBe(201);
      expect(copy.body).toMatchObject({
        name: 'Minden szerződés (másolat)',
        sharing: 'private',
        canEdit: true,
        ownerId: ids.seller1,
      });
      expect((await seller.request('DELETE', `/api/queries/${copy.body.id}`)).status).toBe(204);
      expect((await seller.request('GET', `/api/queries/${copy.body.id}`)).status).toBe(404);
    });

    it("runs a shared query with the runner's access, not the owner's", async () => {
      const res = await run(seller, { id: shared() });
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: { number: string }) => r.number)).toEqual(['K-5', 'K-6']);
      expect((await run(admin, { id: shared() })).body.total).toBe(6);
    });

    it('refuses a shared query that reads a field hidden from the runner, instead of emptying it', async () => {
      const res = await run(limited, { id: mine });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'FIELD_NOT_READABLE', details: [{ path: 'columns[1].path' }] });
    });

    it('refuses to save an invalid definition', async () => {
      const res = await admin.request('POST', '/api/queries', {
        name: 'Rossz',
        definition: { entity: 'company', columns: [{ path: 'nosuch' }] },
      });
      expect(res.status).toBe(400);
      const noName = await admin.request('POST', '/api/queries', {
        definition: { entity: 'company', columns: [{ path: 'name' }] },
      });
      expect(noName.body.details[0].path).toBe('name');
    });
  });

  describe('print', () => {
    it('prints an escaped HTML page with title, filter summary, a repeated header and page numbers', async () => {
      const res = await admin.request('POST', '/api/queries/print', {
        definition: {
          entity: 'company',
          columns: [{ path: 'name' }, { path: 'status' }, { path: 'employees' }],
          filter: { field: 'status', op: 'ne', value: 'prospect' },
          sort: [{ path: 'name' }],
        },
      });
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
      const html = String(res.body);
      expect(html).toContain('<title>Cégek</title>');
      expect(html).toContain('Szűrés: Státusz ≠ Érdeklődő');
      expect(html).toContain('<thead><tr><th>Cégnév</th><th>Státusz</th><th class="num">Létszám</th></tr></thead>');
      expect(html).toContain('counter(page)');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Kft.');
      expect(html).not.toContain('<script>');
      expect(html).toContain('Aktív ügyfél');
      const en = await admin.request('GET', `/api/queries/print?id=${sharedId}`, undefined, {
        'accept-language': 'en',
      });
      expect(en.status).toBe(200);
      expect(String(en.body)).toContain('Filter: none');
      // a header sort travels with a printed saved query
      const sorted = await admin.request(
        'GET',
        `/api/queries/print?id=${sharedId}&sort=${encodeURIComponent(JSON.stringify([{ path: 'number', dir: 'desc' }]))}`,
      );
      expect(sorted.status, JSON.stringify(sorted.body)).toBe(200);
      const broken = await admin.request('GET', `/api/queries/print?id=${sharedId}&sort=%7Bnope`);
      expect(broken.status).toBe(400);
      expect(broken.body.details[0].path).toBe('sort');
    });
  });

  describe('export', () => {
    const shared = () => sharedId;

    async function exportFile(client: TestClient, body: Record<string, unknown>) {
      const res = await client.request('POST', '/api/queries/export', body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(await app.platform.jobs.runDue()).toBe(1);
      const job = await client.request('GET', `/api/jobs/${res.body.jobId}`);
      expect(job.body, JSON.stringify(job.body)).toMatchObject({
        status: 'done',
        progress: 100,
        downloadUrl: `/api/jobs/${res.body.jobId}/download`,
      });
      const file = await app.server.inject({
        method: 'GET',
        url: job.body.downloadUrl,
        headers: { cookie: client.cookie },
      });
      expect(file.statusCode).toBe(200);
      return { jobId: res.body.jobId as string, job: job.body, file };
    }

    const definition = {
      entity: 'contract',
      columns: [
        { path: 'number' },
        { path: 'company.name' },
        { path: 'issueDate' },
        { path: 'value' },
        { path: 'company.employees' },
        { path: 'status' },
        { path: 'createdAt' },
      ],
      sort: [{ path: 'number' }],
    };

    it('writes an xlsx with typed cells that match what run answers', async () => {
      // given
      const ran = await run(admin, { definition });
      // when
      const { file, job } = await exportFile(admin, { definition, format: 'xlsx' });
      // then
      expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename="Megrendelesek _ szerzodesek-2026-03-18.xlsx"; filename*=UTF-8''${encodeURIComponent('Megrendelések _ szerződések-2026-03-18.xlsx')}`,
      );
      expect(job.result).toMatchObject({ rows: 6, format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.getRow(1).values).toEqual([
        undefined,
        'Szám',
        'Cég › Cégnév',
        'Kelt',
        'Érték',
        'Cég › Létszám',
        'Állapot',
        'Létrehozva',
      ]);
      expect(ws.getRow(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.rowCount).toBe(1 + ran.body.rows.length);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are read freely
      ran.body.rows.forEach((r: Record<string, any>, i: number) => {
        const row = ws.getRow(i + 2);
        expect(row.getCell(1).value).toBe(r.number);
        expect(row.getCell(2).value).toBe(r.company_name);
        expect(row.getCell(3).value).toEqual(new Date(`${r.issueDate}T00:00:00Z`));
        expect(row.getCell(3).numFmt).toBe('yyyy. mm. dd.');
        expect(row.getCell(4).value).toBe(r.value.amount);
        expect(row.getCell(4).numFmt).toBe(r.value.currency === 'HUF' ? '#,##0 "Ft"' : '#,##0.00 "€"');
        expect(row.getCell(5).value).toBe(r.company_employees);
        expect(typeof row.getCell(5).value).toBe('number');
        expect(row.getCell(7).value).toBeInstanceOf(Date);
      });
      expect(ws.getRow(2).getCell(6).value).toBe('Folyamatban');
    });

    it('keeps formula-like texts as text in xlsx and neutralises them in CSV', async () => {
      const def = {
        entity: 'company',
        columns: [{ path: 'name' }, { path: 'activity' }, { path: 'shortName' }, { path: 'employees' }],
        filter: { field: 'id', op: 'eq', value: ids.formula },
      };
      const xlsx = await exportFile(admin, { definition: def, format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.file.rawPayload as unknown as ArrayBuffer);
      const row = wb.worksheets[0].getRow(2);
      for (const [i, text] of [
        [1, '=SUM(1;2)'],
        [2, '@cmd'],
        [3, '+36 1 234 5678'],
      ] as const) {
        const cell = row.getCell(i);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(text);
        expect(cell.formula).toBeUndefined();
      }
      expect(xlsx.file.rawPayload.toString('latin1')).not.toContain('<f>');
      const csv = await exportFile(admin, { definition: def, format: 'csv', csvSeparator: ';' });
      expect(csv.file.headers['content-type']).toBe('text/csv; charset=utf-8');
      const text = csv.file.rawPayload.toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.slice(1).split('\r\n')).toEqual([
        'Cégnév;Tevékenységi kör;Rövid név;Létszám',
        "\"'=SUM(1;2)\";'@cmd;'+36 1 234 5678;5",
        '',
      ]);
    });

    it('gives the same job for a repeated request with the same Idempotency-Key', async () => {
      const body = { definition: { entity: 'company', columns: [{ path: 'name' }] }, format: 'csv' };
      const a = await admin.request('POST', '/api/queries/export', body, { 'idempotency-key': 'click-1' });
      const b = await admin.request('POST', '/api/queries/export', body, { 'idempotency-key': 'click-1' });
      expect(a.status).toBe(202);
      expect(b.body.jobId).toBe(a.body.jobId);
      expect(await app.platform.jobs.runDue()).toBe(1);
    });

    it('writes money as two CSV columns, decimals with a comma under ;', async () => {
      const { file } = await exportFile(admin, {
        definition: {
          entity: 'contract',
          columns: [{ path: 'number' }, { path: 'value' }],
          filter: { field: 'number', op: 'eq', value: 'K-2' },
        },
        format: 'csv',
      });
      expect(file.rawPayload.toString('utf8').slice(1).split('\r\n')).toEqual([
        'Szám;Érték;Érték (pénznem)',
        'K-2;2500,5;EUR',
        '',
      ]);
      const comma = await exportFile(admin, {
        definition: {
          entity: 'contract',
          columns: [{ path: 'number' }, { path: 'value' }],
          filter: { field: 'number', op: 'eq', value: 'K-2' },
        },
        format: 'csv',
        csvSeparator: ',',
      });
      expect(comma.file.rawPayload.toString('utf8').slice(1).split('\r\n')[1]).toBe('K-2,2500.5,EUR');
    });

    it("exports a saved query with the exporter's access, audits it, and gives the file only to its creator", async () => {
      // given: a user whose access hides tax numbers
      const { jobId, file } = await exportFile(limited, { id: shared(), format: 'csv' });
      expect(file.rawPayload.toString('utf8')).toContain('K-6');
      // then: others cannot see or download it; the admin sees its status but gets no file
      expect((await seller.request('GET', `/api/jobs/${jobId}`)).status).toBe(404);
      expect(
        (
          await app.server.inject({
            method: 'GET',
            url: `/api/jobs/${jobId}/download`,
            headers: { cookie: seller.cookie },
          })
        ).statusCode,
      ).toBe(404);
      expect((await admin.request('GET', `/api/jobs/${jobId}`)).status).toBe(200);
      expect(
        (
          await app.server.inject({
            method: 'GET',
            url: `/api/jobs/${jobId}/download`,
            headers: { cookie: admin.cookie },
          })
        ).statusCode,
      ).toBe(404);
      const audit = await app.platform
        .knex('folyam_audit')
        .where({ action: 'export', actor_id: ids.limited1 })
        .select('entity', 'info');
      expect(audit).toHaveLength(1);
      expect(audit[0].entity).toBe('contract');
      expect(JSON.parse(audit[0].info)).toMatchObject({
        queryId: shared(),
        title: 'Minden szerződés',
        format: 'csv',
        rows: 6,
        jobId,
      });
    });

    it('never writes a hidden field into a file, even when the role changes after the request', async () => {
      // given: an export requested while the field was readable
      const res = await limited.request('POST', '/api/queries/export', {
        definition: { entity: 'company', columns: [{ path: 'name' }, { path: 'activity' }] },
        format: 'csv',
      });
      expect(res.status).toBe(202);
      const draft = (await admin.request('GET', '/api/meta/roles/limited?draft=1')).body;
      draft.permissions[0].hiddenFields = ['taxNumber', 'activity'];
      await admin.request('PUT', '/api/meta/roles/limited', draft);
      await admin.request('POST', '/api/meta/publish', {});
      // when the job runs
      await app.platform.jobs.runDue();
      // then it fails rather than write the field
      const job = await limited.request('GET', `/api/jobs/${res.body.jobId}`);
      expect(job.body).toMatchObject({ status: 'failed', error: { code: 'FIELD_NOT_READABLE' } });
      expect(job.body.downloadUrl).toBeUndefined();
    });
  });
});
