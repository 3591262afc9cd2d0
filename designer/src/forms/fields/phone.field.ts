/** A phone number, put into `+36 30 123 4567` form as it is typed, checked like the server checks it. */
import { isValidPhone } from '@folyam/metamodel/formats';
import { h } from 'preact';
import { useFolyam } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { describedBy, FieldFrame, MDI, paletteIcon } from './parts.ts';
import { caretAfterFormat, formatPhoneAsYouType } from './phone.format.ts';

function PhoneField(p: FormFieldProps) {
  useFolyam();
  const value = typeof p.value === 'string' ? p.value : '';
  const editable = !p.readonly && !p.disabled;
  return FieldFrame({
    ...p,
    kind: 'folyam-phone',
    children: h('div', { class: 'fjs-input-group' }, [
      h('input', {
        id: p.domId,
        class: 'fjs-input',
        type: 'tel',
        autocomplete: 'tel',
        inputMode: 'tel',
        placeholder: '+36 30 123 4567',
        value,
        readOnly: !editable,
        disabled: p.disabled,
        'aria-describedby': describedBy(p.domId),
        'aria-invalid': p.errors?.length ? 'true' : undefined,
        'aria-required': p.field.validate?.required ? 'true' : undefined,
        onInput: (e: Event) => {
          const el = e.currentTarget as HTMLInputElement;
          const raw = el.value;
          const caret = el.selectionStart ?? raw.length;
          // deleting a separator should not put it straight back: only reformat when digits changed
          const formatted =
            (e as InputEvent).inputType?.startsWith('delete') && raw.replace(/\D/g, '') === value.replace(/\D/g, '')
              ? raw
              : formatPhoneAsYouType(raw);
          el.value = formatted;
          const at = caretAfterFormat(raw, caret, formatted);
          el.setSelectionRange(at, at);
          p.onChange({ value: formatted });
        },
        onFocus: () => p.onFocus?.(),
        onBlur: () => p.onBlur?.(),
      }),
    ]),
  });
}

export default defineFormField({
  type: 'folyam-phone',
  binds: ['phone'],
  label: { hu: 'Telefonszám', en: 'Phone' },
  icon: paletteIcon(MDI.phone),
  render: PhoneField,
  emptyValue: '',
  sanitizeValue: (v) => (typeof v === 'string' ? v : ''),
  validate: (v) =>
    typeof v === 'string' && v.trim() && !isValidPhone(v.trim())
      ? [{ hu: 'Érvénytelen telefonszám.', en: 'Not a valid phone number.' }]
      : [],
  propertiesPanelEntries: ['label', 'description', 'readonly', 'disabled', 'required'],
});
