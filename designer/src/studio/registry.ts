/**
 * Designers register declaratively: each folder's `designer.ts` calls `defineDesigner` with its id (its path under
 * `/studio/`), label, icon and a lazily loaded page component, which receives the `name` route parameter (the
 * object being designed). Adding a designer is adding a folder; the router and the Studio frame list it.
 */
import type { LocalizedText } from '@folyam/metamodel';
import type { Component } from 'vue';

export type DesignerDefinition = {
  id: string;
  label: LocalizedText;
  description?: LocalizedText;
  /** An MDI icon name (`mdi-…`). */
  icon: string;
  /** The page: `() => import('./EntityDesignerPage.vue')`; it gets `name?: string`. */
  component: () => Promise<{ default: Component }>;
  /** Position in the Studio's tabs (ascending). */
  order?: number;
};

const designers = new Map<string, DesignerDefinition>();

/** `defineDesigner({ id: 'entities', label: { hu: 'Entitások', en: 'Entities' }, icon: 'mdi-database', component })` */
export function defineDesigner(def: DesignerDefinition): DesignerDefinition {
  designers.set(def.id, def);
  return def;
}

export function allDesigners(): DesignerDefinition[] {
  return [...designers.values()].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

export function designerById(id: string): DesignerDefinition | undefined {
  return designers.get(id);
}
