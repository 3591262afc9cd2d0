/**
 * Newsletters and campaigns: consents (`/api/consents`), the suppression list (`/api/suppressions`), message
 * templates (`/api/message-templates`), campaigns (`/api/campaigns…`), and the links in sent messages that work
 * without a login — one-click unsubscribe `/u/{token}`, the open pixel `/t/o/{token}.gif`, the click redirect
 * `/t/c/{token}`. See API.md beside this file.
 */
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import { errors, PIXEL_GIF, type Actor, type Platform } from '@folyam/platform';
import { actorOf, objectPayload, param } from '../../http.ts';
import type { Messaging } from '../messages/messaging.ts';
import { createCampaigns } from './campaigns.ts';
import { confirmPage, donePage, unknownPage } from './unsubscribe.page.ts';

/** The suppression list is read and kept by marketing and administrators. */
function marketer(request: Request): Actor {
  const actor = actorOf(request);
  if (!actor.admin && !actor.roles.includes('marketing')) throw errors.forbidden();
  return actor;
}

const query = (request: Request) => request.query as Record<string, unknown>;
const body = (request: Request) =>
  request.payload === null || request.payload === undefined ? {} : objectPayload(request);

export const campaignsPlugin: Plugin<{ platform: Platform; messaging: Messaging }> = {
  name: 'folyam-campaigns',
  dependencies: ['folyam-messages'],
  register(server, { platform, messaging }) {
    if (!platform?.jobs) throw new Error('folyam-campaigns: options.platform is required');
    if (!messaging?.suppressions) throw new Error('folyam-campaigns: options.messaging (createMessaging) is required');
    // Links point at the configured public URL, else at this server's own address.
    const { consents, templates, campaigns, links } = createCampaigns(
      platform,
      messaging,
      () => messaging.publicUrl ?? server.info.uri,
    );
    const html = (h: ResponseToolkit, page: string, code = 200) =>
      h
        .response(page)
        .code(code)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer');
    const id = (request: Request) => param(request, 'id');

    server.route([
      { method: 'GET', path: '/api/consents', handler: (r) => consents.view(actorOf(r), query(r).entity, query(r).id) },
      { method: 'POST', path: '/api/consents', handler: (r) => consents.change(actorOf(r), objectPayload(r)) },

      {
        method: 'GET',
        path: '/api/suppressions',
        handler: (r) => (marketer(r), messaging.suppressions.list(query(r).q, query(r).page)),
      },
      {
        method: 'POST',
        path: '/api/suppressions',
        handler: async (r, h) =>
          h.response(await messaging.suppressions.create(marketer(r), objectPayload(r))).code(201),
      },
      {
        method: 'DELETE',
        path: '/api/suppressions/{id}',
        handler: async (r, h) => {
          marketer(r);
          await messaging.suppressions.remove(id(r));
          return h.response().code(204);
        },
      },

      { method: 'GET', path: '/api/message-templates', handler: (r) => (actorOf(r), templates.list()) },
      {
        method: 'POST',
        path: '/api/message-templates',
        options: { payload: { maxBytes: 2_097_152 } },
        handler: async (r, h) => h.response(await templates.create(actorOf(r), objectPayload(r))).code(201),
      },
      { method: 'GET', path: '/api/message-templates/{id}', handler: (r) => (actorOf(r), templates.get(id(r))) },
      {
        method: 'PUT',
        path: '/api/message-templates/{id}',
        options: { payload: { maxBytes: 2_097_152 } },
        handler: (r) => templates.update(actorOf(r), id(r), objectPayload(r)),
      },
      {
        method: 'DELETE',
        path: '/api/message-templates/{id}',
        handler: async (r, h) => {
          await templates.remove(actorOf(r), id(r));
          return h.response().code(204);
        },
      },

      { method: 'GET', path: '/api/campaigns', handler: (r) => campaigns.list(actorOf(r)) },
      {
        method: 'POST',
        path: '/api/campaigns',
        options: { payload: { maxBytes: 4_194_304 } },
        handler: async (r, h) => h.response(await campaigns.create(actorOf(r), objectPayload(r))).code(201),
      },
      { method: 'GET', path: '/api/campaigns/{id}', handler: (r) => campaigns.view(actorOf(r), id(r)) },
      {
        method: 'PUT',
        path: '/api/campaigns/{id}',
        options: { payload: { maxBytes: 4_194_304 } },
        handler: (r) => campaigns.update(actorOf(r), id(r), objectPayload(r)),
      },
      {
        method: 'DELETE',
        path: '/api/campaigns/{id}',
        handler: async (r, h) => {
          await campaigns.remove(actorOf(r), id(r));
          return h.response().code(204);
        },
      },
      {
        method: 'POST',
        path: '/api/campaigns/{id}/preview',
        handler: (r) => campaigns.preview(actorOf(r), id(r), body(r)),
      },
      { method: 'POST', path: '/api/campaigns/{id}/audience', handler: (r) => campaigns.audience(actorOf(r), id(r)) },
      {
        method: 'POST',
        path: '/api/campaigns/{id}/test',
        handler: async (r, h) => h.response(await campaigns.test(actorOf(r), id(r), objectPayload(r))).code(202),
      },
      {
        method: 'POST',
        path: '/api/campaigns/{id}/send',
        handler: async (r, h) => h.response(await campaigns.send(actorOf(r), id(r), body(r))).code(202),
      },
      { method: 'POST', path: '/api/campaigns/{id}/cancel', handler: (r) => campaigns.cancel(actorOf(r), id(r)) },
      {
        method: 'GET',
        path: '/api/campaigns/{id}/recipients',
        handler: (r) => campaigns.recipients(actorOf(r), id(r), query(r)),
      },

      {
        method: 'GET',
        path: '/u/{token}',
        options: { auth: false },
        handler: async (r, h) => {
          const recipient = await links.recipient(param(r, 'token'));
          if (!recipient) return html(h, unknownPage(), 404);
          return html(
            h,
            recipient.unsubscribed
              ? donePage(recipient.address)
              : confirmPage(recipient.campaignName, recipient.address),
          );
        },
      },
      {
        // The confirm button and RFC 8058 one-click (`List-Unsubscribe=One-Click`) both land here; the body is not needed.
        method: 'POST',
        path: '/u/{token}',
        options: { auth: false, payload: { parse: false, output: 'data', maxBytes: 4096 } },
        handler: async (r, h) => {
          const recipient = await links.unsubscribe(param(r, 'token'));
          return recipient ? html(h, donePage(recipient.address)) : html(h, unknownPage(), 404);
        },
      },
      {
        method: 'GET',
        path: '/t/o/{token}.gif',
        options: { auth: false },
        handler: async (r, h) => {
          await links.open(param(r, 'token'));
          return h.response(PIXEL_GIF).type('image/gif').header('cache-control', 'no-store');
        },
      },
      {
        method: 'GET',
        path: '/t/c/{token}',
        options: { auth: false },
        handler: async (r, h) => {
          const url = await links.click(param(r, 'token'));
          if (!url) return html(h, unknownPage(), 404);
          return h.redirect(url).code(302).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        },
      },
    ]);
  },
};
