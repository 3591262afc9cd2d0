/**
 * The filter builder's draft (what the user is editing) and its translation into the data API's filter tree.
 * Conditions missing a value are left out rather than sent half-made.
 */
import type { Entity, FilterCondition, FilterOp, FilterScalar, FilterTree } from '@folyam/metamodel';

export type DraftCondition = {
  id: number;
  field: string;
  op: FilterOp;
  value: FilterScalar | FilterScalar[];
  value2: FilterScalar;
};
export type FilterDraft = { match: 'and' | 'or'; conditions: DraftCondition[] };

export const NO_VALUE_OPS: FilterOp[] = ['isEmpty', 'isNotEmpty'];

export function emptyDraft(): FilterDraft {
  return { match: 'and', conditions: [] };
}

let seq = 0;
export function newCondition(field: string, op: FilterOp): DraftCondition {
  return { id: Date.now() + ++seq, field, op, value: null, value2: null };
}

const filled = (v: unknown) => v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v));

/** A condition is complete when it has the value(s) its operator needs. */
export function isComplete(c: DraftCondition): boolean {
  if (!c.field || !c.op) return false;
  if (NO_VALUE_OPS.includes(c.op)) return true;
  if (c.op === 'between') return filled(c.value) && filled(c.value2);
  if (c.op === 'in') return Array.isArray(c.value) && c.value.length > 0;
  return filled(c.value) && !Array.isArray(c.value);
}

function toCondition(c: DraftCondition): FilterCondition {
  if (NO_VALUE_OPS.includes(c.op)) return { field: c.field, op: c.op };
  if (c.op === 'between') return { field: c.field, op: c.op, value: [c.value as FilterScalar, c.value2] };
  return { field: c.field, op: c.op, value: c.value };
}

/** `{ match: 'and', conditions: [name contains "Kft"] }` → `{ and: [{ field: 'name', op: 'contains', value: 'Kft' }] }` */
export function toFilterTree(draft: FilterDraft, entity?: Entity): FilterTree | null {
  const known = entity ? new Set(entity.fields.map((f) => f.name)) : null;
  const conds = draft.conditions.filter((c) => isComplete(c) && (!known || known.has(c.field))).map(toCondition);
  if (!conds.length) return null;
  return draft.match === 'or' ? { or: conds } : { and: conds };
}

export function activeCount(draft: FilterDraft): number {
  return draft.conditions.filter(isComplete).length;
}
