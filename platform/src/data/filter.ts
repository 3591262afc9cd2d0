/**
 * Compiles the API's filter tree into knex where-clauses. Values are always bindings, checked against the type of
 * the field they are compared with; a wrong type, an unknown field or an operator that does not fit is a 400
 * naming the filter's path.
 */
import { FilterTree, fromZod, MAX_FILTER_DEPTH, nestsDeeperThan, type FilterCondition, type FilterOp, type FilterScalar } from '@folyam/metamodel';
import type { Knex } from 'knex';
import { toDbDateTime } from '../db/connection.ts';
import { errors } from '../errors.ts';
import type { PathScope, ResolvedPath } from './paths.ts';

/** Whatever resolves filter paths: the data API's PathScope, or the query compiler's access-checked scope. */
export type PathResolver = Pick<PathScope, 'resolve'>;

const TEXTUAL = new Set(['text', 'longText', 'email', 'phone', 'url', 'enum', 'id', 'systemRef', 'reference', 'file', 'currency']);
const NUMERIC = new Set(['integer', 'decimal', 'percent', 'money', 'systemInt']);
const ORDERED = new Set([...NUMERIC, 'text', 'email', 'phone', 'url', 'date', 'datetime', 'systemDateTime', 'id']);

const OPS_BY_KIND = (kind: ResolvedPath['kind']): FilterOp[] => {
  const base: FilterOp[] = ['eq', 'ne', 'in', 'isEmpty', 'isNotEmpty'];
  if (kind === 'json') return ['isEmpty', 'isNotEmpty'];
  if (kind === 'multiEnum') return ['contains', 'isEmpty', 'isNotEmpty'];
  if (kind === 'boolean') return ['eq', 'ne', 'isEmpty', 'isNotEmpty'];
  const out = [...base];
  if (ORDERED.has(kind)) out.push('lt', 'lte', 'gt', 'gte', 'between');
  if (TEXTUAL.has(kind) || kind === 'longText') out.push('contains', 'startsWith');
  return out;
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks one value against the path's kind and converts it for the database. */
function dbValue(r: ResolvedPath, v: FilterScalar, where: string): string | number | null {
  if (v === null) return null;
  const bad = (code: string) => errors.badRequest('INVALID_FILTER', where, code);
  if (NUMERIC.has(r.kind)) {
    if (typeof v !== 'number') throw bad('number');
    return v;
  }
  switch (r.kind) {
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('boolean');
      return v ? 1 : 0;
    case 'date':
      if (typeof v !== 'string' || !DATE_RE.test(v)) throw bad('date');
      return v;
    case 'datetime':
    case 'systemDateTime': {
      if (typeof v !== 'string' || Number.isNaN(new Date(v).getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v)) throw bad('datetime');
      return toDbDateTime(DATE_RE.test(v) ? `${v}T00:00:00Z` : v);
    }
    case 'enum':
    case 'multiEnum': {
      if (typeof v !== 'string') throw bad('invalidType');
      const options = r.field && 'options' in r.field ? r.field.options : [];
      if (!options.some((o) => o.value === v)) throw errors.badRequest('INVALID_FILTER', where, 'invalidOption', { value: v });
      return v;
    }
    default:
      if (typeof v === 'boolean') throw bad('invalidType');
      return String(v);
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function applyCondition(qb: Knex.QueryBuilder, scope: PathResolver, c: FilterCondition, path: string): void {
  const r = scope.resolve(c.field, `${path}.field`);
  if (!OPS_BY_KIND(r.kind).includes(c.op)) {
    throw errors.badRequest('INVALID_FILTER', `${path}.op`, 'invalidOption', { value: c.op });
  }
  const where = `${path}.value`;
  const col = r.column;
  const one = (): string | number | null => {
    if (Array.isArray(c.value) || c.value === undefined) throw errors.badRequest('INVALID_FILTER', where, 'invalidType', { expected: 'scalar' });
    return dbValue(r, c.value, where);
  };
  const list = (n?: number): (string | number | null)[] => {
    if (!Array.isArray(c.value) || (n !== undefined && c.value.length !== n)) {
      throw errors.badRequest('INVALID_FILTER', where, 'invalidType', { expected: n ? `array of ${n}` : 'array' });
    }
    return c.value.map((v, i) => dbValue(r, v, `${where}[${i}]`));
  };
  switch (c.op) {
    case 'eq': {
      const v = one();
      if (v === null) qb.whereNull(col);
      else qb.where(col, v);
      return;
    }
    case 'ne': {
      const v = one();
      if (v === null) qb.whereNotNull(col);
      else qb.where((w) => w.whereNot(col, v).orWhereNull(col));
      return;
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const v = one();
      if (v === null) throw errors.badRequest('INVALID_FILTER', where, 'required');
      qb.where(col, { lt: '<', lte: '<=', gt: '>', gte: '>=' }[c.op], v);
      return;
    }
    case 'between': {
      const [a, b] = list(2);
      if (a === null || b === null) throw errors.badRequest('INVALID_FILTER', where, 'required');
      qb.whereBetween(col, [a, b]);
      return;
    }
    case 'in': {
      const values = list();
      const nonNull = values.filter((v): v is string | number => v !== null);
      qb.where((w) => {
        if (nonNull.length) w.whereIn(col, nonNull);
        else w.whereRaw('1 = 0');
        if (nonNull.length !== values.length) w.orWhereNull(col);
      });
      return;
    }
    case 'contains':
    case 'startsWith': {
      const v = one();
      // An empty needle matches everything; said explicitly, so it stays "true" inside `not` and `or` groups.
      if (v === null || v === '') {
        qb.whereRaw('1 = 1');
        return;
      }
      const text = r.kind === 'multiEnum' ? `"${v}"` : String(v);
      const pattern = c.op === 'contains' ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`;
      qb.whereRaw('?? like ? escape ?', [col, pattern, '\\']);
      return;
    }
    case 'isEmpty':
      qb.where((w) => {
        w.whereNull(col);
        if (TEXTUAL.has(r.kind) || r.kind === 'longText' || r.kind === 'json') w.orWhere(col, '');
        if (r.kind === 'multiEnum') w.orWhere(col, '').orWhere(col, '[]');
      });
      return;
    case 'isNotEmpty':
      qb.whereNotNull(col);
      if (TEXTUAL.has(r.kind) || r.kind === 'longText' || r.kind === 'json') qb.whereNot(col, '');
      if (r.kind === 'multiEnum') qb.whereNot(col, '').whereNot(col, '[]');
      return;
  }
}

/**
 * Adds a filter tree to a query. `path` names where the tree came from, for error details. Every path is resolved
 * before anything is added: knex builds nested where-groups lazily, when the query is compiled, so a dotted path
 * inside `and`/`or`/`not` would otherwise register its join only after the caller has applied the joins.
 */
export function applyFilter(qb: Knex.QueryBuilder, scope: PathResolver, tree: FilterTree, path = 'filter'): void {
  resolvePaths(scope, tree, path);
  addTree(qb, scope, tree, path);
}

function resolvePaths(scope: PathResolver, tree: FilterTree, path: string): void {
  if ('and' in tree) tree.and.forEach((t, i) => resolvePaths(scope, t, `${path}.and[${i}]`));
  else if ('or' in tree) tree.or.forEach((t, i) => resolvePaths(scope, t, `${path}.or[${i}]`));
  else if ('not' in tree) resolvePaths(scope, tree.not, `${path}.not`);
  else scope.resolve(tree.field, `${path}.field`);
}

function addTree(qb: Knex.QueryBuilder, scope: PathResolver, tree: FilterTree, path: string): void {
  if ('and' in tree) {
    // knex drops an empty group, which would turn `not: { and: [] }` into "every row": say "true" explicitly.
    if (!tree.and.length) {
      qb.whereRaw('1 = 1');
      return;
    }
    qb.where((w) => tree.and.forEach((t, i) => w.where((x) => addTree(x, scope, t, `${path}.and[${i}]`))));
  } else if ('or' in tree) {
    if (!tree.or.length) {
      qb.whereRaw('1 = 0');
      return;
    }
    qb.where((w) => tree.or.forEach((t, i) => w.orWhere((x) => addTree(x, scope, t, `${path}.or[${i}]`))));
  } else if ('not' in tree) {
    qb.whereNot((w) => addTree(w, scope, tree.not, `${path}.not`));
  } else {
    applyCondition(qb, scope, tree, path);
  }
}

/** Parses a filter from the query string (JSON) or a body, with zod's issues turned into ours. */
export function parseFilter(input: unknown, path = 'filter'): FilterTree {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > 20_000) throw errors.badRequest('INVALID_FILTER', path, 'tooLong', { max: 20_000 });
    try {
      value = JSON.parse(input);
    } catch {
      throw errors.badRequest('INVALID_FILTER', path, 'invalidType', { expected: 'JSON' });
    }
  }
  if (nestsDeeperThan(value, MAX_FILTER_DEPTH * 3)) throw errors.badRequest('INVALID_FILTER', path, 'tooDeep', { max: MAX_FILTER_DEPTH });
  const r = FilterTree.safeParse(value);
  if (!r.success) throw errors.validation(fromZod(r.error, [path]).map((i) => ({ ...i })));
  return r.data;
}

/** The paths a filter tree reads, so the access check can refuse filters on hidden fields. */
export function filterPaths(tree: FilterTree): string[] {
  if ('and' in tree) return tree.and.flatMap(filterPaths);
  if ('or' in tree) return tree.or.flatMap(filterPaths);
  if ('not' in tree) return filterPaths(tree.not);
  return [tree.field];
}
