/**
 * Adds the "Folyam field" group to the properties panel of every component that holds a value: the entity field
 * it is bound to. The free-text key entry (and, for bound components, the label entry) make way for it.
 */
import { FOLYAM_CONTEXT, boundField, type FolyamFormContext } from '../../../forms/context.ts';
import type { SchemaComponent } from '../../../forms/registry.ts';
import { localize } from '../../../i18n/localize.ts';
import { BindingEntry } from './binding.entry.ts';

type Entry = { id: string; [k: string]: unknown };
type Group = { id: string; label: string; entries?: Entry[]; [k: string]: unknown };
type PropertiesPanel = { registerProvider(provider: unknown, priority?: number): void };
type FormFields = { get(type: string): { config?: { keyed?: boolean } } | undefined };

export class BindingPropertiesProvider {
  static $inject = ['propertiesPanel', FOLYAM_CONTEXT, 'formFields'];

  constructor(
    propertiesPanel: PropertiesPanel,
    private ctx: FolyamFormContext,
    private formFields: FormFields,
  ) {
    // after form-js's own provider (priority 1000), so its groups are there to adjust
    propertiesPanel.registerProvider(this, 500);
  }

  getGroups(field: SchemaComponent | undefined, editField: unknown) {
    return (groups: Group[]): Group[] => {
      if (!field || field.type === 'default' || !this.formFields.get(field.type)?.config?.keyed) return groups;
      const bound = boundField(this.ctx, field.key);
      for (const g of groups) {
        if (g.id === 'general' && g.entries) {
          g.entries = g.entries.filter((e) => e.id !== 'key' && !(bound && e.id === 'label'));
        }
      }
      const group: Group = {
        id: 'folyam',
        shouldOpen: true,
        label: localize({ hu: 'Folyam-mező', en: 'Folyam field' }, this.ctx.locale()),
        entries: [{ id: 'folyam-binding', component: BindingEntry, field, editField, isEdited: () => !!bound }],
      };
      return [group, ...groups];
    };
  }
}

export const bindingPropertiesModule = {
  __init__: ['folyamBindingProperties'],
  folyamBindingProperties: ['type', BindingPropertiesProvider],
};
