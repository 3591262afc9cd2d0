import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

type Entry = {
  action: string;
  entity: string | null;
  recordId: string | null;
  actor: { username: string };
  changes: Record<string, unknown> | null;
  info: Record<string, unknown> | null;
};

describe.each(testDatabases())('audit view on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient, auditor: TestClient, sales1: TestClient;
  let prospect: { id: string }, active: { id: string };

  beforeAll(async () => {
    app = await startTestApp(db, { demoUsers: true });
    admin = await app.login();
    prospect = (
      await admin.request('POST', '/api/data/company', { name: 'Érdeklődő Kft.', status: 'prospect', notes: 'titkos' })
    ).body;
    active = (
      await admin.request('POST', '/api/data/company', { name: 'Ügyfél Kft.', status: 'active', notes: 'titkos' })
    ).body;
    await app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sales1', password: 'wrong-password-1' },
    });
    auditor = await app.login('auditor');
    sales1 = await app.login('sales1');
    await sales1.request('GET', '/api/data/contract/nonexistent');
    await sales1.request('GET', `/api/data/company/${active.id}`);
    await app.login('marketing').then((m) => m.request('GET', '/api/data/balanceSheet'));
  });
  afterAll(() => app?.close());

  it('is refused to users without an audit role (403, itself audited)', async () => {
    const res = await sales1.request('GET', '/api/audit');
    expect(res.status).toBe(403);
    const denied = await app.platform
      .knex('folyam_audit')
      .where({ action: 'denied', actor_name: 'sales1' })
      .whereNull('entity')
      .first();
    expect(JSON.parse(denied.info)).toMatchObject({ action: 'audit' });
  });

  it('shows the auditor logins, failed logins and denied access', async () => {
    const res = await auditor.request('GET', '/api/audit?limit=500');
    expect(res.status).toBe(200);
    const actions = new Set(res.body.items.map((e: Entry) => e.action));
    for (const a of ['login', 'loginFailed', 'denied', 'created']) expect(actions).toContain(a);
    const failed = res.body.items.find((e: Entry) => e.action === 'loginFailed');
    expect(failed.actor.username).toBe('sales1');
    const denied = await auditor.request('GET', '/api/audit?action=denied&actor=marketing');
    expect(denied.body.items[0]).toMatchObject({
      entity: 'balanceSheet',
      info: { action: 'read', reason: 'notGranted' },
    });
    const outOfScope = await auditor.request('GET', `/api/audit?entity=company&recordId=${active.id}&action=denied`);
    expect(outOfScope.body.items).toHaveLength(1);
    expect(outOfScope.body.items[0]).toMatchObject({ actor: { username: 'sales1' }, info: { reason: 'outOfScope' } });
  });

  it('filters by entity, record and actor, pages, and refuses bad parameters', async () => {
    const one = await auditor.request('GET', `/api/audit?entity=company&recordId=${prospect.id}`);
    expect(one.body.items.map((e: Entry) => e.action)).toEqual(['created']);
    const paged = await auditor.request('GET', '/api/audit?limit=2&offset=1');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.total).toBeGreaterThan(3);
    expect((await auditor.request('GET', '/api/audit?limit=0')).status).toBe(400);
    expect((await auditor.request('GET', '/api/audit?entity=drop%20table')).status).toBe(400);
    expect((await auditor.request('GET', '/api/audit?colour=red')).status).toBe(400);
  });

  it('shows a reader only entries of records they may read, without the fields hidden from them', async () => {
    // given: an audit role that reads only prospects, with notes hidden
    const role = {
      id: 'prospectAuditor',
      name: 'prospectAuditor',
      label: { hu: 'Érdeklődő-ellenőr', en: 'Prospect auditor' },
      audit: true,
      permissions: [
        {
          entity: 'company',
          actions: ['read'],
          filter: { field: 'status', op: 'eq', value: 'prospect' },
          hiddenFields: ['notes'],
        },
      ],
    };
    expect((await admin.request('PUT', '/api/meta/roles/prospectAuditor', role)).status).toBe(200);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    await admin.request(
      'PATCH',
      `/api/org/users/${(await app.platform.knex('folyam_users').where({ username: 'marketing' }).first()).id}`,
      { roles: ['prospectAuditor'] },
    );
    const reader = await app.login('marketing');
    // when
    const res = await reader.request('GET', '/api/audit?entity=company&limit=500');
    // then
    expect(res.status).toBe(200);
    const records = new Set(res.body.items.map((e: Entry) => e.recordId).filter(Boolean));
    expect(records.has(prospect.id)).toBe(true);
    expect(records.has(active.id)).toBe(false);
    const created = res.body.items.find((e: Entry) => e.recordId === prospect.id && e.action === 'created');
    expect(created.changes).toHaveProperty('name');
    expect(created.changes).not.toHaveProperty('notes');
    const contacts = await reader.request('GET', '/api/audit?entity=contact');
    expect(contacts.body.total).toBe(0);
    // the administrator sees it all
    const all = await admin.request('GET', `/api/audit?entity=company&recordId=${active.id}&action=created`);
    expect(all.body.items[0].changes.notes).toEqual({ after: 'titkos' });
  });
});
