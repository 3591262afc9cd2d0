/**
 * The organisation API (administrators only): `/api/org/departments`, `/api/org/groups` (with members) and
 * `/api/org/users`, plus an administrator's password reset, which ends the user's sessions.
 */
import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { actorOf, objectPayload, param } from '../../http.ts';
import { createOrg, deleteOrg, listOrg, resetPassword, updateOrg } from './org.service.ts';

const PAYLOAD = { maxBytes: 262_144 };

export const orgPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-org',
  register(server, { platform }) {
    const kinds = ['departments', 'groups', 'users'] as const;
    for (const kind of kinds) {
      server.route([
        { method: 'GET', path: `/api/org/${kind}`, handler: (request) => listOrg(platform, actorOf(request), kind) },
        {
          method: 'POST',
          path: `/api/org/${kind}`,
          options: { payload: PAYLOAD },
          async handler(request, h) {
            return h.response(await createOrg(platform, actorOf(request), kind, objectPayload(request))).code(201);
          },
        },
        {
          method: 'PATCH',
          path: `/api/org/${kind}/{id}`,
          options: { payload: PAYLOAD },
          handler: (request) =>
            updateOrg(platform, actorOf(request), kind, param(request, 'id'), objectPayload(request)),
        },
      ]);
    }
    for (const kind of ['departments', 'groups'] as const) {
      server.route({
        method: 'DELETE',
        path: `/api/org/${kind}/{id}`,
        async handler(request, h) {
          await deleteOrg(platform, actorOf(request), kind, param(request, 'id'));
          return h.response().code(204);
        },
      });
    }
    server.route({
      method: 'POST',
      path: '/api/org/users/{id}/password',
      options: { payload: { maxBytes: 16_384 } },
      async handler(request, h) {
        await resetPassword(platform, actorOf(request), param(request, 'id'), objectPayload(request));
        return h.response().code(204);
      },
    });
  },
};
