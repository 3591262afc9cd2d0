/**
 * A query definition: what the query generator runs, prints and exports. Canonical JSON, pure, so the designer
 * validates with the same schema as the server.
 *
 * ```json
 * { "entity": "company",
 *   "columns": [{ "path": "name" }, { "path": "owner.name" },
 *               { "related": { "entity": "contract", "via": "company",
 *                              "filter": { "field": "status", "op": "eq", "value": "open" } },
 *                 "fn": "sum", "path": "value", "label": { "hu": "Nyitott érték", "en": "Open value" } }],
 *   "filter": { "field": "createdAt", "op": "gte", "value": { "relative": "daysAgo", "n": 30 } },
 *   "sort": [{ "path": "name", "dir": "asc" }],
 *   "params": [{ "name": "minValue", "type": "number", "label": { "hu": "Minimum", "en": "Minimum" } }] }
 * ```
 *
 * Rows mode (no `groupBy`): one row per record of `entity`, one cell per column; `aggregates` then add a totals
 * row. Grouped mode (`groupBy` set): one row per group, the group keys then the aggregates; `columns` stays empty.
 */
import { z } from 'zod';
import {
  isParamRef,
  MAX_FILTER_DEPTH,
  nestsDeeperThan,
  QueryFilterTree,
  queryFilterConditions,
  type QueryFilterValue,
} from './filter.ts';
import { LocalizedText } from './i18n.ts';
import { fromZod, issue, type Issue } from './issues.ts';
import { Identifier } from './names.ts';

export const AGGREGATE_FNS = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type AggregateFn = (typeof AGGREGATE_FNS)[number];

/** A dotted path through references: `name`, `company.name`, `contact.company.status`, `value.currency`. */
export const FieldPath = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){0,3}$/, { message: 'fieldPath' });

/** The key of a column in result rows (safe as a JSON key and a grid field: no dots). */
export const ColumnKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, { message: 'identifier' });

/** "Records of `entity` whose reference field `via` points at this row", optionally filtered. */
export const RelatedSource = z
  .object({ entity: Identifier, via: Identifier, filter: QueryFilterTree.optional() })
  .strict();
export type RelatedSource = z.infer<typeof RelatedSource>;

export const QueryColumn = z
  .object({
    path: FieldPath.optional(),
    key: ColumnKey.optional(),
    label: LocalizedText.optional(),
    /** With `related`: the aggregate over the related records (`path` is then a path on the related entity). */
    fn: z.enum(AGGREGATE_FNS).optional(),
    related: RelatedSource.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.related && !c.fn) ctx.addIssue({ code: 'custom', path: ['fn'], message: 'required' });
    if (!c.related && c.fn) ctx.addIssue({ code: 'custom', path: ['related'], message: 'required' });
    if (!c.path && !(c.related && c.fn === 'count'))
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'required' });
  });
export type QueryColumn = z.infer<typeof QueryColumn>;

export const QueryAggregate = z
  .object({
    path: FieldPath.optional(),
    fn: z.enum(AGGREGATE_FNS),
    key: ColumnKey.optional(),
    label: LocalizedText.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (!a.path && a.fn !== 'count') ctx.addIssue({ code: 'custom', path: ['path'], message: 'required' });
  });
export type QueryAggregate = z.infer<typeof QueryAggregate>;

/** Sorts by a column's key, or by any readable path of the entity. */
export const QuerySort = z
  .object({
    path: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9]*){0,3}$/, { message: 'fieldPath' }),
    dir: z.enum(['asc', 'desc']).optional(),
  })
  .strict();
export type QuerySort = z.infer<typeof QuerySort>;

