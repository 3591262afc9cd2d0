/**
 * OpenAPI paths of newsletters and campaigns, consent, the suppression list, message templates and channel
 * settings, merged into `/api/openapi.json`. The shapes in detail: `API.md` beside this file.
 */
import { errors, idParam, json, type JsonObject, type PathItem } from '../openapi/openapi.parts.ts';

const TAG = 'Campaigns';
export const CAMPAIGN_TAGS: JsonObject[] = [
  {
    name: TAG,
    description:
      'Newsletters and campaigns by email, SMS and fax; consent per contact and channel (Grt. 6. §, GDPR), a ' +
      'suppression list shared by every channel, one-click unsubscribe (`/u/{token}`, no login), message templates ' +
      'and channel settings. Marketing sends skip contacts without consent and suppressed addresses.',
  },
];

type Op = {
  method: 'get' | 'post' | 'put' | 'delete';
  summary: string;
  description?: string;
  body?: JsonObject;
  ok: string;
  query?: string[];
  errors?: string[];
};

const obj: JsonObject = { type: 'object' };
const campaignBody: JsonObject = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    channel: { enum: ['email', 'sms', 'fax', 'auto'] },
    purpose: { enum: ['marketing', 'service'] },
    subject: { type: 'string' },
    html: { type: 'string' },
    text: { type: 'string' },
    attachments: { type: 'array', items: { type: 'string' } },
    recipients: {
      type: 'object',
      description:
        '`{ kind: "contacts", ids }`, `{ kind: "companies", ids }`, `{ kind: "companyGroups", groups }` or ' +
        '`{ kind: "query", queryId }` (a saved query on contacts or companies).',
    },
    tracking: { type: 'boolean' },
  },
};

function operation(path: string, op: Op): JsonObject {
  const id = `campaigns_${op.method}${path
    .replace(/^\/api\//, '_')
    .replace(/[{}]/g, '')
    .replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`;
  const status = op.method === 'post' && op.ok.startsWith('202') ? '202' : op.ok.startsWith('201') ? '201' : '200';
  return {
    tags: [TAG],
    operationId: id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.query
      ? { parameters: op.query.map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })) }
      : {}),
    ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
    responses: {
      [op.method === 'delete' ? '204' : status]: {
        description: op.ok,
        ...(op.method === 'delete' ? {} : { content: json(obj) }),
      },
      ...errors(...(op.errors ?? ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'])),
    },
  };
}

