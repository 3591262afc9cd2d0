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
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
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
    for (const payload of [
      { username: 'admin', password: 'wrong' },
      { username: 'nobody', password: 'x' },
      { username: { $ne: 1 }, password: 'x' },
    ]) {
      const res = await app.server.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload,
        headers: { 'accept-language': 'en' },
      });
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.payload)).toMatchObject({
        code: 'BAD_CREDENTIALS',
        message: 'Wrong username or password.',
      });
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
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/data/company',
      payload: { name: 'X' },
      headers: { cookie: c.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.payload).code).toBe('CSRF');
  });

  it('accepts API tokens as bearer credentials, and not once the user is disabled', async () => {
    const user = await createUser(app.platform.knex, app.platform.clock, {
      username: 'integration',
      password: 'Integr-2026-pass',
      roles: ['admin'],
    });
    const { token } = await createApiToken(app.platform.knex, app.platform.clock, user.id, 'ERP sync');
    const ok = await app.server.inject({
      url: '/api/data/company?limit=1',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.statusCode).toBe(200);
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/data/company',
      payload: { name: 'Token Kft.' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(created.statusCode).toBe(201);
    await setDisabled(app.platform.knex, app.platform.clock, user.id, true);
    const denied = await app.server.inject({
      url: '/api/data/company?limit=1',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(denied.statusCode).toBe(401);
    expect(
      (await app.server.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer fly_forged' } })).statusCode,
    ).toBe(401);
  });

  it('never reuses a session id: a cookie planted before login is not the one after it', async () => {
    const planted = await app.login();
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
      headers: { cookie: planted.cookie },
    });
    const fresh = String(res.headers['set-cookie']).split(';')[0];
    expect(fresh).toMatch(/^folyam_session=/);
    expect(fresh).not.toBe(planted.cookie);
  });

  it('replays of a cookie after logout, and sessions after a password change, get 401', async () => {
    // given
    await createUser(app.platform.knex, app.platform.clock, { username: 'rotate', password: 'Rotate-pass-2026' });
    const a = await app.login('rotate', 'Rotate-pass-2026');
    const b = await app.login('rotate', 'Rotate-pass-2026');
    // when
    const changed = await a.request('POST', '/api/auth/password', {
      currentPassword: 'Rotate-pass-2026',
      newPassword: 'Rotated-pass-2027',
    });
    // then
    expect(changed.status).toBe(204);
    expect((await a.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await b.request('GET', '/api/auth/me')).status).toBe(401);
    const c = await app.login('rotate', 'Rotated-pass-2027');
    await c.request('POST', '/api/auth/logout');
    const replay = await app.server.inject({ url: '/api/data/company', headers: { cookie: c.cookie } });
    expect(replay.statusCode).toBe(401);
    const wrong = await (
      await app.login('rotate', 'Rotated-pass-2027')
    ).request('POST', '/api/auth/password', { currentPassword: 'nope', newPassword: 'Whatever-2028' });
    expect(wrong.body.details[0].path).toBe('currentPassword');
    const actions = await app.platform.knex('folyam_audit').where({ actor_name: 'rotate' }).pluck('action');
    expect(actions).toEqual(expect.arrayContaining(['login', 'passwordChanged', 'logout', 'passwordChangeFailed']));
  });

  it('limits failed logins per username and address: the sixth attempt in the window gets 429 with Retry-After', async () => {
    // given
    await createUser(app.platform.knex, app.platform.clock, { username: 'guessme', password: 'Guess-me-2026' });
    const attempt = (password: string, remoteAddress = '10.0.0.1') =>
      app.server.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'guessme', password },
        remoteAddress,
        headers: { 'accept-language': 'en' },
      });
    // when: five wrong guesses
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).statusCode).toBe(401);
    const blocked = await attempt('Guess-me-2026');
    // then: even the right password is refused from that address for a while
    expect(blocked.statusCode).toBe(429);
    expect(JSON.parse(blocked.payload)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfter: expect.any(Number) });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);
    // another address is counted apart, and a success clears its count
    expect((await attempt('wrong', '10.0.0.2')).statusCode).toBe(401);
    expect((await attempt('Guess-me-2026', '10.0.0.2')).statusCode).toBe(200);
    const stored = await app.platform.knex('folyam_login_limits').select('key');
    expect(stored.map((r) => r.key)).toContain('login:guessme|10.0.0.1');
    expect(stored.map((r) => r.key)).not.toContain('login:guessme|10.0.0.2');
    const audit = await app.platform.knex('folyam_audit').where({ actor_name: 'guessme' }).pluck('action');
    expect(audit.filter((a) => a === 'loginFailed')).toHaveLength(6);
    expect(audit).toContain('loginBlocked');
  });

  it('stores passwords as argon2id hashes', async () => {
    const admin = await app.platform.knex('folyam_users').where({ username: 'admin' }).first();
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    expect(await findUserByName(app.platform.knex, 'admin')).toBeTruthy();
  });
});
