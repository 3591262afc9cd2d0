/** Which columns a list can show: the entity's fields plus the created/updated timestamps. */
import type { Entity, Field } from '@folyam/metamodel';

export const SYSTEM_COLUMNS = ['createdAt', 'updatedAt'] as const;
const DEFAULT_COUNT = 6;
const NOT_BY_DEFAULT: Field['type'][] = ['longText', 'json', 'file'];

/** The title field first, then the first few short fields. */
export function defaultColumns(entity: Entity, titleField: string | undefined): string[] {
  const rest = entity.fields
    .filter((f) => f.name !== titleField && !NOT_BY_DEFAULT.includes(f.type))
    .slice(0, DEFAULT_COUNT - 1)
    .map((f) => f.name);
  return titleField ? [titleField, ...rest] : rest;
}

export function availableColumns(entity: Entity): string[] {
  return [...entity.fields.map((f) => f.name), ...SYSTEM_COLUMNS];
}
