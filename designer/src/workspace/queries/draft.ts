/**
 * The designer's draft of a query (what the user edits) and its translation to and from the backend's query
 * definition (metamodel/src/query.ts). Pure: no Vue, no requests.
 */
import type {
  AggregateFn,
  Entity,
  Field,
  FilterOp,
  FilterScalar,
  QueryDefinition,
  QueryFilterTree,
  QueryParam,
} from '@folyam/metamodel';

export const FNS: AggregateFn[] = ['count', 'sum', 'avg', 'min', 'max'];
export const RELATIVES = [
  'today',
  'startOfWeek',
  'startOfMonth',
  'startOfQuarter',
  'startOfYear',
  'daysAgo',
  'daysAhead',
] as const;
export type RelativeKind = (typeof RELATIVES)[number];
export const NO_VALUE_OPS: FilterOp[] = ['isEmpty', 'isNotEmpty'];
const NUMERIC: Field['type'][] = ['integer', 'decimal', 'money', 'percent'];
const ORDERED: Field['type'][] = [...NUMERIC, 'date', 'datetime'];
/** Longest dotted path the backend accepts (four segments). */
export const MAX_DEPTH = 4;

export type ValueMode = 'value' | 'relative' | 'param' | 'me';
/** System columns that hold a user id: compared with the user who runs the query ("my companies"). */
export const USER_COLUMNS = ['ownerId', 'createdBy'] as const;
export const isUserColumn = (name: string) => (USER_COLUMNS as readonly string[]).includes(name);
export type DraftCondition = {
  id: number;
  field: string;
  op: FilterOp;
  mode: ValueMode;
  value: FilterScalar | FilterScalar[];
  value2: FilterScalar;
  relative: RelativeKind;
  n: number;
  param: string;
};
export type DraftColumn = {
  id: number;
  path?: string;
  related?: { entity: string; via: string; conditions: DraftCondition[] };
  fn?: AggregateFn;
};
/** A bracketed group of conditions inside the top-level filter: `(A or B)`, or negated `not (A and B)`. */
export type DraftGroup = { id: number; match: 'and' | 'or'; negate: boolean; conditions: DraftCondition[] };
export type DraftAggregate = { id: number; fn: AggregateFn; path?: string };
export type DraftSort = { id: number; path: string; dir: 'asc' | 'desc' };
export type QueryDraft = {
  entity: string;
  mode: 'rows' | 'grouped';
  columns: DraftColumn[];
  match: 'and' | 'or';
  conditions: DraftCondition[];
  groups: DraftGroup[];
  /** Parts of a saved filter nested deeper than this editor shows: kept unchanged, and removable. */
  kept: QueryFilterTree[];
  sort: DraftSort[];
  groupBy: string[];
  aggregates: DraftAggregate[];
};

let seq = 0;
export const nextId = () => Date.now() * 1000 + (++seq % 1000);

export function emptyDraft(entity = ''): QueryDraft {
  return {
    entity,
    mode: 'rows',
    columns: [],
    match: 'and',
    conditions: [],
    groups: [],
    kept: [],
    sort: [],
    groupBy: [],
    aggregates: [],
  };
}

export function newCondition(field: string, op: FilterOp): DraftCondition {
  return {
    id: nextId(),
    field,
    op,
    mode: 'value',
    value: op === 'in' ? [] : null,
    value2: null,
    relative: 'today',
    n: 30,
    param: '',
  };
}

export const isNumeric = (f: Field) => NUMERIC.includes(f.type);
export const isOrdered = (f: Field) => ORDERED.includes(f.type);
export const isDateLike = (f: Field) => f.type === 'date' || f.type === 'datetime';

/** The functions that make sense over a field (count needs none). */
export function fnsFor(f: Field | undefined): AggregateFn[] {
  if (!f) return ['count'];
  if (isNumeric(f)) return ['sum', 'avg', 'min', 'max'];
  if (isOrdered(f)) return ['min', 'max'];
  return [];
}

/** Walks a dotted path through references: `company.owner.name` → the fields met on the way. */
export function resolvePath(
  entities: (name: string) => Entity | undefined,
  root: string,
  path: string,
): Field[] | null {
  let e = entities(root);
  const out: Field[] = [];
  for (const part of path.split('.')) {
    if (!e) return null;
    const f = e.fields.find((x) => x.name === part);
    if (!f) return null;
    out.push(f);
    e = f.type === 'reference' ? entities(f.target) : undefined;
  }
  return out;
}

