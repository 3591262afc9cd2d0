import { z } from 'zod';

/** Identifiers of entities and fields: camelCase ASCII, so they are safe as JSON keys and SQL names. */
export const IDENTIFIER_RE = /^[a-z][a-zA-Z0-9]{0,47}$/;
/** Stable ids survive renames: letters, digits, `_` and `-`. */
export const STABLE_ID_RE = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

export const Identifier = z.string().regex(IDENTIFIER_RE, { message: 'identifier' });
export const StableId = z.string().regex(STABLE_ID_RE, { message: 'stableId' });

const snakeCache = new Map<string, string>();

/** `taxNumber` → `tax_number`; used for table and column names (memoised: it runs for every column of every row). */
export function snakeCase(name: string): string {
  let out = snakeCache.get(name);
  if (out === undefined) {
    out = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
      .toLowerCase();
    if (snakeCache.size < 10_000) snakeCache.set(name, out);
  }
  return out;
}

/** `tax_number` → `taxNumber`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Names the platform keeps for itself: system columns and reserved table prefixes. */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'version'] as const;
export type SystemField = (typeof SYSTEM_FIELDS)[number];
export const RESERVED_TABLE_PREFIX = 'folyam_';
