/** Parsing of the data API's query strings and headers into the record service's terms. */
import { errors, parseFilter, type ListQuery } from '@folyam/platform';

function intParam(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw errors.badRequest('INVALID_PARAMETER', name, 'integer');
  const n = Number(value);
  if (n < min) throw errors.badRequest('INVALID_PARAMETER', name, 'tooSmall', { min });
  if (n > max) throw errors.badRequest('INVALID_PARAMETER', name, 'tooBig', { max });
  return n;
}

function stringParam(value: unknown, name: string, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw errors.badRequest('INVALID_PARAMETER', name, 'invalidType', { expected: 'string' });
  if (value.length > max) throw errors.badRequest('INVALID_PARAMETER', name, 'tooLong', { max });
  return value;
}

/** `?filter=…&sort=…&limit=…&offset=…&fields=…&q=…` → ListQuery; repeated or malformed parameters are 400s. */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const allowed = new Set(['filter', 'sort', 'limit', 'offset', 'fields', 'q']);
  for (const k of Object.keys(query)) if (!allowed.has(k)) throw errors.badRequest('INVALID_PARAMETER', k, 'unknownKey', { key: k });
  const filter = stringParam(query.filter, 'filter', 20_000);
  const fields = stringParam(query.fields, 'fields', 2000);
  return {
    filter: filter ? parseFilter(filter) : undefined,
    sort: stringParam(query.sort, 'sort', 500),
    limit: intParam(query.limit, 'limit', 1, 500),
    offset: intParam(query.offset, 'offset', 0, 10_000_000),
    fields: fields ? fields.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    q: stringParam(query.q, 'q', 200),
  };
}

/** `If-Match: "3"`, `W/"3"` or `3` → 3. */
export function parseIfMatch(header: unknown): number | undefined {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!m) throw errors.badRequest('INVALID_PARAMETER', 'If-Match', 'integer');
  return Number(m[1]);
}


/** `?userId=…` or `?groupId=…` (exactly one) → whose shares of a record to end. */
export function parseShareTarget(query: Record<string, unknown>): { userId?: string; groupId?: string } {
  for (const k of Object.keys(query)) if (k !== 'userId' && k !== 'groupId') throw errors.badRequest('INVALID_PARAMETER', k, 'unknownKey', { key: k });
  const userId = stringParam(query.userId, 'userId', 64);
  const groupId = stringParam(query.groupId, 'groupId', 64);
  if (!userId === !groupId) throw errors.badRequest('INVALID_PARAMETER', 'userId', 'required');
  return userId ? { userId } : { groupId };
}
