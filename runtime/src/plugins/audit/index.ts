/** The audit view: `GET /api/audit` for administrators and holders of a role marked `audit`. */
import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { actorOf } from '../../http.ts';
import { parseAuditQuery } from './audit.service.ts';

export const auditPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-audit',
  register(server, { platform }) {
    server.route({
      method: 'GET',
      path: '/api/audit',
      handler: (request) =>
        platform.audit.list(actorOf(request), parseAuditQuery(request.query as Record<string, unknown>)),
    });
  },
};
