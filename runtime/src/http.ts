/** Small helpers shared by the plugins: the acting user of a request, its locale, payload guards. */
import type { Request } from '@hapi/hapi';
import { errors, type Actor } from '@folyam/platform';
import type { Locale } from '@folyam/metamodel';

export function actorOf(request: Request): Actor {
  const actor = request.auth.credentials?.actor as Actor | undefined;
  if (!actor) throw errors.unauthenticated();
  return actor;
}

export function requireAdmin(request: Request): Actor {
  const actor = actorOf(request);
  if (!actor.admin) throw errors.forbidden();
  return actor;
}

/** The response language: `Accept-Language` first, then the user's own setting, then Hungarian. */
export function localeOf(request: Request): Locale {
  const header = String(request.headers['accept-language'] ?? '').toLowerCase();
  const first = header.split(',')[0]?.trim().slice(0, 2);
  if (first === 'en' || first === 'hu') return first;
  const actor = request.auth?.credentials?.actor as Actor | undefined;
  return actor?.locale ?? 'hu';
}

/** A JSON object body, or a 400. */
export function objectPayload(request: Request): Record<string, unknown> {
  const p = request.payload;
  if (!p || typeof p !== 'object' || Array.isArray(p) || Buffer.isBuffer(p)) {
    throw errors.badRequest('INVALID_BODY', '', 'invalidType', { expected: 'object' });
  }
  return p as Record<string, unknown>;
}

/** A path parameter as a string (hapi types them as unknown). */
export function param(request: Request, name: string): string {
  return String((request.params as Record<string, unknown>)[name] ?? '');
}
