/** The metadata API: `/api/meta/{entities|roles|apps}`, drafts, publishing and versions. */
import type { Plugin } from '@hapi/hapi';
import { errors, type Platform } from '@folyam/platform';
import { actorOf, objectPayload, param, requireAdmin } from '../../http.ts';
import { deleteObject, getObject, getObjects, kindOf, publish, putObject } from './meta.service.ts';

const isDraft = (q: Record<string, unknown>) => q.draft === '1' || q.draft === 'true';

export const metaPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-meta',
  register(server, { platform }) {
    server.route([
      {
        method: 'GET',
        path: '/api/meta/{kind}',
        async handler(request) {
          const kind = kindOf(param(request, 'kind'));
          return { items: await getObjects(platform, actorOf(request), kind, isDraft(request.query)) };
        },
      },
      {
        method: 'GET',
        path: '/api/meta/{kind}/{name}',
        handler: (request) =>
          getObject(
            platform,
            actorOf(request),
            kindOf(param(request, 'kind')),
            param(request, 'name'),
            isDraft(request.query),
          ),
      },
      {
        method: 'PUT',
        path: '/api/meta/{kind}/{name}',
        options: { payload: { maxBytes: 2_097_152 } },
        handler: (request) =>
          putObject(
            platform,
            actorOf(request),
            kindOf(param(request, 'kind')),
            param(request, 'name'),
            objectPayload(request),
          ),
      },
      {
        method: 'DELETE',
        path: '/api/meta/{kind}/{name}',
        async handler(request, h) {
          await deleteObject(platform, actorOf(request), kindOf(param(request, 'kind')), param(request, 'name'));
          return h.response().code(204);
        },
      },
      {
        method: 'GET',
        path: '/api/meta/draft',
        async handler(request) {
          requireAdmin(request);
          const draft = await platform.meta.draft();
          const dry = await platform.meta.publish(null, { dryRun: true }).catch((e) => ({ error: e }));
          return {
            version: draft.version,
            changes: draft.changed,
            ...('error' in dry ? { plan: null } : { plan: dry.plan }),
          };
        },
      },
      {
        method: 'DELETE',
        path: '/api/meta/draft',
        async handler(request, h) {
          requireAdmin(request);
          await platform.meta.discardDraft();
          return h.response().code(204);
        },
      },
      {
        method: 'POST',
        path: '/api/meta/publish',
        options: { payload: { maxBytes: 16_384 } },
        handler: (request) => publish(platform, actorOf(request), request.payload ? objectPayload(request) : {}),
      },
      {
        method: 'GET',
        path: '/api/meta/versions',
        async handler(request) {
          requireAdmin(request);
          return { items: await platform.meta.versions() };
        },
      },
      {
        method: 'GET',
        path: '/api/meta/versions/{version}',
        async handler(request) {
          requireAdmin(request);
          const v = Number(param(request, 'version'));
          if (!Number.isInteger(v) || v < 1) throw errors.notFound();
          return platform.meta.loadVersion(v);
        },
      },
      {
        method: 'GET',
        path: '/api/meta/versions/{version}/diff',
        async handler(request) {
          requireAdmin(request);
          const v = Number(param(request, 'version'));
          if (!Number.isInteger(v) || v < 1) throw errors.notFound();
          return platform.meta.versionDiff(v);
        },
      },
    ]);
  },
};
