/**
 * The run-time values of a query: parameters checked against their declared types, relative dates turned into
 * dates in the installation's time zone, and the query's filter tree turned into the data API's plain one.
 */
import {
  isCurrentUser,
  isParamRef,
  isRelativeDate,
  issue,
  type FilterScalar,
  type FilterTree,
  type Issue,
  type QueryDefinition,
  type QueryFilterTree,
  type QueryFilterValue,
  type QueryParam,
  type RelativeDate,
} from '@folyam/metamodel';
import type { PathResolver } from '../data/filter.ts';
import { errors } from '../errors.ts';

export type ParamValue = FilterScalar | FilterScalar[];
export type ParamValues = Record<string, ParamValue | undefined>;
export const DEFAULT_TIME_ZONE = 'Europe/Budapest';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(v: string): boolean {
  const m = DATE_RE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** The wall-clock parts of an instant in a time zone. */
function zoned(
  instant: Date,
  timeZone: string,
): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: n('year'), m: n('month'), d: n('day'), hh: n('hour'), mm: n('minute'), ss: n('second') };
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Today's date in a time zone: `localToday(new Date('2026-03-18T23:30:00Z'), 'Europe/Budapest')` → `2026-03-19`. */
export function localToday(now: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const z = zoned(now, timeZone);
  return ymd(new Date(Date.UTC(z.y, z.m - 1, z.d)));
}

/**
 * A relative date as `YYYY-MM-DD`: `relativeDate({ relative: 'startOfWeek' }, now)` → the Monday of this week.
 */
export function relativeDate(r: RelativeDate, now: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const [y, m, d] = localToday(now, timeZone).split('-').map(Number);
  const day = (yy: number, mm: number, dd: number) => ymd(new Date(Date.UTC(yy, mm - 1, dd)));
  const n = r.n ?? 0;
  switch (r.relative) {
    case 'today':
      return day(y, m, d);
    case 'daysAgo':
      return day(y, m, d - n);
    case 'daysAhead':
      return day(y, m, d + n);
    case 'startOfWeek': {
      const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
      return day(y, m, d - ((dow + 6) % 7));
    }
    case 'startOfMonth':
      return day(y, m, 1);
    case 'startOfQuarter':
      return day(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
    case 'startOfYear':
      return day(y, 1, 1);
  }
}

/** The instant a local day starts: `localMidnight('2026-07-01', 'Europe/Budapest')` → `2026-06-30T22:00:00.000Z`. */
export function localMidnight(date: string, timeZone = DEFAULT_TIME_ZONE): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const z = zoned(new Date(t), timeZone);
    return Date.UTC(z.y, z.m - 1, z.d, z.hh, z.mm, z.ss) - t;
  };
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first)).toISOString();
}

const SAMPLE: Record<QueryParam['type'], FilterScalar> = {
  text: 'x',
  integer: 0,
  number: 0,
  date: '2000-01-01',
  datetime: '2000-01-01T00:00:00.000Z',
  boolean: true,
};

function checkOne(p: QueryParam, v: unknown, where: string, out: Issue[]): FilterScalar | undefined {
  const fail = (code: string, params?: Record<string, unknown>) => {
    out.push(issue(where, code, params));
    return undefined;
  };
  switch (p.type) {
    case 'text':
      if (typeof v !== 'string') return fail('invalidType', { expected: 'string' });
      if (v.length > 1000) return fail('tooLong', { max: 1000 });
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return fail('integer');
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail('number');
      return v;
    case 'date':
      if (typeof v !== 'string' || !isRealDate(v)) return fail('date');
      return v;
    case 'datetime':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) || Number.isNaN(new Date(v).getTime()))
        return fail('datetime');
      return new Date(v).toISOString();
    case 'boolean':
      if (typeof v !== 'boolean') return fail('boolean');
      return v;
  }
}

const isEmptyValue = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Checks the parameter values sent with a run against the definition. In `check` mode (saving a query) every
 * parameter gets a sample value of its type, so paths and types are still checked.
 */
