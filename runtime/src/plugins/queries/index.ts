/**
 * The query generator: saved queries (`/api/queries`), running a query for the screen (`POST /api/queries/run`),
 * printing (`/api/queries/print`) and exporting to xlsx/CSV as a job (`POST /api/queries/export`).
 */
import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { actorOf, localeOf, objectPayload, param } from '../../http.ts';
import { printQuery, QueriesService } from './queries.service.ts';

const PAYLOAD = { maxBytes: 1_048_576 };

export const queriesPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-queries',
  dependencies: ['folyam-jobs'],
  register(server, { platform }) {
    if (!platform?.jobs) throw new Error('folyam-queries: options.platform with a job runner is required');
    const queries = new QueriesService(platform);
    server.route([
      { method: 'GET', path: '/api/queries', handler: (request) => queries.list(actorOf(request)) },
      {
        method: 'POST',
        path: '/api/queries',
        options: { payload: PAYLOAD },
        async handler(request, h) {
          const q = await queries.create(actorOf(request), objectPayload(request));
          return h.response(q).code(201).header('location', `/api/queries/${q.id}`);
        },
      },
      {
        method: 'POST',
        path: '/api/queries/run',
        options: { payload: PAYLOAD },
        handler: (request) => queries.run(actorOf(request), objectPayload(request), localeOf(request)),
      },
      {
        method: 'POST',
        path: '/api/queries/export',
        options: { payload: PAYLOAD },
        async handler(request, h) {
          const key = request.headers['idempotency-key'];
          const job = await queries.requestExport(
            actorOf(request),
            objectPayload(request),
            localeOf(request),
            key === undefined ? undefined : String(key),
          );
          return h.response(job).code(202).header('location', job.statusUrl);
        },
      },
      {
        method: 'GET',
        path: '/api/queries/print',
        async handler(request, h) {
          const html = await queries.print(
            actorOf(request),
            printQuery(request.query as Record<string, unknown>),
            localeOf(request),
          );
          return h.response(html).type('text/html; charset=utf-8').header('cache-control', 'private, no-store');
        },
      },
      {
        method: 'POST',
        path: '/api/queries/print',
        options: { payload: PAYLOAD },
        async handler(request, h) {
          const html = await queries.print(actorOf(request), objectPayload(request), localeOf(request));
          return h.response(html).type('text/html; charset=utf-8').header('cache-control', 'private, no-store');
        },
      },
      {
        method: 'GET',
        path: '/api/queries/{id}',
        handler: (request) => queries.get(actorOf(request), param(request, 'id')),
      },
      {
        method: 'PUT',
        path: '/api/queries/{id}',
        options: { payload: PAYLOAD },
        handler: (request) => queries.update(actorOf(request), param(request, 'id'), objectPayload(request)),
      },
      {
        method: 'DELETE',
        path: '/api/queries/{id}',
        async handler(request, h) {
          await queries.remove(actorOf(request), param(request, 'id'));
          return h.response().code(204);
        },
      },
      {
        method: 'POST',
        path: '/api/queries/{id}/duplicate',
        async handler(request, h) {
          const q = await queries.duplicate(actorOf(request), param(request, 'id'));
          return h.response(q).code(201).header('location', `/api/queries/${q.id}`);
        },
      },
    ]);
  },
};