export const PARAM_TYPES = ['text', 'integer', 'number', 'date', 'datetime', 'boolean'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** A value asked for at run time. Optional parameters left empty drop the conditions that use them. */
export const QueryParam = z
  .object({
    name: Identifier,
    type: z.enum(PARAM_TYPES),
    label: LocalizedText,
    required: z.boolean().optional(),
    /** A list of values (for the `in` operator). */
    multiple: z.boolean().optional(),
    default: z
      .union([
        z.string().max(1000),
        z.number().finite(),
        z.boolean(),
        z.array(z.union([z.string().max(1000), z.number().finite()])).max(1000),
      ])
      .optional(),
  })
  .strict();
export type QueryParam = z.infer<typeof QueryParam>;

export const QueryDefinition = z
  .object({
    entity: Identifier,
    columns: z.array(QueryColumn).max(100).optional(),
    filter: QueryFilterTree.optional(),
    sort: z.array(QuerySort).max(10).optional(),
    groupBy: z.array(FieldPath).max(10).optional(),
    aggregates: z.array(QueryAggregate).max(50).optional(),
    params: z.array(QueryParam).max(20).optional(),
  })
  .strict();
export type QueryDefinition = z.infer<typeof QueryDefinition>;

/** The result key of a column: its `key`, or one made from its path (`company.name` → `company_name`). */
export function columnKey(c: QueryColumn): string {
  if (c.key) return c.key;
  const path = (c.path ?? '').replace(/\./g, '_');
  if (c.related) return [c.related.entity, c.related.via, path, c.fn].filter(Boolean).join('_');
  return path;
}

/** The result key of an aggregate: its `key`, or `sum_value`, `count`. */
export function aggregateKey(a: QueryAggregate): string {
  if (a.key) return a.key;
  return a.path ? `${a.fn}_${a.path.replace(/\./g, '_')}` : a.fn;
}

/** The result key of a group: `company.status` → `company_status`. */
export function groupKey(path: string): string {
  return path.replace(/\./g, '_');
}

function paramRefs(value: QueryFilterValue | QueryFilterValue[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter(isParamRef).map((p) => p.param);
}

/** The parameter names a definition's filters use (the main filter and those of related columns). */
export function usedParams(def: QueryDefinition): string[] {
  const trees = [def.filter, ...(def.columns ?? []).map((c) => c.related?.filter)].filter(
    (t): t is QueryFilterTree => !!t,
  );
  return [...new Set(trees.flatMap((t) => queryFilterConditions(t).flatMap((c) => paramRefs(c.value))))];
}

export type QueryValidation = { ok: true; value: QueryDefinition } | { ok: false; issues: Issue[] };

/**
 * Checks a definition's shape and what the shape cannot say: unique result keys, declared parameters, no columns
 * beside `groupBy`. Field paths are checked against the metadata when the query is compiled.
 * `validateQuery({ entity: 'company', columns: [{ path: 'name' }] })` → `{ ok: true, value }`.
 */
export function validateQuery(input: unknown, prefix: PropertyKey[] = []): QueryValidation {
  // A filter nests three levels per `and`/`or` step (object, array, object); the rest of a definition adds a few.
  if (nestsDeeperThan(input, MAX_FILTER_DEPTH * 3 + 8)) {
    return { ok: false, issues: [issue(prefix.map(String).join('.'), 'tooDeep', { max: MAX_FILTER_DEPTH })] };
  }
  const r = QueryDefinition.safeParse(input);
  if (!r.success) return { ok: false, issues: fromZod(r.error, prefix) };
  const def = r.data;
  const at = (p: string) => [...prefix.map(String), p].filter(Boolean).join('.');
  const issues: Issue[] = [];
  const grouped = (def.groupBy?.length ?? 0) > 0;
  if (grouped && def.columns?.length) issues.push(issue(at('columns'), 'tooManyItems', { max: 0 }));
  if (!grouped && !def.columns?.length && !def.aggregates?.length)
    issues.push(issue(at('columns'), 'tooFewItems', { min: 1 }));
  const keys = new Set<string>();
  const addKey = (key: string, where: string) => {
    if (keys.has(key)) issues.push(issue(where, 'duplicate', { value: key }));
    keys.add(key);
  };
  if (grouped) def.groupBy!.forEach((g, i) => addKey(groupKey(g), at(`groupBy[${i}]`)));
  else def.columns?.forEach((c, i) => addKey(columnKey(c), at(`columns[${i}].key`)));
  const aggKeys = grouped ? keys : new Set<string>();
  def.aggregates?.forEach((a, i) => {
    const key = aggregateKey(a);
    if (aggKeys.has(key)) issues.push(issue(at(`aggregates[${i}].key`), 'duplicate', { value: key }));
    aggKeys.add(key);
  });
  const declared = new Set((def.params ?? []).map((p) => p.name));
  const dupParams = (def.params ?? []).map((p) => p.name).filter((n, i, all) => all.indexOf(n) !== i);
  for (const n of new Set(dupParams)) issues.push(issue(at('params'), 'duplicate', { value: n }));
  for (const name of usedParams(def))
    if (!declared.has(name)) issues.push(issue(at('params'), 'unknownParam', { value: name }));
  return issues.length ? { ok: false, issues } : { ok: true, value: def };
}
