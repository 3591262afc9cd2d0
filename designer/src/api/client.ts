/**
 * The one fetch client of the SPA: JSON in and out, the UI locale as Accept-Language, the CSRF header on writes,
 * and every failure turned into an ApiError carrying the server's `{ code, messages, details }`.
 */
import type { ApiErrorBody, ApiIssue, Localized } from './types.ts';

type ClientOptions = {
  /** The UI locale, sent as Accept-Language. */
  locale: () => string;
  /** Called on a 401 from anything but the auth endpoints (the session ended). */
  onUnauthorized: () => void;
};

const options: ClientOptions = { locale: () => 'hu', onUnauthorized: () => {} };

export function configureApi(next: Partial<ClientOptions>): void {
  Object.assign(options, next);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }

  get details(): ApiIssue[] {
    return this.body.details ?? [];
  }

  /** The message in the given locale, falling back to the plain message. */
  text(locale: string): string {
    return pick(this.body.messages, locale) ?? this.body.message;
  }
}

function pick(messages: Localized | undefined, locale: string): string | undefined {
  if (!messages) return undefined;
  return messages[locale as keyof Localized] || messages.hu || messages.en;
}

/** The message of one issue in a locale; servers may send `message` as text or as `{ hu, en }`. */
export function issueText(issue: ApiIssue, locale: string): string {
  const raw = issue.message as unknown;
  if (raw && typeof raw === 'object') return pick(raw as Localized, locale) ?? issue.code;
  return pick(issue.messages, locale) ?? (raw as string | undefined) ?? issue.code;
}

/**
 * What to show for a failed request: one line per field issue (`path: message`), else the error's own message;
 * `fallback` for anything that is not an API error.
 */
export function errorLines(e: unknown, locale: string, fallback: string): string[] {
  if (!(e instanceof ApiError)) return [fallback];
  return e.details.length ? e.details.map((d) => `${d.path}: ${issueText(d, locale)}`) : [e.text(locale)];
}

const NETWORK: Localized = { hu: 'A kiszolgáló nem érhető el.', en: 'The server cannot be reached.' };

function toErrorBody(status: number, data: unknown): ApiErrorBody {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const code = typeof d.code === 'string' ? d.code : typeof d.error === 'string' ? d.error : `HTTP_${status}`;
  const message = typeof d.message === 'string' ? d.message : `HTTP ${status}`;
  return {
    code,
    message,
    messages: d.messages as Localized | undefined,
    details: Array.isArray(d.details) ? (d.details as ApiIssue[]) : [],
  };
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  init: { query?: Query; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': options.locale() };
  if (method !== 'GET') headers['X-Requested-With'] = 'folyam';
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, init.query), {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: init.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'NETWORK', message: NETWORK.en, messages: NETWORK, details: [] });
  }
  const text = res.status === 204 ? '' : await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/')) options.onUnauthorized();
    throw new ApiError(res.status, toErrorBody(res.status, data));
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
};
