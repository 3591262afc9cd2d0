/** An enum: a native select of the entity field's options, labelled in the UI locale. */
import { h } from 'preact';
import { localize } from '../../i18n/localize.ts';
import { boundField, useFolyam } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { text } from '../texts.ts';
import { describedBy, FieldFrame, MDI, paletteIcon } from './parts.ts';

function EnumField(p: FormFieldProps) {
  const ctx = useFolyam();
  const locale = ctx.locale();
  const bound = boundField(ctx, p.field.key);
  const options = bound?.type === 'enum' || bound?.type === 'multiEnum' ? bound.options : [];
  const value = typeof p.value === 'string' ? p.value : '';
  const editable = !p.readonly && !p.disabled;
  const items = options.map((o) => ({ value: o.value, label: localize(o.label, locale) }));
  // a value whose option is gone still shows, so saving does not silently change it
  if (value && !items.some((o) => o.value === value)) items.push({ value, label: value });
  return FieldFrame({
    ...p,
    kind: 'folyam-enum',
    children: h(
      'select',
      {
        id: p.domId,
        class: 'fjs-select folyam-fjs-select',
        value,
        disabled: p.disabled || !editable,
        'aria-readonly': p.readonly ? 'true' : undefined,
        'aria-describedby': describedBy(p.domId),
        'aria-invalid': p.errors?.length ? 'true' : undefined,
        'aria-required': p.field.validate?.required ? 'true' : undefined,
        onChange: (e: Event) => p.onChange({ value: (e.currentTarget as HTMLSelectElement).value || null }),
        onFocus: () => p.onFocus?.(),
        onBlur: () => p.onBlur?.(),
      },
      [
        h('option', { value: '' }, value || !p.field.validate?.required ? '—' : text('choose', locale)),
        ...items.map((o) => h('option', { value: o.value }, o.label)),
      ],
    ),
  });
}

export default defineFormField({
  type: 'folyam-enum',
  binds: ['enum'],
  label: { hu: 'Választólista', en: 'Choice' },
  icon: paletteIcon(MDI.list),
  render: EnumField,
  emptyValue: null,
  sanitizeValue: (v) => (typeof v === 'string' && v ? v : null),
  propertiesPanelEntries: ['label', 'description', 'readonly', 'disabled', 'required'],
});
