/** Which entity field types each form-js component type can edit (Folyam's own types say so themselves). */
import type { Field, FieldType } from '@folyam/metamodel';
import { formFieldDefinition } from '../../forms/index.ts';

const BUILT_IN: Record<string, FieldType[]> = {
  textfield: ['text', 'email', 'url', 'phone'],
  textarea: ['longText', 'json', 'text'],
  number: ['integer', 'decimal', 'percent'],
  checkbox: ['boolean'],
  datetime: ['date', 'datetime'],
  select: ['enum'],
  radio: ['enum'],
  taglist: ['multiEnum'],
  checklist: ['multiEnum'],
};

export function bindableTypes(componentType: string): FieldType[] {
  return formFieldDefinition(componentType)?.binds ?? BUILT_IN[componentType] ?? [];
}

export function canBind(componentType: string, field: Field): boolean {
  return bindableTypes(componentType).includes(field.type);
}
