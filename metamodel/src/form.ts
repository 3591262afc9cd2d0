/**
 * Forms: a form-js schema bound to an entity. Every entity has a default form generated from its fields
 * (`defaultFormSchema`); administrators edit it in the form designer and the record page renders it with the
 * form-js viewer. Folyam's own field types (`folyam-reference`, `folyam-money`, …) are registered in the viewer.
 */
import { z } from 'zod';
import type { Entity } from './entity.ts';
import type { Field } from './field.ts';
import { LocalizedText } from './i18n.ts';
import { issue, type Issue } from './issues.ts';
import { Identifier, StableId } from './names.ts';

export type FormComponent = {
  type: string;
  key?: string;
  id?: string;
  label?: string;
  components?: FormComponent[];
  [k: string]: unknown;
};

export const FormComponent: z.ZodType<FormComponent> = z.lazy(() =>
  z
    .object({
      type: z.string().min(1).max(64),
      key: z.string().max(200).optional(),
      id: z.string().max(200).optional(),
      label: z.string().max(500).optional(),
      components: z.array(FormComponent).max(500).optional(),
    })
    .passthrough(),
);

export const FormSchema = z
  .object({
    type: z.literal('default').optional(),
    components: z.array(FormComponent).max(500),
  })
  .passthrough();
export type FormSchema = z.infer<typeof FormSchema>;

export const Form = z.object({
  id: StableId,
  name: Identifier,
  entity: Identifier,
  label: LocalizedText.optional(),
  schema: FormSchema,
});
export type Form = z.infer<typeof Form>;

/** Folyam's form-js component type for a field. */
export function formComponentType(field: Field): string {
  switch (field.type) {
    case 'text':
      return field.format === 'huTaxNumber' ? 'folyam-tax-number' : 'textfield';
    case 'longText':
    case 'json':
      return 'textarea';
    case 'integer':
    case 'decimal':
    case 'percent':
      return 'number';
    case 'money':
      return 'folyam-money';
    case 'boolean':
      return 'checkbox';
    case 'date':
    case 'datetime':
      return 'datetime';
    case 'enum':
      return 'folyam-enum';
    case 'multiEnum':
      return 'taglist';
    case 'email':
    case 'url':
      return 'textfield';
    case 'phone':
      return 'folyam-phone';
    case 'reference':
      return 'folyam-reference';
    case 'file':
      return 'folyam-file';
  }
}

/** The generated form of an entity: every field in order, two half-width fields per row, long texts alone. */
export function defaultFormSchema(entity: Entity): FormSchema {
  let row = 0;
  let used = 0;
  return {
    type: 'default',
    components: entity.fields.map((f) => {
      const wide = f.type === 'longText' || f.type === 'json';
      const columns = wide ? 16 : 8;
      if (used + columns > 16) {
        row++;
        used = 0;
      }
      used += columns;
      const c: FormComponent = {
        type: formComponentType(f),
        key: f.name,
        id: `field_${f.id}`,
        label: f.label.hu,
        layout: { row: `row_${row}`, columns },
      };
      if (f.required) c.validate = { required: true };
      if (f.computed || f.readOnly) c.readonly = true;
      // form-js shows date and time parts under labels of their own.
      if (f.type === 'date') Object.assign(c, { subtype: 'date', dateLabel: f.label.hu });
      if (f.type === 'datetime')
        Object.assign(c, { subtype: 'datetime', dateLabel: f.label.hu, timeLabel: f.label.hu });
      if (f.type === 'multiEnum') c.values = f.options.map((o) => ({ value: o.value, label: o.label.hu }));
      return c;
    }),
  };
}

function walk(components: FormComponent[], path: string, visit: (c: FormComponent, path: string) => void): void {
  components.forEach((c, i) => {
    const p = `${path}[${i}]`;
    visit(c, p);
    if (c.components) walk(c.components, `${p}.components`, visit);
  });
}

/** Checks that every bound component names a field of the form's entity, once. */
export function checkFormAgainstEntity(form: Form, entity: Entity | undefined): Issue[] {
  if (!entity) return [issue('entity', 'unknownEntity', { value: form.entity })];
  const out: Issue[] = [];
  const seen = new Set<string>();
  const layoutOnly = new Set([
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
  walk(form.schema.components, 'schema.components', (c, p) => {
    if (!c.key || layoutOnly.has(c.type)) return;
    if (!entity.fields.some((f) => f.name === c.key)) out.push(issue(`${p}.key`, 'unknownField', { value: c.key }));
    else if (seen.has(c.key)) out.push(issue(`${p}.key`, 'duplicate', { value: c.key }));
    seen.add(c.key);
  });
  return out;
}
