/**
 * The field types the entity designer offers, with their icons, and a blank field of each type. Changing a
 * field's type keeps what every type shares (id, name, labels, flags) and drops the old type's settings.
 */
import type { Field, FieldType } from '@folyam/metamodel';

export const FIELD_KINDS: { type: FieldType; icon: string }[] = [
  { type: 'text', icon: 'mdi-form-textbox' },
  { type: 'longText', icon: 'mdi-text-long' },
  { type: 'integer', icon: 'mdi-numeric' },
  { type: 'decimal', icon: 'mdi-decimal' },
  { type: 'money', icon: 'mdi-cash' },
  { type: 'percent', icon: 'mdi-percent' },
  { type: 'boolean', icon: 'mdi-toggle-switch-outline' },
  { type: 'date', icon: 'mdi-calendar' },
  { type: 'datetime', icon: 'mdi-calendar-clock' },
  { type: 'enum', icon: 'mdi-format-list-bulleted' },
  { type: 'multiEnum', icon: 'mdi-format-list-checks' },
  { type: 'email', icon: 'mdi-email-outline' },
  { type: 'phone', icon: 'mdi-phone' },
  { type: 'url', icon: 'mdi-web' },
  { type: 'reference', icon: 'mdi-link-variant' },
  { type: 'file', icon: 'mdi-paperclip' },
  { type: 'json', icon: 'mdi-code-json' },
];

export const kindIcon = (type: FieldType) => FIELD_KINDS.find((k) => k.type === type)?.icon ?? 'mdi-help';

const SHARED = ['id', 'name', 'label', 'description', 'required', 'unique', 'indexed', 'readOnly'] as const;

/** A field of `type` carrying over what all types share from `from`. */
export function blankField(type: FieldType, from: Partial<Field>): Field {
  const base: Record<string, unknown> = { type };
  for (const k of SHARED) if (from[k] !== undefined) base[k] = from[k];
  base.label ??= { hu: '', en: '' };
  if (type === 'enum' || type === 'multiEnum') {
    const old = from.type === 'enum' || from.type === 'multiEnum' ? from.options : undefined;
    base.options = old ? structuredClone(old) : [{ value: '', label: { hu: '', en: '' } }];
  }
  if (type === 'reference') base.target = from.type === 'reference' ? from.target : '';
  return base as Field;
}

/** Types whose value can name a record (title field candidates). */
export const TITLE_TYPES = new Set<FieldType>(['text', 'email', 'phone', 'url', 'integer']);
