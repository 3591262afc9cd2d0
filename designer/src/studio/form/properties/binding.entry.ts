/**
 * The properties panel entry binding a component to a field of the entity: a select of the fields this component
 * type can edit (and no other component edits yet). Binding sets the component's `key` and its label; the label
 * on record pages always comes from the field, in the user's language.
 */
import { usePropertiesPanelService } from '@bpmn-io/form-js-editor';
import { h } from 'preact';
import { FOLYAM_CONTEXT, boundField, type FolyamFormContext } from '../../../forms/context.ts';
import type { SchemaComponent } from '../../../forms/registry.ts';
import { setComponentLabel, walkComponents } from '../../../forms/schema.ts';
import { localize } from '../../../i18n/localize.ts';
import { canBind } from '../compatibility.ts';

type EditField = (field: SchemaComponent, path: string[], value: unknown) => void;
type Props = { id: string; field: SchemaComponent; editField: EditField };

const TEXTS = {
  label: { hu: 'Entitásmező', en: 'Entity field' },
  none: { hu: '— nincs kötve —', en: '— not bound —' },
  notBound: {
    hu: 'Nincs mezőhöz kötve: így az űrlap nem menthető.',
    en: 'Not bound to a field: the form cannot be saved like this.',
  },
  fromEntity: {
    hu: 'A felirat az entitás mezőjéből jön, a felhasználó nyelvén.',
    en: 'The label comes from the entity’s field, in the user’s language.',
  },
};

export function BindingEntry({ id, field, editField }: Props) {
  const ctx = usePropertiesPanelService(FOLYAM_CONTEXT, true) as FolyamFormContext;
  const formEditor = usePropertiesPanelService('formEditor', true) as {
    _getState(): { schema: { components: SchemaComponent[] } };
  };
  const locale = ctx.locale();
  const tx = (k: keyof typeof TEXTS) => localize(TEXTS[k], locale);
  const entity = ctx.entity();
  const bound = boundField(ctx, field.key);

  const taken = new Set<string>();
  walkComponents(formEditor._getState().schema.components, (c) => {
    if (c.id !== field.id && typeof c.key === 'string') taken.add(c.key);
  });
  const choices = (entity?.fields ?? []).filter(
    (f) => canBind(field.type, f) && (!taken.has(f.name) || f.name === field.key),
  );

  function onChange(e: Event): void {
    const name = (e.currentTarget as HTMLSelectElement).value;
    const f = entity?.fields.find((x) => x.name === name);
    if (!f) return;
    editField(field, ['key'], f.name);
    const labelled = { ...field } as SchemaComponent;
    setComponentLabel(labelled, localize(f.label, locale), locale);
    for (const k of ['label', 'dateLabel', 'timeLabel'] as const) {
      if (labelled[k] !== field[k]) editField(field, [k], labelled[k]);
    }
  }

  const inputId = `bio-properties-panel-${id}`;
  return h('div', { class: 'bio-properties-panel-entry', 'data-entry-id': id }, [
    h('label', { for: inputId, class: 'bio-properties-panel-label' }, tx('label')),
    h(
      'select',
      { id: inputId, class: 'bio-properties-panel-input', name: id, value: bound ? bound.name : '', onChange },
      [
        h('option', { value: '', disabled: true }, tx('none')),
        ...choices.map((f) => h('option', { value: f.name }, `${localize(f.label, locale)} (${f.name})`)),
      ],
    ),
    h(
      'div',
      { class: bound ? 'bio-properties-panel-description' : 'bio-properties-panel-description folyam-binding-warning' },
      bound ? `${bound.label.hu} / ${bound.label.en} · ${tx('fromEntity')}` : tx('notBound'),
    ),
  ]);
}
