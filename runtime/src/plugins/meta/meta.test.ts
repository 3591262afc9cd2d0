import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

describe.each(testDatabases())('metadata API on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let companyId: string;
  const columns = async () => Object.keys(await app.platform.knex('company').columnInfo());

  beforeAll(async () => {
    app = await startTestApp(db);
    admin = await app.login();
    companyId = (await admin.request('POST', '/api/data/company', { name: 'Meta Kft.' })).body.id;
  });
  afterAll(() => app?.close());

  const companyDraft = async () => (await admin.request('GET', '/api/meta/entities/company?draft=1')).body;

  it('adds a field: publish creates the column and the API accepts the field', async () => {
    // given
    const company = await companyDraft();
    company.fields.push({
      id: 'company_rating',
      name: 'rating',
      type: 'integer',
      min: 1,
      max: 5,
      label: { hu: 'Értékelés', en: 'Rating' },
    });
    // when
    const saved = await admin.request('PUT', '/api/meta/entities/company', company);
    const dry = await admin.request('POST', '/api/meta/publish', { dryRun: true });
    const published = await admin.request('POST', '/api/meta/publish', {});
    // then
    expect(saved.status).toBe(200);
    expect(dry.body).toMatchObject({
      applied: false,
      plan: { dataLoss: false, steps: [{ op: 'addColumn', table: 'company', column: { name: 'rating' } }] },
    });
    expect(published.status).toBe(200);
    expect(published.body.applied).toBe(true);
    expect(await columns()).toContain('rating');
    const patched = await admin.request('PATCH', `/api/data/company/${companyId}`, { version: 1, rating: 4 });
    expect(patched.body).toMatchObject({ rating: 4, version: 2 });
    const invalid = await admin.request('PATCH', `/api/data/company/${companyId}`, { version: 2, rating: 9 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details[0]).toMatchObject({ path: 'rating', code: 'tooBig' });
  });

  it('renames a field: the column is renamed and the values stay', async () => {
    const company = await companyDraft();
    company.fields.find((f: { id: string }) => f.id === 'company_rating').name = 'score';
    await admin.request('PUT', '/api/meta/entities/company', company);
    const result = await admin.request('POST', '/api/meta/publish', {});
    expect(result.body.plan.steps).toMatchObject([{ op: 'renameColumn', from: 'rating', to: 'score' }]);
    expect(await columns()).toContain('score');
    expect(await columns()).not.toContain('rating');
    const rec = await admin.request('GET', `/api/data/company/${companyId}`);
    expect(rec.body.score).toBe(4);
    expect(rec.body).not.toHaveProperty('rating');
  });

  it('removes a field: the plan flags data loss and nothing is dropped without confirmation', async () => {
    const company = await companyDraft();
    company.fields = company.fields.filter((f: { id: string }) => f.id !== 'company_rating');
    await admin.request('PUT', '/api/meta/entities/company', company);
    const dry = await admin.request('POST', '/api/meta/publish', { dryRun: true });
    expect(dry.body.plan.dataLoss).toBe(true);
    expect(dry.body.plan.steps).toMatchObject([{ op: 'dropColumn', column: 'score', dataLoss: true }]);
    const refused = await admin.request('POST', '/api/meta/publish', {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('DATA_LOSS_NOT_CONFIRMED');
    expect(await columns()).toContain('score');
    expect((await admin.request('GET', `/api/data/company/${companyId}`)).body.score).toBe(4);
    const confirmed = await admin.request('POST', '/api/meta/publish', { confirmDataLoss: true });
    expect(confirmed.status).toBe(200);
    expect(await columns()).not.toContain('score');
  });

  it('creates a new entity with a reference, and the data API serves it at once', async () => {
    const project = {
      id: 'project',
      name: 'project',
      label: { hu: 'Projekt', en: 'Project' },
      pluralLabel: { hu: 'Projektek', en: 'Projects' },
      fields: [
        { id: 'project_name', name: 'name', type: 'text', required: true, label: { hu: 'Név', en: 'Name' } },
        { id: 'project_due', name: 'due', type: 'date', label: { hu: 'Határidő', en: 'Due' } },
        {
          id: 'project_company',
          name: 'company',
          type: 'reference',
          target: 'company',
          label: { hu: 'Cég', en: 'Company' },
        },
      ],
    };
    expect((await admin.request('PUT', '/api/meta/entities/project', project)).status).toBe(200);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    const created = await admin.request('POST', '/api/data/project', {
      name: 'Bevezetés',
      due: '2026-12-31',
      company: companyId,
    });
    expect(created.status).toBe(201);
    expect(created.body._titles).toEqual({ company: 'Meta Kft.' });
    const spec = await app.server.inject('/api/openapi.json');
    expect(Object.keys(JSON.parse(spec.payload).paths)).toContain('/api/data/project');
  });

  it('links records many-to-many through a relation', async () => {
    // given: a tag entity and a `tags` relation on project
    const tag = {
      id: 'tag',
      name: 'tag',
      label: { hu: 'Címke', en: 'Tag' },
      pluralLabel: { hu: 'Címkék', en: 'Tags' },
      fields: [{ id: 'tag_name', name: 'name', type: 'text', label: { hu: 'Név', en: 'Name' } }],
    };
    await admin.request('PUT', '/api/meta/entities/tag', tag);
    const project = (await admin.request('GET', '/api/meta/entities/project?draft=1')).body;
    project.relations = [
      { id: 'project_tags', name: 'tags', kind: 'manyToMany', target: 'tag', label: { hu: 'Címkék', en: 'Tags' } },
    ];
    await admin.request('PUT', '/api/meta/entities/project', project);
    const published = await admin.request('POST', '/api/meta/publish', {});
    expect(published.body.plan.steps.map((s: { op: string }) => s.op)).toEqual(['createTable', 'createLinkTable']);
    const a = (await admin.request('POST', '/api/data/tag', { name: 'VIP' })).body.id;
    const b = (await admin.request('POST', '/api/data/tag', { name: 'Export' })).body.id;
    // when
    const created = await admin.request('POST', '/api/data/project', { name: 'Címkézett', tags: [a, b] });
    const patched = await admin.request('PATCH', `/api/data/project/${created.body.id}`, { version: 1, tags: [b] });
    const bad = await admin.request('PATCH', `/api/data/project/${created.body.id}`, { version: 2, tags: ['nope'] });
    // then
    expect(created.body.tags.sort()).toEqual([a, b].sort());
    expect(patched.body.tags).toEqual([b]);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ path: 'tags', code: 'referenceMissing' });
    const history = await admin.request('GET', `/api/data/project/${created.body.id}/history`);
    expect(history.body.items[1].changes.tags.after).toEqual([b]);
  });

  it('serves a generated form per entity until one is designed, then the designed one', async () => {
    const generated = await admin.request('GET', '/api/meta/forms/company');
    expect(generated.body).toMatchObject({ entity: 'company', generated: true });
    expect(generated.body.schema.components[0]).toMatchObject({
      type: 'textfield',
      key: 'name',
      validate: { required: true },
    });
    // when: the administrator moves the tax number first and adds a field shown only for active customers
    const components = generated.body.schema.components.filter((c: { key: string }) => c.key !== 'taxNumber');
    const designed = {
      id: 'company_form',
      name: 'company',
      entity: 'company',
      schema: {
        type: 'default',
        components: [
          { type: 'folyam-tax-number', key: 'taxNumber', label: 'Adószám' },
          ...components.map((c: { key: string }) =>
            c.key === 'euVatNumber' ? { ...c, conditional: { hide: '=status != "active"' } } : c,
          ),
        ],
      },
    };
    expect((await admin.request('PUT', '/api/meta/forms/company', designed)).status).toBe(200);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    // then
    const served = await admin.request('GET', '/api/meta/forms/company');
    expect(served.body.generated).toBeUndefined();
    expect(served.body.schema.components[0].key).toBe('taxNumber');
    const bad = await admin.request('PUT', '/api/meta/forms/company', {
      ...designed,
      schema: { components: [{ type: 'textfield', key: 'nosuch' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ path: 'schema.components[0].key', code: 'unknownField' });
  });

  it('refuses invalid metadata with paths, and non-admins entirely', async () => {
    const bad = await admin.request('PUT', '/api/meta/entities/broken', {
      id: 'broken',
      label: { hu: 'x' },
      pluralLabel: { hu: 'x', en: 'x' },
      fields: [{ id: 'f', name: 'f', type: 'nope', label: { hu: 'x', en: 'x' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['label.en']));
    const anon = await app.server.inject({ method: 'POST', url: '/api/meta/publish', payload: {} });
    expect(anon.statusCode).toBe(401);
  });

  it('keeps every published version with who and when', async () => {
    const res = await admin.request('GET', '/api/meta/versions');
    expect(res.body.items.length).toBeGreaterThanOrEqual(5);
    expect(res.body.items[0]).toMatchObject({ publishedBy: expect.any(String), publishedAt: expect.any(String) });
    const diff = await admin.request('GET', `/api/meta/versions/${res.body.items[1].version}/diff`);
    expect(diff.body.changes).toEqual([
      { kind: 'entity', id: 'project', name: 'project', change: 'changed' },
      { kind: 'entity', id: 'tag', name: 'tag', change: 'added' },
    ]);
    expect(diff.body.plan.steps[0]).toMatchObject({ op: 'createTable', table: 'tag' });
  });
});
