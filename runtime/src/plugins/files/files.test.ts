import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

function multipart(name: string, type: string, content: Buffer | string) {
  const boundary = '----folyam' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDatabases())('files on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let other: TestClient;
  beforeAll(async () => {
    app = await startTestApp(db);
    admin = await app.login();
    // given: an entity with a file field, readable by a second role only for its own records
    await admin.request('PUT', '/api/meta/entities/document', {
      id: 'document',
      name: 'document',
      label: { hu: 'Dokumentum', en: 'Document' },
      pluralLabel: { hu: 'Dokumentumok', en: 'Documents' },
      fields: [
        { id: 'document_title', name: 'title', type: 'text', label: { hu: 'Cím', en: 'Title' } },
        { id: 'document_file', name: 'file', type: 'file', label: { hu: 'Fájl', en: 'File' } },
      ],
    });
    await admin.request('PUT', '/api/meta/roles/clerk', {
      id: 'clerk',
      name: 'clerk',
      label: { hu: 'Ügyintéző', en: 'Clerk' },
      permissions: [{ entity: 'document', actions: ['read', 'create'], scope: 'own' }],
    });
    await admin.request('POST', '/api/meta/publish', {});
    await createUser(app.platform.knex, app.platform.clock, {
      username: 'clerk',
      password: 'Clerk-Pass-2026',
      roles: ['clerk'],
    });
    other = await app.login('clerk', 'Clerk-Pass-2026');
  });
  afterAll(() => app?.close());

  it('uploads a file, links it from a record and serves it to those who may read the record only', async () => {
    // when
    const form = multipart('Árajánlat 2026.pdf', 'application/pdf', '%PDF-1.4 test');
    const up = await admin.request('POST', '/api/files', form.body, form.headers);
    // then
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: 'Árajánlat 2026.pdf', mime: 'application/pdf', size: 13 });
    const rec = await admin.request('POST', '/api/data/document', { title: 'Ajánlat', file: up.body.id });
    expect(rec.status).toBe(201);
    const down = await admin.request('GET', `/api/files/${up.body.id}`);
    expect(down.status).toBe(200);
    expect(down.headers['content-disposition']).toContain("filename*=UTF-8''%C3%81raj%C3%A1nlat%202026.pdf");
    expect((await other.request('GET', `/api/files/${up.body.id}`)).status).toBe(404);
    // and knowing the id does not let the clerk attach it to a record of their own
    const stolen = await other.request('POST', '/api/data/document', { title: 'Lopott', file: up.body.id });
    expect(stolen.status).toBe(400);
    expect(stolen.body.details[0]).toMatchObject({ path: 'file', code: 'referenceMissing' });
    // while their own upload, attached to their own record, is theirs to read
    const own = multipart('sajat.txt', 'text/plain', 'saját');
    const ownUp = await other.request('POST', '/api/files', own.body, own.headers);
    expect((await other.request('POST', '/api/data/document', { title: 'Saját', file: ownUp.body.id })).status).toBe(
      201,
    );
    expect((await other.request('GET', `/api/files/${ownUp.body.id}`)).status).toBe(200);
    expect((await admin.request('GET', `/api/files/${ownUp.body.id}`)).status).toBe(200);
  });

  it('sends active content as an attachment, never inline', async () => {
    const form = multipart('x.html', 'text/html', '<script>alert(1)</script>');
    const up = await admin.request('POST', '/api/files', form.body, form.headers);
    const down = await admin.request('GET', `/api/files/${up.body.id}`);
    expect(down.headers['content-type']).toMatch(/application\/octet-stream/);
    expect(down.headers['content-disposition']).toMatch(/^attachment/);
  });

  it('refuses uploads without a file part, and oversized ones', async () => {
    const res = await admin.request('POST', '/api/files', '{}', { 'content-type': 'application/json' });
    expect(res.status).toBe(415);
    const big = multipart('big.bin', 'application/octet-stream', Buffer.alloc(26 * 1024 * 1024));
    expect((await admin.request('POST', '/api/files', big.body, big.headers)).status).toBe(413);
  });
});
