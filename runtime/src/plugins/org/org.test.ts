import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

describe.each(testDatabases())('organisation API on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let sales1: TestClient;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    app = await startTestApp(db, { demoUsers: true });
    admin = await app.login();
    sales1 = await app.login('sales1');
    for (const u of (await admin.request('GET', '/api/org/users')).body.items) ids.set(u.username, u.id);
  });
  afterAll(() => app?.close());

  it('serves administrators only: 403 for everyone else on every route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/org/departments'],
      ['POST', '/api/org/departments'],
      ['PATCH', '/api/org/departments/x'],
      ['DELETE', '/api/org/departments/x'],
      ['GET', '/api/org/groups'],
      ['POST', '/api/org/groups'],
      ['PATCH', '/api/org/groups/x'],
      ['DELETE', '/api/org/groups/x'],
      ['GET', '/api/org/users'],
      ['POST', '/api/org/users'],
      ['PATCH', `/api/org/users/${ids.get('sales1')}`],
      ['POST', `/api/org/users/${ids.get('sales1')}/password`],
    ];
    for (const [method, url] of routes) {
      const res = await sales1.request(
        method,
        url,
        method === 'GET' || method === 'DELETE' ? undefined : { roles: ['admin'], password: 'Hack-2026-hack' },
      );
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    expect((await app.server.inject('/api/org/users')).statusCode).toBe(401);
    const me = await sales1.request('GET', '/api/auth/me');
    expect(me.body.user.roles).toEqual(['salesperson']);
  });

  it('lists the demo organisation without secrets', async () => {
    const users = (await admin.request('GET', '/api/org/users')).body.items;
    expect(users.map((u: { username: string }) => u.username).sort()).toEqual([
      'admin',
      'auditor',
      'backoffice',
      'manager',
      'marketing',
      'sales1',
      'sales2',
    ]);
    expect(JSON.stringify(users)).not.toMatch(/argon|password/i);
    const deps = (await admin.request('GET', '/api/org/departments')).body.items;
    const bp = deps.find((d: { name: string }) => d.name === 'Értékesítés – Budapest');
    const sales = deps.find((d: { name: string }) => d.name === 'Értékesítés');
    expect(bp).toMatchObject({ parentId: sales.id, headId: ids.get('manager') });
    expect(users.find((u: { username: string }) => u.username === 'sales1').departmentId).toBe(bp.id);
    expect(users.find((u: { username: string }) => u.username === 'sales2').managerId).toBe(ids.get('manager'));
  });

  it('creates, moves and deletes departments, refusing loops and non-empty ones', async () => {
    const parent = await admin.request('POST', '/api/org/departments', { name: 'Pénzügy' });
    expect(parent.status).toBe(201);
    const child = await admin.request('POST', '/api/org/departments', {
      name: 'Számlázás',
      parentId: parent.body.id,
      headId: ids.get('backoffice'),
    });
    expect(child.body).toMatchObject({ parentId: parent.body.id, headId: ids.get('backoffice') });
    const loop = await admin.request('PATCH', `/api/org/departments/${parent.body.id}`, { parentId: child.body.id });
    expect(loop.status).toBe(400);
    expect(loop.body.details[0]).toMatchObject({ path: 'parentId', code: 'cycle' });
    const bad = await admin.request(
      'POST',
      '/api/org/departments',
      { name: '', parentId: 'nope', headId: 42, colour: 'red' },
      { 'accept-language': 'en' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'colour',
      'headId',
      'name',
      'parentId',
    ]);
    expect((await admin.request('DELETE', `/api/org/departments/${parent.body.id}`)).body.code).toBe(
      'DEPARTMENT_NOT_EMPTY',
    );
    expect((await admin.request('DELETE', `/api/org/departments/${child.body.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/org/departments/${parent.body.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/org/departments/${parent.body.id}`)).status).toBe(404);
  });

  it('keeps work groups with members', async () => {
    const g = await admin.request('POST', '/api/org/groups', {
      name: 'Tender-csapat',
      members: [ids.get('sales1'), ids.get('sales2')],
    });
    expect(g.status).toBe(201);
    const changed = await admin.request('PATCH', `/api/org/groups/${g.body.id}`, {
      members: [ids.get('manager')],
      description: 'Pályázatok',
    });
    expect(changed.body).toMatchObject({
      name: 'Tender-csapat',
      description: 'Pályázatok',
      members: [ids.get('manager')],
    });
    const dup = await admin.request('POST', '/api/org/groups', { name: 'Tender-csapat', members: ['ghost'] });
    expect(dup.body.details.map((d: { path: string; code: string }) => `${d.path}:${d.code}`).sort()).toEqual([
      'members[0]:referenceMissing',
      'name:unique',
    ]);
    expect((await admin.request('DELETE', `/api/org/groups/${g.body.id}`)).status).toBe(204);
  });

  it('creates and updates users, validating roles, department, manager and locale', async () => {
    const created = await admin.request('POST', '/api/org/users', {
      username: 'sales3',
      password: 'Sales3-pass-2026',
      displayName: 'Kiss Ödön',
      email: 'kiss.odon@example.hu',
      roles: ['salesperson'],
      managerId: ids.get('manager'),
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    const bad = await admin.request('PATCH', `/api/org/users/${created.body.id}`, {
      roles: ['salesperson', 'wizard'],
      email: 'not-an-email',
      locale: 'de',
      managerId: created.body.id,
      departmentId: 'nope',
      password: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'departmentId',
      'email',
      'locale',
      'managerId',
      'password',
      'roles[1]',
    ]);
    const ok = await admin.request('PATCH', `/api/org/users/${created.body.id}`, {
      displayName: 'Kiss Ödön Pál',
      locale: 'en',
      roles: ['salesperson', 'marketing'],
    });
    expect(ok.body).toMatchObject({ displayName: 'Kiss Ödön Pál', locale: 'en', roles: ['salesperson', 'marketing'] });
    const weak = await admin.request('POST', '/api/org/users', { username: 'weak', password: 'short' });
    expect(weak.body.details[0]).toMatchObject({ path: 'password', code: 'tooShort' });
    const taken = await admin.request('POST', '/api/org/users', { username: 'sales1', password: 'Another-pass-2026' });
    expect(taken.status).toBe(409);
  });

  it("keeps a user's mobile number in international form, refuses one that is not a number, and clears it", async () => {
    const created = await admin.request('POST', '/api/org/users', {
      username: 'mobil.marta',
      password: 'Mobil-pass-2026',
      displayName: 'Mobil Márta',
      phone: '06 (30) 123-4567',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.phone).toBe('+36301234567');
    const bad = await admin.request('PATCH', `/api/org/users/${created.body.id}`, { phone: '123 abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toHaveLength(1);
    expect(bad.body.details[0]).toMatchObject({
      path: 'phone',
      code: 'phone',
      message: 'Érvénytelen telefonszám (pl. +36 30 123 4567).',
    });
    expect(JSON.stringify(bad.body.details[0])).toContain('Not a valid phone number (e.g. +36 30 123 4567).');
    const listed = (await admin.request('GET', '/api/org/users')).body.items.find(
      (u: { username: string }) => u.username === 'mobil.marta',
    );
    expect(listed.phone).toBe('+36301234567');
    const cleared = await admin.request('PATCH', `/api/org/users/${created.body.id}`, { phone: '' });
    expect(cleared.body.phone).toBeNull();
  });

  it('does not let an administrator lock themselves out', async () => {
    const res = await admin.request('PATCH', `/api/org/users/${ids.get('admin')}`, { disabled: true, roles: [] });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { code: string }) => d.code)).toEqual(['selfLockout', 'selfLockout']);
  });

  it('ends the live sessions of a user who is disabled, and of one whose password an administrator resets', async () => {
    // given: sales2 logged in twice
    const a = await app.login('sales2');
    const b = await app.login('sales2');
    expect((await a.request('GET', '/api/auth/me')).status).toBe(200);
    // when
    const disabled = await admin.request('PATCH', `/api/org/users/${ids.get('sales2')}`, { disabled: true });
    // then
    expect(disabled.body.disabled).toBe(true);
    expect((await a.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await b.request('GET', '/api/data/company')).status).toBe(401);
    expect(
      await app.platform
        .knex('folyam_sessions')
        .where({ user_id: ids.get('sales2') })
        .count({ n: '*' })
        .first(),
    ).toMatchObject({ n: 0 });
    await expect(app.login('sales2')).rejects.toThrow(/401/);
    await admin.request('PATCH', `/api/org/users/${ids.get('sales2')}`, { disabled: false });
    // password reset
    const c = await app.login('sales2');
    const reset = await admin.request('POST', `/api/org/users/${ids.get('sales2')}/password`, {
      password: 'Reset-pass-2026',
    });
    expect(reset.status).toBe(204);
    expect((await c.request('GET', '/api/auth/me')).status).toBe(401);
    await expect(app.login('sales2')).rejects.toThrow(/401/);
    expect((await app.login('sales2', 'Reset-pass-2026').then((x) => x.request('GET', '/api/auth/me'))).status).toBe(
      200,
    );
    const weak = await admin.request('POST', `/api/org/users/${ids.get('sales2')}/password`, { password: 'sales2' });
    expect(weak.status).toBe(400);
  });

  it('audits every organisation change', async () => {
    const rows = await app.platform
      .knex('folyam_audit')
      .where('action', 'like', 'org.%')
      .select('action', 'actor_name', 'info');
    const ops = rows.map((r) => `${r.action}:${JSON.parse(r.info).op}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        'org.department:created',
        'org.department:deleted',
        'org.group:updated',
        'org.user:created',
        'org.user:disabled',
        'org.user:passwordReset',
      ]),
    );
    expect(rows.every((r) => r.actor_name === 'admin')).toBe(true);
  });
});