/** The result key the backend gives a column (metamodel's `columnKey`). */
export function columnKey(c: DraftColumn): string {
  const path = (c.path ?? '').replace(/\./g, '_');
  if (c.related) return [c.related.entity, c.related.via, path, c.fn].filter(Boolean).join('_');
  return path;
}

export function aggregateKey(a: DraftAggregate): string {
  return a.path ? `${a.fn}_${a.path.replace(/\./g, '_')}` : a.fn;
}

const filled = (v: unknown) => v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v));

export function isComplete(c: DraftCondition): boolean {
  if (!c.field || !c.op) return false;
  if (NO_VALUE_OPS.includes(c.op)) return true;
  if (c.mode === 'param') return /^[a-z][a-zA-Z0-9]{0,47}$/.test(c.param);
  if (c.mode === 'relative' || c.mode === 'me') return true;
  if (c.op === 'between') return filled(c.value) && filled(c.value2);
  if (c.op === 'in') return Array.isArray(c.value) && c.value.length > 0;
  return filled(c.value) && !Array.isArray(c.value);
}

type Cond = Extract<QueryFilterTree, { field: string }>;

function toCondition(c: DraftCondition): Cond {
  if (NO_VALUE_OPS.includes(c.op)) return { field: c.field, op: c.op };
  if (c.mode === 'param') return { field: c.field, op: c.op, value: { param: c.param } };
  if (c.mode === 'me') return { field: c.field, op: c.op, value: { currentUser: true } };
  if (c.mode === 'relative') {
    const rel =
      c.relative === 'daysAgo' || c.relative === 'daysAhead'
        ? { relative: c.relative, n: c.n }
        : { relative: c.relative };
    return { field: c.field, op: c.op, value: rel };
  }
  if (c.op === 'between') return { field: c.field, op: c.op, value: [c.value as FilterScalar, c.value2] };
  return { field: c.field, op: c.op, value: c.value };
}

export function newGroup(): DraftGroup {
  return { id: nextId(), match: 'or', negate: false, conditions: [] };
}

export function toFilter(
  conditions: DraftCondition[],
  match: 'and' | 'or' = 'and',
  groups: DraftGroup[] = [],
  kept: QueryFilterTree[] = [],
): QueryFilterTree | undefined {
  const parts: QueryFilterTree[] = conditions.filter(isComplete).map(toCondition);
  for (const g of groups) {
    const inner = toFilter(g.conditions, g.match);
    if (inner) parts.push(g.negate ? { not: inner } : inner);
  }
  parts.push(...kept);
  if (!parts.length) return undefined;
  if (parts.length === 1) return parts[0];
  return match === 'or' ? { or: parts } : { and: parts };
}

const PARAM_TYPE: Partial<Record<Field['type'], QueryParam['type']>> = {
  integer: 'integer',
  decimal: 'number',
  money: 'number',
  percent: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
};

/** The parameters asked at run time: one per condition in "ask when run" mode. */
function paramsOf(draft: QueryDraft, entities: (name: string) => Entity | undefined): QueryParam[] {
  const out: QueryParam[] = [];
  const seen = new Set<string>();
  const collect = (entity: string, conds: DraftCondition[]) => {
    for (const c of conds) {
      if (c.mode !== 'param' || !isComplete(c) || NO_VALUE_OPS.includes(c.op) || seen.has(c.param)) continue;
      seen.add(c.param);
      const f = resolvePath(entities, entity, c.field)?.at(-1);
      out.push({
        name: c.param,
        type: (f && PARAM_TYPE[f.type]) ?? 'text',
        label: f ? { hu: f.label.hu, en: f.label.en } : { hu: c.param, en: c.param },
        ...(c.op === 'in' ? { multiple: true } : {}),
      });
    }
  };
  collect(draft.entity, draft.conditions);
  for (const g of draft.groups) collect(draft.entity, g.conditions);
  for (const col of draft.columns) if (col.related) collect(col.related.entity, col.related.conditions);
  return out;
}

