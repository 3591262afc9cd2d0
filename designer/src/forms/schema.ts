/**
 * What the app does to a form-js schema around the viewer: labels from the entity's fields in the UI locale,
 * the field's own rules (required, read-only, lengths, options) laid over the designed component, rows for
 * generated forms, and values converted between the data API and form-js.
 */
import type { Entity, Field } from '@folyam/metamodel';
import { localize } from '../i18n/localize.ts';
import type { SchemaComponent } from './registry.ts';

export type FormSchema = { type?: string; components: SchemaComponent[]; [k: string]: unknown };

/** Component types that hold no value, even when they carry a `key`. */
export const LAYOUT_ONLY = new Set([
  'text',
  'spacer',
  'separator',
  'group',
  'dynamiclist',
  'html',
  'image',
  'button',
  'iframe',
  'table',
]);

const OPTION_TYPES = new Set(['select', 'radio', 'checklist', 'taglist']);

export function walkComponents(components: SchemaComponent[], visit: (c: SchemaComponent) => void): void {
  for (const c of components) {
    visit(c);
    if (Array.isArray(c.components)) walkComponents(c.components as SchemaComponent[], visit);
  }
}

/** The entity field a component edits, if it is bound to one. */
export function fieldOfComponent(c: SchemaComponent, entity: Entity): Field | undefined {
  if (!c.key || LAYOUT_ONLY.has(c.type)) return undefined;
  return entity.fields.find((f) => f.name === c.key);
}

/**
 * Generated forms give components a column width but no row, which form-js would lay out one per row: consecutive
 * components without a row share one while their widths fit in the 16-column grid.
 */
export function packRows(components: SchemaComponent[], seq = { n: 0 }): void {
  let row: string | null = null;
  let used = 0;
  for (const c of components) {
    const layout = (c.layout ?? {}) as { row?: string; columns?: number };
    if (Array.isArray(c.components)) packRows(c.components as SchemaComponent[], seq);
    if (layout.row) {
      row = null;
      continue;
    }
    const cols = layout.columns ?? 16;
    if (!row || used + cols > 16) {
      row = `Row_auto_${++seq.n}`;
      used = 0;
    }
    c.layout = { ...layout, row };
    used += cols;
  }
}

function setValidate(c: SchemaComponent, key: string, value: unknown): void {
  if (value === undefined || c.validate?.[key] !== undefined) return;
  c.validate = { ...c.validate, [key]: value };
}

/**
 * Puts a field's label on its component. Date-time components show `dateLabel` (and `timeLabel`), not `label`.
 */
export function setComponentLabel(c: SchemaComponent, label: string, locale: string): void {
  c.label = label;
  if (c.type !== 'datetime') return;
  const subtype = c.subtype ?? 'date';
  if (subtype === 'date' || subtype === 'datetime') c.dateLabel = label;
  if (subtype === 'time') c.timeLabel = label;
  if (subtype === 'datetime') c.timeLabel = `${label} (${locale === 'hu' ? 'idő' : 'time'})`;
}

/** The schema the viewer renders for `entity` in `locale`. The input is not changed. */
export function prepareViewerSchema(schema: FormSchema, entity: Entity, locale: string): FormSchema {
  const copy = structuredClone(schema) as FormSchema;
  walkComponents(copy.components, (c) => {
    const f = fieldOfComponent(c, entity);
    if (!f) return;
    if ((f.type === 'date' || f.type === 'datetime') && c.type === 'datetime' && !c.subtype) c.subtype = f.type;
    setComponentLabel(c, localize(f.label, locale), locale);
    if (f.description) c.description = localize(f.description, locale);
    if (f.readOnly || f.computed) c.readonly = true;
    if (f.required) setValidate(c, 'required', true);
    switch (f.type) {
      case 'text':
      case 'longText':
        if (c.type === 'textfield' || c.type === 'textarea') setValidate(c, 'maxLength', f.maxLength);
        break;
      case 'integer':
      case 'decimal':
      case 'percent':
        if (c.type !== 'number') break;
        setValidate(c, 'min', f.min);
        setValidate(c, 'max', f.max);
        if (c.decimalDigits === undefined) {
          if (f.type === 'integer') c.decimalDigits = 0;
          else if (f.type === 'decimal' && f.scale !== undefined) c.decimalDigits = f.scale;
        }
        if (f.type === 'percent') c.appearance = { suffixAdorner: '%', ...(c.appearance as object) };
        break;
      case 'enum':
      case 'multiEnum':
        if (OPTION_TYPES.has(c.type) && !c.valuesKey && !c.valuesExpression) {
          c.values = f.options.map((o) => ({ value: o.value, label: localize(o.label, locale) }));
        }
        break;
    }
  });
  packRows(copy.components);
  return copy;
}

/** Component ids by the field name they are bound to. */
export function componentIdsByKey(schema: FormSchema, entity: Entity): Map<string, string> {
  const out = new Map<string, string>();
  walkComponents(schema.components, (c) => {
    const f = fieldOfComponent(c, entity);
    if (f && c.id && !out.has(f.name)) out.set(f.name, c.id);
  });
  return out;
}

/** Fields of the entity that no component of the form edits. */
export function fieldsNotOnForm(schema: FormSchema, entity: Entity): Field[] {
  const bound = new Set<string>();
  walkComponents(schema.components, (c) => {
    const f = fieldOfComponent(c, entity);
    if (f) bound.add(f.name);
  });
  return entity.fields.filter((f) => !bound.has(f.name));
}

/** A record's values as form-js data: JSON fields edit as text. */
export function toFormData(values: Record<string, unknown>, entity: Entity): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of entity.fields) {
    const v = values[f.name];
    if (v === undefined) continue;
    out[f.name] = f.type === 'json' && v !== null ? JSON.stringify(v, null, 2) : v;
  }
  return out;
}

/** A value form-js produced, in the data API's form (empty text is null, JSON parsed, numbers numeric). */
export function fromFormValue(field: Field, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'percent': {
      if (typeof value === 'number') return value;
      const n = Number(value);
      return typeof value === 'string' && value.trim() && !Number.isNaN(n) ? n : value;
    }
    case 'json':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    case 'multiEnum':
      return Array.isArray(value) ? value : [];
    default:
      return value ?? null;
  }
}
