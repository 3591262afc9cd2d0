/** The field-type registry with every type in `types/` registered. Import field types from here. */
import.meta.glob('./types/*.type.ts', { eager: true });

export { defineFieldType, fieldType, formatValue } from './registry.ts';
export type { FieldInputProps, FieldTypeDefinition, FilterValueKind, FormatContext } from './registry.ts';
