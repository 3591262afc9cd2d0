/**
 * Turns every error into `{ code, message, messages: { hu, en }, details }`. Our own FolyamErrors keep their
 * status and code; hapi's own 4xx get stable codes; anything else is a 500 with no internals in the body.
 */
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import type { Boom } from '@hapi/boom';
import { FolyamError } from '@folyam/platform';
import { localize, type LocalizedText } from '@folyam/metamodel';
import { localeOf } from '../../http.ts';

const BOOM_CODES: Record<number, { code: string; messages: LocalizedText }> = {
  400: { code: 'BAD_REQUEST', messages: { hu: 'Hibás kérés.', en: 'Bad request.' } },
  401: { code: 'UNAUTHENTICATED', messages: { hu: 'Bejelentkezés szükséges.', en: 'You need to log in.' } },
  403: { code: 'FORBIDDEN', messages: { hu: 'Ehhez nincs jogosultsága.', en: 'You are not allowed to do this.' } },
  404: { code: 'NOT_FOUND', messages: { hu: 'Nem található.', en: 'Not found.' } },
  405: { code: 'METHOD_NOT_ALLOWED', messages: { hu: 'A művelet itt nem engedélyezett.', en: 'Method not allowed.' } },
  413: { code: 'PAYLOAD_TOO_LARGE', messages: { hu: 'A kérés túl nagy.', en: 'The request is too large.' } },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    messages: { hu: 'Nem támogatott tartalomtípus.', en: 'Unsupported content type.' },
  },
  429: {
    code: 'TOO_MANY_REQUESTS',
    messages: { hu: 'Túl sok kérés, próbálja később.', en: 'Too many requests; try again later.' },
  },
};

export function errorBody(
  request: Request,
  status: number,
  code: string,
  messages: LocalizedText,
  details: FolyamError['details'] = [],
  extra?: Record<string, unknown>,
) {
  const locale = localeOf(request);
  return {
    code,
    message: localize(messages, locale),
    messages,
    details: details.map((d) => ({
      path: d.path,
      code: d.code,
      message: localize(d.message, locale),
      messages: d.message,
    })),
    ...(extra ?? {}),
  };
}

export const errorsPlugin: Plugin<void> = {
  name: 'folyam-errors',
  register(server) {
    server.ext('onPreResponse', (request: Request, h: ResponseToolkit) => {
      const response = request.response as unknown;
      if (response instanceof FolyamError) {
        const res = h
          .response(
            errorBody(request, response.status, response.code, response.messages, response.details, response.extra),
          )
          .code(response.status);
        for (const [k, v] of Object.entries(response.headers ?? {})) res.header(k, v);
        return res;
      }
      const boom = response as Boom;
      if (!boom || !boom.isBoom) return h.continue;
      const status = boom.output.statusCode;
      if (status >= 500) {
        request.log(['error'], boom);
        console.error(
          `[${request.method.toUpperCase()} ${request.path}]`,
          boom.stack ?? boom.message,
          process.env.DBG_SQL ? (boom as unknown as { data?: unknown }).data : '',
        );
        return h
          .response(
            errorBody(request, 500, 'INTERNAL', {
              hu: 'Váratlan hiba történt. Az esetet naplóztuk.',
              en: 'An unexpected error occurred. It has been logged.',
            }),
          )
          .code(500);
      }
      const known = BOOM_CODES[status] ?? { code: 'BAD_REQUEST', messages: BOOM_CODES[400].messages };
      const invalidJson = status === 400 && /payload|JSON/i.test(boom.message);
      const code = invalidJson ? 'INVALID_JSON' : known.code;
      const messages = invalidJson
        ? { hu: 'A kérés törzse nem érvényes JSON.', en: 'The request body is not valid JSON.' }
        : known.messages;
      const res = h.response(errorBody(request, status, code, messages)).code(status);
      for (const [k, v] of Object.entries(boom.output.headers))
        if (k.toLowerCase() !== 'content-type') res.header(k, String(v));
      return res;
    });
  },
};
