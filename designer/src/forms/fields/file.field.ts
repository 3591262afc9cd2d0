/**
 * A file: its name (the data API names it in `_titles`, else the stored file's info), an upload button that sends
 * the chosen file to `POST /api/files` and keeps the returned id, and a link that downloads it.
 */
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useFolyam } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { text } from '../texts.ts';
import { describedBy, FieldFrame, icon, MDI, paletteIcon } from './parts.ts';

async function upload(file: File): Promise<{ id: string; name: string }> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await fetch('/api/files', {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'folyam' },
  });
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as { id: string; name: string };
}

function FileField(p: FormFieldProps) {
  const ctx = useFolyam();
  const locale = ctx.locale();
  const key = String(p.field.key ?? '');
  const id = typeof p.value === 'string' ? p.value : '';
  const [name, setName] = useState<string>('');
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  useEffect(() => {
    const known = ctx.record()?._titles?.[key];
    if (!id) return setName('');
    if (known) return setName(String(known));
    let live = true;
    fetch(`/api/files/${encodeURIComponent(id)}/info`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((info: { name?: string } | null) => live && setName(info?.name ?? id))
      .catch(() => live && setName(id));
    return () => {
      live = false;
    };
  }, [id]);
  const onPick = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setState('busy');
    try {
      const stored = await upload(file);
      setName(stored.name);
      setState('idle');
      p.onChange({ value: stored.id });
    } catch {
      setState('failed');
    } finally {
      input.value = '';
    }
  };
  const inputId = `${p.domId}-upload`;
  const locked = p.disabled || p.readonly;
  return FieldFrame({
    ...p,
    kind: 'folyam-file',
    field: { ...p.field, description: state === 'failed' ? text('uploadFailed', locale) : p.field.description },
    children: h('div', { class: 'fjs-input-group folyam-fjs-file' }, [
      h('span', { class: 'fjs-input-adornment border-right border-radius-left' }, icon(MDI.paperclip)),
      id
        ? h(
            'a',
            {
              id: p.domId,
              class: 'fjs-input',
              href: `/api/files/${encodeURIComponent(id)}`,
              'aria-describedby': describedBy(p.domId),
            },
            name || id,
          )
        : h('input', {
            id: p.domId,
            class: 'fjs-input',
            type: 'text',
            readOnly: true,
            value: '',
            placeholder: text('noFile', locale),
            'aria-describedby': describedBy(p.domId),
            'aria-invalid': p.errors?.length ? 'true' : undefined,
          }),
      locked
        ? null
        : h('label', { class: 'fjs-input-adornment border-left border-radius-right folyam-fjs-upload', for: inputId }, [
            state === 'busy' ? text('uploading', locale) : text('upload', locale),
            h('input', {
              id: inputId,
              type: 'file',
              class: 'folyam-sr-only',
              onChange: onPick,
              'aria-label': text('upload', locale),
            }),
          ]),
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
