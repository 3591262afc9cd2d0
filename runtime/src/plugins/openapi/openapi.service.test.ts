import { describe, expect, it } from 'vitest';
import { validateEntity, type Entity } from '@folyam/metamodel';
import { buildOpenApi, renderApiDocsHtml, type JsonObject } from './openapi.service.ts';

const company: Entity = {
  id: 'ent_company',
  name: 'company',
  label: { hu: 'Cég', en: 'Company' },
  pluralLabel: { hu: 'Cégek', en: 'Companies' },
  titleField: 'name',
  searchFields: ['name', 'taxNumber'],
  fields: [
    { id: 'f_name', name: 'name', type: 'text', label: { hu: 'Név', en: 'Name' }, required: true, maxLength: 200 },
    {
      id: 'f_tax',
      name: 'taxNumber',
      type: 'text',
      label: { hu: 'Adószám', en: 'Tax number' },
      format: 'huTaxNumber',
      unique: true,
    },
    {
      id: 'f_status',
      name: 'status',
      type: 'enum',
      label: { hu: 'Állapot', en: 'Status' },
      required: true,
      default: 'active',
      options: [
        { value: 'active', label: { hu: 'Aktív', en: 'Active' } },
        { value: 'inactive', label: { hu: 'Inaktív', en: 'Inactive' } },
      ],
    },
    { id: 'f_revenue', name: 'revenue', type: 'money', label: { hu: 'Árbevétel', en: 'Revenue' }, min: 0 },
    {
      id: 'f_parent',
      name: 'parent',
      type: 'reference',
      target: 'company',
      label: { hu: 'Anyacég', en: 'Parent company' },
    },
    {
      id: 'f_tags',
      name: 'tags',
      type: 'multiEnum',
      label: { hu: 'Címkék', en: 'Tags' },
      options: [{ value: 'vip', label: { hu: 'VIP', en: 'VIP' } }],
    },
    {
      id: 'f_score',
      name: 'score',
      type: 'integer',
      label: { hu: 'Pontszám', en: 'Score' },
      computed: { expression: 'revenue / 1000' },
    },
  ],
};

const contact: Entity = {
  id: 'ent_contact',
  name: 'contact',
  label: { hu: 'Kapcsolattartó', en: 'Contact' },
  pluralLabel: { hu: 'Kapcsolattartók', en: 'Contacts' },
  titleField: 'fullName',
  fields: [
    { id: 'c_name', name: 'fullName', type: 'text', label: { hu: 'Név', en: 'Full name' }, required: true },
    { id: 'c_email', name: 'email', type: 'email', label: { hu: 'E-mail', en: 'Email' } },
    {
      id: 'c_company',
      name: 'company',
      type: 'reference',
      target: 'company',
      label: { hu: 'Cég', en: 'Company' },
      required: true,
    },
    { id: 'c_birth', name: 'birthDate', type: 'date', label: { hu: 'Születési dátum', en: 'Date of birth' } },
  ],
};

const spec = buildOpenApi([company, contact], { version: '1.2.3', serverUrl: 'http://localhost:3000' });
const schemas = spec.components.schemas;
const props = (name: string) => schemas[name].properties as Record<string, JsonObject>;

