/** A file: its name (the data API names it in `_titles`); uploading arrives with the file storage API. */
import { h } from 'preact';
import { useFolyam } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { text } from '../texts.ts';
import { describedBy, FieldFrame, icon, MDI, paletteIcon } from './parts.ts';

function FileField(p: FormFieldProps) {
  const ctx = useFolyam();
  const locale = ctx.locale();
  const key = String(p.field.key ?? '');
  const name = ctx.record()?._titles?.[key] ?? (p.value ? String(p.value) : '');
  return FieldFrame({
    ...p,
    kind: 'folyam-file',
    field: { ...p.field, description: p.field.description ?? text('fileNotSupported', locale) },
    children: h('div', { class: 'fjs-input-group folyam-fjs-file' }, [
      h('span', { class: 'fjs-input-adornment border-right border-radius-left' }, icon(MDI.paperclip)),
      h('input', {
        id: p.domId,
        class: 'fjs-input',
        type: 'text',
        readOnly: true,
        value: name,
        placeholder: text('noFile', locale),
        'aria-describedby': describedBy(p.domId),
        'aria-invalid': p.errors?.length ? 'true' : undefined,
      }),
    ]),
  });
}

export default defineFormField({
  type: 'folyam-file',
  binds: ['file'],
  label: { hu: 'Fájl', en: 'File' },
  icon: paletteIcon(MDI.paperclip),
  render: FileField,
  emptyValue: null,
  propertiesPanelEntries: ['label', 'description'],
});
