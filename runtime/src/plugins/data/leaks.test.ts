/** Side channels around hidden fields and unreadable records: formulas, metadata and many-to-many links. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const label = (hu: string, en = hu) => ({ hu, en });

describe.each(testDatabases())('no side channels on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let viewer: TestClient;
  let noteId: string;
  let tagMine: string;
  let tagOther: string;

  beforeAll(async () => {
    app = await startTestApp(db);
    admin = await app.login();
    // given: a note whose `code` is hidden from viewers, a formula that reads it, and tags viewers see only if own
    await admin.request('PUT', '/api/meta/entities/tag', { id: 'tag', name: 'tag', label: label('Címke', 'Tag'), pluralLabel: label('Címkék', 'Tags'), fields: [{ id: 'tag_name', name: 'name', type: 'text', label: label('Név', 'Name') }] });
    await admin.request('PUT', '/api/meta/entities/note', {
      id: 'note',
      name: 'note',
      label: label('Jegyzet', 'Note'),
      pluralLabel: label('Jegyzetek', 'Notes'),
      titleField: 'code',
      searchFields: ['code', 'title'],
      fields: [
        { id: 'note_code', name: 'code', type: 'text', label: label('Kód', 'Code') },
        { id: 'note_title', name: 'title', type: 'text', label: label('Cím', 'Title') },
        { id: 'note_shown', name: 'shown', type: 'text', computed: { expression: 'title + "/" + code' }, label: label('Mutatott', 'Shown') },
      ],
      relations: [{ id: 'note_tags', name: 'tags', kind: 'manyToMany', target: 'tag', label: label('Címkék', 'Tags') }],
    });
    await admin.request('PUT', '/api/meta/roles/viewer', {
      id: 'viewer',
      name: 'viewer',
      label: label('Olvasó', 'Viewer'),
      permissions: [
        { entity: 'note', actions: ['read'], scope: 'all', hiddenFields: ['code'] },
        { entity: 'tag', actions: ['read', 'create'], scope: 'own' },
      ],
    });
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    await createUser(app.platform.knex, app.platform.clock, { username: 'viewer', password: 'Viewer-Pass-2026', roles: ['viewer'] });
    viewer = await app.login('viewer', 'Viewer-Pass-2026');
    tagMine = (await viewer.request('POST', '/api/data/tag', { name: 'enyém' })).body.id;
    tagOther = (await admin.request('POST', '/api/data/tag', { name: 'másé' })).body.id;
    noteId = (await admin.request('POST', '/api/data/note', { code: 'TITOK-42', title: 'Nyilvános', tags: [tagMine, tagOther] })).body.id;
  });
  afterAll(() => app?.close());

  it('computes formulas only from fields the reader may see', async () => {
    expect((await admin.request('GET', `/api/data/note/${noteId}`)).body.shown).toBe('Nyilvános/TITOK-42');
    const seen = await viewer.request('GET', `/api/data/note/${noteId}`);
    expect(seen.body).not.toHaveProperty('code');
    expect(JSON.stringify(seen.body)).not.toContain('TITOK-42');
  });

  it('does not name hidden fields anywhere in the metadata the reader gets', async () => {
    const entities = (await viewer.request('GET', '/api/meta/entities')).body.items;
    const note = entities.find((e: { name: string }) => e.name === 'note');
    expect(JSON.stringify(note)).not.toMatch(/"code"/);
    expect(note.searchFields).toEqual(['title']);
  });

  it('lists only the linked records the reader may read', async () => {
    expect((await admin.request('GET', `/api/data/note/${noteId}`)).body.tags.sort()).toEqual([tagMine, tagOther].sort());
    expect((await viewer.request('GET', `/api/data/note/${noteId}`)).body.tags).toEqual([tagMine]);
  });
});