export function checkParams(def: QueryDefinition, input: unknown, mode: 'run' | 'check' = 'run'): ParamValues {
  const declared = def.params ?? [];
  if (mode === 'check')
    return Object.fromEntries(declared.map((p) => [p.name, p.multiple ? [SAMPLE[p.type]] : SAMPLE[p.type]]));
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw errors.badRequest('INVALID_PARAMS', 'params', 'invalidType', { expected: 'object' });
  }
  const given = (input ?? {}) as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(given))
    if (!declared.some((p) => p.name === key)) issues.push(issue(`params.${key}`, 'unknownParam', { value: key }));
  const out: ParamValues = {};
  for (const p of declared) {
    const where = `params.${p.name}`;
    const raw = isEmptyValue(given[p.name]) ? p.default : given[p.name];
    if (isEmptyValue(raw)) {
      if (p.required !== false) issues.push(issue(where, 'required'));
      out[p.name] = undefined;
      continue;
    }
    if (p.multiple) {
      if (!Array.isArray(raw)) {
        issues.push(issue(where, 'invalidType', { expected: 'array' }));
        continue;
      }
      if (raw.length > 1000) {
        issues.push(issue(where, 'tooManyItems', { max: 1000 }));
        continue;
      }
      const values = raw.map((v, i) => checkOne(p, v, `${where}[${i}]`, issues));
      out[p.name] = values.every((v) => v !== undefined) ? (values as FilterScalar[]) : undefined;
    } else {
      if (Array.isArray(raw)) {
        issues.push(issue(where, 'invalidType', { expected: 'scalar' }));
        continue;
      }
      out[p.name] = checkOne(p, raw, where, issues);
    }
  }
  if (issues.length) throw errors.validation(issues);
  return out;
}

export type ResolveContext = {
  params: ParamValues;
  now: Date;
  timeZone: string;
  /** The user running the query, for `{ "currentUser": true }`; absent when nobody is signed in. */
  userId?: string | null;
};

/**
 * Resolves a query filter into a plain filter tree: parameters substituted, relative dates made concrete for the
 * kind of field they are compared with. A condition whose optional parameter is empty drops out (`null` means
 * "no constraint").
 */
export function resolveQueryFilter(
  tree: QueryFilterTree,
  scope: PathResolver,
  ctx: ResolveContext,
  path = 'filter',
): FilterTree | null {
  if ('and' in tree) {
    const parts = tree.and.map((t, i) => resolveQueryFilter(t, scope, ctx, `${path}.and[${i}]`));
    if (!tree.and.length) return { and: [] };
    const kept = parts.filter((p): p is FilterTree => p !== null);
    return kept.length ? { and: kept } : null;
  }
  if ('or' in tree) {
    const parts = tree.or.map((t, i) => resolveQueryFilter(t, scope, ctx, `${path}.or[${i}]`));
    if (parts.some((p) => p === null)) return null;
    return { or: parts as FilterTree[] };
  }
  if ('not' in tree) {
    const inner = resolveQueryFilter(tree.not, scope, ctx, `${path}.not`);
    return inner ? { not: inner } : null;
  }
  const r = scope.resolve(tree.field, `${path}.field`);
  const where = `${path}.value`;
  let missing = false;
  const one = (v: QueryFilterValue, at: string): FilterScalar | FilterScalar[] => {
    if (isParamRef(v)) {
      const p = ctx.params[v.param];
      if (p === undefined) {
        if (!(v.param in ctx.params)) throw errors.badRequest('INVALID_FILTER', at, 'unknownParam', { value: v.param });
        missing = true;
        return null;
      }
      return p;
    }
    if (isCurrentUser(v)) {
      // Users are not records: only the system user columns (ownerId, createdBy, updatedBy) hold user ids.
      if (r.kind !== 'systemRef') throw errors.badRequest('INVALID_FILTER', at, 'invalidType', { expected: 'user' });
      if (!ctx.userId) throw errors.badRequest('INVALID_FILTER', at, 'invalidType', { expected: 'user' });
      return ctx.userId;
    }
    if (isRelativeDate(v)) {
      const date = relativeDate(v, ctx.now, ctx.timeZone);
      if (r.kind === 'date') return date;
      if (r.kind === 'datetime' || r.kind === 'systemDateTime') return localMidnight(date, ctx.timeZone);
      throw errors.badRequest('INVALID_FILTER', at, 'date');
    }
    return v;
  };
  let value: FilterScalar | FilterScalar[] | undefined;
  if (tree.value === undefined) value = undefined;
  else if (Array.isArray(tree.value)) {
    value = tree.value.map((v, i) => {
      const x = one(v, `${where}[${i}]`);
      if (Array.isArray(x))
        throw errors.badRequest('INVALID_FILTER', `${where}[${i}]`, 'invalidType', { expected: 'scalar' });
      return x;
    });
  } else value = one(tree.value, where);
  if (missing) return null;
  return value === undefined ? { field: tree.field, op: tree.op } : { field: tree.field, op: tree.op, value };
}