export function toDefinition(draft: QueryDraft, entities: (name: string) => Entity | undefined): QueryDefinition {
  const def: QueryDefinition = { entity: draft.entity };
  if (draft.mode === 'grouped') {
    def.groupBy = [...draft.groupBy];
    def.aggregates = draft.aggregates.map((a) => (a.path ? { fn: a.fn, path: a.path } : { fn: a.fn }));
  } else {
    def.columns = draft.columns.map((c) => {
      if (!c.related) return { path: c.path };
      const filter = toFilter(c.related.conditions);
      return {
        related: { entity: c.related.entity, via: c.related.via, ...(filter ? { filter } : {}) },
        fn: c.fn,
        ...(c.path ? { path: c.path } : {}),
      };
    });
  }
  const filter = toFilter(draft.conditions, draft.match, draft.groups, draft.kept);
  if (filter) def.filter = filter;
  if (draft.sort.length) def.sort = draft.sort.map((s) => ({ path: s.path, dir: s.dir }));
  const params = paramsOf(draft, entities);
  if (params.length) def.params = params;
  return def;
}

type FlatFilter = {
  match: 'and' | 'or';
  conditions: DraftCondition[];
  groups: DraftGroup[];
  kept: QueryFilterTree[];
};

function fromCondition(t: Cond): DraftCondition {
  const c = newCondition(t.field, t.op);
  const v = t.value as unknown;
  if (v && typeof v === 'object' && !Array.isArray(v) && 'currentUser' in v) c.mode = 'me';
  else if (v && typeof v === 'object' && !Array.isArray(v) && 'param' in v) {
    c.mode = 'param';
    c.param = String((v as { param: string }).param);
  } else if (v && typeof v === 'object' && !Array.isArray(v) && 'relative' in v) {
    const r = v as { relative: RelativeKind; n?: number };
    c.mode = 'relative';
    c.relative = r.relative;
    c.n = r.n ?? 30;
  } else if (t.op === 'between' && Array.isArray(v)) {
    c.value = v[0] as FilterScalar;
    c.value2 = v[1] as FilterScalar;
  } else c.value = (v ?? null) as FilterScalar | FilterScalar[];
  return c;
}

/** A subtree that is one group of plain conditions (optionally negated), or null when it nests deeper. */
function asGroup(t: QueryFilterTree): DraftGroup | null {
  const negate = 'not' in t;
  const inner = 'not' in t ? t.not : t;
  const list = 'and' in inner ? inner.and : 'or' in inner ? inner.or : [inner];
  if (!list.every((x) => 'field' in x)) return null;
  return {
    id: nextId(),
    match: 'or' in inner ? 'or' : 'and',
    negate,
    conditions: (list as Cond[]).map(fromCondition),
  };
}

/** The editor's view of a filter: top-level conditions, one level of groups, and anything deeper kept as it is. */
export function fromFilter(tree: QueryFilterTree | undefined): FlatFilter {
  if (!tree) return { match: 'and', conditions: [], groups: [], kept: [] };
  const list = 'and' in tree ? tree.and : 'or' in tree ? tree.or : [tree];
  const match = 'or' in tree ? 'or' : 'and';
  const out: FlatFilter = { match, conditions: [], groups: [], kept: [] };
  for (const t of list) {
    if ('field' in t) out.conditions.push(fromCondition(t));
    else {
      const g = asGroup(t);
      if (g) out.groups.push(g);
      else out.kept.push(t);
    }
  }
  return out;
}

export function fromDefinition(def: QueryDefinition): QueryDraft {
  const { match, conditions, groups, kept } = fromFilter(def.filter);
  return {
    entity: def.entity,
    mode: def.groupBy?.length ? 'grouped' : 'rows',
    columns: (def.columns ?? []).map((c) => ({
      id: nextId(),
      path: c.path,
      fn: c.fn,
      related: c.related
        ? { entity: c.related.entity, via: c.related.via, conditions: fromFilter(c.related.filter).conditions }
        : undefined,
    })),
    match,
    conditions,
    groups,
    kept,
    sort: (def.sort ?? []).map((s) => ({ id: nextId(), path: s.path, dir: s.dir ?? 'asc' })),
    groupBy: [...(def.groupBy ?? [])],
    aggregates: (def.aggregates ?? []).map((a) => ({ id: nextId(), fn: a.fn, path: a.path })),
  };
}

/** Whether the draft can run: rows need a column, groups a key. */
export function isRunnable(draft: QueryDraft): boolean {
  if (!draft.entity) return false;
  return draft.mode === 'grouped' ? draft.groupBy.length > 0 : draft.columns.length > 0;
}

/** Moves an item of a list from one index to another (drag and drop, up/down buttons). */
export function move<T>(list: T[], from: number, to: number): void {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}