const ROUTES: Record<string, Op[]> = {
  '/api/consents': [
    {
      method: 'get',
      summary: "A contact's consent per channel, with its history",
      query: ['entity', 'id'],
      ok: '`{ items, history }`',
    },
    {
      method: 'post',
      summary: 'Record a consent given or withdrawn, with its source and the wording shown',
      body: {
        type: 'object',
        required: ['entity', 'id', 'channel', 'granted'],
        properties: {
          entity: { type: 'string' },
          id: { type: 'string' },
          channel: { enum: ['email', 'sms', 'fax', 'tracking'] },
          granted: { type: 'boolean' },
          source: { type: 'string' },
          wording: { type: 'string' },
        },
      },
      ok: 'The consents after the change.',
    },
  ],
  '/api/suppressions': [
    { method: 'get', summary: 'The suppression list', query: ['q', 'page'], ok: '`{ items, total }`' },
    {
      method: 'post',
      summary: 'Suppress an address on every channel',
      body: { type: 'object', required: ['address'], properties: { address: { type: 'string' }, reason: obj } },
      ok: '201 Suppressed.',
      errors: ['BadRequest', 'Unauthorized', 'Forbidden', 'Conflict'],
    },
  ],
  '/api/suppressions/{id}': [{ method: 'delete', summary: 'Lift a suppression', ok: 'Lifted.' }],
  '/api/message-templates': [
    { method: 'get', summary: 'Message templates', ok: '`{ items }`' },
    {
      method: 'post',
      summary: 'Save a message template (HTML sanitised on save)',
      body: {
        type: 'object',
        required: ['name', 'channel'],
        properties: {
          name: { type: 'string' },
          channel: { enum: ['email', 'sms', 'fax'] },
          subject: { type: 'string' },
          html: { type: 'string' },
          text: { type: 'string' },
        },
      },
      ok: '201 The template.',
    },
  ],
  '/api/message-templates/{id}': [
    { method: 'get', summary: 'A message template', ok: 'The template.' },
    { method: 'put', summary: 'Change a message template', body: obj, ok: 'The template.' },
    { method: 'delete', summary: 'Delete a message template', ok: 'Deleted.' },
  ],
  '/api/campaigns': [
    { method: 'get', summary: 'Campaigns with their progress and totals', ok: '`{ items }`' },
    { method: 'post', summary: 'Create a campaign (a draft)', body: campaignBody, ok: '201 The campaign.' },
  ],
  '/api/campaigns/{id}': [
    {
      method: 'get',
      summary: 'A campaign, its progress and totals',
      description:
        'Totals: recipients, skipped, queued, held, sent, delivered, bounced, failed, opened, clicked, unsubscribed.',
      ok: 'The campaign.',
    },
    {
      method: 'put',
      summary: 'Change a draft campaign',
      body: campaignBody,
      ok: 'The campaign.',
      errors: ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'],
    },
    { method: 'delete', summary: 'Delete a campaign that is not sending', ok: 'Deleted.' },
  ],
  '/api/campaigns/{id}/preview': [
    {
      method: 'post',
      summary: 'The message as one recipient would get it, merge fields filled',
      body: { type: 'object', properties: { recipientId: { type: 'string' } } },
      ok: '`{ channel, subject, html, text, warnings }`',
    },
  ],
  '/api/campaigns/{id}/audience': [
    {
      method: 'post',
      summary: 'How many recipients will get it, and how many are skipped and why, before sending',
      ok: '`{ total, willSend, skipped: { noConsent, suppressed, noAddress, duplicate } }`',
    },
  ],
  '/api/campaigns/{id}/test': [
    {
      method: 'post',
      summary: 'Send one test message',
      body: { type: 'object', required: ['to'], properties: { to: { type: 'string' } } },
      ok: '202 `{ id }`',
    },
  ],
  '/api/campaigns/{id}/send': [
    {
      method: 'post',
      summary: 'Send now, or at `at`',
      description:
        'Answers 202 with a job; every recipient gets exactly one message (idempotency key per contact and channel).',
      body: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
      ok: '202 `{ jobId }`',
      errors: ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'],
    },
  ],
  '/api/campaigns/{id}/cancel': [{ method: 'post', summary: 'Stop sending', ok: 'The campaign.' }],
  '/api/campaigns/{id}/recipients': [
    {
      method: 'get',
      summary: 'Per-recipient status',
      query: ['status', 'page', 'pageSize'],
      ok: '`{ total, page, pageSize, items }`',
    },
  ],
  '/api/messaging/channels': [
    {
      method: 'get',
      summary: 'Channel settings (administrators); secrets are never returned',
      ok: '`[{ channel, configured, source, settings }]`',
    },
  ],
  '/api/messaging/channels/{channel}': [
    {
      method: 'put',
      summary: "Change a channel's settings (administrators); environment variables win",
      body: obj,
      ok: 'The channel.',
    },
  ],
};

export function campaignPaths(): Record<string, PathItem> {
  const out: Record<string, PathItem> = {};
  for (const [path, ops] of Object.entries(ROUTES)) {
    const item: PathItem = {};
    if (path.includes('{id}')) item.parameters = [idParam];
    if (path.includes('{channel}'))
      item.parameters = [{ name: 'channel', in: 'path', required: true, schema: { enum: ['email', 'sms', 'fax'] } }];
    for (const op of ops) item[op.method] = operation(path, op);
    out[path] = item;
  }
  return out;
}
