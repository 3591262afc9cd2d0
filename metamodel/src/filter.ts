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

export const FilterCondition = z
  .object({
    field: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){0,3}$/, { message: 'fieldPath' }),
    op: z.enum(FILTER_OPS),
    value: z.union([FilterScalar, z.array(FilterScalar).max(1000)]).optional(),
  })
  .strict();

export const FilterTree: z.ZodType<FilterTree> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(FilterTree).max(100) }).strict(),
    z.object({ or: z.array(FilterTree).max(100) }).strict(),
    z.object({ not: FilterTree }).strict(),
    FilterCondition,
  ]),
);

/** Depth-first list of the conditions in a filter tree. */
export function filterConditions(tree: FilterTree): FilterCondition[] {
  if ('and' in tree) return tree.and.flatMap(filterConditions);
  if ('or' in tree) return tree.or.flatMap(filterConditions);
  if ('not' in tree) return filterConditions(tree.not);
  return [tree];
}
