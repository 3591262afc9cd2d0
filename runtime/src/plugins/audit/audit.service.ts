/** The audit view's query string: `?entity=&recordId=&actor=&action=&limit=&offset=` → AuditQuery, or a 400. */
import { AUDIT_MAX_LIMIT, errors, type AuditQuery } from '@folyam/platform';

const PATTERNS: Record<string, RegExp> = {
  entity: /^[a-zA-Z][a-zA-Z0-9]{0,63}$/,
  recordId: /^[A-Za-z0-9_-]{1,64}$/,
  actor: /^[A-Za-z0-9._@-]{1,64}$/,
  action: /^[A-Za-z.]{1,32}$/,
};

export function parseAuditQuery(query: Record<string, unknown>): AuditQuery {
  const out: AuditQuery = {};
  for (const [k, v] of Object.entries(query)) {
    if (typeof v !== 'string') throw errors.badRequest('INVALID_PARAMETER', k, 'invalidType', { expected: 'string' });
    if (k === 'limit' || k === 'offset') {
      const n = /^\d{1,9}$/.test(v) ? Number(v) : NaN;
      if (Number.isNaN(n)) throw errors.badRequest('INVALID_PARAMETER', k, 'integer');
      if (k === 'limit' && (n < 1 || n > AUDIT_MAX_LIMIT))
        throw errors.badRequest('INVALID_PARAMETER', k, 'tooBig', { max: AUDIT_MAX_LIMIT });
      out[k] = n;
    } else if (PATTERNS[k]) {
      if (!PATTERNS[k].test(v)) throw errors.badRequest('INVALID_PARAMETER', k, 'pattern');
      (out as Record<string, string>)[k] = v;
    } else {
      throw errors.badRequest('INVALID_PARAMETER', k, 'unknownKey', { key: k });
    }
  }
  return out;
}
