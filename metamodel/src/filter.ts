import { z } from 'zod';

export const FILTER_OPS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'in',
  'contains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** A scalar a filter compares with. Objects are refused, so they can never become SQL fragments. */
export const FilterScalar = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);
export type FilterScalar = z.infer<typeof FilterScalar>;

export type FilterCondition = { field: string; op: FilterOp; value?: FilterScalar | FilterScalar[] };
export type FilterTree = { and: FilterTree[] } | { or: FilterTree[] } | { not: FilterTree } | FilterCondition;

const FieldPathInFilter = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){0,3}$/, { message: 'fieldPath' });

/** A filter tree whose conditions compare with values of the given schema (scalars for the data API). */
function filterTreeOf<V>(value: z.ZodType<V>) {
  const condition = z
    .object({
      field: FieldPathInFilter,
      op: z.enum(FILTER_OPS),
      value: z.union([value, z.array(value).max(1000)]).optional(),
    })
    .strict();
  type Tree = { and: Tree[] } | { or: Tree[] } | { not: Tree } | z.infer<typeof condition>;
  const tree: z.ZodType<Tree> = z.lazy(() =>
    z.union([
      z.object({ and: z.array(tree).max(100) }).strict(),
      z.object({ or: z.array(tree).max(100) }).strict(),
      z.object({ not: tree }).strict(),
      condition,
    ]),
  );
  return { condition, tree };
}

const scalarTree = filterTreeOf(FilterScalar);
export const FilterCondition = scalarTree.condition;
export const FilterTree: z.ZodType<FilterTree> = scalarTree.tree as z.ZodType<FilterTree>;

/**
 * Dates relative to the day a query runs, in the installation's time zone: `{ "relative": "startOfMonth" }`,
 * `{ "relative": "daysAgo", "n": 30 }`. Weeks start on Monday.
 */
export const RELATIVE_DATES = [
  'today',
  'startOfWeek',
  'startOfMonth',
  'startOfQuarter',
  'startOfYear',
  'daysAgo',
  'daysAhead',
] as const;
export type RelativeDateKind = (typeof RELATIVE_DATES)[number];
export const RelativeDate = z
  .object({ relative: z.enum(RELATIVE_DATES), n: z.number().int().min(0).max(36_500).optional() })
  .strict();
export type RelativeDate = z.infer<typeof RelativeDate>;

/** A value asked for when a saved query runs: `{ "param": "minValue" }`. */
export const ParamRef = z
  .object({ param: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/, { message: 'identifier' }) })
  .strict();
export type ParamRef = z.infer<typeof ParamRef>;

/**
 * The user who runs the query: `{ "currentUser": true }`, compared with a user reference such as `ownerId`, so one
 * saved "my companies" query shows each user their own rows.
 */
export const CurrentUser = z.object({ currentUser: z.literal(true) }).strict();
export type CurrentUser = z.infer<typeof CurrentUser>;

/** What a query's filter may compare with: a scalar, a relative date, a parameter or the current user. */
export const QueryFilterValue = z.union([FilterScalar, RelativeDate, ParamRef, CurrentUser]);
export type QueryFilterValue = z.infer<typeof QueryFilterValue>;
export type QueryFilterCondition = { field: string; op: FilterOp; value?: QueryFilterValue | QueryFilterValue[] };
export type QueryFilterTree =
  { and: QueryFilterTree[] } | { or: QueryFilterTree[] } | { not: QueryFilterTree } | QueryFilterCondition;

/**
 * The filter of a query definition: the data API's filter tree, whose values may also be relative dates and
 * parameters. The data API itself keeps accepting scalars only.
 */
export const QueryFilterTree: z.ZodType<QueryFilterTree> = filterTreeOf(QueryFilterValue)
  .tree as z.ZodType<QueryFilterTree>;

export function isRelativeDate(v: unknown): v is RelativeDate {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'relative' in v;
}

export function isCurrentUser(v: unknown): v is CurrentUser {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'currentUser' in v;
}

export function isParamRef(v: unknown): v is ParamRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'param' in v;
}

/** Depth-first list of the conditions in a filter tree. */
export function filterConditions(tree: FilterTree): FilterCondition[] {
  if ('and' in tree) return tree.and.flatMap(filterConditions);
  if ('or' in tree) return tree.or.flatMap(filterConditions);
  if ('not' in tree) return filterConditions(tree.not);
  return [tree];
}

/** Depth-first list of the conditions in a query's filter tree. */
export function queryFilterConditions(tree: QueryFilterTree): QueryFilterCondition[] {
  if ('and' in tree) return tree.and.flatMap(queryFilterConditions);
  if ('or' in tree) return tree.or.flatMap(queryFilterConditions);
  if ('not' in tree) return queryFilterConditions(tree.not);
  return [tree];
}

/** How deeply filter trees may nest: deeper input is refused before parsing (zod would overflow the stack). */
export const MAX_FILTER_DEPTH = 32;

/**
 * True when a JSON value nests objects/arrays deeper than `limit`, counted without recursion:
 * `nestsDeeperThan({ not: { not: {} } }, 2)` → `true`.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
