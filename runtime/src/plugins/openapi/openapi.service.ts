/**
 * OpenAPI 3.1 description of the Folyam HTTP API, generated from published entity metadata, and a self-contained
 * HTML page that renders it for people. Pure: no I/O, no hapi.
 *
 * `buildOpenApi([company, contact], { version: '0.1.0' })` → `{ openapi: '3.1.0', paths: { '/api/data/company': … } }`
 * `renderApiDocsHtml(spec)` → `'<!doctype html><html lang="en">…'`
 */
import {
  DEFAULT_CURRENCY,
  DEFAULT_TEXT_LENGTH,
  Entity,
  Field,
  FILTER_OPS,
  type LocalizedText,
  type TextFormat,
} from '@folyam/metamodel';
import { escapeHtml } from '@folyam/platform';
import { capabilityPaths, CAPABILITY_TAGS } from './openapi.capabilities.ts';
import { errors, idParam, itemsOf, json, paramRef, ref, type JsonObject, type PathItem } from './openapi.parts.ts';

export type { JsonObject, PathItem } from './openapi.parts.ts';

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: JsonObject;
  servers?: { url: string; description?: string }[];
  tags: JsonObject[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonObject>;
    parameters: Record<string, JsonObject>;
    responses: Record<string, JsonObject>;
    securitySchemes: Record<string, JsonObject>;
  };
};

export type BuildOpenApiOptions = { version: string; serverUrl?: string };

/** The schema names an entity's read, create and update schemas get. */
export type EntitySchemaNames = { read: string; create: string; update: string };

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------------------------

/** Ids of records, references and files (what the runtime accepts for a reference). */
const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const FIELD_PATH_PATTERN = '^[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*){0,3}$';
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;
const SYSTEM_TAG = 'System';
const AUTH_TAG = 'Authentication';
const META_TAG = 'Metadata';
const ORG_TAG = 'Organisation';
const AUDIT_TAG = 'Audit';

/** `{ hu: 'Cég', en: 'Company' }` → `'Cég / Company'`. */
function bilingual(text: LocalizedText): string {
  return text.hu === text.en ? text.en : `${text.hu} / ${text.en}`;
}

/** English first, then Hungarian, as separate paragraphs. */
function bilingualParagraphs(text: LocalizedText | undefined): string[] {
  if (!text) return [];
  return text.hu === text.en ? [text.en] : [text.en, text.hu];
}

