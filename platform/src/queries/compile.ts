/**
 * The query compiler: a query definition, the published entities and the actor's access decisions in; one
 * parameterised knex query out. Pure — it builds SQL but never runs it. Identifiers come only from metadata (and
 * aliases the compiler makes up: `t`, `j1`, `r0`, `c0`); every value is a binding.
 *
 * Access is applied everywhere a query reaches: the root entity's row constraint, the row constraint of every
 * entity joined through a dotted path (a derived table of the rows the actor reaches) and of every related
 * aggregate (inside its correlated subquery). A hidden field anywhere, or an entity the actor may not read, is a
 * 400 naming the path it was met on — never a silently empty column.
 */
import {
  validateQuery,
  aggregateKey,
  columnKey,
  groupKey,
  type AggregateFn,
  type Entity,
  type FilterTree,
  type QueryAggregate,
  type QueryColumn,
  type QueryDefinition,
} from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { AccessDecision } from '../access/evaluator.ts';
import type { Clock } from '../clock.ts';
import { applyFilter } from '../data/filter.ts';
import type { ResolvedPath } from '../data/paths.ts';
import { errors, FolyamError } from '../errors.ts';
import { columnName, currencyColumnName, isStored, tableName } from '../schema/columns.ts';
import { aggregateLabel, pathLabel } from './labels.ts';
import {
  aggregateColumn,
  checkAggregatable,
  describe,
  readAggregate,
  readPlain,
  type Cell,
  type ResultColumn,
  type ResultRow,
} from './result.ts';

export type { ResultColumn, ResultRow } from './result.ts';
import { FULL_DECISION, QueryScope, type AccessLookup } from './scope.ts';
import { DEFAULT_TIME_ZONE, resolveQueryFilter, type ParamValues } from './values.ts';

type Select = string | Knex.Raw | Knex.QueryBuilder;

export type QueryAccess = {
  /** The decision for the query's own entity: `read` combined with `query` (and `export` for exports). */
  root: AccessDecision;
  /** `read` decisions for the entities reached by dotted paths and related columns. */
  read: AccessLookup;
};

export type CompileOptions = {
  knex: Knex;
  entities: Entity[];
  access: QueryAccess;
  clock: Clock;
  /** Checked parameter values (see `checkParams`). */
  params?: ParamValues;
  timeZone?: string;
  /** The user running the query (`{ "currentUser": true }` in filters). */
  userId?: string | null;
};

export type CompiledQuery = {
  entity: Entity;
  mode: 'rows' | 'groups';
  columns: ResultColumn[];
  /** The totals row's columns (aggregates of a rows-mode query), or empty. */
  totalColumns: ResultColumn[];
  /** The rows, sorted with a unique tie-breaker, without limit/offset: clone it before paging. */
  query: Knex.QueryBuilder;
  /** `select count(*) as n` over the same rows (or groups). */
  count: Knex.QueryBuilder;
  /** One row of aggregates over every matching record, or null. */
  totals: Knex.QueryBuilder | null;
  /** The filter as it ran (parameters and relative dates resolved), for summaries. */
  filter: FilterTree | null;
  present(row: Record<string, unknown>): ResultRow;
  presentTotals(row: Record<string, unknown>): ResultRow;
};

/** The field that names a record (as in the data API's `_titles`). */
function titleFieldOf(entity: Entity): string | null {
  const named = entity.titleField && entity.fields.find((f) => f.name === entity.titleField);
  if (named && isStored(named)) return named.name;
  return entity.fields.find((f) => f.type === 'text' && isStored(f))?.name ?? null;
}

/**
 * `compileQuery({ entity: 'company', columns: [{ path: 'name' }] }, { knex, entities, access, clock })` →
 * `{ query, count, columns, present, … }`; run `await compiled.query.clone().limit(50)` and map rows with
 * `present`.
 */