describe('buildOpenApi', () => {
  it('uses valid sample metadata', () => {
    expect(validateEntity(company, ['company', 'contact']).ok).toBe(true);
    expect(validateEntity(contact, ['company', 'contact']).ok).toBe(true);
  });

  it('describes the document', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info.version).toBe('1.2.3');
    expect(spec.servers).toEqual([{ url: 'http://localhost:3000' }]);
    expect(buildOpenApi([], { version: '1' }).servers).toBeUndefined();
    expect(spec.components.securitySchemes.cookieAuth).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'folyam_session',
    });
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The result is plain JSON.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('has the system, auth, data and metadata paths', () => {
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/data/company',
        '/api/data/company/{id}',
        '/api/data/company/{id}/history',
        '/api/data/contact',
        '/api/data/contact/{id}',
        '/api/data/contact/{id}/history',
        '/api/meta/entities',
        '/api/meta/entities/{name}',
        '/api/meta/publish',
        '/api/data/company/{id}/shares',
        '/api/data/company/{id}/shares/{shareId}',
        '/api/org/departments',
        '/api/org/groups/{id}',
        '/api/org/users/{id}/password',
        '/api/audit',
        '/api/queries',
        '/api/queries/{id}',
        '/api/queries/run',
        '/api/queries/print',
        '/api/queries/export',
        '/api/jobs/{id}',
        '/api/jobs/{id}/download',
        '/api/files',
        '/api/files/{id}/info',
        '/api/openapi.json',
        '/api/docs',
      ]),
    );
    expect(Object.keys(spec.paths['/api/data/company'])).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/api/data/company/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    expect(spec.paths['/api/health'].get!.security).toEqual([]);
    expect(spec.paths['/api/auth/login'].post!.security).toEqual([]);
    expect(spec.paths['/api/auth/logout'].post!.responses).toHaveProperty('204');

    const ids = Object.values(spec.paths).flatMap((item) =>
      Object.entries(item)
        .filter(([key]) => key !== 'parameters')
        .map(([, op]) => (op as JsonObject).operationId)
        .filter(Boolean),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents list parameters and responses', () => {
    const list = spec.paths['/api/data/company'].get!;
    const params = list.parameters as JsonObject[];
    const inline = params.filter((p) => typeof p.name === 'string').map((p) => p.name);
    expect(inline).toEqual(['filter', 'sort', 'fields', 'q']);
    expect(params).toContainEqual({ $ref: '#/components/parameters/Limit' });
    expect(spec.components.parameters.Limit.schema).toEqual({ type: 'integer', minimum: 1, maximum: 500, default: 50 });
    const filter = params.find((p) => p.name === 'filter') as JsonObject;
    expect(filter.content).toMatchObject({
      'application/json': { schema: { $ref: '#/components/schemas/FilterTree' } },
    });
    const body = (list.responses as Record<string, JsonObject>)['200'].content as Record<string, JsonObject>;
    expect(body['application/json'].schema).toMatchObject({
      required: ['items', 'total'],
      properties: {
        items: { type: 'array', items: { $ref: '#/components/schemas/Company' } },
        total: { type: 'integer' },
      },
    });
    const created = spec.paths['/api/data/company'].post!.responses as Record<string, JsonObject>;
    expect(created['201']).toBeDefined();
    const patch = spec.paths['/api/data/company/{id}'].patch!.responses as Record<string, JsonObject>;
    expect(patch['409']).toEqual({ $ref: '#/components/responses/Conflict' });
    expect(spec.components.responses.Conflict.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    });
  });

  it('generates read, create and update schemas per entity', () => {
    for (const name of [
      'Company',
      'CompanyCreate',
      'CompanyUpdate',
      'Contact',
      'ContactCreate',
      'ContactUpdate',
      'Error',
    ]) {
      expect(schemas).toHaveProperty(name);
    }
    const read = props('Company');
    expect(Object.keys(read)).toEqual(
      expect.arrayContaining([
        'id',
        'version',
        'createdAt',
        'updatedAt',
        'createdBy',
        'updatedBy',
        'ownerId',
        '_titles',
        'name',
        'revenue',
      ]),
    );
    expect(read.version.type).toBe('integer');
    expect(read.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(read._titles).toMatchObject({ readOnly: true, properties: { parent: { type: ['string', 'null'] } } });
    expect(read.name).toMatchObject({ type: 'string', maxLength: 200, title: 'Név / Name' });
  });

  it('maps field types and nullability', () => {
    const read = props('Company');
    expect(read.name.type).toBe('string');
    expect(read.taxNumber).toMatchObject({ type: ['string', 'null'], format: 'huTaxNumber', maxLength: 255 });
    expect(read.status).toMatchObject({
      type: 'string',
      enum: ['active', 'inactive'],
      'x-labels': { active: { hu: 'Aktív', en: 'Active' } },
    });
    expect(read.revenue).toMatchObject({
      type: ['object', 'null'],
      required: ['amount', 'currency'],
      properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
    });
    expect(read.parent).toMatchObject({ type: ['string', 'null'], 'x-reference': 'company' });
    expect(read.tags).toMatchObject({
      type: ['array', 'null'],
      uniqueItems: true,
      items: { type: 'string', enum: ['vip'] },
    });
    expect(read.score).toMatchObject({ type: ['integer', 'null'], readOnly: true });

    const contactRead = props('Contact');
    expect(contactRead.email).toMatchObject({ type: ['string', 'null'], format: 'email' });
    expect(contactRead.company).toMatchObject({ type: 'string', 'x-reference': 'company' });
    expect(contactRead.birthDate).toMatchObject({ type: ['string', 'null'], format: 'date' });

    // A nullable enum must also list null among its values.
    const optionalEnum = buildOpenApi(
      [{ ...company, fields: [{ ...company.fields[2], required: false } as Entity['fields'][number]] }],
      { version: '1' },
    ).components.schemas.Company.properties as Record<string, JsonObject>;
    expect(optionalEnum.status).toMatchObject({ type: ['string', 'null'], enum: ['active', 'inactive', null] });
  });

  it('puts required fields into the create schema and leaves computed fields out of writes', () => {
    const create = schemas.CompanyCreate;
    // status is required but has a default, so it may be left out.
    expect(create.required).toEqual(['name']);
    expect(create.additionalProperties).toBe(false);
    expect(props('CompanyCreate').status.default).toBe('active');
    expect(props('CompanyCreate')).not.toHaveProperty('score');
    expect(props('CompanyCreate')).not.toHaveProperty('id');
    expect(props('CompanyCreate').revenue).toMatchObject({ type: ['object', 'null'], required: ['amount'] });
    expect(schemas.ContactCreate.required).toEqual(['fullName', 'company']);

    const update = schemas.CompanyUpdate;
    expect(update.required).toBeUndefined();
    expect(props('CompanyUpdate').version).toMatchObject({ type: 'integer' });
    expect(props('CompanyUpdate')).not.toHaveProperty('score');
    expect(props('CompanyUpdate').name.type).toBe('string');
    expect(props('CompanyUpdate').taxNumber.type).toEqual(['string', 'null']);
  });

  it('keeps entity schema names apart from built-in ones', () => {
    const error: Entity = { ...contact, id: 'ent_error', name: 'error', fields: [contact.fields[0]] };
    const doc = buildOpenApi([error], { version: '1' });
    expect(doc.components.schemas.Error.required).toEqual(['code', 'message', 'messages']);
    expect(doc.components.schemas).toHaveProperty('ErrorRecord');
    expect(doc.components.schemas).toHaveProperty('ErrorRecordCreate');
    const list = doc.paths['/api/data/error'].get!.responses as Record<string, JsonObject>;
    expect(JSON.stringify(list['200'])).toContain('#/components/schemas/ErrorRecord');
  });

  it('describes errors and the metadata API', () => {
    expect(schemas.Error).toMatchObject({
      required: ['code', 'message', 'messages'],
      properties: { details: { type: 'array', items: { $ref: '#/components/schemas/ErrorDetail' } } },
    });
    expect(schemas.ErrorDetail.required).toEqual(['path', 'code', 'message', 'messages']);
    expect(props('EntityDefinition').fields).toMatchObject({ items: { $ref: '#/components/schemas/FieldDefinition' } });
    expect(props('PublishRequest')).toHaveProperty('confirmDataLoss');
  });
});

