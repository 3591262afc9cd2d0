import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { createApiToken, createUser, findUserByName, setDisabled } from '@folyam/platform';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../../testing/app.ts';

describe.each(testDatabases())('auth on $dialect', (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(db);
  });
  afterAll(() => app?.close());

  it('reports health and the database', async () => {
    const res = await app.server.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.payload)).toEqual({ status: 'ok', database: db.dialect });
  });

  it('logs in with an HttpOnly SameSite cookie and answers /me', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/folyam_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const client = await app.login();
    const me = await client.request('GET', '/api/auth/me');
    expect(me.body.user).toMatchObject({ username: 'admin', admin: true });
  });

  it('answers 401 with a stable code for bad credentials and unknown users', async () => {
    for (const payload of [{ username: 'admin', password: 'wrong' }, { username: 'nobody', password: 'x' }, { username: { $ne: 1 }, password: 'x' }]) {
      const res = await app.server.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.payload)).toMatchObject({ code: 'BAD_CREDENTIALS', message: 'Wrong username or password.' });
    }
  });

  it('gives a new session at each login and ends it at logout', async () => {
    const a = await app.login();
    const b = await app.login();
    expect(a.cookie).not.toBe(b.cookie);
    expect((await a.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await a.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await b.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF header', async () => {
    const c = await app.login();
    const res = await app.server.inject({ method: 'POST', url: '/api/data/company', payload: { name: 'X' }, headers: { cookie: c.cookie } });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.payload).code).toBe('CSRF');
  });

  it('accepts API tokens as bearer credentials, and not once the user is disabled', async () => {
    const user = await createUser(app.platform.knex, app.platform.clock, { username: 'integration', password: 'Integr-2026-pass', roles: ['admin'] });
    const { token } = await createApiToken(app.platform.knex, app.platform.clock, user.id, 'ERP sync');
    const ok = await app.server.inject({ url: '/api/data/company?limit=1', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    const created = await app.server.inject({ method: 'POST', url: '/api/data/company', payload: { name: 'Token Kft.' }, headers: { authorization: `Bearer ${token}` } });
    expect(created.statusCode).toBe(201);
    await setDisabled(app.platform.knex, app.platform.clock, user.id, true);
    const denied = await app.server.inject({ url: '/api/data/company?limit=1', headers: { authorization: `Bearer ${token}` } });
    expect(denied.statusCode).toBe(401);
    expect((await app.server.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer fly_forged' } })).statusCode).toBe(401);
  });

  it('stores passwords as argon2id hashes', async () => {
    const admin = await app.platform.knex('folyam_users').where({ username: 'admin' }).first();
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    expect(await findUserByName(app.platform.knex, 'admin')).toBeTruthy();
  });
});
