/**
 * `POST /api/messages` (queue one, 202 `{ id }`), `GET /api/messages/{id}` (with its status history),
 * `GET /api/messages?recordEntity=&recordId=` (a record's communication history), and the providers' callbacks
 * `POST /api/webhooks/sms/status` and `POST /api/webhooks/email/dsn` (no session; signature or shared secret).
 */
import type { Plugin, Request } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { actorOf, objectPayload, param, requireAdmin } from '../../http.ts';
import { ChannelSettingsService } from './channels.service.ts';
import { EMAIL_DSN_PATH, SMS_STATUS_PATH, type Messaging } from './messaging.ts';
import { WebhooksService, type WebhookInput } from './webhooks.service.ts';

const webhookInput = (request: Request): WebhookInput => ({
  search: request.url.search,
  headers: request.headers as WebhookInput['headers'],
  body: (request.payload ?? '') as WebhookInput['body'],
});

export const messagesPlugin: Plugin<{ platform: Platform; messaging: Messaging }> = {
  name: 'folyam-messages',
  async register(server, { platform, messaging }) {
    if (!platform?.jobs) throw new Error('folyam-messages: options.platform is required');
    if (!messaging?.service) throw new Error('folyam-messages: options.messaging (createMessaging) is required');
    const messages = messaging.service;
    const webhooks = new WebhooksService(platform, messaging);
    const channels = new ChannelSettingsService(platform, messaging);
    await channels.load();
    server.route([
      {
        method: 'POST',
        path: '/api/messages',
        options: { payload: { maxBytes: 2_097_152 } },
        handler: async (request, h) =>
          h.response(await messages.compose(actorOf(request), objectPayload(request))).code(202),
      },
      {
        method: 'GET',
        path: '/api/messages',
        handler: (request) => {
          const q = request.query as Record<string, unknown>;
          // With a record: its communication history; otherwise the outbox viewer's list.
          if (q.recordEntity !== undefined || q.recordId !== undefined)
            return messages.history(actorOf(request), q.recordEntity, q.recordId);
          return messages.list(actorOf(request), q);
        },
      },
      {
        method: 'GET',
        path: '/api/messages/{id}',
        handler: (request) => messages.view(actorOf(request), param(request, 'id')),
      },
      {
        method: 'GET',
        path: '/api/messaging/channels',
        handler: (request) => {
          requireAdmin(request);
          return channels.list();
        },
      },
      {
        method: 'PUT',
        path: '/api/messaging/channels/{channel}',
        handler: (request) => channels.put(actorOf(request), param(request, 'channel'), objectPayload(request)),
      },
      {
        method: 'POST',
        path: SMS_STATUS_PATH,
        options: { auth: false, payload: { maxBytes: 65_536, allow: 'application/x-www-form-urlencoded' } },
        handler: async (request, h) => h.response(await webhooks.smsStatus(webhookInput(request))).code(200),
      },
      {
        method: 'POST',
        path: EMAIL_DSN_PATH,
        options: {
          auth: false,
          payload: {
            maxBytes: 1_048_576,
            parse: false,
            output: 'data',
            allow: [
              'message/rfc822',
              'message/delivery-status',
              'multipart/report',
              'text/plain',
              'application/octet-stream',
            ],
          },
        },
        handler: async (request, h) => h.response(await webhooks.emailDsn(webhookInput(request))).code(200),
      },
    ]);
  },
};
