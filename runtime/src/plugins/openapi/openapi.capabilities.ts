/**
 * OpenAPI paths of the capabilities beside the data API: saved queries and their outputs, background jobs, and
 * stored files. Pure; one function per capability, so a new plugin adds one function here.
 */
import { errors, idParam, itemsOf, json, type JsonObject, type PathItem } from './openapi.parts.ts';
import { CAMPAIGN_TAGS, campaignPaths } from '../campaigns/campaigns.openapi.ts';
import { WORKFLOW_TAGS, workflowPaths } from '../workflow/workflow.openapi.ts';

const AUTH_TAG = 'Authentication';
const META_TAG = 'Metadata';
const MESSAGES_TAG = 'Messages';
const QUERIES_TAG = 'Queries';
const JOBS_TAG = 'Jobs';
const FILES_TAG = 'Files';

export const CAPABILITY_TAGS: JsonObject[] = [
  {
    name: QUERIES_TAG,
    description:
      'Saved queries (the query generator): run on screen, print, export to xlsx/CSV. Every output runs with the ' +
      "caller's own access: rows they may not read are left out, and a column they may not read is refused with 400.",
  },
  {
    name: MESSAGES_TAG,
    description:
      'Email, SMS and fax through the outbox: written with the change that causes it, sent after commit with ' +
      'retries; statuses queued → sent → delivered / bounced / failed, or held when no transport is configured.',
  },
  { name: JOBS_TAG, description: 'Background work such as exports: status, progress, result download, cancel.' },
  { name: FILES_TAG, description: 'Stored files: upload, download, description. Access follows the owning record.' },
  ...WORKFLOW_TAGS,
  ...CAMPAIGN_TAGS,
];

const object = (properties: JsonObject, required: string[] = []): JsonObject => ({
  type: 'object',
  ...(required.length ? { required } : {}),
  properties,
});
const localized = object({ hu: { type: 'string' }, en: { type: 'string' } }, ['hu', 'en']);

const definitionSchema = object(
  {
    entity: { type: 'string', description: 'The entity queried, e.g. `company`.' },
    columns: {
      type: 'array',
      description:
        'Dotted paths through references (`owner.name`, `company.status`, up to four segments), or related ' +
        'aggregates `{ related: { entity, via, filter? }, fn: count|sum|avg|min|max, path? }`.',
      items: { type: 'object' },
    },
    filter: {
      type: 'object',
      description:
        'The data API filter tree (`and`, `or`, `not`, `{ field, op, value }`); values may also be relative dates ' +
        '`{ relative: today|startOfWeek|startOfMonth|startOfQuarter|startOfYear|daysAgo|daysAhead, n? }`, ' +
        'parameters `{ param: name }` and the caller `{ currentUser: true }` (compared with `ownerId`, `createdBy`).',
    },
    sort: { type: 'array', items: object({ path: { type: 'string' }, dir: { enum: ['asc', 'desc'] } }, ['path']) },
    groupBy: { type: 'array', items: { type: 'string' } },
    aggregates: { type: 'array', items: object({ fn: { type: 'string' }, path: { type: 'string' } }, ['fn']) },
    params: { type: 'array', items: { type: 'object' }, description: 'Values asked when the query runs.' },
  },
  ['entity'],
);

const savedQuery = object({
  id: { type: 'string' },
  name: { type: 'string', maxLength: 200 },
  folder: { type: ['string', 'null'] },
  ownerId: { type: 'string' },
  sharing: { enum: ['private', 'roles', 'everyone'] },
  roles: { type: 'array', items: { type: 'string' } },
  definition: definitionSchema,
  canEdit: { type: 'boolean', description: 'Whether the caller may change or delete it (its owner).' },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
});
const savedQueryInput = object(
  {
    name: { type: 'string', maxLength: 200 },
    folder: { type: ['string', 'null'] },
    sharing: { enum: ['private', 'roles', 'everyone'] },
    roles: { type: 'array', items: { type: 'string' } },
    definition: definitionSchema,
  },
  ['name', 'definition'],
);
const sortOverride = {
  type: 'array',
  description: "Replaces the query's own order (a click on a grid header); same shape as a definition's `sort`.",
  items: object({ path: { type: 'string' }, dir: { enum: ['asc', 'desc'] } }, ['path']),
};
const source = (extra: JsonObject, required: string[] = []): JsonObject => ({
  type: 'object',
  description: 'Exactly one of `definition` (a query being designed) and `id` (a saved query the caller may see).',
  ...(required.length ? { required } : {}),
  properties: {
    definition: definitionSchema,
    id: { type: 'string' },
    params: { type: 'object', description: 'Values of the parameters, by name.' },
    sort: sortOverride,
    ...extra,
  },
});
const resultColumn = object({
  key: { type: 'string' },
  label: localized,
  type: { type: 'string', description: 'The field type (`text`, `money`, `date`, …) or `integer` for counts.' },
});

