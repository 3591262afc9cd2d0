/**
 * Field types are registered declaratively: each file in `types/` calls `defineFieldType` with how a value reads
 * in a list (`list`), which component edits it (`input`), and how it can be filtered. Adding a type is adding a
 * file there (and, if it needs one, an input component).
 */
import type { FilterOp, FieldOf, FieldType } from '@folyam/metamodel';
import type { Component } from 'vue';
import type { DataRecord } from '../../api/types.ts';

export type FormatContext = { locale: string; record?: DataRecord | null };

/** The editor a filter condition uses for its value. */
export type FilterValueKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'enum' | 'reference' | 'none';

export type FieldTypeDefinition<T extends FieldType = FieldType> = {
  type: T;
  /** The value as text in lists, related lists and history. */
  list: (value: unknown, field: FieldOf<T>, ctx: FormatContext) => string;
  /** The component editing the value on record forms (props: `FieldInputProps`, emits `update:modelValue`). */
  input: Component;
  /** Filter operators offered in the filter builder, the first one being the default. */
  filterOps: FilterOp[];
  filterValue: FilterValueKind;
  /** Alignment of the column in tables (numbers right). */
  align?: 'start' | 'end';
  /** Wide inputs take a whole row of the form. */
  wide?: boolean;
  /** False when the server cannot sort by it. */
  sortable?: boolean;
};

/** Props every input component receives from the record form. */
export type FieldInputProps<F = FieldOf<FieldType>> = {
  field: F;
  modelValue: unknown;
  label: string;
  errorMessages?: string[];
  readonly?: boolean;
  record?: DataRecord | null;
};

const registry = new Map<FieldType, FieldTypeDefinition>();

/** `defineFieldType({ type: 'email', list: (v) => String(v ?? ''), input: EmailInput, filterOps: [...], … })` */
export function defineFieldType<T extends FieldType>(def: FieldTypeDefinition<T>): FieldTypeDefinition<T> {
  registry.set(def.type, def as unknown as FieldTypeDefinition);
  return def;
}

export function fieldType<T extends FieldType>(type: T): FieldTypeDefinition<T> {
  const def = registry.get(type) ?? registry.get('json');
  if (!def) throw new Error(`No field type registered for ${type}`);
  return def as unknown as FieldTypeDefinition<T>;
}

/** Formats a field's value for lists and history. */
export function formatValue(field: FieldOf<FieldType>, value: unknown, ctx: FormatContext): string {
  if (value === null || value === undefined || value === '') return '';
  return fieldType(field.type).list(value as never, field as never, ctx);
}
