/** `GET /api/openapi.json` (OpenAPI 3.1 from the published metadata) and `GET /api/docs` (a readable page). */
import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { buildOpenApi, renderApiDocsHtml } from './openapi.service.ts';

export const openapiPlugin: Plugin<{ platform: Platform; version: string }> = {
  name: 'folyam-openapi',
  register(server, { platform, version }) {
    let cache: { version: number; spec: object; html?: string } | null = null;
    const spec = async () => {
      const snap = await platform.meta.published();
      if (!cache || cache.version !== snap.version)
        cache = { version: snap.version, spec: buildOpenApi(snap.entities, { version }) };
      return cache;
    };
    server.route([
      { method: 'GET', path: '/api/openapi.json', options: { auth: false }, handler: async () => (await spec()).spec },
      {
        method: 'GET',
        path: '/api/docs',
        options: { auth: false },
        async handler(_request, h) {
          const c = await spec();
          c.html ??= renderApiDocsHtml(c.spec);
          return h.response(c.html).type('text/html; charset=utf-8');
        },
      },
    ]);
  },
};
