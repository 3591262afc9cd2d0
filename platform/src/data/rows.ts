/** Conversion between API records (camelCase, money objects, ISO times) and table rows. */
import type { Entity, Field } from '@folyam/metamodel';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { columnName, currencyColumnName, isStored, SYSTEM_COLUMNS } from '../schema/columns.ts';

export type Row = Record<string, unknown>;
export type ApiRecord = Record<string, unknown>;

/** Writes one field's API value into row columns. */
export function fieldToColumns(field: Field, value: unknown, row: Row): void {
  if (!isStored(field)) return;
  const col = columnName(field);
  if (value === null || value === undefined) {
    row[col] = null;
    if (field.type === 'money') row[currencyColumnName(field)] = null;
    return;
  }
  switch (field.type) {
    case 'money': {
      const m = value as { amount: number; currency: string };
      row[col] = m.amount;
      row[currencyColumnName(field)] = m.currency;
      return;
    }
    case 'boolean':
      row[col] = value ? 1 : 0;
      return;
    case 'datetime':
      row[col] = toDbDateTime(String(value));
      return;
    case 'multiEnum':
    case 'json':
      row[col] = JSON.stringify(value);
      return;
    default:
      row[col] = value;
  }
}

export function recordToRow(entity: Entity, values: ApiRecord): Row {
  const row: Row = {};
  for (const f of entity.fields) if (f.name in values) fieldToColumns(f, values[f.name], row);
  if ('ownerId' in values) row.owner_id = values.ownerId;
  return row;
}

/** Reads one field from a row; `prefix` selects aliased columns of a joined table. */
export function columnsToField(field: Field, row: Row, prefix = ''): unknown {
  const v = row[prefix + columnName(field)];
  if (v === null || v === undefined) return null;
  switch (field.type) {
    case 'money':
      return { amount: Number(v), currency: String(row[prefix + currencyColumnName(field)] ?? field.currency ?? 'HUF') };
    case 'integer':
    case 'decimal':
    case 'percent':
      return Number(v);
    case 'boolean':
      return v === true || v === 1 || v === '1';
    case 'datetime':
      return fromDbDateTime(v);
    case 'date':
      return String(v).slice(0, 10);
    case 'multiEnum':
    case 'json':
      try {
        return JSON.parse(String(v));
      } catch {
        return null;
      }
    default:
      return v;
  }
}

export function rowToRecord(entity: Entity, row: Row, fields?: Set<string>): ApiRecord {
  const rec: ApiRecord = {};
  for (const s of SYSTEM_COLUMNS) {
    if (!(s.name in row)) continue;
    const v = row[s.name];
    rec[s.field] = s.name === 'created_at' || s.name === 'updated_at' ? fromDbDateTime(v) : s.name === 'version' ? Number(v) : (v ?? null);
  }
  for (const f of entity.fields) {
    if (fields && !fields.has(f.name)) continue;
    if (!isStored(f)) continue;
    rec[f.name] = columnsToField(f, row);
  }
  return rec;
}
