/**
 * A Hungarian tax number (adószám): dashes put in as it is typed (`12345676-2-41`), the check digit, VAT code and
 * tax-office code checked, with the reason shown on the field.
 */
import { isValidHuTaxNumber } from '@folyam/metamodel/formats';
import { h } from 'preact';
import { useFolyam } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { describedBy, FieldFrame, MDI, paletteIcon } from './parts.ts';
import { formatTaxNumberAsYouType } from './tax-number.format.ts';

function TaxNumberField(p: FormFieldProps) {
  useFolyam();
  const value = typeof p.value === 'string' ? p.value : '';
  const editable = !p.readonly && !p.disabled;
  return FieldFrame({
    ...p,
    kind: 'folyam-tax-number',
    children: h('div', { class: 'fjs-input-group' }, [
      h('input', {
        id: p.domId,
        class: 'fjs-input',
        type: 'text',
        inputMode: 'numeric',
        autocomplete: 'off',
        placeholder: '12345676-2-41',
        maxLength: 13,
        value,
        readOnly: !editable,
        disabled: p.disabled,
        'aria-describedby': describedBy(p.domId),
        'aria-invalid': p.errors?.length ? 'true' : undefined,
        'aria-required': p.field.validate?.required ? 'true' : undefined,
        onInput: (e: Event) => {
          const el = e.currentTarget as HTMLInputElement;
          const deleting = (e as InputEvent).inputType?.startsWith('delete');
          const formatted = deleting ? el.value.replace(/[^\d-]/g, '') : formatTaxNumberAsYouType(el.value);
          if (formatted !== el.value) el.value = formatted;
          p.onChange({ value: formatted });
        },
        onFocus: () => p.onFocus?.(),
        onBlur: () => p.onBlur?.(),
      }),
    ]),
  });
}

export default defineFormField({
  type: 'folyam-tax-number',
  binds: ['text'],
  label: { hu: 'Adószám', en: 'Tax number' },
  icon: paletteIcon(MDI.card),
  render: TaxNumberField,
  emptyValue: '',
  sanitizeValue: (v) => (typeof v === 'string' ? v : ''),
  validate: (v) =>
    typeof v === 'string' && v.trim() && !isValidHuTaxNumber(v)
      ? [
          {
            hu: 'Érvénytelen adószám (formátum: 12345676-2-41, ellenőrző számjegy, áfakód 1–5).',
            en: 'Not a valid Hungarian tax number (format 12345676-2-41, check digit, VAT code 1–5).',
          },
        ]
      : [],
  propertiesPanelEntries: ['label', 'description', 'readonly', 'disabled', 'required'],
});
