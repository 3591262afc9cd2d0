/**
 * Authentication: a session cookie (HttpOnly, SameSite) for browsers and bearer API tokens for integrations,
 * behind one hapi scheme. Cookie-authenticated writes must carry `X-Requested-With`, which a cross-site form
 * cannot send — the CSRF guard.
 */
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import { errors, FolyamError, revokeApiToken, type Platform } from '@folyam/platform';
import { actorOf, objectPayload, param } from '../../http.ts';
import {
  authenticateSession,
  authenticateToken,
  changePassword,
  issueToken,
  login,
  logout,
  publicUser,
} from './auth.service.ts';

export const SESSION_COOKIE = 'folyam_session';
const SAFE_METHODS = new Set(['get', 'head', 'options']);

export type AuthOptions = { platform: Platform; ttlHours: number; secureCookies: boolean };

export const authPlugin: Plugin<AuthOptions> = {
  name: 'folyam-auth',
  register(server, options) {
    const { platform } = options;
    if (!(options.ttlHours > 0)) throw new Error('folyam-auth: ttlHours must be a positive number');
    server.state(SESSION_COOKIE, {
      isHttpOnly: true,
      isSameSite: 'Lax',
      isSecure: options.secureCookies,
      path: '/',
      encoding: 'none',
      strictHeader: true,
      ignoreErrors: true,
      clearInvalid: true,
    });

    server.auth.scheme('folyam', () => ({
      async authenticate(request: Request, h: ResponseToolkit) {
        const header = request.headers.authorization;
        if (header) {
          const m = /^Bearer\s+(\S+)$/i.exec(String(header));
          const actor = m ? await authenticateToken(platform, m[1]) : null;
          if (!actor) throw errors.unauthenticated();
          return h.authenticated({ credentials: { actor } });
        }
        const token = (request.state as Record<string, unknown>)[SESSION_COOKIE] as string | undefined;
        const actor = token ? await authenticateSession(platform, token) : null;
        if (!actor) throw errors.unauthenticated();
        if (!SAFE_METHODS.has(request.method) && request.headers['x-requested-with'] !== 'folyam') {
          throw new FolyamError(403, 'CSRF', {
            hu: 'Hiányzó X-Requested-With fejléc (CSRF-védelem).',
            en: 'Missing X-Requested-With header (CSRF protection).',
          });
        }
        return h.authenticated({ credentials: { actor } });
      },
    }));
    server.auth.strategy('session', 'folyam');
    server.auth.default('session');

    server.route([
      {
        method: 'POST',
        path: '/api/auth/login',
        options: { auth: false, payload: { maxBytes: 16_384 } },
        async handler(request, h) {
          const body = objectPayload(request);
          const result = await login(
            platform,
            { username: body.username, password: body.password },
            {
              ip: request.info.remoteAddress,
              userAgent: String(request.headers['user-agent'] ?? ''),
              ttlHours: options.ttlHours,
            },
          );
          return h
            .response({ user: publicUser(result.actor) })
            .state(SESSION_COOKIE, result.token, { ttl: result.expiresAt.getTime() - Date.now() });
        },
      },
      {
        method: 'POST',
        path: '/api/auth/logout',
        async handler(request, h) {
          await logout(platform, actorOf(request));
          return h.response().code(204).unstate(SESSION_COOKIE);
        },
      },
      {
        method: 'GET',
        path: '/api/auth/me',
        handler: (request) => ({ user: publicUser(actorOf(request)) }),
      },
      {
        method: 'POST',
        path: '/api/auth/password',
        async handler(request, h) {
          const body = objectPayload(request);
          await changePassword(platform, actorOf(request), body.currentPassword, body.newPassword);
          return h.response().code(204).unstate(SESSION_COOKIE);
        },
      },
      {
        method: 'POST',
        path: '/api/auth/tokens',
        async handler(request, h) {
          const t = await issueToken(platform, actorOf(request), objectPayload(request).name);
          return h.response(t).code(201);
        },
      },
      {
        method: 'DELETE',
        path: '/api/auth/tokens/{id}',
        async handler(request, h) {
          const ok = await revokeApiToken(platform.knex, platform.clock, param(request, 'id'), actorOf(request).id);
          if (!ok) throw errors.notFound();
          return h.response().code(204);
        },
      },
    ]);
  },
};