export function compileQuery(definition: QueryDefinition, options: CompileOptions): CompiledQuery {
  const checked = validateQuery(definition);
  if (!checked.ok) throw errors.validation(checked.issues);
  const def = checked.value;
  const { knex, entities, access } = options;
  const root = entities.find((e) => e.name === def.entity);
  if (!root) throw errors.badRequest('UNKNOWN_ENTITY', 'entity', 'unknownEntity', { value: def.entity });
  if (!access.root.allowed) throw errors.forbidden();
  const ctx = {
    params: options.params ?? {},
    now: options.clock.now(),
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    userId: options.userId ?? null,
  };
  const scope = new QueryScope(root, {
    knex,
    entities,
    alias: 't',
    joinPrefix: 'j',
    decision: access.root,
    access: access.read,
  });
  const accessScope = new QueryScope(root, { knex, entities, alias: 't', joinPrefix: 'a', decision: FULL_DECISION });
  const qb = knex(`${tableName(root)} as t`);

  const filter = def.filter ? resolveQueryFilter(def.filter, scope, ctx, 'filter') : null;
  if (filter) applyFilter(qb, scope, filter, 'filter');
  if (access.root.rowFilter) applyFilter(qb, accessScope, access.root.rowFilter, 'access');

  const selects: Select[] = [];
  const cells: Cell[] = [];
  const totalCells: Cell[] = [];
  const totalSelects: Knex.Raw[] = [];
  const grouped = (def.groupBy?.length ?? 0) > 0;
  const groupColumns: string[] = [];
  const userJoins: { alias: string; on: string }[] = [];

  /** Selects a plain path as `alias` (plus its currency or the referenced record's title). */
  const selectPath = (r: ResolvedPath, alias: string, into: Select[], groupBy?: string[]): boolean => {
    into.push(`${r.column} as ${alias}`);
    groupBy?.push(r.column);
    if (r.kind === 'money' && !r.path.endsWith('.amount') && r.field) {
      const cur = `${r.column.slice(0, r.column.lastIndexOf('.'))}.${currencyColumnName(r.field)}`;
      into.push(`${cur} as ${alias}_cur`);
      groupBy?.push(cur);
    }
    if (r.kind === 'systemRef') {
      // Owners and authors are users, not records: their display name, the way every screen shows them.
      const ua = `u${userJoins.length + 1}`;
      userJoins.push({ alias: ua, on: r.column });
      into.push(`${ua}.display_name as ${alias}_title`);
      groupBy?.push(`${ua}.display_name`);
      return true;
    }
    if (r.kind === 'reference' && r.field?.type === 'reference') {
      const target = entities.find((e) => e.name === (r.field as { target: string }).target);
      const title = target && titleFieldOf(target);
      if (title) {
        try {
          const t = scope.resolve(`${r.path}.${title}`, 'title');
          into.push(`${t.column} as ${alias}_title`);
          groupBy?.push(t.column);
          return true;
        } catch (e) {
          // The target or its title is out of the actor's reach (or the path is already at full depth): the id alone.
          if (!(e instanceof FolyamError)) throw e;
        }
      }
    }
    return false;
  };

  /** `sum(j1.value)` and, for money, the single currency of the summed values (null when they differ). */
  const aggregateExpr = (fn: AggregateFn, r: ResolvedPath | null, alias: string, into: Select[]) => {
    if (!r) {
      into.push(knex.raw(`count(*) as ??`, [alias]));
      return;
    }
    into.push(knex.raw(`${fn}(??) as ??`, [r.column, alias]));
    if (fn !== 'count' && r.kind === 'money' && !r.path.endsWith('.amount') && r.field) {
      const cur = `${r.column.slice(0, r.column.lastIndexOf('.'))}.${currencyColumnName(r.field)}`;
      into.push(knex.raw(`case when min(??) = max(??) then min(??) end as ??`, [cur, cur, cur, `${alias}_cur`]));
    }
  };

  const relatedColumn = (c: QueryColumn, i: number, key: string, alias: string): Cell => {
    const rel = c.related!;
    const where = `columns[${i}]`;
    const entity = entities.find((e) => e.name === rel.entity);
    if (!entity)
      throw errors.badRequest('UNKNOWN_ENTITY', `${where}.related.entity`, 'unknownEntity', { value: rel.entity });
    const d = access.read(entity.name);
    if (!d.allowed)
      throw errors.badRequest('ENTITY_NOT_READABLE', `${where}.related.entity`, 'notReadable', { value: rel.entity });
    const via = entity.fields.find((f) => f.name === rel.via);
    if (!via || via.type !== 'reference' || via.target !== root.name) {
      throw errors.badRequest('UNKNOWN_FIELD', `${where}.related.via`, 'unknownField', { value: rel.via });
    }
    if (d.hidden.has(via.name))
      throw errors.badRequest('FIELD_NOT_READABLE', `${where}.related.via`, 'notReadable', { value: rel.via });
    const ra = `r${i}`;
    const rscope = new QueryScope(entity, {
      knex,
      entities,
      alias: ra,
      joinPrefix: `${ra}j`,
      decision: d,
      access: access.read,
    });
    const raccess = new QueryScope(entity, {
      knex,
      entities,
      alias: ra,
      joinPrefix: `${ra}a`,
      decision: FULL_DECISION,
    });
    const r = c.path ? rscope.resolve(c.path, `${where}.path`) : null;
    const fn = c.fn!;
    if (r) checkAggregatable(fn, r, `${where}.path`);
    const label =
      c.label ??
      (() => {
        const of = r ? pathLabel(entities, entity, r.path) : null;
        const agg = aggregateLabel(fn, of);
        return { hu: `${entity.pluralLabel.hu} – ${agg.hu}`, en: `${entity.pluralLabel.en} – ${agg.en}` };
      })();
    const sub = (expr: Knex.Raw) => {
      const s = knex(`${tableName(entity)} as ${ra}`)
        .select(expr)
        .whereRaw('?? = ??', [`${ra}.${columnName(via)}`, 't.id']);
      const relFilter = rel.filter ? resolveQueryFilter(rel.filter, rscope, ctx, `${where}.related.filter`) : null;
      if (relFilter) applyFilter(s, rscope, relFilter, `${where}.related.filter`);
      if (d.rowFilter) applyFilter(s, raccess, d.rowFilter, 'access');
      rscope.applyJoins(s);
      raccess.applyJoins(s);
      return s;
    };
    if (!r) selects.push(sub(knex.raw('count(*)')).as(alias));
    else {
      selects.push(sub(knex.raw(`${fn}(??)`, [r.column])).as(alias));
      if (fn !== 'count' && r.kind === 'money' && !r.path.endsWith('.amount') && r.field) {
        const cur = `${r.column.slice(0, r.column.lastIndexOf('.'))}.${currencyColumnName(r.field)}`;
        selects.push(sub(knex.raw('case when min(??) = max(??) then min(??) end', [cur, cur, cur])).as(`${alias}_cur`));
      }
    }
    const column = aggregateColumn(fn, r, key, label);
    return { column, alias, kind: 'count', fn };
  };

  /** One of the definition's `aggregates`: over the groups, or (rows mode) over every row for the totals. */
  const aggregate = (a: QueryAggregate, i: number, alias: string, into: Select[]): Cell => {
    const r = a.path ? scope.resolve(a.path, `aggregates[${i}].path`) : null;
    if (r) checkAggregatable(a.fn, r, `aggregates[${i}].path`);
    aggregateExpr(a.fn, r, alias, into);
    const label = a.label ?? aggregateLabel(a.fn, r ? pathLabel(entities, root, r.path) : null);
    return { column: aggregateColumn(a.fn, r, aggregateKey(a), label), alias, kind: 'count', fn: a.fn };
  };

  if (!grouped) {
    (def.columns ?? []).forEach((c, i) => {
      const key = columnKey(c);
      const alias = `c${i}`;
      if (c.related) {
        cells.push(relatedColumn(c, i, key, alias));
        return;
      }
      const r = scope.resolve(c.path!, `columns[${i}].path`);
      const titled = selectPath(r, alias, selects);
      const column = describe(r, key, c.label ?? pathLabel(entities, root, r.path));
      cells.push({ column, alias, kind: r.kind, amountOnly: r.kind === 'money' && r.path.endsWith('.amount'), titled });
    });
    (def.aggregates ?? []).forEach((a, i) => totalCells.push(aggregate(a, i, `s${i}`, totalSelects)));
  } else {
    def.groupBy!.forEach((g, i) => {
      const r = scope.resolve(g, `groupBy[${i}]`);
      const alias = `g${i}`;
      const titled = selectPath(r, alias, selects, groupColumns);
      cells.push({
        column: describe(r, groupKey(g), pathLabel(entities, root, r.path)),
        alias,
        kind: r.kind,
        amountOnly: r.kind === 'money' && r.path.endsWith('.amount'),
        titled,
      });
    });
    (def.aggregates ?? []).forEach((a, i) => cells.push(aggregate(a, i, `a${i}`, selects)));
  }

  // Sorting: by a result column's key, or (rows mode) by any readable path.
  const orders: { column: string | Knex.Raw; dir: 'asc' | 'desc' }[] = [];
  (def.sort ?? []).forEach((s, i) => {
    const dir = s.dir ?? 'asc';
    const cell = cells.find((c) => c.column.key === s.path);
    if (cell) {
      orders.push({ column: cell.titled ? `${cell.alias}_title` : cell.alias, dir });
      return;
    }
    if (grouped) throw errors.badRequest('INVALID_SORT', `sort[${i}].path`, 'unknownField', { value: s.path });
    const r = scope.resolve(s.path, `sort[${i}].path`);
    orders.push({ column: r.column, dir });
  });

  scope.applyJoins(qb);
  accessScope.applyJoins(qb);
  for (const u of userJoins) qb.leftJoin(`folyam_users as ${u.alias}`, `${u.alias}.id`, u.on);
  const base = qb.clone();

  const query = qb.select(selects);
  if (grouped) {
    query.groupBy(groupColumns);
    for (const o of orders) query.orderBy(o.column as string, o.dir);
    // A stable order for paging: every group key, in order.
    cells.filter((c) => c.alias.startsWith('g')).forEach((c) => query.orderBy(c.alias, 'asc'));
  } else {
    for (const o of orders) query.orderBy(o.column as string, o.dir);
    query.orderBy('t.id', 'asc');
  }

  const count = grouped
    ? knex.count({ n: '*' }).from(
        base
          .clone()
          .select(groupColumns.map((c, i) => `${c} as k${i}`))
          .groupBy(groupColumns)
          .as('g'),
      )
    : base.clone().count({ n: '*' });
  const totals = !grouped && totalSelects.length ? base.clone().select(totalSelects) : null;

  const present = (row: Record<string, unknown>): ResultRow => {
    const out: ResultRow = {};
    for (const c of cells) out[c.column.key] = c.fn ? readAggregate(c, row) : readPlain(c, row);
    return out;
  };
  const presentTotals = (row: Record<string, unknown>): ResultRow => {
    const out: ResultRow = {};
    for (const c of totalCells) out[c.column.key] = readAggregate(c, row);
    return out;
  };

  return {
    entity: root,
    mode: grouped ? 'groups' : 'rows',
    columns: cells.map((c) => c.column),
    totalColumns: totalCells.map((c) => c.column),
    query,
    count,
    totals,
    filter,
    present,
    presentTotals,
  };
}

/**
 * The decision that holds when several actions must all be allowed (`read` and `query`, and `export`): allowed
 * only if each is, rows where every constraint holds, every field hidden by any of them hidden.
 */
export function intersectDecisions(...decisions: AccessDecision[]): AccessDecision {
  const filters = decisions.map((d) => d.rowFilter).filter((f): f is FilterTree => f !== null);
  const union = (pick: (d: AccessDecision) => Set<string>) => new Set(decisions.flatMap((d) => [...pick(d)]));
  return {
    ...decisions[0],
    allowed: decisions.every((d) => d.allowed),
    rowFilter: filters.length === 0 ? null : filters.length === 1 ? filters[0] : { and: filters },
    hidden: union((d) => d.hidden),
    readOnly: union((d) => d.readOnly),
  };
}
