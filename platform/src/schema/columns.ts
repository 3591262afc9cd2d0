/**
 * How metadata maps to tables and columns. Pure: the schema diff, the record mapper and the query compiler all
 * read the same mapping, so a column name is decided in one place.
 */
import { DEFAULT_TEXT_LENGTH, snakeCase, type Entity, type Field } from '@folyam/metamodel';

export type ColumnType =
  | { kind: 'string'; length: number }
  | { kind: 'text' }
  | { kind: 'integer' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'datetime' };

export type ColumnSpec = {
  name: string;
  type: ColumnType;
  /** The field (by stable id) this column stores, and which part of it. */
  fieldId: string;
  part: 'value' | 'currency';
  references?: { table: string; onDelete: 'restrict' | 'setNull' | 'cascade' };
};

export function tableName(entity: Pick<Entity, 'name'>): string {
  return snakeCase(entity.name);
}

/** The main column of a field: `taxNumber` → `tax_number`, reference `company` → `company_id`. */
export function columnName(field: Pick<Field, 'name' | 'type'>): string {
  return field.type === 'reference' ? `${snakeCase(field.name)}_id` : snakeCase(field.name);
}

export function currencyColumnName(field: Pick<Field, 'name'>): string {
  return `${snakeCase(field.name)}_currency`;
}

/** Virtual computed fields have no column: they are evaluated on read. */
export function isStored(field: Field): boolean {
  return !field.computed || Boolean(field.computed.stored);
}

export function fieldColumns(field: Field, targetTable?: (entityName: string) => string): ColumnSpec[] {
  if (!isStored(field)) return [];
  const name = columnName(field);
  const col = (type: ColumnType): ColumnSpec => ({ name, type, fieldId: field.id, part: 'value' });
  switch (field.type) {
    case 'text': {
      const length = field.maxLength ?? DEFAULT_TEXT_LENGTH;
      return [col(length > 1000 ? { kind: 'text' } : { kind: 'string', length })];
    }
    case 'longText':
    case 'multiEnum':
    case 'json':
      return [col({ kind: 'text' })];
    case 'integer':
      return [col({ kind: 'integer' })];
    case 'decimal':
      return [col({ kind: 'decimal', precision: 18, scale: field.scale ?? 2 })];
    case 'percent':
      return [col({ kind: 'decimal', precision: 9, scale: 4 })];
    case 'money':
      return [
        col({ kind: 'decimal', precision: 18, scale: 2 }),
        { name: currencyColumnName(field), type: { kind: 'string', length: 3 }, fieldId: field.id, part: 'currency' },
      ];
    case 'boolean':
      return [col({ kind: 'boolean' })];
    case 'date':
      return [col({ kind: 'date' })];
    case 'datetime':
      return [col({ kind: 'datetime' })];
    case 'enum':
      return [col({ kind: 'string', length: 64 })];
    case 'email':
      return [col({ kind: 'string', length: 254 })];
    case 'phone':
      return [col({ kind: 'string', length: 40 })];
    case 'url':
      return [col({ kind: 'string', length: 2000 })];
    case 'file':
      return [col({ kind: 'string', length: 64 })];
    case 'reference':
      return [
        {
          ...col({ kind: 'string', length: 64 }),
          references: {
            table: targetTable ? targetTable(field.target) : snakeCase(field.target),
            onDelete: field.onDelete ?? 'restrict',
          },
        },
      ];
  }
}

/** System columns every entity table has, in order. */
export const SYSTEM_COLUMNS = [
  { name: 'id', field: 'id' },
  { name: 'version', field: 'version' },
  { name: 'created_at', field: 'createdAt' },
  { name: 'updated_at', field: 'updatedAt' },
  { name: 'created_by', field: 'createdBy' },
  { name: 'updated_by', field: 'updatedBy' },
  { name: 'owner_id', field: 'ownerId' },
] as const;

export function linkTableName(entity: Pick<Entity, 'name'>, relationName: string): string {
  return `${snakeCase(entity.name)}__${snakeCase(relationName)}`;
}

/** Columns and references of every entity table, keyed by table name. */
export function entityColumns(entity: Entity, all: Entity[]): ColumnSpec[] {
  const byName = new Map(all.map((e) => [e.name, e]));
  const target = (n: string) => tableName(byName.get(n) ?? { name: n });
  return entity.fields.flatMap((f) => fieldColumns(f, target));
}

export function indexName(table: string, suffix: string): string {
  const name = `ix_${table}_${suffix}`;
  // MySQL limits identifiers to 64 characters.
  return name.length <= 60 ? name : `ix_${table.slice(0, 20)}_${hash(name)}`;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
