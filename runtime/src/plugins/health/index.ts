import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';

export const healthPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-health',
  register(server, { platform }) {
    server.route({
      method: 'GET',
      path: '/api/health',
      options: { auth: false },
      async handler() {
        await platform.knex.raw('select 1');
        return { status: 'ok', database: platform.dialect };
      },
    });
  },
};
