/**
 * Serves the designer SPA from `designer/dist`: files as they are, any other non-API path as index.html so the
 * client-side router can take it. Without a build, a short page says how to make one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from '@hapi/hapi';
import inert from '@hapi/inert';

export const webPlugin: Plugin<{ distDir: string }> = {
  name: 'folyam-web',
  async register(server, { distDir }) {
    await server.register(inert);
    const index = path.join(distDir, 'index.html');
    server.route({
      method: 'GET',
      path: '/{path*}',
      options: { auth: false },
      handler(request, h) {
        if (request.path.startsWith('/api/')) {
          return h
            .response({
              code: 'NOT_FOUND',
              message: 'Not found.',
              messages: { hu: 'Nem található.', en: 'Not found.' },
              details: [],
            })
            .code(404);
        }
        const rel = path.normalize(String(request.params.path ?? '')).replace(/^(\.\.(\/|\\|$))+/, '');
        const file = path.join(distDir, rel);
        if (rel && file.startsWith(distDir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
          const res = h.file(file, { confine: distDir });
          if (rel.startsWith('assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
          return res;
        }
        if (fs.existsSync(index)) return h.file(index, { confine: distDir }).header('cache-control', 'no-cache');
        return h
          .response(
            '<!doctype html><html lang="en"><meta charset="utf-8"><title>Folyam</title><main><h1>Folyam</h1>' +
              '<p>The web app is not built yet. Run <code>npm run build</code>, then reload. The API is at <a href="/api/docs">/api/docs</a>.</p></main></html>',
          )
          .type('text/html; charset=utf-8');
      },
    });
  },
};
