/**
 * The permission matrix as the editor holds it: one row per permission of the role (an entity may have several,
 * e.g. read the department's, change only one's own), plus an empty row for every entity without any. Rows with no
 * action are left out when saving. Record rules are edited as a list of conditions that all must hold.
 */
import type { Entity, FilterCondition, FilterOp, FilterTree, Permission, Role } from '@folyam/metamodel';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'query'] as const;
export type Action = (typeof ACTIONS)[number];
export const SCOPES = ['own', 'department', 'subordinates', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export const OPS: FilterOp[] = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'contains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
];
export const NO_VALUE: FilterOp[] = ['isEmpty', 'isNotEmpty'];

export type Condition = { key: number; field: string; op: FilterOp; value: string };
export type Row = {
  key: number;
  entity: string;
  actions: Action[];
  scope: Scope | null;
  hiddenFields: string[];
  readOnlyFields: string[];
  assignOwner: boolean;
  conditions: Condition[];
  /** A filter the simple editor cannot show (or/not, nested): kept as it is. */
  complexFilter: FilterTree | null;
};

let seq = 0;
export const nextKey = () => ++seq;

const isCondition = (f: FilterTree): f is FilterCondition => 'field' in f;

function valueText(v: FilterCondition['value']): string {
  if (v === undefined || v === null) return '';
  return Array.isArray(v) ? v.map((x) => String(x)).join(', ') : String(v);
}

function fromFilter(filter: FilterTree | undefined): Pick<Row, 'conditions' | 'complexFilter'> {
  if (!filter) return { conditions: [], complexFilter: null };
  const list = isCondition(filter)
    ? [filter]
    : 'and' in filter && filter.and.every(isCondition)
      ? (filter.and as FilterCondition[])
      : null;
  if (!list) return { conditions: [], complexFilter: filter };
  return {
    conditions: list.map((c) => ({ key: nextKey(), field: c.field, op: c.op, value: valueText(c.value) })),
    complexFilter: null,
  };
}

export function emptyRow(entity: string): Row {
  return {
    key: nextKey(),
    entity,
    actions: [],
    scope: null,
    hiddenFields: [],
    readOnlyFields: [],
    assignOwner: false,
    conditions: [],
    complexFilter: null,
  };
}

/** The role's permissions as rows, in the order: `*`, then the entities; entities without permissions get an empty row. */
export function toRows(role: Role, entities: Entity[]): Row[] {
  const names = ['*', ...entities.map((e) => e.name)];
  const rows: Row[] = (role.permissions ?? []).map((p) => ({
    key: nextKey(),
    entity: p.entity,
    actions: [...p.actions],
    scope: p.scope ?? null,
    hiddenFields: [...(p.hiddenFields ?? [])],
    readOnlyFields: [...(p.readOnlyFields ?? [])],
    assignOwner: !!p.assignOwner,
    ...fromFilter(p.filter),
  }));
  for (const n of names) if (!rows.some((r) => r.entity === n)) rows.push(emptyRow(n));
  const order = (n: string) => {
    const i = names.indexOf(n);
    return i < 0 ? names.length : i;
  };
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => order(a.r.entity) - order(b.r.entity) || a.i - b.i)
    .map((x) => x.r);
}

const NUMERIC = new Set(['integer', 'decimal', 'percent']);

function typedValue(raw: string, type: string | undefined): string | number | boolean | null {
  const s = raw.trim();
  if (type === 'boolean') return s === 'true' || s === 'igen';
  if (type && NUMERIC.has(type) && s !== '' && Number.isFinite(Number(s))) return Number(s);
  return s === '' ? null : s;
}

function toCondition(c: Condition, entity: Entity | undefined): FilterCondition {
  const type = entity?.fields.find((f) => f.name === c.field)?.type;
  if (NO_VALUE.includes(c.op)) return { field: c.field, op: c.op };
  if (c.op === 'in') return { field: c.field, op: c.op, value: c.value.split(',').map((v) => typedValue(v, type)) };
  return { field: c.field, op: c.op, value: typedValue(c.value, type) };
}

/** The rows that grant something, as permissions; `index[i]` is the row key of `permissions[i]`. */
export function toPermissions(rows: Row[], entities: Entity[]): { permissions: Permission[]; index: number[] } {
  const permissions: Permission[] = [];
  const index: number[] = [];
  for (const r of rows) {
    if (!r.actions.length) continue;
    const entity = entities.find((e) => e.name === r.entity);
    const p: Permission = { entity: r.entity, actions: ACTIONS.filter((a) => r.actions.includes(a)) };
    if (r.scope) p.scope = r.scope;
    if (r.hiddenFields.length) p.hiddenFields = [...r.hiddenFields];
    if (r.readOnlyFields.length) p.readOnlyFields = [...r.readOnlyFields];
    if (r.assignOwner) p.assignOwner = true;
    const conds = r.conditions.filter((c) => c.field.trim()).map((c) => toCondition(c, entity));
    if (r.complexFilter) p.filter = r.complexFilter;
    else if (conds.length === 1) p.filter = conds[0];
    else if (conds.length > 1) p.filter = { and: conds };
    permissions.push(p);
    index.push(r.key);
  }
  return { permissions, index };
}
