/** Hostile and malformed input: each gets a 4xx with a stable code, never a 500, never SQL in the body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const q = (o: unknown) => encodeURIComponent(typeof o === 'string' ? o : JSON.stringify(o));

describe.each(testDatabases())('bad input on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let id: string;
  beforeAll(async () => {
    app = await startTestApp(db);
    admin = await app.login();
    id = (await admin.request('POST', '/api/data/company', { name: 'Célpont Kft.', employees: 5 })).body.id;
  });
  afterAll(() => app?.close());

  const expectClean = (res: { status: number; body: unknown }, status: number, code?: string) => {
    expect(res.status).toBe(status);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/select |insert |update `|SQLITE|ER_|sqlMessage/i);
    const body = res.body as { code: string; messages: { hu: string; en: string } };
    if (code) expect(body.code).toBe(code);
    expect(body.messages.hu).toBeTruthy();
    expect(body.messages.en).toBeTruthy();
  };

  it.each([
    ['unknown entity', '/api/data/nosuch', 404, 'UNKNOWN_ENTITY'],
    ['entity name with SQL', `/api/data/${q('company; drop table company')}`, 404, 'UNKNOWN_ENTITY'],
    ['unknown filter field', `/api/data/company?filter=${q({ field: 'nosuch', op: 'eq', value: 1 })}`, 400, 'UNKNOWN_FIELD'],
    ['SQL as a field name', `/api/data/company?filter=${q({ field: 'name) or 1=1 --', op: 'eq', value: 1 })}`, 400, 'VALIDATION_FAILED'],
    ['unknown operator', `/api/data/company?filter=${q({ field: 'name', op: 'like', value: 'x' })}`, 400, 'VALIDATION_FAILED'],
    ['operator that does not fit the type', `/api/data/company?filter=${q({ field: 'employees', op: 'contains', value: 1 })}`, 400, 'INVALID_FILTER'],
    ['wrong value type', `/api/data/company?filter=${q({ field: 'employees', op: 'gt', value: 'ten' })}`, 400, 'INVALID_FILTER'],
    ['object-shaped value', `/api/data/company?filter=${q({ field: 'name', op: 'eq', value: { $ne: null } })}`, 400, 'VALIDATION_FAILED'],
    ['array where a scalar belongs', `/api/data/company?filter=${q({ field: 'name', op: 'eq', value: ['a', 'b'] })}`, 400, 'INVALID_FILTER'],
    ['between with one value', `/api/data/company?filter=${q({ field: 'employees', op: 'between', value: [1] })}`, 400, 'INVALID_FILTER'],
    ['unknown enum option', `/api/data/company?filter=${q({ field: 'status', op: 'eq', value: 'x' })}`, 400, 'INVALID_FILTER'],
    ['filter that is not JSON', `/api/data/company?filter=${q('{nope')}`, 400, 'INVALID_FILTER'],
    ['deep path through a non-reference', `/api/data/company?filter=${q({ field: 'name.length', op: 'eq', value: 1 })}`, 400, 'UNKNOWN_FIELD'],
    ['SQL in a sort key', `/api/data/company?sort=${q('name; drop table company')}`, 400, 'INVALID_SORT'],
    ['unknown sort field', '/api/data/company?sort=-nosuch', 400, 'UNKNOWN_FIELD'],
    ['unknown fields entry', '/api/data/company?fields=name,password', 400, 'UNKNOWN_FIELD'],
    ['negative offset', '/api/data/company?offset=-1', 400, 'INVALID_PARAMETER'],
    ['huge limit', '/api/data/company?limit=100000', 400, 'INVALID_PARAMETER'],
    ['unknown parameter', '/api/data/company?where=1', 400, 'INVALID_PARAMETER'],
    ['repeated parameter', '/api/data/company?limit=1&limit=2', 400, 'INVALID_PARAMETER'],
    ['id with SQL', `/api/data/company/${q("1' or '1'='1")}`, 404, 'NOT_FOUND'],
  ])('%s → %i', async (_name, url, status, code) => {
    expectClean(await admin.request('GET', url), status, code);
  });

  it('keeps SQL in values as plain data', async () => {
    const evil = "x'); DROP TABLE company; --";
    const res = await admin.request('POST', '/api/data/company', { name: evil });
    expect(res.status).toBe(201);
    const found = await admin.request('GET', `/api/data/company?filter=${q({ field: 'name', op: 'eq', value: evil })}`);
    expect(found.body.items.map((r: { name: string }) => r.name)).toEqual([evil]);
  });

  it.each([
    ['wrong type', { employees: 'many' }, 'employees', 'number'],
    ['object-shaped value (knex CVE-2016-20018 pattern)', { name: { name: 'x' } }, 'name', 'invalidType'],
    ['unknown field', { nosuch: 1 }, 'nosuch', 'unknownField'],
    ['system field', { createdBy: 'me' }, 'createdBy', 'readOnly'],
    ['computed field', { fullName: 'x' }, 'fullName', 'unknownField'],
    ['bad reference', { name: 'x', company: 'nope' }, 'company', 'unknownField'],
  ])('refuses a write with %s', async (_name, payload, path, code) => {
    const res = await admin.request('POST', '/api/data/company', { name: 'Ok', ...payload });
    expectClean(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0]).toMatchObject({ path, code });
  });

  it('refuses a contact pointing at a company that does not exist', async () => {
    const res = await admin.request('POST', '/api/data/contact', { familyName: 'A', givenName: 'B', company: '0190aaaa-0000-7000-8000-000000000000' });
    expectClean(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0]).toMatchObject({ path: 'company', code: 'referenceMissing' });
  });

  it('refuses a body that is not a JSON object', async () => {
    expectClean(await admin.request('POST', '/api/data/company', '[1,2]', { 'content-type': 'application/json' }), 400, 'INVALID_BODY');
    expectClean(await admin.request('POST', '/api/data/company', '{"name":', { 'content-type': 'application/json' }), 400, 'INVALID_JSON');
    expectClean(await admin.request('POST', '/api/data/company', 'name=x', { 'content-type': 'text/plain' }), 400);
  });

  it('refuses an oversized payload with 413 and stores nothing', async () => {
    const before = (await admin.request('GET', '/api/data/company')).body.total;
    const res = await admin.request('POST', '/api/data/company', { name: 'x', notes: 'a'.repeat(2_000_000) });
    expectClean(res, 413, 'PAYLOAD_TOO_LARGE');
    expect((await admin.request('GET', '/api/data/company')).body.total).toBe(before);
  });

  it('leaves the stored record untouched after a refused update', async () => {
    const res = await admin.request('PATCH', `/api/data/company/${id}`, { version: 1, employees: -5, name: '' });
    expectClean(res, 400, 'VALIDATION_FAILED');
    const rec = await admin.request('GET', `/api/data/company/${id}`);
    expect(rec.body).toMatchObject({ name: 'Célpont Kft.', employees: 5, version: 1 });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    expectClean(await admin.request('GET', '/api/nothing/here'), 404, 'NOT_FOUND');
  });
});
