/** The generic data API: `/api/data/{entity}` and `/api/data/{entity}/{id}` for every published entity. */
import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { actorOf, objectPayload, param } from '../../http.ts';
import { parseIfMatch, parseListQuery, parseShareTarget } from './data.service.ts';

const PAYLOAD = { maxBytes: 1_048_576 };
const IDENT = /^[a-zA-Z][a-zA-Z0-9]{0,47}$/;

export const dataPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-data',
  register(server, { platform }) {
    const records = platform.records;
    const entityParam = (name: string) => (IDENT.test(name) ? name : '-');
    server.route([
      {
        method: 'GET',
        path: '/api/data/{entity}',
        handler: (request) =>
          records.list(actorOf(request), entityParam(param(request, "entity")), parseListQuery(request.query as Record<string, unknown>)),
      },
      {
        method: 'POST',
        path: '/api/data/{entity}',
        options: { payload: PAYLOAD },
        async handler(request, h) {
          const rec = await records.create(actorOf(request), entityParam(param(request, "entity")), objectPayload(request));
          return h
            .response(rec)
            .code(201)
            .header('location', `/api/data/${param(request, "entity")}/${rec.id}`)
            .etag(String(rec.version));
        },
      },
      {
        method: 'GET',
        path: '/api/data/{entity}/{id}',
        async handler(request, h) {
          const rec = await records.get(actorOf(request), entityParam(param(request, "entity")), param(request, "id"));
          return h.response(rec).etag(String(rec.version));
        },
      },
      {
        method: 'PATCH',
        path: '/api/data/{entity}/{id}',
        options: { payload: PAYLOAD },
        async handler(request, h) {
          const rec = await records.update(actorOf(request), entityParam(param(request, "entity")), param(request, "id"), objectPayload(request), {
            ifMatch: parseIfMatch(request.headers['if-match']),
          });
          return h.response(rec).etag(String(rec.version));
        },
      },
      {
        method: 'DELETE',
        path: '/api/data/{entity}/{id}',
        async handler(request, h) {
          const v = (request.query as Record<string, unknown>).version;
          await records.remove(actorOf(request), entityParam(param(request, "entity")), param(request, "id"), {
            ifMatch: parseIfMatch(request.headers['if-match']),
            version: v === undefined ? undefined : parseIfMatch(v),
          });
          return h.response().code(204);
        },
      },
      {
        method: 'GET',
        path: '/api/data/{entity}/{id}/shares',
        async handler(request) {
          return { items: await platform.shares.list(actorOf(request), entityParam(param(request, 'entity')), param(request, 'id')) };
        },
      },
      {
        method: 'POST',
        path: '/api/data/{entity}/{id}/shares',
        options: { payload: { maxBytes: 16_384 } },
        async handler(request, h) {
          const share = await platform.shares.add(actorOf(request), entityParam(param(request, 'entity')), param(request, 'id'), objectPayload(request));
          return h.response(share).code(201);
        },
      },
      {
        method: 'DELETE',
        path: '/api/data/{entity}/{id}/shares/{shareId}',
        async handler(request, h) {
          await platform.shares.remove(actorOf(request), entityParam(param(request, 'entity')), param(request, 'id'), { shareId: param(request, 'shareId') });
          return h.response().code(204);
        },
      },
      {
        method: 'DELETE',
        path: '/api/data/{entity}/{id}/shares',
        async handler(request, h) {
          await platform.shares.remove(actorOf(request), entityParam(param(request, 'entity')), param(request, 'id'), parseShareTarget(request.query as Record<string, unknown>));
          return h.response().code(204);
        },
      },
      {
        method: 'GET',
        path: '/api/data/{entity}/{id}/history',
        async handler(request) {
          return { items: await records.history(actorOf(request), entityParam(param(request, "entity")), param(request, "id")) };
        },
      },
    ]);
  },
};
