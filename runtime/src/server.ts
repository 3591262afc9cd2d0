/** Builds the hapi server from a platform: one plugin per capability. Tests call `server.inject` on it. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Hapi from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { auditPlugin } from './plugins/audit/index.ts';
import { authPlugin } from './plugins/auth/index.ts';
import { dataPlugin } from './plugins/data/index.ts';
import { errorsPlugin } from './plugins/errors/index.ts';
import { healthPlugin } from './plugins/health/index.ts';
import { filesPlugin } from './plugins/files/index.ts';
import { jobsPlugin } from './plugins/jobs/index.ts';
import { campaignsPlugin } from './plugins/campaigns/index.ts';
import { messagesPlugin } from './plugins/messages/index.ts';
import { createMessaging, type MessagingOptions } from './plugins/messages/messaging.ts';
import { metaPlugin } from './plugins/meta/index.ts';
import { openapiPlugin } from './plugins/openapi/index.ts';
import { queriesPlugin } from './plugins/queries/index.ts';
import { orgPlugin } from './plugins/org/index.ts';
import { workflowPlugin } from './plugins/workflow/index.ts';
import { webPlugin } from './plugins/web/index.ts';

export const VERSION = '0.1.0';
const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DIST = path.resolve(here, '../../designer/dist');

export type ServerOptions = {
  platform: Platform;
  port?: number;
  host?: string;
  sessionTtlHours?: number;
  secureCookies?: boolean;
  distDir?: string;
  /** Connector settings and webhook options; without them every message is held (no transport configured). */
  messaging?: MessagingOptions;
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export async function createServer(options: ServerOptions): Promise<Hapi.Server> {
  const server = Hapi.server({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    routes: {
      security: { hsts: false, xframe: 'deny', noSniff: true, referrer: 'same-origin' },
      payload: { maxBytes: 1_048_576 },
      response: { emptyStatusCode: 204 },
    },
    router: { stripTrailingSlash: true },
  });
  server.ext('onPreResponse', (request, h) => {
    const res = request.response as {
      header?: (k: string, v: string) => unknown;
      isBoom?: boolean;
      output?: { headers: Record<string, string> };
    };
    if (res && !res.isBoom && res.header) res.header('content-security-policy', CSP);
    else if (res?.isBoom && res.output) res.output.headers['content-security-policy'] = CSP;
    return h.continue;
  });
  const { platform } = options;
  // Registers the `message.send` job handler on the platform's runner; its SMTP pools close with the server.
  const messaging = createMessaging(platform, options.messaging);
  server.ext('onPostStop', () => messaging.close());
  await server.register([
    { plugin: errorsPlugin },
    {
      plugin: authPlugin,
      options: { platform, ttlHours: options.sessionTtlHours ?? 12, secureCookies: options.secureCookies ?? false },
    },
    { plugin: healthPlugin, options: { platform } },
    { plugin: dataPlugin, options: { platform } },
    { plugin: metaPlugin, options: { platform } },
    { plugin: filesPlugin, options: { platform } },
    { plugin: jobsPlugin, options: { platform } },
    { plugin: messagesPlugin, options: { platform, messaging } },
    { plugin: campaignsPlugin, options: { platform, messaging } },
    { plugin: queriesPlugin, options: { platform } },
    { plugin: orgPlugin, options: { platform } },
    { plugin: workflowPlugin, options: { platform } },
    { plugin: auditPlugin, options: { platform } },
    { plugin: openapiPlugin, options: { platform, version: VERSION } },
    { plugin: webPlugin, options: { distDir: options.distDir ?? DEFAULT_DIST } },
  ]);
  return server;
}
