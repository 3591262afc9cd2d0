import { issue, type Issue, type LocalizedText } from '@folyam/metamodel';

/**
 * An error a user can meet: an HTTP status, a stable code, a message in hu and en, and the issues with their
 * paths. The runtime turns it into `{ code, message, messages, details }`; anything else becomes a bare 500.
 */
export class FolyamError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: LocalizedText;
  readonly details: Issue[];
  readonly extra?: Record<string, unknown>;
  /** Response headers that belong to the error, e.g. `Retry-After` on a 429. */
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    messages: LocalizedText,
    details: Issue[] = [],
    extra?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) {
    super(messages.en);
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
    this.extra = extra;
    this.headers = headers;
  }
}

export const errors = {
  validation: (details: Issue[]) =>
    new FolyamError(400, 'VALIDATION_FAILED', { hu: 'Hibás adatok.', en: 'The input is not valid.' }, details),
  badRequest: (code: string, path: string, detailCode: string, params: Record<string, unknown> = {}) =>
    new FolyamError(400, code, { hu: 'Hibás kérés.', en: 'Bad request.' }, [issue(path, detailCode, params)]),
  unauthenticated: () =>
    new FolyamError(401, 'UNAUTHENTICATED', { hu: 'Bejelentkezés szükséges.', en: 'You need to log in.' }),
  badCredentials: () =>
    new FolyamError(401, 'BAD_CREDENTIALS', {
      hu: 'Hibás felhasználónév vagy jelszó.',
      en: 'Wrong username or password.',
    }),
  forbidden: () =>
    new FolyamError(403, 'FORBIDDEN', { hu: 'Ehhez nincs jogosultsága.', en: 'You are not allowed to do this.' }),
  notFound: (what: LocalizedText = { hu: 'A keresett elem', en: 'The item' }) =>
    new FolyamError(404, 'NOT_FOUND', { hu: `${what.hu} nem található.`, en: `${what.en} was not found.` }),
  versionConflict: (current: number) =>
    new FolyamError(
      409,
      'VERSION_CONFLICT',
      {
        hu: 'A rekordot időközben más módosította. Töltse újra, és ismételje meg a módosítást.',
        en: 'Someone else changed this record meanwhile. Reload it and make your change again.',
      },
      [],
      { currentVersion: current },
    ),
  preconditionFailed: (current: number) =>
    new FolyamError(
      412,
      'PRECONDITION_FAILED',
      { hu: 'Az If-Match feltétel nem teljesül.', en: 'The If-Match precondition failed.' },
      [],
      { currentVersion: current },
    ),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new FolyamError(
      429,
      'TOO_MANY_ATTEMPTS',
      {
        hu: `Túl sok sikertelen próbálkozás. Próbálja újra ${Math.ceil(retryAfterSeconds / 60)} perc múlva.`,
        en: `Too many failed attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      },
      [],
      { retryAfter: retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  conflict: (code: string, messages: LocalizedText, details: Issue[] = [], extra?: Record<string, unknown>) =>
    new FolyamError(409, code, messages, details, extra),
};