function queryPaths(): Record<string, PathItem> {
  const tags = [QUERIES_TAG];
  return {
    '/api/queries': {
      get: {
        tags,
        operationId: 'queries_list',
        summary: 'List the saved queries the caller owns or that are shared with them',
        responses: { '200': { description: 'The queries.', content: itemsOf(savedQuery) }, ...errors('Unauthorized') },
      },
      post: {
        tags,
        operationId: 'queries_create',
        summary: 'Save a query',
        description: 'The definition is checked as the caller: unknown paths, hidden fields and wrong types are 400.',
        requestBody: { required: true, content: json(savedQueryInput) },
        responses: {
          '201': { description: 'Saved.', content: json(savedQuery) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden'),
        },
      },
    },
    '/api/queries/{id}': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'queries_get',
        summary: 'Read a saved query',
        responses: {
          '200': { description: 'The query.', content: json(savedQuery) },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
      put: {
        tags,
        operationId: 'queries_update',
        summary: 'Change a saved query (its owner only)',
        requestBody: { required: true, content: json(savedQueryInput) },
        responses: {
          '200': { description: 'Changed.', content: json(savedQuery) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      delete: {
        tags,
        operationId: 'queries_delete',
        summary: 'Delete a saved query (its owner only)',
        responses: { '204': { description: 'Deleted.' }, ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
    '/api/queries/{id}/duplicate': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'queries_duplicate',
        summary: 'Copy a saved query the caller may see into a private query of their own',
        responses: {
          '201': { description: 'The copy.', content: json(savedQuery) },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/api/queries/run': {
      post: {
        tags,
        operationId: 'queries_run',
        summary: 'Run a query: one page of rows and the total',
        requestBody: {
          required: true,
          content: json(
            source({
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
              offset: { type: 'integer', minimum: 0, default: 0 },
            }),
          ),
        },
        responses: {
          '200': {
            description: 'Columns with labels and types, the rows, the total, and totals of aggregate columns.',
            content: json(
              object(
                {
                  columns: { type: 'array', items: resultColumn },
                  rows: { type: 'array', items: { type: 'object' } },
                  total: { type: 'integer' },
                  totals: { type: 'object' },
                },
                ['columns', 'rows', 'total'],
              ),
            ),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/queries/print': {
      get: {
        tags,
        operationId: 'queries_printSaved',
        summary: 'A print-ready HTML page of a saved query',
        description: 'Title, filter summary, date, a header row repeated on every page and page numbers. Audited.',
        parameters: [
          { name: 'id', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'params', in: 'query', required: false, description: 'JSON object', schema: { type: 'string' } },
          { name: 'sort', in: 'query', required: false, description: 'JSON array', schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
      post: {
        tags,
        operationId: 'queries_print',
        summary: 'A print-ready HTML page of a query being designed or a saved one',
        requestBody: { required: true, content: json(source({})) },
        responses: {
          '200': { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/queries/export': {
      post: {
        tags,
        operationId: 'queries_export',
        summary: 'Export a query to xlsx or CSV as a background job',
        description:
          'Needs the `export` right on the entity (rows limited to that right’s scope). Answers 202 with a job; ' +
          'poll `GET /api/jobs/{id}` for progress and the download URL. xlsx cells are typed (numbers, dates, money ' +
          'formats); text that starts with `=`, `+`, `-`, `@` or a tab stays text. CSV is UTF-8 with a BOM. An ' +
          '`Idempotency-Key` header makes a repeated request return the same job. Audited.',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: json(
            source({
              format: { enum: ['xlsx', 'csv'], default: 'xlsx' },
              csvSeparator: { enum: [';', ','], default: ';' },
            }),
          ),
        },
        responses: {
          '202': {
            description: 'Queued.',
            content: json(object({ jobId: { type: 'string' }, statusUrl: { type: 'string' } }, ['jobId'])),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
  };
}

const job = object({
  id: { type: 'string' },
  kind: { type: 'string' },
  status: { enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
  progress: { type: 'integer', minimum: 0, maximum: 100 },
  result: { description: 'What the job produced (for exports: `fileId`, `rows`).' },
  error: {
    type: ['object', 'null'],
    properties: { code: { type: 'string' }, message: { type: 'string' }, messages: localized },
  },
  downloadUrl: { type: 'string', description: 'When a done job produced a file.' },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
});

function jobPaths(): Record<string, PathItem> {
  const tags = [JOBS_TAG];
  const mine = 'Only the user who started the job (or an administrator) sees it.';
  return {
    '/api/jobs/{id}': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'jobs_get',
        summary: 'Status and progress of a job',
        description: mine,
        responses: { '200': { description: 'The job.', content: json(job) }, ...errors('Unauthorized', 'NotFound') },
      },
      delete: {
        tags,
        operationId: 'jobs_cancel',
        summary: 'Cancel a queued or running job',
        description: mine,
        responses: { '200': { description: 'Cancelled.', content: json(job) }, ...errors('Unauthorized', 'NotFound') },
      },
    },
    '/api/jobs/{id}/download': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'jobs_download',
        summary: 'Download the file a job produced',
        description: mine,
        responses: {
          '200': { description: 'The file.', content: { 'application/octet-stream': { schema: { type: 'string' } } } },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
  };
}

const fileInfo = object({
  id: { type: 'string' },
  name: { type: 'string' },
  mime: { type: 'string' },
  size: { type: 'integer' },
  sha256: { type: 'string', description: 'On upload.' },
  createdAt: { type: 'string', format: 'date-time', description: 'On `/info`.' },
});

function filePaths(): Record<string, PathItem> {
  const tags = [FILES_TAG];
  return {
    '/api/files': {
      post: {
        tags,
        operationId: 'files_upload',
        summary: 'Upload a file',
        description: 'Multipart form with one part named `file`. The answer’s `id` goes into a file field.',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: object({ file: { type: 'string', contentMediaType: 'application/octet-stream' } }, ['file']),
            },
          },
        },
        responses: {
          '201': { description: 'Stored.', content: json(fileInfo) },
          ...errors('BadRequest', 'Unauthorized', 'PayloadTooLarge'),
        },
      },
    },
    '/api/files/{id}': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'files_download',
        summary: 'Download a stored file',
        description: 'Allowed to its uploader and to whoever may read a record that holds it.',
        responses: {
          '200': { description: 'The file.', content: { 'application/octet-stream': { schema: { type: 'string' } } } },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/api/files/{id}/info': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'files_info',
        summary: "A stored file's name, type and size",
        responses: {
          '200': { description: 'The description.', content: json(fileInfo) },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
  };
}

function authPaths(): Record<string, PathItem> {
  const tags = [AUTH_TAG];
  return {
    '/api/auth/password': {
      post: {
        tags,
        operationId: 'auth_changePassword',
        summary: "Change the caller's password",
        description: 'Ends every session of the user, this one included.',
        requestBody: {
          required: true,
          content: json(
            object({ currentPassword: { type: 'string' }, newPassword: { type: 'string' } }, [
              'currentPassword',
              'newPassword',
            ]),
          ),
        },
        responses: { '204': { description: 'Changed.' }, ...errors('BadRequest', 'Unauthorized') },
      },
    },
    '/api/auth/tokens': {
      post: {
        tags,
        operationId: 'auth_createToken',
        summary: 'Create an API token for integrations',
        description: 'The token (`fly_…`) is shown once; only its hash is stored. Send it as `Authorization: Bearer`.',
        requestBody: { required: true, content: json(object({ name: { type: 'string', maxLength: 200 } }, ['name'])) },
        responses: {
          '201': {
            description: 'Created.',
            content: json(object({ id: { type: 'string' }, token: { type: 'string' }, prefix: { type: 'string' } })),
          },
          ...errors('BadRequest', 'Unauthorized'),
        },
      },
    },
    '/api/auth/tokens/{id}': {
      parameters: [idParam],
      delete: {
        tags,
        operationId: 'auth_revokeToken',
        summary: 'Revoke one of the caller’s API tokens',
        responses: { '204': { description: 'Revoked.' }, ...errors('Unauthorized', 'NotFound') },
      },
    },
  };
}

function metaExtraPaths(): Record<string, PathItem> {
  const tags = [META_TAG];
  const admin = 'Administrators only.';
  const version = { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  return {
    '/api/meta/draft': {
      get: {
        tags,
        operationId: 'meta_getDraft',
        summary: 'What the draft changes against the published metadata, and the DDL plan publishing would run',
        description: admin,
        responses: {
          '200': {
            description: 'The draft.',
            content: json(
              object({
                version: { type: 'integer' },
                changes: { type: 'array', items: { type: 'object' } },
                plan: { type: ['object', 'null'] },
              }),
            ),
          },
          ...errors('Unauthorized', 'Forbidden'),
        },
      },
      delete: {
        tags,
        operationId: 'meta_discardDraft',
        summary: 'Discard every unpublished change',
        description: admin,
        responses: { '204': { description: 'Discarded.' }, ...errors('Unauthorized', 'Forbidden') },
      },
    },
    '/api/meta/versions': {
      get: {
        tags,
        operationId: 'meta_listVersions',
        summary: 'The published versions: who published, when, and the plan that ran',
        description: admin,
        responses: {
          '200': { description: 'The versions.', content: itemsOf({ type: 'object' }) },
          ...errors('Unauthorized', 'Forbidden'),
        },
      },
    },
    '/api/meta/versions/{version}': {
      parameters: [version],
      get: {
        tags,
        operationId: 'meta_getVersion',
        summary: 'The metadata snapshot of one published version',
        description: admin,
        responses: {
          '200': { description: 'The snapshot.', content: json({ type: 'object' }) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/meta/versions/{version}/diff': {
      parameters: [version],
      get: {
        tags,
        operationId: 'meta_getVersionDiff',
        summary: 'What one published version changed, and the DDL it ran',
        description: admin,
        responses: {
          '200': { description: 'The changes.', content: json({ type: 'object' }) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
  };
}

const message = object({
  id: { type: 'string' },
  channel: { enum: ['email', 'sms', 'fax'] },
  to: object({
    address: { type: 'string' },
    entity: { type: ['string', 'null'] },
    recordId: { type: ['string', 'null'] },
  }),
  subject: { type: ['string', 'null'] },
  html: { type: ['string', 'null'] },
  text: { type: ['string', 'null'] },
  attachments: { type: 'array', items: { type: 'string' } },
  status: { enum: ['queued', 'sent', 'delivered', 'bounced', 'failed', 'undeliverable', 'held'] },
  error: { type: ['object', 'null'] },
  campaignId: { type: ['string', 'null'] },
  createdBy: { type: ['string', 'null'] },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
});

function messagePaths(): Record<string, PathItem> {
  const tags = [MESSAGES_TAG];
  return {
    '/api/messages': {
      post: {
        tags,
        operationId: 'messages_send',
        summary: 'Send an email, SMS or fax',
        description:
          "`to` is a record (`{ entity, id }`, whose address is read with the caller's access) or an address. HTML " +
          'is sanitised on save and on send; line breaks in addresses or subjects are refused; attachments are ' +
          'stored files the caller created. Answers 202: the message waits in the outbox until it is sent.',
        requestBody: {
          required: true,
          content: json(
            object(
              {
                channel: { enum: ['email', 'sms', 'fax'] },
                to: {
                  oneOf: [
                    { type: 'string' },
                    object({ entity: { type: 'string' }, id: { type: 'string' } }, ['entity', 'id']),
                  ],
                },
                subject: { type: 'string' },
                html: { type: 'string' },
                text: { type: 'string' },
                attachments: { type: 'array', items: { type: 'string' } },
              },
              ['channel', 'to'],
            ),
          ),
        },
        responses: {
          '202': { description: 'Queued.', content: json(object({ id: { type: 'string' } }, ['id'])) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'PayloadTooLarge'),
        },
      },
      get: {
        tags,
        operationId: 'messages_list',
        summary: "A record's communication history, or the outbox",
        description:
          'With `recordEntity` and `recordId`: every message to that record (for whoever may read it). Without them: ' +
          'the messages the caller may see, newest first, filtered by `status`, `channel` or `campaignId`.',
        parameters: ['recordEntity', 'recordId', 'status', 'channel', 'campaignId', 'page', 'pageSize'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
        responses: {
          '200': { description: 'The messages.', content: itemsOf(message) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden'),
        },
      },
    },
    '/api/messages/{id}': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'messages_get',
        summary: 'A message and its status history (when, which status, what the provider answered)',
        responses: {
          '200': {
            description: 'The message.',
            content: json({
              allOf: [message, object({ events: { type: 'array', items: { type: 'object' } } })],
            }),
          },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
  };
}

/** Every capability's paths, merged into the document beside the data, meta and organisation paths. */
export function capabilityPaths(): Record<string, PathItem> {
  return {
    ...authPaths(),
    ...metaExtraPaths(),
    ...messagePaths(),
    ...queryPaths(),
    ...jobPaths(),
    ...filePaths(),
    ...workflowPaths(),
    ...campaignPaths(),
  };
}