describe('renderApiDocsHtml', () => {
  const html = renderApiDocsHtml(spec);

  it('renders an accessible, self-contained page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<main id="main"');
    expect(html).toContain('<nav aria-label="Contents"');
    expect(html).toMatch(/<h1>Folyam API<\/h1>/);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!localhost)[^"'\s<]*\.(js|css)/i);
    expect(html).toContain('/api/data/company/{id}/history');
    expect(html).toContain('id="schema-CompanyCreate"');
    expect(html).toContain('<span lang="hu">Cégek</span> / Companies');
    expect(html).toContain('<span lang="hu">Aktív</span> / Active');
    // Every in-page link points to an element that exists.
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(ids, t).toContain(t);
    expect([...html.matchAll(/ id="([^"]+)"/g)].length).toBe(ids.size);
  });

  it('escapes every string from the spec', () => {
    const evil: Entity = {
      ...company,
      label: { hu: '<script>alert(1)</script>', en: 'Evil "company" & co' },
      pluralLabel: { hu: '<img src=x onerror=alert(1)>', en: 'Evils' },
    };
    const page = renderApiDocsHtml(buildOpenApi([evil], { version: '<b>1</b>' }));
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>1</b>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Evil &quot;company&quot; &amp; co');
  });

  it('copes with a minimal or odd document', () => {
    expect(renderApiDocsHtml({})).toContain('<html lang="en">');
    const odd = renderApiDocsHtml({
      info: { title: 'X' },
      paths: { '/a': { get: { responses: { '200': { $ref: '#/nowhere' } } } } },
    });
    expect(odd).toContain('/a');
  });
});
