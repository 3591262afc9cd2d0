/**
 * A reference: search-as-you-type over the target entity (`GET /api/data/{target}?q=…&limit=20`), a listbox of
 * titles to pick from (arrow keys, Enter, Escape), the chosen record's title shown from `_titles`, a link to open it.
 */
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { boundField, useFolyam, type ReferenceOption } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { text } from '../texts.ts';
import { describedBy, FieldFrame, icon, MDI, paletteIcon } from './parts.ts';

function ReferenceField(p: FormFieldProps) {
  const ctx = useFolyam();
  const locale = ctx.locale();
  const bound = boundField(ctx, p.field.key);
  const target = bound?.type === 'reference' ? bound.target : typeof p.field.target === 'string' ? p.field.target : '';
  const id = typeof p.value === 'string' && p.value ? p.value : null;
  const editable = !p.readonly && !p.disabled;

  const [title, setTitle] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<ReferenceOption[]>([]);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);
  const known = useRef(new Map<string, string>());

  // the title of the current value: picked just now, named by the record's _titles, or read from the server
  useEffect(() => {
    if (!id) return void setTitle('');
    const record = ctx.record();
    const fromRecord = record && record[String(p.field.key)] === id ? record._titles?.[String(p.field.key)] : null;
    const t = known.current.get(id) ?? fromRecord;
    if (t) return void setTitle(t);
    let live = true;
    setTitle(id);
    if (target)
      ctx
        .referenceTitle(target, id)
        .then((s) => live && setTitle(s))
        .catch(() => undefined);
    return () => void (live = false);
  }, [id, target]);

  useEffect(() => {
    if (!open || !target || ctx.design) return;
    const controller = new AbortController();
    const q = (query ?? '').trim();
    const timer = setTimeout(
      () => {
        setLoading(true);
        ctx
          .searchReferences(target, q, controller.signal)
          .then((found) => {
            found.forEach((o) => known.current.set(o.value, o.title));
            setOptions(found);
            setActive(found.length ? 0 : -1);
          })
          .catch(() => !controller.signal.aborted && setOptions([]))
          .finally(() => !controller.signal.aborted && setLoading(false));
      },
      q ? 250 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, query, target]);

  function choose(o: ReferenceOption | null): void {
    if (o) known.current.set(o.value, o.title);
    setTitle(o?.title ?? '');
    setQuery(null);
    setOpen(false);
    if ((o?.value ?? null) !== id) p.onChange({ value: o?.value ?? null });
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (!editable) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return void setOpen(true);
      const n = options.length;
      if (n) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      if (open && active >= 0 && options[active]) choose(options[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setQuery(null);
    }
  }

  function onBlur(): void {
    // a cleared box clears the value; anything else typed but not picked is dropped
    if (query === '' && id) choose(null);
    setOpen(false);
    setQuery(null);
    p.onBlur?.();
  }

  const listId = `${p.domId}-listbox`;
  const showList = open && options.length > 0;
  const status = !open ? '' : loading ? text('searching', locale) : options.length ? '' : text('noResults', locale);

  return FieldFrame({
    ...p,
    kind: 'folyam-reference',
    children: h('div', { class: 'folyam-fjs-combo' }, [
      h('div', { class: 'fjs-input-group' }, [
        h('input', {
          id: p.domId,
          class: 'fjs-input',
          type: 'text',
          role: 'combobox',
          autocomplete: 'off',
          'aria-autocomplete': 'list',
          'aria-expanded': showList ? 'true' : 'false',
          'aria-controls': listId,
          'aria-activedescendant': showList && active >= 0 ? `${listId}-${active}` : undefined,
          'aria-describedby': describedBy(p.domId),
          'aria-invalid': p.errors?.length ? 'true' : undefined,
          'aria-required': p.field.validate?.required ? 'true' : undefined,
          placeholder: editable ? text('typeToSearch', locale) : undefined,
          value: query ?? title,
          readOnly: !editable,
          disabled: p.disabled,
          onInput: (e: Event) => {
            setQuery((e.currentTarget as HTMLInputElement).value);
            setOpen(true);
          },
          onClick: () => editable && setOpen(true),
          onFocus: () => p.onFocus?.(),
          onBlur,
          onKeyDown,
        }),
        id && editable
          ? h(
              'button',
              {
                type: 'button',
                class: 'folyam-fjs-icon-btn',
                'aria-label': text('clear', locale),
                title: text('clear', locale),
                onClick: () => choose(null),
              },
              icon(MDI.close),
            )
          : null,
        id && target && !ctx.design
          ? h(
              'a',
              {
                class: 'folyam-fjs-icon-btn',
                href: ctx.recordHref(target, id),
                'aria-label': `${text('openRecord', locale)}: ${title}`,
                title: text('openRecord', locale),
                onClick: (e: MouseEvent) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  ctx.openRecord(target, id);
                },
              },
              icon(MDI.open),
            )
          : null,
      ]),
      showList
        ? h(
            'ul',
            { id: listId, role: 'listbox', class: 'folyam-fjs-listbox', 'aria-label': p.field.label ?? '' },
            options.map((o, i) =>
              h(
                'li',
                {
                  id: `${listId}-${i}`,
                  role: 'option',
                  'aria-selected': i === active ? 'true' : 'false',
                  class: i === active ? 'folyam-fjs-option folyam-fjs-option--active' : 'folyam-fjs-option',
                  onMouseDown: (e: MouseEvent) => {
                    e.preventDefault();
                    choose(o);
                  },
                  onMouseEnter: () => setActive(i),
                },
                [
                  h('span', { class: 'folyam-fjs-option__title' }, o.title),
                  o.subtitle ? h('span', { class: 'folyam-fjs-option__subtitle' }, o.subtitle) : null,
                ],
              ),
            ),
          )
        : null,
      h('div', { class: 'folyam-fjs-status', role: 'status', 'aria-live': 'polite' }, status),
    ]),
  });
}

export default defineFormField({
  type: 'folyam-reference',
  binds: ['reference'],
  label: { hu: 'Hivatkozás', en: 'Reference' },
  icon: paletteIcon(MDI.link),
  render: ReferenceField,
  emptyValue: null,
  sanitizeValue: (v) => (typeof v === 'string' && v ? v : null),
  propertiesPanelEntries: ['label', 'description', 'readonly', 'disabled', 'required'],
});
