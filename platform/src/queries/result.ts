/**
 * The shape of query results: column types, and how a database row becomes a result row (money with its
 * currency, dates as `YYYY-MM-DD`, references and users as `{ id, title }`, aggregates rounded to their scale).
 */
import { DEFAULT_CURRENCY, type AggregateFn, type EnumOption, type LocalizedText } from '@folyam/metamodel';
import { fromDbDateTime } from '../db/connection.ts';
import type { ResolvedPath } from '../data/paths.ts';
import { errors } from '../errors.ts';

export type ResultType =
  | 'text'
  | 'longText'
  | 'integer'
  | 'decimal'
  | 'percent'
  | 'money'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'multiEnum'
  | 'email'
  | 'phone'
  | 'url'
  | 'reference'
  | 'file'
  | 'json'
  | 'id'
  | 'user';

/** A column of the result, as the screen, the printer and the Excel writer see it. */
export type ResultColumn = {
  key: string;
  label: LocalizedText;
  type: ResultType;
  /** Labels of enum values. */
  options?: EnumOption[];
  /** The default currency of a money column (each value carries its own). */
  currency?: string;
  /** Decimal places of decimal, percent and money columns. */
  scale?: number;
  /** The entity a reference column points at. Reference and user values are `{ id, title }`. */
  target?: string;
};

export type ResultRow = Record<string, unknown>;

export type Kind = ResolvedPath['kind'];

/** How one result cell is read back from the database row. */
export type Cell = {
  column: ResultColumn;
  alias: string;
  kind: Kind | 'count';
  fn?: AggregateFn;
  amountOnly?: boolean;
  titled?: boolean;
};

const NUMERIC: Kind[] = ['integer', 'decimal', 'percent', 'money', 'systemInt'];
const ORDERED: Kind[] = [
  ...NUMERIC,
  'text',
  'email',
  'phone',
  'url',
  'date',
  'datetime',
  'systemDateTime',
  'enum',
  'id',
  'currency',
];

export function typeOfKind(kind: Kind): ResultType {
  switch (kind) {
    case 'id':
      return 'id';
    case 'systemInt':
      return 'integer';
    case 'systemDateTime':
      return 'datetime';
    case 'systemRef':
      return 'user';
    case 'currency':
      return 'text';
    default:
      return kind;
  }
}

export function scaleOf(r: ResolvedPath): number | undefined {
  if (r.kind === 'money') return 2;
  if (r.kind === 'percent') return 4;
  if (r.kind === 'decimal') return r.field && 'scale' in r.field ? (r.field.scale ?? 2) : 2;
  return undefined;
}

export function describe(r: ResolvedPath, key: string, label: LocalizedText): ResultColumn {
  const amountOnly = r.kind === 'money' && r.path.endsWith('.amount');
  const col: ResultColumn = { key, label, type: amountOnly ? 'decimal' : typeOfKind(r.kind) };
  const scale = scaleOf(r);
  if (scale !== undefined) col.scale = scale;
  if (r.field && (r.field.type === 'enum' || r.field.type === 'multiEnum')) col.options = r.field.options;
  if (r.field?.type === 'money' && !amountOnly && r.kind === 'money')
    col.currency = r.field.currency ?? DEFAULT_CURRENCY;
  if (r.field?.type === 'reference') col.target = r.field.target;
  return col;
}

export function aggregateType(fn: AggregateFn, r: ResolvedPath | null): ResultType {
  if (fn === 'count' || !r) return 'integer';
  const amountOnly = r.kind === 'money' && r.path.endsWith('.amount');
  if (fn === 'avg') return r.kind === 'money' && !amountOnly ? 'money' : r.kind === 'percent' ? 'percent' : 'decimal';
  if (amountOnly) return 'decimal';
  return typeOfKind(r.kind);
}

export function checkAggregatable(fn: AggregateFn, r: ResolvedPath, where: string): void {
  const ok =
    fn === 'count' ||
    ((fn === 'sum' || fn === 'avg') && NUMERIC.includes(r.kind)) ||
    ((fn === 'min' || fn === 'max') && ORDERED.includes(r.kind));
  if (!ok) throw errors.badRequest('INVALID_AGGREGATE', where, 'notAggregatable', { fn, value: r.path });
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

function parseJson(v: unknown): unknown {
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
}

/** Reads a plain (non-aggregate) value from a row. */
export function readPlain(cell: Cell, row: Record<string, unknown>): unknown {
  const v = row[cell.alias];
  if (v === null || v === undefined) return null;
  switch (cell.kind) {
    case 'integer':
    case 'decimal':
    case 'percent':
    case 'systemInt':
      return Number(v);
    case 'money':
      if (cell.amountOnly) return Number(v);
      return {
        amount: Number(v),
        currency: String(row[`${cell.alias}_cur`] ?? cell.column.currency ?? DEFAULT_CURRENCY),
      };
    case 'boolean':
      return v === true || v === 1 || v === '1';
    case 'date':
      return String(v).slice(0, 10);
    case 'datetime':
    case 'systemDateTime':
      return fromDbDateTime(v);
    case 'multiEnum':
    case 'json':
      return parseJson(v);
    case 'reference':
    case 'systemRef':
      return { id: String(v), title: row[`${cell.alias}_title`] ?? null };
    default:
      return String(v);
  }
}

/** Reads an aggregate from a row: numbers rounded to the column's scale, money with its currency when single. */
export function readAggregate(cell: Cell, row: Record<string, unknown>): unknown {
  const v = row[cell.alias];
  if (cell.fn === 'count') return Number(v ?? 0);
  if (v === null || v === undefined) return null;
  const scale = cell.column.scale;
  const num = () => {
    const n = Number(v);
    return cell.fn === 'avg' ? round(n, Math.max(scale ?? 0, 4)) : scale !== undefined ? round(n, scale) : n;
  };
  switch (cell.column.type) {
    case 'money': {
      const cur = row[`${cell.alias}_cur`];
      return { amount: num(), currency: cur === null || cur === undefined ? null : String(cur) };
    }
    case 'integer':
    case 'decimal':
    case 'percent':
      return num();
    default:
      return readPlain({ ...cell, fn: undefined }, row);
  }
}

/** The result column of an aggregate: `sum` of money is money, `count` an integer, `avg` a decimal. */
export function aggregateColumn(
  fn: AggregateFn,
  r: ResolvedPath | null,
  key: string,
  label: LocalizedText,
): ResultColumn {
  const column: ResultColumn = { key, label, type: aggregateType(fn, r) };
  if (r && fn !== 'count') {
    const s = scaleOf(r);
    if (s !== undefined) column.scale = s;
    if (column.type === 'money' && r.field?.type === 'money') column.currency = r.field.currency ?? DEFAULT_CURRENCY;
  }
  return column;
}