function joinParagraphs(parts: (string | undefined | false)[]): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return kept.length ? kept.join('\n\n') : undefined;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Adds `null` to a schema's type (and enum), the OpenAPI 3.1 way. Schemas without a type already allow null. */
function nullable(schema: JsonObject): JsonObject {
  const out = { ...schema };
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  else return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** Drops keys whose value is undefined, so the document stays clean JSON. */
function clean(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const FORMAT_NOTES: Record<TextFormat, string> = {
  huTaxNumber: 'Hungarian tax number (adószám), e.g. `12345676-2-41`; the check digit is verified.',
  huCompanyRegistrationNumber: 'Hungarian company registration number (cégjegyzékszám), e.g. `01-09-123456`.',
  euVatNumber: 'EU VAT number (közösségi adószám) with country prefix, e.g. `HU12345676`.',
  huPostcode: 'Hungarian postcode (irányítószám): four digits, e.g. `1051`.',
  teaor: 'TEÁOR activity code, e.g. `62.01`.',
};

// ---------------------------------------------------------------------------------------------------------------
// Entity schemas
// ---------------------------------------------------------------------------------------------------------------

type Mode = 'read' | 'create' | 'update';

/** The bare JSON Schema of a field's value (no title, no nullability), plus notes for the description. */
function valueSchema(field: Field, mode: Mode): { schema: JsonObject; notes: string[] } {
  const notes: string[] = [];
  const range = (f: { min?: number; max?: number }) => ({ minimum: f.min, maximum: f.max });
  switch (field.type) {
    case 'text':
      if (field.format) notes.push(FORMAT_NOTES[field.format]);
      return {
        schema: clean({
          type: 'string',
          minLength: field.minLength,
          maxLength: field.maxLength ?? DEFAULT_TEXT_LENGTH,
          pattern: field.pattern,
          format: field.format,
        }),
        notes,
      };
    case 'longText':
      if (field.rich) notes.push('Rich text.');
      return {
        schema: clean({ type: 'string', maxLength: field.maxLength, 'x-rich-text': field.rich || undefined }),
        notes,
      };
    case 'email':
      return { schema: { type: 'string', format: 'email', maxLength: 254 }, notes };
    case 'phone':
      notes.push('Phone number with 7 to 15 digits, e.g. `+36 30 123 4567`.');
      return { schema: { type: 'string', pattern: '^\\+?[\\d\\s()./-]+$', maxLength: 40 }, notes };
    case 'url':
      notes.push('An `http` or `https` address.');
      return { schema: { type: 'string', format: 'uri', maxLength: 2000 }, notes };
    case 'integer':
      return { schema: clean({ type: 'integer', ...range(field) }), notes };
    case 'decimal':
      if (field.scale !== undefined) notes.push(`Up to ${field.scale} decimal places.`);
      return { schema: clean({ type: 'number', ...range(field), 'x-scale': field.scale }), notes };
    case 'percent':
      notes.push('A percentage.');
      return { schema: clean({ type: 'number', ...range(field) }), notes };
    case 'money': {
      const currency = field.currency ?? DEFAULT_CURRENCY;
      if (mode !== 'read') {
        notes.push(
          `\`currency\` defaults to \`${currency}\`; a plain number is also accepted as an amount in ${currency}.`,
        );
      }
      return {
        schema: {
          type: 'object',
          additionalProperties: false,
          required: mode === 'read' ? ['amount', 'currency'] : ['amount'],
          properties: {
            amount: clean({ type: 'number', ...range(field), description: 'The amount.' }),
            currency: clean({
              type: 'string',
              pattern: '^[A-Z]{3}$',
              enum: field.currencies,
              default: mode === 'read' ? undefined : currency,
              description: 'ISO 4217 currency code.',
            }),
          },
        },
        notes,
      };
    }
    case 'boolean':
      return { schema: { type: 'boolean' }, notes };
    case 'date':
      if (field.min) notes.push(`Not before \`${field.min}\`.`);
      if (field.max) notes.push(`Not after \`${field.max}\`.`);
      return {
        schema: clean({ type: 'string', format: 'date', formatMinimum: field.min, formatMaximum: field.max }),
        notes,
      };
    case 'datetime':
      return { schema: { type: 'string', format: 'date-time' }, notes };
    case 'enum':
    case 'multiEnum': {
      const item = {
        type: 'string',
        enum: field.options.map((o) => o.value),
        'x-labels': Object.fromEntries(field.options.map((o) => [o.value, { hu: o.label.hu, en: o.label.en }])),
      };
      return {
        schema: field.type === 'enum' ? item : { type: 'array', uniqueItems: true, items: item },
        notes,
      };
    }
    case 'reference':
      notes.push(`Id of a \`${field.target}\` record; its display title is in \`_titles.${field.name}\`.`);
      return { schema: { type: 'string', pattern: ID_PATTERN, 'x-reference': field.target }, notes };
    case 'file': {
      notes.push('Id of an uploaded file.');
      if (field.accept?.length) notes.push(`Accepted types: ${field.accept.map((a) => `\`${a}\``).join(', ')}.`);
      if (field.maxSize) notes.push(`At most ${field.maxSize} bytes.`);
      const file = clean({ accept: field.accept, maxSize: field.maxSize });
      return {
        schema: clean({ type: 'string', pattern: ID_PATTERN, 'x-file': Object.keys(file).length ? file : undefined }),
        notes,
      };
    }
    case 'json':
      notes.push('Any JSON value (at most 64 KiB when serialised).');
      return { schema: {}, notes };
  }
}

function fieldSchema(field: Field, mode: Mode): JsonObject {
  const { schema, notes } = valueSchema(field, mode);
  const computed = field.computed !== undefined;
  if (computed)
    notes.push(`Computed${field.computed?.stored ? ' on save' : ' on read'}: \`${field.computed?.expression}\`.`);
  else if (field.readOnly) notes.push('Read-only.');
  if (field.unique) notes.push('Unique.');
  const isNullable = mode === 'read' ? computed || !field.required : !field.required;
  const out: JsonObject = {
    title: bilingual(field.label),
    ...clean({ description: joinParagraphs([...bilingualParagraphs(field.description), notes.join(' ')]) }),
    ...(isNullable ? nullable(schema) : schema),
    'x-label': { hu: field.label.hu, en: field.label.en },
  };
  if (mode === 'read' && (computed || field.readOnly)) out.readOnly = true;
  if (mode === 'create' && field.default !== undefined) out.default = field.default;
  if (field.unique) out['x-unique'] = true;
  return out;
}

function isWritable(field: Field): boolean {
  return field.computed === undefined && !field.readOnly;
}

const userIdSchema = (description: string): JsonObject => ({ type: ['string', 'null'], readOnly: true, description });

function readSchema(entity: Entity): JsonObject {
  const refs = entity.fields.filter((f) => f.type === 'reference');
  const properties: JsonObject = {
    id: { type: 'string', format: 'uuid', readOnly: true, description: 'Record id (UUIDv7).' },
    version: {
      type: 'integer',
      minimum: 1,
      readOnly: true,
      description: 'Optimistic-locking version; send it back on update and delete.',
    },
    createdAt: { type: 'string', format: 'date-time', readOnly: true },
    updatedAt: { type: 'string', format: 'date-time', readOnly: true },
    createdBy: userIdSchema('Id of the user who created the record.'),
    updatedBy: userIdSchema('Id of the user who last changed the record.'),
    ownerId: { type: ['string', 'null'], description: 'Id of the user who owns the record.' },
  };
  for (const f of entity.fields) properties[f.name] = fieldSchema(f, 'read');
  properties._titles = {
    type: 'object',
    readOnly: true,
    description: 'Display titles of the referenced records, keyed by reference field name.',
    properties: Object.fromEntries(
      refs.map((f) => [
        f.name,
        {
          type: ['string', 'null'],
          description: `Title of the referenced \`${f.type === 'reference' ? f.target : ''}\` record.`,
        },
      ]),
    ),
    additionalProperties: { type: ['string', 'null'] },
  };
  return clean({
    type: 'object',
    title: bilingual(entity.label),
    description: joinParagraphs([
      ...bilingualParagraphs(entity.description),
      'A record as the API returns it. With the `fields` query parameter only the listed fields (and `id`, `version`) are present.',
    ]),
    required: ['id', 'version'],
    properties,
    'x-entity': entity.name,
    'x-label': { hu: entity.label.hu, en: entity.label.en },
    'x-plural-label': { hu: entity.pluralLabel.hu, en: entity.pluralLabel.en },
    'x-title-field': entity.titleField,
  });
}

const ownerIdWrite: JsonObject = {
  type: ['string', 'null'],
  pattern: ID_PATTERN,
  description: 'Owner of the record (user id). Only users allowed to assign owners may set it.',
};

function createSchema(entity: Entity): JsonObject {
  const writable = entity.fields.filter(isWritable);
  const required = writable.filter((f) => f.required && f.default === undefined).map((f) => f.name);
  return clean({
    type: 'object',
    title: `${bilingual(entity.label)} (create)`,
    description: 'Fields of a new record. Computed and read-only fields are set by the server.',
    required: required.length ? required : undefined,
    properties: {
      ...Object.fromEntries(writable.map((f) => [f.name, fieldSchema(f, 'create')])),
      ownerId: ownerIdWrite,
    },
    additionalProperties: false,
  });
}

function updateSchema(entity: Entity): JsonObject {
  const writable = entity.fields.filter(isWritable);
  return {
    type: 'object',
    title: `${bilingual(entity.label)} (update)`,
    description:
      'The fields to change; fields left out keep their value. Send the `version` you read (or an `If-Match` header): a stale version is refused with 409.',
    properties: {
      ...Object.fromEntries(writable.map((f) => [f.name, fieldSchema(f, 'update')])),
      ownerId: ownerIdWrite,
      version: { type: 'integer', minimum: 1, description: 'The version of the record the change is based on.' },
    },
    additionalProperties: false,
  };
}

/** Gives each entity schema names that clash neither with the built-in schemas nor with each other. */
export function entitySchemaNames(entities: Entity[]): Map<string, EntitySchemaNames> {
  const used = new Set(Object.keys(builtInSchemas()));
  const out = new Map<string, EntitySchemaNames>();
  for (const e of entities) {
    const base = pascal(e.name);
    for (let i = 0; ; i++) {
      const stem = i === 0 ? base : i === 1 ? `${base}Record` : `${base}Record${i}`;
      const names = { read: stem, create: `${stem}Create`, update: `${stem}Update` };
      if ([names.read, names.create, names.update].some((n) => used.has(n))) continue;
      [names.read, names.create, names.update].forEach((n) => used.add(n));
      out.set(e.name, names);
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Built-in schemas, parameters, responses
// ---------------------------------------------------------------------------------------------------------------

const localizedMessage: JsonObject = {
  type: 'object',
  required: ['hu', 'en'],
  properties: { hu: { type: 'string', description: 'Hungarian.' }, en: { type: 'string', description: 'English.' } },
};

let metaSchemaCache: { entity: JsonObject; field: JsonObject } | undefined;

/** JSON Schemas of the metadata itself, derived from the metamodel's zod schemas. */
function metaSchemas(): { entity: JsonObject; field: JsonObject } {
  if (metaSchemaCache) return metaSchemaCache;
  const params = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' } as const;
  const strip = (s: unknown): JsonObject => {
    const { $schema: _ignored, ...rest } = s as JsonObject;
    return rest;
  };
  const field = strip(Field.toJSONSchema(params));
  const entity = strip(Entity.toJSONSchema(params));
  const props = { ...(entity.properties as JsonObject) };
  for (const key of ['fields', 'removedFields']) {
    if (props[key]) props[key] = { ...(props[key] as JsonObject), items: ref('FieldDefinition') };
  }
  metaSchemaCache = {
    entity: {
      ...entity,
      properties: props,
      title: 'Entity metadata',
      description: 'An entity as described in the metamodel.',
    },
    field: { ...field, title: 'Field metadata', description: 'A field of an entity; `type` selects the variant.' },
  };
  return metaSchemaCache;
}

function builtInSchemas(): Record<string, JsonObject> {
  const meta = metaSchemas();
  const scalar = { type: ['string', 'number', 'boolean', 'null'], maxLength: 1000 };
  return {
    Error: {
      type: 'object',
      description: 'Every error response has this shape.',
      required: ['code', 'message', 'messages'],
      properties: {
        code: { type: 'string', description: 'Stable error code, e.g. `validation`, `notFound`, `conflict`.' },
        message: { type: 'string', description: 'Message in the requested language.' },
        messages: { ...localizedMessage, description: 'The message in Hungarian and English.' },
        details: {
          type: 'array',
          items: ref('ErrorDetail'),
          description: 'One entry per problem, e.g. per invalid field.',
        },
      },
    },
    ErrorDetail: {
      type: 'object',
      required: ['path', 'code', 'message', 'messages'],
      properties: {
        path: {
          type: 'string',
          description: 'JSON path of the offending value, e.g. `taxNumber` or `fields[2].name`.',
        },
        code: { type: 'string', description: 'Stable issue code, e.g. `required`, `tooLong`, `huTaxNumber`.' },
        message: { type: 'string', description: 'Message in the requested language.' },
        messages: { ...localizedMessage, description: 'The message in Hungarian and English.' },
      },
    },
    HealthStatus: {
      type: 'object',
      required: ['status', 'database'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        database: { type: 'string', enum: ['sqlite', 'mysql'], description: 'The database the server runs on.' },
      },
    },
    AuthUser: {
      type: 'object',
      required: ['id', 'username', 'displayName', 'roles'],
      properties: {
        id: { type: 'string' },
        username: { type: 'string' },
        displayName: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' }, description: 'Names of the roles the user has.' },
      },
    },
    LoginRequest: {
      type: 'object',
      required: ['username', 'password'],
      properties: {
        username: { type: 'string', minLength: 1 },
        password: { type: 'string', minLength: 1, writeOnly: true, format: 'password' },
      },
    },
    UserResponse: {
      type: 'object',
      required: ['user'],
      properties: { user: ref('AuthUser') },
    },
    FilterTree: {
      description:
        'A filter: `{"and":[…]}`, `{"or":[…]}`, `{"not":…}` or a condition such as `{"field":"status","op":"eq","value":"active"}`.',
      oneOf: [
        {
          type: 'object',
          title: 'and',
          required: ['and'],
          additionalProperties: false,
          properties: {
            and: { type: 'array', maxItems: 100, items: ref('FilterTree'), description: 'All must hold.' },
          },
        },
        {
          type: 'object',
          title: 'or',
          required: ['or'],
          additionalProperties: false,
          properties: { or: { type: 'array', maxItems: 100, items: ref('FilterTree'), description: 'One must hold.' } },
        },
        {
          type: 'object',
          title: 'not',
          required: ['not'],
          additionalProperties: false,
          properties: { not: { ...ref('FilterTree'), description: 'Must not hold.' } },
        },
        ref('FilterCondition'),
      ],
    },
    FilterCondition: {
      type: 'object',
      required: ['field', 'op'],
      additionalProperties: false,
      properties: {
        field: {
          type: 'string',
          pattern: FIELD_PATH_PATTERN,
          description: 'A field name, or a dotted path through references such as `company.name`.',
        },
        op: {
          type: 'string',
          enum: [...FILTER_OPS],
          description:
            '`between` takes a two-item array, `in` an array; `isEmpty` and `isNotEmpty` take no value; `contains` and `startsWith` compare text.',
        },
        value: {
          description: 'The value to compare with: a scalar, or an array for `between` and `in`.',
          anyOf: [scalar, { type: 'array', maxItems: 1000, items: scalar }],
        },
      },
    },
    HistoryEntry: {
      type: 'object',
      required: ['id', 'at', 'action'],
      properties: {
        id: { type: 'string' },
        at: { type: 'string', format: 'date-time', description: 'When it happened.' },
        actor: { type: ['string', 'null'], description: 'Id of the user (or API token owner) who acted.' },
        action: { type: 'string', description: 'What happened, e.g. `create`, `update`, `delete`.' },
        changes: {
          type: ['object', 'null'],
          additionalProperties: true,
          description: 'The changed fields, keyed by field name.',
        },
      },
    },
    EntityDefinition: meta.entity,
    FieldDefinition: meta.field,
    PublishRequest: {
      type: 'object',
      additionalProperties: false,
      properties: {
        dryRun: { type: 'boolean', default: false, description: 'Only compute the plan; change nothing.' },
        confirmDataLoss: {
          type: 'boolean',
          default: false,
          description: 'Must be true to apply a plan that drops columns or data.',
        },
      },
    },
    PublishResult: {
      type: 'object',
      required: ['plan', 'applied'],
      properties: {
        plan: {
          type: 'object',
          required: ['steps', 'dataLoss'],
          properties: {
            steps: {
              type: 'array',
              items: { type: 'object', additionalProperties: true, description: 'One schema migration step.' },
            },
            dataLoss: { type: 'boolean', description: 'Whether applying the plan loses data.' },
          },
        },
        applied: {
          type: 'boolean',
          description:
            'False on a dry run. A plan that loses data without `confirmDataLoss` is refused with 409 DATA_LOSS_NOT_CONFIRMED (the plan is in the error body).',
        },
      },
    },
  };
}

function builtInParameters(): Record<string, JsonObject> {
  return {
    Limit: {
      name: 'limit',
      in: 'query',
      description: `How many records to return (1 to ${MAX_LIMIT}).`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    },
    Offset: {
      name: 'offset',
      in: 'query',
      description: 'How many records to skip.',
      schema: { type: 'integer', minimum: 0, default: 0 },
    },
    RecordId: {
      name: 'id',
      in: 'path',
      required: true,
      description: 'Record id.',
      schema: { type: 'string', pattern: ID_PATTERN },
    },
    IfMatch: {
      name: 'If-Match',
      in: 'header',
      description: 'The record version the change is based on, instead of `version` in the body or query.',
      schema: { type: 'string' },
    },
    VersionQuery: {
      name: 'version',
      in: 'query',
      description: 'The record version the deletion is based on; a stale version is refused with 409.',
      schema: { type: 'integer', minimum: 1 },
    },
    EntityName: {
      name: 'name',
      in: 'path',
      required: true,
      description: 'Entity name, e.g. `company`.',
      schema: { type: 'string', pattern: '^[a-z][a-zA-Z0-9]{0,47}$' },
    },
  };
}

function builtInResponses(): Record<string, JsonObject> {
  const error = (description: string): JsonObject => ({ description, content: json(ref('Error')) });
  return {
    BadRequest: error('The request is invalid; `details` lists each problem.'),
    Unauthorized: error('Not signed in, or the session or API token is invalid.'),
    Forbidden: error('Signed in, but not allowed to do this.'),
    NotFound: error('No such record or resource.'),
    Conflict: error('The record was changed by someone else since the given `version` (stale version).'),
    PreconditionFailed: error('The `If-Match` header does not match the current version.'),
    PayloadTooLarge: error('The request body is too large.'),
    TooManyAttempts: {
      description: 'Too many failed attempts: code `TOO_MANY_ATTEMPTS`; wait the seconds in `Retry-After`.',
      headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
      content: json(ref('Error')),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------------------------

function systemPaths(): Record<string, PathItem> {
  return {
    '/api/health': {
      get: {
        tags: [SYSTEM_TAG],
        operationId: 'health',
        summary: 'Check that the server and its database are up',
        security: [],
        responses: { '200': { description: 'The server is up.', content: json(ref('HealthStatus')) } },
      },
    },
    '/api/openapi.json': {
      get: {
        tags: [SYSTEM_TAG],
        operationId: 'openApi',
        summary: 'This API description as OpenAPI 3.1 JSON',
        security: [],
        responses: { '200': { description: 'The OpenAPI document.', content: json({ type: 'object' }) } },
      },
    },
    '/api/docs': {
      get: {
        tags: [SYSTEM_TAG],
        operationId: 'apiDocs',
        summary: 'This API description as an HTML page',
        security: [],
        responses: {
          '200': { description: 'The documentation page.', content: { 'text/html': { schema: { type: 'string' } } } },
        },
      },
    },
    '/api/auth/login': {
      post: {
        tags: [AUTH_TAG],
        operationId: 'login',
        summary: 'Sign in with a username and password',
        description: 'On success the server sets the `folyam_session` cookie (HttpOnly, SameSite=Lax).',
        security: [],
        requestBody: { required: true, content: json(ref('LoginRequest')) },
        responses: {
          '200': {
            description: 'Signed in.',
            headers: {
              'Set-Cookie': {
                description: 'The session cookie: `folyam_session=…; HttpOnly; SameSite=Lax`.',
                schema: { type: 'string' },
              },
            },
            content: json(ref('UserResponse')),
          },
          ...errors('BadRequest', 'TooManyAttempts'),
          '401': { description: 'Wrong username or password.', content: json(ref('Error')) },
        },
      },
    },
    '/api/auth/logout': {
      post: {
        tags: [AUTH_TAG],
        operationId: 'logout',
        summary: 'Sign out and end the session',
        responses: { '204': { description: 'Signed out; the session cookie is cleared.' } },
      },
    },
    '/api/auth/me': {
      get: {
        tags: [AUTH_TAG],
        operationId: 'me',
        summary: 'The signed-in user',
        responses: {
          '200': { description: 'The current user.', content: json(ref('UserResponse')) },
          ...errors('Unauthorized'),
        },
      },
    },
  };
}

function metaPaths(): Record<string, PathItem> {
  const admin = 'Administrators only.';
  return {
    '/api/meta/entities': {
      get: {
        tags: [META_TAG],
        operationId: 'meta_listEntities',
        summary: 'List the entity definitions',
        description: admin,
        responses: {
          '200': {
            description: 'The entities.',
            content: json({
              type: 'object',
              required: ['items'],
              properties: { items: { type: 'array', items: ref('EntityDefinition') } },
            }),
          },
          ...errors('Unauthorized', 'Forbidden'),
        },
      },
    },
    '/api/meta/entities/{name}': {
      parameters: [paramRef('EntityName')],
      get: {
        tags: [META_TAG],
        operationId: 'meta_getEntity',
        summary: 'Read one entity definition',
        description: admin,
        responses: {
          '200': { description: 'The entity definition.', content: json(ref('EntityDefinition')) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      put: {
        tags: [META_TAG],
        operationId: 'meta_putEntity',
        summary: 'Create or replace an entity definition',
        description: `${admin} The change takes effect on the next publish. Invalid metadata is refused with 400; \`details\` lists each issue with its JSON path.`,
        requestBody: { required: true, content: json(ref('EntityDefinition')) },
        responses: {
          '200': { description: 'The saved definition.', content: json(ref('EntityDefinition')) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'PayloadTooLarge'),
        },
      },
      delete: {
        tags: [META_TAG],
        operationId: 'meta_deleteEntity',
        summary: 'Remove an entity definition from the draft',
        description: `${admin} Takes effect on the next publish; its data is kept until an explicit purge.`,
        responses: {
          '204': { description: 'Removed from the draft.' },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/meta/publish': {
      post: {
        tags: [META_TAG],
        operationId: 'meta_publish',
        summary: 'Publish the metadata: plan and apply the database changes',
        description: `${admin} Use \`dryRun\` to see the plan first. A plan that loses data is applied only with \`confirmDataLoss: true\`.`,
        requestBody: { required: false, content: json(ref('PublishRequest')) },
        responses: {
          '200': { description: 'The plan, and whether it was applied.', content: json(ref('PublishResult')) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict'),
        },
      },
    },
  };
}

/** `/api/org/*` (administrators only) and `/api/audit` (administrators and audit roles). */
function orgPaths(): Record<string, PathItem> {
  const admin = 'Administrators only; 403 for anyone else.';
  const schemas: Record<string, JsonObject> = {
    departments: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string', maxLength: 200 },
        parentId: { type: ['string', 'null'] },
        headId: { type: ['string', 'null'] },
      },
    },
    groups: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string', maxLength: 200 },
        description: { type: ['string', 'null'] },
        members: { type: 'array', items: { type: 'string' } },
      },
    },
    users: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        username: { type: 'string' },
        displayName: { type: 'string' },
        email: { type: ['string', 'null'] },
        phone: {
          type: ['string', 'null'],
          description: 'Mobile number for SMS reminders; any common form in, E.164 (`+36301234567`) out.',
        },
        roles: { type: 'array', items: { type: 'string' } },
        departmentId: { type: ['string', 'null'] },
        managerId: { type: ['string', 'null'] },
        locale: { type: 'string', enum: ['hu', 'en'] },
        disabled: { type: 'boolean', description: 'Disabling a user ends their sessions.' },
      },
    },
  };
  const paths: Record<string, PathItem> = {};
  for (const kind of ['departments', 'groups', 'users'] as const) {
    const op = (verb: string) => `org_${verb}${pascal(kind)}`;
    paths[`/api/org/${kind}`] = {
      get: {
        tags: [ORG_TAG],
        operationId: op('list'),
        summary: `List the ${kind}`,
        description: admin,
        responses: {
          '200': { description: `The ${kind}.`, content: itemsOf(schemas[kind]) },
          ...errors('Unauthorized', 'Forbidden'),
        },
      },
      post: {
        tags: [ORG_TAG],
        operationId: op('create'),
        summary: `Create one of the ${kind}`,
        description: `${admin}${kind === 'users' ? ' Send `username` and `password` too; the password policy applies.' : ''}`,
        requestBody: { required: true, content: json(schemas[kind]) },
        responses: {
          '201': { description: 'Created.', content: json(schemas[kind]) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict'),
        },
      },
    };
    paths[`/api/org/${kind}/{id}`] = {
      parameters: [idParam],
      patch: {
        tags: [ORG_TAG],
        operationId: op('update'),
        summary: `Change one of the ${kind}`,
        description: admin,
        requestBody: { required: true, content: json(schemas[kind]) },
        responses: {
          '200': { description: 'Changed.', content: json(schemas[kind]) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      ...(kind === 'users'
        ? {}
        : {
            delete: {
              tags: [ORG_TAG],
              operationId: op('delete'),
              summary: `Delete one of the ${kind}`,
              description: admin,
              responses: {
                '204': { description: 'Deleted.' },
                ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
              },
            },
          }),
    };
  }
  paths['/api/org/users/{id}/password'] = {
    parameters: [idParam],
    post: {
      tags: [ORG_TAG],
      operationId: 'org_resetPassword',
      summary: "Set a user's password",
      description: `${admin} Ends every session of the user.`,
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['password'], properties: { password: { type: 'string' } } }),
      },
      responses: { '204': { description: 'Set.' }, ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound') },
    },
  };
  paths['/api/audit'] = {
    get: {
      tags: [AUDIT_TAG],
      operationId: 'audit_list',
      summary: 'Read the audit log, newest first',
      description:
        'Administrators and holders of a role marked `audit`. Entries about records are limited to the records the reader may read, without the fields hidden from them.',
      parameters: [
        ...['entity', 'recordId', 'actor', 'action'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        },
        { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': {
          description: 'The entries and their total.',
          content: json({
            type: 'object',
            required: ['items', 'total'],
            properties: { items: { type: 'array', items: ref('HistoryEntry') }, total: { type: 'integer' } },
          }),
        },
        ...errors('BadRequest', 'Unauthorized', 'Forbidden'),
      },
    },
  };
  return paths;
}

/** `/api/data/{entity}/{id}/shares`: who else may read or change a record; its owner or an administrator manages them. */
function sharePaths(entity: Entity): Record<string, PathItem> {
  const base = `/api/data/${entity.name}/{id}/shares`;
  const tags = [entity.name];
  const share = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      userId: { type: ['string', 'null'] },
      groupId: { type: ['string', 'null'] },
      access: { type: 'string', enum: ['read', 'update'] },
    },
  };
  const who = 'The record’s owner or an administrator.';
  return {
    [base]: {
      parameters: [paramRef('RecordId')],
      get: {
        tags,
        operationId: `${entity.name}_listShares`,
        summary: 'List who the record is shared with',
        description: who,
        responses: {
          '200': { description: 'The shares.', content: itemsOf(share) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      post: {
        tags,
        operationId: `${entity.name}_share`,
        summary: 'Share the record with a user or a group',
        description: `${who} Send \`userId\` or \`groupId\`, and \`access\` (\`read\`, the default, or \`update\`). Sharing widens the rows of actions the reader's roles grant; it grants no action by itself.`,
        requestBody: { required: true, content: json(share) },
        responses: {
          '201': { description: 'Shared.', content: json(share) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      delete: {
        tags,
        operationId: `${entity.name}_unshareWith`,
        summary: 'End the shares with a user (`?userId=`) or a group (`?groupId=`)',
        description: who,
        responses: {
          '204': { description: 'Ended.' },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    [`${base}/{shareId}`]: {
      parameters: [
        paramRef('RecordId'),
        { name: 'shareId', in: 'path', required: true, schema: { type: 'string', pattern: ID_PATTERN } },
      ],
      delete: {
        tags,
        operationId: `${entity.name}_unshare`,
        summary: 'End one share',
        description: who,
        responses: { '204': { description: 'Ended.' }, ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

function filterExample(entity: Entity): JsonObject {
  const enumField = entity.fields.find((f) => f.type === 'enum');
  if (enumField && enumField.type === 'enum')
    return { field: enumField.name, op: 'eq', value: enumField.options[0].value };
  const textField = entity.fields.find((f) => f.type === 'text');
  if (textField)
    return {
      and: [
        { field: textField.name, op: 'contains', value: 'Kft' },
        { field: 'createdAt', op: 'gte', value: '2025-01-01' },
      ],
    };
  return { field: 'createdAt', op: 'gte', value: '2025-01-01' };
}

function codeList(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** The field a dotted filter path would typically reach through a reference: the target's title field. */
function titleFieldOf(target: string, all: Entity[]): string {
  const e = all.find((x) => x.name === target);
  return e?.titleField ?? e?.fields.find((f) => f.type === 'text')?.name ?? 'id';
}

function entityPaths(entity: Entity, names: EntitySchemaNames, all: Entity[]): Record<string, PathItem> {
  const base = `/api/data/${entity.name}`;
  const plural = entity.pluralLabel;
  const label = entity.label;
  const tags = [entity.name];
  const id = (verb: string) => `${entity.name}_${verb}`;
  const fieldNames = entity.fields.map((f) => f.name);
  const systemNames = ['id', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'];
  const references = entity.fields.filter((f) => f.type === 'reference');
  const sortable = entity.fields.filter((f) => f.type !== 'json' && f.type !== 'multiEnum').map((f) => f.name);
  const search = entity.searchFields ?? (entity.titleField ? [entity.titleField] : []);
  const firstSort = sortable[0] ?? 'createdAt';
  const record = ref(names.read);

  const listParameters: JsonObject[] = [
    {
      name: 'filter',
      in: 'query',
      description: joinParagraphs([
        'A filter tree as JSON.',
        `Fields: ${codeList([...fieldNames, ...systemNames])}.`,
        references.length
          ? `Follow references with a dot, e.g. ${codeList(references.map((r) => `${r.name}.${r.type === 'reference' ? titleFieldOf(r.target, all) : 'id'}`))}.`
          : undefined,
        `Operators: ${codeList([...FILTER_OPS])}.`,
      ]),
      content: json(ref('FilterTree'), { example: filterExample(entity) }),
    },
    {
      name: 'sort',
      in: 'query',
      description: `Comma-separated fields to sort by; a \`-\` prefix sorts descending. Sortable: ${codeList([...sortable, ...systemNames])}.`,
      style: 'form',
      explode: false,
      schema: {
        type: 'array',
        items: { type: 'string', pattern: '^-?[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)*$' },
      },
      example: [firstSort, '-createdAt'],
    },
    paramRef('Limit'),
    paramRef('Offset'),
    {
      name: 'fields',
      in: 'query',
      description: 'Comma-separated fields to return (`id` and `version` are always returned). Default: all fields.',
      style: 'form',
      explode: false,
      schema: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...systemNames, ...fieldNames] } },
    },
    {
      name: 'q',
      in: 'query',
      description: search.length
        ? `Quick search in ${codeList(search)}.`
        : 'Quick search in the entity’s search fields.',
      schema: { type: 'string', maxLength: 200 },
    },
  ];

  return {
    [base]: {
      get: {
        tags,
        operationId: id('list'),
        summary: `List ${plural.en}`,
        description: `${bilingual(plural)}: filter, sort and page through the records.`,
        parameters: listParameters,
        responses: {
          '200': {
            description: 'One page of records and the total count matching the filter.',
            content: json({
              type: 'object',
              required: ['items', 'total'],
              properties: {
                items: { type: 'array', items: record },
                total: { type: 'integer', minimum: 0, description: 'How many records match, regardless of paging.' },
              },
            }),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden'),
        },
      },
      post: {
        tags,
        operationId: id('create'),
        summary: `Create a ${label.en}`,
        description: `${bilingual(label)}: create a record.`,
        requestBody: { required: true, content: json(ref(names.create)) },
        responses: {
          '201': { description: 'The created record.', content: json(record) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'PayloadTooLarge'),
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [paramRef('RecordId')],
      get: {
        tags,
        operationId: id('get'),
        summary: `Read a ${label.en}`,
        responses: {
          '200': { description: 'The record.', content: json(record) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      patch: {
        tags,
        operationId: id('update'),
        summary: `Change a ${label.en}`,
        description: 'Send only the fields to change, with the `version` you read (or an `If-Match` header).',
        parameters: [paramRef('IfMatch')],
        requestBody: { required: true, content: json(ref(names.update)) },
        responses: {
          '200': { description: 'The changed record.', content: json(record) },
          ...errors(
            'BadRequest',
            'Unauthorized',
            'Forbidden',
            'NotFound',
            'Conflict',
            'PreconditionFailed',
            'PayloadTooLarge',
          ),
        },
      },
      delete: {
        tags,
        operationId: id('delete'),
        summary: `Delete a ${label.en}`,
        parameters: [paramRef('VersionQuery'), paramRef('IfMatch')],
        responses: {
          '204': { description: 'Deleted.' },
          ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'PreconditionFailed'),
        },
      },
    },
    [`${base}/{id}/history`]: {
      parameters: [paramRef('RecordId')],
      get: {
        tags,
        operationId: id('history'),
        summary: `Change history of a ${label.en}`,
        responses: {
          '200': {
            description: 'The changes, oldest first.',
            content: json({
              type: 'object',
              required: ['items'],
              properties: { items: { type: 'array', items: ref('HistoryEntry') } },
            }),
          },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
  };
}

const API_DESCRIPTION = [
  'The data API of Folyam. Every published entity has list, create, read, change, delete and history endpoints under `/api/data/{entity}`.',
  'Authentication: sign in with `POST /api/auth/login` to get the `folyam_session` cookie, or send an API token as `Authorization: Bearer fly_…`.',
  'Filtering: `filter` is a JSON filter tree, e.g. `{"and":[{"field":"status","op":"eq","value":"active"},{"field":"company.name","op":"startsWith","value":"A"}]}`. Sorting: `sort=name,-createdAt`. Paging: `limit` (1–500, default 50) and `offset`.',
  'Concurrency: every record has a `version`. Send it back when changing or deleting (in the body, the query or an `If-Match` header); if someone else changed the record meanwhile, the server answers 409.',
  'Errors: every error has a stable `code` and a message in Hungarian and English; validation errors list each problem in `details`.',
].join('\n\n');

/** Builds the OpenAPI 3.1 document for the published entities. */
export function buildOpenApi(entities: Entity[], options: BuildOpenApiOptions): OpenApiDocument {
  const names = entitySchemaNames(entities);
  const schemas: Record<string, JsonObject> = { ...builtInSchemas() };
  let paths: Record<string, PathItem> = { ...systemPaths() };
  for (const e of entities) {
    const n = names.get(e.name) as EntitySchemaNames;
    schemas[n.read] = readSchema(e);
    schemas[n.create] = createSchema(e);
    schemas[n.update] = updateSchema(e);
    paths = { ...paths, ...entityPaths(e, n, entities), ...sharePaths(e) };
  }
  paths = { ...paths, ...metaPaths(), ...orgPaths(), ...capabilityPaths() };
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'Folyam API',
      version: options.version,
      description: API_DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: SYSTEM_TAG, description: 'Health check and this API description.' },
      { name: AUTH_TAG, description: 'Sessions: sign in, sign out, current user.' },
      ...entities.map((e) =>
        clean({
          name: e.name,
          'x-displayName': bilingual(e.pluralLabel),
          'x-label': { hu: e.pluralLabel.hu, en: e.pluralLabel.en },
          description: joinParagraphs([...bilingualParagraphs(e.description)]),
        }),
      ),
      { name: META_TAG, description: 'Entity metadata and publishing. Administrators only.' },
      { name: ORG_TAG, description: 'Departments, work groups and users. Administrators only.' },
      { name: AUDIT_TAG, description: 'The audit log, for administrators and audit roles.' },
      ...CAPABILITY_TAGS,
    ],
    security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    paths,
    components: {
      schemas,
      parameters: builtInParameters(),
      responses: builtInResponses(),
      securitySchemes: {
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: 'folyam_session',
          description: 'Session cookie set by `POST /api/auth/login` (HttpOnly, SameSite=Lax).',
        },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'fly_…',
          description: 'API token: `Authorization: Bearer fly_…`.',
        },
      },
    },
  };
  if (options.serverUrl) doc.servers = [{ url: options.serverUrl }];
  return doc;
}

// ---------------------------------------------------------------------------------------------------------------
// HTML page
// ---------------------------------------------------------------------------------------------------------------

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'] as const;

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): JsonObject => (isObj(v) ? v : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asStr = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Plain text with blank-line paragraphs and `code` spans; everything is escaped first. */
function richText(text: unknown, tag: 'p' | 'span' = 'p'): string {
  const s = asStr(text).trim();
  if (!s) return '';
  const inline = (p: string) =>
    escapeHtml(p)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\n/g, '<br>');
  if (tag === 'span') return `<span>${inline(s)}</span>`;
  return s
    .split(/\n{2,}/)
    .map((p) => `<p>${inline(p)}</p>`)
    .join('');
}

/** A `{ hu, en }` label with the Hungarian part marked as such. */
function labelHtml(label: unknown): string {
  const l = asObj(label);
  const hu = asStr(l.hu);
  const en = asStr(l.en);
  if (!hu && !en) return '';
  if (!hu || hu === en) return escapeHtml(en || hu);
  if (!en) return `<span lang="hu">${escapeHtml(hu)}</span>`;
  return `<span lang="hu">${escapeHtml(hu)}</span> / ${escapeHtml(en)}`;
}

class Renderer {
  private readonly ids = new Map<string, string>();
  private readonly usedIds = new Set<string>();
  private readonly schemas: JsonObject;
  /** Entity name → read schema name, for linking `x-reference`. */
  private readonly entitySchemas = new Map<string, string>();

  constructor(private readonly spec: JsonObject) {
    this.schemas = asObj(asObj(spec.components).schemas);
    for (const [name, s] of Object.entries(this.schemas)) {
      const entity = asStr(asObj(s)['x-entity']);
      if (entity && !this.entitySchemas.has(entity)) this.entitySchemas.set(entity, name);
    }
  }

  /** A unique, safe element id for a key. */
  id(kind: string, key: string): string {
    const full = `${kind}:${key}`;
    const known = this.ids.get(full);
    if (known) return known;
    const base = `${kind}-${key.replace(/[^A-Za-z0-9_]+/g, '-').replace(/^-+|-+$/g, '') || 'x'}`;
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}-${i}`;
    this.usedIds.add(id);
    this.ids.set(full, id);
    return id;
  }

  resolve(value: unknown): JsonObject {
    let v = asObj(value);
    for (let hops = 0; typeof v.$ref === 'string' && v.$ref.startsWith('#/') && hops < 10; hops++) {
      let target: unknown = this.spec;
      for (const part of v.$ref.slice(2).split('/')) {
        target = asObj(target)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      }
      if (!isObj(target)) break;
      v = target;
    }
    return v;
  }

  schemaLink(name: string): string {
    if (!(name in this.schemas)) return `<code>${escapeHtml(name)}</code>`;
    return `<a href="#${this.id('schema', name)}"><code>${escapeHtml(name)}</code></a>`;
  }

  /** A short type description: `string (email) | null`, `array of Company`. */
  typeHtml(schema: unknown, depth = 0): string {
    const s = asObj(schema);
    if (typeof s.$ref === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
      return m ? this.schemaLink(m[1].replace(/~1/g, '/').replace(/~0/g, '~')) : `<code>${escapeHtml(s.$ref)}</code>`;
    }
    if (depth > 4) return '…';
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
      const variants = asArr(s[key]);
      if (variants.length) {
        const word = key === 'allOf' ? 'all of' : 'one of';
        return `${word}: ${variants.map((v) => this.typeHtml(v, depth + 1)).join(' | ')}`;
      }
    }
    const types = Array.isArray(s.type) ? s.type.map(asStr) : s.type !== undefined ? [asStr(s.type)] : [];
    if (!types.length) {
      if ('const' in s) return `<code>${escapeHtml(jsonText(s.const))}</code>`;
      if (isObj(s.properties)) types.push('object');
      else return 'any';
    }
    const parts = types.map((t) => {
      if (t === 'array') return s.items !== undefined ? `array of ${this.typeHtml(s.items, depth + 1)}` : 'array';
      if (t !== 'null' && typeof s.format === 'string') return `${escapeHtml(t)} (${escapeHtml(s.format)})`;
      return escapeHtml(t);
    });
    return parts.join(' | ');
  }

  /** Title, description and constraints of a schema, as HTML. */
  detailsHtml(schema: unknown, includeTitle = true): string {
    const s = asObj(schema);
    const out: string[] = [];
    const label = labelHtml(s['x-label']);
    if (includeTitle) {
      if (label) out.push(`<p class="label">${label}</p>`);
      else if (asStr(s.title)) out.push(`<p class="label">${escapeHtml(s.title)}</p>`);
    }
    if (asStr(s.description)) out.push(richText(s.description));
    const facts: string[] = [];
    const add = (name: string, value: unknown) => {
      if (value !== undefined)
        facts.push(
          `<li>${escapeHtml(name)}: <code>${escapeHtml(typeof value === 'string' ? value : jsonText(value))}</code></li>`,
        );
    };
    const flag = (name: string, on: unknown) => {
      if (on === true) facts.push(`<li>${escapeHtml(name)}</li>`);
    };
    flag('read-only', s.readOnly);
    flag('write-only', s.writeOnly);
    flag('deprecated', s.deprecated);
    flag('unique', s['x-unique']);
    flag('unique items', s.uniqueItems);
    add('min length', s.minLength);
    add('max length', s.maxLength);
    add('minimum', s.minimum);
    add('maximum', s.maximum);
    add('exclusive minimum', s.exclusiveMinimum);
    add('exclusive maximum', s.exclusiveMaximum);
    add('earliest', s.formatMinimum);
    add('latest', s.formatMaximum);
    add('min items', s.minItems);
    add('max items', s.maxItems);
    add('pattern', s.pattern);
    add('decimal places', s['x-scale']);
    add('default', s.default);
    add('example', s.example);
    if ('const' in s) add('constant', s.const);
    const target = asStr(s['x-reference']);
    if (target) {
      const schemaName = this.entitySchemas.get(target);
      facts.push(
        `<li>references: ${schemaName ? this.schemaLink(schemaName) : `<code>${escapeHtml(target)}</code>`}</li>`,
      );
    }
    const file = asObj(s['x-file']);
    if (asArr(file.accept).length) add('accepted types', asArr(file.accept).map(asStr).join(', '));
    add('max size (bytes)', file.maxSize);
    if (facts.length) out.push(`<ul class="facts">${facts.join('')}</ul>`);
    const enumSource = s.enum !== undefined ? s : asObj(s.items).enum !== undefined ? asObj(s.items) : undefined;
    if (enumSource) {
      const labels = asObj(enumSource['x-labels']);
      const items = asArr(enumSource.enum).map((v) => {
        const l = typeof v === 'string' ? labelHtml(labels[v]) : '';
        return `<li><code>${escapeHtml(typeof v === 'string' ? v : jsonText(v))}</code>${l ? ` — ${l}` : ''}</li>`;
      });
      out.push(`<p class="sub">Allowed values:</p><ul class="enum">${items.join('')}</ul>`);
    }
    return out.join('');
  }

  /** Rows for an object's properties, descending into inline objects and arrays of inline objects. */
  propertyRows(schema: JsonObject, prefix: string, depth: number): string[][] {
    const rows: string[][] = [];
    const required = new Set(asArr(schema.required).map(asStr));
    for (const [name, raw] of Object.entries(asObj(schema.properties))) {
      const prop = asObj(raw);
      const full = `${prefix}${name}`;
      rows.push([
        `<code>${escapeHtml(full)}</code>`,
        this.typeHtml(prop),
        required.has(name) ? 'yes' : 'no',
        this.detailsHtml(prop),
      ]);
      if (depth >= 4) continue;
      if (isObj(prop.properties) && typeof prop.$ref !== 'string')
        rows.push(...this.propertyRows(prop, `${full}.`, depth + 1));
      const items = asObj(prop.items);
      if (isObj(items.properties) && typeof items.$ref !== 'string')
        rows.push(...this.propertyRows(items, `${full}[].`, depth + 1));
    }
    const extra = schema.additionalProperties;
    if (isObj(extra) && Object.keys(extra).length) {
      rows.push([
        `<code>${escapeHtml(`${prefix}*`)}</code>`,
        this.typeHtml(extra),
        'no',
        `<p>Any other key.</p>${this.detailsHtml(extra)}`,
      ]);
    }
    return rows;
  }

  /**
   * A table whose first cell in each row is the row header. On narrow screens CSS stacks the cells, each with its
   * column name (`data-label`); the explicit ARIA roles keep the table semantics that `display: block` would drop.
   */
  table(caption: string, head: string[], rows: string[][]): string {
    const headRow = head.map((h) => `<th scope="col" role="columnheader">${escapeHtml(h)}</th>`).join('');
    const body = rows
      .map(
        (cells) =>
          `<tr role="row">${cells
            .map((c, i) =>
              i === 0
                ? `<th scope="row" role="rowheader" data-label="${escapeHtml(head[0])}">${c}</th>`
                : `<td role="cell" data-label="${escapeHtml(head[i] ?? '')}">${c}</td>`,
            )
            .join('')}</tr>`,
      )
      .join('');
    return `<div class="table-wrap"><table role="table"><caption>${escapeHtml(caption)}</caption><thead role="rowgroup"><tr role="row">${headRow}</tr></thead><tbody role="rowgroup">${body}</tbody></table></div>`;
  }

  /** A schema as a table of properties, or a list of variants, or a one-line type. */
  schemaBlock(schema: unknown, caption: string, depth = 0): string {
    const s = asObj(schema);
    if (typeof s.$ref === 'string') return `<p>Schema: ${this.typeHtml(s)}</p>`;
    const parts: string[] = [];
    if (isObj(s.properties) || isObj(s.additionalProperties)) {
      const rows = this.propertyRows(s, '', depth);
      if (rows.length) parts.push(this.table(caption, ['Property', 'Type', 'Required', 'Description'], rows));
      else parts.push(`<p>Type: ${this.typeHtml(s)}</p>`);
    }
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
      const variants = asArr(s[key]);
      if (!variants.length || depth > 2) continue;
      const word = key === 'allOf' ? 'All of these' : 'One of these';
      const items = variants.map((v, i) => {
        const vs = asObj(v);
        const typeProp = asObj(asObj(vs.properties).type);
        const name =
          asStr(vs.title) || ('const' in typeProp ? `type = ${jsonText(typeProp.const)}` : `variant ${i + 1}`);
        if (typeof vs.$ref === 'string' || !isObj(vs.properties))
          return `<li>${this.typeHtml(vs)}${vs.description ? ` — ${richText(vs.description, 'span')}` : ''}</li>`;
        return `<li><p class="sub">${escapeHtml(name)}</p>${this.schemaBlock(vs, `${caption}: ${name}`, depth + 1)}</li>`;
      });
      parts.push(`<p class="sub">${word}:</p><ul class="variants">${items.join('')}</ul>`);
    }
    if (!parts.length) parts.push(`<p>Type: ${this.typeHtml(s)}</p>${this.detailsHtml(s, false)}`);
    return parts.join('');
  }

  parameterRow(raw: unknown): string[] {
    const p = this.resolve(raw);
    const content = asObj(p.content);
    const mediaType = Object.keys(content)[0];
    const media = mediaType ? asObj(content[mediaType]) : {};
    const schema = mediaType ? asObj(media.schema) : asObj(p.schema);
    let type = this.typeHtml(schema);
    if (mediaType) type += ` <span class="note">(as ${escapeHtml(mediaType)})</span>`;
    else if (p.style === 'form' && p.explode === false && asStr(schema.type) === 'array')
      type += ' <span class="note">(comma-separated)</span>';
    const example = media.example ?? p.example;
    const details =
      richText(p.description) +
      this.detailsHtml(
        { ...this.resolve(schema), title: undefined, description: undefined, 'x-label': undefined },
        false,
      ) +
      (example !== undefined
        ? `<p class="sub">Example: <code>${escapeHtml(Array.isArray(example) && !mediaType ? example.join(',') : jsonText(example))}</code></p>`
        : '');
    return [`<code>${escapeHtml(p.name)}</code>`, escapeHtml(p.in), type, p.required === true ? 'yes' : 'no', details];
  }

  securityHtml(operation: JsonObject): string {
    const reqs = asArr(operation.security ?? this.spec.security);
    if (!reqs.length) return '<p class="auth">Authentication: none (public).</p>';
    const schemes = asObj(asObj(this.spec.components).securitySchemes);
    const names = reqs.map((r) =>
      Object.keys(asObj(r))
        .map((n) => {
          const sc = asObj(schemes[n]);
          const what =
            sc.type === 'apiKey'
              ? `${asStr(sc.in)} <code>${escapeHtml(sc.name)}</code>`
              : sc.type === 'http'
                ? `HTTP ${escapeHtml(sc.scheme)}`
                : escapeHtml(sc.type);
          return `${escapeHtml(n)} (${what})`;
        })
        .join(' and '),
    );
    return `<p class="auth">Authentication: ${names.join(' or ')}.</p>`;
  }

  operation(path: string, method: string, op: JsonObject, pathParams: unknown[]): string {
    const anchor = this.id('op', `${method}-${path}`);
    const out: string[] = [];
    out.push(
      `<section class="operation" aria-labelledby="${anchor}"><h3 id="${anchor}"><span class="method method-${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code class="path">${escapeHtml(path)}</code></h3>`,
    );
    if (asStr(op.summary)) out.push(`<p class="summary">${escapeHtml(op.summary)}</p>`);
    if (op.deprecated === true) out.push('<p class="auth"><strong>Deprecated.</strong></p>');
    out.push(richText(op.description));
    out.push(this.securityHtml(op));
    if (asStr(op.operationId)) out.push(`<p class="note">Operation id: <code>${escapeHtml(op.operationId)}</code></p>`);

    const params = new Map<string, unknown>();
    for (const raw of [...pathParams, ...asArr(op.parameters)]) {
      const p = this.resolve(raw);
      params.set(`${asStr(p.in)}:${asStr(p.name)}`, raw);
    }
    if (params.size) {
      out.push('<h4>Parameters</h4>');
      out.push(
        this.table(
          `Parameters of ${method.toUpperCase()} ${path}`,
          ['Name', 'In', 'Type', 'Required', 'Description'],
          [...params.values()].map((p) => this.parameterRow(p)),
        ),
      );
    }

    const body = this.resolve(op.requestBody);
    if (Object.keys(body).length) {
      out.push(`<h4>Request body${body.required === true ? ' (required)' : ' (optional)'}</h4>`);
      out.push(richText(body.description));
      for (const [mediaType, media] of Object.entries(asObj(body.content))) {
        const schema = asObj(asObj(media).schema);
        out.push(`<p class="sub">Content type <code>${escapeHtml(mediaType)}</code>: ${this.typeHtml(schema)}</p>`);
        if (typeof schema.$ref !== 'string')
          out.push(this.schemaBlock(schema, `Request body of ${method.toUpperCase()} ${path}`));
      }
    }

    const responses = Object.entries(asObj(op.responses));
    if (responses.length) {
      out.push('<h4>Responses</h4>');
      const rows: string[][] = [];
      const inline: string[] = [];
      for (const [status, raw] of responses) {
        const r = this.resolve(raw);
        const bodies = Object.entries(asObj(r.content)).map(([mediaType, media]) => {
          const schema = asObj(asObj(media).schema);
          if (typeof schema.$ref !== 'string' && (isObj(schema.properties) || asArr(schema.oneOf).length)) {
            inline.push(
              `<h5>Response ${escapeHtml(status)} body</h5>${this.schemaBlock(schema, `Response ${status} of ${method.toUpperCase()} ${path}`)}`,
            );
          }
          return `${this.typeHtml(schema)} <span class="note">(${escapeHtml(mediaType)})</span>`;
        });
        const headers = Object.entries(asObj(r.headers)).map(
          ([name, h]) =>
            `<p class="sub">Header <code>${escapeHtml(name)}</code>: ${richText(this.resolve(h).description, 'span')}</p>`,
        );
        rows.push([
          `<code>${escapeHtml(status)}</code>`,
          `${richText(r.description)}${headers.join('')}`,
          bodies.join('<br>') || '—',
        ]);
      }
      out.push(this.table(`Responses of ${method.toUpperCase()} ${path}`, ['Status', 'Description', 'Body'], rows));
      out.push(inline.join(''));
    }
    out.push('</section>');
    return out.join('');
  }

  render(): string {
    const info = asObj(this.spec.info);
    const title = asStr(info.title) || 'API';
    const version = asStr(info.version);
    const paths = asObj(this.spec.paths);

    // Group operations by their first tag, in the order of the document's tags.
    type Op = { path: string; method: string; op: JsonObject; pathParams: unknown[] };
    const groups = new Map<string, Op[]>();
    const tagInfo = new Map<string, JsonObject>();
    for (const t of asArr(this.spec.tags)) {
      const name = asStr(asObj(t).name);
      if (name && !groups.has(name)) {
        groups.set(name, []);
        tagInfo.set(name, asObj(t));
      }
    }
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = this.resolve(rawItem);
      for (const method of HTTP_METHODS) {
        const op = asObj(item[method]);
        if (!Object.keys(op).length) continue;
        const tag = asStr(asArr(op.tags)[0]) || 'Other';
        if (!groups.has(tag)) groups.set(tag, []);
        groups.get(tag)?.push({ path, method, op, pathParams: asArr(item.parameters) });
      }
    }
    const usedGroups = [...groups.entries()].filter(([, ops]) => ops.length);

    const nav = usedGroups
      .map(([tag, ops]) => {
        const t = asObj(tagInfo.get(tag));
        const name = labelHtml(t['x-label']) || escapeHtml(asStr(t['x-displayName']) || tag);
        const sub = ops
          .map(
            (o) =>
              `<li><a href="#${this.id('op', `${o.method}-${o.path}`)}"><span class="m">${escapeHtml(o.method.toUpperCase())}</span> ${escapeHtml(o.path)}</a></li>`,
          )
          .join('');
        return `<li><a href="#${this.id('tag', tag)}">${name}</a><ul>${sub}</ul></li>`;
      })
      .join('');

    const sections = usedGroups
      .map(([tag, ops]) => {
        const t = asObj(tagInfo.get(tag));
        const id = this.id('tag', tag);
        const display = labelHtml(t['x-label']) || escapeHtml(asStr(t['x-displayName']) || tag);
        const technical =
          asStr(t['x-displayName']) || t['x-label'] ? ` <code class="tagname">${escapeHtml(tag)}</code>` : '';
        return `<section class="tag" aria-labelledby="${id}"><h2 id="${id}">${display}${technical}</h2>${richText(t.description)}${ops
          .map((o) => this.operation(o.path, o.method, o.op, o.pathParams))
          .join('')}</section>`;
      })
      .join('');

    const schemaNames = Object.keys(this.schemas);
    const schemaSections = schemaNames
      .map((name) => {
        const s = asObj(this.schemas[name]);
        const id = this.id('schema', name);
        const label = labelHtml(s['x-label']) || (asStr(s.title) ? escapeHtml(s.title) : '');
        const type = this.typeHtml({ ...s, title: undefined });
        return `<section class="schema" aria-labelledby="${id}"><h3 id="${id}"><code>${escapeHtml(name)}</code></h3>${
          label ? `<p class="label">${label}</p>` : ''
        }${richText(s.description)}<p class="sub">Type: ${type}</p>${this.schemaBlock(s, `Properties of ${name}`)}</section>`;
      })
      .join('');

    const servers = asArr(this.spec.servers)
      .map(
        (sv) =>
          `<li><code>${escapeHtml(asObj(sv).url)}</code>${asStr(asObj(sv).description) ? ` — ${escapeHtml(asObj(sv).description)}` : ''}</li>`,
      )
      .join('');
    const schemasId = this.id('section', 'schemas');

    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}${version ? ` ${escapeHtml(version)}` : ''}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<h1>${escapeHtml(title)}</h1>
<p class="version">Version <code>${escapeHtml(version)}</code> · OpenAPI <code>${escapeHtml(asStr(this.spec.openapi))}</code> · <a href="openapi.json">openapi.json</a></p>
</header>
<div class="layout">
<nav aria-label="Contents" class="toc">
<h2 class="toc-title">Contents</h2>
<ul>${nav}<li><a href="#${schemasId}">Schemas</a></li></ul>
</nav>
<main id="main" tabindex="-1">
<section aria-labelledby="overview"><h2 id="overview">Overview</h2>${richText(info.description)}${
      servers ? `<p class="sub">Servers:</p><ul>${servers}</ul>` : ''
    }</section>
${sections}
<section aria-labelledby="${schemasId}"><h2 id="${schemasId}">Schemas</h2>${schemaSections}</section>
</main>
</div>
<footer><p>Generated from the published metadata.</p></footer>
</body>
</html>
`;
  }
}

const CSS = `
:root{--fg:#1b1f24;--muted:#4b5563;--bg:#ffffff;--panel:#f5f7fa;--line:#d0d7de;--link:#0b57d0;--code:#eef1f5}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#b3bac5;--bg:#14171c;--panel:#1c2027;--line:#3a414c;--link:#8ab4ff;--code:#252a33}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--link);outline-offset:2px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--code);padding:.05em .3em;border-radius:3px;overflow-wrap:anywhere}
.skip{position:absolute;left:-9999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.top{padding:1rem 1.25rem;border-bottom:1px solid var(--line);background:var(--panel)}
.top h1{margin:0 0 .25rem;font-size:1.6rem}
.version{margin:0;color:var(--muted)}
.layout{display:grid;grid-template-columns:minmax(14rem,18rem) minmax(0,1fr);gap:0}
.toc{border-right:1px solid var(--line);padding:1rem;font-size:.9rem;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
.toc-title{font-size:1rem;margin:0 0 .5rem}
.toc ul{list-style:none;margin:0;padding:0}
.toc ul ul{padding-left:.75rem;margin:.25rem 0 .75rem}
.toc li{margin:.15rem 0;overflow-wrap:anywhere}
.toc .m{display:inline-block;min-width:3.6em;font-weight:600;font-size:.8em}
main{padding:1rem 1.25rem 3rem;min-width:0}
main:focus{outline:none}
h2{font-size:1.35rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .25rem;overflow-wrap:anywhere}
h4{font-size:1rem;margin:1rem 0 .25rem}
h5{font-size:.95rem;margin:.75rem 0 .25rem}
.tagname{font-size:.75em;font-weight:normal}
.operation{border:1px solid var(--line);border-radius:6px;padding:0 1rem 1rem;margin:1rem 0;background:var(--bg)}
.method{display:inline-block;min-width:4.2em;text-align:center;padding:.1em .4em;border-radius:4px;color:#fff;font-size:.85em;letter-spacing:.03em;background:#374151}
.method-get{background:#1d4ed8}.method-post{background:#15803d}.method-put{background:#6d28d9}.method-patch{background:#92400e}.method-delete{background:#b91c1c}
.path{background:none;padding:0}
.summary{font-weight:600;margin:.25rem 0}
.auth,.note,.sub{color:var(--muted);font-size:.92rem;margin:.35rem 0}
.label{margin:0 0 .25rem;font-weight:600}
.table-wrap{margin:.5rem 0 1rem;border:1px solid var(--line);border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;padding:.4rem .6rem;font-weight:600;background:var(--panel);caption-side:top}
th,td{border-top:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}
thead th{background:var(--panel);white-space:nowrap}
tbody th{font-weight:normal;white-space:nowrap}
td p,td ul{margin:.15rem 0}
ul.facts,ul.enum{margin:.2rem 0;padding-left:1.1rem}
ul.variants{padding-left:1.1rem}
footer{border-top:1px solid var(--line);padding:.5rem 1.25rem;color:var(--muted);font-size:.85rem}
@media (max-width:52rem){
.layout{display:block}
.toc{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}
main{padding:.75rem .75rem 2rem}
.operation{padding:0 .6rem .6rem}
}
@media (max-width:40rem){
.table-wrap table,.table-wrap thead,.table-wrap tbody,.table-wrap tr,.table-wrap th,.table-wrap td{display:block}
.table-wrap thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.table-wrap caption{display:block}
.table-wrap tr{border-top:1px solid var(--line);padding:.4rem .6rem}
.table-wrap tbody th,.table-wrap td{border:0;padding:.1rem 0;white-space:normal}
.table-wrap tbody th{font-weight:600}
.table-wrap td::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
.table-wrap td>p:first-child,.table-wrap td>ul:first-child{display:inline}
}
`;

/** Renders an OpenAPI document as a self-contained, accessible HTML page (inline CSS, no scripts). */
export function renderApiDocsHtml(spec: object): string {
  return new Renderer(spec as JsonObject).render();
}
